"""Read queries of employer notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from labor.core.formatting import TAIPEI
from labor.inspections import rules
from labor.notifications.models import (
    LayoffWarningEntry,
    ReducedHoursAgreement,
    SupervisionVisit,
    WorkKind,
    WorkNotification,
)


def _kinds(kind: str | Iterable[str]) -> list[str]:
    return [kind] if isinstance(kind, str) else list(kind)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end + 1 day 00:00) in Taipei time, for a datetime column. An open-ended
    period (date.min / date.max, e.g. a cumulative figure) is clamped to the ROC era and to
    the calendar's end: Taipei midnight of date.min does not exist in UTC."""
    start = max(start, dt.date(1912, 1, 1))
    end = min(end, dt.date.max - dt.timedelta(days=2))
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=TAIPEI)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TAIPEI)
    return begin, stop


def notifications_filed(kind: str | Iterable[str], period_start: dt.date,
                        period_end: dt.date) -> QuerySet[WorkNotification]:
    """Notifications of ``kind`` (or kinds) filed in the period (inclusive, Taipei dates)."""
    begin, stop = _day_bounds(period_start, period_end)
    return WorkNotification.objects.filter(kind__in=_kinds(kind), filed_at__gte=begin,
                                           filed_at__lt=stop)


def supervision_visits(kind: str | Iterable[str], period_start: dt.date,
                       period_end: dt.date) -> QuerySet[SupervisionVisit]:
    """Supervision inspections of work of ``kind`` made in the period, whenever the
    notification was filed and also where the work was found unreported; a notification
    visited twice counts twice."""
    return SupervisionVisit.objects.filter(kind__in=_kinds(kind),
                                           visited_on__range=(period_start, period_end))


@dataclass(frozen=True)
class Rate:
    value: Decimal | None
    numerator: int
    denominator: int


def execution_rate(kind: str | Iterable[str], period_start: dt.date,
                   period_end: dt.date) -> Rate:
    """執行率 (%): supervision inspections in the period / notifications filed in the period,
    one decimal half up (labor.inspections.rules.execution_rate); None when nothing was
    filed. ``kind`` may be several kinds (the seed reports gondola and rope access as one)."""
    supervised = supervision_visits(kind, period_start, period_end).count()
    notified = notifications_filed(kind, period_start, period_end).count()
    return Rate(rules.execution_rate(supervised, notified), supervised, notified)


def employer_notifications(user) -> QuerySet[WorkNotification]:
    """The notifications an employer's portal account filed, and no one else's."""
    if user is None or not user.is_authenticated:
        return WorkNotification.objects.none()
    return (WorkNotification.objects.filter(filed_by=user)
            .select_related("establishment", "district"))


def employer_reduced_hours(user) -> QuerySet[ReducedHoursAgreement]:
    """The reduced-hours agreements an employer's portal account reported online itself."""
    if user is None or not user.is_authenticated:
        return ReducedHoursAgreement.objects.none()
    return ReducedHoursAgreement.objects.filter(entered_by=user).select_related("establishment")


# --- staff pages -----------------------------------------------------------------------------

FILED = "filed"  # filter notifications by the day they were filed
WORKING = "working"  # ... by the work period overlapping the range


def notification_list(*, kind: str = "", district=None, start: dt.date | None = None,
                  end: dt.date | None = None, basis: str = FILED,
                  ) -> QuerySet[WorkNotification]:
    """Notifications for the staff list, newest first, each with ``visit_count``. The date
    range applies to the filing day (``basis`` FILED) or to the work period (WORKING: work
    going on at any time in the range)."""
    rows = WorkNotification.objects.select_related("establishment", "district")
    if kind:
        rows = rows.filter(kind=kind)
    if district is not None:
        rows = rows.filter(district=district)
    if basis == WORKING:
        if start:
            rows = rows.filter(ends_on__gte=start)
        if end:
            rows = rows.filter(starts_on__lte=end)
    else:
        if start:
            rows = rows.filter(filed_at__gte=_day_bounds(start, start)[0])
        if end:
            rows = rows.filter(filed_at__lt=_day_bounds(end, end)[1])
    return rows.annotate(visit_count=Count("visits"))


def counts_by_kind(period_start: dt.date, period_end: dt.date) -> dict[str, int]:
    """Notifications filed in the period per kind (every kind present, 0 when none)."""
    begin, stop = _day_bounds(period_start, period_end)
    counts = dict(
        WorkNotification.objects.filter(filed_at__gte=begin, filed_at__lt=stop)
        .values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    return {kind: counts.get(kind, 0) for kind in WorkKind.values}


def to_supervise(today: dt.date, *, days_ahead: int = 7) -> QuerySet[WorkNotification]:
    """Notified work going on today or starting within ``days_ahead`` days that no
    supervision inspection has visited yet, the soonest first."""
    visited = SupervisionVisit.objects.filter(notification=OuterRef("pk"))
    return (
        WorkNotification.objects.filter(ends_on__gte=today,
                                        starts_on__lte=today + dt.timedelta(days=days_ahead))
        .exclude(Exists(visited))
        .select_related("establishment", "district")
        .order_by("starts_on", "pk")
    )


def warning_entries_open() -> QuerySet[LayoffWarningEntry]:
    """Warned establishments not visited yet, the earliest visit deadline first."""
    return (LayoffWarningEntry.objects.filter(visited_on__isnull=True)
            .select_related("establishment", "warning_list").order_by("visit_due_on", "pk"))


def warning_lists():
    """Every warning list with its counts: entries, letters sent, visited."""
    from labor.notifications.models import LayoffWarningList

    return LayoffWarningList.objects.annotate(
        entry_count=Count("entries"),
        letters_sent=Count("entries", filter=Q(entries__letter_sent_on__isnull=False)),
        visited=Count("entries", filter=Q(entries__visited_on__isnull=False)),
    )


def reduced_hours(*, start: dt.date | None = None, end: dt.date | None = None,
                  ) -> QuerySet[ReducedHoursAgreement]:
    """Reduced-hours agreements reported (filed) in the range, newest first."""
    rows = ReducedHoursAgreement.objects.select_related("establishment", "entered_by")
    if start:
        rows = rows.filter(filed_on__gte=start)
    if end:
        rows = rows.filter(filed_on__lte=end)
    return rows


@dataclass(frozen=True)
class ReducedHoursTotals:
    agreements: int
    establishments: int
    workers: int


def reduced_hours_totals(rows: QuerySet[ReducedHoursAgreement]) -> ReducedHoursTotals:
    """Sums of a selection: agreements, distinct establishments, workers affected."""
    totals = rows.order_by().aggregate(
        agreements=Count("id"), establishments=Count("establishment", distinct=True),
        workers=Sum("workers_affected"),
    )
    return ReducedHoursTotals(totals["agreements"], totals["establishments"],
                              totals["workers"] or 0)
