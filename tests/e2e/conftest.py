"""Browser tests: Playwright (sync API) driving Debian's Chromium against live_server.

Each xdist worker has its own test database, live server and browser, so the tests run the
same under ``make test`` (``-n auto``) as alone.
"""

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from tests.conftest import use_private_storage

# Playwright's sync API keeps an asyncio event loop in the test thread; Django would refuse
# database calls from the test body (fixtures, assertions on rows) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's Chromium; LABOR_CHROMIUM points elsewhere (e.g. to check the skip/fail rule below).
CHROMIUM = Path(os.environ.get("LABOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Put back what migrations load (permissions, districts, industries, dated settings, the
    office calendar, occupations, the fund's chart of accounts and caps) before each browser test.

    Transactional tests flush every table, and serialized_rollback cannot restore them here:
    Playwright's sync API runs an event loop in the test thread, so Django's connection
    (an asgiref Local) is a different object from the one the serialized copy was kept on.
    """
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.employment.migrations.0004_occupations").load(django_apps, None)
    import_module("labor.fund.migrations.0003_reference_data").load(django_apps, None)


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Uploaded files and generated documents go to the test's own private storage."""
    return use_private_storage(settings, tmp_path)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium per test process; skipped where it is absent, except under CI=true."""
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is not installed; browser tests need Debian's Chromium "
            "(apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. CI=true: browser tests must run, not skip.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) speaking Traditional Chinese, on the live server."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="zh-TW",
        timezone_id="Asia/Taipei",
        viewport={"width": 1280, "height": 860},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, "login")`` saves screenshots/login.png (the directory is gitignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
