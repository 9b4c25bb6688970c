from django.urls import path

from continuum.governance import views

app_name = "governance"
urlpatterns = [
    path("reasons", views.reasons, name="reasons"),
    path("reasons/<int:pk>/reviewed", views.mark_reviewed, name="mark-reviewed"),
    path("restricted", views.restricted_records, name="restricted"),
]
