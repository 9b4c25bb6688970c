"""Child protection's pages (issue 11), under /protection/."""

from django.urls import path

from continuum.socialwork import views_protection as views

app_name = "protection"
urlpatterns = [
    path("child/<int:pk>/", views.child, name="child"),
    path("chair/", views.chair_list, name="chair"),
    path("strategy-discussion/<int:pk>/", views.strategy_discussion, name="strategy"),
    path("section-47/<int:pk>/", views.section_47, name="section47"),
    path("episode/<int:pk>/book-conference/", views.book_conference, name="book"),
    path("conference/<int:pk>/", views.conference, name="conference"),
    path("conference/<int:pk>/invite/", views.add_attendee, name="attendee"),
    path("plan/<int:pk>/", views.plan, name="plan"),
    path("plan/<int:pk>/outcome/", views.plan_outcome, name="plan-outcome"),
    path("plan/<int:pk>/action/", views.plan_action, name="plan-action"),
    path("plan/<int:pk>/core-group/", views.core_group, name="core-group"),
    path("plan/<int:pk>/chair-review/", views.chair_review, name="chair-review"),
    path("plan/<int:pk>/issue/", views.raise_issue, name="issue"),
    path("issue/<int:pk>/response/", views.issue_response, name="issue-response"),
]
