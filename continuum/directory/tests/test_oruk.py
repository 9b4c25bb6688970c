"""Open Referral UK JSON in and out: the round trip, the shapes, and imports that are wrong."""

import copy
import datetime as dt
import decimal
import json
import uuid

import pytest

from continuum.directory.models import (
    Accessibility,
    CostOption,
    Funding,
    Language,
    Location,
    Phone,
    RecordSource,
    Schedule,
    Service,
    ServiceArea,
    ServiceContact,
)
from continuum.directory.oruk import (
    OrukImportError,
    export_directory,
    import_document,
    make_id,
)
from continuum.directory.seed import load_seed, seed_document
from continuum.directory.tests.factories import (
    OrganizationFactory,
    ScheduleFactory,
    TermFactory,
    empty_directory,
    service_at,
)

pytestmark = pytest.mark.django_db


def rich_directory() -> None:
    """The seed, plus a service using every part of the model the seed leaves out."""
    load_seed()
    parent_term = TermFactory(name="Family support")
    child_term = TermFactory(name="Kinship care support", parent=parent_term)
    parent_org = OrganizationFactory(name="Fylde Coast Trust", website="https://example.org")
    sal = service_at(
        "FY4 1QD",
        name="Kinship Carers' Circle",
        terms=(child_term,),
        minimum_age=0,
        maximum_age=17.5,
    )
    service = sal.service
    service.organization.parent_organization = parent_org
    service.organization.save()
    service.alert = "Closed in August"
    service.assured_date = dt.date(2026, 4, 1)
    service.save()
    location = sal.location
    location.latitude, location.longitude = 53.7766, -3.0402
    location.external_identifier, location.external_identifier_type = "100010000001", "UPRN"
    location.save()
    Accessibility.objects.create(
        location=location, description="Hearing loop", details="Ask at reception"
    )
    ScheduleFactory(
        service_at_location=sal,
        freq="MONTHLY",
        byday="1SA",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        opens_at=dt.time(14, 15, 30),
        closes_at=dt.time(16),
        notes="Not in August",
    )
    Schedule.objects.create(service=service, description="Also by appointment")
    CostOption.objects.create(
        service=service, option="Lunch", amount=decimal.Decimal("2.50"), currency="GBP"
    )
    CostOption.objects.create(service=service, option="Trip", amount=decimal.Decimal("15"))
    Funding.objects.create(service=service, source="National Lottery")
    Language.objects.create(service=service, name="Polish", code="pl")
    ServiceArea.objects.create(service=service, name="Blackpool", service_area="All of Blackpool")
    contact = ServiceContact.objects.create(
        service=service, name="Sam Example", title="Coordinator", email="sam@example.org"
    )
    Phone.objects.create(contact=contact, number="07700 900456", extension=12)


def test_export_then_import_into_an_empty_directory_reproduces_it_exactly():
    rich_directory()
    first = export_directory()
    empty_directory()
    assert not Service.objects.exists()
    import_document(copy.deepcopy(first))
    second = export_directory()
    assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
    assert len(first["services"]) == 27
    kinship = next(s for s in second["services"] if s["name"] == "Kinship Carers' Circle")
    assert kinship["maximum_age"] == 17.5
    assert sorted(c["amount"] for c in kinship["cost_options"]) == [2.5, 15]
    assert kinship["organization"]["parent_organization_id"]
    assert kinship["contacts"][0]["phones"][0]["extension"] == 12


def test_importing_the_same_document_twice_changes_nothing():
    load_seed()
    before = export_directory()
    counts = (Service.objects.count(), Schedule.objects.count(), Location.objects.count())
    load_seed()
    assert export_directory() == before
    assert (Service.objects.count(), Schedule.objects.count(), Location.objects.count()) == counts


def test_seed_records_are_marked_as_seed_data_and_hubs_are_hubs():
    load_seed()
    assert set(Service.objects.values_list("source", flat=True)) == {RecordSource.SEED}
    hubs = set(Location.objects.filter(is_family_hub=True).values_list("name", flat=True))
    assert hubs == {"Talbot and Brunswick Family Hub", "Revoe Family Hub", "Grange Park Family Hub"}
    assert not Location.objects.filter(easting__isnull=True).exists()
    names = set(Service.objects.values_list("name", flat=True))
    for named in (
        "Blackpool Better Start",
        "Families in Need",
        "For Baby's Sake",
        "Young People's Substance Misuse and Sexual Health Service",
        "Support for 16 and 17 Year Olds at Risk of Homelessness",
        "Leaving Care Service",
        "Fostering Blackpool",
        "Advice Line (for professionals)",
        "Request for Support Hub (MASH)",
        "Emergency Duty Team",
    ):
        assert named in names


def test_seed_contact_details_are_synthetic():
    text = json.dumps(seed_document())
    for phone in Phone.objects.values_list("number", flat=True):
        assert phone.startswith(("01632 960", "07700 900"))
    load_seed()
    assert all(p.startswith("01632 960") for p in Phone.objects.values_list("number", flat=True))
    assert "01253" not in text
    emails = [s["email"] for s in seed_document()["services"]]
    assert all(e.endswith("@example.org") for e in emails)


def test_service_json_has_the_oruk_shape():
    load_seed()
    service = export_directory()["services"][0]
    for key in (
        "id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "accreditations",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "alert",
        "last_modified",
        "organization",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "contacts",
        "attributes",
    ):
        assert key in service
    location = service["service_at_locations"][0]["location"]
    assert {"id", "location_type", "addresses", "accessibility"} <= set(location)
    address = location["addresses"][0]
    assert {"address_1", "city", "state_province", "postal_code", "country", "address_type"} <= set(
        address
    )
    term = service["attributes"][0]["taxonomy_term"]
    assert {"id", "name", "description", "taxonomy_id"} <= set(term)
    uuid.UUID(service["id"])


def minimal_service(**changes):
    service = {
        "id": "svc-1",
        "name": "Coffee and Chat",
        "status": "active",
        "organization": {"id": 42, "name": "Chat Group", "description": "A group"},
        "service_at_locations": [
            {
                "id": "sal-1",
                "location": {
                    "id": "loc-1",
                    "location_type": "physical",
                    "name": "Church hall",
                    "addresses": [
                        {
                            "id": "addr-1",
                            "address_1": "1 Church Road",
                            "city": "Blackpool",
                            "state_province": "Lancashire",
                            "postal_code": "fy1 3jq",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
                "schedules": [
                    {"id": "sch-1", "byday": "TU", "opens_at": "10:00", "closes_at": "11:30Z"}
                ],
            }
        ],
    }
    service.update(changes)
    return service


def test_a_feed_with_non_uuid_ids_imports_with_stable_derived_ids():
    result = import_document({"contents": [minimal_service()]})
    assert result.services == 1 and not result.locations_without_coordinates
    service = Service.objects.get()
    assert service.id == make_id("svc-1", "service")
    assert service.organization_id == make_id(42, "organization")
    location = Location.objects.get()
    assert (location.postcode, location.easting) == ("FY1 3JQ", 331394)
    schedule = Schedule.objects.get()
    assert (schedule.opens_at, schedule.closes_at, schedule.day_mask) == (
        dt.time(10),
        dt.time(11, 30),
        2,
    )
    import_document([minimal_service(name="Coffee and Chat (renamed)")])
    assert list(Service.objects.values_list("name", flat=True)) == ["Coffee and Chat (renamed)"]
    assert Schedule.objects.count() == 1


def test_a_place_with_an_unknown_postcode_is_imported_and_reported():
    service = minimal_service()
    service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "FY9 9ZZ"
    result = import_document(service)
    assert result.locations_without_coordinates == ["Church hall"]
    assert Location.objects.get().easting is None


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("not json object", "JSON object or a list"),
        ({"something": 1}, "not an Open Referral UK document"),
        ({"services": "nope"}, "must be lists"),
        ([minimal_service(name="")], "services[0].name: is required"),
        ([minimal_service(status="open")], "services[0].status: must be one of"),
        ([minimal_service(minimum_age="four")], "services[0].minimum_age: must be a number"),
        (
            [minimal_service(minimum_age=12, maximum_age=4)],
            "services[0].maximum_age: must be at least",
        ),
        ([minimal_service(minimum_age=-1)], "must be an age from 0"),
        ([minimal_service(last_modified="yesterday")], "services[0].last_modified: must be a date"),
        (
            [minimal_service(organization=None, organization_id=None)],
            "services[0].organization: is required",
        ),
        (
            [minimal_service(schedules=[{"id": "s", "byday": "XX"}])],
            "services[0].schedules[0].byday: 'XX' is not a day",
        ),
        (
            [minimal_service(schedules=[{"id": "s", "opens_at": "noon"}])],
            "services[0].schedules[0].opens_at",
        ),
        ([minimal_service(schedules="weekly")], "services[0].schedules: must be a list"),
        (
            [minimal_service(attributes=[{"id": "a", "taxonomy_term_id": str(uuid.uuid4())}])],
            "is named but not given",
        ),
        (
            [
                minimal_service(
                    organization={
                        "id": "o",
                        "name": "X",
                        "description": "Y",
                        "parent_organization_id": "p",
                    }
                )
            ],
            "parent organization",
        ),
        ([minimal_service(phones=[{"id": "p"}])], "services[0].phones[0].number: is required"),
        ([{"id": None, "name": "x"}], "services[0].id: is required"),
        ([minimal_service(name=["a"])], "services[0].name: must be text"),
        ([minimal_service(name="x" * 300)], "must be 255 characters or fewer"),
    ],
)
def test_a_bad_document_imports_nothing_and_says_where(document, problem):
    with pytest.raises(OrukImportError) as caught:
        import_document(document)
    assert any(problem in p for p in caught.value.problems), caught.value.problems
    assert not Service.objects.exists()
