from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "continuum.earlyhelp"
    verbose_name = "Early help"

    def ready(self) -> None:
        from continuum.earlyhelp.actions import standing
        from continuum.governance.access import register_early_help_check

        register_early_help_check(standing)
