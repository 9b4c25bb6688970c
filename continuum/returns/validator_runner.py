"""Run the Department for Education's CIN census validator over one file and print JSON.

Executed by the validators' own virtualenv (.venv-validators, see requirements/validators.in),
never imported by Continuum: it needs pandas 1.5. Usage:

    .venv-validators/bin/python continuum/returns/validator_runner.py FILE.xml YEAR

Prints {"issues": [{"child_id", "rule_code", "rule_type", "description"}...],
"unchecked": [rule codes that raised]}. A rule that raises is only printed by the validator
("Error with rule X"), so its output is captured and such rules are reported as not checked.
"""

import contextlib
import io
import json
import re
import sys
import warnings
import xml.etree.ElementTree as ET


def main(path: str, year: str) -> None:
    warnings.simplefilter("ignore")
    from cin_validator import cin_validator as engine
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        root = ET.parse(path).getroot()  # noqa: S314 - our own export, read by the validator
        data = engine.process_data(engine.convert_data(root))
        validator = engine.CinValidator(data, get_year_ruleset(year), selected_rules=None)
    issues = []
    frame = validator.full_issue_df
    for row in frame.drop_duplicates(subset=["child_id", "rule_code"]).itertuples():
        issues.append(
            {
                "child_id": str(row.child_id),
                "rule_code": str(row.rule_code),
                "rule_type": str(row.rule_type),
                "description": str(row.rule_description),
            }
        )
    unchecked = sorted(set(re.findall(r"Error with rule (\w+)", captured.getvalue())))
    json.dump({"issues": issues, "unchecked": unchecked}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
