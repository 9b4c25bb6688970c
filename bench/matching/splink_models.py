"""Splink (DuckDB) for person matching: training Continuum's model, and Splink's own matcher
as the benchmark's reference.

- `train_continuum` trains the m and u probabilities of Continuum's comparisons (the levels
  of continuum/people/matching/rules.py, written here as Splink SQL levels over columns the
  rules module normalises) by linking a set of training descriptions to the index: u by
  random sampling, m by expectation maximisation under two blocking rules, the prior by
  deterministic rules. The result is written as parameters.json for the live matcher.
- `SplinkReference` is Splink used as its documentation suggests for people: its
  out-of-the-box name, date of birth and postcode comparisons with term-frequency
  adjustments, trained the same way, answering descriptions in batch (`predict_between`,
  for accuracy) and one at a time (for latency).

Needs splink (5.x) and duckdb: development dependencies, not the live service's.
"""

import datetime as dt
import time
from collections.abc import Sequence

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink import comparison_level_library as cll
from splink import comparison_library as cl

from continuum.people.matching import rules
from continuum.people.matching.names import name_forms

# -- Features -------------------------------------------------------------------------------


def features(rows: Sequence[dict[str, str]], id_column: str, source: str) -> list[dict]:
    """The normalised columns both models compare, one dict per CSV row."""
    out = []
    for row in rows:
        description = rules.Description.build(
            given_name=row["given_name"],
            family_name=row["family_name"],
            date_of_birth=dt.date.fromisoformat(row["date_of_birth"])
            if row["date_of_birth"]
            else None,
            sex=row["sex"],
            postcode=row["postcode"],
            address_line=row["address_line"],
            nhs_number=row["nhs_number"],
            carer_names=[n for n in row["carer_names"].split(";") if n.strip()],
        )
        born = description.date_of_birth
        swapped = rules.swapped(born) if born else None
        whole = description.family.replace("|", "")
        out.append(
            {
                "unique_id": row[id_column],
                "source_dataset": source,
                "given": description.given or None,
                "given_forms": sorted(name_forms(description.given)) if description.given else None,
                "given_code": rules.phonetic(description.given) or None,
                "family": whole or None,
                "family_parts": [p for p in description.family.split("|") if p] or None,
                "family_code": rules.phonetic(whole) or None,
                "dob": f"{born:%Y%m%d}" if born else None,
                "dob_swapped": f"{swapped:%Y%m%d}" if swapped else None,
                "dob_iso": born.isoformat() if born else None,
                "sex": description.sex or None,
                "postcode": description.postcode or None,
                "sector": rules.postcode_sector(description.postcode) or None,
                "address": description.address_line or None,
                "street": rules.street_of(description.address_line) or None,
                "nhs": description.nhs_number or None,
                "carers": sorted({f"{c.given} {c.family}" for c in description.carers}) or None,
                "carer_givens": sorted({c.given for c in description.carers}) or None,
                "carer_families": sorted({c.family for c in description.carers if c.family})
                or None,
                # For Splink's own model: names as written.
                "given_name": (row["given_name"] or "").strip().lower() or None,
                "family_name": (row["family_name"] or "").strip().lower() or None,
            }
        )
    return out


def _levels(name: str, levels: list[tuple[str, str]]) -> cl.CustomComparison:
    """A comparison from (sql, label) pairs, most specific first, with null and else levels.
    Splink lists levels from the top; Continuum's rules number them from 0 (differs) up."""
    null = f"{name}_l IS NULL OR {name}_r IS NULL"
    return cl.CustomComparison(
        output_column_name=name,
        comparison_levels=[
            cll.CustomLevel(null, label_for_charts="missing").configure(is_null_level=True),
            *[cll.CustomLevel(sql, label_for_charts=label) for sql, label in levels],
            cll.ElseLevel(),
        ],
    )


def continuum_comparisons() -> list:
    """Continuum's comparison levels (continuum/people/matching/rules.py) in Splink's SQL."""

    def jw(column: str, at: float) -> str:
        return f"jaro_winkler_similarity({column}_l, {column}_r) >= {at}"

    def typo(column: str) -> str:
        return f"damerau_levenshtein({column}_l, {column}_r) <= 1"

    return [
        _levels(
            "given",
            [
                ("given_l = given_r", "exact"),
                ("len(list_intersect(given_forms_l, given_forms_r)) > 0", "form of the same name"),
                (f"{typo('given')} OR {jw('given', 0.92)}", "similar"),
                (f"given_code_l = given_code_r OR {jw('given', 0.8)}", "sounds alike"),
            ],
        ),
        _levels(
            "family",
            [
                ("family_l = family_r", "exact"),
                ("len(list_intersect(family_parts_l, family_parts_r)) > 0", "shares a part"),
                (f"{typo('family')} OR {jw('family', 0.92)}", "similar"),
                (f"family_code_l = family_code_r OR {jw('family', 0.8)}", "sounds alike"),
            ],
        ),
        _levels(
            "dob",
            [
                ("dob_l = dob_r", "exact"),
                ("dob_swapped_l = dob_r", "day and month swapped"),
                (typo("dob"), "one slip"),
                (
                    "(CAST(substr(dob_l,1,4) = substr(dob_r,1,4) AS INT) + "
                    "CAST(substr(dob_l,5,2) = substr(dob_r,5,2) AS INT) + "
                    "CAST(substr(dob_l,7,2) = substr(dob_r,7,2) AS INT)) >= 2",
                    "two of three parts",
                ),
            ],
        ),
        _levels("sex", [("sex_l = sex_r", "same")]),
        _levels(
            "postcode",
            [
                ("postcode_l = postcode_r", "lives there now"),
                ("sector_l = sector_r", "same sector"),
            ],
        ),
        _levels(
            "address",
            [("address_l = address_r", "same line"), ("street_l = street_r", "same street")],
        ),
        _levels("nhs", [("nhs_l = nhs_r", "same")]),
        _levels(
            "carers",
            [
                ("len(list_intersect(carers_l, carers_r)) > 0", "whole name"),
                (
                    "len(list_intersect(carer_givens_l, carer_givens_r)) > 0 OR "
                    "len(list_intersect(carer_families_l, carer_families_r)) > 0",
                    "part of a name",
                ),
            ],
        ),
    ]


TRAINING_BLOCKS = [block_on("dob"), block_on("given", "family")]
PREDICTION_BLOCKS = [
    block_on("dob"),
    block_on("given_code", "family_code"),
    block_on("family_code", "substr(dob, 1, 4)"),
    block_on("postcode", "substr(given, 1, 1)"),
    block_on("nhs"),
]


def _linker(
    index: list[dict], queries: list[dict], comparisons: list, blocks: list
) -> tuple[Linker, DuckDBAPI]:
    connection = duckdb.connect()
    db_api = DuckDBAPI(connection=connection)
    left = db_api.register(pa.Table.from_pylist(index), table_name="index_records")
    right = db_api.register(pa.Table.from_pylist(queries), table_name="query_records")
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocks,
        retain_intermediate_calculation_columns=False,
    )
    return Linker([left, right], settings), db_api, connection


def _train(linker: Linker, recall: float = 0.7) -> None:
    linker.training.estimate_probability_two_random_records_match(
        ["l.nhs = r.nhs", "l.given = r.given AND l.family = r.family AND l.dob = r.dob"],
        recall=recall,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for block in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block, estimate_without_term_frequencies=True, record_sample_proportion=1.0
        )


M_FLOOR = 0.005
# Levels the CSV format cannot show (a previous address), set from a neighbouring level.
UNTRAINED = {"postcode": 2}


def train_continuum(index: list[dict], queries: list[dict]) -> dict:
    """parameters.json for the live matcher, trained by Splink on this data."""
    started = time.perf_counter()
    linker, _, _ = _linker(index, queries, continuum_comparisons(), PREDICTION_BLOCKS)
    _train(linker)
    model = linker.misc.save_model_to_json()
    comparisons = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        levels.reverse()  # Splink: most specific first; rules: 0 = differs, upwards
        m = [lv.get("m_probability") for lv in levels]
        u = [lv.get("u_probability") for lv in levels]
        if name in UNTRAINED:
            # Insert "lived there before" between "same sector" and "lives there now":
            # evidence somewhat weaker than living there now, rarer by chance than a sector.
            at = UNTRAINED[name]
            m.insert(at, (m[at] or 0.05) * 0.3)
            u.insert(at, (u[at] or 1e-4) * 3)
        # No level is impossible for the same person: EM on synthetic data finds no match
        # that "sounds alike" only, but real referrers produce them. A floor keeps one odd
        # field from vetoing an otherwise clear match.
        m = [max(x or 0.0, M_FLOOR) for x in m]
        u = [max(x or 0.0, 1e-6) for x in u]
        comparisons[name] = {"m": [round(x, 6) for x in m], "u": [round(x, 8) for x in u]}
    lam = model["probability_two_random_records_match"]
    return {
        "comparisons": comparisons,
        "matches_per_description": round(lam * len(index), 4),
        "threshold": 0.5,
        "trained": {
            "by": "Splink 5 (DuckDB): u by random sampling, m by expectation maximisation "
            "blocked on date of birth and on given and family name; prior by deterministic rules",
            "index_records": len(index),
            "training_descriptions": len(queries),
            "seconds": round(time.perf_counter() - started, 1),
        },
    }


class SplinkReference:
    """Splink's own person matcher, out of the box, trained on the same training data."""

    def __init__(self, index: list[dict], training: list[dict]) -> None:
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob_iso", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs"),
            cl.ExactMatch("address"),
            cl.ArrayIntersectAtSizes("carers", [1]),
        ]
        blocks = [
            block_on("dob_iso"),
            block_on("given_code", "family_code"),
            block_on("family_code", "substr(dob_iso, 1, 4)"),
            block_on("postcode", "substr(given_name, 1, 1)"),
            block_on("nhs"),
        ]
        self.index = index
        linker, db_api, self.connection = _linker(index, training, comparisons, blocks)
        linker.training.estimate_probability_two_random_records_match(
            [
                "l.nhs = r.nhs",
                "l.given_name = r.given_name AND l.family_name = r.family_name AND l.dob_iso = r.dob_iso",
            ],
            recall=0.7,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
        for block in (block_on("dob_iso"), block_on("given_name", "family_name")):
            linker.training.estimate_parameters_using_expectation_maximisation(
                block, record_sample_proportion=1.0
            )
        linker.table_management.compute_tf_table("given_name")
        linker.table_management.compute_tf_table("family_name")
        self.linker = linker
        self.db_api = db_api
        self.index_table = db_api.register(
            pa.Table.from_pylist(index), table_name="reference_index"
        )
        self._n = 0

    def best(self, queries: list[dict], threshold: float = 0.5) -> dict[str, tuple[str, float]]:
        """Top-1 candidate per description (id, probability) from one batch prediction."""
        self._n += 1
        table = self.db_api.register(
            pa.Table.from_pylist([{**q, "source_dataset": "queries"} for q in queries]),
            table_name=f"reference_queries_{self._n}",
        )
        predictions = self.linker.inference.predict_between(
            table, self.index_table, threshold_match_probability=0.001
        )
        best: dict[str, tuple[str, float]] = {}
        rows = self.connection.execute(
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}"  # noqa: S608
        ).fetchall()
        for left, right, p in rows:
            query_id = left if left.startswith(("Q", "T")) else right
            person_id = right if query_id == left else left
            if query_id not in best or p > best[query_id][1]:
                best[query_id] = (person_id, p)
        return best
