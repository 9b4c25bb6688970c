from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "continuum.people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from continuum.people.matching import signals

        signals.connect()
