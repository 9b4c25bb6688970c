from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "continuum.people"
    verbose_name = "Person index"
