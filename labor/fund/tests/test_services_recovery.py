"""The recovery book on the database: the outcome, what must be paid back per item (never more
than was paid), notices, repayments (Dr 1101 / Cr 4301) and reclassifications (no entry)."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from labor.fund import services as ledger
from labor.fund import services_applications as apps
from labor.fund import services_recovery as recovery
from labor.fund.models import Application, JournalEntry, RecoveryClaim, RecoveryMovement
from labor.fund.tests.test_services_applications import (
    approved_application,
    fund_cash,
    items_of,
    refused,
    status,
)
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory

ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "court_fee", "instance": 2, "requested": 45_000},
    {"kind": "lawyer_fee", "instance": 2, "requested": 40_000},
    {"kind": "lawyer_fee", "instance": 3, "requested": 40_000},
    {"kind": "enforcement_fee", "requested": 10_000},
    {"kind": "living_expenses", "months": 3, "requested": 60_000},
]
PAID_ON = dt.date(2023, 3, 20)
JUDGED_ON = dt.date(2023, 5, 2)


@pytest.fixture
def officer(staff_user):
    return staff_user("fund-officer")


@pytest.fixture
def checker(staff_user):
    return staff_user("fund-checker")


def paid_application(officer, checker, items=ITEMS) -> Application:
    """Approved at what was asked and paid in full."""
    fund_cash(1_000_000)
    application = approved_application(officer, checker, items=items, instance=3)
    for item in items_of(application).values():
        apps.disbursement_record(item=item, paid_on=PAID_ON, amount=item.approved,
                                 actor=officer)
    return application


def with_outcome(application, outcome, officer):
    apps.outcome_record(application=application, outcome=outcome, on=JUDGED_ON,
                        note="臺北地院112年度勞訴字第1號", actor=officer)
    return Application.objects.get(pk=application.pk)


def by_key(application, proposal: dict) -> dict:
    keys = {i.pk: key for key, i in items_of(application).items()}
    return {keys[pk]: amount for pk, amount in proposal.items() if amount}


def test_a_won_lawsuit_proposes_court_enforcement_living_and_third_instance_lawyer_fees(
        officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    assert by_key(application, recovery.recovery_proposal(application)) == {
        ("court_fee", 1): 30_000, ("court_fee", 2): 45_000, ("lawyer_fee", 3): 40_000,
        ("enforcement_fee", None): 10_000, ("living_expenses", None): 60_000}


def test_a_settlement_proposes_two_thirds_of_the_court_fee_of_its_instance_and_living(
        officer, checker):
    items = [i for i in ITEMS if i["kind"] != "lawyer_fee" or i["instance"] != 3]
    application = paid_application(officer, checker, items=items)
    Application.objects.filter(pk=application.pk).update(instance=2)
    application = with_outcome(Application.objects.get(pk=application.pk), "settled", officer)
    assert by_key(application, recovery.recovery_proposal(application)) == {
        ("court_fee", 2): 30_000, ("living_expenses", None): 60_000}


def test_a_lost_lawsuit_proposes_nothing(officer, checker):
    application = with_outcome(paid_application(officer, checker), "lost", officer)
    assert by_key(application, recovery.recovery_proposal(application)) == {}


def test_assessing_needs_an_outcome_and_never_exceeds_what_was_paid(officer, checker):
    application = paid_application(officer, checker)
    court = items_of(application)[("court_fee", 1)]
    errors = refused(recovery.recovery_assess, application=application,
                     claims={court.pk: 30_000}, basis="judgment", on=JUDGED_ON, actor=officer)
    assert "outcome" in errors
    application = with_outcome(application, "won", officer)
    errors = refused(recovery.recovery_assess, application=application,
                     claims={court.pk: 30_001}, basis="judgment", on=JUDGED_ON, actor=officer)
    assert "30,000" in errors[f"item-{court.pk}-amount"][0]
    claims = recovery.recovery_assess(application=application, claims={court.pk: 30_000},
                                      basis="judgment", on=JUDGED_ON, actor=officer)
    assert [c.amount for c in claims] == [30_000]
    errors = refused(recovery.recovery_assess, application=application,
                     claims={court.pk: 1_000}, basis="judgment", on=JUDGED_ON, actor=officer)
    assert f"item-{court.pk}-amount" in errors


def test_notice_repayment_and_reclassification(officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    items = items_of(application)
    court = items[("court_fee", 1)]
    living = items[("living_expenses", None)]
    claims = recovery.recovery_assess(application=application,
                                      claims={court.pk: 30_000, living.pk: 60_000},
                                      basis="judgment", on=JUDGED_ON, actor=officer)
    notice = recovery.recovery_notice_issue(application=application,
                                            issued_on=dt.date(2023, 5, 5), actor=officer)
    assert notice.amount == 90_000 and notice.due_on == dt.date(2023, 6, 4)
    court_claim = next(c for c in claims if c.item_id == court.pk)
    living_claim = next(c for c in claims if c.item_id == living.pk)
    cash_before = ledger.account_balance("1101", dt.date(2023, 6, 1))
    repayment = recovery.repayment_record(claim=court_claim, on=dt.date(2023, 6, 1),
                                          amount=30_000, actor=officer)
    lines = {(x.account.code, x.debit, x.credit) for x in repayment.journal_entry.lines.all()}
    assert lines == {("1101", 30_000, 0), ("4301", 0, 30_000)}
    assert ledger.account_balance("1101", dt.date(2023, 6, 1)) == cash_before + 30_000
    assert recovery.claim_outstanding(court_claim) == 0
    errors = refused(recovery.repayment_record, claim=court_claim, on=dt.date(2023, 6, 2),
                     amount=1, actor=officer)
    assert "amount" in errors
    assert "reason" in refused(recovery.reclassification_record, claim=living_claim,
                               on=dt.date(2023, 6, 2), amount=60_000, reason="", actor=officer)
    entries = JournalEntry.objects.count()
    recovery.reclassification_record(claim=living_claim, on=dt.date(2023, 6, 2), amount=60_000,
                                     reason="勞工無資力，報准轉列", actor=officer)
    assert JournalEntry.objects.count() == entries
    assert recovery.claim_outstanding(living_claim) == 0
    assert NON_FIELD_ERRORS in refused(recovery.recovery_notice_issue, application=application,
                                       issued_on=dt.date(2023, 6, 3), actor=officer)
    apps.application_close(application=application, actor=officer)
    assert status(application) == "closed"
    assert RecoveryClaim.objects.count() == 2 and RecoveryMovement.objects.count() == 2
