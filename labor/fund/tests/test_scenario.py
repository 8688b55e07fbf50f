"""The fund's parts of the demo scenario: the 2023H1 figures and the records behind them.

The expected figures are restated from the seed report (seed/figures-2023H1.yaml, ``fund.*``),
not imported from the scenario, so that a change to the scenario's data shows here. The
balance is the ledger's 732,214,309 where the seed prints 732,214,039 (its two terms add up
to the former).
"""

import datetime as dt
import io
import json
from collections import Counter, defaultdict
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from labor.core import identifiers, scenarios
from labor.core import scenario as kernel
from labor.core.formatting import TAIPEI, local_date
from labor.core.models import Case, CaseEvent, CaseNumberSequence
from labor.core.settings_values import dated_value
from labor.council import report
from labor.council import scenario as council_scenario
from labor.council import services as council_services
from labor.council.figures import collect
from labor.disputes import scenario as disputes_scenario
from labor.disputes.models import Outcome as DisputeOutcome
from labor.fund import rules
from labor.fund import scenario as fund_scenario
from labor.fund.models import (
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    Disbursement,
    Item,
    ItemKind,
    JournalEntry,
    JournalLine,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.stats import crosschecks

pytestmark = pytest.mark.django_db

TAIPEI_2023H1 = scenarios.get_scenario("taipei-2023h1")
PARTS = [*kernel.PARTS, *disputes_scenario.PARTS, *fund_scenario.PARTS]

# seed/figures-2023H1.yaml, fund.* (the balance as the ledger gives it; the seed prints
# 732214039).
SEED = {
    "fund.surplus_accumulated_2022": 721406226,
    "fund.surplus_2023": 10808083,
    "fund.balance": 732214309,
    "fund.litigation_applications": 32,
    "fund.litigation_approved": 25,
    "fund.litigation_persons": 30,
    "fund.litigation_amount": 4641728,
    "fund.approved_dismissal": 22,
    "fund.approved_occupational_injury": 1,
    "fund.approved_plant_closure": 2,
    "fund.recovery_cases": 90,
    "fund.recovery_amount": 14380217,
    "fund.recovery_share_court_fees": 11.32,
    "fund.recovery_share_third_instance_lawyer_fees": 3.27,
    "fund.recovery_share_living_expenses": 85.42,
    "fund.recovered_lawyer_fees": 294056,
    "fund.recovered_court_fees": 973445,
    "fund.recovered_enforcement_fees": 26607,
    "fund.recovered_living_expenses": 4383558,
    "fund.recovered_total": 5677666,
}
# The council report's sentences that carry them (seed/council-report-2023H1.txt's wording).
REPORT_SENTENCES = [
    "111年度累積賸餘為7億2,140萬6,226元，截至112年6月賸餘為1,080萬8,083元，累計基金餘額為"
    "7億3,221萬4,309元",
    "共受理申請訴訟補助案件計32件，通過核予補助件數為25件，補助人數30人，補助金額達464萬"
    "1,728元；其中補助案件之類別：解僱22件、職災1件及關廠2件",
    "應追蹤案件累計有90件，金額共計1,438萬217元，其中裁判費部分占催繳金額11.32%、第三審律師費"
    "占催繳金額3.27%、生活費用占催繳金額85.42%",
    "律師費29萬4,056元、裁判費97萬3,445元、強制執行費2萬6,607元及生活費用438萬3,558元，"
    "合計567萬7,666元",
]
CASH, RECOVERY_INCOME = "1101", "4301"
EXPENSE = {ItemKind.COURT_FEE: "5101", ItemKind.LAWYER_FEE: "5102",
           ItemKind.ENFORCEMENT_FEE: "5103", ItemKind.LIVING_EXPENSES: "5104"}


@pytest.fixture(autouse=True)
def reference_data(db):
    """What the migrations load (districts, industries, dated settings, the office calendar,
    the fund's accounts and caps): transactional tests elsewhere may have flushed it."""
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.disputes.migrations.0002_committee_settings").load(django_apps, None)
    import_module("labor.fund.migrations.0003_reference_data").load(django_apps, None)


def figures(period: str = "2023H1") -> dict:
    out = io.StringIO()
    call_command("indicators", period, "--json", "--code", "fund", stdout=out)
    return {code: entry["value"] for code, entry in json.loads(out.getvalue()).items()}


def _caps(day: dt.date) -> rules.Caps:
    return rules.Caps(**{name: int(dated_value(key, day))
                         for name, key in rules.CAP_SETTING_KEYS.items()})


def assert_records_hang_together(as_of: dt.date) -> None:
    """What any load of the parts must satisfy, whatever its scale: the rows the services
    would have written."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=TAIPEI)
    applications = {a.pk: a for a in Application.objects.select_related("case")}
    assert applications
    cases = {a.pk: a.case for a in applications.values()}

    # Case numbers: per year, 1..N in order of receipt; the sequence row at N.
    by_year = defaultdict(list)
    for case in cases.values():
        assert case.line == LINE
        by_year[case.year].append(case)
    for year, group in by_year.items():
        group.sort(key=lambda c: c.sequence)
        assert [c.sequence for c in group] == list(range(1, len(group) + 1)), year
        assert [c.received_at for c in group] == sorted(c.received_at for c in group)
        assert group[-1].number == f"{year - 1911}-LRF-{len(group):06d}"
        assert CaseNumberSequence.objects.get(line=LINE, year=year).last_value == len(group)

    # Events: a chain of the workflow's transitions ending in the case's status, in order,
    # nothing after as_of; a closed case's closing time is its last transition's.
    allowed = {(a, b) for (a, _action), b in rules.TRANSITIONS.items()}
    events = defaultdict(list)
    for event in CaseEvent.objects.filter(case_id__in=cases).order_by("at", "pk"):
        events[event.case_id].append(event)
    for pk, case in cases.items():
        chain = events[pk]
        assert [e.action for e in chain[:2]] == ["open", "application_submit"], case.number
        status = Status.SUBMITTED
        for event in chain:
            assert case.received_at <= event.at < end, case.number
            if event.action == "transition":
                assert event.from_status == status, case.number
                assert (event.from_status, event.to_status) in allowed, case.number
                status = event.to_status
        assert status == case.status, case.number
        assert (case.status == Status.CLOSED) == (case.closed_at is not None), case.number

    # Applicants: a worker alone, several workers, a union for its members with its
    # resolution; valid IDs; a cited mediation failed before the application.
    applicants = defaultdict(list)
    for applicant in Applicant.objects.select_related("person"):
        applicants[applicant.application_id].append(applicant)
        assert identifiers.is_valid_national_id(applicant.person.id_number)
    for pk, application in applications.items():
        n = len(applicants[pk])
        if application.applicant_kind == ApplicantKind.WORKER:
            assert n == 1, application
        else:
            assert n >= 2, application
        if application.applicant_kind == ApplicantKind.UNION:
            assert application.union_name and application.union_resolution_on
        assert application.dispute_id or application.mediation_reference, application
        if application.dispute_id:
            dispute = application.dispute
            assert dispute.outcome == DisputeOutcome.NOT_SETTLED
            assert dispute.outcome_on < local_date(application.case.received_at)
        assert application.no_other_subsidy

    # Decisions: maker and checker differ; items within request and cap on the received day;
    # refusals with a reason.
    items = defaultdict(list)
    for item in Item.objects.all():
        items[item.application_id].append(item)
    for pk, application in applications.items():
        case = application.case
        caps = _caps(local_date(case.received_at))
        decided_ok = any(e.to_status == Status.APPROVED for e in events[pk])
        for item in items[pk]:
            if item.approved is not None:
                cap = rules.item_cap(item.kind, instance=item.instance, months=item.months,
                                     complex=item.complex, caps=caps)
                assert rules.decision_problems(item.requested, item.approved, cap) == [], item
                assert item.approved == item.requested or item.refusal_reason, item
        if decided_ok:
            assert application.proposed_by_id and application.decided_by_id
            assert application.proposed_by_id != application.decided_by_id
            assert application.decided_on >= local_date(case.received_at)
            assert sum(i.approved or 0 for i in items[pk]) > 0
        if any(e.to_status == Status.REFUSED for e in events[pk]):
            assert application.refusal_reason and application.decided_on
        if application.outcome:
            assert decided_ok and application.outcome_on >= application.decided_on

    # Payments: of approved items, never above the approval, after the decision; each with
    # its journal entry (Dr the item's expense account / Cr cash) of the same amount and day.
    paid = defaultdict(int)
    paid_on = defaultdict(list)
    for payment in Disbursement.objects.select_related("item__application", "journal_entry"):
        item = payment.item
        assert payment.paid_on <= as_of
        assert payment.paid_on >= item.application.decided_on
        paid[item.pk] += payment.amount
        paid_on[item.pk].append((payment.paid_on, payment.amount))
        entry = payment.journal_entry
        assert entry.posted_on == payment.paid_on
        lines = sorted((line.account.code, line.debit, line.credit)
                       for line in entry.lines.select_related("account"))
        assert lines == sorted([(EXPENSE[item.kind], payment.amount, 0),
                                (CASH, 0, payment.amount)])
    for item in Item.objects.filter(pk__in=list(paid)):
        assert paid[item.pk] <= (item.approved or 0), item

    # Recovery: a claim only after the outcome, at most what was paid of the item by then and
    # what the outcome makes recoverable; movements after the claim, never above what is owed;
    # repayments with their entry (Dr cash / Cr 4301), reclassifications with a reason.
    claims = {c.pk: c for c in RecoveryClaim.objects.select_related("item", "application")}
    moved = defaultdict(int)
    for movement in RecoveryMovement.objects.select_related("journal_entry").order_by("on", "pk"):
        claim = claims[movement.claim_id]
        assert claim.assessed_on <= movement.on <= as_of
        moved[claim.pk] += movement.amount
        assert moved[claim.pk] <= claim.amount, claim
        if movement.kind == RecoveryMovement.Kind.REPAYMENT:
            entry = movement.journal_entry
            assert entry.posted_on == movement.on
            lines = sorted((line.account.code, line.debit, line.credit)
                           for line in entry.lines.select_related("account"))
            assert lines == sorted([(CASH, movement.amount, 0),
                                    (RECOVERY_INCOME, 0, movement.amount)])
        else:
            assert movement.journal_entry_id is None and movement.reason
    for claim in claims.values():
        application = applications[claim.application_id]
        assert application.outcome and claim.assessed_on >= application.outcome_on
        item = claim.item
        paid_by_then = sum(a for day, a in paid_on[item.pk] if day <= claim.assessed_on)
        assert claim.amount <= paid_by_then, claim
        proposal = rules.recovery_proposal(
            application.outcome,
            {i.pk: rules.Paid(i.kind, i.instance, paid[i.pk]) for i in items[application.pk]},
            instance=max([application.instance] + [i.instance or 0
                                                   for i in items[application.pk]]))
        assert claim.amount <= proposal[item.pk], claim
    for application in applications.values():
        owed = sum(c.amount - moved[c.pk] for c in claims.values()
                   if c.application_id == application.pk)
        if application.case.status == Status.CLOSED and any(
                e.to_status == Status.APPROVED for e in events[application.pk]):
            assert application.outcome and owed == 0, application
    # Notices: the amount owed on the day, due after the notice period.
    for notice in RecoveryNotice.objects.all():
        owed = sum(c.amount - sum(m.amount for m in c.movements.all() if m.on <= notice.issued_on)
                   for c in claims.values() if c.application_id == notice.application_id
                   and c.assessed_on <= notice.issued_on)
        assert notice.amount == owed > 0
        days = int(dated_value("fund.recovery.notice_days", notice.issued_on))
        assert notice.due_on == notice.issued_on + dt.timedelta(days=days)

    # The journal balances, entry by entry; nothing after as_of.
    for entry_pk, debit, credit in (JournalLine.objects.values("entry")
                                    .annotate(d=Sum("debit"), c=Sum("credit"))
                                    .values_list("entry", "d", "c")):
        assert debit == credit, entry_pk
    assert not JournalEntry.objects.filter(posted_on__gt=as_of).exists()


def test_the_demo_scenario_gives_the_seed_reports_fund_figures_for_2023h1():
    result = scenarios.load(TAIPEI_2023H1, parts=PARTS)

    computed = figures("2023H1")
    assert {code: computed[code] for code in SEED} == SEED
    assert computed["fund.approved_unpaid_wages"] == computed["fund.approved_other"] == 0
    assert computed["fund.recovery_amount_other"] == 0
    seconds = sum(p.seconds for p in result.parts if p.part.startswith("fund."))
    assert seconds < 30
    assert crosschecks.evaluate("2023H1") == []
    assert crosschecks.evaluate("2022H2") == []

    assert_records_hang_together(TAIPEI_2023H1.as_of)

    # The variety a demo needs: every status, every kind of applicant, online applications
    # citing the applicant's own failed mediation, refusals, reclassifications, reminders.
    statuses = Counter(Case.objects.filter(line=LINE).values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    kinds = Counter(Application.objects.values_list("applicant_kind", flat=True))
    assert set(kinds) == set(ApplicantKind.values)
    online = Application.objects.filter(case__channel="online")
    assert online.exists()
    for application in online:
        assert application.portal_user_id == application.dispute.portal_user_id
    half = Application.objects.filter(case__received_at__gte=dt.datetime(
        2023, 1, 1, tzinfo=TAIPEI))
    assert half.filter(dispute__isnull=False).count() >= 25
    assert RecoveryMovement.objects.filter(kind="reclassification").exists()
    assert RecoveryNotice.objects.values("application").distinct().count() < \
        RecoveryNotice.objects.count()
    assert Application.objects.filter(outcome="lost").exists()

    # Roles: the labor-relations section's staff work the fund; the supervisor approves.
    users = get_user_model().objects
    officer = users.get(username="labor-relations.officer")
    supervisor = users.get(username="labor-relations.supervisor")
    assert officer.has_perm("fund.review_application") and officer.has_perm("fund.post_entry")
    assert not officer.has_perm("fund.decide_application")
    assert supervisor.has_perm("fund.decide_application")
    # The records behind the figures can be exported from the statistics pages.
    assert all(officer.has_perm(f"fund.view_{model}") for model in (
        "journalline", "applicant", "recoveryclaim", "recoverymovement", "disbursement"))
    assert not users.get(username="inspection.officer").has_perm("fund.review_application")

    # The council report's 貳.一.(一).3 prints the seed's figures (the balance the ledger's);
    # the seed's printed balance, quoted in the honest sentence, is flagged for review as
    # typed by hand, and nothing else is.
    built = report.build(collect("2023H1"), council_services.narratives("2023H1"))
    text = "".join(getattr(block, "text", "") for block in built.spec.blocks)
    for sentence in REPORT_SENTENCES:
        assert sentence in text, sentence
    assert "本局前印行之工作報告所載累計基金餘額為7億3,221萬4,039元" in text
    assert "rights.protection.fund" not in built.sections_without_data
    assert [(f.section_key, f.number) for f in built.flags] == [
        ("rights.protection.fund", "7"), ("rights.protection.fund", "3,221"),
        ("rights.protection.fund", "4,039")]
    assert set(council_scenario.NARRATIVE_FUND) == {"rights.protection.fund"}

    # Loading again adds nothing.
    again = scenarios.load(TAIPEI_2023H1, parts=PARTS)
    assert all(p.skipped for p in again.parts)


def test_the_parts_load_at_another_scale_with_records_that_hang_together():
    small = TAIPEI_2023H1.scaled(scale=0.05)
    scenarios.load(small, parts=PARTS)

    computed = figures("2023H1")
    approved = sum(small.count(n) for n in (22, 1, 2))
    assert computed["fund.litigation_approved"] == approved
    received_before = min(small.count(4), approved)
    assert computed["fund.litigation_applications"] == (
        approved - received_before + small.count(3) + 4 * small.count(2))
    assert computed["fund.recovery_cases"] == small.count(90)
    assert computed["fund.recovery_amount"] == sum(round(a * 0.05) for a in (
        1_627_417, 469_900, 12_282_900))
    assert computed["fund.recovered_total"] == sum(round(a * 0.05) for a in (
        294_056, 973_445, 26_607, 4_383_558))
    assert computed["fund.litigation_amount"] == round(4_641_728 * 0.05)
    # The ledger's targets are the fund's, not a count's: they stay.
    assert computed["fund.balance"] == 732214309
    assert crosschecks.evaluate("2023H1") == []
    assert_records_hang_together(small.as_of)
