"""Read queries of the inspection line: overdue construction sites, the art. 80-1 list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from labor.core.models import Establishment
from labor.inspections import rules
from labor.inspections.models import ConstructionSite, Grade, Inspection, Kind, Penalty

_GRADE_ORDER = {grade: index for index, grade in enumerate(Grade.values)}


@dataclass(frozen=True)
class OverdueSite:
    site: ConstructionSite
    overdue: list[dt.date]  # due dates of windows that passed without an inspection


def sites_overdue(today: dt.date) -> list[OverdueSite]:
    """Sites with at least one inspection window (rules.inspections_due, by grade) that
    passed with no inspection of the site in it; high-risk sites first, then by name."""
    sites = list(ConstructionSite.objects.filter(starts_on__lt=today)
                 .select_related("contractor", "district"))
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for site_id, day in (Inspection.objects.filter(site__in=sites)
                         .values_list("site_id", "inspected_on")):
        dates[site_id].append(day)
    found = []
    for site in sites:
        overdue = rules.inspections_due(site.starts_on, site.ends_on, site.grade,
                                        dates[site.pk], today)
        if overdue:
            found.append(OverdueSite(site, overdue))
    found.sort(key=lambda row: (_GRADE_ORDER[row.site.grade], row.site.name, row.site.pk))
    return found


@dataclass(frozen=True)
class PublishedPenalty:
    """A row of the 勞動基準法 art. 80-1 list of penalised employers."""

    penalty_id: int
    employer: str
    ubn: str
    representative: str
    decided_on: dt.date
    article: str  # the penalty's basis, e.g. 勞動基準法第79條第1項
    breached: str  # the provision breached, e.g. 勞動基準法第24條 ("" when not recorded)
    amount: int


def published_penalties() -> list[PublishedPenalty]:
    """Approved (or paid) fines that are published: employer's name, responsible person,
    decision date, article breached, amount; newest decision first."""
    rows = (Penalty.objects.filter(published=True,
                                   status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID])
            .select_related("inspection__establishment", "inspection__site__contractor")
            .order_by("-decided_on", "-id"))
    result = []
    for penalty in rows:
        inspection = penalty.inspection
        employer = inspection.establishment or inspection.site.contractor
        result.append(PublishedPenalty(
            penalty_id=penalty.pk, employer=employer.name, ubn=employer.ubn,
            representative=employer.representative, decided_on=penalty.decided_on,
            article=rules.FINE_BASIS[penalty.article], breached=penalty.breached,
            amount=penalty.amount,
        ))
    return result


# ---------------------------------------------------------------------------------------------
# The staff pages: worklist, sites, plans, risk selection, registries, the public list
# ---------------------------------------------------------------------------------------------

# An improvement notice whose deadline is this many days away or nearer shows as due soon.
NOTICE_DUE_SOON_DAYS = 14


def _subject(inspection: Inspection):
    return inspection.establishment or (inspection.site.contractor if inspection.site else None)


def open_notices(today: dt.date, *, inspector=None):
    """Improvement notices still waiting: their inspection has findings not yet resolved and
    no re-inspection was opened after it. Each row gets ``state``: ``due_soon`` (deadline
    within NOTICE_DUE_SOON_DAYS), ``ok`` (later) or ``overdue`` (deadline passed: a
    re-inspection is due). Earliest deadline first."""
    from labor.inspections.models import ImprovementNotice

    rows = (ImprovementNotice.objects
            .filter(inspection__findings__resolved_on__isnull=True,
                    inspection__re_inspections__isnull=True)
            .select_related("inspection__case", "inspection__establishment",
                            "inspection__site__contractor", "inspection__inspector")
            .distinct().order_by("due_on", "id"))
    if inspector is not None:
        rows = rows.filter(inspection__inspector=inspector)
    found = []
    soon = today + dt.timedelta(days=NOTICE_DUE_SOON_DAYS)
    for notice in rows:
        # A later notice of the same inspection supersedes an earlier one.
        notice.state = ("overdue" if notice.due_on < today
                        else "due_soon" if notice.due_on <= soon else "ok")
        notice.subject = _subject(notice.inspection)
        found.append(notice)
    latest: dict[int, object] = {}
    for notice in found:
        latest[notice.inspection_id] = notice
    return [n for n in found if latest[n.inspection_id] is n]


def penalties_awaiting_approval():
    """Proposed fines, oldest first (the supervisors' queue)."""
    return (Penalty.objects.filter(status=Penalty.Status.PROPOSED)
            .select_related("inspection__case", "inspection__establishment",
                            "inspection__site__contractor", "proposed_by")
            .order_by("id"))


def approved_penalty_count(establishment, *, exclude_inspection=None) -> int:
    """The establishment's approved (or paid) fines so far: the repeat history a new fine's
    factors start from."""
    if establishment is None:
        return 0
    rows = Penalty.objects.filter(inspection__case__establishment=establishment,
                                  status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID])
    if exclude_inspection is not None:
        rows = rows.exclude(inspection=exclude_inspection)
    return rows.count()


@dataclass(frozen=True)
class SiteRow:
    site: ConstructionSite
    last_inspected_on: dt.date | None
    next_due_on: dt.date | None
    overdue: list[dt.date]
    stopped: bool


def site_rows(today: dt.date, *, sites=None) -> list[SiteRow]:
    """Every site (or those given) with its last inspection, next due date by grade, overdue
    windows and whether a stop-work order is in force; high risk first, then by name."""
    from labor.inspections.models import StopWorkOrder

    sites = list(sites if sites is not None
                 else ConstructionSite.objects.select_related("contractor", "district"))
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for site_id, day in (Inspection.objects.filter(site__in=sites)
                         .values_list("site_id", "inspected_on")):
        dates[site_id].append(day)
    stopped = set(StopWorkOrder.objects.filter(site__in=sites, lifted_on__isnull=True)
                  .values_list("site_id", flat=True))
    rows = []
    for site in sites:
        days = [d for d in dates[site.pk] if d >= site.starts_on]
        rows.append(SiteRow(
            site=site,
            last_inspected_on=max(dates[site.pk]) if dates[site.pk] else None,
            next_due_on=rules.next_inspection_due_date(site.starts_on, site.ends_on, site.grade,
                                                       days, today),
            overdue=rules.inspections_due(site.starts_on, site.ends_on, site.grade, days, today)
            if site.starts_on < today else [],
            stopped=site.pk in stopped,
        ))
    rows.sort(key=lambda row: (_GRADE_ORDER[row.site.grade], row.site.name, row.site.pk))
    return rows


# --- plans and projects ----------------------------------------------------------------------

# Kinds of inspection a plan of each kind counts. The council report counts guidance visits
# in the labor-conditions target ("勞動條件檢查(含輔導場次)"); a regular plan counts the
# guidance visits of its own domain.
_PLAN_KINDS = {
    "labor_conditions": ("labor_conditions", "guidance"),
    "osh": ("osh", "guidance"),
    "guidance": ("guidance",),
    "re_inspection": ("re_inspection",),
}


@dataclass(frozen=True)
class PlanProgress:
    plan: object
    done: int
    rate: object  # Decimal percent or None


def plan_progress(year: int, *, until: dt.date | None = None) -> list[PlanProgress]:
    """The year's annual targets with the inspections counted so far (to ``until``)."""
    from labor.inspections.models import InspectionPlan

    rows = []
    for plan in InspectionPlan.objects.filter(year=year).order_by("kind"):
        kinds = _PLAN_KINDS.get(plan.kind, (plan.kind,))
        query = Inspection.objects.filter(inspected_on__year=year, kind__in=kinds)
        if plan.kind in ("labor_conditions", "osh"):
            query = query.filter(domain=plan.kind)
        if until is not None:
            query = query.filter(inspected_on__lte=until)
        done = query.count()
        rows.append(PlanProgress(plan, done, rules.staffing_rate(done, plan.target)
                                 if plan.target else None))
    return rows


@dataclass(frozen=True)
class ProjectProgress:
    project: object
    targets: int
    inspected_targets: int
    inspected: int  # distinct establishments inspected in the project (targets or not)
    rate: object


def project_progress(*, year: int | None = None, projects=None) -> list[ProjectProgress]:
    """Projects with their target lists and the distinct establishments inspected in them."""
    from labor.inspections.models import InspectionProject

    if projects is None:
        projects = InspectionProject.objects.select_related("unit").order_by("-year", "name")
        if year is not None:
            projects = projects.filter(year=year)
    rows = []
    for project in projects:
        inspected = set(Inspection.objects.filter(project=project)
                        .values_list("case__establishment_id", flat=True)) - {None}
        targets = set(project.targets.values_list("pk", flat=True))
        hit = len(targets & inspected)
        rows.append(ProjectProgress(project, len(targets), hit, len(inspected),
                                    rules.staffing_rate(hit, len(targets)) if targets else None))
    return rows


@dataclass(frozen=True)
class CoverageYear:
    year: int
    inspected: int  # establishments first inspected under the plan that year
    cumulative: int
    even_pace: int  # where an even pace to the deadline would be by the year's end

    @property
    def roc_year(self) -> int:
        from labor.core.formatting import ROC_EPOCH_OFFSET

        return self.year - ROC_EPOCH_OFFSET


@dataclass(frozen=True)
class CoverageProgress:
    plan: object
    population: int
    inspected: int
    rate: object
    years: list[CoverageYear]


def coverage_population(plan) -> QuerySet[Establishment]:
    """A coverage plan's population: the city's establishments whose headcount on the plan's
    baseline day is in its band (the indicator labor_inspection.firms_50_99_population and
    the plans page both use this)."""
    from labor.core import selectors as core_selectors

    return core_selectors.establishments_with_headcount(on=plan.baseline_on).filter(
        headcount_on__gte=plan.min_headcount, headcount_on__lte=plan.max_headcount)


def coverage_inspections(plan, end: dt.date) -> QuerySet[Inspection]:
    """The inspections that cover an establishment under ``plan``: regular labor-conditions
    inspections from the plan's start to ``end`` (at most its deadline)."""
    return Inspection.objects.filter(kind=Kind.LABOR_CONDITIONS,
                                     inspected_on__gte=plan.starts_on,
                                     inspected_on__lte=min(end, plan.deadline))


def coverage_progress(plan, *, today: dt.date) -> CoverageProgress:
    """A coverage plan (e.g. every firm of 50-99 workers by 2026): the population on the
    plan's baseline day (coverage_population); an establishment is covered by its first
    regular labor-conditions inspection between the start and ``today`` (or the deadline).
    Per year: first inspections, cumulative, and the even pace (population × years elapsed /
    years of the plan)."""
    from django.db.models import Min

    population_ids = set(coverage_population(plan).values_list("pk", flat=True))
    first = (coverage_inspections(plan, today)
             .filter(establishment_id__in=population_ids)
             .values("establishment_id").annotate(first=Min("inspected_on")))
    by_year: dict[int, int] = defaultdict(int)
    for row in first:
        by_year[row["first"].year] += 1
    population = len(population_ids)
    span = plan.deadline.year - plan.starts_on.year + 1
    years, cumulative = [], 0
    for index, year in enumerate(range(plan.starts_on.year, plan.deadline.year + 1), 1):
        cumulative += by_year.get(year, 0)
        years.append(CoverageYear(year, by_year.get(year, 0), cumulative,
                                  (population * index + span - 1) // span))
    inspected = sum(by_year.values())
    return CoverageProgress(plan, population, inspected,
                            rules.staffing_rate(inspected, population) if population else None,
                            years)


# --- risk-based selection --------------------------------------------------------------------


def risk_facts(today: dt.date, *, band: str = "", industry: str = "", district: str = "",
               lookback_years: int = rules.RISK_LOOKBACK_YEARS):
    """(facts, establishments by id) for the city's establishments existing today, filtered
    by headcount band, industry code and district code: the input of rules.rank_by_risk.
    Penalties are approved fines and complaints dispute cases naming the establishment as
    respondent, both within ``lookback_years``; the long-hours flag is in risk_flags."""
    from django.db.models import Count, Max, Q

    from labor.core import selectors as core_selectors
    from labor.disputes.models import DisputeParty

    since = rules.add_months(today, -12 * lookback_years)
    rows = core_selectors.establishments_with_headcount(on=today)
    if band:
        rows = rows.filter(headcount_band=band)
    if industry:
        rows = rows.filter(industry__code=industry)
    if district:
        rows = rows.filter(district__code=district)
    establishments = {e.pk: e for e in rows}
    ids = list(establishments)
    last = dict(Inspection.objects.filter(case__establishment_id__in=ids,
                                          inspected_on__lte=today)
                .values_list("case__establishment_id").annotate(last=Max("inspected_on")))
    penalties = dict(Penalty.objects.filter(
        inspection__case__establishment_id__in=ids,
        status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID],
        decided_on__gt=since, decided_on__lte=today)
        .values_list("inspection__case__establishment_id").annotate(n=Count("id")))
    complaints = dict(DisputeParty.objects.filter(
        Q(establishment_id__in=ids), side="respondent",
        dispute__case__received_at__date__gt=since)
        .values_list("establishment_id").annotate(n=Count("dispute_id", distinct=True)))
    facts = [
        rules.RiskFacts(
            key=pk, size_band=e.headcount_band, industry=e.industry.code,
            penalties=penalties.get(pk, 0), last_inspected_on=last.get(pk),
            complaints=complaints.get(pk, 0),
            long_hours=rules.LONG_HOURS_FLAG in (e.risk_flags or []),
        )
        for pk, e in establishments.items()
    ]
    return facts, establishments


# --- registries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffingBand:
    band: str
    staffed: int
    required: int
    rate: object


@dataclass(frozen=True)
class StaffingGap:
    establishment: object
    band: str
    headcount: int | None
    report: object  # the latest HealthStaffingReport, or None (never reported)


def health_staffing(on: dt.date) -> tuple[list[StaffingBand], list[StaffingGap]]:
    """Health-service staffing by the council report's bands as of ``on``.

    Required: every establishment of the city existing on ``on`` with 100 or more workers
    (headcount as of ``on``), and those of 50-99 workers whose latest report (on or before
    ``on``) counts 1-49 special-hazard workers (rules.health_staff_band). Staffed: the latest
    report has a nurse or a physician (rules.health_staffed). An establishment required by its
    headcount that never reported counts as not staffed (and is listed)."""
    from labor.core import selectors as core_selectors
    from labor.inspections.models import HealthStaffingReport

    latest: dict[int, HealthStaffingReport] = {}
    for report in (HealthStaffingReport.objects.filter(reported_on__lte=on)
                   .order_by("establishment_id", "-reported_on")):
        latest.setdefault(report.establishment_id, report)
    candidates = core_selectors.establishments_with_headcount(on=on).filter(
        headcount_on__gte=50)
    counts = {band: [0, 0] for band in rules.HEALTH_STAFF_BANDS}
    gaps = []
    for establishment in candidates.order_by("name", "pk"):
        report = latest.get(establishment.pk)
        hazard = report.special_hazard_workers if report else 0
        band = rules.health_staff_band(establishment.headcount_on,
                                       min(hazard, establishment.headcount_on))
        if band is None:
            continue
        counts[band][1] += 1
        if report is not None and report.staffed:
            counts[band][0] += 1
        else:
            gaps.append(StaffingGap(establishment, band, establishment.headcount_on, report))
    bands = [StaffingBand(band, staffed, required, rules.staffing_rate(staffed, required))
             for band, (staffed, required) in counts.items()]
    return bands, gaps


@dataclass(frozen=True)
class ConfinedSpaceRow:
    space: object
    inspections: int
    with_findings: int
    last_inspected_on: dt.date | None


def confined_spaces() -> tuple[list[ConfinedSpaceRow], int, int]:
    """The registry with each space's inspections and how many found a breach; with the
    totals (inspections, inspections with a finding) for the defect rate."""
    from django.db.models import Count, Exists, Max, OuterRef

    from labor.inspections.models import ConfinedSpace, Finding

    breach = Finding.objects.filter(inspection=OuterRef("pk"))
    per_space: dict[int, list] = defaultdict(lambda: [0, 0, None])
    for row in (Inspection.objects.filter(confined_space__isnull=False)
                .annotate(has_finding=Exists(breach))
                .values("confined_space_id", "has_finding")
                .annotate(n=Count("pk"), last=Max("inspected_on"))):
        entry = per_space[row["confined_space_id"]]
        entry[0] += row["n"]
        if row["has_finding"]:
            entry[1] += row["n"]
        entry[2] = max(filter(None, (entry[2], row["last"])), default=None)
    rows = [ConfinedSpaceRow(space, *per_space.get(space.pk, (0, 0, None)))
            for space in ConfinedSpace.objects.select_related("establishment", "site")
            .order_by("establishment__name", "id")]
    total = sum(r.inspections for r in rows)
    defects = sum(r.with_findings for r in rows)
    return rows, total, defects


# --- the public art. 80-1 list ------------------------------------------------------------------


def published_penalty_rows(query: str = "") -> list[PublishedPenalty]:
    """The rows of ``published_penalties`` whose employer's name contains ``query`` or whose
    統一編號 is ``query`` (an empty query: all of them); newest decision first."""
    from django.db.models import Q

    rows = (Penalty.objects.filter(published=True,
                                   status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID])
            .select_related("inspection__case__establishment")
            .order_by("-decided_on", "-id"))
    query = (query or "").strip()
    if query:
        rows = rows.filter(Q(inspection__case__establishment__name__icontains=query)
                           | Q(inspection__case__establishment__ubn=query))
    result = []
    for penalty in rows:
        employer = penalty.inspection.case.establishment
        result.append(PublishedPenalty(
            penalty_id=penalty.pk, employer=employer.name, ubn=employer.ubn,
            representative=employer.representative, decided_on=penalty.decided_on,
            article=rules.FINE_BASIS[penalty.article], breached=penalty.breached,
            amount=penalty.amount,
        ))
    return result
