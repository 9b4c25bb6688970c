"""Two sets of pages from the same views: `public_patterns` for families at /services/ (no
sign-in: `login_not_required`) and `practitioner_patterns` at /directory/ inside the app.

    path("services/", include((public_patterns, "services")))
    path("directory/", include((practitioner_patterns, "directory")))
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from continuum.directory import views


def _open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public copy of a view. `login_not_required` marks the function it is given, so it
    is given a wrapper: marking the view itself would open the practitioner pages too."""

    @functools.wraps(view)
    def public_view(*args: Any, **kwargs: Any) -> HttpResponse:
        return view(*args, **kwargs)

    return login_not_required(public_view)


public_patterns = [
    path("", _open(views.search), {"public": True}, name="search"),
    path("<uuid:pk>/", _open(views.service_detail), {"public": True}, name="service"),
    path("places/<uuid:pk>/", _open(views.location_detail), {"public": True}, name="location"),
    path("suggest", _open(views.suggest), {"public": True}, name="suggest"),
    path("suggest/thanks", _open(views.suggest_thanks), {"public": True}, name="suggest-thanks"),
]

practitioner_patterns = [
    path("", views.search, {"public": False}, name="search"),
    path("<uuid:pk>/", views.service_detail, {"public": False}, name="service"),
    path("places/<uuid:pk>/", views.location_detail, {"public": False}, name="location"),
    path("suggest", views.suggest, {"public": False}, name="suggest"),
    path("suggest/thanks", views.suggest_thanks, {"public": False}, name="suggest-thanks"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/", views.review_suggestion, name="review-suggestion"),
    path("signpost/<int:contact_pk>/", views.signpost, name="signpost"),
]
