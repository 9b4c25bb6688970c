from django.urls import path

from continuum.socialwork import views

app_name = "socialwork"
urlpatterns = [path("<slug:slug>/", views.team_queue, name="team-queue")]

# -- casework-b: the Child and Family Assessment and the Child in Need plan ----------------------
from continuum.socialwork import views_assessment_plan as cw  # noqa: E402

urlpatterns += [
    path("assessments/<int:pk>/", cw.assessment_page, name="assessment"),
    path("assessments/<int:pk>/edit", cw.assessment_edit, name="assessment-edit"),
    path("assessments/<int:pk>/autosave", cw.assessment_autosave, name="assessment-autosave"),
    path("assessments/<int:pk>/decision", cw.assessment_decision, name="assessment-decision"),
    path("episodes/<int:pk>/child-in-need-plan", cw.plan_start, name="cin-plan-start"),
    path("child-in-need-plans/<int:pk>/", cw.plan_page, name="cin-plan"),
    path("child-in-need-plans/<int:pk>/actions", cw.plan_action_add, name="cin-plan-action-add"),
    path(
        "child-in-need-plans/<int:pk>/actions/<int:action_pk>",
        cw.plan_action_status,
        name="cin-plan-action",
    ),
    path(
        "child-in-need-plans/<int:pk>/outcomes/<int:outcome_pk>",
        cw.plan_outcome_met,
        name="cin-plan-outcome",
    ),
    path("child-in-need-plans/<int:pk>/reviews/new", cw.plan_review_new, name="cin-plan-review"),
    path("child-in-need-plans/<int:pk>/end", cw.plan_end, name="cin-plan-end"),
    path("child-in-need-reviews/<int:pk>", cw.plan_review_page, name="cin-review"),
]
