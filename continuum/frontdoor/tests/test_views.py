"""The front-door pages: a referrer's form, the Hub's queue and screening page."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from continuum.frontdoor.models import Contact, ContactStatus
from continuum.frontdoor.tests.factories import (
    ContactChildFactory,
    DraftRequestFactory,
    ReceivedContactFactory,
)
from continuum.organisation.tests.factories import (
    HubWorkerFactory,
    PartnerUserFactory,
    TeamFactory,
    TeamManagerFactory,
)
from continuum.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

FORM = {
    "version": "1",
    "child-TOTAL_FORMS": "1",
    "child-INITIAL_FORMS": "0",
    "adult-TOTAL_FORMS": "0",
    "adult-INITIAL_FORMS": "0",
    "referrer_name": "Alex Example",
    "referrer_role": "DSL",
    "safeguarding_lead_consulted": "yes",
    "child-0-given_name": "Riley",
    "child-0-family_name": "Sample",
    "child-0-date_of_birth_day": "14",
    "child-0-date_of_birth_month": "5",
    "child-0-date_of_birth_year": "2017",
    "child-0-sex": "M",
    "family_address_line_1": "12 Example Road",
    "family_postcode": "fy1 3la",
    "claimed_level": "3",
    "worries": "Hungry at school",
    "strengths": "Mum asks for help",
    "child_voice": "'No food at home'",
    "consent": "given",
}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def school():
    return login(PartnerUserFactory())


@pytest.fixture
def hub():
    return login(HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub")))


def start_draft(client) -> int:
    """A draft, made as a referrer makes one: by typing (the form stores nothing until then)."""
    response = client.post(
        reverse("frontdoor:request-new"),
        {
            "child-TOTAL_FORMS": "1",
            "child-INITIAL_FORMS": "0",
            "adult-TOTAL_FORMS": "0",
            "adult-INITIAL_FORMS": "0",
            "child-0-sex": "U",
            "referrer_phone": "01253 000000",
            "action": "save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(response["Location"].rstrip("/").split("/")[-2])


def test_a_referrer_drafts_then_sends_a_request(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    saved = school.post(url, {**FORM, "action": "save"})
    assert saved.status_code == 302
    contact = Contact.objects.get(pk=pk)
    assert (contact.status, contact.worries, contact.version) == (
        ContactStatus.DRAFT,
        "Hungry at school",
        2,
    )
    sent = school.post(url, {**FORM, "version": "2", "action": "submit"})
    contact.refresh_from_db()
    assert sent["Location"] == reverse("frontdoor:request-detail", args=[pk])
    assert contact.status == ContactStatus.RECEIVED and contact.reference.startswith("RFS-")
    assert contact.family_postcode == "FY1 3LA"
    page = school.get(reverse("frontdoor:request-detail", args=[pk])).content.decode()
    assert contact.reference in page and "The Hub will decide within one working day" in page


def _hidden(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else None


def _other_versions(html: str) -> dict[str, str]:
    """What the page shows, read-only, as the other version beside each differing answer."""
    boxes = re.findall(
        r'data-testid="other-version" data-field="([^"]+)">(.*?)</div>', html, flags=re.S
    )
    return {field: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for field, body in boxes}


def test_two_tabs_a_stale_save_shows_both_versions_and_never_overwrites(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    # Both tabs opened version 1. Tab A saves first.
    assert _hidden(school.get(url).content.decode(), "version") == "1"
    school.post(url, {**FORM, "worries": "Tab A's worries", "action": "save"})
    # Tab B, still on version 1, saves its own answers.
    tab_b = {**FORM, "worries": "Tab B's worries", "strengths": "Tab B's strengths"}
    stale = school.post(url, {**tab_b, "action": "save"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Someone saved this draft in another window" in html
    # B's answers stay in the fields as typed; A's are shown beside the one that differs.
    assert stale.context["form"]["worries"].value() == "Tab B's worries"
    assert "Tab B&#x27;s worries</textarea>" in html
    others = _other_versions(html)
    assert "Tab A&#x27;s worries" in others["worries"]
    assert "Mum asks for help" in others["strengths"]
    assert "referrer_name" not in others  # the same in both: nothing to compare
    assert "What are you worried about?: the other version differs" in html
    # The page does not carry the newer version, so a second blind Save cannot overwrite.
    assert (_hidden(html, "version"), _hidden(html, "theirs_version")) == ("1", "2")
    assert "data-autosave-url=" not in html  # no autosave while two versions are compared
    contact = Contact.objects.get(pk=pk)
    assert (contact.worries, contact.strengths, contact.version) == (
        "Tab A's worries",
        "Mum asks for help",
        2,
    )

    blind = school.post(url, {**tab_b, "theirs_version": "2", "action": "save"})
    assert blind.status_code == 409
    assert "once you have copied into your answers" in blind.content.decode()
    contact.refresh_from_db()
    assert (contact.worries, contact.version) == ("Tab A's worries", 2)

    combined = {**tab_b, "worries": "Tab A's worries. Tab B's worries", "theirs_version": "2"}
    saved = school.post(url, {**combined, "combined": "yes", "action": "save"})
    assert saved.status_code == 302
    contact.refresh_from_db()
    assert (contact.worries, contact.strengths, contact.version) == (
        "Tab A's worries. Tab B's worries",
        "Tab B's strengths",
        3,
    )
    assert _hidden(school.get(url).content.decode(), "version") == "3"


def test_combining_against_a_version_that_has_moved_on_is_refused_again(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    school.post(url, {**FORM, "worries": "A first", "action": "save"})  # version 2
    school.post(url, {**FORM, "worries": "A again", "version": "2", "action": "save"})  # 3
    late = school.post(
        url,
        {**FORM, "worries": "B", "theirs_version": "2", "combined": "yes", "action": "save"},
    )
    assert late.status_code == 409
    assert _hidden(late.content.decode(), "theirs_version") == "3"
    assert "A again" in _other_versions(late.content.decode())["worries"]
    assert Contact.objects.get(pk=pk).worries == "A again"


def test_the_other_versions_people_and_indicators_are_shown(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    two_children = {
        **FORM,
        "child-TOTAL_FORMS": "2",
        "child-1-given_name": "Maisie",
        "child-1-family_name": "Sample",
        "child-1-date_of_birth_day": "2",
        "child-1-date_of_birth_month": "9",
        "child-1-date_of_birth_year": "2019",
        "child-1-sex": "F",
        "indicators": ["DEV-2-01"],
    }
    school.post(url, {**two_children, "action": "save"})
    stale = school.post(url, {**FORM, "child-0-given_name": "Rylee", "action": "save"})
    assert stale.status_code == 409
    others = _other_versions(stale.content.decode())
    assert others["child-0-given_name"].endswith("Riley")
    assert others["children"].endswith("Child 2: Maisie Sample, born 2 September 2019")
    assert "None ticked" not in others["indicators"]


@pytest.mark.parametrize("version", [None, "", "0", "abc", "-1", "1.5", "１"])
def test_a_save_that_does_not_say_its_version_is_refused_with_a_message(school, version):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    body = {**FORM, "worries": "Overwrite?", "action": "save"}
    if version is None:
        del body["version"]
    else:
        body["version"] = version
    refused = school.post(url, body)
    assert refused.status_code == 400
    assert "did not say which version of the draft it was based on" in refused.content.decode()
    assert Contact.objects.get(pk=pk).worries == ""
    # Its answers are kept, with the saved version beside them to combine.
    assert refused.context["form"]["worries"].value() == "Overwrite?"
    assert _hidden(refused.content.decode(), "theirs_version") == "1"

    autosaved = school.post(reverse("frontdoor:request-autosave", args=[pk]), body)
    assert autosaved.status_code == 400
    assert autosaved.json()["saved"] is False and "version" in autosaved.json()["message"]
    assert Contact.objects.get(pk=pk).worries == ""


def test_autosave_returns_the_new_version_and_refuses_stale_saves(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-autosave", args=[pk])
    first = school.post(url, {**FORM, "worries": "Half a sentence"}).json()
    assert first["saved"] is True and first["version"] == 2
    assert Contact.objects.get(pk=pk).worries == "Half a sentence"
    stale = school.post(url, {**FORM, "worries": "From another tab", "version": "1"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["saved"] is False and body["conflict"] is True and "version" not in body
    assert "Press “Save draft” to see both versions" in body["message"]
    assert Contact.objects.get(pk=pk).worries == "Half a sentence"


def test_submitting_an_incomplete_request_names_each_problem_and_keeps_the_draft(school):
    pk = start_draft(school)
    response = school.post(
        reverse("frontdoor:request-edit", args=[pk]),
        {
            **FORM,
            "strengths": "",
            "consent": "dispensed",
            "child-0-date_of_birth_year": "2031",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    for message in (
        "Describe the family",
        "Give the reason consent was dispensed with",
        "must be today or in the past",
    ):
        assert message in html
    assert Contact.objects.get(pk=pk).status == ContactStatus.DRAFT


def test_add_another_child_keeps_what_was_typed(school):
    pk = start_draft(school)
    response = school.post(
        reverse("frontdoor:request-edit", args=[pk]), {**FORM, "action": "add_child"}
    )
    assert response["Location"].endswith("?add=child")
    page = school.get(response["Location"])
    assert len(page.context["children"].forms) == 2
    assert Contact.objects.get(pk=pk).people.get().given_name == "Riley"


def test_one_agency_cannot_open_anothers_request(school):
    pk = start_draft(school)
    other = login(PartnerUserFactory())
    assert other.get(reverse("frontdoor:request-edit", args=[pk])).status_code == 404


def test_the_hub_queue_puts_overdue_first_then_red_and_shows_what_is_overdue(hub):
    late = ReceivedContactFactory(rag="green", due_at=dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC))
    red = ReceivedContactFactory(rag="red", due_at=dt.datetime(2026, 11, 23, 17, tzinfo=dt.UTC))
    amber = ReceivedContactFactory(rag="amber", due_at=dt.datetime(2026, 11, 24, 17, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)):
        response = hub.get(reverse("frontdoor:queue"))
    assert [c.pk for c in response.context["rows"]] == [late.pk, red.pk, amber.pk]
    assert [c.pk for c in response.context["overdue"]] == [late.pk]


def test_screening_shows_candidates_with_reasons(hub):
    known = ChildFactory(
        given_name="Riley", family_name="Sample", date_of_birth=dt.date(2017, 5, 14), sex="M"
    )
    contact = ContactChildFactory(given_name="Rilee").contact
    response = hub.get(reverse("frontdoor:screen", args=[contact.pk]))
    offers = response.context["people"][0]["candidates"]
    assert offers[0]["candidate"].person == known and offers[0]["shown"]
    assert "Date of birth agrees" in offers[0]["candidate"].reasons


def test_opening_a_contact_changes_nothing(hub):
    contact = ContactChildFactory().contact
    before = (contact.status, contact.screened_by_id, contact.updated_at)
    history = contact.history.count()
    page = hub.get(reverse("frontdoor:screen", args=[contact.pk]))
    assert page.status_code == 200
    assert "Nobody has started screening this contact yet" in page.content.decode()
    contact.refresh_from_db()
    assert (contact.status, contact.screened_by_id, contact.updated_at) == before
    assert contact.status == ContactStatus.RECEIVED
    assert contact.history.count() == history


def test_start_screening_is_a_post_and_stays_with_whoever_started(hub):
    contact = ReceivedContactFactory()
    url = reverse("frontdoor:start-screening", args=[contact.pk])
    assert hub.get(url).status_code == 405
    started = hub.post(url, follow=True)
    contact.refresh_from_db()
    first = contact.screened_by
    assert contact.status == ContactStatus.SCREENING and first is not None
    assert contact.screening_started_at is not None
    assert f"You are screening {contact.reference}" in started.content.decode()
    # Names are HTML-escaped on the page (an apostrophe in O'Donnell, say).
    assert f"Screened by <strong>{escape(first)}</strong>" in started.content.decode()
    queue = hub.get(reverse("frontdoor:queue")).content.decode()
    assert escape(first) in queue and "Not started" not in queue

    colleague = login(HubWorkerFactory(team=first.team))
    again = colleague.post(url, follow=True)
    contact.refresh_from_db()
    assert contact.screened_by == first
    assert f"{escape(first)} is already screening {contact.reference}" in again.content.decode()


def test_a_hub_worker_takes_over_a_contact_a_colleague_started_from_the_screening_page(hub):
    contact = ReceivedContactFactory()
    colleague = login(HubWorkerFactory(team=TeamFactory(slug="request-for-support-hub")))
    colleague.post(reverse("frontdoor:start-screening", args=[contact.pk]))
    contact.refresh_from_db()
    first = contact.screened_by

    page = hub.get(reverse("frontdoor:screen", args=[contact.pk])).content.decode()
    assert f"Take over this contact from {escape(first)}" in page
    own_page = colleague.get(reverse("frontdoor:screen", args=[contact.pk])).content.decode()
    assert "Take over this contact" not in own_page

    url = reverse("frontdoor:take-over", args=[contact.pk])
    refused = hub.post(url, {"reason": " "}, follow=True).content.decode()
    contact.refresh_from_db()
    assert contact.screened_by == first
    assert "Say why you are taking over this contact" in refused

    taken = hub.post(url, {"reason": "Off sick today"}, follow=True).content.decode()
    contact.refresh_from_db()
    assert contact.screened_by != first
    assert f"You have taken over {contact.reference} from {escape(first)}" in taken
    assert f"took over from {escape(first)}" in taken and "Off sick today" in taken
    assert "Take over this contact" not in taken
    queue = hub.get(reverse("frontdoor:queue"), {"show": "mine"})
    assert [c.pk for c in queue.context["rows"]] == [contact.pk]


def test_only_the_hub_starts_screening_and_never_a_draft(hub):
    contact = ReceivedContactFactory()
    url = reverse("frontdoor:start-screening", args=[contact.pk])
    assert login(PartnerUserFactory()).post(url).status_code == 403
    draft = DraftRequestFactory()
    assert hub.post(reverse("frontdoor:start-screening", args=[draft.pk])).status_code == 404
    contact.refresh_from_db()
    draft.refresh_from_db()
    assert contact.status == ContactStatus.RECEIVED and draft.status == ContactStatus.DRAFT


def test_a_decision_without_a_reason_is_refused_beside_the_field(hub):
    contact = ContactChildFactory(person=ChildFactory(), match_status="matched").contact
    response = hub.post(
        reverse("frontdoor:decide", args=[contact.pk]), {"outcome": "early_help", "reason": ""}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    contact.refresh_from_db()
    assert contact.status != ContactStatus.DECIDED


@pytest.mark.parametrize(
    "name", ["frontdoor:queue", "frontdoor:advice-line", "frontdoor:contact-new"]
)
def test_partners_and_other_teams_cannot_use_the_hub(name):
    for user in (PartnerUserFactory(), TeamManagerFactory(team=TeamFactory(slug="fostering"))):
        assert login(user).get(reverse(name)).status_code == 403


ADVICE = {
    "caller_agency_kind": "school",
    "caller_role": "Year 6 teacher",
    "advice": "Talk to your DSL today and submit a Request for Support if the worries continue.",
    "outcome": "submit_request",
}


def test_the_advice_line_refuses_identifying_details_with_them_highlighted(hub):
    from continuum.frontdoor.models import AdviceLineConsultation

    refused = hub.post(
        reverse("frontdoor:advice-line"),
        {**ADVICE, "question": "Tyler Smith, 3 Caunce St, FY1 3LA, dob 04/02/2015"},
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Remove the details that could identify the family" in html
    for words in ("Tyler Smith", "FY1 3LA", "04/02/2015"):
        assert f">{words}</mark>" in html
    assert AdviceLineConsultation.objects.count() == 0

    accepted = hub.post(
        reverse("frontdoor:advice-line"),
        {
            **ADVICE,
            "question": "Year 6 pupil, worries about neglect at home, advised to talk to the DSL",
        },
    )
    assert accepted.status_code == 302
    assert AdviceLineConsultation.objects.get().question.startswith("Year 6 pupil")


# -- The form agrees with the API: the same limits, beside the field ------------------------


def _child_rows(count: int) -> dict[str, str]:
    rows = {"child-TOTAL_FORMS": str(count)}
    for n in range(count):
        rows |= {
            f"child-{n}-given_name": f"Child{n}",
            f"child-{n}-family_name": "Sample",
            f"child-{n}-date_of_birth_day": "14",
            f"child-{n}-date_of_birth_month": "5",
            f"child-{n}-date_of_birth_year": "2017",
            f"child-{n}-sex": "U",
        }
    return rows


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"worries": "Hungry\x07"}, "worries", "hidden control character (U+0007, character 7)"),
        ({"worries": "x" * 20_001}, "worries", "must be 20,000 characters or fewer"),
        ({"family_town": "Black\x1bpool"}, "family_town", "Town contains a hidden control"),
        ({"child-0-given_name": "Ri\x0bley"}, "given_name", "Child 1's given name contains"),
        ({"child-0-date_of_birth_year": "1899"}, "date_of_birth", "1 January 1900 or later"),
        ({"child-0-date_of_birth_year": "9999"}, "date_of_birth", "must be today or in the past"),
        (
            {"child-0-date_of_birth_day": "31", "child-0-date_of_birth_month": "2"},
            "date_of_birth",
            "must be a real date",
        ),
        ({"referrer_email": "dee@"}, "referrer_email", "Enter a valid email address"),
        (
            {
                "child-0-date_of_birth_day": "",
                "child-0-date_of_birth_month": "",
                "child-0-date_of_birth_year": "",
                "child-0-expected_date_of_birth_day": "31",
                "child-0-expected_date_of_birth_month": "12",
                "child-0-expected_date_of_birth_year": "9999",
            },
            "expected_date_of_birth",
            "Child 1's expected date of birth must be within the next 10 months",
        ),
    ],
)
def test_an_answer_that_cannot_be_saved_is_kept_as_typed_and_the_rest_is_saved(
    school, changes, field, message
):
    """Issue 14, item 1: a draft with one invalid answer stored nothing, worries included."""
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    saved = school.post(url, {**FORM, **changes, "action": "save"}, follow=True)
    assert saved.status_code == 200
    children = saved.context["children"].forms
    form = children[0] if field in children[0].fields else saved.context["form"]
    assert any(message in e for e in form.errors.get(field, [])), form.errors
    html = saved.content.decode().replace("&#x27;", "'")
    assert message in html and "Some answers need fixing before you can send it" in html
    for name, typed in changes.items():  # kept as typed, in the field
        if typed and typed.isprintable() and len(typed) < 100:
            assert f'value="{typed}"' in html or f">{typed}</textarea>" in html, name
    contact = Contact.objects.get(pk=pk)
    assert contact.version == 2
    assert (contact.referrer_name, contact.strengths) == ("Alex Example", "Mum asks for help")
    if field != "worries":
        assert contact.worries == "Hungry at school"
    assert [p.given_name for p in contact.children] == ["" if field == "given_name" else "Riley"]
    held = contact.held_answers.get()
    assert message in held.problem
    assert set(changes) <= set(held.typed) | {k for k, v in changes.items() if not v}

    sent = school.post(url, {**FORM, **changes, "version": "2", "action": "submit"})
    assert sent.status_code == 400
    assert Contact.objects.get(pk=pk).status == ContactStatus.DRAFT

    autosaved = school.post(
        reverse("frontdoor:request-autosave", args=[pk]), {**FORM, **changes, "version": "3"}
    )
    body = autosaved.json()
    assert body["saved"] is True and body["version"] == 4
    assert [e["message"] for e in body["errors"]] == [held.problem]

    fixed = school.post(reverse("frontdoor:request-autosave", args=[pk]), {**FORM, "version": "4"})
    assert fixed.json()["errors"] == []
    assert not Contact.objects.get(pk=pk).held_answers.exists()


def test_beyond_what_any_draft_may_hold_nothing_is_saved(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    refused = school.post(url, {**FORM, **_child_rows(21), "action": "save"})
    assert refused.status_code == 400
    message = "Add at most 20 children to one request (this has 21)"
    assert message in refused.context["children"].forms[0].errors["given_name"]
    contact = Contact.objects.get(pk=pk)
    assert (contact.version, contact.worries) == (1, "")  # nothing saved
    autosaved = school.post(
        reverse("frontdoor:request-autosave", args=[pk]), {**FORM, **_child_rows(21)}
    )
    assert autosaved.json()["saved"] is False
    assert Contact.objects.get(pk=pk).version == 1


def test_a_nul_byte_in_the_form_is_kept_out_not_a_500(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-edit", args=[pk])
    saved = school.post(url, {**FORM, "strengths": "Mum\x00", "action": "save"}, follow=True)
    assert saved.status_code == 200
    assert saved.context["form"].errors["strengths"]
    contact = Contact.objects.get(pk=pk)
    assert contact.version == 2 and contact.strengths == ""
    assert contact.held_answers.get().typed == {"strengths": "Mum"}


def test_sending_shows_the_limits_and_what_is_missing_together(school):
    pk = start_draft(school)
    response = school.post(
        reverse("frontdoor:request-edit", args=[pk]),
        {**FORM, "worries": "Hungry\x07", "strengths": "", "action": "submit"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "hidden control character" in html and "Describe the family" in html
    assert Contact.objects.get(pk=pk).status == ContactStatus.DRAFT


def test_the_hubs_contact_form_applies_the_same_date_limits(hub):
    response = hub.post(
        reverse("frontdoor:contact-new"),
        {
            "kind": "phone",
            "rag": "amber",
            "worries": "Neighbour heard shouting",
            "child-TOTAL_FORMS": "1",
            "child-INITIAL_FORMS": "0",
            "adult-TOTAL_FORMS": "0",
            "adult-INITIAL_FORMS": "0",
            "child-0-given_name": "Riley",
            "child-0-family_name": "Sample",
            "child-0-date_of_birth_day": "1",
            "child-0-date_of_birth_month": "1",
            "child-0-date_of_birth_year": "1850",
            "child-0-sex": "U",
        },
    )
    assert response.status_code == 400
    child = response.context["children"].forms[0]
    assert (
        "Child 1's date of birth must be 1 January 1900 or later" in child.errors["date_of_birth"]
    )
    assert not Contact.objects.exists()


def test_opening_a_new_request_stores_nothing_until_something_is_typed(school):
    """Issue 14, item 2: "Start a new request" made a draft at once, so lists filled with
    "Unnamed" drafts."""
    page = school.get(reverse("frontdoor:request-new"))
    assert page.status_code == 200
    assert 'data-autosave-url="/hub/requests/new/autosave"' in page.content.decode()
    empty = {k: v for k, v in FORM.items() if k.endswith("_FORMS")} | {"child-0-sex": "U"}
    assert school.post(reverse("frontdoor:request-new-autosave"), empty).json()["saved"] is False
    nothing = school.post(reverse("frontdoor:request-new"), {**empty, "action": "save"})
    assert nothing.status_code == 400
    assert "There is nothing to save yet" in nothing.content.decode()
    assert not Contact.objects.exists()

    first = school.post(reverse("frontdoor:request-new-autosave"), {**empty, "worries": "Hungry"})
    body = first.json()
    contact = Contact.objects.get()
    assert (contact.status, contact.worries, body["version"]) == ("draft", "Hungry", 1)
    assert body["edit_url"] == reverse("frontdoor:request-edit", args=[contact.pk])
    assert body["autosave_url"] == reverse("frontdoor:request-autosave", args=[contact.pk])
    assert body["discard_url"] == reverse("frontdoor:request-discard", args=[contact.pk])


def test_the_author_discards_a_draft_which_is_kept_but_no_longer_listed(school):
    pk = start_draft(school)
    url = reverse("frontdoor:request-discard", args=[pk])
    edit = school.get(reverse("frontdoor:request-edit", args=[pk])).content.decode()
    assert f'href="{url}"' in edit
    confirm = school.get(url)
    assert "Discard this draft?" in confirm.content.decode()
    assert Contact.objects.get(pk=pk).status == ContactStatus.DRAFT

    done = school.post(url, follow=True)
    contact = Contact.objects.get(pk=pk)
    assert contact.status == ContactStatus.DISCARDED and contact.discarded_at is not None
    html = done.content.decode()
    assert "discarded" in html and "1 discarded draft is kept" in html
    assert not [c for c in done.context["contacts"] if c.pk == pk]
    assert contact.history.filter(status="draft").exists()  # its history is kept
    assert school.get(reverse("frontdoor:request-edit", args=[pk]), follow=True).status_code == 404
    stale = school.post(reverse("frontdoor:request-autosave", args=[pk]), {**FORM})
    assert stale.status_code == 409 and Contact.objects.get(pk=pk).worries == ""


def test_only_the_author_discards_a_draft_and_never_one_that_was_sent(school):
    pk = start_draft(school)
    colleague = login(PartnerUserFactory(agency=Contact.objects.get(pk=pk).agency))
    url = reverse("frontdoor:request-discard", args=[pk])
    assert colleague.get(url).status_code == 403
    assert colleague.post(url).status_code == 403
    assert Contact.objects.get(pk=pk).status == ContactStatus.DRAFT
    sent = ReceivedContactFactory(agency=Contact.objects.get(pk=pk).agency)
    assert school.post(reverse("frontdoor:request-discard", args=[sent.pk])).status_code == 302
    assert Contact.objects.get(pk=sent.pk).status == ContactStatus.RECEIVED


def test_the_hub_never_sees_a_discarded_draft(school, hub):
    pk = start_draft(school)
    school.post(reverse("frontdoor:request-discard", args=[pk]))
    assert hub.get(reverse("frontdoor:screen", args=[pk])).status_code == 404
    assert hub.post(reverse("frontdoor:start-screening", args=[pk])).status_code == 404


def test_a_late_check_answer_is_recorded_from_the_screening_page_and_shows_on_the_record(hub):
    from continuum.frontdoor.models import AgencyCheck

    TeamFactory(slug="early-help-hub")
    named = ContactChildFactory(person=ChildFactory(), match_status="matched")
    contact = named.contact
    hub.post(reverse("frontdoor:request-check", args=[contact.pk]), {"agency": "health"})
    hub.post(
        reverse("frontdoor:decide", args=[contact.pk]),
        {"outcome": "early_help", "reason": "Family struggling"},
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    check = AgencyCheck.objects.get(contact=contact)
    page = hub.get(reverse("frontdoor:screen", args=[contact.pk])).content.decode()
    assert "Record health late answer" in page

    done = hub.post(
        reverse("frontdoor:record-check", args=[contact.pk, check.pk]),
        {"summary": "Missed two appointments"},
        follow=True,
    ).content.decode()
    assert "Health check recorded" in done and "after the decision" in done
    manager = login(TeamManagerFactory(team=TeamFactory(slug="early-help-hub")))
    record = manager.get(reverse("people:detail", args=[named.person.pk]))
    assert "Missed two appointments" in record.content.decode()


PHONE = {
    "kind": "phone",
    "rag": "amber",
    "referrer_name": "A neighbour",
    "worries": "Heard shouting and a child crying late at night",
    "child-TOTAL_FORMS": "2",
    "child-INITIAL_FORMS": "0",
    "adult-TOTAL_FORMS": "1",
    "adult-INITIAL_FORMS": "0",
    "child-0-given_name": "Riley",
    "child-0-family_name": "Sample",
    "child-0-date_of_birth_day": "14",
    "child-0-date_of_birth_month": "5",
    "child-0-date_of_birth_year": "2017",
    "child-0-sex": "M",
    "child-1-given_name": "",
    "child-1-family_name": "Sample",
    "child-1-expected_date_of_birth_day": "1",
    "child-1-expected_date_of_birth_month": "2",
    "child-1-expected_date_of_birth_year": "2027",
    "child-1-sex": "U",
    "adult-0-given_name": "Dana",
    "adult-0-family_name": "Sample",
    "adult-0-relationship_to_child": "mother",
    "adult-0-lives_with_child": "yes",
}


def test_a_phone_contact_takes_several_children_and_the_adults_around_them(hub):
    """Issue 14, item 6: a phone contact took one child and no adults."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        form = hub.get(reverse("frontdoor:contact-new")).content.decode()
        assert "Add another child" in form and "Add a family member" in form
        added = hub.post(reverse("frontdoor:contact-new"), {**PHONE, "action": "add_adult"})
        assert added.status_code == 200 and len(added.context["adults"].forms) == 2
        assert 'value="Dana"' in added.content.decode()
        assert "govuk-error-summary" not in added.content.decode()
        assert not Contact.objects.exists()

        response = hub.post(reverse("frontdoor:contact-new"), {**PHONE, "action": "record"})
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = Contact.objects.get()
    people = [
        (
            p.role,
            p.given_name,
            p.relationship_to_child,
            p.lives_with_child,
            p.expected_date_of_birth,
        )
        for p in contact.people.order_by("id")
    ]
    assert people == [
        ("child", "Riley", "", None, None),
        ("child", "", "", None, dt.date(2027, 2, 1)),
        ("parent_carer", "Dana", "mother", True, None),
    ]


def test_family_links_confirmed_on_the_screening_page_show_on_each_record(hub):
    from continuum.frontdoor.models import ContactPerson, PersonRole
    from continuum.people.tests.factories import AdultFactory

    riley = ContactChildFactory(person=ChildFactory(given_name="Riley"), match_status="matched")
    contact = riley.contact
    mum = ContactPerson.objects.create(
        contact=contact,
        role=PersonRole.PARENT_CARER,
        given_name="Dana",
        family_name="Sample",
        relationship_to_child="mother",
        person=AdultFactory(given_name="Dana", family_name="Sample"),
        match_status="matched",
    )
    hub.post(reverse("frontdoor:start-screening", args=[contact.pk]))
    key = f"{mum.pk}-{riley.pk}"
    page = hub.get(reverse("frontdoor:screen", args=[contact.pk])).content.decode()
    assert f'name="link" type="checkbox" value="{key}" checked' in page
    assert "The referrer said: mother" in page

    done = hub.post(
        reverse("frontdoor:family-links", args=[contact.pk]),
        {"link": key, f"kind-{key}": "parent"},
        follow=True,
    ).content.decode()
    assert "1 family link recorded" in done and "Recorded</strong>" in done
    record = hub.get(reverse("people:detail", args=[riley.person_id])).content.decode()
    assert "No one recorded yet" not in record
    assert "Dana Sample" in record
