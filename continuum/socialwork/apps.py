from django.apps import AppConfig


class SocialworkConfig(AppConfig):
    name = "continuum.socialwork"
    verbose_name = "Social work: assessments, strategy discussions and plans"
