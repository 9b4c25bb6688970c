from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "continuum.frontdoor"
    verbose_name = "Front door: Advice Line, Requests for Support and the Hub"

    def ready(self) -> None:
        from continuum.frontdoor.access import hub_is_screening
        from continuum.governance.access import register_screening_check

        register_screening_check(hub_is_screening)
