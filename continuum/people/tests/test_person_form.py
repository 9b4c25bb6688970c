"""Bad input is refused with a message beside the field and nothing is saved."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from continuum.people.models import DuplicatePair, Person
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "child",
    "given_name": "Ava",
    "middle_names": "",
    "family_name": "Testchild",
    "date_of_birth_day": "4",
    "date_of_birth_month": "2",
    "date_of_birth_year": "2015",
    "sex": "F",
    "ethnicity": "WBRI",
    "nhs_number": "943 476 5919",
    "upn": "",
    "address_line_1": "3 Example Street",
    "town": "Blackpool",
    "postcode": "fy1 3la",
}


def post(client, follow=False, **changes):
    return client.post(reverse("people:new"), {**GOOD, **changes}, follow=follow)


def test_a_good_person_is_saved_with_address_chronology_and_audit(practitioner_client):
    response = post(practitioner_client)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert (person.given_name, person.nhs_number) == ("Ava", "9434765919")
    assert person.date_of_birth == dt.date(2015, 2, 4)
    assert person.addresses.get().postcode == "FY1 3LA"
    assert set(person.chronology.values_list("kind", flat=True)) == {
        "record_created",
        "birth",
        "address",
    }
    assert person.audit_entries.get().action == "create"
    assert person.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "nhs_number", "not a valid NHS number"),
        ({"nhs_number": "12345"}, "nhs_number", "NHS number must be 10 digits"),
        ({"date_of_birth_year": "2031"}, "date_of_birth", "must be today or in the past"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2"},
            "date_of_birth",
            "must be a real date",
        ),
        ({"date_of_birth_month": ""}, "date_of_birth", "must include a month"),
        ({"postcode": "FY1 3L"}, "postcode", "Enter a real postcode"),
        ({"postcode": "not a postcode"}, "postcode", "Enter a real postcode"),
        ({"given_name": "   "}, "given_name", "Enter the given name"),
        ({"family_name": "\t "}, "family_name", "Enter the family name"),
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "date_of_birth",
            "Enter the child's date of birth",
        ),
        ({"upn": "X12"}, "upn", "Unique pupil number must be"),
        ({"address_line_1": "  "}, "address_line_1", "Enter the first line"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    practitioner_client, changes, field, message
):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)):
        response = post(practitioner_client, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field][0]
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert f'id="id_{field}-error"' in html  # the message beside the field
    assert Person.objects.count() == 0


def test_a_known_nhs_number_is_saved_and_flagged_for_duplicate_review(practitioner_client):
    first = ChildFactory(nhs_number="9434765919")
    response = post(practitioner_client, follow=True)
    second = Person.objects.exclude(pk=first.pk).get()
    assert second.nhs_number == "9434765919"
    pair = DuplicatePair.objects.get()
    assert (pair.person_id, pair.other_id) == (first.pk, second.pk)
    assert pair.reason_list[0] == "Same NHS number"
    assert "Another record has the same NHS number" in response.content.decode()


def test_an_unborn_child_needs_an_expected_date_only(practitioner_client):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)):
        response = post(
            practitioner_client,
            date_of_birth_day="",
            date_of_birth_month="",
            date_of_birth_year="",
            expected_date_of_birth_day="1",
            expected_date_of_birth_month="3",
            expected_date_of_birth_year="2027",
            sex="U",
            nhs_number="",
        )
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.is_unborn
    assert person.expected_date_of_birth == dt.date(2027, 3, 1)


def test_partners_cannot_add_people(partner_client):
    response = post(partner_client)
    assert response.status_code == 403
    assert Person.objects.count() == 0
