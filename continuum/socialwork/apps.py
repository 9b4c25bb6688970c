from django.apps import AppConfig


class SocialworkConfig(AppConfig):
    name = "continuum.socialwork"
    verbose_name = "Social work: assessments, strategy discussions and plans"

    def ready(self) -> None:
        from continuum.socialwork import links_casework  # casework-a

        links_casework.register()

        from continuum.socialwork import wiring_assessment_plan

        wiring_assessment_plan.connect()

        from continuum.socialwork import links_protection  # child protection

        links_protection.register()
        connect_protection_to_casework()


def connect_protection_to_casework() -> None:
    """Child protection's due items join the one due list (its visits are the casework list's
    own, from the recorded visits), and the plan page's next visit counts recorded visits."""
    from continuum.socialwork import due, due_protection, protection
    from continuum.socialwork.models_casework import CaseNote, CaseNoteKind, CaseNoteStatus

    def protection_items(episodes, user):  # noqa: ANN001, ANN202 - a due provider
        return [
            item
            for item in due_protection.due_items(episodes, user)
            if item.what != "Child protection visit"
        ]

    def latest_visit(person):  # noqa: ANN001, ANN202 - a Person, a date or None
        return (
            CaseNote.objects.filter(
                person=person, kind=CaseNoteKind.VISIT, status=CaseNoteStatus.RECORDED
            )
            .order_by("-occurred_on")
            .values_list("occurred_on", flat=True)
            .first()
        )

    due.register_due_provider(protection_items)
    protection.register_visit_source(latest_visit)
