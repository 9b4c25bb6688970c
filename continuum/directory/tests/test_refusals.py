"""Checks in the directory's actions that the rest of the suite did not notice missing: each
test fails if its check is deleted."""

import dataclasses

import pytest

from continuum.directory import actions
from continuum.directory.models import Service, ServiceSuggestion
from continuum.directory.tests.factories import SuggestionFactory
from continuum.directory.tests.test_oruk import minimal_service
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import HubWorkerFactory, PartnerUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def not_administrators():
    return [UserFactory(), HubWorkerFactory(), PartnerUserFactory()]


def test_only_administrators_edit_a_suggestion():
    suggestion = SuggestionFactory()
    details = actions.SuggestionDetails(
        **{
            f.name: getattr(suggestion, f.name)
            for f in dataclasses.fields(actions.SuggestionDetails)
        }
    )
    details.name = "Renamed by someone who may not"
    for user in [*not_administrators(), None]:
        with pytest.raises(actions.DirectoryError, match="Only an administrator"):
            actions.edit_suggestion(suggestion, details, acting_user=user)
    assert ServiceSuggestion.objects.get().name == "Bloomfield Bumps and Babies"
    administrator = UserFactory(role=Role.ADMINISTRATOR, team=None)
    actions.edit_suggestion(suggestion, details, acting_user=administrator)
    assert ServiceSuggestion.objects.get().name == "Renamed by someone who may not"


def test_only_administrators_import_a_directory_from_the_web():
    for user in not_administrators():
        with pytest.raises(actions.DirectoryError, match="Only an administrator"):
            actions.import_directory([minimal_service()], acting_user=user)
    assert not Service.objects.exists()
    administrator = UserFactory(role=Role.ADMINISTRATOR, team=None)
    assert actions.import_directory([minimal_service()], acting_user=administrator).services == 1
