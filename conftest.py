"""Applies to every test under labor/ and tests/ (shared fixtures are in tests/conftest.py)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in the default language (zh-Hant). A request through the test
    client leaves the language LocaleMiddleware chose active in the thread: without this, a
    test of the English pages would make every later test in the same process speak English."""
    translation.activate("zh-hant")
    yield
    translation.activate("zh-hant")
