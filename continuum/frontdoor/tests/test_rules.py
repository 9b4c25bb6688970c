"""The Hub's rules, checked against real dates: due times, routing, and screening dates.

Bank holidays are checked against the `holidays` library directly (not through
core.calendar), so these tests would catch a calendar that had drifted from the real one.
"""

import datetime as dt
import tomllib
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.frontdoor.rules import (
    ASSESSMENT_AND_SUPPORT,
    BLACKPOOL_HUB_OPENING_HOURS,
    COMPLEX_NEEDS,
    EARLY_HELP_HUB,
    STRENGTHENING_AND_SUPPORTING_FAMILIES,
    TEAM_NAMES,
    DecisionFacts,
    FamilyLink,
    NamedInContact,
    NextStep,
    Outcome,
    Rag,
    assessment_due,
    counted_as_received,
    decision_due,
    family_links,
    hub_hours_on,
    is_overdue,
    is_re_referral,
    months_before,
    open_to_ssf_within,
    opening_hours_from_config,
    queue_sort_key,
    rag_order,
    relationship_kind_from_words,
    route_decision,
)

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
D = dt.date
CONFIG = Path(__file__).resolve().parents[3] / "config" / "blackpool.toml"

ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, 2030))
BANK_HOLIDAYS_2026 = {
    D(2026, 1, 1),
    D(2026, 4, 3),
    D(2026, 4, 6),
    D(2026, 5, 4),
    D(2026, 5, 25),
    D(2026, 8, 31),
    D(2026, 12, 25),
    D(2026, 12, 28),
}


def london(year, month, day, hour=0, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def real_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND


def test_the_real_calendar_has_the_2026_bank_holidays_these_tests_rely_on():
    observed = {day for day in ENGLAND if day.year == 2026 and day.weekday() < 5}
    assert observed == BANK_HOLIDAYS_2026


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        (D(2026, 1, 12), "Monday"),
        (D(2026, 1, 15), "Thursday"),
        (D(2026, 3, 27), "Friday"),
        (D(2026, 4, 2), "Thursday"),
        (D(2026, 5, 22), "Friday"),
        (D(2026, 10, 23), "Friday"),
        (D(2026, 12, 24), "Thursday"),
        (D(2026, 12, 31), "Thursday"),
    ],
)
def test_the_dates_in_these_tables_fall_on_the_days_they_claim(day, weekday):
    assert day.strftime("%A") == weekday


# --- when a decision is due ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "rag", "due"),
    [
        # Thursday before Easter: Good Friday and Easter Monday are closed
        (london(2026, 4, 2, 16, 0), "red", london(2026, 4, 2, 17, 0)),
        (london(2026, 4, 2, 16, 0), "amber", london(2026, 4, 7, 17, 0)),
        (london(2026, 4, 2, 16, 0), "green", london(2026, 4, 7, 17, 0)),
        # received on Good Friday: counted from Tuesday 09:00
        (london(2026, 4, 3, 10, 0), "red", london(2026, 4, 7, 17, 0)),
        (london(2026, 4, 3, 10, 0), "amber", london(2026, 4, 8, 17, 0)),
        # Friday 16:45, after Friday's 16:30 closing; the clocks go forward that weekend
        (london(2026, 3, 27, 16, 45), "red", london(2026, 3, 30, 17, 0)),
        (london(2026, 3, 27, 16, 45), "green", london(2026, 3, 31, 17, 0)),
        # Friday 16:29, a minute before closing
        (london(2026, 3, 27, 16, 29), "red", london(2026, 3, 27, 16, 30)),
        (london(2026, 3, 27, 16, 29), "amber", london(2026, 3, 30, 17, 0)),
        # Christmas Eve (a Thursday): Christmas Day, the weekend, and Boxing Day's substitute
        (london(2026, 12, 24, 10, 0), "red", london(2026, 12, 24, 17, 0)),
        (london(2026, 12, 24, 10, 0), "amber", london(2026, 12, 29, 17, 0)),
        (london(2026, 12, 24, 18, 0), "red", london(2026, 12, 29, 17, 0)),
        (london(2026, 12, 24, 18, 0), "green", london(2026, 12, 30, 17, 0)),
        # New Year's Eve: New Year's Day (Friday) is closed
        (london(2026, 12, 31, 16, 0), "amber", london(2027, 1, 4, 17, 0)),
        # red at 08:00 Monday, before opening
        (london(2026, 1, 12, 8, 0), "red", london(2026, 1, 12, 17, 0)),
        (london(2026, 1, 12, 8, 0), "amber", london(2026, 1, 13, 17, 0)),
        # opening is inclusive, closing exclusive
        (london(2026, 1, 12, 9, 0), "red", london(2026, 1, 12, 17, 0)),
        (london(2026, 1, 12, 17, 0), "red", london(2026, 1, 13, 17, 0)),
        # green at 16:59 Thursday: due when the Hub closes on Friday, at 16:30
        (london(2026, 1, 15, 16, 59), "green", london(2026, 1, 16, 16, 30)),
        # a Saturday contact counts from Monday 09:00
        (london(2026, 1, 10, 12, 0), "amber", london(2026, 1, 13, 17, 0)),
        (london(2026, 1, 10, 12, 0), "red", london(2026, 1, 12, 17, 0)),
        # Friday before the Spring bank holiday
        (london(2026, 5, 22, 12, 0), "amber", london(2026, 5, 26, 17, 0)),
        # the clocks go back on Sunday 25 October 2026
        (london(2026, 10, 23, 12, 0), "amber", london(2026, 10, 26, 17, 0)),
    ],
)
def test_decision_due(received, rag, due):
    result = decision_due(received, rag)
    assert result == due
    assert result.tzinfo == LONDON
    assert (result.hour, result.minute) == (due.hour, due.minute)


@pytest.mark.parametrize(
    ("received", "counted"),
    [
        (london(2026, 3, 27, 16, 45), london(2026, 3, 30, 9, 0)),
        (london(2026, 4, 2, 16, 0), london(2026, 4, 2, 16, 0)),
        (london(2026, 4, 4, 3, 0), london(2026, 4, 7, 9, 0)),
        (london(2026, 1, 12, 8, 59), london(2026, 1, 12, 9, 0)),
    ],
)
def test_contacts_out_of_hours_count_from_the_next_opening(received, counted):
    assert counted_as_received(received) == counted


def test_due_times_are_the_same_whatever_zone_the_receipt_arrives_in():
    # 15:00 UTC on 2 April 2026 is 16:00 in London (British Summer Time)
    in_utc = dt.datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    assert decision_due(in_utc, "amber") == london(2026, 4, 7, 17, 0)
    # 16:15 UTC is 17:15 in London: after closing, so red is due the next working day
    assert decision_due(dt.datetime(2026, 4, 2, 16, 15, tzinfo=UTC), "red") == london(
        2026, 4, 7, 17, 0
    )
    # the clocks went back: 17:00 London on 26 October 2026 is 17:00 UTC
    assert decision_due(london(2026, 10, 23, 12), "amber").astimezone(UTC).hour == 17


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        decision_due(dt.datetime(2026, 4, 2, 16, 0), "red")  # noqa: DTZ001


@pytest.mark.parametrize("rag", ["RED", "Red", Rag.RED])
def test_rag_is_read_in_any_case(rag):
    assert decision_due(london(2026, 4, 2, 10), rag) == london(2026, 4, 2, 17)


@pytest.mark.parametrize("rag", ["purple", "", None])
def test_an_unknown_rag_is_refused(rag):
    with pytest.raises(ValueError, match="red, amber or green"):
        decision_due(london(2026, 4, 2, 10), rag)


def test_bank_holidays_are_closed_whatever_the_opening_hours_say():
    assert hub_hours_on(D(2026, 4, 6)) is None  # Easter Monday
    assert hub_hours_on(D(2026, 4, 4)) is None  # Saturday
    assert hub_hours_on(D(2026, 4, 10)) == (london(2026, 4, 10, 9), london(2026, 4, 10, 16, 30))


def test_the_default_hours_are_blackpools_config():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert opening_hours_from_config(config["hub_opening_hours"]) == dict(
        BLACKPOOL_HUB_OPENING_HOURS
    )


def test_an_authority_can_override_the_opening_hours():
    hours = opening_hours_from_config(
        {day: ["08:30", "17:30"] for day in ("monday", "tuesday", "wednesday", "thursday")}
        | {"friday": ["08:30", "17:00"], "saturday": ["10:00", "12:00"]}
    )
    assert decision_due(london(2026, 1, 15, 16, 59), "green", opening_hours=hours) == london(
        2026, 1, 16, 17, 0
    )
    # Saturday hours count only where the authority's calendar makes Saturday a working day
    friday_evening = london(2026, 1, 16, 18, 0)
    assert decision_due(friday_evening, "red", opening_hours=hours) == london(2026, 1, 19, 17, 30)

    def saturdays_too(day: dt.date) -> bool:
        return day.weekday() == 5 or real_working_day(day)

    assert decision_due(
        friday_evening, "red", opening_hours=hours, is_working_day=saturdays_too
    ) == london(2026, 1, 17, 12, 0)


def test_an_authority_can_close_on_extra_days():
    def closed_christmas_eve(day: dt.date) -> bool:
        return real_working_day(day) and day != D(2026, 12, 24)

    due = decision_due(london(2026, 12, 24, 10), "red", is_working_day=closed_christmas_eve)
    assert due == london(2026, 12, 29, 17)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"funday": ["09:00", "17:00"]}, "Unknown day"),
        ({"monday": ["17:00", "09:00"]}, "must close after it opens"),
        ({"monday": ["09:00"]}, "must be \\[opening, closing\\]"),
        ({"monday": "09:00-17:00"}, "must be \\[opening, closing\\]"),
        ({}, "at least one day"),
    ],
)
def test_bad_opening_hours_are_refused(table, message):
    with pytest.raises(ValueError, match=message):
        opening_hours_from_config(table)


def test_a_hub_that_never_opens_is_an_error_not_a_hang():
    with pytest.raises(ValueError, match="does not open"):
        decision_due(london(2026, 1, 12, 10), "amber", is_working_day=lambda day: False)


receipts = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001 (Hypothesis attaches the zone)
    max_value=dt.datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([LONDON, UTC, ZoneInfo("America/New_York")]),
)


@given(receipts, st.sampled_from(list(Rag)))
def test_a_decision_is_due_after_receipt_at_a_closing_time_on_a_working_day(received, rag):
    due = decision_due(received, rag)
    assert due > received
    assert real_working_day(due.date())
    assert due.timetz().replace(tzinfo=None) == BLACKPOOL_HUB_OPENING_HOURS[due.weekday()][1]
    assert counted_as_received(received) < due
    # never more than a week and a half, even over Christmas and New Year
    assert due - received < dt.timedelta(days=10)


@given(receipts)
def test_red_is_never_due_later_than_amber_and_amber_is_due_with_green(received):
    red, amber, green = (decision_due(received, rag) for rag in ("red", "amber", "green"))
    assert red < amber == green
    # amber is due at the close of the very next day the Hub opens after red's day
    between = red.date() + dt.timedelta(days=1)
    while between < amber.date():
        assert not real_working_day(between)
        between += dt.timedelta(days=1)


# --- the Hub queue ---------------------------------------------------------------------------


def test_the_queue_is_overdue_first_then_red_then_amber_then_green_then_by_due_time():
    now = london(2026, 4, 6, 12)
    contacts = [
        ("green", london(2026, 4, 7, 17)),
        ("amber", london(2026, 4, 8, 17)),
        ("red", london(2026, 4, 7, 17)),
        ("amber", london(2026, 4, 7, 17)),
        ("Red", london(2026, 4, 6, 17)),
        ("green", london(2026, 4, 6, 17)),
        ("green", london(2026, 4, 2, 17)),  # four days overdue
        ("amber", london(2026, 4, 3, 17)),  # three days overdue
        ("red", london(2026, 4, 6, 11, 59)),  # a minute overdue
    ]
    ordered = sorted(contacts, key=lambda contact: queue_sort_key(*contact, now))
    assert ordered == [
        ("green", london(2026, 4, 2, 17)),
        ("amber", london(2026, 4, 3, 17)),
        ("red", london(2026, 4, 6, 11, 59)),
        ("Red", london(2026, 4, 6, 17)),
        ("red", london(2026, 4, 7, 17)),
        ("amber", london(2026, 4, 7, 17)),
        ("amber", london(2026, 4, 8, 17)),
        ("green", london(2026, 4, 6, 17)),
        ("green", london(2026, 4, 7, 17)),
    ]


def test_a_contact_due_exactly_now_is_not_yet_overdue_in_the_queue():
    now = london(2026, 4, 6, 12)
    assert queue_sort_key("green", now, now)[0] == 1


def test_rag_order():
    assert [rag_order(rag) for rag in ("red", "amber", "green")] == [0, 1, 2]


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (london(2026, 4, 2, 16, 59), False),
        (london(2026, 4, 2, 17, 0), False),
        (london(2026, 4, 2, 17, 1), True),
        (dt.datetime(2026, 4, 2, 16, 1, tzinfo=UTC), True),
    ],
)
def test_is_overdue(now, overdue):
    assert is_overdue(london(2026, 4, 2, 17, 0), now) is overdue


# --- routing a decision ----------------------------------------------------------------------

SH, STAT, SPEC, EH, SIGN, DECL = (
    Outcome.SIGNIFICANT_HARM,
    Outcome.STATUTORY_ASSESSMENT,
    Outcome.SPECIALIST_ASSESSMENT,
    Outcome.EARLY_HELP,
    Outcome.SIGNPOST,
    Outcome.FAMILY_DECLINED,
)
STRAT, CAFA, SPEC_A, EHR, SIGNPOSTING, CLOSED = (
    NextStep.STRATEGY_DISCUSSION,
    NextStep.CHILD_AND_FAMILY_ASSESSMENT,
    NextStep.SPECIALIST_ASSESSMENT,
    NextStep.EARLY_HELP_REQUEST,
    NextStep.SIGNPOSTING,
    NextStep.CLOSED_NO_FURTHER_ACTION,
)
AS, SSF, CN, EHH = (
    ASSESSMENT_AND_SUPPORT,
    STRENGTHENING_AND_SUPPORTING_FAMILIES,
    COMPLEX_NEEDS,
    EARLY_HELP_HUB,
)

ROUTING_TABLE = [
    # outcome, open to SSF in 6 months, family consents -> next step, team, seek consent
    # significant harm: strategy discussion by Assessment and Support, whatever the family says
    (SH, False, True, STRAT, AS, False),
    (SH, False, None, STRAT, AS, False),
    (SH, False, False, STRAT, AS, False),
    (SH, True, True, STRAT, AS, False),
    (SH, True, None, STRAT, AS, False),
    (SH, True, False, STRAT, AS, False),
    # statutory need: CAFA by Assessment and Support, or back to SSF; a refusal is respected
    (STAT, False, True, CAFA, AS, False),
    (STAT, False, None, CAFA, AS, True),
    (STAT, False, False, CLOSED, None, False),
    (STAT, True, True, CAFA, SSF, False),
    (STAT, True, None, CAFA, SSF, True),
    (STAT, True, False, CLOSED, None, False),
    # specialist assessment: Complex Needs, even for a child recently open to SSF
    (SPEC, False, True, SPEC_A, CN, False),
    (SPEC, False, None, SPEC_A, CN, True),
    (SPEC, False, False, CLOSED, None, False),
    (SPEC, True, True, SPEC_A, CN, False),
    (SPEC, True, None, SPEC_A, CN, True),
    (SPEC, True, False, CLOSED, None, False),
    # struggling, no significant harm: the Early Help Hub agrees the lead agency
    (EH, False, True, EHR, EHH, False),
    (EH, False, None, EHR, EHH, True),
    (EH, False, False, CLOSED, None, False),
    (EH, True, True, EHR, EHH, False),
    (EH, True, None, EHR, EHH, True),
    (EH, True, False, CLOSED, None, False),
    # no assessment needed: signposting, recorded, no team
    (SIGN, False, True, SIGNPOSTING, None, False),
    (SIGN, False, None, SIGNPOSTING, None, False),
    (SIGN, False, False, CLOSED, None, False),
    (SIGN, True, True, SIGNPOSTING, None, False),
    (SIGN, True, None, SIGNPOSTING, None, False),
    (SIGN, True, False, CLOSED, None, False),
    # family declines, no significant harm: respected, closed
    (DECL, False, None, CLOSED, None, False),
    (DECL, False, False, CLOSED, None, False),
    (DECL, True, None, CLOSED, None, False),
    (DECL, True, False, CLOSED, None, False),
]


@pytest.mark.parametrize(
    ("outcome", "ssf", "consents", "next_step", "team", "seek_consent"), ROUTING_TABLE
)
def test_route_decision(outcome, ssf, consents, next_step, team, seek_consent):
    route = route_decision(
        DecisionFacts(outcome, ssf_open_within_6_months=ssf, family_consents=consents)
    )
    assert (route.next_step, route.team, route.seek_consent) == (next_step, team, seek_consent)
    if team is not None:
        assert TEAM_NAMES[team] in route.explanation
        assert TEAM_NAMES[team] in route.referrer_outcome


def test_the_routing_table_covers_every_combination():
    covered = {(row[0], row[1], row[2]) for row in ROUTING_TABLE}
    every = {
        (outcome, ssf, consents)
        for outcome in Outcome
        for ssf in (False, True)
        for consents in (True, None, False)
        if not (outcome is DECL and consents is True)
    }
    assert covered == every


def test_a_family_cannot_both_decline_and_consent():
    with pytest.raises(ValueError, match="declined"):
        route_decision(DecisionFacts(DECL, family_consents=True))


@pytest.mark.parametrize(
    ("facts", "phrases"),
    [
        (
            DecisionFacts(SH, family_consents=False),
            ["refusal does not stop the enquiry", "record why consent was dispensed with"],
        ),
        (
            DecisionFacts(SH, ssf_open_within_6_months=True),
            ["Section 47 enquiry", "involve their previous social worker"],
        ),
        (
            DecisionFacts(STAT, family_consents=False),
            ["respected", "section 17", "needs the family's agreement"],
        ),
        (DecisionFacts(EH, family_consents=False), ["respected", "no further action"]),
        (
            DecisionFacts(STAT, ssf_open_within_6_months=True, family_consents=True),
            ["goes back to that team", "relationships"],
        ),
        (
            DecisionFacts(SPEC, ssf_open_within_6_months=True, family_consents=True),
            ["Complex Needs", "tell their previous social worker"],
        ),
        (DecisionFacts(STAT), ["seek it before the work starts"]),
        (DecisionFacts(EH, family_consents=True), ["which agency is best placed"]),
        (DecisionFacts(SIGN), ["No assessment is needed", "recorded"]),
    ],
)
def test_the_explanation_says_why(facts, phrases):
    explanation = route_decision(facts).explanation
    for phrase in phrases:
        assert phrase in explanation


def test_an_authority_may_send_section_47_enquiries_back_to_ssf():
    facts = DecisionFacts(SH, ssf_open_within_6_months=True)
    route = route_decision(facts, ssf_leads_section_47=True)
    assert (route.next_step, route.team) == (STRAT, SSF)
    not_open = route_decision(DecisionFacts(SH), ssf_leads_section_47=True)
    assert not_open.team == AS


def test_outcomes_given_as_their_stored_values_route_the_same():
    route = route_decision(DecisionFacts("statutory_assessment", family_consents=True))  # type: ignore[arg-type]
    assert (route.next_step, route.team) == (CAFA, AS)


def test_the_teams_are_the_authority_configs_teams():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    configured = {team["slug"]: team["name"] for team in config["teams"]}
    for slug, name in TEAM_NAMES.items():
        assert configured[slug] == name


def test_what_the_referrer_is_told_never_names_a_slug():
    for outcome, ssf, consents, *_ in ROUTING_TABLE:
        route = route_decision(
            DecisionFacts(outcome, ssf_open_within_6_months=ssf, family_consents=consents)
        )
        assert route.referrer_outcome
        assert not any(slug in route.referrer_outcome for slug in TEAM_NAMES)


def test_every_next_step_has_a_label():
    assert NextStep.STRATEGY_DISCUSSION.label == "Strategy discussion, then Section 47 enquiry"
    assert len({step.label for step in NextStep}) == len(NextStep)


# --- Child and Family Assessment due date ----------------------------------------------------


@pytest.mark.parametrize(
    ("referral", "due"),
    [
        (D(2026, 11, 20), D(2027, 1, 27)),
        (D(2026, 12, 1), D(2027, 2, 5)),
        (D(2026, 12, 21), D(2027, 2, 25)),
        (D(2026, 12, 24), D(2027, 3, 2)),
        # a referral on Christmas Day counts from the next working day, like one on Christmas Eve
        (D(2026, 12, 25), D(2027, 3, 2)),
        (D(2026, 4, 2), D(2026, 6, 10)),  # over Easter, Early May and Spring bank holidays
    ],
)
def test_assessment_due_45_working_days_from_the_referral(referral, due):
    assert assessment_due(referral) == due


def test_assessment_due_takes_an_aware_datetime_as_its_london_date():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert assessment_due(late) == assessment_due(D(2026, 7, 1))
    assert assessment_due(late) != assessment_due(D(2026, 6, 30))


@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2028, 12, 31)))
def test_assessment_due_is_the_45th_real_working_day_after_the_referral(referral):
    due = assessment_due(referral)
    assert real_working_day(due)
    days = [referral + dt.timedelta(days=n) for n in range(1, (due - referral).days + 1)]
    assert sum(real_working_day(day) for day in days) == 45


# --- re-referrals and recent SSF involvement -------------------------------------------------


@pytest.mark.parametrize(
    ("referral", "previous", "expected"),
    [
        (D(2026, 4, 2), [D(2025, 4, 2)], True),  # exactly 12 months
        (D(2026, 4, 3), [D(2025, 4, 2)], False),  # 12 months and a day
        (D(2026, 4, 2), [D(2025, 4, 3)], True),
        (D(2026, 4, 2), [D(2026, 4, 1)], True),
        (D(2026, 4, 2), [D(2026, 4, 2)], False),  # the same day is the same episode
        (D(2026, 4, 2), [D(2026, 5, 1)], False),  # a later referral is not a previous one
        (D(2026, 4, 2), [], False),
        (D(2026, 4, 2), [D(2020, 1, 1), D(2025, 1, 1), D(2025, 6, 1)], True),
        (D(2025, 2, 28), [D(2024, 2, 29)], True),  # leap day: 12 months before is 28 Feb
        (D(2025, 3, 1), [D(2024, 2, 29)], False),
        (D(2028, 2, 29), [D(2027, 2, 28)], True),
        (D(2028, 2, 29), [D(2027, 2, 27)], False),
    ],
)
def test_is_re_referral(referral, previous, expected):
    assert is_re_referral(referral, previous) is expected


@pytest.mark.parametrize(
    ("closures", "on", "expected"),
    [
        ([D(2026, 4, 15)], D(2026, 10, 15), True),  # exactly 6 months
        ([D(2026, 4, 14)], D(2026, 10, 15), False),
        ([None], D(2026, 10, 15), True),  # still open
        ([], D(2026, 10, 15), False),
        ([D(2025, 1, 1), D(2026, 9, 1)], D(2026, 10, 15), True),
        ([D(2026, 2, 28)], D(2026, 8, 31), True),  # 6 months before 31 August is 28 February
        ([D(2026, 2, 27)], D(2026, 8, 31), False),
    ],
)
def test_open_to_ssf_within(closures, on, expected):
    assert open_to_ssf_within(closures, on) is expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 4, 2), 12, D(2025, 4, 2)),
        (D(2026, 1, 15), 1, D(2025, 12, 15)),
        (D(2026, 3, 31), 1, D(2026, 2, 28)),
        (D(2028, 3, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 31), 6, D(2026, 2, 28)),
        (D(2026, 12, 31), 0, D(2026, 12, 31)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_months_before_refuses_negative_months():
    with pytest.raises(ValueError):
        months_before(D(2026, 1, 1), -1)


def test_the_default_hours_cannot_be_changed_by_accident():
    assert isinstance(BLACKPOOL_HUB_OPENING_HOURS, MappingProxyType)
    with pytest.raises(TypeError):
        BLACKPOOL_HUB_OPENING_HOURS[5] = (dt.time(9), dt.time(12))  # type: ignore[index]


# --- family links stated in a contact -------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("mother", "parent"),
        ("Mum", "parent"),
        ("birth father", "parent"),
        ("Dad (not living at home)", "parent"),
        ("step-dad", "step_parent"),
        ("Stepmother", "step_parent"),
        ("maternal grandmother", "grandparent"),
        ("Nan", "grandparent"),
        ("foster carer", "carer"),
        ("Special guardian", "carer"),
        ("half-brother", "half_sibling"),
        ("older sister", "sibling"),
        ("Mum's partner", "other"),
        ("aunt", "other"),
        ("family friend", "other"),
        ("", "other"),
        ("Mumbai", "other"),
    ],
)
def test_relationship_kind_from_a_referrer_s_words(words, kind):
    assert relationship_kind_from_words(words) == kind


def test_a_contact_states_each_adult_to_each_child_and_the_children_as_siblings():
    named = [
        NamedInContact(1, True),
        NamedInContact(2, True),
        NamedInContact(3, False, "mother", True),
        NamedInContact(4, False, "grandad", False),
    ]
    assert family_links(named) == [
        FamilyLink(3, 1, "parent"),
        FamilyLink(3, 2, "parent"),
        FamilyLink(4, 1, "grandparent"),
        FamilyLink(4, 2, "grandparent"),
        FamilyLink(1, 2, "sibling"),
    ]
    assert family_links([NamedInContact(1, True)]) == []
