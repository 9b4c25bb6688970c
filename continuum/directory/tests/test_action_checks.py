"""Who may change the directory, checked in the actions, with the plain-English refusal each
person sees. Written from `make mutation`'s survivors: each test fails if its check, or its
message, is changed or removed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from continuum.core.models import ChronologyEvent
from continuum.directory import actions
from continuum.directory.access import can_moderate, can_signpost
from continuum.directory.models import RecordSource, Service, ServiceSuggestion, SuggestionStatus
from continuum.directory.tests.factories import ServiceFactory, SuggestionFactory
from continuum.directory.tests.test_oruk import minimal_service
from continuum.frontdoor.models import PersonRole
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.governance.models import AuditEntry
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import HubWorkerFactory, TeamFactory, UserFactory
from continuum.people.tests.factories import AdultFactory, ChildFactory

pytestmark = pytest.mark.django_db


def administrator():
    return UserFactory(role=Role.ADMINISTRATOR, team=None)


def suggest(acting_user):
    return actions.suggest_service(
        actions.SuggestionDetails(name="Layton Toddler Group", description="Songs and stories"),
        acting_user=acting_user,
    )


def test_a_signed_in_suggestion_says_who_made_it():
    worker = UserFactory()
    assert ServiceSuggestion.objects.get(pk=suggest(worker).pk).suggested_by == worker


@pytest.mark.parametrize("visitor", [None, AnonymousUser()], ids=["no user", "anonymous"])
def test_a_suggestion_from_a_family_names_nobody(visitor):
    assert ServiceSuggestion.objects.get(pk=suggest(visitor).pk).suggested_by is None


@pytest.mark.parametrize(
    "make_user",
    [UserFactory, lambda: HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub"))],
    ids=["worker", "Hub"],
)
def test_only_an_administrator_imports_a_directory_from_the_web(make_user):
    with pytest.raises(actions.DirectoryError, match=r"^Only an administrator can do this\.$"):
        actions.import_directory({"contents": [minimal_service()]}, acting_user=make_user())
    assert not Service.objects.exists()


@pytest.mark.parametrize("acting_user", [administrator, lambda: None], ids=["admin", "command"])
def test_an_administrator_or_the_command_imports(acting_user):
    result = actions.import_directory(
        {"contents": [minimal_service()]}, acting_user=acting_user(), source=RecordSource.SEED
    )
    assert result.services == 1
    assert list(Service.objects.values_list("name", "source")) == [
        ("Coffee and Chat", RecordSource.SEED)
    ]


def test_a_rejection_without_a_reason_is_refused_beside_the_reason_field():
    suggestion = SuggestionFactory()
    for blank in ("   ", None):
        with pytest.raises(actions.SuggestionProblems) as refused:
            actions.reject_suggestion(suggestion, blank, acting_user=administrator())
        assert refused.value.problems == [("reason", "Say why the suggestion is not being added")]
    assert ServiceSuggestion.objects.get().status == SuggestionStatus.PENDING


@pytest.mark.parametrize("visitor", [None, AnonymousUser()], ids=["no user", "anonymous"])
def test_nobody_signed_out_moderates_or_signposts(visitor):
    assert (can_moderate(visitor), can_signpost(visitor)) == (False, False)


def test_only_the_hub_records_signposting_and_says_so():
    contact = ContactChildFactory(person=ChildFactory()).contact
    with pytest.raises(
        actions.DirectoryError,
        match=r"^Only the Request for Support Hub can record signposting\.$",
    ):
        actions.record_signposting(contact, [ServiceFactory()], acting_user=UserFactory())
    assert not contact.signpostings.exists()


def test_signposting_is_written_to_the_children_not_to_the_adults_named():
    hub_worker = HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub"))
    child, mum = ChildFactory(), AdultFactory()
    contact = ContactChildFactory(person=child).contact
    ContactChildFactory(contact=contact, person=mum, role=PersonRole.PARENT_CARER)
    actions.record_signposting(contact, [ServiceFactory()], acting_user=hub_worker)
    assert list(ChronologyEvent.objects.values_list("person", "recorded_by", "source")) == [
        (child.pk, hub_worker.pk, f"frontdoor.Contact:{contact.pk}")
    ]
    assert list(AuditEntry.objects.values_list("person", flat=True)) == [child.pk]


def test_moderation_is_kept_in_the_history_with_its_reason():
    admin = administrator()
    rejected, accepted = SuggestionFactory(), SuggestionFactory(postcode="")
    actions.reject_suggestion(rejected, "It closed in 2025", acting_user=admin)
    service = actions.accept_suggestion(accepted, acting_user=admin)
    assert rejected.history.latest("history_date").history_change_reason == "Rejected"
    assert (
        service.history.latest("history_date").history_change_reason
        == f"Accepted from suggestion {accepted.pk}"
    )
