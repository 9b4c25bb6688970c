"""What other apps show at the top of a child's record (the social care banner: level, plan,
worker and what is due next). People do not import the apps that work with them; those apps
register a function here that renders their part."""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

from continuum.organisation.models import User
from continuum.people.models import Person

RecordBanner = Callable[[Person, User], str]
_banners: list[RecordBanner] = []


def register_record_banner(banner: RecordBanner) -> None:
    """`banner(person, user)` returns HTML rendered from a template (escaped there), or ""."""
    if banner not in _banners:
        _banners.append(banner)


def record_banners(person: Person, user: User) -> list[SafeString]:
    return [mark_safe(html) for banner in _banners if (html := banner(person, user))]  # noqa: S308
