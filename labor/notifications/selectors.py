"""Read queries of employer notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from labor.core.formatting import TAIPEI
from labor.inspections import rules
from labor.notifications.models import SupervisionVisit, WorkNotification


def _kinds(kind: str | Iterable[str]) -> list[str]:
    return [kind] if isinstance(kind, str) else list(kind)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end + 1 day 00:00) in Taipei time, for a datetime column."""
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
