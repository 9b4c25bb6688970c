"""Identifying-detail detection for Advice Line notes (no database needed).

Every name, number and address here is invented: phone numbers are from Ofcom's drama
ranges, the NHS number is in the 999 range that is never issued, the National Insurance
number uses a prefix that is never issued.
"""

import socket

import pytest

from continuum.frontdoor.identifying import (
    KINDS,
    Finding,
    find_identifying_details,
    get_detector,
    highlight,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifying_details(text)]


def test_acceptance_case_is_refused_with_every_detail_found():
    text = "Tyler Smith, 3 Caunce St, FY1 3LA, dob 04/02/2015"
    assert kinds(text) == [
        ("name", "Tyler Smith"),
        ("address", "3 Caunce St"),
        ("postcode", "FY1 3LA"),
        ("date_of_birth", "04/02/2015"),
    ]


def test_acceptance_case_clean_note_is_accepted():
    assert (
        find_identifying_details(
            "Year 6 pupil, worries about neglect at home, advised to talk to the DSL"
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        # names
        ("Caller gave the child's name as Kayden and said he is in Year 4.", "name", "Kayden"),
        ("Mrs Khan the DSL rang about a Year 4 boy.", "name", "Mrs Khan"),
        ("Teacher is worried about the Fletcher family.", "name", "Fletcher"),
        ("Kacper's mum has asked for help with routines.", "name", "Kacper"),
        ("Mum's new boyfriend is called Zayn.", "name", "Zayn"),
        ("Mother is gemma davidson and she is 24.", "name", "gemma davidson"),
        ("Grandma, GUNBIR GLEDHILL, is the main carer.", "name", "GUNBIR GLEDHILL"),
        ("Sister Hope is 9 and also worried.", "name", "Hope"),
        ("Lacey-Mae has not been in school since Monday.", "name", "Lacey-Mae"),
        ("Spoke to Oliwia about her brother.", "name", "Oliwia"),
        # dates of birth
        ("dob 04/02/2015", "date_of_birth", "04/02/2015"),
        ("born 4th Feb 2015", "date_of_birth", "4th Feb 2015"),
        ("dob 4.2.15", "date_of_birth", "4.2.15"),
        ("DOB: 2015-02-04", "date_of_birth", "2015-02-04"),
        ("Her birthday is 4th February and she will be 10.", "date_of_birth", "4th February"),
        ("Child born in March 2016 with a heart condition.", "date_of_birth", "March 2016"),
        ("Referral was made on February 4th 2015 by the GP.", "date_of_birth", "February 4th 2015"),
        # addresses
        ("Lives at 14 Talbot Road with Nan.", "address", "14 Talbot Road"),
        ("Address given as Flat 2, 14a Hornby Rd.", "address", "Flat 2, 14a Hornby Rd"),
        ("Family moved to Marram Close last month.", "address", "Marram Close"),
        ("He lives with his nan on Hope Street.", "address", "Hope Street"),
        ("Staying at 3 caunce st for now.", "address", "3 caunce st"),
        # postcodes
        ("Postcode FY1 3LA.", "postcode", "FY1 3LA"),
        ("postcode fy4 2bd", "postcode", "fy4 2bd"),
        ("Postcode FY13LA given.", "postcode", "FY13LA"),
        # phone numbers
        ("Mum's mobile is 07700 900123.", "phone", "07700 900123"),
        ("Ring Nan on 0161 496 0123 after 3pm.", "phone", "0161 496 0123"),
        ("Dad on +44 7700 900456.", "phone", "+44 7700 900456"),
        ("Landline (01632) 960321.", "phone", "(01632) 960321"),
        # email, NHS, NI
        ("Mum can be emailed on jo.bloggs@example.com.", "email", "jo.bloggs@example.com"),
        ("NHS number 999 000 0018 was read out.", "nhs_number", "999 000 0018"),
        ("NHS no 9990000018.", "nhs_number", "9990000018"),
        ("Dad's NI number is QQ 12 34 56 C.", "ni_number", "QQ 12 34 56 C"),
        # schools
        ("DSL at Revoe Primary rang.", "school", "Revoe Primary"),
        ("She is in Year 8 at St Mary's Catholic Academy.", "school", "St Mary's Catholic Academy"),
        ("He goes to Beacon Hill High School.", "school", "Beacon Hill High School"),
        ("Attends St Wilfrid's C of E Primary.", "school", "St Wilfrid's C of E Primary"),
    ],
)
def test_each_kind_is_found(text, kind, found):
    assert (kind, found) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Health visitor calling about a 2-year-old, Mum says Dad has been violent, "
        "advised to submit a Request for Support.",
        "Nan is caring for the children; Grandad died in March.",
        "Teacher worried about a girl who has come in hungry since May half-term.",
        "Boy seen near Squires Gate and in Stanley Park late at night; discussed Awaken.",
        "There is little hope that Dad will engage. Hope is that Mum accepts help.",
        "May need a CAFA if things escalate. Will ring back after speaking to the DSL.",
        "Young Carers could support the pupil. Young person says she feels safe at Nan's.",
        "Grace period agreed with the landlord. Mark on his arm noticed by the PE teacher.",
        "Seen on 3 March by the health visitor; meeting on Monday at 10:30.",
        "Advised a Families in Need referral and CAMHS; Level 3, Section 47 not needed.",
        "Caller was given the Hub line 01253 477299.",
        "He was seen at the Talbot Road bus station at 3pm on a school day.",
        "Mum works at the Pleasure Beach; the family moved from Preston last year.",
        "The child is 15 and three-quarters and in Year 11 at a local primary school.",
        "Older brother is involved with Streetlife; Mum uses Sertraline.",
        "Completed CE2 at 4pm with the Awaken team.",
        "The family speak Tigrinya and moved to Mablethorpe in the summer.",
    ],
)
def test_clean_tricky_notes_are_accepted(text):
    assert find_identifying_details(text) == []


def test_findings_carry_offsets_kind_and_explanation():
    text = "Child is Tyler Smith."
    [finding] = find_identifying_details(text)
    assert isinstance(finding, Finding)
    assert text[finding.start : finding.end] == finding.text == "Tyler Smith"
    assert finding.kind in KINDS
    assert "name" in finding.explanation


def test_empty_and_blank_notes():
    assert find_identifying_details("") == []
    assert find_identifying_details("   \n ") == []


def test_highlight_marks_findings_and_escapes_everything_else():
    text = "<script>alert(1)</script> Tyler Smith & Mum <b>"
    html = highlight(text, find_identifying_details(text))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp; Mum &lt;b&gt;" in html
    assert '<mark class="identifying" data-kind="name"' in html
    assert ">Tyler Smith</mark>" in html


def test_highlight_escapes_inside_marks_and_attributes():
    finding = Finding(0, 9, '<b>x</b>"', "name", 'Say "the child" <instead>')
    html = str(highlight('<b>x</b>" rest', [finding]))
    assert html.startswith('<mark class="identifying" data-kind="name" title="Say &quot;the child')
    assert "&lt;instead&gt;" in html
    assert ">&lt;b&gt;x&lt;/b&gt;&quot;</mark> rest" in html


def test_highlight_without_findings_is_just_escaped_text():
    assert str(highlight("a < b", [])) == "a &lt; b"


def test_detector_is_built_once_and_works_offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the detector tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert get_detector() is get_detector()
    assert kinds("Email jo.bloggs@example.co.uk") == [("email", "jo.bloggs@example.co.uk")]


@pytest.mark.parametrize(
    "text",
    [
        "The child has Crohn's disease and misses school.",
        "She has Crohn's.",
        "Mum says the boy has Crohns and is often in hospital.",
        "Diagnosed with Turner syndrome last year.",
        "He has Tourette's and Asperger's.",
        "Bell's palsy last winter.",
    ],
)
def test_conditions_named_after_people_are_not_names(text):
    """Issue 14, item 7: the Advice Line flagged "Crohn's" as a name."""
    assert find_identifying_details(text) == []


def test_a_surname_shared_with_a_condition_is_still_a_name():
    assert [f.text for f in find_identifying_details("Jack Turner is 7.")] == ["Jack Turner"]
