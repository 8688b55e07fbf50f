"""Services and selectors of employer notifications on the database: notifiable work and its
supervision, film and reduced-hours notifications, early-warning lists."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from labor.core.deadlines import clear_calendar_cache
from labor.notifications import selectors, services
from labor.notifications.models import (
    FilmNotification,
    LayoffWarningEntry,
    LayoffWarningList,
    SupervisionVisit,
    UnreportedWork,
    WarningSource,
    WorkKind,
    WorkNotification,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

TAIPEI = dt.timezone(dt.timedelta(hours=8))
FILED = dt.datetime(2023, 3, 1, 10, 0, tzinfo=TAIPEI)


@pytest.fixture(autouse=True)
def fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def employer(db):
    def make(username: str):
        return get_user_model().objects.create_user(username=username, password="x-Pass-2023")

    return make


def file(est, *, kind=WorkKind.SCAFFOLDING, filed_by=None, **overrides):
    fields = dict(
        kind=kind, ubn=est.ubn, site_address="臺北市大安區復興南路一段1號",
        district=shared.district("daan"), starts_on=dt.date(2023, 3, 6),
        ends_on=dt.date(2023, 3, 20), channel="online" if filed_by else "counter",
        contractor="安全營造有限公司", filed_by=filed_by, filed_at=FILED,
    )
    fields.update(overrides)
    return services.notification_file(**fields)


def test_notification_filed(establishment_factory, employer):
    est = establishment_factory()
    user = employer("emp1")
    notification = file(est, filed_by=user)
    assert notification.establishment == est
    assert notification.filed_by == user
    assert notification.kind == "scaffolding"


def test_end_before_start_refused(establishment_factory):
    est = establishment_factory()
    with pytest.raises(ValidationError) as info:
        file(est, starts_on=dt.date(2023, 3, 20), ends_on=dt.date(2023, 3, 19))
    assert info.value.message_dict == {"ends_on": ["結束日不得早於開始日。"]}
    assert not WorkNotification.objects.exists()
    # One day is a valid period.
    file(est, starts_on=dt.date(2023, 3, 20), ends_on=dt.date(2023, 3, 20))


@pytest.mark.parametrize("ubn", ["1234567", "ABC12345", "12345678"])
def test_malformed_ubn_refused(establishment_factory, ubn):
    establishment_factory()
    with pytest.raises(ValidationError) as info:
        services.notification_file(
            kind=WorkKind.GONDOLA, ubn=ubn, site_address="臺北市信義區市府路1號",
            district=shared.district("xinyi"), starts_on="2023-03-06", ends_on="2023-03-07",
            channel="counter",
        )
    assert info.value.message_dict == {"ubn": ["統一編號格式不正確。"]}
    assert not WorkNotification.objects.exists()


def test_unknown_establishment_refused(db):
    with pytest.raises(ValidationError) as info:
        services.reduced_hours_file(ubn=shared.make_ubn(99_999), workers_affected=10,
                                    starts_on="2023-05-01", ends_on="2023-07-31")
    assert info.value.message_dict == {"ubn": ["查無此統一編號之事業單位。"]}


def test_double_submission_makes_one(establishment_factory, employer):
    est = establishment_factory()
    user = employer("emp1")
    first = file(est, filed_by=user, submission_key="k-123")
    again = file(est, filed_by=user, submission_key="k-123")
    assert again.pk == first.pk
    assert WorkNotification.objects.count() == 1
    file(est, filed_by=user, submission_key="k-124")
    assert WorkNotification.objects.count() == 2


def test_online_filing_needs_an_account(establishment_factory):
    est = establishment_factory()
    with pytest.raises(ValidationError) as info:
        file(est, channel="online")
    assert "filed_by" in info.value.message_dict


def test_employer_sees_only_their_own(establishment_factory, employer, staff_user):
    mine, theirs = establishment_factory(), establishment_factory()
    me, other = employer("emp1"), employer("emp2")
    own = file(mine, filed_by=me)
    file(theirs, filed_by=other)
    file(mine, actor=staff_user())  # typed in at the counter: nobody's portal filing
    assert list(selectors.employer_notifications(me)) == [own]
    assert not selectors.employer_notifications(AnonymousUser()).exists()


def test_supervision_and_unreported(establishment_factory, staff_user):
    est = establishment_factory()
    notification = file(est)
    inspector = staff_user()
    visit = services.supervision_record(notification=notification,
                                        visited_on=dt.date(2023, 3, 8), inspector=inspector)
    assert visit.notification == notification and visit.kind == notification.kind
    # Its inspection record is an OSH inspection of the filing employer.
    assert (visit.inspection.kind, visit.inspection.domain, visit.inspection.establishment) \
        == ("osh", "osh", est)
    with pytest.raises(ValidationError) as info:
        services.supervision_record(notification=notification,
                                    visited_on=dt.date(2023, 2, 1), inspector=inspector)
    assert "visited_on" in info.value.message_dict
    found = services.unreported_record(kind=WorkKind.ROPE_ACCESS, site_address="臺北市中山區某處",
                                       found_on="2023-04-02", ubn=est.ubn, actor=inspector)
    assert found.establishment == est
    services.unreported_record(kind=WorkKind.ROPE_ACCESS, site_address="臺北市中山區他處",
                               found_on="2023-04-02")
    assert UnreportedWork.objects.count() == 2
    assert SupervisionVisit.objects.count() == 1


def test_a_supervision_visit_finds_unreported_work(establishment_factory, staff_user):
    """Seed 2023H1, lightweight roofs: 1 notification, 2 supervision inspections (one found
    unreported work): execution rate 200.0 %, unreported 1."""
    est = establishment_factory()
    inspector = staff_user()
    notification = file(est, kind=WorkKind.LIGHTWEIGHT_ROOF)
    services.supervision_record(notification=notification, visited_on=dt.date(2023, 3, 8),
                                inspector=inspector)
    with pytest.raises(ValidationError) as info:
        services.supervision_record(kind=WorkKind.LIGHTWEIGHT_ROOF, visited_on="2023-04-01",
                                    inspector=inspector, site_address="", ubn="12345678")
    assert {"site_address", "ubn"} <= set(info.value.message_dict)
    assert SupervisionVisit.objects.count() == 1
    found = services.supervision_record(kind=WorkKind.LIGHTWEIGHT_ROOF, visited_on="2023-04-01",
                                        inspector=inspector, site_address="臺北市大安區某路1號",
                                        ubn=est.ubn)
    assert found.notification is None and found.unreported.establishment == est
    rate = selectors.execution_rate(WorkKind.LIGHTWEIGHT_ROOF, dt.date(2023, 1, 1),
                                    dt.date(2023, 6, 30))
    assert (rate.numerator, rate.denominator, rate.value) == (2, 1, Decimal("200.0"))


def test_execution_rate_seed_scaffolding(establishment_factory, staff_user):
    """Seed 2023H1: scaffolding 137 supervision inspections / 177 notifications = 77.4 %."""
    est = establishment_factory()
    inspector = staff_user()
    district = shared.district("daan")
    in_period = [
        WorkNotification(kind=WorkKind.SCAFFOLDING, establishment=est, site_address=f"工地{i}",
                         district=district, starts_on=dt.date(2023, 2, 1),
                         ends_on=dt.date(2023, 2, 28), channel="counter",
                         filed_at=dt.datetime(2023, 1, 1, 0, 5, tzinfo=TAIPEI)
                         + dt.timedelta(days=i % 180))
        for i in range(177)
    ]
    outside = [
        # Filed on 2022-12-31 23:30 and 2023-07-01 00:10 Taipei time: outside 2023H1.
        WorkNotification(kind=WorkKind.SCAFFOLDING, establishment=est, site_address="期外",
                         district=district, starts_on=dt.date(2023, 1, 2),
                         ends_on=dt.date(2023, 1, 3), channel="counter", filed_at=at)
        for at in (dt.datetime(2022, 12, 31, 23, 30, tzinfo=TAIPEI),
                   dt.datetime(2023, 7, 1, 0, 10, tzinfo=TAIPEI))
    ] + [
        WorkNotification(kind=WorkKind.GONDOLA, establishment=est, site_address="吊籠",
                         district=district, starts_on=dt.date(2023, 3, 1),
                         ends_on=dt.date(2023, 3, 3), channel="counter", filed_at=FILED)
    ]
    WorkNotification.objects.bulk_create(in_period + outside)
    notifications = list(WorkNotification.objects.filter(kind=WorkKind.SCAFFOLDING,
                                                         site_address__startswith="工地"))
    # 130 visits of notifications and 7 of scaffolding found unreported: all 137 count.
    visits = [SupervisionVisit(kind=n.kind, notification=n, visited_on=dt.date(2023, 6, 30),
                               inspector=inspector) for n in notifications[:130]]
    visits += [SupervisionVisit(kind=WorkKind.SCAFFOLDING, visited_on=dt.date(2023, 5, 2),
                                inspector=inspector) for _ in range(7)]
    gondola = WorkNotification.objects.get(kind=WorkKind.GONDOLA)
    visits += [
        SupervisionVisit(kind=WorkKind.SCAFFOLDING, notification=notifications[0],
                         visited_on=dt.date(2023, 7, 1), inspector=inspector),
        SupervisionVisit(kind=WorkKind.GONDOLA, notification=gondola,
                         visited_on=dt.date(2023, 3, 2), inspector=inspector),
    ]
    SupervisionVisit.objects.bulk_create(visits)

    rate = selectors.execution_rate(WorkKind.SCAFFOLDING, dt.date(2023, 1, 1),
                                    dt.date(2023, 6, 30))
    assert (rate.numerator, rate.denominator) == (137, 177)
    assert rate.value == Decimal("77.4")
    both = selectors.execution_rate([WorkKind.GONDOLA, WorkKind.ROPE_ACCESS],
                                    dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert (both.numerator, both.denominator, both.value) == (1, 1, Decimal("100.0"))
    none = selectors.execution_rate(WorkKind.LIGHTWEIGHT_ROOF, dt.date(2023, 1, 1),
                                    dt.date(2023, 6, 30))
    assert none.value is None


def test_film_notified_in_advance(establishment_factory):
    est = establishment_factory()
    film = services.film_notify(production="夜行", ubn=est.ubn, operation="explosion",
                                operation_on="2023-05-10", location="臺北市北投區",
                                filed_on="2023-05-01")
    assert film.get_operation_display() == "爆破及煙火"
    with pytest.raises(ValidationError) as info:
        services.film_notify(production="夜行", ubn=est.ubn, operation="fire",
                             operation_on="2023-04-30", location="臺北市北投區",
                             filed_on="2023-05-01")
    assert "operation_on" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.film_notify(production="夜行", ubn=est.ubn, operation="dance",
                             operation_on="2023-05-10", location="臺北市北投區",
                             filed_on="2023-05-01")
    assert "operation" in info.value.message_dict
    assert FilmNotification.objects.count() == 1


def test_reduced_hours(establishment_factory):
    est = establishment_factory()
    agreement = services.reduced_hours_file(ubn=est.ubn, workers_affected="1,200",
                                            starts_on="2023-05-01", ends_on="2023-07-31",
                                            filed_on="2023-04-25")
    assert agreement.workers_affected == 1200
    with pytest.raises(ValidationError) as info:
        services.reduced_hours_file(ubn=est.ubn, workers_affected=0, starts_on="2023-05-01",
                                    ends_on="2023-04-30")
    assert set(info.value.message_dict) == {"workers_affected", "ends_on"}


def test_warning_list_imported_twice_no_duplicates(establishment_factory):
    a, b = establishment_factory(), establishment_factory()
    rows = [{"ubn": a.ubn, "reason": "欠繳保費"}, {"ubn": b.ubn, "reason": "投保人數驟減"},
            {"ubn": a.ubn, "reason": "欠繳保費"}]  # the file itself repeats a
    source = WarningSource.LABOUR_INSURANCE
    first = services.warning_list_import(source=source, received_on="2023-06-16",
                                         file_name="預警名單11206.xlsx", rows=rows)
    assert first[1:] == (2, 1)
    again = services.warning_list_import(source=source, received_on="2023-06-16",
                                         file_name="預警名單11206.xlsx", rows=rows)
    assert again[0].pk == first[0].pk
    assert again[1:] == (0, 3)
    # Another file of the same insurer in the same month adds only the new establishment.
    c = establishment_factory()
    services.warning_list_import(source=source, received_on="2023-06-20",
                                 file_name="預警名單11206-2.xlsx",
                                 rows=[{"ubn": a.ubn}, {"ubn": c.ubn}])
    assert LayoffWarningEntry.objects.count() == 3
    # The other insurer's list and the next month are separate warnings.
    services.warning_list_import(source=WarningSource.HEALTH_INSURANCE,
                                 received_on="2023-06-16", file_name="健保.csv",
                                 rows=[{"ubn": a.ubn}])
    services.warning_list_import(source=source, received_on="2023-07-03",
                                 file_name="預警名單11207.xlsx", rows=[{"ubn": a.ubn}])
    assert LayoffWarningEntry.objects.count() == 5
    assert LayoffWarningList.objects.count() == 4


def test_warning_list_bad_row_refuses_file(establishment_factory):
    a = establishment_factory()
    with pytest.raises(ValidationError) as info:
        services.warning_list_import(source=WarningSource.LABOUR_INSURANCE,
                                     received_on="2023-06-16", file_name="x.csv",
                                     rows=[{"ubn": a.ubn}, {"ubn": "1234"}])
    assert info.value.message_dict == {"rows-1-ubn": ["統一編號格式不正確。"]}
    assert not LayoffWarningList.objects.exists()


def test_visit_due_seven_days_over_the_calendar(establishment_factory):
    """Received Friday 2023-06-16: +7 days is Friday 06-23, a bridge holiday after the Dragon
    Boat Festival, then a weekend, so the visit is due Monday 2023-06-26 (APA art. 48 IV)."""
    est = establishment_factory()
    services.warning_list_import(source=WarningSource.LABOUR_INSURANCE, received_on="2023-06-16",
                                 file_name="a.csv", rows=[{"ubn": est.ubn}])
    assert LayoffWarningEntry.objects.get().visit_due_on == dt.date(2023, 6, 26)
    # An ordinary week: Wednesday 2023-03-01 + 7 = Wednesday 2023-03-08.
    assert services.visit_due(dt.date(2023, 3, 1)) == dt.date(2023, 3, 8)


def test_warning_letter_mark_sent(establishment_factory):
    est = establishment_factory()
    services.warning_list_import(source=WarningSource.LABOUR_INSURANCE, received_on="2023-06-16",
                                 file_name="a.csv", rows=[{"ubn": est.ubn}])
    entry = LayoffWarningEntry.objects.get()
    with pytest.raises(ValidationError) as info:
        services.warning_letter_mark_sent(entry=entry, sent_on="2023-06-15")
    assert "sent_on" in info.value.message_dict
    entry = services.warning_letter_mark_sent(entry=entry, sent_on="2023-06-19")
    entry.refresh_from_db()
    assert entry.letter_sent_on == dt.date(2023, 6, 19)


def test_an_open_ended_period_counts_everything(establishment_factory):
    notification = file(establishment_factory())
    assert list(selectors.notifications_filed(WorkKind.SCAFFOLDING, dt.date.min, dt.date.max)) \
        == [notification]
