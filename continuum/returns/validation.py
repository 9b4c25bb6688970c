"""Run the Department for Education's own CIN census validator over a file.

The validator needs an older pandas than Continuum, so it runs in its own virtualenv
(`.venv-validators`, made by `make setup` from requirements/validators.lock) as a subprocess.
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

RUNNER = Path(__file__).with_name("validator_runner.py")


class ValidatorUnavailable(RuntimeError):
    """The validators' virtualenv is missing: `make setup` makes it."""


@dataclass(frozen=True)
class Issue:
    child_id: str
    rule_code: str
    description: str
    is_query: bool


@dataclass(frozen=True)
class ValidationResult:
    errors: list[Issue]
    queries: list[Issue]
    unchecked: list[str]
    """Rules that crashed inside the validator (its known bugs), so were not checked."""

    @property
    def is_clean(self) -> bool:
        return not self.errors


def validator_python() -> Path:
    return Path(settings.CONTINUUM_VALIDATORS_PYTHON)


def validate_cin(path: Path, year: int) -> ValidationResult:
    python = validator_python()
    if not python.exists():
        raise ValidatorUnavailable(
            f"The DfE validator is not installed ({python} is missing): run `make setup`."
        )
    completed = subprocess.run(  # noqa: S603 - our own script, with a path and a year
        [str(python), str(RUNNER), str(path), str(year)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"The DfE validator failed: {completed.stderr[-2000:]}")
    found = json.loads(completed.stdout)
    issues = [
        Issue(
            child_id=row["child_id"],
            rule_code=row["rule_code"],
            description=row["description"],
            is_query=_is_query(row),
        )
        for row in found["issues"]
    ]
    return ValidationResult(
        errors=[i for i in issues if not i.is_query],
        queries=[i for i in issues if i.is_query],
        unchecked=found["unchecked"],
    )


def _is_query(row: dict) -> bool:
    """Queries are the rules whose code ends in Q (8925Q); the validator's own type column
    says 1 (or "Query") for them and 0 (or "Error") for errors."""
    return row["rule_code"].upper().endswith("Q") or row["rule_type"] in ("1", "Query")
