from django.apps import AppConfig


class SocialworkConfig(AppConfig):
    name = "continuum.socialwork"
    verbose_name = "Social work: assessments, strategy discussions and plans"

    def ready(self) -> None:
        from continuum.socialwork import links_casework  # casework-a

        links_casework.register()

        from continuum.socialwork import wiring_assessment_plan

        wiring_assessment_plan.connect()
