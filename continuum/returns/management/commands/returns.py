"""`continuum returns cin --year YYYY --out FILE.xml`: the Children in Need census.

Writes the census for the collection year ending in YYYY (2026: 1 April 2025 to 31 March
2026) from the records, checks it with the Department for Education's own validator, and
prints a summary: children and episodes, errors (the file is not written clean: the command
fails), and the validator's queries, each with the children it concerns, so a data officer
can look at them before the file is sent. `--no-validate` skips the check (for a machine
without the validators' virtualenv).

`continuum returns import-cin FILE.xml`: load an authority's previous census into Continuum.
"""

import datetime as dt
import tempfile
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from continuum.returns import census
from continuum.returns.cin import export_cin
from continuum.returns.validation import ValidatorUnavailable, validate_cin


class Command(BaseCommand):
    help = "Statutory returns: the Children in Need census export and import."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_subparsers(dest="which", required=True, metavar="RETURN")
        cin = which.add_parser("cin", help="Write the Children in Need census XML.")
        cin.add_argument("--year", type=int, required=True, help="The year the collection ends.")
        cin.add_argument("--out", type=Path, required=True, help="Where to write the XML.")
        cin.add_argument("--no-validate", action="store_true", help="Do not run the DfE validator.")
        imported = which.add_parser("import-cin", help="Load a previous census into Continuum.")
        imported.add_argument("file", type=Path)
        imported.add_argument(
            "--as-user",
            default="",
            help="The username recorded as loading the file (default: the first administrator).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["which"] == "cin":
            self.export(options["year"], options["out"], validate=not options["no_validate"])
        else:
            self.load(options["file"], options["as_user"])

    def export(self, year: int, out: Path, *, validate: bool) -> None:
        if not 2000 <= year <= dt.date.today().year + 1:  # noqa: DTZ011 - a sanity bound only
            raise CommandError(f"{year} is not a collection year this census can be made for.")
        xml, children, episodes = export_cin(year)
        self.stdout.write(
            f"Children in Need census {year - 1}-{str(year)[2:]}: {children:,} children, "
            f"{episodes:,} episodes of need"
        )
        if not validate:
            out.write_bytes(xml)
            self.stdout.write(f"Written to {out} (not validated)")
            return
        with tempfile.TemporaryDirectory() as folder:
            checked = Path(folder) / "census.xml"
            checked.write_bytes(xml)
            try:
                result = validate_cin(checked, year)
            except ValidatorUnavailable as error:
                raise CommandError(str(error)) from error
        out.write_bytes(xml)
        self.stdout.write(f"Written to {out}")
        self.report(result)
        if result.errors:
            raise CommandError(
                f"The DfE validator found {len(result.errors)} errors: fix the records listed "
                "above, then export again."
            )

    def report(self, result: object) -> None:
        for label, issues in (("Errors", result.errors), ("Queries", result.queries)):
            self.stdout.write(f"{label}: {len(issues)}")
            grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
            for issue in issues:
                grouped[(issue.rule_code, issue.description)].append(issue.child_id)
            for (code, description), child_ids in sorted(grouped.items()):
                shown = ", ".join(sorted(child_ids)[:20])
                more = f" and {len(child_ids) - 20} more" if len(child_ids) > 20 else ""
                self.stdout.write(f"  {code} {description}: {shown}{more}")
        if result.unchecked:
            self.stdout.write(
                "Rules the validator could not run (its known bugs): " + ", ".join(result.unchecked)
            )

    def load(self, path: Path, as_user: str) -> None:
        from continuum.returns.imports import import_census

        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            read = census.read_census_xml(data)
        except census.CensusFileError as error:
            raise CommandError(f"{path} is not a census file this can load: {error}") from error
        summary = import_census(read, as_user=as_user)
        for line in summary.lines():
            self.stdout.write(line)
