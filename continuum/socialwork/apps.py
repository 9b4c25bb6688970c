from django.apps import AppConfig


class SocialworkConfig(AppConfig):
    name = "continuum.socialwork"
    verbose_name = "Social work: assessments, strategy discussions and plans"

    def ready(self) -> None:
        from continuum.socialwork import links_protection  # child protection

        links_protection.register()
