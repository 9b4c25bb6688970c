from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "continuum.returns"
    verbose_name = "Statutory returns"
