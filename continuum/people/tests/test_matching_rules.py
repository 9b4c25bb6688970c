"""The matcher's pure rules, from tables of cases: each kind of variation a referrer makes,
the twins and family-member rules, blocking keys, and the arithmetic of the model."""

import datetime as dt

import pytest

from continuum.people.matching import rules
from continuum.people.matching.names import name_forms
from continuum.people.matching.service import parameters

D = dt.date


def profile(**fields) -> rules.Profile:
    defaults = {
        "person_id": 1,
        "kind": "child",
        "givens": ["kayleigh"],
        "families": ["smith"],
        "dates_of_birth": [D(2016, 3, 4)],
        "sex": "F",
        "postcodes": ["FY1 3LA"],
        "current_postcode": "FY1 3LA",
        "address_lines": ["12 example road"],
        "nhs_numbers": [],
        "carers": [rules.Carer("dean", "smith")],
    }
    return rules.Profile(**(defaults | fields))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("O'Brien", ["obrien"]),
        ("Smith-Jones", ["smith", "jones"]),
        ("  SMITH   JONES ", ["smith", "jones"]),
        ("Zoë", ["zoe"]),
        ("Mr John", ["john"]),
        ("", []),
    ],
)
def test_name_tokens(value, expected):
    assert rules.name_tokens(value) == expected


@pytest.mark.parametrize(
    ("a", "b", "related"),
    [
        ("liam", "william", True),
        ("will", "liam", True),  # both forms of William
        ("alfie", "alfred", True),
        ("kayley", "kayleigh", True),
        ("bill", "william", True),
        ("kayleigh", "chloe", False),
        ("jack", "jacob", False),
    ],
)
def test_nicknames_and_diminutives(a, b, related):
    assert bool(name_forms(a) & name_forms(b)) is related


@pytest.mark.parametrize(
    ("given", "middle", "givens", "level"),
    [
        ("kayleigh", [], ["kayleigh"], 4),  # exact
        ("kayley", [], ["kayleigh"], 3),  # a form of the same name
        ("liam", [], ["william"], 3),  # diminutive
        ("alfie", [], ["alfred"], 3),
        ("kayliegh", [], ["kayleigh"], 2),  # letters swapped
        ("kaileigh", [], ["kayleigh"], 2),  # one letter wrong
        ("rose", [], ["kayleigh", "rose"], 3),  # a middle name or alias
        ("chloe", [], ["kayleigh"], 0),  # a different child
        ("", [], ["kayleigh"], rules.NULL),  # not known: no evidence either way
        ("isab", [], ["isabella"], 3),  # a short form the name lists do not hold
        ("isabie", [], ["isabella"], 3),  # ... with a pet ending
        ("alex", [], ["alexandra"], 3),
        ("isabel", [], ["isabella"], 2),  # a longer stem is a spelling, not a short form
        ("mila", [], ["milan"], 2),  # too close in length to be a short form
        ("may", [], ["maya"], 2),
    ],
)
def test_given_name_levels(given, middle, givens, level):
    assert rules.compare_given(given, middle, profile(givens=givens))[0] == level


@pytest.mark.parametrize(
    ("family", "families", "level"),
    [
        ("smith", ["smith"], 4),
        ("smithjones", ["smith|jones"], 4),  # spacing and hyphens do not matter
        ("smith|jones", ["smith|jones"], 4),
        ("jones", ["smith|jones"], 3),  # one part of a double-barrelled name
        ("smith|jones", ["smith"], 3),  # double-barrelled since
        ("smyth", ["smith"], 2),  # typo
        ("brown", ["smith", "brown"], 4),  # a previous family name
        ("brown", ["smith"], 0),
        ("walsh", ["smith"], 1),  # the mother's family name (a carer's, below)
        ("walsh", ["walsh|smith"], 3),  # a recorded part counts first
    ],
)
def test_family_name_levels(family, families, level):
    carers = [rules.Carer("dean", "smith"), rules.Carer("dawn", "walsh")]
    assert rules.compare_family(family, profile(families=families, carers=carers))[0] == level


def test_given_and_family_name_the_wrong_way_round_still_match():
    description = rules.Description.build(
        given_name="Smith", family_name="Kayleigh", date_of_birth=D(2016, 3, 4)
    )
    scored = score(description)
    assert scored.probability >= parameters().threshold and not scored.ruled_out
    assert "Given and family name agree the other way round" in rules.explain(
        description, profile(), scored
    )
    # Blocking finds the record through the swapped names as well.
    assert rules.key_hash("child", "gf:KL:SM0") in {
        rules.key_hash("child", k) for k in rules.description_keys(description)
    }
    # ... and with a slip of the keyboard in one of them.
    typed = rules.Description.build(
        given_name="Smith", family_name="Kayliegh", date_of_birth=D(2016, 3, 4)
    )
    assert score(typed).probability >= parameters().threshold
    # A twin's given name does not become a match by swapping.
    twin = rules.Description.build(
        given_name="Chloe", family_name="Smith", date_of_birth=D(2016, 3, 4)
    )
    assert score(twin).ruled_out


@pytest.mark.parametrize(
    ("asked", "level"),
    [
        (D(2016, 3, 4), 4),
        (D(2016, 4, 3), 3),  # day and month swapped
        (D(2016, 3, 5), 2),  # a digit wrong
        (D(2017, 3, 4), 2),
        (D(2016, 3, 27), 1),  # two of day, month and year agree
        (D(2012, 11, 20), 0),
        (None, rules.NULL),
    ],
)
def test_date_of_birth_levels(asked, level):
    assert rules.compare_date_of_birth(asked, profile())[0] == level


@pytest.mark.parametrize(
    ("postcode", "postcodes", "current", "level"),
    [
        ("FY1 3LA", ["FY1 3LA"], "FY1 3LA", 3),
        ("FY2 9AB", ["FY1 3LA", "FY2 9AB"], "FY1 3LA", 2),  # lived there before the move
        ("FY1 3LB", ["FY1 3LA"], "FY1 3LA", 1),  # same sector
        ("PR4 1AA", ["FY1 3LA"], "FY1 3LA", 0),
        ("", ["FY1 3LA"], "FY1 3LA", rules.NULL),
    ],
)
def test_postcode_levels_follow_address_history(postcode, postcodes, current, level):
    record = profile(postcodes=postcodes, current_postcode=current)
    assert rules.compare_postcode(postcode, record) == level


@pytest.mark.parametrize(
    ("given", "dob", "family", "nhs", "twin", "family_member"),
    [
        (0, 4, 4, rules.NULL, True, False),  # twins: same birthday and family, other name
        (1, 4, 4, rules.NULL, True, False),
        (0, 4, 0, rules.NULL, True, False),  # twins recorded under different family names
        (0, 3, 4, rules.NULL, True, False),  # twin with day and month swapped
        (0, 4, 4, 1, False, False),  # the NHS number says it is the same child
        (3, 4, 4, rules.NULL, False, False),  # a nickname, not a twin
        (0, 0, 4, rules.NULL, False, True),  # a brother or sister
        (0, 1, 4, rules.NULL, False, True),
        (3, 0, 4, rules.NULL, False, True),  # Harrison and Harry, born years apart
        (4, 0, 4, rules.NULL, False, True),  # two Freyas of one family, years apart
        (4, 0, 4, 0, False, True),  # ... with their own NHS numbers
        (4, 0, 4, 1, False, False),  # the NHS number says a birth date was mistyped
        (2, 0, 4, rules.NULL, False, True),  # a slip in the name and another birthday
        (2, 1, 4, rules.NULL, False, False),  # a slip in the name, a date partly right
        (0, rules.NULL, 4, rules.NULL, False, True),  # another name and no date to go on
        (2, rules.NULL, 4, rules.NULL, False, False),  # a slip in the name, no date
        (rules.NULL, 4, 4, rules.NULL, False, False),  # no given name: cannot tell
    ],
)
def test_twins_and_family_members_are_never_the_same_person(
    given, dob, family, nhs, twin, family_member
):
    levels = rules.Levels(given=given, dob=dob, family=family, nhs=nhs)
    assert rules.is_twin_pattern(levels) is twin
    assert rules.is_other_family_member(levels) is family_member


def score(description: rules.Description, record: rules.Profile | None = None) -> rules.Scored:
    model = parameters()
    return rules.score(description, record or profile(), model, rules.prior_for(model, 100_000))


def test_a_twin_scores_below_the_decision_however_much_else_agrees():
    twin = rules.Description.build(
        given_name="Chloe",
        family_name="Smith",
        date_of_birth=D(2016, 3, 4),
        sex="F",
        postcode="FY1 3LA",
        address_line="12 Example Road",
        carer_names=["Dean Smith"],
    )
    scored = score(twin)
    assert scored.probability <= rules.RULED_OUT_CEILING
    assert "twin" in scored.ruled_out


def test_a_same_named_brother_or_father_at_the_same_address_is_not_the_child():
    """The family name, address, postcode and parents agree for everyone in a household;
    counted as independent evidence they would outweigh a different date of birth."""
    louie = profile(
        givens=["louie"],
        families=["godfrey"],
        dates_of_birth=[D(2012, 7, 30)],
        sex="M",
        postcodes=["FY1 3LA"],
        current_postcode="FY1 3LA",
        address_lines=["12 example road"],
        carers=[rules.Carer.parse("Chelsea Godfrey")],
    )
    for born in (D(2019, 11, 22), D(1988, 2, 14)):
        other = rules.Description.build(
            given_name="Louie",
            family_name="Godfrey",
            date_of_birth=born,
            sex="M",
            postcode="FY1 3LA",
            address_line="12 Example Road",
            carer_names=["Chelsea Godfrey"],
        )
        scored = score(other, louie)
        assert scored.probability <= rules.RULED_OUT_CEILING
        assert "another member of the family" in scored.ruled_out


def test_a_common_name_with_a_different_date_of_birth_is_not_a_match():
    other = rules.Description.build(
        given_name="Jack", family_name="Smith", date_of_birth=D(2012, 11, 20)
    )
    record = profile(givens=["jack"], families=["smith"], family_tf=0.012, given_tf=0.02)
    assert score(other, record).probability < 0.05


@pytest.mark.parametrize(
    "description",
    [
        {"given_name": "Kayley"},  # a spelling
        {"given_name": "Kayliegh"},  # a typo
        {"date_of_birth": D(2016, 4, 3)},  # day and month swapped
        {"family_name": "Smith-Jones"},  # double-barrelled since
        {"postcode": "PR4 1AA", "address_line": "1 New Street"},  # moved house
        {"postcode": ""},  # missing
    ],
)
def test_each_variation_still_matches(description):
    fields = {
        "given_name": "Kayleigh",
        "family_name": "Smith",
        "date_of_birth": D(2016, 3, 4),
        "postcode": "FY1 3LA",
    } | description
    assert score(rules.Description.build(**fields)).probability >= parameters().threshold


def test_reasons_say_which_fields_agreed_and_how():
    description = rules.Description.build(
        given_name="Kayley", family_name="Smith", date_of_birth=D(2016, 4, 3)
    )
    record = profile()
    reasons = rules.explain(description, record, score(description, record))
    assert "Given name is a form of the same name (Kayley and Kayleigh)" in reasons
    assert "Family name agrees" in reasons
    assert any(r.startswith("Date of birth agrees with day and month swapped") for r in reasons)


def test_description_keys_meet_the_record_keys_despite_any_one_error():
    record = profile()
    keys = rules.profile_keys(record)
    for changed in (
        {"given_name": "Chlo"},  # name wrong
        {"family_name": "Jones"},  # family name changed
        {"date_of_birth": D(2016, 4, 3)},  # day and month swapped
        {"date_of_birth": D(2011, 1, 1)},  # date wrong
    ):
        fields = {
            "given_name": "Kayleigh",
            "family_name": "Smith",
            "date_of_birth": D(2016, 3, 4),
            "postcode": "FY1 3LA",
        } | changed
        assert rules.description_keys(rules.Description.build(**fields)) & keys, changed


def test_the_blocking_keys_of_a_record():
    record = profile(
        givens=["kayleigh"],
        families=["smith|jones"],
        nhs_numbers=["9434765919"],
        carers=[],
    )
    assert rules.profile_keys(record) == {
        "n:9434765919",
        "d:20160304",
        "fy:SM0:2016",
        "fy:JNS:2016",
        "fy:SM0JNS:2016",
        "gm:KL:201603",
        "gf:KL:SM0",
        "gf:KL:JNS",
        "gf:KL:SM0JNS",
        "pg:FY1 3LA:K",
    }


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"givens": [], "families": []},
        {"givens": ["liam", "james"], "families": ["smith|jones", "walsh"]},
        {"dates_of_birth": [D(2016, 3, 4), D(2016, 4, 3), D(999, 1, 2)], "nhs_numbers": ["1", "2"]},
        {"postcodes": ["FY1 3LA", "PR4 1AA"], "kind": "adult"},
    ],
)
def test_key_hashes_are_the_hashes_of_the_keys(fields):
    # The build hashes keys group by group from caches; it must give exactly these.
    record = profile(**fields)
    expected = {rules.key_hash(record.kind, k) for k in rules.profile_keys(record)}
    assert rules.profile_key_hashes(record) == expected
    assert rules.profile_key_hashes(record) == expected  # again, from the caches


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Dean", "Smith"),
        ("Dean", ""),
        ("", "Smith"),
        ("", ""),
        ("Mr", "Smith"),
        ("Mary-Jane", "Smith Jones"),
        ("Zoë ", " O'Brien-Walsh"),
        ("Dean-", "-Smith"),
        ("Jo\u0301", "\u0301Smith"),
        ("ﬁona", "Mrs"),
        ("Dr.", "St. John"),
    ],
)
def test_a_carer_from_two_names_is_the_carer_from_the_whole_name(given, family):
    assert rules.Carer.from_names(given, family) == rules.Carer.parse(f"{given} {family}")


@pytest.mark.parametrize(
    ("weight", "prior", "low", "high"),
    [(0.0, 0.5, 0.49, 0.51), (30.0, 1e-6, 0.99, 1.0), (-10.0, 1e-3, 0.0, 1e-5)],
)
def test_probability_from_weight_and_prior(weight, prior, low, high):
    assert low <= rules.probability(weight, prior) <= high


def test_prior_shrinks_as_the_index_grows():
    model = parameters()
    assert rules.prior_for(model, 1_000_000) < rules.prior_for(model, 1000)


def test_a_record_that_cannot_beat_the_best_so_far_is_not_scored_in_full():
    model = parameters()
    prior = rules.prior_for(model, 100_000)
    record = profile()
    stranger = rules.Description.build(
        given_name="Zebedee", family_name="Quill", date_of_birth=D(2001, 9, 9)
    )
    full = rules.score(stranger, record, model, prior)
    assert full is not None and full.probability < 0.5
    # However well the rest could agree, it cannot reach a certain candidate already found
    # (the bound takes family name, sex, postcode, address and carers at their best)...
    assert rules.score(stranger, record, model, prior, must_beat=1.0) is None
    # ...but a bar it can reach gives exactly the full score.
    same = rules.score(stranger, record, model, prior, must_beat=full.probability / 2)
    assert same is not None
    assert (same.probability, same.weight, same.levels) == (
        full.probability,
        full.weight,
        full.levels,
    )
    kayleigh = rules.Description.build(
        given_name="Kayleigh", family_name="Smith", date_of_birth=D(2016, 3, 4)
    )
    assert rules.score(kayleigh, record, model, prior, must_beat=0.5) is not None


@pytest.mark.parametrize(
    ("reasons", "told"),
    [
        (["NHS number agrees", "Given name agrees"], ["NHS number agrees", "Given name agrees"]),
        (["Given name differs (Kayleigh)"], ["Given name differs"]),
        (
            ["Date of birth differs by one digit (4 Mar 2016)"],
            ["Date of birth differs by one digit"],
        ),
        (["Lives at the same postcode", "Lived at the same postcode before"], []),
        (["Lives or lived nearby (same postcode sector)", "Address agrees", "Same street"], []),
        (["Postcode differs"], []),
        (["Parent or carer's name agrees (Dawn Smith)"], ["Parent or carer's name agrees"]),
        (
            ["Family name agrees with a previous or other name (Walsh)", "Family name agrees"],
            ["Family name agrees with a previous or other name", "Family name agrees"],
        ),
    ],
)
def test_partners_are_told_which_fields_agreed_never_what_the_record_holds(reasons, told):
    from continuum.people.matching.rules import reasons_for_partners

    assert reasons_for_partners(reasons) == told
