"""What the sign-in tests share: posting the sign-in form as a person would."""

import pytest
from django.test import Client

from continuum.organisation.tests.factories import PASSWORD


def post_sign_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/sign-in", {"username": username, "password": password}, **extra)


@pytest.fixture
def web() -> Client:
    return Client()
