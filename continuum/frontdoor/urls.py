from django.urls import path

from continuum.frontdoor import views

app_name = "frontdoor"
urlpatterns = [
    path("", views.hub_queue, name="queue"),
    path("contacts/new", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/", views.screen, name="screen"),
    path("contacts/<int:pk>/start", views.start_screening, name="start-screening"),
    path("contacts/<int:pk>/take-over", views.take_over, name="take-over"),
    path(
        "contacts/<int:pk>/people/<int:named_pk>/match", views.confirm_match, name="confirm-match"
    ),
    path(
        "contacts/<int:pk>/people/<int:named_pk>/create", views.create_person, name="create-person"
    ),
    path("contacts/<int:pk>/family-links", views.confirm_family_links, name="family-links"),
    path("contacts/<int:pk>/checks", views.request_check, name="request-check"),
    path("contacts/<int:pk>/checks/<int:check_pk>", views.record_check, name="record-check"),
    path("contacts/<int:pk>/urgency", views.change_rag, name="change-rag"),
    path("contacts/<int:pk>/decision", views.decide, name="decide"),
    path("advice-line", views.advice_line, name="advice-line"),
    path("requests/", views.my_requests, name="my-requests"),
    path("requests/new", views.request_new, name="request-new"),
    path("requests/new/autosave", views.request_new_autosave, name="request-new-autosave"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit", views.request_edit, name="request-edit"),
    path("requests/<int:pk>/autosave", views.request_autosave, name="request-autosave"),
    path("requests/<int:pk>/discard", views.request_discard, name="request-discard"),
]
