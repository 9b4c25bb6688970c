"""Where the chronology's events from casework link to, and the banner on a child's record.
Registered when the app is ready (apps.py)."""

from django.template.loader import render_to_string
from django.urls import reverse

from continuum.core.chronology import register_source_link


def _episode_of_stage_change(pk: int) -> str:
    from continuum.socialwork.models import StageChange

    episode_id = StageChange.objects.filter(pk=pk).values_list("episode_id", flat=True).first()
    return reverse("casework:episode", args=[episode_id]) if episode_id else ""


def register() -> None:
    register_source_link(
        "socialwork.Episode",
        lambda pk: reverse("casework:episode", args=[pk]),
        "Open the episode",
    )
    register_source_link("socialwork.StageChange", _episode_of_stage_change, "Open the episode")
    register_source_link(
        "socialwork.CaseNote",
        lambda pk: reverse("casework:case-note", args=[pk]),
        "Open the case note",
    )
    register_source_link(
        "socialwork.Transfer",
        lambda pk: reverse("casework:transfer-detail", args=[pk]),
        "Open the transfer and handover note",
    )
    register_source_link(
        "earlyhelp.EarlyHelpRequest",
        lambda pk: reverse("casework:early-help-request", args=[pk]),
        "Open the early help request",
    )
    from continuum.people.panels import register_record_banner

    register_record_banner(record_banner)


def record_banner(person, user) -> str:  # noqa: ANN001 - a Person and a User
    """The banner at the top of a child's record: level, plan, worker and what is due next."""
    from continuum.socialwork import due

    banner = due.banner_for(person, user)
    return render_to_string("socialwork/casework/_banner.html", {"banner": banner})
