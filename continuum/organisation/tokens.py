"""API tokens for partner agencies: `Authorization: Bearer <token>`."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction

from continuum.core import clock
from continuum.organisation.models import Agency, ApiToken

PREFIX = "cnt_"
# "Last used" is to the minute: writing it on every call would make every API request wait
# its turn for SQLite's one writer.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _derive(agency: Agency, generation: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"api-token:{agency.slug}:{generation}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"{PREFIX}{agency.slug}_{digest[:40]}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(agency: Agency, *, rotate: bool = False) -> str:
    """The agency's current token, created on first use. `rotate` revokes it and issues a new one."""
    current = (
        ApiToken.objects.select_for_update().filter(agency=agency, revoked_at__isnull=True).first()
    )
    if current and not rotate:
        return _derive(agency, current.generation)
    generation = 1
    if current:
        current.revoked_at = clock.now()
        current.save(update_fields=["revoked_at"])
        generation = current.generation + 1
    token = _derive(agency, generation)
    ApiToken.objects.create(agency=agency, token_hash=hash_token(token), generation=generation)
    return token


def agency_for_token(token: str) -> Agency | None:
    """The active agency a bearer token belongs to, or None."""
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
