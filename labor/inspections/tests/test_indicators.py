"""The inspection figures (labor/inspections/indicators.py) on small fixtures.

Each test builds the few records it needs through the services (so that they are the records
the pages would write) or the ORM where a service does not exist, so that every count it
asserts is visible in it. The period is 2023H1 (1 January - 30 June 2023) unless said.
"""

import datetime as dt
from decimal import Decimal

import pytest

from labor.core.models import Unit
from labor.inspections import services
from labor.inspections.models import (
    ConfinedSpace,
    ConstructionSite,
    CoveragePlan,
    Domain,
    GuidanceProvider,
    HealthStaffingReport,
    Inspection,
    InspectionPlan,
    InspectionProject,
    Kind,
    Method,
    Penalty,
)
from labor.stats import crosschecks
from labor.stats.registry import registry
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

D = dt.date
START, END = D(2023, 1, 1), D(2023, 6, 30)
FACTORS = {"severity": "違規情節一般", "workers_affected": 3, "repeat_count": 0,
           "good_faith": True}


def value(code: str, period: str = "2023H1"):
    return registry.compute(code, period).value


def result(code: str, period: str = "2023H1"):
    return registry.compute(code, period)


@pytest.fixture
def units(unit_factory):
    return {
        "labor-standards": unit_factory("labor-standards", "勞動基準科", ("inspections",)),
        "inspection": unit_factory("inspection", "勞動檢查處", ("inspections", "notifications")),
    }


@pytest.fixture
def inspector(staff_user, units):
    return staff_user("inspector", unit=units["inspection"])


@pytest.fixture
def supervisor(staff_user, units):
    return staff_user("chief", unit=units["inspection"])


@pytest.fixture
def firm(establishment_factory):
    return establishment_factory("信義精密股份有限公司", headcounts=[(D(2022, 12, 31), 40)])


def inspect(inspector, day, *, kind=Kind.LABOR_CONDITIONS, establishment=None, **fields):
    return services.inspection_record(kind=kind, inspector=inspector, inspected_on=day,
                                      establishment=establishment, **fields)


def with_finding(inspection, inspector, article="勞動基準法第24條"):
    services.finding_add(inspection=inspection, article=article, description="違規事實",
                         actor=inspector, version=inspection.version)
    inspection.refresh_from_db()
    return inspection


def project(units, name="外籍移工勞動條件專案", *, source=InspectionProject.Source.MINISTRY,
            unit="labor-standards", domain=Domain.LABOR_CONDITIONS, code="", year=2023):
    return InspectionProject.objects.create(name=name, source=source, year=year, domain=domain,
                                            unit=units[unit], code=code)


SITE_START, SITE_END = D(2022, 6, 1), D(2024, 6, 30)


def site(contractor, *, public=True, starts_on=SITE_START, ends_on=SITE_END,
         cctv_installed_on=None, name="信義國小校舍改建工程"):
    return ConstructionSite.objects.create(
        name=name, contractor=contractor, public=public, district=contractor.district,
        starts_on=starts_on, ends_on=ends_on, grade="high", cctv_installed_on=cctv_installed_on)


# --- labor_inspection ---------------------------------------------------------------------------


def test_guidance_visits_count_as_labor_inspections_but_never_as_osh_inspections(inspector, firm):
    inspect(inspector, D(2023, 2, 1), establishment=firm)
    inspect(inspector, D(2023, 2, 2), kind=Kind.GUIDANCE, establishment=firm,
            guidance_provider=GuidanceProvider.COMPLIANCE_ADVISOR)
    inspect(inspector, D(2023, 2, 3), kind=Kind.GUIDANCE, establishment=firm,
            guidance_provider=GuidanceProvider.OSH_TEAM)
    inspect(inspector, D(2023, 2, 4), kind=Kind.OSH, establishment=firm)

    assert value("labor_inspection.inspections") == 2  # the regular one and the advisor's
    assert value("osh_inspection.inspections") == 1  # the OSH team's visit is guidance
    assert value("osh_inspection.sme_team_visits") == 1
    assert value("osh_inspection.sme_staff_visits") == 0


def test_re_inspections_count_in_their_parents_domain(inspector, firm):
    labor = with_finding(inspect(inspector, D(2023, 1, 10), establishment=firm), inspector)
    osh = with_finding(inspect(inspector, D(2023, 1, 11), kind=Kind.OSH, establishment=firm),
                       inspector, "職業安全衛生法第6條第1項")
    services.re_inspection_open(parent=labor, inspector=inspector, inspected_on=D(2023, 3, 1))
    services.re_inspection_open(parent=osh, inspector=inspector, inspected_on=D(2023, 3, 2))

    assert value("labor_inspection.inspections") == 2
    assert value("osh_inspection.inspections") == 2


def test_inspections_count_by_their_date_both_bounds_included(inspector, firm):
    for day in (D(2022, 12, 31), START, END, D(2023, 7, 1)):
        inspect(inspector, day, establishment=firm)
    assert value("labor_inspection.inspections") == 2
    assert value("labor_inspection.inspections", "2023") == 3
    assert value("labor_inspection.inspections", "2022H2") == 1


def test_the_annual_target_is_the_plan_of_the_periods_year(db):
    InspectionPlan.objects.create(year=2023, kind=Kind.LABOR_CONDITIONS, target=9400)
    InspectionPlan.objects.create(year=2023, kind=Kind.OSH, target=24000)
    assert value("labor_inspection.annual_target") == 9400
    assert value("labor_inspection.annual_target", "2023Q3") == 9400
    assert value("labor_inspection.annual_target", "2022") is None


def test_projects_count_when_inspected_in_the_period_with_distinct_firms_per_project(
        units, inspector, establishment_factory):
    a, b, c = (establishment_factory() for _ in range(3))
    migrants = project(units, "外籍移工勞動條件專案")
    security = project(units, "保全業勞動條件專案")
    hours = project(units, "高工時事業勞動條件專案", source=InspectionProject.Source.BUREAU,
                    code="high_hours")
    film = project(units, "影視製作與表演藝術業勞動條件專案", unit="inspection", code="film")
    project(units, "幼兒園勞動條件專案")  # no inspection in the period: not carried out
    idle = project(units, "旅宿業勞動條件專案")
    inspect(inspector, D(2022, 12, 20), establishment=a, project=idle)  # before the period

    inspect(inspector, D(2023, 1, 5), establishment=a, project=migrants)
    inspect(inspector, D(2023, 2, 5), establishment=a, project=migrants)  # same firm again
    inspect(inspector, D(2023, 3, 5), establishment=b, project=migrants)
    inspect(inspector, D(2023, 3, 6), establishment=a, project=security)  # a in two projects
    inspect(inspector, D(2023, 4, 6), establishment=c, project=hours)
    inspect(inspector, D(2023, 4, 7), establishment=c, project=hours)
    inspect(inspector, D(2023, 5, 7), establishment=b, project=film)

    assert value("labor_inspection.mol_projects") == 2
    assert value("labor_inspection.mol_project_establishments") == 3  # (a, b) + (a)
    assert value("labor_inspection.own_projects") == 1
    assert value("labor_inspection.own_project_establishments") == 1
    assert value("labor_inspection.projects") == 3
    assert value("labor_inspection.project_establishments") == 4
    assert value("labor_inspection.office_projects") == 1
    assert value("labor_inspection.office_project_establishments") == 1
    assert value("labor_inspection.high_hours_project_establishments") == 1
    assert value("labor_inspection.mol_projects", "2022") == 1


def test_a_coded_project_counts_only_in_its_own_years(units, inspector, firm):
    old = project(units, "高工時事業勞動條件專案", source=InspectionProject.Source.BUREAU,
                  code="high_hours", year=2022)
    inspect(inspector, D(2023, 1, 3), establishment=firm, project=old)  # late, old project
    assert value("labor_inspection.high_hours_project_establishments") == 0
    assert value("labor_inspection.high_hours_project_establishments", "asof:2023-06-30") == 1


def test_advisor_and_compliance_guidance_count_distinct_establishments(
        inspector, establishment_factory):
    a, b = establishment_factory(), establishment_factory()
    for est, day in ((a, D(2023, 1, 9)), (a, D(2023, 5, 9)), (b, D(2023, 6, 30))):
        inspect(inspector, day, kind=Kind.GUIDANCE, establishment=est,
                guidance_provider=GuidanceProvider.COMPLIANCE_ADVISOR)
    inspect(inspector, D(2023, 3, 1), kind=Kind.GUIDANCE, establishment=a,
            guidance_provider=GuidanceProvider.COMPLIANCE_GUIDANCE)
    assert value("labor_inspection.advisor_visits") == 2
    assert value("labor_inspection.compliance_guidance") == 1
    assert value("labor_inspection.inspections") == 4  # visits are sessions


def test_firms_of_50_to_99_inspected_under_the_coverage_plan(inspector, establishment_factory):
    CoveragePlan.objects.create(name="50至99人全面檢查計畫", min_headcount=50,
                                max_headcount=99, starts_on=D(2023, 1, 1),
                                deadline=D(2026, 12, 31), baseline_on=D(2022, 12, 31))
    fifty = [establishment_factory(headcounts=[(D(2022, 12, 31), n)]) for n in (50, 75, 99, 99)]
    grown = establishment_factory(headcounts=[(D(2022, 12, 31), 99), (D(2023, 6, 30), 100)])
    inspect(inspector, D(2023, 2, 1), establishment=fifty[0])
    inspect(inspector, D(2023, 2, 2), establishment=fifty[0])  # twice: one firm
    inspect(inspector, D(2022, 12, 30), establishment=fifty[1])  # before the plan started
    inspect(inspector, D(2023, 3, 1), kind=Kind.GUIDANCE, establishment=fifty[2],
            guidance_provider=GuidanceProvider.COMPLIANCE_ADVISOR)  # guidance: not inspected
    # 100 workers at the period's end, 99 on the baseline day: the population stays fixed.
    inspect(inspector, D(2023, 3, 1), establishment=grown)
    establishment_factory(headcounts=[(D(2023, 3, 1), 60)])  # came into the band later

    assert value("labor_inspection.firms_50_99_population") == 5
    assert value("labor_inspection.firms_50_99_inspected") == 2
    # Cumulative from the plan's start, whatever the period.
    inspect(inspector, D(2023, 8, 1), establishment=fifty[3])
    assert value("labor_inspection.firms_50_99_inspected", "2023Q3") == 3


def test_without_a_coverage_plan_in_force_there_is_no_inspected_figure(inspector,
                                                                        establishment_factory):
    firm = establishment_factory(headcounts=[(D(2022, 12, 31), 60)])
    inspect(inspector, D(2023, 2, 1), establishment=firm)
    assert value("labor_inspection.firms_50_99_population") is None
    assert value("labor_inspection.firms_50_99_inspected") is None


# --- osh_health_staffing ------------------------------------------------------------------------


def report(est, day, *, special=0, nurses=0, physicians=0):
    return HealthStaffingReport.objects.create(establishment=est, reported_on=day,
                                               special_hazard_workers=special, nurses=nurses,
                                               physicians=physicians)


def test_health_bands_come_from_the_headcount_and_the_latest_report(establishment_factory):
    def firm(n):
        return establishment_factory(headcounts=[(D(2022, 12, 31), n)])

    big, mid, small = firm(350), firm(250), firm(120)
    plain, hazard, over, tiny = firm(80), firm(60), firm(90), firm(40)
    report(big, D(2023, 3, 1), nurses=2)
    report(mid, D(2023, 3, 1))  # required, not staffed
    report(small, D(2022, 3, 1), physicians=1)
    report(small, D(2023, 3, 1))  # the latest says no one any more
    report(plain, D(2023, 3, 1), nurses=1)  # 50-99 without special hazard: in no band
    report(hazard, D(2023, 3, 1), special=12, nurses=1)
    report(hazard, D(2023, 7, 1), special=12)  # after the period: not read for 2023H1
    report(over, D(2023, 3, 1), special=55, nurses=1)  # 50 or more special: not in the band
    report(tiny, D(2023, 3, 1), special=10, nurses=1)  # under 50 workers: never a band

    figures = {code: r.value for code, r in registry.compute_all(
        "2023H1", "osh_health_staffing").items()}
    assert figures == {
        "osh_health_staffing.band_300_plus.required": 1,
        "osh_health_staffing.band_300_plus.staffed": 1,
        "osh_health_staffing.band_300_plus.rate": Decimal("100.00"),
        "osh_health_staffing.band_200_299.required": 1,
        "osh_health_staffing.band_200_299.staffed": 0,
        "osh_health_staffing.band_200_299.rate": Decimal("0.00"),
        "osh_health_staffing.band_100_199.required": 1,
        "osh_health_staffing.band_100_199.staffed": 0,
        "osh_health_staffing.band_100_199.rate": Decimal("0.00"),
        "osh_health_staffing.band_50_99_special.required": 1,
        "osh_health_staffing.band_50_99_special.staffed": 1,
        "osh_health_staffing.band_50_99_special.rate": Decimal("100.00"),
        "osh_health_staffing.staffed_50_plus": 2,
    }
    assert value("osh_health_staffing.band_50_99_special.staffed", "2023") == 0
    assert value("osh_health_staffing.band_100_199.staffed", "2022") == 1


def test_a_staffing_rate_is_rounded_half_up_to_two_places(establishment_factory):
    # 576 / 751 = 76.6977 %: 76.70, as the seed prints it.
    firms = [establishment_factory(headcounts=[(D(2022, 12, 31), 300 + n)]) for n in range(3)]
    report(firms[0], D(2023, 1, 5), nurses=1)
    report(firms[1], D(2023, 1, 5), physicians=1)
    assert value("osh_health_staffing.band_300_plus.rate") == Decimal("66.67")
    assert value("osh_health_staffing.band_50_99_special.rate") is None


# --- osh_inspection ---------------------------------------------------------------------------


def test_coded_osh_projects_count_their_inspections_in_the_period(units, inspector, firm):
    public_works = project(units, "公共工程專案檢查", source=InspectionProject.Source.BUREAU,
                           unit="inspection", domain=Domain.OSH, code="public_works")
    lpg = project(units, "液化石油氣場所專案檢查", source=InspectionProject.Source.BUREAU,
                  unit="inspection", domain=Domain.OSH, code="lpg")
    works = site(firm)
    for day in (D(2023, 1, 2), D(2023, 6, 30), D(2023, 7, 3)):
        inspect(inspector, day, kind=Kind.OSH, site=works, project=public_works)
    first = with_finding(inspect(inspector, D(2023, 2, 1), kind=Kind.OSH, establishment=firm,
                                 project=lpg), inspector, "職業安全衛生法第6條第1項")
    services.improvement_notice_issue(inspection=first, due_on=D(2023, 3, 1), actor=inspector,
                                      version=first.version)
    second = with_finding(inspect(inspector, D(2023, 4, 1), kind=Kind.OSH, establishment=firm,
                                  project=lpg), inspector, "職業安全衛生法第6條第1項")
    services.improvement_notice_issue(inspection=second, due_on=D(2023, 5, 1),
                                      actor=inspector, version=second.version)

    assert value("osh_inspection.public_works_inspections") == 2
    assert value("osh_inspection.lpg_inspections") == 2
    assert value("osh_inspection.lpg_improvement_notices") == 1  # one firm, noticed twice
    assert value("osh_inspection.social_housing_inspections") == 0


def test_health_project_counts_distinct_establishments(units, inspector, firm):
    health = project(units, "勞工健康管理專案計畫", source=InspectionProject.Source.BUREAU,
                     unit="inspection", domain=Domain.OSH, code="health_management")
    inspect(inspector, D(2023, 3, 1), kind=Kind.OSH, establishment=firm, project=health)
    inspect(inspector, D(2023, 5, 1), kind=Kind.OSH, establishment=firm, project=health)
    assert value("osh_inspection.health_project_establishments") == 1


def test_stop_work_orders_count_at_public_sites_only(inspector, firm):
    public, private = site(firm), site(firm, public=False, name="民間集合住宅新建工程")
    services.stop_work_issue(site=public, issued_on=D(2023, 3, 1), actor=inspector)
    services.stop_work_issue(site=private, issued_on=D(2023, 3, 1), actor=inspector)
    order = services.stop_work_issue(site=site(firm, name="另一工程"), issued_on=D(2022, 12, 1),
                                     actor=inspector)
    services.stop_work_lift(order=order, lifted_on=D(2023, 1, 5), actor=inspector)
    assert value("osh_inspection.public_works_stop_work_orders") == 1


def test_cctv_sites_are_those_installed_by_the_end_and_not_finished_before_the_start(firm):
    site(firm, cctv_installed_on=D(2022, 1, 1), name="A")
    site(firm, cctv_installed_on=D(2023, 6, 30), name="B")  # on the last day: counts
    site(firm, cctv_installed_on=D(2023, 7, 1), name="C")  # after the period
    site(firm, starts_on=D(2021, 1, 1), ends_on=D(2022, 12, 31), cctv_installed_on=D(2021, 6, 1),
         name="D")  # finished before the period
    site(firm, starts_on=D(2021, 1, 1), ends_on=D(2023, 1, 1), cctv_installed_on=D(2021, 6, 1),
         name="E")  # finished on its first day
    site(firm, name="F")  # no CCTV
    assert value("osh_inspection.cctv_sites") == 3


def test_remote_inspections_and_confined_space_defect_rate(inspector, firm):
    cctv = site(firm, cctv_installed_on=D(2023, 1, 1))
    inspect(inspector, D(2023, 2, 1), kind=Kind.OSH, site=cctv, method=Method.REMOTE)
    inspect(inspector, D(2023, 2, 1), kind=Kind.OSH, site=cctv)
    tank = ConfinedSpace.objects.create(establishment=firm, space_kind="storage_tank",
                                        registered_on=D(2022, 1, 1))
    with_finding(inspect(inspector, D(2023, 3, 1), kind=Kind.OSH, establishment=firm,
                         confined_space=tank), inspector, "缺氧症預防規則第5條")
    for day in (D(2023, 3, 2), D(2023, 3, 3)):
        inspect(inspector, day, kind=Kind.OSH, establishment=firm, confined_space=tank)
    defective = inspect(inspector, D(2023, 3, 4), kind=Kind.OSH, establishment=firm,
                        confined_space=tank)
    with_finding(defective, inspector, "缺氧症預防規則第5條")
    with_finding(defective, inspector, "職業安全衛生設施規則第29條之1")  # two findings: once

    assert value("osh_inspection.cctv_remote_inspections") == 1
    assert value("osh_inspection.confined_space_inspections") == 4
    assert value("osh_inspection.confined_space_defective") == 2
    assert value("osh_inspection.confined_space_defect_rate") == Decimal("50.00")
    assert value("osh_inspection.confined_space_defect_rate", "2022") is None


def test_insurance_referrals_count_distinct_establishments_referred_in_the_period(
        inspector, firm, establishment_factory):
    other = establishment_factory()
    works = site(other)
    first = inspect(inspector, D(2023, 1, 5), kind=Kind.OSH, establishment=firm)
    at_site = inspect(inspector, D(2023, 6, 20), kind=Kind.OSH, site=works)
    services.insurance_referral_record(inspection=first, uninsured_workers=2,
                                       referred_on=D(2023, 1, 9), actor=inspector)
    services.insurance_referral_record(inspection=first, uninsured_workers=1,
                                       referred_on=D(2023, 2, 9), actor=inspector)
    services.insurance_referral_record(inspection=at_site, uninsured_workers=3,
                                       referred_on=D(2023, 7, 3), actor=inspector)  # July
    assert value("osh_inspection.insurance_referrals") == 1
    assert value("osh_inspection.insurance_referrals", "2023") == 2  # the site's contractor


def test_osh_penalties_count_when_approved_in_the_period_and_not_while_proposed(
        inspector, supervisor, firm):
    def fine(day, amount, article="osh-43", domain_kind=Kind.OSH, breached="職業安全衛生法第6條"):
        inspection = with_finding(inspect(inspector, day, kind=domain_kind, establishment=firm),
                                  inspector)
        return services.penalty_propose(inspection=inspection, article=article, amount=amount,
                                        factors=FACTORS, actor=inspector,
                                        version=inspection.version, breached=breached)

    approved = fine(D(2023, 1, 3), 30_000)
    services.penalty_approve(penalty=approved, actor=supervisor, decided_on=D(2023, 1, 20))
    paid = fine(D(2023, 2, 3), 6_000, article="osh-45")
    services.penalty_approve(penalty=paid, actor=supervisor, decided_on=D(2023, 6, 30))
    services.penalty_mark_paid(penalty=paid, paid_on=D(2023, 7, 5), actor=inspector)
    fine(D(2023, 3, 3), 90_000)  # proposed only
    late = fine(D(2023, 6, 20), 50_000)
    services.penalty_approve(penalty=late, actor=supervisor, decided_on=D(2023, 7, 1))
    labor = fine(D(2023, 4, 3), 20_000, article="79-1", domain_kind=Kind.LABOR_CONDITIONS,
                 breached="勞動基準法第24條")
    services.penalty_approve(penalty=labor, actor=supervisor, decided_on=D(2023, 4, 20))

    assert Penalty.objects.count() == 5
    assert value("osh_inspection.penalties") == 2
    assert value("osh_inspection.penalty_amount") == 36_000
    assert value("osh_inspection.penalty_amount", "2023Q3") == 50_000
    assert value("osh_inspection.penalty_amount", "2022") == 0


# --- declarations and relations -------------------------------------------------------------


SEED_CODES = {
    "labor_inspection": {
        "annual_target": "場次", "inspections": "場次", "mol_projects": "件",
        "mol_project_establishments": "家", "own_projects": "件",
        "own_project_establishments": "家", "projects": "件", "project_establishments": "家",
        "advisor_visits": "家", "office_projects": "件", "office_project_establishments": "家",
        "compliance_guidance": "家", "firms_50_99_population": "家",
        "firms_50_99_inspected": "家", "high_hours_project_establishments": "家",
    },
    "osh_inspection": {
        "public_works_inspections": "場次", "public_works_stop_work_orders": "件",
        "social_housing_inspections": "場次", "road_works_inspections": "場次",
        "insurance_referrals": "家", "health_project_establishments": "家", "cctv_sites": "件",
        "cctv_remote_inspections": "次", "confined_space_inspections": "場次",
        "confined_space_defective": "場次", "confined_space_defect_rate": "%",
        "lpg_inspections": "場次", "lpg_improvement_notices": "家", "inspections": "場次",
        "penalties": "件", "penalty_amount": "元", "sme_staff_visits": "場次",
        "sme_team_visits": "場次", "film_notifications": "件", "film_inspections": "場次",
        "film_improvement_notices": "場次",
    },
}


def test_every_inspection_figure_of_the_seed_report_is_registered_with_its_unit():
    for prefix, expected in SEED_CODES.items():
        units = {i.code: i.unit for i in registry.indicators(prefix)}
        assert units == {f"{prefix}.{code}": unit for code, unit in expected.items()}
    health = {i.code: i.unit for i in registry.indicators("osh_health_staffing")}
    assert len(health) == 13 and health["osh_health_staffing.staffed_50_plus"] == "家"
    assert {u for c, u in health.items() if c.endswith(".rate")} == {"%"}


def test_the_relations_hold_on_a_small_fixture(units, inspector, supervisor,
                                               establishment_factory):
    a, b = establishment_factory(), establishment_factory()
    inspect(inspector, D(2023, 1, 5), establishment=a, project=project(units))
    inspect(inspector, D(2023, 1, 6), establishment=b, project=project(
        units, "高工時事業勞動條件專案", source=InspectionProject.Source.BUREAU))
    big = establishment_factory(headcounts=[(D(2022, 12, 31), 400)])
    report(big, D(2023, 2, 1), nurses=1)
    tank = ConfinedSpace.objects.create(establishment=a, space_kind="reactor",
                                        registered_on=D(2022, 1, 1))
    inspect(inspector, D(2023, 3, 1), kind=Kind.OSH, establishment=a, confined_space=tank)
    assert crosschecks.evaluate("2023H1") == []
    assert Inspection.objects.count() == 3 and Unit.objects.count() >= 2
