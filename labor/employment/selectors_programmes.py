"""Read queries of the employment programmes, shared by the pages and the figures.

``FIGURES`` maps each seed figure of the programmes (figures-2023H1.yaml codes) to a function
of an inclusive period ``(start, end)`` returning ``(value, queryset of the records behind
it)``, so that an indicator can wrap it without a second query of its own. How each figure is
counted (person-times are rows; persons are distinct people):

employment.community_seekers_found  CommunityContact rows found in the period (人次)
employment.community_job_offers     CommunityJobOffer rows offered in the period (人次)
employment.community_placed         CommunityPlacement rows placed in the period (人次)
employment.community_stable_3_months  persons whose community placement was followed up in
                                    the period with the result "stable" (人)
employment.community_jobs_developed sum of JobDevelopmentVisit.jobs_developed of the visits
                                    in the period (個工作機會)
employment.homeless_registrations   JobSeeker registrations in the period of persons who were
                                    homeless (PriorityGroupMembership "homeless") on the day
                                    (人次)
employment.homeless_referrals       Referral rows in the period of such seekers (人次)
employment.homeless_placed          Placement rows in the period of such seekers (人次)
employment.youth_counselling        YouthService rows (tests and counselling) in the period
employment.youth_events             YouthEvent rows held in the period (場)
employment.youth_event_participants sum of YouthEvent.participants of those events (人次)
employment.job_redesign_seniors_applied   persons whose application was received in the period
employment.job_redesign_seniors_approved  persons whose application was approved in the period
employment.job_redesign_seniors_amount    sum of the amounts approved in the period (元)
priority_groups.cases_opened        persons with an EmploymentCase opened in the period
priority_groups.psych_tests         PsychTest rows in the period (人次)
priority_groups.general_counselling CounsellingSession rows "general" in the period (人次)
priority_groups.in_depth_counselling  CounsellingSession rows "in_depth" in the period (人次)
priority_groups.training_referrals  persons with a TrainingReferral in the period (人)
priority_groups.job_referrals       Referral rows in the period of seekers whose case was open
                                    on the referral day (人次)
priority_groups.placed              persons placed (Placement) in the period while their case
                                    was open (人)
new_immigrants.<x>.{foreign,mainland,total}  job_seekers: persons registered in the period who
                                    held the group on the day; cases_opened: persons with a
                                    case opened in the period serving the group; referrals:
                                    Referral rows of group members; placed: persons placed
job_fairs.<kind>_events / _employers / _vacancies / _occupations / _resumes / _interviews
                                    events of the kind held in the period; EventEmployer rows
                                    (家, per event); sum of EventJob.openings; EventJob rows
                                    (職類); EventApplicant rows with a resume / interviewed
unemployment.applications           persons whose claim was applied for in the period
unemployment.recognised             persons whose claim was recognised in the period
unemployment.re_recognitions        ReRecognition rows in the period (人次)
unemployment.helped_into_work       persons whose claim ended "employed" in the period
unemployment.training_referrals     persons with a ClaimTrainingReferral in the period
recruitment_exams.sessions / applicants / interviewed / hired (main + reserve) / main / reserve
                                    sessions held in the period and their ExamApplicant rows
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from labor.core.models import PriorityGroup
from labor.employment import rules_programmes as prules
from labor.employment import rules_unemployment as urules
from labor.employment.models import (
    HIRED_RESULTS,
    ClaimEnd,
    ClaimStatus,
    ClaimTrainingReferral,
    CommunityContact,
    CommunityJobOffer,
    CommunityPlacement,
    CounsellingKind,
    CounsellingSession,
    EmploymentCase,
    EventApplicant,
    EventEmployer,
    EventJob,
    EventKind,
    ExamApplicant,
    ExamResult,
    ExamSession,
    FollowUpResult,
    JobDevelopmentVisit,
    JobRedesignApplication,
    JobSeeker,
    Placement,
    PsychTest,
    RecruitmentEvent,
    RedesignDecision,
    Referral,
    ReRecognition,
    TrainingReferral,
    UnemploymentClaim,
    YouthEvent,
    YouthService,
)

Period = tuple[dt.date, dt.date]
FOREIGN = PriorityGroup.NEW_IMMIGRANT_FOREIGN
MAINLAND = PriorityGroup.NEW_IMMIGRANT_MAINLAND


def _persons(queryset: QuerySet, path: str) -> int:
    return queryset.values(path).distinct().count()


def _sum(queryset: QuerySet, field: str) -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


def _member_on(path: str, day_field: str, group) -> Q:
    """``path`` (a Person lookup) held ``group`` on the row's ``day_field``. One Q, so that
    the three conditions apply to the same membership row."""
    groups = group if isinstance(group, (list, tuple)) else [group]
    return Q(**{f"{path}__priority_groups__group__in": groups,
                f"{path}__priority_groups__established_on__lte": F(day_field)}) & (
        Q(**{f"{path}__priority_groups__ended_on__isnull": True})
        | Q(**{f"{path}__priority_groups__ended_on__gte": F(day_field)}))


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


def case_referrals(start: dt.date, end: dt.date) -> QuerySet:
    return Referral.objects.filter(_open_on("referred_on"),
                                   referred_on__range=(start, end)).distinct()


def case_placements(start: dt.date, end: dt.date) -> QuerySet:
    return Placement.objects.filter(_open_on("placed_on"),
                                    placed_on__range=(start, end)).distinct()


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


# -------------------------------------------------------------------------------- figures


def _count(queryset: QuerySet):
    return queryset.count(), queryset


def _f_community_found(start, end):
    return _count(CommunityContact.objects.filter(found_on__range=(start, end)))


def _f_community_offers(start, end):
    return _count(CommunityJobOffer.objects.filter(offered_on__range=(start, end)))


def _f_community_placed(start, end):
    return _count(CommunityPlacement.objects.filter(placed_on__range=(start, end)))


def _f_community_stable(start, end):
    rows = CommunityPlacement.objects.filter(follow_up_on__range=(start, end),
                                             follow_up_result=FollowUpResult.STABLE)
    return _persons(rows, "contact__person"), rows


def _f_community_developed(start, end):
    rows = JobDevelopmentVisit.objects.filter(visited_on__range=(start, end))
    return _sum(rows, "jobs_developed"), rows


def homeless_registrations(start, end) -> QuerySet:
    return JobSeeker.objects.filter(_member_on("person", "registered_on",
                                               PriorityGroup.HOMELESS),
                                    registered_on__range=(start, end)).distinct()


def homeless_referrals(start, end) -> QuerySet:
    return Referral.objects.filter(_member_on("seeker__person", "referred_on",
                                              PriorityGroup.HOMELESS),
                                   referred_on__range=(start, end)).distinct()


def homeless_placements(start, end) -> QuerySet:
    return Placement.objects.filter(_member_on("seeker__person", "placed_on",
                                               PriorityGroup.HOMELESS),
                                    placed_on__range=(start, end)).distinct()


def _f_youth_events(start, end):
    return _count(YouthEvent.objects.filter(held_on__range=(start, end)))


def _f_youth_participants(start, end):
    rows = YouthEvent.objects.filter(held_on__range=(start, end))
    return _sum(rows, "participants"), rows


def _f_redesign_applied(start, end):
    rows = JobRedesignApplication.objects.filter(received_on__range=(start, end))
    return _persons(rows, "person"), rows


def _approved(start, end):
    return JobRedesignApplication.objects.filter(decision=RedesignDecision.APPROVED,
                                                 decided_on__range=(start, end))


def _f_redesign_approved(start, end):
    rows = _approved(start, end)
    return _persons(rows, "person"), rows


def _f_redesign_amount(start, end):
    rows = _approved(start, end)
    return _sum(rows, "amount_approved"), rows


def _f_cases_opened(start, end):
    rows = EmploymentCase.objects.filter(opened_on__range=(start, end))
    return _persons(rows, "seeker__person"), rows


def _f_counselling(kind):
    def compute(start, end):
        return _count(CounsellingSession.objects.filter(kind=kind, held_on__range=(start, end)))
    return compute


def _f_psych_tests(start, end):
    return _count(PsychTest.objects.filter(tested_on__range=(start, end)))


def _f_training(start, end):
    rows = TrainingReferral.objects.filter(referred_on__range=(start, end))
    return _persons(rows, "employment_case__seeker__person"), rows


def _f_case_referrals(start, end):
    return _count(case_referrals(start, end))


def _f_case_placed(start, end):
    rows = case_placements(start, end)
    return _persons(rows, "seeker__person"), rows


def _immigrant(kind: str, groups):
    def seekers(start, end):
        rows = JobSeeker.objects.filter(_member_on("person", "registered_on", groups),
                                        registered_on__range=(start, end)).distinct()
        return _persons(rows, "person"), rows

    def cases_opened(start, end):
        rows = EmploymentCase.objects.filter(groups__group__in=groups,
                                             opened_on__range=(start, end)).distinct()
        return _persons(rows, "seeker__person"), rows

    def referrals(start, end):
        return _count(Referral.objects.filter(_member_on("seeker__person", "referred_on",
                                                         groups),
                                              referred_on__range=(start, end)).distinct())

    def placed(start, end):
        rows = Placement.objects.filter(_member_on("seeker__person", "placed_on", groups),
                                        placed_on__range=(start, end)).distinct()
        return _persons(rows, "seeker__person"), rows

    return {"job_seekers": seekers, "cases_opened": cases_opened, "referrals": referrals,
            "placed": placed}[kind]


def _events(kind, start, end):
    return RecruitmentEvent.objects.filter(kind=kind, held_on__range=(start, end))


def _f_event(kind, what):
    def compute(start, end):
        if what == "events":
            return _count(_events(kind, start, end))
        scope = {"event__kind": kind, "event__held_on__range": (start, end)}
        if what == "employers":
            return _count(EventEmployer.objects.filter(**scope))
        jobs = EventJob.objects.filter(**{f"employer__{k}": v for k, v in scope.items()})
        if what == "vacancies":
            return _sum(jobs, "openings"), jobs
        if what == "occupations":
            return _count(jobs)
        applicants = EventApplicant.objects.filter(
            **{f"employer__{k}": v for k, v in scope.items()})
        if what == "resumes":
            return _count(applicants.filter(resume_received=True))
        return _count(applicants.filter(interviewed=True))
    return compute


def _f_claims(field):
    def compute(start, end):
        rows = UnemploymentClaim.objects.filter(**{f"{field}__range": (start, end)})
        return _persons(rows, "seeker__person"), rows
    return compute


def _f_re_recognitions(start, end):
    return _count(ReRecognition.objects.filter(on__range=(start, end)))


def _f_helped(start, end):
    rows = UnemploymentClaim.objects.filter(end_reason=ClaimEnd.EMPLOYED,
                                            ended_on__range=(start, end))
    return _persons(rows, "seeker__person"), rows


def _f_claim_training(start, end):
    rows = ClaimTrainingReferral.objects.filter(referred_on__range=(start, end))
    return _persons(rows, "claim__seeker__person"), rows


def _exam_applicants(start, end):
    return ExamApplicant.objects.filter(session__held_on__range=(start, end))


def _f_exam(what):
    def compute(start, end):
        if what == "sessions":
            return _count(ExamSession.objects.filter(held_on__range=(start, end)))
        rows = _exam_applicants(start, end)
        if what == "interviewed":
            rows = rows.filter(interviewed=True)
        elif what == "hired":
            rows = rows.filter(result__in=HIRED_RESULTS)
        elif what == "main":
            rows = rows.filter(result=ExamResult.MAIN)
        elif what == "reserve":
            rows = rows.filter(result=ExamResult.RESERVE)
        return _count(rows)
    return compute


FIGURES: dict[str, Callable[[dt.date, dt.date], tuple[int, QuerySet]]] = {
    "employment.community_seekers_found": _f_community_found,
    "employment.community_placed": _f_community_placed,
    "employment.community_stable_3_months": _f_community_stable,
    "employment.community_job_offers": _f_community_offers,
    "employment.community_jobs_developed": _f_community_developed,
    "employment.homeless_registrations": lambda s, e: _count(homeless_registrations(s, e)),
    "employment.homeless_referrals": lambda s, e: _count(homeless_referrals(s, e)),
    "employment.homeless_placed": lambda s, e: _count(homeless_placements(s, e)),
    "employment.job_redesign_seniors_applied": _f_redesign_applied,
    "employment.job_redesign_seniors_approved": _f_redesign_approved,
    "employment.job_redesign_seniors_amount": _f_redesign_amount,
    "employment.youth_counselling": lambda s, e: _count(
        YouthService.objects.filter(served_on__range=(s, e))),
    "employment.youth_events": _f_youth_events,
    "employment.youth_event_participants": _f_youth_participants,
    "priority_groups.cases_opened": _f_cases_opened,
    "priority_groups.psych_tests": _f_psych_tests,
    "priority_groups.general_counselling": _f_counselling(CounsellingKind.GENERAL),
    "priority_groups.in_depth_counselling": _f_counselling(CounsellingKind.IN_DEPTH),
    "priority_groups.training_referrals": _f_training,
    "priority_groups.job_referrals": _f_case_referrals,
    "priority_groups.placed": _f_case_placed,
    **{f"new_immigrants.{kind}.{side}": _immigrant(kind, groups)
       for kind in ("job_seekers", "cases_opened", "referrals", "placed")
       for side, groups in (("foreign", [FOREIGN]), ("mainland", [MAINLAND]),
                            ("total", [FOREIGN, MAINLAND]))},
    **{f"job_fairs.{kind}_{what}": _f_event(kind, what)
       for kind in EventKind.values
       for what in ("events", "employers", "vacancies", "occupations", "resumes",
                    "interviews")},
    "unemployment.applications": _f_claims("applied_on"),
    "unemployment.recognised": _f_claims("recognised_on"),
    "unemployment.re_recognitions": _f_re_recognitions,
    "unemployment.helped_into_work": _f_helped,
    "unemployment.training_referrals": _f_claim_training,
    **{f"recruitment_exams.{what}": _f_exam(what)
       for what in ("sessions", "applicants", "interviewed", "hired", "main", "reserve")},
}


def figure(code: str, start: dt.date, end: dt.date) -> int:
    return FIGURES[code](start, end)[0]


def figures(start: dt.date, end: dt.date) -> dict[str, int]:
    return {code: compute(start, end)[0] for code, compute in FIGURES.items()}


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


