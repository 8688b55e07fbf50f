"""The notification figures (labor/notifications/indicators.py) on small fixtures built through
the services: notifiable work and its supervision, film productions, layoff warning lists,
reduced working hours. The period is 2023H1 unless said.
"""

import datetime as dt
from decimal import Decimal

import pytest

from labor.core.formatting import TAIPEI
from labor.inspections import services as inspection_services
from labor.notifications import services
from labor.notifications.models import LayoffWarningEntry, WorkKind
from labor.stats import crosschecks
from labor.stats.registry import registry
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

D = dt.date


def value(code: str, period: str = "2023H1"):
    return registry.compute(code, period).value


def taipei(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TAIPEI)


@pytest.fixture
def inspector(staff_user):
    return staff_user("inspector")


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安營造股份有限公司", headcounts=[(D(2022, 12, 31), 45)])


def notify(employer, kind, filed_at, *, actor=None):
    return services.notification_file(
        kind=kind, ubn=employer.ubn, site_address="臺北市大安區信義路四段1號",
        district=employer.district, starts_on=filed_at.date() + dt.timedelta(days=3),
        ends_on=filed_at.date() + dt.timedelta(days=30), channel="counter", actor=actor,
        filed_at=filed_at)


def visit(notification, day, inspector):
    return services.supervision_record(notification=notification, visited_on=day,
                                       inspector=inspector)


def unreported(employer, kind, day, inspector):
    return services.supervision_record(kind=kind, visited_on=day, inspector=inspector,
                                       site_address="臺北市信義區松仁路1號", ubn=employer.ubn)


# --- notifiable work ------------------------------------------------------------------------------


def test_an_unreported_find_counts_as_supervised_and_the_rate_can_exceed_100(employer, inspector):
    # The seed's lightweight roofs: 1 notification, 2 supervision inspections, 200.0 %.
    roof = notify(employer, WorkKind.LIGHTWEIGHT_ROOF, taipei(2023, 3, 1), actor=inspector)
    visit(roof, D(2023, 3, 10), inspector)
    unreported(employer, WorkKind.LIGHTWEIGHT_ROOF, D(2023, 4, 10), inspector)

    assert value("osh_notifications.lightweight_roof.notified") == 1
    assert value("osh_notifications.lightweight_roof.supervised") == 2
    assert value("osh_notifications.lightweight_roof.unreported") == 1
    assert value("osh_notifications.lightweight_roof.execution_rate") == Decimal("200.0")
    # The visits' inspection records are OSH inspections.
    assert value("osh_inspection.inspections") == 2


def test_gondolas_and_rope_access_are_one_figure_and_the_rate_has_one_decimal(employer,
                                                                             inspector):
    filed = [notify(employer, kind, taipei(2023, 2, day), actor=inspector)
             for kind, day in ((WorkKind.GONDOLA, 1), (WorkKind.GONDOLA, 2),
                               (WorkKind.ROPE_ACCESS, 3))]
    visit(filed[2], D(2023, 2, 10), inspector)
    assert value("osh_notifications.gondola_rope.notified") == 3
    assert value("osh_notifications.gondola_rope.supervised") == 1
    assert value("osh_notifications.gondola_rope.execution_rate") == Decimal("33.3")
    assert value("osh_notifications.scaffolding.execution_rate") is None  # nothing notified


def test_a_visit_counts_in_its_own_period_whenever_the_notification_was_filed(employer,
                                                                             inspector):
    december = notify(employer, WorkKind.SCAFFOLDING, taipei(2022, 12, 20), actor=inspector)
    visit(december, D(2023, 1, 5), inspector)
    visit(december, D(2023, 1, 19), inspector)  # visited twice: two inspections
    assert value("osh_notifications.scaffolding.notified") == 0
    assert value("osh_notifications.scaffolding.supervised") == 2
    assert value("osh_notifications.scaffolding.notified", "2022H2") == 1
    assert value("osh_notifications.scaffolding.supervised", "2022H2") == 0


def test_notifications_count_by_the_taipei_date_they_were_filed(employer, inspector):
    notify(employer, WorkKind.SCAFFOLDING, taipei(2023, 6, 30, 23, 50), actor=inspector)
    notify(employer, WorkKind.SCAFFOLDING, taipei(2023, 7, 1, 0, 10), actor=inspector)
    notify(employer, WorkKind.SCAFFOLDING, taipei(2023, 1, 1, 0, 5), actor=inspector)
    assert value("osh_notifications.scaffolding.notified") == 2
    assert value("osh_notifications.scaffolding.notified", "2023Q3") == 1
    # A cumulative period reads every notification up to its end.
    assert value("osh_notifications.scaffolding.notified", "asof:2023-06-30") == 2


# --- film productions ---------------------------------------------------------------------------


def film(producer, production, operation, filed_on, operation_on, actor):
    return services.film_notify(production=production, ubn=producer.ubn, operation=operation,
                                operation_on=operation_on, location="臺北市大稻埕碼頭",
                                filed_on=filed_on, actor=actor)


def test_film_productions_count_once_however_many_operations_they_notify(
        establishment_factory, inspector):
    studio, other = establishment_factory("星河影視有限公司"), establishment_factory()
    first = film(studio, "電影《北投夜行》", "height", D(2023, 3, 1), D(2023, 3, 20), inspector)
    film(studio, "電影《北投夜行》", "water", D(2023, 3, 2), D(2023, 3, 25), inspector)
    film(other, "電影《北投夜行》", "fire", D(2023, 4, 2), D(2023, 4, 25), inspector)  # another
    film(studio, "電視劇《城南微光》", "explosion", D(2022, 12, 28), D(2023, 1, 9), inspector)
    assert value("osh_inspection.film_notifications") == 2

    seen = services.film_supervision_record(film_notification=first, visited_on=D(2023, 3, 20),
                                            inspector=inspector)
    services.film_supervision_record(film_notification=first, visited_on=D(2023, 3, 21),
                                     inspector=inspector)
    inspection = seen.inspection
    inspection_services.finding_add(inspection=inspection, article="職業安全衛生法第6條第1項",
                                    description="高處作業未使用安全帶", actor=inspector,
                                    version=inspection.version)
    inspection.refresh_from_db()
    inspection_services.improvement_notice_issue(inspection=inspection, due_on=D(2023, 4, 20),
                                                 actor=inspector, version=inspection.version)
    assert value("osh_inspection.film_inspections") == 2
    assert value("osh_inspection.film_improvement_notices") == 1
    # Film visits have no kind: they are in no execution rate.
    assert value("osh_notifications.scaffolding.supervised") == 0


# --- layoff warnings and reduced hours ----------------------------------------------------------


def test_warning_entries_count_by_the_lists_receipt_and_the_letter_rate(establishment_factory):
    firms = [establishment_factory(headcounts=[(D(2022, 12, 31), 60)]) for _ in range(4)]
    rows = [{"ubn": f.ubn, "reason": "勞保投保人數減少"} for f in firms]
    services.warning_list_import(source="labour_insurance", received_on=D(2023, 6, 30),
                                 file_name="112年6月勞保局預警名單.xlsx", rows=rows[:3])
    # The same file again adds nothing; another insurer's list adds its own entries.
    services.warning_list_import(source="labour_insurance", received_on=D(2023, 6, 30),
                                 file_name="112年6月勞保局預警名單.xlsx", rows=rows[:3])
    services.warning_list_import(source="health_insurance", received_on=D(2023, 7, 3),
                                 file_name="112年7月健保署預警名單.xlsx", rows=rows[3:])
    entries = list(LayoffWarningEntry.objects.filter(source="labour_insurance"))
    for entry in entries[:2]:
        services.warning_letter_mark_sent(entry=entry, sent_on=D(2023, 7, 2))

    assert value("layoff_warning.list_entries") == 3
    assert value("layoff_warning.letters_sent") == 2
    assert value("layoff_warning.letter_rate") == Decimal("66.67")
    assert value("layoff_warning.list_entries", "2023Q3") == 1
    assert value("layoff_warning.letter_rate", "2022") is None


def test_reduced_hours_count_filings_and_add_up_the_workers(establishment_factory):
    firm = establishment_factory(headcounts=[(D(2022, 12, 31), 80)])
    for filed_on, workers in ((D(2023, 1, 3), 5), (D(2023, 6, 30), 12), (D(2023, 7, 1), 40)):
        services.reduced_hours_file(ubn=firm.ubn, workers_affected=workers,
                                    starts_on=filed_on, ends_on=filed_on + dt.timedelta(days=30),
                                    filed_on=filed_on)
    assert value("reduced_hours.filings") == 2
    assert value("reduced_hours.persons") == 17
    assert value("reduced_hours.persons", "2022") == 0


# --- declarations and relations -------------------------------------------------------------


def test_every_notification_figure_of_the_seed_report_is_registered_with_its_unit():
    units = {i.code: i.unit for i in registry.indicators("osh_notifications")}
    assert units == {
        f"osh_notifications.{kind}.{figure}": unit
        for kind in ("lightweight_roof", "scaffolding", "gondola_rope")
        for figure, unit in (("notified", "件"), ("supervised", "件"),
                             ("execution_rate", "%"), ("unreported", "件"))
    }
    assert {i.code: i.unit for i in registry.indicators("layoff_warning")} == {
        "layoff_warning.list_entries": "件", "layoff_warning.letters_sent": "件",
        "layoff_warning.letter_rate": "%"}
    assert {i.code: i.unit for i in registry.indicators("reduced_hours")} == {
        "reduced_hours.filings": "件", "reduced_hours.persons": "人次"}


def test_the_relations_hold_on_a_small_fixture(employer, inspector):
    notify(employer, WorkKind.SCAFFOLDING, taipei(2023, 2, 1), actor=inspector)
    notify(employer, WorkKind.SCAFFOLDING, taipei(2023, 2, 2), actor=inspector)
    unreported(employer, WorkKind.SCAFFOLDING, D(2023, 2, 10), inspector)
    assert value("osh_notifications.scaffolding.execution_rate") == Decimal("50.0")
    assert crosschecks.evaluate("2023H1") == []
    assert crosschecks.evaluate("asof:2023-06-30") == []
