"""Read queries of the dispute line, shared by pages, the API and the indicators.

Dates of receipt are Taipei dates: a period's bounds become aware datetimes at Taipei midnight,
whatever time zone a request activated.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as CaseWhen
from django.db.models import (
    DateField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from labor.core.deadlines import default_calendar, next_working_day
from labor.core.formatting import TAIPEI
from labor.core.models import Case, CaseDueDate, Channel
from labor.core.permissions import visible_cases
from labor.disputes import rules
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    Dispute,
    Kind,
    LawyerConsultation,
    Meeting,
    Outcome,
)

DUE_SOON_WORKING_DAYS = 2

# Urgency of a queue row: overdue, due soon, later, no open due date.
OVERDUE, DUE_SOON, LATER, NO_DUE_DATE = 0, 1, 2, 3


def _base() -> QuerySet:
    return Dispute.objects.select_related("case")


def disputes_for_user(user) -> QuerySet:
    """The disputes (both lines) the staff member may see (core.permissions.visible_cases)."""
    cases = visible_cases(user, Case.objects.filter(line__in=[LINE_MEDIATION,
                                                              LINE_COORDINATION]))
    return _base().filter(case__in=cases.values("pk"))


def due_soon_limit(today: dt.date, calendar=None) -> dt.date:
    """The last day counted as "due soon": the second working day after ``today``."""
    calendar = calendar or default_calendar()
    day = today
    for _ in range(DUE_SOON_WORKING_DAYS):
        day = next_working_day(day + dt.timedelta(days=1), calendar)
    return day


def with_next_due(queryset: QuerySet) -> QuerySet:
    """Annotate ``next_due_on`` and ``next_due_kind``: the earliest due date not yet met."""
    open_due = CaseDueDate.objects.filter(case=OuterRef("case"), met_on__isnull=True).order_by(
        "due_on", "id"
    )
    return queryset.annotate(
        next_due_on=Min("case__due_dates__due_on",
                        filter=Q(case__due_dates__met_on__isnull=True)),
        next_due_kind=Subquery(open_due.values("kind")[:1]),
    )


def queue(user, *, today: dt.date, kind: str | None = None) -> QuerySet:
    """Open disputes the user may see, with their next due date: overdue first, then due
    within two working days, then the rest by due date, then those without one.

    Each row carries ``next_due_on``, ``next_due_kind`` and ``urgency`` (OVERDUE, DUE_SOON,
    LATER, NO_DUE_DATE).
    """
    soon = due_soon_limit(today)
    queryset = disputes_for_user(user).filter(case__closed_at__isnull=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return (
        with_next_due(queryset)
        .annotate(
            urgency=CaseWhen(
                When(next_due_on__isnull=True, then=Value(NO_DUE_DATE)),
                When(next_due_on__lt=Value(today, output_field=DateField()),
                     then=Value(OVERDUE)),
                When(next_due_on__lte=Value(soon, output_field=DateField()),
                     then=Value(DUE_SOON)),
                default=Value(LATER),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "next_due_on", "case__received_at", "pk")
    )


def portal_disputes(user) -> QuerySet:
    """An online applicant's own disputes, and nobody else's."""
    if not getattr(user, "is_authenticated", False):
        return _base().none()
    return _base().filter(portal_user=user).order_by("-case__received_at")


# ---------------------------------------------------------------------------- figures


def _bounds(period) -> tuple[dt.datetime | None, dt.datetime]:
    """Aware [start, end) datetimes of a period's inclusive Taipei dates (no lower bound for a
    cumulative period)."""
    start = None
    if period.start > dt.date.min:
        start = dt.datetime.combine(period.start, dt.time.min, tzinfo=TAIPEI)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=TAIPEI)
    return start, end


def _in(field: str, period) -> Q:
    start, end = _bounds(period)
    rule = Q(**{f"{field}__lt": end})
    if start is not None:
        rule &= Q(**{f"{field}__gte": start})
    return rule


def received(period, kind: str = Kind.MEDIATION) -> QuerySet:
    """Disputes of ``kind`` received (Case.received_at) in the period."""
    return _base().filter(kind=kind).filter(_in("case__received_at", period))


def handled(period, kind: str = Kind.MEDIATION) -> QuerySet:
    """Disputes of ``kind`` concluded in the period: an outcome dated in it."""
    return _base().filter(kind=kind).exclude(outcome="").filter(
        outcome_on__gte=period.start, outcome_on__lte=period.end
    )


def settled_or_withdrawn_settled(period, kind: str = Kind.MEDIATION) -> QuerySet:
    """Handled disputes that count as settled for 和解率 (rules.settlement_counts)."""
    outcomes = [value for value in Outcome.values if rules.settlement_counts(value)]
    return handled(period, kind).filter(outcome__in=outcomes)


def online_received(period, kind: str = Kind.MEDIATION) -> QuerySet:
    """Disputes received in the period through the online service."""
    return received(period, kind).filter(case__channel=Channel.ONLINE)


def lawyer_consultations_attended(period) -> QuerySet:
    """Bookings of lawyer slots in the period at which the person came (人次)."""
    return LawyerConsultation.objects.select_related("slot").filter(attended=True).filter(
        _in("slot__starts_at", period)
    )


def coordination_meetings_held(period) -> QuerySet:
    """Coordination meetings of migrant workers' disputes held in the period."""
    return Meeting.objects.filter(kind=Kind.COORDINATION, status=Meeting.Status.HELD).filter(
        _in("held_at", period)
    )


def coordinations_succeeded(period) -> QuerySet:
    """Coordination cases concluded in the period with success (outcome settled)."""
    return handled(period, Kind.COORDINATION).filter(outcome=Outcome.SETTLED)
