"""The directory's tests never read the ONS postcode directory through the process's lookup:
a small lookup of real centroids stands in for it. One test builds the real loader itself."""

from collections.abc import Iterator

import pytest
from django.test import Client

from continuum.directory import postcodes
from continuum.directory.tests.factories import POSTCODES


@pytest.fixture(autouse=True)
def _small_postcode_lookup() -> Iterator[postcodes.PostcodeLookup | None]:
    with postcodes.use_lookup(postcodes.DictLookup(POSTCODES)) as lookup:
        yield lookup


@pytest.fixture(autouse=True)
def _forget_cached_directory() -> Iterator[None]:
    """Each test's directory is its own: no activity types or timetables cached from
    another test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _reused_client() -> Client:
    return Client()


@pytest.fixture
def web(_reused_client: Client) -> Iterator[Client]:
    """A test client without cookies. One client is reused by every test, because each new
    one loads the middleware again, and WhiteNoise's finders then walk every static file
    (about 0.4 s a time)."""
    _reused_client.cookies.clear()
    yield _reused_client
    _reused_client.cookies.clear()


@pytest.fixture(scope="module")
def seed_directory(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The seed directory, loaded once for a module's tests (each test's own changes are
    rolled back as usual) and removed after them."""
    from continuum.directory.seed import load_seed
    from continuum.directory.tests.factories import empty_directory

    with django_db_blocker.unblock(), postcodes.use_lookup(postcodes.DictLookup(POSTCODES)):  # type: ignore[attr-defined]
        load_seed()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        empty_directory()
