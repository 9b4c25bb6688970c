"""The rules of signing in, as tables of cases."""

import pytest

from continuum.account import rules
from continuum.account.rules import SessionEnd


@pytest.mark.parametrize(
    ("is_partner", "has_device", "needed"),
    [
        (False, False, True),  # staff: always, even before they have set up an app
        (False, True, True),
        (True, False, False),  # a partner agency's user may choose one...
        (True, True, True),  # ...and once chosen it is required
    ],
)
def test_who_needs_a_second_factor(is_partner, has_device, needed):
    assert rules.needs_second_factor(is_partner=is_partner, has_device=has_device) is needed


HOUR = 3600


@pytest.mark.parametrize(
    ("now", "last_seen", "signed_in", "end"),
    [
        (1000, 1000, 1000, None),
        (1000 + 29 * 60, 1000, 1000, None),
        (1000 + 30 * 60, 1000, 1000, SessionEnd.IDLE),
        (1000 + 31 * 60, 1000, 1000, SessionEnd.IDLE),
        (8 * HOUR - 1, 8 * HOUR - 60, 0, None),  # busy all day: not yet 8 hours
        (8 * HOUR, 8 * HOUR - 60, 0, SessionEnd.TOO_LONG),
        (9 * HOUR, 0, 0, SessionEnd.TOO_LONG),  # idle and too old: the 8 hours is the reason
        (5000, None, None, None),  # no times kept yet: counting starts now
        (5000, None, 0, None),
        (5000, 0, None, SessionEnd.IDLE),
    ],
)
def test_when_a_session_ends(now, last_seen, signed_in, end):
    assert (
        rules.session_end(
            now=now,
            last_seen=last_seen,
            signed_in=signed_in,
            idle_seconds=30 * 60,
            longest_seconds=8 * HOUR,
        )
        == end
    )


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 minute"),
        (2, "2 minutes"),
        (30, "30 minutes"),
        (60, "1 hour"),
        (90, "90 minutes"),
        (480, "8 hours"),
    ],
)
def test_minutes_as_a_person_says_them(count, text):
    assert rules.minutes(count) == text


def test_messages():
    assert rules.lockout_message(15) == (
        "Too many attempts. Try again in 15 minutes or ask your administrator to unlock "
        "your account"
    )
    assert (
        rules.signed_out_message(SessionEnd.IDLE, idle_minutes=30, longest_minutes=480)
        == "You were signed out after 30 minutes without activity"
    )
    assert (
        rules.signed_out_message(SessionEnd.TOO_LONG, idle_minutes=30, longest_minutes=480)
        == "You were signed out because you had been signed in for 8 hours"
    )


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "address"),
    [
        ("203.0.113.5", None, 0, "203.0.113.5"),
        ("203.0.113.5", "198.51.100.7", 0, "203.0.113.5"),  # no proxy: the header is a lie
        ("10.0.0.1", "198.51.100.7", 1, "198.51.100.7"),
        ("10.0.0.1", "6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),  # client-written left part
        ("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.9", 2, "198.51.100.7"),
        ("10.0.0.1", "198.51.100.7", 2, "10.0.0.1"),  # fewer hops than proxies
        ("10.0.0.1", "", 1, "10.0.0.1"),
        ("10.0.0.1", " , ", 1, "10.0.0.1"),
        (None, None, 0, None),
    ],
)
def test_the_address_a_request_came_from(remote, forwarded, proxies, address):
    assert rules.client_address(remote, forwarded, proxies) == address


def test_secrets_are_shown_in_fours():
    assert rules.grouped_secret("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == (
        "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567"
    )
    assert rules.grouped_secret("ABCDEF") == "ABCD EF"


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [(0.2, "1 second"), (1, "1 second"), (7.5, "8 seconds"), (59, "59 seconds"),
     (60, "1 minute"), (61, "2 minutes"), (512, "9 minutes")],
)  # fmt: skip
def test_how_long_to_wait_after_wrong_codes(seconds, wait):
    assert rules.code_wait_message(seconds) == (
        f"Too many wrong codes. Wait {wait}, then enter the newest code from your app"
    )
