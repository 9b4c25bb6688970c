"""Casework pages (casework-a): allocation, the episode and its moves, transfers, case notes,
step-down to early help, and "My work"."""

from django.urls import path

from continuum.socialwork import views_casework as views

app_name = "casework"
urlpatterns = [
    path("my-work", views.my_work, name="my-work"),
    path("teams/<slug:slug>/unallocated", views.unallocated, name="unallocated"),
    path("episodes/<int:pk>/", views.episode_page, name="episode"),
    path("episodes/<int:pk>/allocate", views.allocate, name="allocate"),
    path("episodes/<int:pk>/move/<str:to_stage>", views.move, name="move"),
    path("episodes/<int:pk>/transfer", views.transfer, name="transfer"),
    path("episodes/<int:pk>/step-down", views.step_down, name="step-down"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer-detail"),
    path("early-help-requests/<int:pk>/", views.early_help_request, name="early-help-request"),
    path("people/<int:person_pk>/case-notes/new", views.case_note_new, name="case-note-new"),
    path("case-notes/<int:pk>/", views.case_note, name="case-note"),
    path("case-notes/<int:pk>/autosave", views.case_note_autosave, name="case-note-autosave"),
]
