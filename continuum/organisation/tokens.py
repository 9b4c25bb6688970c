"""API tokens for partner agencies: `Authorization: Bearer <token>`.

A token is 32 random bytes (`secrets.token_urlsafe`) after the recognisable `cnt_`, shown once
when issued and never again: only its SHA-256 hash is kept (a fast hash is enough for a value
with 256 bits of entropy; there is nothing to guess), with its first characters for display.
Nothing about a token depends on the secret key, so changing the key neither breaks tokens nor
lets anyone compute one.

The actions on tokens (issue, revoke) live here beside the hashing; nothing else changes them.
"""

import datetime as dt
import hashlib
import secrets

from django.db import transaction

from continuum.core import clock
from continuum.organisation.models import Agency, ApiToken, Role, User

PREFIX = "cnt_"
RANDOM_BYTES = 32
# `cnt_` and 8 random characters: enough to tell tokens apart, far too few to guess the rest.
DISPLAY_LENGTH = len(PREFIX) + 8
# "Last used" is to the minute: writing it on every call would make every API request wait
# its turn for SQLite's one writer.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class ApiTokenError(Exception):
    """A refused action on a token, with a message for the person who asked."""


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(RANDOM_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def display_prefix(token: str) -> str:
    return token[:DISPLAY_LENGTH]


def _check_may_manage_tokens(acting_user: User | None) -> None:
    """Administrators, or the command line (no user: whoever can run it runs the service)."""
    if acting_user is not None and acting_user.role != Role.ADMINISTRATOR:
        raise ApiTokenError("Only an administrator can manage API tokens.")


@transaction.atomic
def issue_token(agency: Agency, *, rotate: bool = False, acting_user: User | None = None) -> str:
    """A new token for the agency, returned once. `rotate` also revokes the agency's others."""
    _check_may_manage_tokens(acting_user)
    if not agency.is_active:
        raise ApiTokenError(f"{agency} is not active, so it cannot be given an API token.")
    if rotate:
        for old in ApiToken.objects.select_for_update().filter(
            agency=agency, revoked_at__isnull=True
        ):
            _revoke(old, acting_user)
    token = new_token()
    ApiToken.objects.create(
        agency=agency, token_hash=hash_token(token), prefix=display_prefix(token)
    )
    return token


def _revoke(token: ApiToken, acting_user: User | None) -> None:
    token.revoked_at = clock.now()
    token.revoked_by = acting_user
    token.save(update_fields=["revoked_at", "revoked_by"])


@transaction.atomic
def revoke_token(token_id: int, *, acting_user: User | None) -> ApiToken:
    """Stop a token working from now on. Who revoked it and when stay on its row."""
    _check_may_manage_tokens(acting_user)
    token = (
        ApiToken.objects.select_for_update().select_related("agency").filter(pk=token_id).first()
    )
    if token is None:
        raise ApiTokenError(f"There is no API token number {token_id}.")
    if token.revoked_at is not None:
        raise ApiTokenError(f"Token {token.prefix}… for {token.agency} was already revoked.")
    _revoke(token, acting_user)
    return token


def agency_for_token(token: str) -> Agency | None:
    """The active agency a bearer token belongs to, or None."""
    if not token.startswith(PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("agency")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, agency__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = clock.now()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.agency
