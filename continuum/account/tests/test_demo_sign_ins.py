"""`make run` prints one sign-in per role; a person or a script reading that table must be able
to sign in as each of them, second step included. The demo's fixed code is for demo accounts
only."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from continuum.account.models import DEMO_CODE, DemoDevice
from continuum.demo.generator import generate_demo
from continuum.demo.staff import DEMO_SIGN_INS
from continuum.organisation.models import Role, User

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 4, 1)


@pytest.fixture
def demo():
    return generate_demo(children=60, seed=7, as_of=AS_OF)


def printed_table(capsys) -> list[dict[str, str]]:
    """Read `continuum demo-sign-ins` the way a script would: the dashes give the columns."""
    call_command("demo_sign_ins")
    lines = capsys.readouterr().out.splitlines()
    dashes = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [m.span() for m in re.finditer(r"-+", lines[dashes])]
    names = [lines[dashes - 1][a:b].strip() for a, b in spans]
    rows = []
    for line in lines[dashes + 1 :]:
        if not line.strip():
            break
        rows.append(
            {name: line[a : b if n < len(spans) - 1 else None].strip()
             for n, (name, (a, b)) in enumerate(zip(names, spans, strict=True))}
        )  # fmt: skip
    return rows


def test_every_printed_sign_in_works_through_the_pages(demo, capsys):
    rows = printed_table(capsys)
    assert [r["Username"] for r in rows] == [s.username for s in DEMO_SIGN_INS]
    for row in rows:
        client = Client()
        response = client.post(
            "/sign-in", {"username": row["Username"], "password": row["Password"]}
        )
        assert response.status_code == 302, row
        if row["Code"].isdigit():
            assert response["Location"].startswith("/sign-in/code")
            response = client.post("/sign-in/code", {"code": row["Code"]})
        else:
            assert row["Code"] == "not asked"
        assert response["Location"] == "/", row
        user = User.objects.get(username=row["Username"])
        assert user.get_full_name() in client.get("/").content.decode()


def test_the_table_says_which_accounts_are_asked_for_a_code(demo, capsys):
    codes = {r["Username"]: r["Code"] for r in printed_table(capsys)}
    for sign_in in DEMO_SIGN_INS:
        expected = "not asked" if sign_in.role == Role.PARTNER else DEMO_CODE
        assert codes[sign_in.username] == expected


def test_all_demo_staff_accept_the_code_and_partners_are_not_asked(demo):
    staff = User.objects.exclude(role=Role.PARTNER)
    assert staff.count() > 50
    assert set(DemoDevice.objects.values_list("user_id", flat=True)) == set(
        staff.values_list("pk", flat=True)
    )


def test_a_demo_made_before_second_factors_gets_its_codes_on_the_next_run(demo):
    DemoDevice.objects.all().delete()
    result = generate_demo(children=60, seed=7, as_of=AS_OF)
    assert not result.created
    assert "demo's second-factor code" in result.message
    assert set(DemoDevice.objects.values_list("user__username", flat=True)) == {
        s.username for s in DEMO_SIGN_INS if s.role != Role.PARTNER
    }
    again = generate_demo(children=60, seed=7, as_of=AS_OF)
    assert again.message.endswith("nothing to do.")


def test_only_the_demo_generator_makes_demo_devices():
    """No page, command or other module may give an account the demo's code."""
    root = Path(__file__).resolve().parents[2]
    makers = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(
            r"(?<!class )DemoDevice(\(|\.objects\.(create|bulk_create|get_or_create))", text
        ) or ("give_demo_second_factor(" in text):
            makers.append(path.relative_to(root).as_posix())
    assert sorted(makers) == [
        "account/actions.py",
        "demo/generator.py",
        "demo/staff.py",
    ]


def test_the_readme_table_matches_the_printed_one(demo, capsys):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Demo sign-ins", 1)[1].split("\n## ", 1)[0]
    documented = {
        m[1]: m[2].strip("` ")
        for m in re.finditer(r"^\| `([a-z.]+)` \| [^|]+ \| ([^|]+) \|$", section, re.MULTILINE)
    }
    printed = {r["Username"]: r["Code"] for r in printed_table(capsys)}
    assert documented == printed
    assert "`continuum-demo`" in section and f"`{DEMO_CODE}`" in section
