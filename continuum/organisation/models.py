"""Teams, partner agencies and the people who work in them. All of it is data, loaded from the
local authority's configuration file, so another authority configures rather than forks."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority children's services"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    EARLY_YEARS = "early_years", "Nursery or childminder"


class Agency(models.Model):
    """An organisation whose staff use Continuum: the authority itself or a partner agency."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of the local authority named in the seeds (the Hub, Assessment and Support...)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    HUB_WORKER = "hub_worker", "Hub worker"
    PARTNER = "partner", "Partner agency user"
    CHAIR_IRO = "chair_iro", "Child Protection Chair or IRO"
    DATA_OFFICER = "data_officer", "Performance and data officer"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """Anyone who signs in. Their role and team decide what they may see (see governance)."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    job_title = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_team_manager(self) -> bool:
        return self.role == Role.TEAM_MANAGER

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER


class ApiToken(models.Model):
    """A partner agency's key to the API. The token is random and shown once, when issued; only
    its SHA-256 hash is stored, with its first characters (`prefix`) so that people can tell
    tokens apart. An agency may hold several while a partner moves to a new one."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16, help_text="The token's first characters: not secret.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "organisation.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The administrator who revoked it; empty when revoked from the command line.",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… for {self.agency}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
