"""`{% early_help_summary person %}`: on a child's record, that the family has early help and
who leads it, which anyone who may open the record may know. What the assessment and plan say
is on the early help pages, behind the access policy's `Purpose.EARLY_HELP`."""

from django import template

from continuum.earlyhelp.models import EarlyHelpEpisode, EpisodeOutcome

register = template.Library()


@register.inclusion_tag("earlyhelp/_summary.html")
def early_help_summary(person) -> dict:  # noqa: ANN001
    """The open early help, or else the latest that was not declined."""
    episodes = (
        EarlyHelpEpisode.objects.filter(person=person)
        .exclude(outcome=EpisodeOutcome.FAMILY_DECLINED)
        .select_related("lead_agency", "lead_practitioner")
        .order_by("-opened_on", "-pk")
    )
    episode = next((e for e in episodes if e.is_open), None) or episodes.first()
    return {"episode": episode}
