"""The recovery book on the database: the outcome, what must be paid back per item (never more
than was paid), notices, repayments (Dr 1101 / Cr 4301) and reclassifications (no entry)."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from labor.core.models import CaseEvent, DatedSetting
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
    submit,
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
    # Closed: the lawyer fee not claimed so far cannot be claimed behind the closing's back.
    lawyer = items[("lawyer_fee", 2)]
    errors = refused(recovery.recovery_assess, application=application,
                     claims={lawyer.pk: 1_000}, basis="judgment", on=dt.date(2023, 6, 3),
                     actor=officer)
    assert "已結案" in errors[NON_FIELD_ERRORS][0]


def test_a_withdrawal_proposes_two_thirds_of_the_court_fee_of_its_instance(officer, checker):
    application = with_outcome(paid_application(officer, checker, items=ITEMS[:2]),
                               "withdrawn", officer)
    Application.objects.filter(pk=application.pk).update(instance=1)
    application = Application.objects.get(pk=application.pk)
    # Items up to the second instance: the suit ended (was withdrawn) in the second.
    assert by_key(application, recovery.recovery_proposal(application)) == {
        ("court_fee", 2): 30_000}


def test_a_claim_is_at_most_what_was_paid_not_what_was_approved(officer, checker):
    fund_cash(1_000_000)
    application = approved_application(officer, checker, items=ITEMS[:1])
    court = items_of(application)[("court_fee", 1)]
    apps.disbursement_record(item=court, paid_on=PAID_ON, amount=12_000, actor=officer)
    application = with_outcome(application, "won", officer)
    assert recovery.recovery_proposal(application) == {court.pk: 12_000}
    errors = refused(recovery.recovery_assess, application=application,
                     claims={court.pk: 12_001}, basis="judgment", on=JUDGED_ON, actor=officer)
    assert "12,000" in errors[f"item-{court.pk}-amount"][0]


def test_zero_claims_are_skipped_and_an_empty_assessment_refused(officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    items = items_of(application)
    lawyer1, court = items[("lawyer_fee", 2)], items[("court_fee", 1)]
    assert NON_FIELD_ERRORS in refused(recovery.recovery_assess, application=application,
                                       claims={lawyer1.pk: 0}, basis="judgment", on=JUDGED_ON,
                                       actor=officer)
    made = recovery.recovery_assess(application=application,
                                    claims={lawyer1.pk: 0, court.pk: "30,000"},
                                    basis="judgment", on=JUDGED_ON, actor=officer)
    assert [(c.item_id, c.amount) for c in made] == [(court.pk, 30_000)]


def test_an_item_of_another_application_a_bad_basis_or_an_early_date_are_refused(
        officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    other = submit(items=ITEMS[:1])
    foreign = items_of(other)[("court_fee", 1)]
    court = items_of(application)[("court_fee", 1)]
    assert NON_FIELD_ERRORS in refused(recovery.recovery_assess, application=application,
                                       claims={foreign.pk: 1}, basis="judgment", on=JUDGED_ON,
                                       actor=officer)
    assert "basis" in refused(recovery.recovery_assess, application=application,
                              claims={court.pk: 1}, basis="mood", on=JUDGED_ON, actor=officer)
    assert "on" in refused(recovery.recovery_assess, application=application,
                           claims={court.pk: 1}, basis="judgment",
                           on=JUDGED_ON - dt.timedelta(days=1), actor=officer)


def test_the_outcome_cannot_change_once_a_claim_is_assessed(officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    court = items_of(application)[("court_fee", 1)]
    recovery.recovery_assess(application=application, claims={court.pk: 30_000},
                             basis="judgment", on=JUDGED_ON, actor=officer)
    assert "outcome" in refused(apps.outcome_record, application=application, outcome="lost",
                                on=JUDGED_ON, actor=officer)


def test_repayments_in_parts_and_the_outstanding_amount_by_date(officer, checker):
    application = with_outcome(paid_application(officer, checker), "won", officer)
    court = items_of(application)[("court_fee", 2)]
    [claim] = recovery.recovery_assess(application=application, claims={court.pk: 45_000},
                                       basis="judgment", on=JUDGED_ON, actor=officer)
    assert "on" in refused(recovery.repayment_record, claim=claim,
                           on=JUDGED_ON - dt.timedelta(days=1), amount=1_000, actor=officer)
    recovery.repayment_record(claim=claim, on=dt.date(2023, 6, 1), amount=15_000, actor=officer)
    recovery.repayment_record(claim=claim, on=dt.date(2023, 7, 1), amount=15_000, actor=officer)
    errors = refused(recovery.repayment_record, claim=claim, on=dt.date(2023, 7, 2),
                     amount=15_001, actor=officer)
    assert "15,000" in errors["amount"][0]
    errors = refused(recovery.reclassification_record, claim=claim, on=dt.date(2023, 7, 2),
                     amount=15_001, reason="無法收回", actor=officer)
    assert "amount" in errors
    assert recovery.claim_outstanding(claim, dt.date(2023, 5, 1)) == 0  # not yet assessed
    assert recovery.claim_outstanding(claim, JUDGED_ON) == 45_000
    assert recovery.claim_outstanding(claim, dt.date(2023, 6, 30)) == 30_000
    assert recovery.claim_outstanding(claim) == 15_000
    assert ledger.account_balance("4301", dt.date(2023, 7, 31)) == 30_000
    with pytest.raises(ValidationError) as caught:
        apps.application_close(application=application, actor=officer)
    assert NON_FIELD_ERRORS in caught.value.message_dict


def test_the_notice_period_is_a_dated_setting(officer, checker):
    DatedSetting.objects.create(key="fund.recovery.notice_days", city="",
                                effective_from=dt.date(2023, 6, 1), value=15, unit="日",
                                certainty="U", source="test")
    application = with_outcome(paid_application(officer, checker), "won", officer)
    court = items_of(application)[("court_fee", 1)]
    recovery.recovery_assess(application=application, claims={court.pk: 30_000},
                             basis="judgment", on=JUDGED_ON, actor=officer)
    notice = recovery.recovery_notice_issue(application=application,
                                            issued_on=dt.date(2023, 6, 1), actor=officer)
    assert notice.due_on == dt.date(2023, 6, 16) and notice.amount == 30_000
    assert CaseEvent.objects.filter(case_id=application.pk,
                                    action="recovery_notice_issue").count() == 1


def test_nothing_assessed_nothing_to_notify(officer, checker):
    application = with_outcome(paid_application(officer, checker), "lost", officer)
    assert NON_FIELD_ERRORS in refused(recovery.recovery_notice_issue, application=application,
                                       issued_on=JUDGED_ON, actor=officer)
