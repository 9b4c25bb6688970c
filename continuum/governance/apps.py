from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "continuum.governance"
    verbose_name = "Governance: access and audit"
