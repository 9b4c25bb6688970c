from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "continuum.directory"
    verbose_name = "Services directory (Open Referral UK)"
    default_auto_field = "django.db.models.BigAutoField"
