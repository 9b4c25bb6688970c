"""Partner API tokens: random, stored only as a hash, issued once, revocable and audited."""

import hashlib
import hmac
import importlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from continuum.organisation.models import ApiToken
from continuum.organisation.tests.factories import (
    AdministratorFactory,
    HubWorkerFactory,
    PartnerAgencyFactory,
    TeamManagerFactory,
)
from continuum.organisation.tokens import (
    ApiTokenError,
    agency_for_token,
    hash_token,
    issue_token,
    revoke_token,
)

pytestmark = pytest.mark.django_db
READ_URL = "/api/v1/requests-for-support/RFS-2026-000001"


def status_with(token: str) -> int:
    return Client(headers={"Authorization": f"Bearer {token}"}).get(READ_URL).status_code


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def old_derived_token(slug: str, generation: int = 1) -> str:
    """How tokens were made before: anyone who knew the secret key could compute them."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"api-token:{slug}:{generation}".encode(), hashlib.sha256
    ).hexdigest()
    return f"cnt_{slug}_{digest[:40]}"


def test_a_token_is_random_and_only_its_hash_and_prefix_are_kept():
    agency = PartnerAgencyFactory()
    first, second = issue_token(agency), issue_token(agency)
    assert first != second
    assert first.startswith("cnt_") and len(first) >= 40
    rows = {row.token_hash: row for row in ApiToken.objects.filter(agency=agency)}
    assert set(rows) == {hash_token(first), hash_token(second)}
    assert rows[hash_token(first)].prefix == first[:12]
    stored = [str(value) for row in rows.values() for value in vars(row).values()]
    assert first not in stored and second not in stored
    assert agency_for_token(first) == agency and agency_for_token(second) == agency


def test_a_token_does_not_depend_on_the_secret_key(settings):
    agency = PartnerAgencyFactory()
    token = issue_token(agency)
    settings.SECRET_KEY = "another-" + "k" * 60
    assert agency_for_token(token) == agency


def test_a_token_computed_the_old_way_is_refused():
    agency = PartnerAgencyFactory(slug="demo-primary-school")
    issued = issue_token(agency)
    assert status_with(issued) == 404  # let in: there is simply no such request
    assert status_with(old_derived_token("demo-primary-school")) == 401


def test_the_migration_revokes_tokens_derived_from_the_secret_key():
    """A database from before this change holds rows for derived tokens; after migrating,
    those tokens get 401."""
    agency = PartnerAgencyFactory(slug="demo-primary-school")
    old = old_derived_token("demo-primary-school")
    ApiToken.objects.create(agency=agency, token_hash=hash_token(old), prefix="")
    assert status_with(old) == 404  # what the old scheme let in
    migration = importlib.import_module(
        "continuum.organisation.migrations.0003_api_tokens_random_and_revocable"
    )
    migration.revoke_derived_tokens(apps, None)
    assert status_with(old) == 401


def test_the_command_prints_a_new_token_alone_on_stdout_each_time():
    agency = PartnerAgencyFactory(slug="demo-primary-school")
    out, err = command("demo-primary-school")
    token = out.strip()
    assert out == token + "\n" and err == ""
    assert agency_for_token(token) == agency
    again, _ = command("demo-primary-school")
    assert again.strip() != token
    assert agency_for_token(token) == agency  # issuing another does not revoke the first


def test_rotate_issues_a_new_token_and_revokes_the_agency_s_others():
    agency, other = PartnerAgencyFactory(), PartnerAgencyFactory()
    first, second, others = issue_token(agency), issue_token(agency), issue_token(other)
    out, _ = command(agency.slug, "--rotate")
    rotated = out.strip()
    assert status_with(first) == 401 and status_with(second) == 401
    assert status_with(rotated) == 404
    assert status_with(others) == 404
    revoked = ApiToken.objects.filter(agency=agency, revoked_at__isnull=False)
    assert revoked.count() == 2 and all(t.revoked_by is None for t in revoked)


def test_the_command_lists_and_revokes_tokens():
    agency = PartnerAgencyFactory(slug="demo-primary-school")
    token = issue_token(agency)
    row = ApiToken.objects.get()
    out, _ = command("--list")
    assert f"{row.pk}\tdemo-primary-school\t{token[:12]}…" in out
    assert token not in out
    out, err = command("--revoke", str(row.pk))
    assert out == "" and "Revoked" in err
    assert status_with(token) == 401
    assert "by the command line" in command("--list", "demo-primary-school")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-agency"], "No agency called 'no-such-agency'"),
        ([], "Name the agency"),
        (["--revoke", "999"], "There is no API token number 999"),
    ],
)
def test_the_command_explains_mistakes(args, message):
    PartnerAgencyFactory()
    with pytest.raises(CommandError, match=message):
        command(*args)


def test_an_inactive_agency_gets_no_token():
    agency = PartnerAgencyFactory(is_active=False)
    with pytest.raises(ApiTokenError, match="not active"):
        issue_token(agency)


@pytest.mark.parametrize("factory", [HubWorkerFactory, TeamManagerFactory])
def test_only_administrators_may_manage_tokens(factory):
    user = factory()
    agency = PartnerAgencyFactory()
    token = issue_token(agency)
    with pytest.raises(ApiTokenError, match="Only an administrator"):
        issue_token(agency, acting_user=user)
    with pytest.raises(ApiTokenError, match="Only an administrator"):
        revoke_token(ApiToken.objects.get().pk, acting_user=user)
    assert agency_for_token(token) == agency
    client = Client()
    client.force_login(user)
    assert client.get(reverse("organisation:api-tokens")).status_code == 403
    response = client.post(reverse("organisation:revoke-api-token", args=[1]))
    assert response.status_code == 403
    assert agency_for_token(token) == agency


def test_an_administrator_sees_tokens_without_the_tokens_themselves():
    admin = AdministratorFactory(first_name="Ada", last_name="Admin")
    agency = PartnerAgencyFactory(name="Hawes Side Academy")
    token = issue_token(agency)
    assert agency_for_token(token) == agency  # marks it used
    client = Client()
    client.force_login(admin)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("organisation:api-tokens")}"' in home
    page = client.get(reverse("organisation:api-tokens")).content.decode()
    assert "Hawes Side Academy" in page and token[:12] in page
    assert token not in page
    assert "Never" not in page  # last used is shown


def test_an_administrator_revokes_a_token_and_the_row_records_who_and_when():
    admin = AdministratorFactory(first_name="Ada", last_name="Admin")
    agency = PartnerAgencyFactory(name="Hawes Side Academy")
    token = issue_token(agency)
    row = ApiToken.objects.get()
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("organisation:revoke-api-token", args=[row.pk]), follow=True)
    assert "Revoked token" in response.content.decode()
    assert status_with(token) == 401
    row.refresh_from_db()
    assert row.revoked_by == admin and row.revoked_at is not None
    page = client.get(reverse("organisation:api-tokens")).content.decode()
    assert "by Ada Admin" in page
    again = client.post(reverse("organisation:revoke-api-token", args=[row.pk]), follow=True)
    assert "already revoked" in again.content.decode()


def test_revoking_needs_a_post():
    admin = AdministratorFactory()
    issue_token(PartnerAgencyFactory())
    client = Client()
    client.force_login(admin)
    row = ApiToken.objects.get()
    assert client.get(reverse("organisation:revoke-api-token", args=[row.pk])).status_code == 405
    row.refresh_from_db()
    assert row.revoked_at is None
