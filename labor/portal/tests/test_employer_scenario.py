"""The portal's part of the demo scenario: the demo employer account."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import authenticate

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.core.scenario import DEMO_PASSWORD
from labor.portal import accounts
from labor.portal import scenario as portal_scenario
from labor.portal.models import EmployerAccount

pytestmark = pytest.mark.django_db

SMALL = scenarios.get_scenario("taipei-2023h1").scaled(scale=0.02)
PARTS = [*kernel.PARTS, *portal_scenario.PARTS]


@pytest.fixture(autouse=True)
def reference_data(db):
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)


def test_the_demo_employer_logs_in_and_files_for_a_construction_firm():
    scenarios.load(SMALL, parts=PARTS)
    account = EmployerAccount.objects.select_related("user", "establishment__industry").get()
    assert account.user.username == portal_scenario.DEMO_EMPLOYER
    assert account.establishment.industry.code == "F"
    assert account.establishment.closed_on is None
    user = authenticate(username=portal_scenario.DEMO_EMPLOYER, password=DEMO_PASSWORD)
    assert user == account.user and accounts.is_employer(user)


def test_loading_again_adds_nothing():
    scenarios.load(SMALL, parts=PARTS)
    assert portal_scenario.employer_demo_load(SMALL, scenarios.no_progress) == 0
    assert EmployerAccount.objects.count() == 1
