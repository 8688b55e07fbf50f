"""The portal's part of the demo scenario: one employer account (事業單位帳號) to try the
online notification with.

``portal.employer_demo`` creates ``employer@example.com`` with the shared demo password
(labor.core.scenario.DEMO_PASSWORD) for a construction firm of the scenario's registry (the
first open one of industry section F by 統一編號, so the same on every machine). It files
nothing: the scenario's notifications, and so the 2023H1 figures, are labor/notifications'.
``manage.py demo_setup`` prints the login.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from labor.core.models import Establishment
from labor.core.scenario import DEMO_PASSWORD
from labor.core.scenarios import Part, Progress, Scenario

DEMO_EMPLOYER = "employer@example.com"
DEMO_EMPLOYER_NAME = "陳建安"
DEMO_EMPLOYER_PHONE = "02-2720-8889"


def demo_establishment(scenario: Scenario) -> Establishment | None:
    """The establishment the demo employer files for: open on the scenario's day, in
    construction (F) if there is one, the lowest 統一編號 first."""
    open_ones = Establishment.objects.filter(closed_on__isnull=True).order_by("ubn")
    return open_ones.filter(industry__code="F").first() or open_ones.first()


def employer_demo_load(scenario: Scenario, progress: Progress) -> int:
    from labor.portal.models import EmployerAccount

    progress("事業單位示範帳號", 0, 1)
    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_EMPLOYER).exists():
        return 0
    establishment = demo_establishment(scenario)
    if establishment is None:
        return 0
    user = user_model.objects.create(
        username=DEMO_EMPLOYER, email=DEMO_EMPLOYER, first_name=DEMO_EMPLOYER_NAME,
        password=make_password(DEMO_PASSWORD),
    )
    EmployerAccount.objects.create(user=user, establishment=establishment,
                                   contact_name=DEMO_EMPLOYER_NAME, phone=DEMO_EMPLOYER_PHONE)
    progress("事業單位示範帳號", 1, 1)
    return 2


PARTS = [
    Part("portal.employer_demo", employer_demo_load, requires=("core.establishments",),
         label="事業單位示範帳號"),
]
