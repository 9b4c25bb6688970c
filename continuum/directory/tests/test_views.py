"""The pages: public without signing in, the same inside the app, moderation for
administrators, signposting for the Hub, and no query string that breaks them."""

import pytest

from continuum.directory.models import Service, ServiceSuggestion, Signposting, SuggestionStatus
from continuum.directory.tests.factories import SuggestionFactory
from continuum.frontdoor.tests.factories import ContactChildFactory
from continuum.organisation.models import Role
from continuum.organisation.tests.factories import HubWorkerFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
SEARCH = {"postcode": "FY1 3LA", "q": "parenting", "age": "4", "day": "sa", "distance": "5"}
EXPECTED = [
    "Saturday Family Parenting Group",
    "Triple P Parenting: Saturday Course",
    "Dads and Carers Saturday Club",
]


def result_names(response):
    page = response.context["page"]
    return [hit.service.name for hit in page.items]


def test_families_search_without_signing_in(web, seed_directory):
    response = web.get("/services/", SEARCH)
    assert response.status_code == 200
    assert result_names(response) == EXPECTED
    html = response.content.decode()
    assert "Weekly timetable at Talbot and Brunswick Family Hub" in html
    assert "under 0.1 miles away" in html
    assert "Sign out" not in html


def test_the_same_search_inside_the_app_keeps_links_inside(web, seed_directory):
    web.force_login(UserFactory())
    response = web.get("/directory/", SEARCH)
    assert result_names(response) == EXPECTED
    assert 'href="/directory/' in response.content.decode()
    assert 'href="/services/' not in response.content.decode()


def test_practitioner_pages_need_signing_in(web, seed_directory):
    response = web.get("/directory/")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_service_and_hub_pages(web, seed_directory):
    response = web.get("/services/", SEARCH)
    hit = response.context["page"].items[0]
    service_page = web.get(f"/services/{hit.service.pk}/")
    assert service_page.status_code == 200
    assert b"Saturdays, 10am to midday" in service_page.content
    hub_page = web.get(f"/services/places/{hit.service_at_location.location_id}/")
    text = hub_page.content.decode()
    assert "Weekly timetable" in text and "Stay and Play at Talbot and Brunswick" in text
    assert web.get("/services/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"postcode": "Blackpool"}, "Enter a real postcode, like FY1 3LA"),
        ({"postcode": "FY9 9ZZ"}, "We cannot find the postcode FY9 9ZZ"),
        ({"age": "four"}, "Enter the child&#x27;s age as a whole number"),
        ({"time": "teatime"}, "Enter a time like 10:00 or 14:30"),
        ({"day": "caturday"}, "Choose a day from the list"),
        ({"activity": "not-a-term"}, "Choose an activity type from the list"),
        ({"distance": "42"}, "Choose a distance from the list"),
    ],
)
def test_bad_searches_get_a_gov_uk_error(web, seed_directory, query, message):
    response = web.get("/services/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "<title>Error:" in html


HOSTILE = [
    "postcode=%00",
    "q=%25%25_%5C",
    "age=99999999999999999999999",
    "page=-1",
    "page=abc",
    "page=9999999999999",
    "postcode=FY1%203LA&page=500",
    "day=SA&day=SU",
    "q=" + "x" * 5000,
    "time=10:00&time=11:00",
    "activity=%27%20OR%201%3D1",
    "postcode=%F0%9F%92%A9",
    "distance=any&postcode=FY1%203LA&q=%E2%80%AE",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_no_query_string_breaks_the_page(web, seed_directory, query):
    response = web.get(f"/services/?{query}")
    assert response.status_code in (200, 400)


def test_a_family_suggests_a_service(web):
    response = web.post(
        "/services/suggest",
        {"name": "Layton Toddler Group", "description": "Songs and play", "postcode": "fy1 4hu"},
    )
    assert response.status_code == 302 and response["Location"] == "/services/suggest/thanks"
    suggestion = ServiceSuggestion.objects.get()
    assert (suggestion.postcode, suggestion.suggested_by) == ("FY1 4HU", None)
    assert web.get("/services/suggest/thanks").status_code == 200


def test_a_suggestion_with_problems_is_shown_again(web):
    response = web.post("/services/suggest", {"name": "", "email": "not an email", "postcode": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Enter the name of the service",
        "Say what the service offers",
        "Enter an email address in the correct format",
        "Enter a real postcode",
    ):
        assert message in html
    assert not ServiceSuggestion.objects.exists()


@pytest.fixture
def administrator(web):
    user = UserFactory(role=Role.ADMINISTRATOR, team=None)
    web.force_login(user)
    return user


def test_moderation_is_for_administrators(web):
    suggestion = SuggestionFactory()
    web.force_login(UserFactory())
    assert web.get("/directory/suggestions/").status_code == 403
    assert (
        web.post(
            f"/directory/suggestions/{suggestion.pk}/", {"action": "reject", "reason": "x"}
        ).status_code
        == 403
    )


def form_data(suggestion, **changes):
    data = {
        name: getattr(suggestion, name) or ""
        for name in (
            "name",
            "description",
            "organisation_name",
            "address_1",
            "town",
            "postcode",
            "when",
            "phone",
            "email",
            "website",
            "suggested_by_name",
            "suggested_by_email",
        )
    }
    data.update(minimum_age=suggestion.minimum_age, maximum_age=suggestion.maximum_age)
    data.update(changes)
    return data


def test_an_administrator_edits_accepts_and_sees_the_history(web, administrator):
    suggestion = SuggestionFactory()
    assert b"Bloomfield Bumps and Babies" in web.get("/directory/suggestions/").content
    saved = web.post(
        f"/directory/suggestions/{suggestion.pk}/",
        {**form_data(suggestion, name="Bloomfield Baby Group"), "action": "save"},
    )
    assert saved.status_code == 302
    accepted = web.post(
        f"/directory/suggestions/{suggestion.pk}/",
        {**form_data(suggestion, name="Bloomfield Baby Group"), "action": "accept"},
    )
    assert accepted.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert Service.objects.filter(name="Bloomfield Baby Group").count() == 1
    page = web.get(f"/directory/suggestions/{suggestion.pk}/").content.decode()
    assert "Edited by an administrator: name of the service" in page and "Accepted" in page


def test_an_administrator_rejects_with_a_reason(web, administrator):
    suggestion = SuggestionFactory()
    missing = web.post(
        f"/directory/suggestions/{suggestion.pk}/", {"action": "reject", "reason": ""}
    )
    assert (
        missing.status_code == 400
        and b"Say why the suggestion is not being added" in missing.content
    )
    web.post(
        f"/directory/suggestions/{suggestion.pk}/", {"action": "reject", "reason": "Duplicate"}
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.rejection_reason) == (
        SuggestionStatus.REJECTED,
        "Duplicate",
    )
    again = web.post(
        f"/directory/suggestions/{suggestion.pk}/", {"action": "accept", **form_data(suggestion)}
    )
    assert again.status_code == 200  # decided already: the page shows the decision
    assert ServiceSuggestion.objects.get().status == SuggestionStatus.REJECTED


def test_the_hub_signposts_from_the_directory(web, seed_directory):
    hub = HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub", name="Hub"))
    contact = ContactChildFactory().contact
    contact.family_postcode = "FY1 3LA"
    contact.save()
    web.force_login(UserFactory())
    assert web.get(f"/directory/signpost/{contact.pk}/").status_code == 403
    web.force_login(hub)
    page = web.get(f"/directory/signpost/{contact.pk}/")
    assert page.status_code == 200 and b'value="FY1 3LA"' in page.content
    results = web.get(f"/directory/signpost/{contact.pk}/", SEARCH)
    ids = [str(h.service.pk) for h in results.context["page"].items[:2]]
    posted = web.post(f"/directory/signpost/{contact.pk}/", {"services": [*ids, "junk"]})
    assert posted.status_code == 302
    assert {str(s) for s in Signposting.objects.values_list("service_id", flat=True)} == set(ids)
    names = {h.service.name for h in results.context["page"].items[:2]}
    screening = web.get(f"/hub/contacts/{contact.pk}/")
    listed = screening.content.decode()
    assert f'href="/directory/signpost/{contact.pk}/"' in listed
    assert all(name in listed for name in names)
    assert "No services from the FYI directory have been recorded" not in listed


def test_the_screening_page_says_when_nobody_has_been_signposted(web):
    hub = HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub", name="Hub"))
    contact = ContactChildFactory().contact
    web.force_login(hub)
    listed = web.get(f"/hub/contacts/{contact.pk}/").content.decode()
    assert "No services from the FYI directory have been recorded" in listed
    assert f'href="/directory/signpost/{contact.pk}/"' in listed
