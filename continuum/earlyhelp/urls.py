from django.urls import path

from continuum.earlyhelp import views

app_name = "earlyhelp"
urlpatterns = [
    path("", views.my_families, name="mine"),
    path("hub/", views.hub, name="hub"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/", views.episode_detail, name="episode"),
    path("<int:pk>/assessment/", views.assessment, name="assessment"),
    path("<int:pk>/assessment/autosave/", views.assessment_autosave, name="assessment-autosave"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/step-up/", views.step_up, name="step-up"),
    path("<int:pk>/close/", views.close, name="close"),
    path("child/<int:pk>/reason/", views.give_reason, name="reason"),
    path("child/<int:pk>/family-together-meeting/", views.refer_meeting, name="ftm-refer"),
    path("child/<int:pk>/rapid-response/", views.rapid_response, name="rapid-response"),
    path("family-together-meetings/", views.families_together, name="families-together"),
    path("family-together-meetings/<int:pk>/", views.meeting, name="ftm"),
]
