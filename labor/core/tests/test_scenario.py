"""The demo scenario: the kernel's part, the registry that loads every app's part, the commands.

Band targets below are restated from the seed report (seed/figures-2023H1.yaml:
osh_health_staffing.band_*.required and labor_inspection.firms_50_99_population), not imported
from the scenario, so that a change to the scenario's data shows here.
"""

import datetime as dt
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.core.identifiers import is_valid_national_id, is_valid_ubn, is_valid_ui_number
from labor.core.models import (
    District,
    Establishment,
    HeadcountRecord,
    Industry,
    Person,
    PriorityGroup,
    PriorityGroupMembership,
    Role,
    ScenarioPart,
    StaffProfile,
    Unit,
)
from labor.core.reference import DISTRICTS, INDUSTRIES

pytestmark = pytest.mark.django_db

TAIPEI = scenarios.get_scenario("taipei-2023h1")
SMALL = TAIPEI.scaled(scale=0.02)
JUNE_30 = dt.date(2023, 6, 30)
LINES = {
    "disputes", "fund", "inspections", "notifications", "employment", "quota", "relations",
    "subsidies", "training", "migrants", "outreach", "equality", "migrant_disputes",
}  # fmt: skip


@pytest.fixture(autouse=True)
def reference_rows(db):
    # Tests elsewhere that flush the database remove what the migration loaded.
    for code, name, name_en, postal in DISTRICTS["taipei"]:
        District.objects.get_or_create(
            city="taipei", code=code,
            defaults={"name": name, "name_en": name_en, "postal_code": postal},
        )  # fmt: skip
    for code, name, name_en in INDUSTRIES:
        Industry.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


def headcounts_on(day: dt.date) -> dict[int, int]:
    """{establishment id: headcount in force on ``day``}: the latest record on or before it."""
    found: dict[int, int] = {}
    rows = HeadcountRecord.objects.filter(as_of__lte=day).order_by("as_of")
    for establishment_id, headcount in rows.values_list("establishment_id", "headcount"):
        found[establishment_id] = headcount
    return found


def band_counts(headcounts) -> dict[str, int]:
    bands = {"300+": (300, None), "200-299": (200, 299), "100-199": (100, 199),
             "50-99": (50, 99), "below 50": (1, 49)}  # fmt: skip
    return {
        name: sum(1 for h in headcounts if h >= low and (high is None or h <= high))
        for name, (low, high) in bands.items()
    }


def table_counts() -> dict[str, int]:
    return {
        "establishments": Establishment.objects.count(),
        "establishment history": Establishment.history.count(),
        "headcounts": HeadcountRecord.objects.count(),
        "headcount history": HeadcountRecord.history.count(),
        "persons": Person.objects.count(),
        "memberships": PriorityGroupMembership.objects.count(),
        "users": get_user_model().objects.count(),
        "units": Unit.objects.count(),
        "roles": Role.objects.count(),
        "profiles": StaffProfile.objects.count(),
    }


def test_the_full_kernel_part_has_the_seed_reports_band_populations_on_30_june_2023():
    scenarios.load(TAIPEI, parts=kernel.PARTS)

    on_june_30 = headcounts_on(JUNE_30)
    assert len(on_june_30) == Establishment.objects.count()
    counts = band_counts(on_june_30.values())
    assert counts == {
        "300+": 751, "200-299": 476, "100-199": 1265, "50-99": 2162,
        "below 50": counts["below 50"],
    }  # fmt: skip
    assert counts["below 50"] >= 3000

    ubns = list(Establishment.objects.values_list("ubn", flat=True))
    assert all(is_valid_ubn(u, on=JUNE_30) and is_valid_ubn(u) for u in ubns)
    districts = set(Establishment.objects.values_list("district__code", flat=True))
    assert districts == {code for code, *_rest in DISTRICTS["taipei"]}
    assert set(Establishment.objects.values_list("industry__code", flat=True)) == {
        code for code, *_rest in INDUSTRIES
    }
    # Addresses lie in the establishment's own district.
    for name, address in Establishment.objects.values_list("district__name", "address")[:500]:
        assert address.startswith(f"臺北市{name}")

    # Audited rows were written with their history, saying where they came from.
    assert Establishment.history.count() == len(ubns)
    assert HeadcountRecord.history.count() == HeadcountRecord.objects.count()
    reasons = set(HeadcountRecord.history.values_list("history_change_reason", flat=True))
    assert reasons == {"示範情境 taipei-2023h1（core.establishments）"}

    # A dated history: some grow and some shrink by more than a tenth over the scenario.
    start, end = headcounts_on(dt.date(2022, 3, 31)), headcounts_on(dt.date(2023, 12, 31))
    both = [(start[e], end[e]) for e in start if start[e] >= 20]
    assert sum(1 for a, b in both if b > a * 1.1) > 100
    assert sum(1 for a, b in both if b < a * 0.9) > 100
    assert len(start) < len(on_june_30)  # a few were founded during the years


def test_loading_twice_doubles_nothing_and_says_what_it_skipped():
    first = scenarios.load(SMALL, parts=kernel.PARTS)
    before = table_counts()
    messages = []

    second = scenarios.load(SMALL, parts=kernel.PARTS, log=messages.append)

    assert table_counts() == before
    assert before["establishments"] > 100
    assert all(not p.skipped for p in first.parts)
    assert all(p.skipped for p in second.parts)
    assert messages == [f"{p.name}: already loaded, skipped" for p in kernel.PARTS]
    assert ScenarioPart.objects.filter(scenario=SMALL.name).count() == len(kernel.PARTS)


def test_a_part_that_fails_leaves_nothing_and_is_tried_again_next_time():
    def broken(scenario, progress):
        Unit.objects.create(code="half-done", name="半途")
        raise RuntimeError("disk full")

    def fixed(scenario, progress):
        Unit.objects.create(code="half-done", name="半途")
        return 1

    parts = [kernel.PARTS[0], scenarios.Part("test.units", broken, requires=("core.organisation",))]
    with pytest.raises(scenarios.PartFailed, match=r"test\.units.*disk full"):
        scenarios.load(SMALL, parts=parts)

    assert not Unit.objects.filter(code="half-done").exists()
    assert set(ScenarioPart.objects.values_list("part", flat=True)) == {"core.organisation"}

    parts[1] = scenarios.Part("test.units", fixed, requires=("core.organisation",))
    result = scenarios.load(SMALL, parts=parts)
    assert [(p.part, p.skipped) for p in result.parts] == [
        ("core.organisation", True), ("test.units", False)
    ]
    assert Unit.objects.filter(code="half-done").count() == 1


def test_a_second_scenario_is_refused_in_a_database_that_holds_one():
    scenarios.load(SMALL, parts=kernel.PARTS[:1])
    with pytest.raises(scenarios.ScenarioError, match="already holds scenario"):
        scenarios.load(TAIPEI.scaled(scale=0.03), parts=kernel.PARTS[:1])


def test_demo_staff_log_in_with_the_demo_password_and_belong_to_a_unit(client):
    scenarios.load(SMALL, parts=kernel.PARTS[:1])
    logins = kernel.demo_staff_ensure()

    assert len(logins) == 2 * len(kernel.UNITS) + 1
    for login in logins:
        assert client.login(username=login.username, password=kernel.DEMO_PASSWORD), login
        assert login.username.isascii()
        profile = StaffProfile.objects.get(user__username=login.username)
        assert profile.unit.name == login.unit and profile.roles.exists()
    units = Unit.objects.exclude(code="bureau")
    assert {line for unit in units for line in unit.lines} == LINES
    for unit in units:
        roles = Counter(
            StaffProfile.objects.filter(unit=unit).values_list("roles__code", flat=True)
        )
        assert roles == {"officer": 1, "supervisor": 1}, unit.code
    assert get_user_model().objects.get(username="admin").is_superuser
    officer = get_user_model().objects.get(username="labor-relations.officer")
    assert officer.has_perm("core.view_establishment") and not officer.is_superuser


def test_demo_staff_ensure_recreates_a_deleted_account_and_resets_passwords_on_request(client):
    kernel.demo_staff_ensure()
    get_user_model().objects.filter(username="academy.officer").delete()
    changed = get_user_model().objects.get(username="inspection.officer")
    changed.set_password("something-else-2024")
    changed.save()

    kernel.demo_staff_ensure()
    assert client.login(username="academy.officer", password=kernel.DEMO_PASSWORD)
    assert not client.login(username="inspection.officer", password=kernel.DEMO_PASSWORD)

    kernel.demo_staff_ensure(reset_passwords=True)
    assert client.login(username="inspection.officer", password=kernel.DEMO_PASSWORD)


def test_persons_have_valid_ids_and_dated_priority_group_memberships():
    scenarios.load(SMALL, parts=kernel.PARTS)

    persons = list(Person.objects.all())
    assert len(persons) == SMALL.count(kernel.PERSONS)
    for person in persons:
        if person.id_kind == Person.IdKind.NATIONAL_ID:
            assert is_valid_national_id(person.id_number), person.id_number
        else:
            assert person.id_kind == Person.IdKind.UI_NUMBER
            assert is_valid_ui_number(person.id_number), person.id_number
    memberships = PriorityGroupMembership.objects.select_related("person")
    assert memberships.exists()
    for m in memberships:
        assert m.ended_on is None or m.ended_on >= m.established_on
        if m.group == PriorityGroup.MIDDLE_AGED:
            age = (m.established_on - m.person.birth_date).days / 365.25
            assert 45 <= age < 65


def test_the_same_scenario_draws_the_same_establishments():
    districts = {d.code: d for d in District.objects.filter(city="taipei")}
    first = kernel.establishment_specs(SMALL, districts)
    again = kernel.establishment_specs(SMALL, districts)
    assert first == again
    assert len({s.ubn for s in first}) == len(first)


def test_a_scaled_scenario_is_larger_and_covers_the_years_asked():
    bigger = TAIPEI.scaled(scale=3, years=5)
    assert bigger.name != TAIPEI.name and bigger.first_year == 2019
    assert bigger.month_ends()[0] == dt.date(2019, 1, 31)
    assert bigger.month_ends()[-1] == dt.date(2023, 12, 31)
    assert bigger.count(751) == 2253
    assert TAIPEI.scaled() is TAIPEI


def test_parts_run_after_what_they_require_and_otherwise_in_declared_order():
    def noop(scenario, progress):
        return 0

    parts = [
        scenarios.Part("b.second", noop, requires=("a.first",)),
        scenarios.Part("c.free", noop),
        scenarios.Part("a.first", noop),
    ]
    assert [p.name for p in scenarios.order_parts(parts)] == ["c.free", "a.first", "b.second"]
    with pytest.raises(ImproperlyConfigured, match="no app declares"):
        scenarios.order_parts([scenarios.Part("x.y", noop, requires=("missing.part",))])
    with pytest.raises(ImproperlyConfigured, match="require each other"):
        scenarios.order_parts([
            scenarios.Part("x.a", noop, requires=("x.b",)),
            scenarios.Part("x.b", noop, requires=("x.a",)),
        ])  # fmt: skip


def test_the_kernel_parts_are_discovered_first():
    names = [p.name for p in scenarios.discover_parts()]
    assert names[: len(kernel.PARTS)] == [p.name for p in kernel.PARTS]


def test_an_unknown_scenario_name_is_refused_with_the_known_names():
    with pytest.raises(CommandError, match=r"unknown scenario 'taipei-1999'.*taipei-2023h1"):
        call_command("load_scenario", "taipei-1999", "--force")


def test_load_scenario_refuses_demo_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_scenario", "taipei-2023h1")
    assert not ScenarioPart.objects.exists()


def test_demo_setup_loads_once_and_prints_the_address_and_the_logins(monkeypatch):
    monkeypatch.setitem(scenarios.SCENARIOS, "taipei-2023h1", SMALL)
    out, err = io.StringIO(), io.StringIO()

    call_command("demo_setup", "--force", "--port", "8123", stdout=out, stderr=err)
    counts = table_counts()
    again = io.StringIO()
    call_command("demo_setup", "--force", "--port", "8123", stdout=again, stderr=io.StringIO())

    assert table_counts() == counts
    assert counts["establishments"] > 100
    assert "事業單位" in err.getvalue()  # progress goes to stderr
    assert "already loaded" in again.getvalue()
    for text in (out.getvalue(), again.getvalue()):
        assert "http://127.0.0.1:8123/" in text
        assert "academy.supervisor" in text and "職能發展學院" in text
        assert kernel.DEMO_PASSWORD in text
