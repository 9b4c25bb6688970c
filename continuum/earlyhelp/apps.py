from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "continuum.earlyhelp"
    verbose_name = "Early help"

    def ready(self) -> None:
        from continuum.earlyhelp.actions import standing
        from continuum.governance.access import register_early_help_check

        register_early_help_check(standing)
        register_chronology_links()


def register_chronology_links() -> None:
    """Each early help event in a child's chronology links to its record (which the access
    policy then guards: only those the early help is shared with open it)."""
    from django.urls import reverse

    from continuum.core.chronology import register_source_link
    from continuum.earlyhelp.models import EarlyHelpAssessment, PlanReview

    def episode_of(model):  # noqa: ANN001, ANN202 - a model with an `episode`
        def url(pk: int) -> str:
            episode_id = model.objects.filter(pk=pk).values_list("episode_id", flat=True).first()
            return reverse("earlyhelp:episode", args=[episode_id]) if episode_id else ""

        return url

    register_source_link(
        "earlyhelp.EarlyHelpEpisode",
        lambda pk: reverse("earlyhelp:episode", args=[pk]),
        "Open the early help",
    )
    register_source_link(
        "earlyhelp.EarlyHelpAssessment", episode_of(EarlyHelpAssessment), "Open the early help"
    )
    register_source_link("earlyhelp.PlanReview", episode_of(PlanReview), "Open the early help")
    register_source_link(
        "earlyhelp.FamilyTogetherMeeting",
        lambda pk: reverse("earlyhelp:ftm", args=[pk]),
        "Open the Family Together Meeting",
    )
