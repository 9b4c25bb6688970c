"""The rules of signing in, as plain functions of plain values (no Django), so that each can be
read in one place and tested with a table of cases."""

import math
from enum import StrEnum


def needs_second_factor(*, is_partner: bool, has_device: bool) -> bool:
    """Staff of the authority always need a second factor. A partner agency's user may choose
    one; once they have set one up, it is required for them too."""
    return not is_partner or has_device


class SessionEnd(StrEnum):
    IDLE = "idle"
    TOO_LONG = "too long"


def session_end(
    *,
    now: float,
    last_seen: float | None,
    signed_in: float | None,
    idle_seconds: float,
    longest_seconds: float,
) -> SessionEnd | None:
    """Why a signed-in session must end now, if it must (times are Unix seconds). A session
    with no record yet of its times (signed in before they were kept) starts counting now."""
    if signed_in is not None and now - signed_in >= longest_seconds:
        return SessionEnd.TOO_LONG
    if last_seen is not None and now - last_seen >= idle_seconds:
        return SessionEnd.IDLE
    return None


def minutes(count: int) -> str:
    """1 minute, 30 minutes, 2 hours: how long, as a person would say it."""
    if count % 60 == 0 and count >= 60:
        hours = count // 60
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    return f"{count} minute" if count == 1 else f"{count} minutes"


def signed_out_message(end: SessionEnd, *, idle_minutes: int, longest_minutes: int) -> str:
    if end is SessionEnd.IDLE:
        return f"You were signed out after {minutes(idle_minutes)} without activity"
    return f"You were signed out because you had been signed in for {minutes(longest_minutes)}"


def lockout_message(cool_off_minutes: int) -> str:
    return (
        f"Too many attempts. Try again in {minutes(cool_off_minutes)} "
        "or ask your administrator to unlock your account"
    )


def code_wait_message(seconds: float) -> str:
    """After wrong codes the authenticator app is refused for a while (1, 2, 4, 8... seconds)."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        wait = "1 second" if whole == 1 else f"{whole} seconds"
    else:
        wait = minutes(math.ceil(whole / 60))
    return f"Too many wrong codes. Wait {wait}, then enter the newest code from your app"


def client_address(
    remote_addr: str | None, forwarded_for: str | None, trusted_proxies: int
) -> str | None:
    """The address a request came from. With no proxy in front, the connection's own address.
    Behind `trusted_proxies` proxies, each of which appends the address it received the request
    from to X-Forwarded-For, the person's address is that many entries from the right; anything
    further left was written by the client and cannot be trusted. Too few entries means the
    request did not come through the proxies: fall back to the connection's address."""
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < trusted_proxies:
        return remote_addr
    return hops[-trusted_proxies]


def grouped_secret(secret: str) -> str:
    """A base32 secret in groups of four, as authenticator apps show it for typing."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
