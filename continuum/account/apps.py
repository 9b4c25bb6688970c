from django.apps import AppConfig


class AccountConfig(AppConfig):
    name = "continuum.account"
    verbose_name = "Account: signing in, the second factor, passwords and sessions"

    def ready(self) -> None:
        from continuum.account import signals  # noqa: F401 (connects the receivers)
