"""What every page needs: the service's name and the navigation for the signed-in user."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from continuum.organisation.config import read_config
from continuum.organisation.models import Role


@lru_cache(maxsize=1)
def authority_name() -> str:
    return read_config(settings.CONTINUUM_AUTHORITY_CONFIG)["authority"]["name"]


def service(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    items: list[dict[str, object]] = []
    if user is not None and user.is_authenticated:
        items.append({"text": "Home", "href": reverse("home")})
        if user.role == Role.PARTNER:
            items.append({"text": "Requests for Support", "href": reverse("frontdoor:my-requests")})
            items.append({"text": "Early help", "href": reverse("earlyhelp:mine")})
        else:
            items.append({"text": "Find a person", "href": reverse("people:search")})
            items.append({"text": "My work", "href": reverse("casework:my-work")})
        if user.role == Role.HUB_WORKER or (
            user.role == Role.TEAM_MANAGER
            and user.team
            and user.team.slug == "request-for-support-hub"
        ):
            items.append({"text": "Hub queue", "href": reverse("frontdoor:queue")})
            items.append({"text": "Advice Line", "href": reverse("frontdoor:advice-line")})
        if user.team_id and user.role in (Role.PRACTITIONER, Role.TEAM_MANAGER):
            items.append(
                {
                    "text": "Team work",
                    "href": reverse("socialwork:team-queue", args=[user.team.slug]),
                }
            )
        if user.role != Role.PARTNER and user.team and user.team.slug == "early-help-hub":
            items.append({"text": "Early Help Hub", "href": reverse("earlyhelp:hub")})
        if user.role != Role.PARTNER and user.team and user.team.slug == "families-together":
            items.append(
                {"text": "Families Together", "href": reverse("earlyhelp:families-together")}
            )
        if user.role == Role.TEAM_MANAGER:
            items.append({"text": "Reasons given", "href": reverse("governance:reasons")})
        if user.role == Role.ADMINISTRATOR or user.is_superuser:
            items.append({"text": "Restricted records", "href": reverse("governance:restricted")})
        if user.role in (Role.DATA_OFFICER, Role.TEAM_MANAGER, Role.ADMINISTRATOR):
            items.append({"text": "Performance", "href": reverse("returns:performance")})
        items.append({"text": "Services directory", "href": reverse("directory:search")})
        if user.role == Role.ADMINISTRATOR:
            items.append({"text": "API tokens", "href": reverse("organisation:api-tokens")})

    def matches(href: str) -> bool:
        # "Find a person" is the search page only; a person's record is not the search.
        return request.path == href or (
            href not in ("/", "/people/") and request.path.startswith(href)
        )

    # One item is current: the most specific that matches, so the Advice Line
    # (/hub/advice-line) is not also the Hub queue (/hub/).
    current = max((str(i["href"]) for i in items if matches(str(i["href"]))), key=len, default="")
    for item in items:
        item["current"] = str(item["href"]) == current
    return {
        "service_name": "Continuum",
        "authority_name": authority_name(),
        "navigation": items,
    }
