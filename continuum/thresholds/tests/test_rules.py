"""The Continuum of Need: the catalogue file, the level suggestion and the comparison wording."""

import copy
import json
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuum.thresholds.catalogue import (
    DEFAULT_PATH,
    Catalogue,
    CatalogueError,
    default_catalogue,
    load_catalogue,
    parse_catalogue,
)
from continuum.thresholds.rules import (
    LEVEL_NAMES,
    STRENGTHEN_COUNT,
    Agreement,
    Tick,
    compare_levels,
    suggest_level,
)

DOMAINS = ("developmental-needs", "parenting-capacity", "family-and-environment")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return default_catalogue()


@pytest.fixture
def raw() -> dict:
    return tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


# --- the shipped catalogue -------------------------------------------------------------------


def test_levels_are_the_four_named_in_the_seeds(catalogue):
    assert [level.label for level in catalogue.levels] == [
        "Level 1 Universal",
        "Level 2 Universal Plus",
        "Level 3 Intensive",
        "Level 4 Safeguarding",
    ]
    assert catalogue.level_names == dict(LEVEL_NAMES)


def test_referrers_choose_between_levels_two_three_and_four(catalogue):
    assert [level.number for level in catalogue.referrer_levels] == [2, 3, 4]


def test_domains_are_the_assessment_framework_triangle(catalogue):
    assert [domain.slug for domain in catalogue.domains] == list(DOMAINS)
    assert [domain.name for domain in catalogue.domains] == [
        "The child's developmental needs",
        "Parenting capacity",
        "Family and environmental factors",
    ]


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_has_a_usable_number_of_indicators_at_every_level(catalogue, domain):
    indicators = catalogue.current_indicators(domain=domain)
    assert 8 <= len(indicators) <= 15
    assert {indicator.level for indicator in indicators} == {2, 3, 4}


def test_codes_are_unique_and_say_where_they_belong(catalogue):
    codes = [indicator.code for indicator in catalogue.indicators]
    assert len(codes) == len(set(codes))
    for indicator in catalogue.indicators:
        prefix = catalogue.domain(indicator.domain).prefix
        assert indicator.code.startswith(f"{prefix}-{indicator.level}-")


@pytest.mark.parametrize(
    ("code", "level", "text"),
    [
        ("DEV-3-04", 3, "Child frequently misses school and the reasons are not known."),
        ("DEV-4-01", 4, "Disclosure of physical or sexual abuse."),
    ],
)
def test_indicators_read_like_an_english_thresholds_document(catalogue, code, level, text):
    indicator = catalogue.indicator(code)
    assert (indicator.level, indicator.text) == (level, text)


def test_the_file_says_where_it_comes_from_and_what_it_is_not():
    header = DEFAULT_PATH.read_text(encoding="utf-8").split("[catalogue]")[0]
    assert "Keeping Children Safe in Blackpool" in header
    assert "NOT in the seeds" in header
    assert "written for Continuum" in header


def test_lookups_fail_loudly_for_unknown_names(catalogue):
    with pytest.raises(KeyError):
        catalogue.indicator("DEV-9-99")
    with pytest.raises(KeyError):
        catalogue.level(5)
    with pytest.raises(KeyError):
        catalogue.domain("housing")


def test_retired_indicators_still_read_but_are_not_offered(raw):
    raw["indicators"][0]["retired"] = True
    retired_code = raw["indicators"][0]["code"]
    loaded = parse_catalogue(raw)
    assert loaded.indicator(retired_code).retired
    assert retired_code not in {i.code for i in loaded.current_indicators()}


def test_a_json_catalogue_loads_the_same(tmp_path, raw, catalogue):
    path = tmp_path / "continuum_of_need.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_catalogue(path) == catalogue


# --- the loader refuses a broken file --------------------------------------------------------


def _indicator(raw: dict, code: str) -> dict:
    return next(row for row in raw["indicators"] if row["code"] == code)


def _duplicate_code(raw):
    _indicator(raw, "DEV-2-02")["code"] = "DEV-2-01"


def _level_one_indicator(raw):
    row = _indicator(raw, "DEV-2-01")
    row["level"], row["code"] = 1, "DEV-1-01"


def _level_five_indicator(raw):
    row = _indicator(raw, "DEV-2-01")
    row["level"], row["code"] = 5, "DEV-5-01"


def _unknown_domain(raw):
    _indicator(raw, "DEV-2-01")["domain"] = "education"


def _prefix_mismatch(raw):
    _indicator(raw, "DEV-2-01")["domain"] = "parenting-capacity"
    _indicator(raw, "DEV-2-01")["area"] = "Basic care"


def _code_level_mismatch(raw):
    _indicator(raw, "DEV-2-01")["level"] = 3


def _misspelt_key(raw):
    _indicator(raw, "DEV-2-01")["levle"] = 2


def _area_from_another_domain(raw):
    _indicator(raw, "DEV-2-01")["area"] = "Housing"


def _empty_text(raw):
    _indicator(raw, "DEV-2-01")["text"] = "  "


def _badly_formed_code(raw):
    _indicator(raw, "DEV-2-01")["code"] = "DEV2-1"


def _missing_level(raw):
    raw["levels"] = [row for row in raw["levels"] if row["number"] != 3]


def _duplicate_level(raw):
    raw["levels"].append(copy.deepcopy(raw["levels"][0]))


def _no_domains(raw):
    raw["domains"] = []
    raw["indicators"] = []


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (_duplicate_code, "indicator DEV-2-01: code is used more than once"),
        (_level_one_indicator, "level must be one of (2, 3, 4)"),
        (_level_five_indicator, "level must be one of (2, 3, 4)"),
        (_unknown_domain, "unknown domain 'education'"),
        (_prefix_mismatch, "code starts DEV but the domain parenting-capacity uses PAR"),
        (_code_level_mismatch, "code says level 2 but level is 3"),
        (_misspelt_key, "unknown key(s) levle"),
        (_area_from_another_domain, "area 'Housing' is not one of the areas"),
        (_empty_text, "text is missing or empty"),
        (_badly_formed_code, "code must read like DEV-3-04"),
        (_missing_level, "missing level(s) 3"),
        (_duplicate_level, "level 1 is listed twice"),
        (_no_domains, "there must be at least one domain"),
    ],
)
def test_a_broken_catalogue_is_refused_with_the_reason(raw, break_it, message):
    break_it(raw)
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(raw)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_every_problem_is_reported_at_once(raw):
    _unknown_domain(raw)
    _missing_level(raw)
    _indicator(raw, "FAM-2-01")["text"] = ""
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(raw)
    assert len(error.value.problems) == 3
    assert "3 problem(s)" in str(error.value)


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(CatalogueError):
        parse_catalogue(["not", "a", "table"])  # type: ignore[arg-type]


# --- suggesting a level ----------------------------------------------------------------------


def t(code: str) -> Tick:
    """A tick from a catalogue-style code: DEV-3-04 is developmental needs, Level 3."""
    prefix, level, _ = code.split("-")
    domain = {"DEV": DOMAINS[0], "PAR": DOMAINS[1], "FAM": DOMAINS[2]}[prefix]
    return Tick(code=code, level=int(level), domain=domain)


@pytest.mark.parametrize(
    ("ticked", "level", "drivers", "strengthened", "consider_higher"),
    [
        # highest level wins
        (["DEV-2-01"], 2, ["DEV-2-01"], False, False),
        (["DEV-3-04"], 3, ["DEV-3-04"], False, False),
        (["DEV-2-01", "PAR-2-01", "FAM-2-01", "DEV-4-01"], 4, ["DEV-4-01"], False, False),
        (["FAM-3-01", "DEV-4-01", "PAR-4-01"], 4, ["DEV-4-01", "PAR-4-01"], False, False),
        # three Universal Plus needs across two domains suggest Intensive
        (
            ["DEV-2-01", "DEV-2-02", "FAM-2-01"],
            3,
            ["DEV-2-01", "DEV-2-02", "FAM-2-01"],
            True,
            False,
        ),
        (
            ["DEV-2-01", "PAR-2-01", "FAM-2-01", "FAM-2-02"],
            3,
            ["DEV-2-01", "PAR-2-01", "FAM-2-01", "FAM-2-02"],
            True,
            False,
        ),
        # ...but not in a single domain, nor two of them
        (
            ["DEV-2-01", "DEV-2-02", "DEV-2-03"],
            2,
            ["DEV-2-01", "DEV-2-02", "DEV-2-03"],
            False,
            False,
        ),
        (["DEV-2-01", "FAM-2-01"], 2, ["DEV-2-01", "FAM-2-01"], False, False),
        # the same indicator ticked twice counts once
        (["DEV-2-01", "DEV-2-01", "FAM-2-01"], 2, ["DEV-2-01", "FAM-2-01"], False, False),
        # a Level 3 indicator sets the level; Level 2 ones do not add to it
        (["DEV-2-01", "PAR-2-01", "FAM-2-01", "DEV-3-04"], 3, ["DEV-3-04"], False, False),
        # several Intensive needs across domains are flagged, never raised to Safeguarding
        (
            ["PAR-3-01", "FAM-3-01", "DEV-3-04"],
            3,
            ["PAR-3-01", "FAM-3-01", "DEV-3-04"],
            False,
            True,
        ),
        (
            ["DEV-3-01", "DEV-3-02", "DEV-3-03"],
            3,
            ["DEV-3-01", "DEV-3-02", "DEV-3-03"],
            False,
            False,
        ),
    ],
)
def test_suggest_level(ticked, level, drivers, strengthened, consider_higher):
    suggestion = suggest_level(t(code) for code in ticked)
    assert suggestion.level == level
    assert list(suggestion.drivers) == drivers
    assert suggestion.strengthened is strengthened
    assert suggestion.consider_higher is consider_higher
    assert f"Level {level} {LEVEL_NAMES[level]}" in suggestion.explanation
    assert all(code in suggestion.explanation for code in drivers)
    assert suggestion.explanation.endswith("Decision support only: the Hub decides.")


def test_nothing_ticked_suggests_no_level_rather_than_universal():
    suggestion = suggest_level([])
    assert suggestion.level is None
    assert suggestion.drivers == ()
    assert "No indicators were ticked" in suggestion.explanation


def test_strengthening_and_the_flag_explain_themselves():
    strengthened = suggest_level([t("DEV-2-01"), t("PAR-2-01"), t("FAM-2-01")])
    assert "3 Level 2 Universal Plus indicators in 3 different domains" in strengthened.explanation
    flagged = suggest_level([t("PAR-3-01"), t("FAM-3-01"), t("DEV-3-04")])
    assert "significant harm" in flagged.explanation
    assert "do not suggest Level 4" in flagged.explanation


def test_catalogue_indicators_can_be_ticked_directly(catalogue):
    codes = ["DEV-2-01", "PAR-2-02", "FAM-2-03"]
    suggestion = suggest_level(
        [catalogue.indicator(code) for code in codes], level_names=catalogue.level_names
    )
    assert suggestion.level == 3
    assert suggestion.drivers == tuple(codes)


@pytest.mark.parametrize("level", [0, 1, 5])
def test_an_indicator_outside_levels_two_to_four_is_refused(level):
    with pytest.raises(ValueError, match="Levels 2, 3 and 4"):
        suggest_level([Tick(code="X", level=level, domain=DOMAINS[0])])


ticks = st.lists(
    st.builds(
        Tick,
        code=st.sampled_from([f"I{n}" for n in range(30)]),
        level=st.sampled_from([2, 3, 4]),
        domain=st.sampled_from(DOMAINS),
    ),
    max_size=12,
    unique_by=lambda tick: tick.code,
)


@given(ticks)
def test_the_suggestion_is_the_highest_level_or_one_above_universal_plus(ticked):
    suggestion = suggest_level(ticked)
    if not ticked:
        assert suggestion.level is None
        return
    highest = max(tick.level for tick in ticked)
    assert suggestion.level is not None
    if suggestion.strengthened:
        assert (highest, suggestion.level) == (2, 3)
        assert len(suggestion.drivers) >= STRENGTHEN_COUNT
    else:
        assert suggestion.level == highest
    assert set(suggestion.drivers) == {tick.code for tick in ticked if tick.level == highest}
    assert not (suggestion.strengthened and suggestion.consider_higher)


# --- comparing with the referrer's level -----------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "suggested", "agreement", "phrases"),
    [
        (3, 3, Agreement.AGREES, ["suggest Level 3 Intensive, the level the referrer chose"]),
        (
            2,
            4,
            Agreement.SUGGESTS_HIGHER,
            ["Level 4 Safeguarding, higher than the Level 2 Universal Plus"],
        ),
        (
            4,
            2,
            Agreement.SUGGESTS_LOWER,
            ["Level 2 Universal Plus, lower than the Level 4 Safeguarding", "read the worries"],
        ),
        (3, None, Agreement.NO_SUGGESTION, ["ticked no indicators", "Level 3 Intensive"]),
    ],
)
def test_compare_levels(claimed, suggested, agreement, phrases):
    comparison = compare_levels(claimed, suggested)
    assert comparison.agreement is agreement
    for phrase in phrases:
        assert phrase in comparison.wording
    assert comparison.wording.endswith("Decision support only: the Hub decides.")


def test_agreement_values_read_as_the_hub_says_them():
    assert [a.value for a in Agreement] == [
        "agrees",
        "suggests higher",
        "suggests lower",
        "no suggestion",
    ]


@pytest.mark.parametrize(("claimed", "suggested"), [(0, 3), (5, 3), (3, 7)])
def test_compare_levels_refuses_levels_that_do_not_exist(claimed, suggested):
    with pytest.raises(ValueError):
        compare_levels(claimed, suggested)
