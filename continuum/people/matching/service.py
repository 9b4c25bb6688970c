"""Is this person already known? The one matching service behind Hub screening, the API
(`POST /api/v1/person-matches`), `continuum match-file` and duplicate finding.

A look-up is two queries: the blocking keys of the description select at most
`CANDIDATE_LIMIT` records from the key index (those sharing most keys first) together with
their profiles; each is scored in Python with the trained Fellegi-Sunter model; the best
`limit` are returned with their Person rows.
"""

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from continuum.people.matching import rules
from continuum.people.matching.index import KEY, index_size
from continuum.people.models import Person, PersonMatchKey, PersonMatchRecord

PARAMETERS = Path(__file__).with_name("parameters.json")
CANDIDATE_LIMIT = 200
# Candidates below this probability are not worth a Hub worker's time.
SHOW_FROM = 0.01


@functools.cache
def parameters() -> rules.Parameters:
    """The trained model (see bench/matching/train.py for how it was trained)."""
    return rules.Parameters.from_dict(json.loads(PARAMETERS.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class MatchQuery:
    """What is known about the person being looked for. Every field may be left empty."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    postcode: str = ""
    nhs_number: str = ""
    address_line: str = ""
    carer_names: tuple[str, ...] = ()
    # "child" or "adult" to look among one kind of record only; empty for both.
    kind: str = ""

    def describe(self) -> rules.Description:
        return rules.Description.build(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            postcode=self.postcode,
            address_line=self.address_line,
            nhs_number=self.nhs_number,
            carer_names=self.carer_names,
        )


@dataclass
class Candidate:
    """A record that may be the person looked for: `score` is the match probability (0..1),
    `reasons` say which fields agreed and how closely."""

    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)
    weight: float = 0.0
    ruled_out: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def is_match(self) -> bool:
        """Strong enough to be the decision (the Hub still confirms it)."""
        return self.score >= parameters().threshold and not self.ruled_out


KINDS = ("child", "adult")


def _candidate_sql(n_keys: int) -> str:
    keys = PersonMatchKey._meta.db_table
    records = PersonMatchRecord._meta.db_table
    marks = ", ".join(["%s"] * n_keys)
    return (
        f"SELECT r.person_id, r.profile FROM {records} r JOIN ("  # noqa: S608 - only %s bound
        f"SELECT person_id, COUNT(*) AS shared FROM {keys} WHERE {KEY} IN ({marks}) "
        f"GROUP BY person_id ORDER BY shared DESC, person_id LIMIT {CANDIDATE_LIMIT}"
        f") k ON k.person_id = r.person_id"
    )


def _rank(pair: tuple[rules.Scored, rules.Profile]) -> tuple[float, float, int]:
    return (-pair[0].probability, -pair[0].weight, pair[0].person_id)


def score_description(
    description: rules.Description,
    *,
    kind: str = "",
    exclude: int | None = None,
    best: int | None = None,
    at_least: float = 0.0,
) -> list[tuple[rules.Scored, rules.Profile]]:
    """Every blocked candidate for a description, scored, best first, with its profile; or,
    with `best`, just the best that many. Then a candidate that cannot beat the current
    `best`-th however well its remaining fields agree is not scored in full (`rules.score`'s
    `must_beat`): the same answer, for a fraction of the work, since most of the few hundred
    candidates a look-up blocks are plainly someone else. With `at_least`, likewise a
    candidate that cannot reach that probability may be left out (duplicate finding asks
    only for pairs above the threshold)."""
    if description.is_empty:
        return []
    kinds = (kind,) if kind else KINDS
    hashed = sorted(
        {rules.key_hash(k, key) for k in kinds for key in rules.description_keys(description)}
    )
    if not hashed:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_candidate_sql(len(hashed)), hashed)
        rows = cursor.fetchall()
    model = parameters()
    prior = rules.prior_for(model, index_size(kind))
    scored: list[tuple[rules.Scored, rules.Profile]] = []
    must_beat = at_least
    for pid, text in rows:
        if pid == exclude:
            continue
        profile = rules.Profile.from_json(pid, json.loads(text))
        result = rules.score(description, profile, model, prior, must_beat=must_beat)
        if result is None:
            continue
        scored.append((result, profile))
        if best is not None and len(scored) >= best:
            scored.sort(key=_rank)
            del scored[best:]
            must_beat = max(at_least, scored[-1][0].probability)
    scored.sort(key=_rank)
    return scored


def find_candidates(
    query: MatchQuery, *, limit: int = 5, show_from: float = SHOW_FROM
) -> list[Candidate]:
    """Ranked candidates for a description of a person: best first, at most `limit`, none
    below `show_from`. Records merged into another are never returned; the survivor is."""
    description = query.describe()
    top = [
        pair
        for pair in score_description(description, kind=query.kind, best=limit)[:limit]
        if pair[0].probability >= show_from
    ]
    people = Person.objects.order_by().in_bulk([s.person_id for s, _ in top])
    return [
        Candidate(
            person=people[s.person_id],
            score=round(s.probability, 4),
            reasons=rules.explain(description, profile, s),
            weight=round(s.weight, 2),
            ruled_out=s.ruled_out,
        )
        for s, profile in top
        if s.person_id in people
    ]
