"""Read queries of the employment programmes' pages: case-management cases, the 3-month
follow-ups due, the unemployment claims due for recognition or re-recognition, and an event's
or an exam's totals.

The council report's figures of the programmes are not computed here: they are the
indicators of labor/employment/indicators.py (the registry is the one place figures are
computed; DESIGN.md §5).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from labor.employment import rules_programmes as prules
from labor.employment import rules_unemployment as urules
from labor.employment.models import (
    ClaimStatus,
    EmploymentCase,
    EventApplicant,
    EventJob,
    ExamResult,
    ExamSession,
    Placement,
    RecruitmentEvent,
    UnemploymentClaim,
)


def _sum(queryset: QuerySet, field: str) -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


# ------------------------------------------------------------------------ case management


def cases(*, open_only: bool | None = None) -> QuerySet:
    rows = (EmploymentCase.objects.select_related("case", "seeker__person",
                                                  "case__assigned_officer")
            .prefetch_related("groups").order_by("-opened_on", "-case_id"))
    if open_only is True:
        rows = rows.filter(closed_on__isnull=True)
    elif open_only is False:
        rows = rows.filter(closed_on__isnull=False)
    return rows


def _open_on(day_field: str, prefix: str = "seeker__employment_cases__") -> Q:
    """The seeker had a case open on the row's ``day_field`` (one Q: the same case row)."""
    return Q(**{f"{prefix}opened_on__lte": F(day_field)}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": F(day_field)}))


def follow_ups_due(today: dt.date, *, ahead_days: int = 0) -> list[dict]:
    """Placements of case-managed seekers (placed while the case was open) whose 3-month
    stability follow-up is due by ``today + ahead_days`` and not recorded: dicts with
    ``placement``, ``employment_case``, ``due_on`` and ``state`` ("overdue", "today",
    "upcoming"), earliest first."""
    horizon = today + dt.timedelta(days=ahead_days)
    # Work that starts by this day is due by the horizon (months are at least 28 days).
    latest_start = urules.add_months(horizon, -prules.STABILITY_MONTHS) + dt.timedelta(days=3)
    rows = (Placement.objects.filter(_open_on("placed_on"),
                                     stability_follow_up__isnull=True)
            .annotate(start=Coalesce("starts_on", "placed_on"))
            .filter(start__lte=latest_start)
            .select_related("seeker__person", "establishment").distinct())
    found = []
    for placement in rows:
        due_on = prules.stability_due_on(placement.start)
        if due_on > horizon:
            continue
        employment_case = (EmploymentCase.objects.select_related("case")
                           .filter(seeker_id=placement.seeker_id,
                                   opened_on__lte=placement.placed_on)
                           .filter(Q(closed_on__isnull=True)
                                   | Q(closed_on__gte=placement.placed_on))
                           .order_by("-opened_on").first())
        found.append({"placement": placement, "employment_case": employment_case,
                      "due_on": due_on, "state": urules.due_state(due_on, today)})
    found.sort(key=lambda d: (d["due_on"], d["placement"].pk))
    return found


# --------------------------------------------------------------------------- unemployment


def claims(*, status: str = "") -> QuerySet:
    rows = UnemploymentClaim.objects.select_related("seeker__person").order_by(
        "-applied_on", "-pk")
    if status:
        rows = rows.filter(status=status)
    return rows


def re_recognitions_due(today: dt.date) -> QuerySet:
    """Recognised claims whose re-recognition date is today or has passed."""
    return (UnemploymentClaim.objects.filter(status=ClaimStatus.RECOGNISED,
                                             next_due_on__lte=today)
            .select_related("seeker__person").order_by("next_due_on", "pk"))


def recognitions_due(today: dt.date, recognition_days: int = urules.RECOGNITION_DAYS
                     ) -> QuerySet:
    """Claims applied for at least ``recognition_days`` ago and not yet recognised."""
    return (UnemploymentClaim.objects.filter(
        status=ClaimStatus.APPLIED,
        applied_on__lte=today - dt.timedelta(days=recognition_days))
        .select_related("seeker__person").order_by("applied_on", "pk"))


def event_totals(event: RecruitmentEvent) -> dict[str, int]:
    """An event's employers, job types, openings, resumes and interviews."""
    jobs = EventJob.objects.filter(employer__event=event)
    applicants = EventApplicant.objects.filter(employer__event=event)
    totals = applicants.aggregate(resumes=Count("pk", filter=Q(resume_received=True)),
                                  interviews=Count("pk", filter=Q(interviewed=True)))
    return {"employers": event.employers.count(), "occupations": jobs.count(),
            "vacancies": _sum(jobs, "openings"), **totals}


def exam_totals(session: ExamSession) -> dict[str, int]:
    rows = session.applicants.all()
    return rows.aggregate(
        applicants=Count("pk"), interviewed=Count("pk", filter=Q(interviewed=True)),
        main=Count("pk", filter=Q(result=ExamResult.MAIN)),
        reserve=Count("pk", filter=Q(result=ExamResult.RESERVE)))


