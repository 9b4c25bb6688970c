from django.apps import AppConfig


class EarlyhelpConfig(AppConfig):
    name = "continuum.earlyhelp"
    verbose_name = "Early help"
