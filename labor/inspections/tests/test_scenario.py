"""The inspection and notification parts of the demo scenario: the 2023H1 figures and the
records behind them.

The expected figures are restated from the seed report (seed/figures-2023H1.yaml:
``labor_inspection``, ``osh_health_staffing``, ``osh_inspection``, ``osh_notifications``,
``layoff_warning``, ``reduced_hours``), not imported from the scenario, so that a change to the
scenario's data shows here.
"""

import datetime as dt
import io
import json
from collections import Counter, defaultdict
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.core import selectors as core_selectors
from labor.core.formatting import TAIPEI, local_date
from labor.core.models import Case, CaseEvent, CaseNumberSequence
from labor.council import report
from labor.council import scenario as council_scenario
from labor.council import services as council_services
from labor.council.figures import collect
from labor.inspections import rules
from labor.inspections import scenario as inspections_scenario
from labor.inspections.models import (
    AlcoholTest,
    ConstructionSite,
    Finding,
    HealthStaffingReport,
    ImprovementNotice,
    Inspection,
    InsuranceReferral,
    Kind,
    Method,
    Penalty,
    StopWorkOrder,
)
from labor.inspections.services import fine_band_on
from labor.notifications import scenario as notifications_scenario
from labor.notifications import services as notification_services
from labor.notifications.models import (
    FilmNotification,
    LayoffWarningEntry,
    SupervisionVisit,
    UnreportedWork,
    WorkNotification,
)
from labor.stats import crosschecks

pytestmark = pytest.mark.django_db

TAIPEI_2023H1 = scenarios.get_scenario("taipei-2023h1")
PARTS = [*kernel.PARTS, *inspections_scenario.PARTS, *notifications_scenario.PARTS]

# seed/figures-2023H1.yaml
SEED = {
    "labor_inspection.annual_target": 9400,
    "labor_inspection.inspections": 6498,
    "labor_inspection.mol_projects": 14,
    "labor_inspection.mol_project_establishments": 456,
    "labor_inspection.own_projects": 5,
    "labor_inspection.own_project_establishments": 927,
    "labor_inspection.projects": 19,
    "labor_inspection.project_establishments": 1383,
    "labor_inspection.advisor_visits": 1265,
    "labor_inspection.office_projects": 10,
    "labor_inspection.office_project_establishments": 131,
    "labor_inspection.compliance_guidance": 35,
    "labor_inspection.firms_50_99_population": 2162,
    "labor_inspection.firms_50_99_inspected": 218,
    "labor_inspection.high_hours_project_establishments": 100,
    "osh_health_staffing.band_300_plus.staffed": 576,
    "osh_health_staffing.band_300_plus.required": 751,
    "osh_health_staffing.band_300_plus.rate": 76.70,
    "osh_health_staffing.band_200_299.staffed": 363,
    "osh_health_staffing.band_200_299.required": 476,
    "osh_health_staffing.band_200_299.rate": 76.26,
    "osh_health_staffing.band_100_199.staffed": 893,
    "osh_health_staffing.band_100_199.required": 1265,
    "osh_health_staffing.band_100_199.rate": 70.59,
    "osh_health_staffing.band_50_99_special.staffed": 237,
    "osh_health_staffing.band_50_99_special.required": 279,
    "osh_health_staffing.band_50_99_special.rate": 84.95,
    "osh_health_staffing.staffed_50_plus": 2069,
    "osh_inspection.public_works_inspections": 2818,
    "osh_inspection.public_works_stop_work_orders": 18,
    "osh_inspection.social_housing_inspections": 150,
    "osh_inspection.road_works_inspections": 709,
    "osh_inspection.insurance_referrals": 23,
    "osh_inspection.health_project_establishments": 95,
    "osh_inspection.cctv_sites": 140,
    "osh_inspection.cctv_remote_inspections": 185,
    "osh_inspection.confined_space_inspections": 182,
    "osh_inspection.confined_space_defect_rate": 20.88,
    "osh_inspection.lpg_inspections": 43,
    "osh_inspection.lpg_improvement_notices": 5,
    "osh_inspection.inspections": 11978,
    "osh_inspection.penalties": 773,
    "osh_inspection.penalty_amount": 46910000,
    "osh_inspection.sme_staff_visits": 75,
    "osh_inspection.sme_team_visits": 156,
    "osh_inspection.film_notifications": 15,
    "osh_inspection.film_inspections": 3,
    "osh_inspection.film_improvement_notices": 2,
    "osh_notifications.lightweight_roof.notified": 1,
    "osh_notifications.lightweight_roof.supervised": 2,
    "osh_notifications.lightweight_roof.execution_rate": 200.0,
    "osh_notifications.lightweight_roof.unreported": 1,
    "osh_notifications.scaffolding.notified": 177,
    "osh_notifications.scaffolding.supervised": 137,
    "osh_notifications.scaffolding.execution_rate": 77.4,
    "osh_notifications.scaffolding.unreported": 14,
    "osh_notifications.gondola_rope.notified": 507,
    "osh_notifications.gondola_rope.supervised": 27,
    "osh_notifications.gondola_rope.execution_rate": 5.3,
    "osh_notifications.gondola_rope.unreported": 0,
    "layoff_warning.list_entries": 462,
    "layoff_warning.letter_rate": 100,
    "reduced_hours.filings": 1102,
    "reduced_hours.persons": 5339,
}
# The council report's sentences that carry them (seed/council-report-2023H1.txt's wording).
REPORT_SENTENCES = [
    "勞、健保局本轄預警名單共計462筆", "函查率達100.00%",
    "減少工時備查案件計1,102件，實施人次為5,339人次",
    "目標場次為9,400場次", "實際共計檢查6,498場次（含輔導場次）",
    "等14項專案檢查，合計檢查456家事業單位", "等5項專案檢查，合計檢查927家事業單位",
    "共計執行19項專案，合計檢查1,383家事業單位", "共輔導1,265家事業單位",
    "等10項專案檢查，合計檢查131家事業單位", "已對35家事業單位進行法遵輔導",
    "醫護人員配置率76.70%（已配置576家，應配置751家）",
    "配置率76.26%（已配置363家，應配置476家）", "配置70.59%（已配置893家，應配置1,265家）",
    "配置84.95%（已配置237家，應配置279家）", "共2,069家事業單位已配置",
    "共檢查2,818場次及停工18件次", "會同監造單位檢查150場次",
    "輕質屋頂通報數為1件，監督檢查2件，執行率200.0%，未通報違規1件",
    "施工架通報數177件，監督檢查137件，執行率77.4%，未通報違規14件",
    "吊籠暨繩索通報數507件，監督檢查27件，執行率5.3%，未通報違規0件",
    "共檢查709場次", "共移送23家事業單位", "已完成95家事業單位初查",
    "累計共140個公共及民間工程工地", "遠端監督檢查計185次",
    "共檢查182場次，缺失率為20.88%", "檢查43家次，5家通知改善",
    "職業安全衛生檢查場次共11,978場次，裁罰773件次，裁罰總金額為4,691萬元",
    "專責人員總計輔導75場次，輔導團總計輔導156場次",
    "共計2,162家", "合計檢查218家事業單位", "共100家辦理專案檢查",
    "計15部影片", "計檢查3場次，通知改善2場次",
]
PREFIXES = ("labor_inspection", "osh_health_staffing", "osh_inspection", "osh_notifications",
            "layoff_warning", "reduced_hours")


@pytest.fixture(autouse=True)
def reference_data(db):
    """What the migrations load (districts, industries, dated settings, the office calendar, the
    OSH fine bands): transactional tests elsewhere may have flushed it."""
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.inspections.migrations.0003_osh_fine_settings").load(django_apps, None)


def figures(period: str = "2023H1") -> dict:
    computed = {}
    for prefix in PREFIXES:
        out = io.StringIO()
        call_command("indicators", period, "--json", "--code", prefix, stdout=out)
        computed.update({code: e["value"] for code, e in json.loads(out.getvalue()).items()})
    return computed


def assert_records_hang_together(as_of: dt.date) -> None:
    """What any load of the parts must satisfy, whatever its scale."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=TAIPEI)
    inspections = Inspection.objects.select_related("case", "site", "establishment").in_bulk()
    assert inspections

    # Case numbers: per Taipei year, 1..N in order of receipt; the sequence row at N.
    by_year = defaultdict(list)
    for inspection in inspections.values():
        by_year[inspection.case.year].append(inspection.case)
    for year, group in by_year.items():
        group.sort(key=lambda c: c.sequence)
        assert [c.sequence for c in group] == list(range(1, len(group) + 1)), year
        assert [c.received_at for c in group] == sorted(c.received_at for c in group)
        assert {local_date(c.received_at).year for c in group} == {year}
        assert group[-1].number == f"{year - 1911}-INS-{len(group):06d}"
        assert group[0].number == f"{year - 1911}-INS-000001"
        assert CaseNumberSequence.objects.get(line="inspections", year=year).last_value == len(
            group)

    # Inspections: nothing after as_of, nothing before its site or establishment existed; a
    # remote one only at a site with CCTV by then; a re-inspection after its parent's notice.
    notices = {n.inspection_id: n.due_on for n in ImprovementNotice.objects.all()}
    for i in inspections.values():
        assert i.inspected_on <= as_of and i.case.received_at < end
        assert local_date(i.case.received_at) == i.inspected_on
        assert i.case.assigned_officer_id == i.inspector_id
        assert i.case.establishment_id == (i.establishment_id or i.site.contractor_id)
        if i.site:
            assert i.site.starts_on <= i.inspected_on <= i.site.ends_on
        if i.establishment and i.establishment.registered_on:
            assert i.establishment.registered_on <= i.inspected_on
        if i.method == Method.REMOTE:
            assert i.site.cctv_installed_on <= i.inspected_on
        if i.kind == Kind.RE_INSPECTION:
            parent = inspections[i.parent_id]
            assert parent.kind in (Kind.LABOR_CONDITIONS, Kind.OSH)
            assert notices[parent.pk] < i.inspected_on
            assert (i.domain, i.project_id, i.establishment_id, i.site_id) == (
                parent.domain, parent.project_id, parent.establishment_id, parent.site_id)
        assert (i.kind == Kind.GUIDANCE) == bool(i.guidance_provider)

    # Findings carried into a re-inspection are its parent's; resolved on the re-inspection.
    findings = Finding.objects.in_bulk()
    for finding in findings.values():
        if finding.carried_from_id:
            source = findings[finding.carried_from_id]
            inspection = inspections[finding.inspection_id]
            assert inspections[source.inspection_id].pk == inspection.parent_id
            assert finding.resolved_on in (None, inspection.inspected_on)
            assert source.resolved_on == finding.resolved_on
    for pk, due in notices.items():
        assert due > inspections[pk].inspected_on
        assert Finding.objects.filter(inspection_id=pk).exists() or inspections[pk].parent_id

    # Events: the record first, one event per change, nothing after as_of; the version counts
    # the changes.
    events = defaultdict(list)
    for event in CaseEvent.objects.filter(case_id__in=inspections).order_by("at", "pk"):
        events[event.case_id].append(event)
    for pk, i in inspections.items():
        chain = events[pk]
        assert chain[0].action == "record" and all(e.at < end for e in chain), i.case.number
        changes = [e for e in chain if e.action in ("add_finding", "improvement_notice",
                                                    "propose_penalty", "rate_finding")]
        assert i.version == 1 + len(changes), i.case.number

    # Fines: in their band on the inspection date, proposed by the inspector, approved by a
    # supervisor with the right to, after the inspection; published when approved.
    user_model = get_user_model()
    approvers = set(user_model.objects.filter(
        staff_profile__roles__permissions__codename="approve_penalty").values_list(
        "pk", flat=True))
    for penalty in Penalty.objects.all():
        inspection = inspections[penalty.inspection_id]
        band, share = fine_band_on(penalty.article, inspection.inspected_on)
        assert not rules.validate_fine(penalty.amount, band,
                                       raise_allowed=penalty.article in rules.RAISABLE_ARTICLES,
                                       raise_share=share), penalty.amount
        assert penalty.proposed_by_id == inspection.inspector_id
        assert penalty.published == (penalty.status != Penalty.Status.PROPOSED)
        if penalty.status != Penalty.Status.PROPOSED:
            assert penalty.approved_by_id in approvers
            assert penalty.approved_by_id != penalty.proposed_by_id
            assert inspection.inspected_on <= penalty.decided_on <= as_of
        if penalty.paid_on:
            assert penalty.status == Penalty.Status.PAID
            assert penalty.decided_on <= penalty.paid_on <= as_of
        assert (penalty.article in (rules.OSH_43, rules.OSH_45)) == (inspection.domain == "osh")

    # Sites: at most one open stop-work order each, within the site's life; alcohol tests
    # referred by the rule; referrals after their inspection.
    open_orders = Counter(StopWorkOrder.objects.filter(lifted_on=None)
                          .values_list("site_id", flat=True))
    assert not [s for s, n in open_orders.items() if n > 1]
    for order in StopWorkOrder.objects.select_related("site"):
        assert order.site.starts_on <= order.issued_on <= as_of
        assert order.lifted_on is None or order.issued_on <= order.lifted_on <= as_of
    for test in AlcoholTest.objects.all():
        assert test.referred == rules.alcohol_referral(test.mg_per_l, test.at_height)
    for referral in InsuranceReferral.objects.all():
        inspection = inspections[referral.inspection_id]
        assert inspection.inspected_on <= referral.referred_on <= as_of
        assert referral.establishment_id == inspection.case.establishment_id
    for site in ConstructionSite.objects.all():
        assert site.cctv_installed_on is None or site.starts_on <= site.cctv_installed_on

    # Health reports: of establishments of 50 or more workers on as_of, with no more
    # special-hazard workers than that.
    headcounts = dict(core_selectors.establishments_with_headcount(on=as_of)
                      .values_list("pk", "headcount_on"))
    for staffing in HealthStaffingReport.objects.all():
        assert staffing.reported_on <= as_of
        assert staffing.special_hazard_workers <= headcounts[staffing.establishment_id]
        assert headcounts[staffing.establishment_id] >= 50

    # Notifications: filed before the work; online ones by an employer's account; each visit
    # with its own OSH inspection of the notifying employer, on or after the filing; an
    # unreported find recorded for every visit without a notification.
    for n in WorkNotification.objects.select_related("filed_by__employer_account"):
        assert n.starts_on >= local_date(n.filed_at) and n.ends_on >= n.starts_on
        assert n.filed_at < end
        if n.channel == "online":
            assert n.filed_by.employer_account.establishment_id == n.establishment_id
            assert n.submission_key
    visits = list(SupervisionVisit.objects.select_related("notification", "film_notification"))
    assert len({v.inspection_id for v in visits}) == len(visits)
    for v in visits:
        inspection = inspections[v.inspection_id]
        assert (inspection.kind, inspection.domain, inspection.inspected_on) == (
            Kind.OSH, "osh", v.visited_on)
        assert v.visited_on <= as_of
        if v.notification:
            assert v.notification.establishment_id == inspection.establishment_id
            assert local_date(v.notification.filed_at) <= v.visited_on
        if v.film_notification:
            assert v.film_notification.filed_on <= v.visited_on
    unreported = {u.visit_id: u for u in UnreportedWork.objects.all()}
    assert set(unreported) == {v.pk for v in visits if v.kind and v.notification is None}
    for f in FilmNotification.objects.all():
        assert f.filed_on <= f.operation_on and f.filed_on <= as_of

    # Layoff warnings: the letter after the list came in, the visit due 7 days after.
    dues = {}
    for entry in LayoffWarningEntry.objects.select_related("warning_list"):
        received = entry.warning_list.received_on
        if received not in dues:
            dues[received] = notification_services.visit_due(received)
        assert entry.visit_due_on == dues[received]
        assert received <= entry.letter_sent_on <= as_of
        assert entry.visited_on is None or received < entry.visited_on <= as_of


def test_the_demo_scenario_gives_the_seed_reports_inspection_figures_for_2023h1():
    result = scenarios.load(TAIPEI_2023H1, parts=PARTS)

    computed = figures("2023H1")
    assert {code: computed[code] for code in SEED} == SEED
    seconds = sum(p.seconds for p in result.parts
                  if p.part.startswith(("inspections.", "notifications.")))
    assert seconds < 60
    assert crosschecks.evaluate("2023H1") == []
    assert crosschecks.evaluate("2022H2") == []

    # The variety a demo needs: every kind and domain, history, paid and pending fines, late
    # re-inspections, a project of the year before that does not count in the half.
    kinds = Counter(Inspection.objects.values_list("kind", "domain"))
    assert all(kinds[k] > 50 for k in (("labor_conditions", "labor_conditions"),
                                       ("osh", "osh"), ("guidance", "labor_conditions"),
                                       ("guidance", "osh"), ("re_inspection", "labor_conditions"),
                                       ("re_inspection", "osh")))
    assert Inspection.objects.filter(inspected_on__year=2022).count() > 3000
    statuses = Counter(Penalty.objects.values_list("status", flat=True))
    assert all(statuses[s] > 20 for s in ("proposed", "approved", "paid"))
    assert Penalty.objects.filter(inspection__domain="labor_conditions").count() > 300
    assert Finding.objects.filter(carried_from__isnull=False, resolved_on=None).exists()
    assert computed["labor_inspection.projects"] == 19
    assert figures("2022H2")["labor_inspection.projects"] == 2
    assert AlcoholTest.objects.filter(referred=True).count() >= 3
    assert StopWorkOrder.objects.filter(lifted_on=None).exists()
    assert WorkNotification.objects.filter(channel="counter").exists()

    # Roles: inspectors work inspections and notifications; only supervisors approve fines.
    user_model = get_user_model()
    officer = user_model.objects.get(username="inspection.officer")
    inspector = user_model.objects.get(username="inspection.inspector01")
    supervisor = user_model.objects.get(username="inspection.supervisor")
    standards = user_model.objects.get(username="labor-standards.officer")
    for user in (officer, inspector, supervisor):
        assert user.has_perm("inspections.work_inspection")
        assert user.has_perm("notifications.work_notification")
    assert supervisor.has_perm("inspections.approve_penalty")
    assert not officer.has_perm("inspections.approve_penalty")
    assert standards.has_perm("inspections.work_inspection")
    assert standards.has_perm("notifications.work_layoff_warning")
    assert not standards.has_perm("notifications.work_notification")

    assert_records_hang_together(TAIPEI_2023H1.as_of)

    # The council report's sections of these lines print the seed's figures, none by hand.
    council_scenario.narrative_inspections_load(TAIPEI_2023H1, scenarios.no_progress)
    built = report.build(collect("2023H1"), council_services.narratives("2023H1"))
    text = "".join(getattr(block, "text", "") for block in built.spec.blocks)
    for sentence in REPORT_SENTENCES:
        assert sentence in text, sentence
    assert built.flags == []
    for key in ("rights.protection.layoff", "rights.protection.reduced_hours",
                "rights.inspection", "safety.health", "safety.awareness", "innovations"):
        assert key not in built.sections_without_data

    # Loading again adds nothing.
    again = scenarios.load(TAIPEI_2023H1, parts=PARTS)
    assert all(p.skipped for p in again.parts)
    assert Case.objects.filter(line="inspections").count() == len(Inspection.objects.all())


def test_the_parts_load_at_another_scale_with_records_that_hang_together():
    small = TAIPEI_2023H1.scaled(scale=0.05)
    scenarios.load(small, parts=PARTS)

    computed = figures("2023H1")
    assert 0 < computed["labor_inspection.inspections"] < 600
    assert computed["osh_inspection.penalties"] == small.count(773)
    assert computed["reduced_hours.filings"] == small.count(1102)
    assert computed["labor_inspection.firms_50_99_inspected"] == small.count(218)
    assert computed["osh_health_staffing.band_300_plus.staffed"] == small.count(576)
    assert isinstance(computed["osh_inspection.confined_space_defect_rate"], float | int)
    assert Decimal(str(computed["layoff_warning.letter_rate"])) == 100
    assert_records_hang_together(small.as_of)
