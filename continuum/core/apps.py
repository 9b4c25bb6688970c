from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "continuum.core"
    verbose_name = "Core"
