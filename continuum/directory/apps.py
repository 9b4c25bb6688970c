from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "continuum.directory"
    verbose_name = "Services directory (Open Referral UK)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from continuum.directory import signals  # noqa: F401 - connects the receivers
