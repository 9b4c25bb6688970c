from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "continuum.organisation"
    verbose_name = "Organisation: teams, agencies and staff"
