"""Administrators' pages for the organisation: partner agencies' API tokens."""

from django.urls import path

from continuum.organisation import views

app_name = "organisation"
urlpatterns = [
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke", views.revoke_api_token, name="revoke-api-token"),
]
