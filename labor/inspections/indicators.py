"""The inspection figures of the council report (seed/figures-2023H1.yaml: ``labor_inspection.*``,
``osh_health_staffing.*`` and ``osh_inspection.*`` except the film productions, which are
labor/notifications/indicators.py's).

Definitions (decided by the lead for issue 5 and stated in each indicator's definition). P is
the period [start, end], both days included; "inspections" are Inspection rows by
``inspected_on`` in P.

- **勞動條件檢查場次** (labor_inspection.inspections): inspections of the labor-conditions
  domain, any kind: regular inspections, guidance visits (輔導場次, as the report says "含輔導
  場次") and re-inspections.
- **Projects** (專案): a project counts in P when at least one inspection in P was made under
  it; its establishments are the distinct establishments inspected under it in P, summed over
  the projects (an establishment in two projects counts in each). The bureau's (勞動基準科,
  unit ``labor-standards``) projects are counted by source, the ministry's and its own; the
  inspection office's (勞動檢查處, unit ``inspection``) apart, whatever their source.
- **Coded projects** (public_works, high_hours, ...): the projects with that code of P's
  year(s) (``InspectionProject.year`` between P's first and last year).
- **職業安全衛生檢查場次** (osh_inspection.inspections): inspections of the OSH domain except
  guidance visits: regular and remote (CCTV) inspections, re-inspections, and the inspections
  behind supervision visits of notified work and of film productions.
- **Health staff** (osh_health_staffing): each establishment's headcount at P's end
  (labor.core.selectors) and its latest HealthStaffingReport on or before P's end put it in a
  band (rules.health_staff_band); staffed = that report says a nurse or a physician serves.
- **Penalties**: approved or paid fines of OSH-domain inspections decided in P; proposed ones
  are not decided and do not count.

Queries are here (private helpers) rather than in selectors.py, which the pages own; the lead
may move them there.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from labor.core import selectors as core_selectors
from labor.core.models import Establishment
from labor.inspections import rules
from labor.inspections import selectors as inspection_selectors
from labor.inspections.models import (
    ConstructionSite,
    CoveragePlan,
    Domain,
    GuidanceProvider,
    HealthStaffingReport,
    ImprovementNotice,
    Inspection,
    InspectionPlan,
    InspectionProject,
    InsuranceReferral,
    Kind,
    Method,
    Penalty,
    StopWorkOrder,
)
from labor.stats.periods import Period
from labor.stats.registry import Result, registry

# The units the report counts apart (labor.core.scenario names them so; data, not code).
UNIT_LABOR_STANDARDS = "labor-standards"  # 勞動基準科
UNIT_INSPECTION_OFFICE = "inspection"  # 勞動檢查處

# The report's 50-99 coverage plan and the kernel's headcount band it covers.
COVERAGE_MIN, COVERAGE_MAX = 50, 99
BAND_50_99 = "50_99"

# --- queries ------------------------------------------------------------------------------------


def _in(period: Period) -> QuerySet[Inspection]:
    return Inspection.objects.filter(inspected_on__range=(period.start, period.end))


def _subject():
    """The establishment inspected: the inspection's own, or the site's contractor."""
    return Coalesce("establishment_id", "site__contractor_id")


def _distinct_subjects(inspections: QuerySet[Inspection]) -> int:
    return (inspections.annotate(subject=_subject()).order_by().values("subject")
            .distinct().count())


def _subjects(inspections: QuerySet[Inspection]) -> QuerySet[Establishment]:
    ids = inspections.annotate(subject=_subject()).values("subject")
    return Establishment.objects.filter(pk__in=ids)


def _coded(period: Period, code: str) -> QuerySet[InspectionProject]:
    """The projects with ``code`` of the period's year(s)."""
    return InspectionProject.objects.filter(code=code,
                                            year__range=(period.start.year, period.end.year))


def _under(period: Period, code: str) -> QuerySet[Inspection]:
    return _in(period).filter(project__in=_coded(period, code))


def _labor(period: Period) -> QuerySet[Inspection]:
    return _in(period).filter(domain=Domain.LABOR_CONDITIONS)


def _osh(period: Period) -> QuerySet[Inspection]:
    return _in(period).filter(domain=Domain.OSH).exclude(kind=Kind.GUIDANCE)


def _projects(period: Period, *, unit: str, source: str | None = None
              ) -> QuerySet[InspectionProject]:
    """Labor-conditions projects of ``unit`` (and ``source``) with an inspection in P."""
    projects = InspectionProject.objects.filter(
        Exists(_in(period).filter(project=OuterRef("pk"))),
        unit__code=unit, domain=Domain.LABOR_CONDITIONS,
    )
    if source is not None:
        projects = projects.filter(source=source)
    return projects


def _project_establishments(period: Period, projects: QuerySet[InspectionProject]) -> Result:
    """Σ over ``projects`` of the distinct establishments inspected under each in P."""
    inspections = _in(period).filter(project__in=projects)
    pairs = (inspections.annotate(subject=_subject()).order_by()
             .values("project_id", "subject").distinct().count())
    return Result.counted(pairs, inspections)


def _guided(period: Period, provider: str) -> QuerySet[Inspection]:
    return _in(period).filter(kind=Kind.GUIDANCE, guidance_provider=provider)


def _coverage_plan(period: Period) -> CoveragePlan | None:
    """The 50-99 coverage plan in force at P's end (the latest started, if several)."""
    return (CoveragePlan.objects
            .filter(min_headcount=COVERAGE_MIN, max_headcount=COVERAGE_MAX,
                    starts_on__lte=period.end, deadline__gte=period.end)
            .order_by("-starts_on", "-pk").first())


def _firms_50_99(period: Period) -> QuerySet[Establishment]:
    return core_selectors.establishments_in_band(on=period.end, band=BAND_50_99)


def health_staffing(period: Period) -> dict[str, tuple[list[int], list[int]]]:
    """{band: (ids required, ids staffed)} for the four bands of rules.HEALTH_STAFF_BANDS.

    Headcount at P's end; the latest HealthStaffingReport on or before P's end (none: no
    special-hazard workers, not staffed). A report counting more special-hazard workers than
    the headcount (the two come from different sources and dates) is read as all of them.
    """
    latest = (HealthStaffingReport.objects
              .filter(establishment=OuterRef("pk"), reported_on__lte=period.end)
              .order_by("-reported_on", "-pk"))
    rows = (core_selectors.city_establishments(on=period.end)
            .annotate(headcount_on=core_selectors.latest_headcount(on=period.end))
            .filter(headcount_on__gte=COVERAGE_MIN)
            .annotate(special=Subquery(latest.values("special_hazard_workers")[:1]),
                      nurses=Subquery(latest.values("nurses")[:1]),
                      physicians=Subquery(latest.values("physicians")[:1]))
            .order_by("pk").values_list("pk", "headcount_on", "special", "nurses", "physicians"))
    bands: dict[str, tuple[list[int], list[int]]] = {
        band: ([], []) for band in rules.HEALTH_STAFF_BANDS
    }
    for pk, headcount, special, nurses, physicians in rows:
        band = rules.health_staff_band(headcount, min(special or 0, headcount))
        if band is None:
            continue
        required, staffed = bands[band]
        required.append(pk)
        if rules.health_staffed(nurses=nurses or 0, physicians=physicians or 0):
            staffed.append(pk)
    return bands


def _penalties(period: Period) -> QuerySet[Penalty]:
    return Penalty.objects.filter(
        inspection__domain=Domain.OSH, decided_on__range=(period.start, period.end),
        status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID],
    )


def _confined(period: Period) -> QuerySet[Inspection]:
    return _in(period).filter(confined_space__isnull=False)


# --- labor_inspection ---------------------------------------------------------------------------

_IN_P = "檢查日期在期間內"


@registry.indicator(
    code="labor_inspection.annual_target",
    label="年度勞動條件檢查目標場次",
    label_en="Annual target of labor-conditions inspections",
    unit="場次",
    definition=(
        "期末所屬年度之勞動條件檢查計畫目標場次（含輔導場次）；該年度無計畫者無數值。"
    ),
    definition_en=(
        "The target of the labor-conditions inspection plan of the year of the period's end "
        "(guidance visits included); none without a plan."
    ),
)
def annual_target(period: Period) -> Result:
    plans = InspectionPlan.objects.filter(year=period.year, kind=Kind.LABOR_CONDITIONS)
    plan = plans.first()
    return Result(value=plan.target if plan else None,
                  numerator=plan.target if plan else None, records=plans)


@registry.indicator(
    code="labor_inspection.inspections",
    label="勞動條件檢查場次（含輔導場次）",
    label_en="Labor-conditions inspections (guidance visits included)",
    unit="場次",
    definition=(
        f"勞動條件領域之檢查紀錄，{_IN_P}者，不分類別：一般檢查、輔導訪視（勞條健檢師入場輔導、"
        "法遵輔導）及複查皆計入，一筆紀錄為一場次。"
    ),
    definition_en=(
        "Inspections of the labor-conditions domain dated in the period, of any kind: regular "
        "inspections, guidance visits and re-inspections; one record is one session."
    ),
)
def labor_inspections(period: Period) -> Result:
    return Result.count(_labor(period))


_PROJECTS = (
    "勞動基準科執行之勞動條件專案，期間內有檢查紀錄者（不論專案年度）；"
)
_PROJECT_ESTABLISHMENTS = (
    "各專案期間內受檢之事業單位家數（同一專案內同一事業單位只計一次）之合計；"
    "同一事業單位受檢於不同專案者，於各專案分別計入。"
)


@registry.indicator(
    code="labor_inspection.mol_projects",
    label="配合勞動部專案檢查項數",
    label_en="Ministry inspection projects carried out",
    unit="件",
    definition=f"{_PROJECTS}專案來源為勞動部者。",
    definition_en=(
        "Labor-conditions projects of the Labor Standards Section whose source is the Ministry "
        "of Labor, with at least one inspection in the period (whatever the project's year)."
    ),
)
def mol_projects(period: Period) -> Result:
    return Result.count(_projects(period, unit=UNIT_LABOR_STANDARDS,
                                  source=InspectionProject.Source.MINISTRY))


@registry.indicator(
    code="labor_inspection.mol_project_establishments",
    label="配合勞動部專案檢查事業單位家數",
    label_en="Establishments inspected in ministry projects",
    unit="家",
    definition=f"配合勞動部專案（同前項）之{_PROJECT_ESTABLISHMENTS}",
    definition_en=(
        "For each ministry project, the distinct establishments inspected under it in the "
        "period, summed over the projects."
    ),
)
def mol_project_establishments(period: Period) -> Result:
    return _project_establishments(period, _projects(
        period, unit=UNIT_LABOR_STANDARDS, source=InspectionProject.Source.MINISTRY))


@registry.indicator(
    code="labor_inspection.own_projects",
    label="本局自行規劃專案檢查項數",
    label_en="The bureau's own inspection projects carried out",
    unit="件",
    definition=f"{_PROJECTS}專案來源為本局者。",
    definition_en=(
        "Labor-conditions projects of the Labor Standards Section planned by the bureau, with "
        "at least one inspection in the period."
    ),
)
def own_projects(period: Period) -> Result:
    return Result.count(_projects(period, unit=UNIT_LABOR_STANDARDS,
                                  source=InspectionProject.Source.BUREAU))


@registry.indicator(
    code="labor_inspection.own_project_establishments",
    label="本局自行規劃專案檢查事業單位家數",
    label_en="Establishments inspected in the bureau's own projects",
    unit="家",
    definition=f"本局自行規劃專案（同前項）之{_PROJECT_ESTABLISHMENTS}",
    definition_en=(
        "For each of the bureau's own projects, the distinct establishments inspected under it "
        "in the period, summed over the projects."
    ),
)
def own_project_establishments(period: Period) -> Result:
    return _project_establishments(period, _projects(
        period, unit=UNIT_LABOR_STANDARDS, source=InspectionProject.Source.BUREAU))


@registry.indicator(
    code="labor_inspection.projects",
    label="勞動條件專案檢查項數",
    label_en="Labor-conditions inspection projects carried out",
    unit="件",
    definition=f"{_PROJECTS}不分來源（配合勞動部專案與本局自行規劃專案之合計）。",
    definition_en=(
        "Labor-conditions projects of the Labor Standards Section with at least one inspection "
        "in the period, of either source (ministry and own projects together)."
    ),
)
def projects(period: Period) -> Result:
    return Result.count(_projects(period, unit=UNIT_LABOR_STANDARDS))


@registry.indicator(
    code="labor_inspection.project_establishments",
    label="勞動條件專案檢查事業單位家數",
    label_en="Establishments inspected in labor-conditions projects",
    unit="家",
    definition=f"勞動基準科各勞動條件專案（不分來源）之{_PROJECT_ESTABLISHMENTS}",
    definition_en=(
        "For each labor-conditions project of the Labor Standards Section, the distinct "
        "establishments inspected under it in the period, summed over the projects."
    ),
)
def project_establishments(period: Period) -> Result:
    return _project_establishments(period, _projects(period, unit=UNIT_LABOR_STANDARDS))


@registry.indicator(
    code="labor_inspection.advisor_visits",
    label="勞條健檢師入場輔導事業單位家數",
    label_en="Establishments visited by compliance advisors",
    unit="家",
    definition=(
        f"輔導訪視之輔導提供者為勞條健檢師、{_IN_P}者之受輔導事業單位家數（同一事業單位"
        "輔導多次只計一次）。"
    ),
    definition_en=(
        "Distinct establishments with a compliance-advisor guidance visit in the period."
    ),
)
def advisor_visits(period: Period) -> Result:
    guided = _guided(period, GuidanceProvider.COMPLIANCE_ADVISOR)
    return Result.counted(_distinct_subjects(guided), _subjects(guided))


@registry.indicator(
    code="labor_inspection.office_projects",
    label="勞動檢查處勞動條件專案檢查項數",
    label_en="Labor-conditions projects of the Labor Inspection Office",
    unit="件",
    definition=(
        "勞動檢查處執行之勞動條件專案（不分來源），期間內有檢查紀錄者（不論專案年度）。"
    ),
    definition_en=(
        "Labor-conditions projects of the Labor Inspection Office, of any source, with at "
        "least one inspection in the period."
    ),
)
def office_projects(period: Period) -> Result:
    return Result.count(_projects(period, unit=UNIT_INSPECTION_OFFICE))


@registry.indicator(
    code="labor_inspection.office_project_establishments",
    label="勞動檢查處勞動條件專案檢查事業單位家數",
    label_en="Establishments inspected in the Labor Inspection Office's projects",
    unit="家",
    definition=f"勞動檢查處各勞動條件專案（同前項）之{_PROJECT_ESTABLISHMENTS}",
    definition_en=(
        "For each labor-conditions project of the Labor Inspection Office, the distinct "
        "establishments inspected under it in the period, summed over the projects."
    ),
)
def office_project_establishments(period: Period) -> Result:
    return _project_establishments(period, _projects(period, unit=UNIT_INSPECTION_OFFICE))


@registry.indicator(
    code="labor_inspection.compliance_guidance",
    label="勞動檢查處法遵輔導事業單位家數",
    label_en="Establishments given compliance guidance by the Labor Inspection Office",
    unit="家",
    definition=(
        f"輔導訪視之輔導提供者為勞動檢查處法遵輔導、{_IN_P}者之受輔導事業單位家數（同一事業"
        "單位只計一次）。"
    ),
    definition_en=(
        "Distinct establishments with a compliance-guidance visit of the Labor Inspection "
        "Office in the period."
    ),
)
def compliance_guidance(period: Period) -> Result:
    guided = _guided(period, GuidanceProvider.COMPLIANCE_GUIDANCE)
    return Result.counted(_distinct_subjects(guided), _subjects(guided))


@registry.indicator(
    code="labor_inspection.firms_50_99_population",
    label="僱用勞工50至99人事業單位家數",
    label_en="Establishments with 50-99 workers",
    unit="家",
    definition=(
        "期末有效之50至99人全面檢查計畫之母體：於計畫母體基準日員工人數為50至99人之本市"
        "事業單位家數（報告：「以111年為基準」）；期末無有效計畫者無數值。"
    ),
    definition_en=(
        "The population of the 50-99 coverage plan in force at the period's end: the "
        "establishments with 50-99 workers on the plan's baseline day; none without a plan."
    ),
)
def firms_50_99_population(period: Period) -> Result:
    plan = _coverage_plan(period)
    if plan is None:
        return Result(value=None)
    return Result.count(inspection_selectors.coverage_population(plan))


@registry.indicator(
    code="labor_inspection.firms_50_99_inspected",
    label="50至99人事業單位已實施勞動條件檢查家數",
    label_en="Establishments with 50-99 workers inspected under the coverage plan",
    unit="家",
    definition=(
        "期末有效之50至99人全面檢查計畫之母體中，自計畫開始日起至期末止曾受勞動條件檢查"
        "（一般檢查，不含輔導訪視及複查）者之家數；期末無有效計畫者無數值。"
    ),
    definition_en=(
        "Of the population of the 50-99 coverage plan in force at the period's end, those with "
        "a regular labor-conditions inspection (not guidance, not re-inspection) between the "
        "plan's start and the period's end; none without a plan in force."
    ),
)
def firms_50_99_inspected(period: Period) -> Result:
    plan = _coverage_plan(period)
    if plan is None:
        return Result(value=None)
    inspected = inspection_selectors.coverage_inspections(plan, period.end).filter(
        establishment=OuterRef("pk"))
    return Result.count(inspection_selectors.coverage_population(plan)
                        .filter(Exists(inspected)))


@registry.indicator(
    code="labor_inspection.high_hours_project_establishments",
    label="高工時事業勞動條件專案檢查事業單位家數",
    label_en="Establishments inspected in the long-working-hours project",
    unit="家",
    definition=(
        f"期間所屬年度代碼為 high_hours 之專案（高工時事業勞動條件專案）下，{_IN_P}之受檢"
        "事業單位家數（同一事業單位只計一次）。"
    ),
    definition_en=(
        "Distinct establishments inspected in the period under the year's project coded "
        "high_hours (long working hours)."
    ),
)
def high_hours_project_establishments(period: Period) -> Result:
    inspections = _under(period, "high_hours")
    return Result.counted(_distinct_subjects(inspections), _subjects(inspections))


# --- osh_health_staffing -----------------------------------------------------------------------

_HEALTH = (
    "依期末（含當日）以前最近一筆員工人數紀錄及最近一筆臨場健康服務醫護人力資料（無資料者視為"
    "無特別危害健康作業勞工、未配置）分級："
)
_BAND_TEXT = {
    rules.BAND_300_PLUS: ("勞工人數300人以上", "300 or more workers"),
    rules.BAND_200_299: ("勞工人數200人至299人", "200-299 workers"),
    rules.BAND_100_199: ("勞工人數100人至199人", "100-199 workers"),
    rules.BAND_50_99_SPECIAL: (
        "勞工人數50人至99人並具特別危害健康作業1人至49人",
        "50-99 workers with 1-49 in special hazardous work",
    ),
}
_BAND_NOTE = (
    "勞工人數50至99人而無特別危害健康作業勞工者不列入；特別危害健康作業50人以上者報告未列，"
    "亦不列入（待確認）。"
)


def _health_band_indicators(band: str) -> None:
    text, text_en = _BAND_TEXT[band]
    prefix = f"osh_health_staffing.band_{band}"

    @registry.indicator(
        code=f"{prefix}.required",
        label=f"{text}之事業單位應配置醫護人員家數",
        label_en=f"Establishments with {text_en} required to staff health services",
        unit="家",
        definition=f"{_HEALTH}{text}之事業單位家數。{_BAND_NOTE}",
        definition_en=(
            f"Establishments with {text_en} by the latest headcount and health-staffing report "
            "on or before the period's end."
        ),
    )
    def required(period: Period) -> Result:
        ids = health_staffing(period)[band][0]
        return Result.counted(len(ids), Establishment.objects.filter(pk__in=ids))

    @registry.indicator(
        code=f"{prefix}.staffed",
        label=f"{text}之事業單位已配置醫護人員家數",
        label_en=f"Establishments with {text_en} staffing health services",
        unit="家",
        definition=(
            f"{_HEALTH}{text}、且最近一筆資料有護理人員或醫師（含特約）從事勞工健康服務之"
            "事業單位家數。"
        ),
        definition_en=(
            f"Of the establishments with {text_en}, those whose latest report shows a nurse or "
            "a physician (employed or contracted) serving."
        ),
    )
    def staffed(period: Period) -> Result:
        ids = health_staffing(period)[band][1]
        return Result.counted(len(ids), Establishment.objects.filter(pk__in=ids))

    @registry.indicator(
        code=f"{prefix}.rate",
        label=f"{text}之事業單位醫護人員配置率",
        label_en=f"Health-staff staffing rate, {text_en}",
        unit="%",
        definition=(
            f"{text}之已配置家數 ÷ 應配置家數 × 100，四捨五入至小數2位（rules.staffing_rate）；"
            "應配置家數為0者無數值。"
        ),
        definition_en=(
            f"Staffed / required establishments with {text_en} × 100, rounded half up to 2 "
            "places; none when none is required."
        ),
    )
    def rate(period: Period) -> Result:
        required_ids, staffed_ids = health_staffing(period)[band]
        value = rules.staffing_rate(len(staffed_ids), len(required_ids))
        return Result(value=value, numerator=len(staffed_ids), denominator=len(required_ids),
                      records=Establishment.objects.filter(pk__in=staffed_ids),
                      denominator_records=Establishment.objects.filter(pk__in=required_ids))


for _band in rules.HEALTH_STAFF_BANDS:
    _health_band_indicators(_band)


@registry.indicator(
    code="osh_health_staffing.staffed_50_plus",
    label="勞工人數50人以上已配置醫護人員事業單位家數",
    label_en="Establishments of 50 or more workers staffing health services",
    unit="家",
    definition=(
        "四個級距（300人以上、200至299人、100至199人、50至99人並具特別危害健康作業1至49人）"
        "已配置醫護人員家數之合計，依期末資料。"
    ),
    definition_en=(
        "The staffed establishments of the four bands together, at the period's end."
    ),
)
def staffed_50_plus(period: Period) -> Result:
    ids = [pk for _required, staffed in health_staffing(period).values() for pk in staffed]
    return Result.counted(len(ids), Establishment.objects.filter(pk__in=ids))


# --- osh_inspection ---------------------------------------------------------------------------


@registry.indicator(
    code="osh_inspection.inspections",
    label="職業安全衛生檢查場次",
    label_en="Occupational safety and health inspections",
    unit="場次",
    definition=(
        f"職業安全衛生領域之檢查紀錄，{_IN_P}者：一般檢查、視訊遠端監督檢查、複查，及通報作業與"
        "影視拍片之監督檢查；輔導訪視（專責人員、輔導團）不計入。"
    ),
    definition_en=(
        "OSH-domain inspections dated in the period: regular and remote (CCTV) inspections, "
        "re-inspections and the inspections of supervision visits; guidance visits excluded."
    ),
)
def osh_inspections(period: Period) -> Result:
    return Result.count(_osh(period))


def _coded_count(code: str, label: str, label_en: str, name: str, name_en: str):
    @registry.indicator(
        code=f"osh_inspection.{code}_inspections",
        label=label,
        label_en=label_en,
        unit="場次",
        definition=(
            f"期間所屬年度代碼為 {code} 之專案（{name}）下，{_IN_P}之檢查紀錄場次（含複查）。"
        ),
        definition_en=(
            f"Inspections dated in the period under the year's project coded {code} "
            f"({name_en}), re-inspections included."
        ),
    )
    def compute(period: Period) -> Result:
        return Result.count(_under(period, code))

    return compute


_coded_count("public_works", "公共工程專案檢查場次", "Public works project inspections",
             "公共工程專案檢查", "public works")
_coded_count("social_housing", "社會住宅新建工程檢查場次",
             "Social housing construction inspections", "社會住宅新建工程專案檢查",
             "social housing construction")
_coded_count("road_works", "道路作業災害預防專案檢查場次", "Road works project inspections",
             "道路作業災害預防專案檢查", "road works")
_coded_count("lpg", "液化石油氣場所檢查家次", "Liquefied petroleum gas site inspections",
             "液化石油氣場所專案檢查", "liquefied petroleum gas")


@registry.indicator(
    code="osh_inspection.public_works_stop_work_orders",
    label="公共工程停工件次",
    label_en="Stop-work orders at public works",
    unit="件",
    definition="公共工程工地之停工令，停工日期在期間內者（一紙停工令為一件次）。",
    definition_en="Stop-work orders issued in the period at public works sites.",
)
def public_works_stop_work_orders(period: Period) -> Result:
    return Result.count(StopWorkOrder.objects.filter(
        site__public=True, issued_on__range=(period.start, period.end)))


@registry.indicator(
    code="osh_inspection.insurance_referrals",
    label="未依法投保移送勞工保險局事業單位家數",
    label_en="Establishments referred to the labour insurer for uninsured workers",
    unit="家",
    definition=(
        "檢查發現未依法為勞工投保而函請勞動部勞工保險局處理，移送日期在期間內之事業單位家數"
        "（同一事業單位只計一次）。"
    ),
    definition_en=(
        "Distinct establishments referred to the labour insurer in the period for uninsured "
        "workers."
    ),
)
def insurance_referrals(period: Period) -> Result:
    referrals = InsuranceReferral.objects.filter(referred_on__range=(period.start, period.end))
    n = referrals.order_by().values("establishment_id").distinct().count()
    return Result.counted(n, Establishment.objects.filter(
        pk__in=referrals.values("establishment_id")))


@registry.indicator(
    code="osh_inspection.health_project_establishments",
    label="勞工健康管理專案初查事業單位家數",
    label_en="Establishments inspected in the health management project",
    unit="家",
    definition=(
        f"期間所屬年度代碼為 health_management 之專案（勞工健康管理專案計畫）下，{_IN_P}之"
        "受檢事業單位家數（同一事業單位只計一次）。"
    ),
    definition_en=(
        "Distinct establishments inspected in the period under the year's project coded "
        "health_management."
    ),
)
def health_project_establishments(period: Period) -> Result:
    inspections = _under(period, "health_management")
    return Result.counted(_distinct_subjects(inspections), _subjects(inspections))


@registry.indicator(
    code="osh_inspection.cctv_sites",
    label="設置勞動安全視訊監控系統工地數（累計）",
    label_en="Construction sites with safety CCTV (cumulative)",
    unit="件",
    definition=(
        "公共及民間營造工地，視訊監控系統設置日期在期末（含當日）以前、且預定完工日期不早於"
        "期初者（期間內曾在施工中之設置工地，累計）。"
    ),
    definition_en=(
        "Public and private construction sites whose safety CCTV was installed by the period's "
        "end and whose end date is not before the period's start (cumulative)."
    ),
)
def cctv_sites(period: Period) -> Result:
    return Result.count(ConstructionSite.objects.filter(
        cctv_installed_on__lte=period.end, ends_on__gte=period.start))


@registry.indicator(
    code="osh_inspection.cctv_remote_inspections",
    label="視訊遠端監督檢查次數",
    label_en="Remote (CCTV) supervision inspections",
    unit="次",
    definition=f"檢查方式為視訊遠端監督檢查、{_IN_P}之檢查紀錄次數。",
    definition_en="Inspections dated in the period made remotely through a site's CCTV.",
)
def cctv_remote_inspections(period: Period) -> Result:
    return Result.count(_in(period).filter(method=Method.REMOTE))


@registry.indicator(
    code="osh_inspection.confined_space_inspections",
    label="局限空間作業檢查場次",
    label_en="Confined-space inspections",
    unit="場次",
    definition=f"登載局限空間作業場所、{_IN_P}之檢查紀錄場次（含複查）。",
    definition_en="Inspections dated in the period of a registered confined space.",
)
def confined_space_inspections(period: Period) -> Result:
    return Result.count(_confined(period))


@registry.indicator(
    code="osh_inspection.confined_space_defective",
    label="局限空間作業檢查有缺失場次",
    label_en="Confined-space inspections with a finding",
    unit="場次",
    definition="局限空間作業檢查場次（同前項）中，有1項以上違規事項者。",
    definition_en="Of the confined-space inspections, those with at least one finding.",
)
def confined_space_defective(period: Period) -> Result:
    return Result.count(_confined(period).filter(findings__isnull=False).distinct())


@registry.indicator(
    code="osh_inspection.confined_space_defect_rate",
    label="局限空間作業檢查缺失率",
    label_en="Confined-space inspection defect rate",
    unit="%",
    definition=(
        "局限空間作業檢查有缺失場次 ÷ 局限空間作業檢查場次 × 100，四捨五入至小數2位"
        "（38 ÷ 182 = 20.88%）。"
    ),
    definition_en=(
        "Confined-space inspections with a finding / confined-space inspections × 100, rounded "
        "half up to 2 places."
    ),
)
def confined_space_defect_rate(period: Period) -> Result:
    inspections = _confined(period)
    defective = inspections.filter(findings__isnull=False).distinct()
    return Result.ratio(defective.count(), inspections.count(), records=defective,
                        denominator_records=inspections)


@registry.indicator(
    code="osh_inspection.lpg_improvement_notices",
    label="液化石油氣場所通知改善家數",
    label_en="LPG sites given an improvement notice",
    unit="家",
    definition=(
        f"液化石油氣場所專案（代碼 lpg）下{_IN_P}之檢查，開立限期改善通知之事業單位家數"
        "（同一事業單位只計一次）。"
    ),
    definition_en=(
        "Distinct establishments given an improvement notice at an inspection dated in the "
        "period under the year's LPG project."
    ),
)
def lpg_improvement_notices(period: Period) -> Result:
    noticed = _under(period, "lpg").filter(
        Exists(ImprovementNotice.objects.filter(inspection=OuterRef("pk"))))
    return Result.counted(_distinct_subjects(noticed), _subjects(noticed))


@registry.indicator(
    code="osh_inspection.penalties",
    label="職業安全衛生裁罰件次",
    label_en="Occupational safety and health fines",
    unit="件",
    definition=(
        "職業安全衛生領域檢查之罰鍰，經主管核定（含已繳納）、處分日期在期間內者；擬處中者不計。"
    ),
    definition_en=(
        "Fines of OSH-domain inspections approved (or paid) with a decision dated in the "
        "period; proposed fines do not count."
    ),
)
def penalties(period: Period) -> Result:
    return Result.count(_penalties(period))


@registry.indicator(
    code="osh_inspection.penalty_amount",
    label="職業安全衛生裁罰總金額",
    label_en="Occupational safety and health fines, total amount",
    unit="元",
    definition="職業安全衛生裁罰件次（同前項）之罰鍰金額合計（新臺幣元）。",
    definition_en="The total amount (NT$) of the OSH fines counted above.",
)
def penalty_amount(period: Period) -> Result:
    fines = _penalties(period)
    return Result.amount(fines.aggregate(total=Coalesce(Sum("amount"), 0))["total"], fines)


def _sme(code: str, provider: str, label: str, label_en: str, who: str, who_en: str):
    @registry.indicator(
        code=f"osh_inspection.{code}",
        label=label,
        label_en=label_en,
        unit="場次",
        definition=(
            f"中小企業工作環境輔導改善計畫之輔導訪視，輔導提供者為{who}、{_IN_P}者之場次"
            "（一筆紀錄為一場次）。"
        ),
        definition_en=f"Guidance visits by {who_en} dated in the period (one record, one visit).",
    )
    def compute(period: Period) -> Result:
        return Result.count(_guided(period, provider))

    return compute


_sme("sme_staff_visits", GuidanceProvider.OSH_STAFF, "職安衛專責人員輔導場次",
     "OSH guidance visits by staff", "專責人員", "the programme's staff")
_sme("sme_team_visits", GuidanceProvider.OSH_TEAM, "職安衛輔導團輔導場次",
     "OSH guidance visits by the guidance team", "輔導團", "the guidance team")


# --- cross-checks (labor/stats/crosschecks.py) -------------------------------------------------

registry.relation(
    "sum", "labor_inspection.projects",
    parts=["labor_inspection.mol_projects", "labor_inspection.own_projects"],
    description="配合勞動部專案與本局自行規劃專案項數合計等於勞動條件專案檢查項數。",
)
registry.relation(
    "sum", "labor_inspection.project_establishments",
    parts=["labor_inspection.mol_project_establishments",
           "labor_inspection.own_project_establishments"],
    description="配合勞動部專案與本局自行規劃專案之檢查家數合計等於勞動條件專案檢查家數。",
)
registry.relation(
    "sum", "osh_health_staffing.staffed_50_plus",
    parts=[f"osh_health_staffing.band_{band}.staffed" for band in rules.HEALTH_STAFF_BANDS],
    description="四個級距已配置醫護人員家數合計等於勞工人數50人以上已配置家數。",
)
for _band in rules.HEALTH_STAFF_BANDS:
    registry.relation(
        "ratio", f"osh_health_staffing.band_{_band}.rate",
        numerator=f"osh_health_staffing.band_{_band}.staffed",
        denominator=f"osh_health_staffing.band_{_band}.required",
        description=f"{_BAND_TEXT[_band][0]}之配置率等於已配置家數除以應配置家數（四捨五入至小數2位）。",
    )
registry.relation(
    "ratio", "osh_inspection.confined_space_defect_rate",
    numerator="osh_inspection.confined_space_defective",
    denominator="osh_inspection.confined_space_inspections",
    description="局限空間作業檢查缺失率等於有缺失場次除以檢查場次（四捨五入至小數2位）。",
)
