"""Litigation-subsidy applications on the database: submission, review, the maker-checker
decision under caps and the fund's available balance, payments — and nothing written on any
refusal."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from labor.core import services as core_services
from labor.core.models import Attachment, Case, CaseEvent, DatedSetting, Person
from labor.disputes.models import Dispute, DisputeParty
from labor.fund import services as ledger
from labor.fund import services_applications as apps
from labor.fund.models import (
    Applicant,
    Application,
    Disbursement,
    Item,
    JournalEntry,
    JournalLine,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from tests import conftest as shared

pytestmark = pytest.mark.django_db

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

TAIPEI = dt.timezone(dt.timedelta(hours=8))
RECEIVED = dt.datetime(2023, 3, 1, 10, 0, tzinfo=TAIPEI)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


# --- helpers (imported by the other service tests) -------------------------------------------


def fund_cash(amount: int, on: dt.date = dt.date(2023, 1, 1)):
    """Give the fund ``amount`` of cash: the opening balance Dr 1101 / Cr 3101."""
    return ledger.journal_post(posted_on=on, description="期初餘額",
                               lines=[("1101", amount, 0), ("3101", 0, amount)])


def failed_mediation(employer=None, *, outcome="not_settled") -> Dispute:
    """A dispute case of ours whose mediation did not settle (調解不成立)."""
    case = core_services.case_open(line="disputes", channel="counter", status="closed",
                                   received_at=RECEIVED - dt.timedelta(days=60))
    dispute = Dispute.objects.create(case=case, applicant_kind="worker", outcome=outcome,
                                     outcome_on=dt.date(2023, 1, 20))
    if employer is not None:
        DisputeParty.objects.create(dispute=dispute, side="respondent", establishment=employer)
    return dispute


def worker(n: int = 1, **fields) -> dict:
    return {"id_number": shared.make_national_id(7000 + n), "name": f"勞工{n}",
            "annual_income": 380_000, "assets": 150_000, "phone": "0912345678",
            "address": "臺北市大安區", **fields}


ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "lawyer_fee", "instance": 1, "requested": 50_000},
    {"kind": "living_expenses", "months": 6, "requested": 150_000},
]


def submit(**overrides) -> Application:
    kwargs = {
        "channel": "counter", "applicant_kind": "worker", "applicants": [worker()],
        "items": ITEMS, "court": "taipei_district", "instance": 1, "case_type": "dismissal",
        "no_other_subsidy": True, "mediation_reference": "新北勞資調字第112001號",
        "respondent_name": "大安精密股份有限公司", "received_at": RECEIVED,
    }
    kwargs.update(overrides)
    return apps.application_submit(**kwargs)


def items_of(application) -> dict:
    return {(i.kind, i.instance): i for i in Item.objects.filter(application=application)}


def reviewed(application, officer) -> Application:
    apps.application_complete(application=application, on=apps.received_on(application),
                              actor=officer)
    return Application.objects.get(pk=application.pk)


def proposed(application, officer, amounts: dict | None = None) -> Application:
    """Propose ``amounts`` by (kind, instance) (default: everything asked, within caps)."""
    amounts = amounts or {}
    decisions = {}
    for key, item in items_of(application).items():
        approved = amounts.get(key, item.requested)
        decisions[item.pk] = (approved, "" if approved == item.requested else "依上限核減")
    return apps.decision_propose(application=application, decisions=decisions, actor=officer)


SMALL_ITEMS = [{"kind": "court_fee", "instance": 1, "requested": 30_000},
               {"kind": "lawyer_fee", "instance": 1, "requested": 40_000}]


def approved_application(officer, checker, *, items=None, on=dt.date(2023, 3, 10),
                         **overrides) -> Application:
    """Submitted, complete, proposed at what was asked, approved by ``checker``."""
    application = reviewed(submit(items=items or SMALL_ITEMS, **overrides), officer)
    proposed(application, officer)
    return apps.decision_approve(application=application, actor=checker, on=on)


def counts() -> dict:
    """Every row count the services write, with each application's status, version and
    decision fields and each item's decided amount: a refusal must leave all of them as they
    were."""
    rows = {m.__name__: m.objects.count()
            for m in (Case, Application, Applicant, Item, Person, Attachment, CaseEvent,
                      Disbursement, JournalEntry, JournalLine, RecoveryClaim,
                      RecoveryMovement, RecoveryNotice)}
    rows["applications"] = sorted(Application.objects.values_list(
        "pk", "case__status", "version", "proposed_by", "decided_by", "decided_on",
        "completed_on", "committee_on", "outcome", "refusal_reason", "missing"))
    rows["items"] = sorted(Item.objects.values_list("pk", "approved", "refusal_reason"))
    return rows


def refused(call, **kwargs) -> dict:
    """Call expecting a refusal; nothing may have been written. Returns the field errors."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert counts() == before
    return caught.value.message_dict


def status(application) -> str:
    return Case.objects.get(pk=application.pk).status


@pytest.fixture
def officer(staff_user):
    return staff_user("fund-officer")


@pytest.fixture
def checker(staff_user):
    return staff_user("fund-checker")


@pytest.fixture
def private_dir(settings, tmp_path):
    return shared.use_private_storage(settings, tmp_path)


# --- submission ------------------------------------------------------------------------------


def test_a_worker_applies_citing_a_failed_mediation(establishment_factory):
    employer = establishment_factory("大安精密股份有限公司")
    dispute = failed_mediation(employer)
    application = submit(dispute=dispute, mediation_reference="", respondent_name="")
    assert application.case.number == "112-LRF-000001"
    assert application.case.status == "submitted"
    assert application.dispute == dispute
    assert application.respondent == employer and application.respondent_name == employer.name
    applicant = application.applicants.get()
    assert applicant.person.name == "勞工1" and applicant.annual_income == 380_000
    assert {(i.kind, i.instance, i.months) for i in application.items.all()} == {
        ("court_fee", 1, None), ("lawyer_fee", 1, None), ("living_expenses", None, 6)}
    assert application.case.events.filter(action="application_submit").count() == 1
    assert application.case.person == applicant.person


def test_an_existing_person_is_found_by_id(person_factory):
    person = person_factory("王大明", id_number=shared.make_national_id(7001))
    application = submit()
    assert application.applicants.get().person == person
    assert Person.objects.count() == 1


def test_the_same_submission_key_makes_one_application():
    first = submit(channel="online", submission_key="fund-key-1")
    second = submit(channel="online", submission_key="fund-key-1")
    assert first.pk == second.pk
    assert Application.objects.count() == 1 and Case.objects.count() == 1


def test_without_the_no_other_subsidy_statement_it_is_refused():
    assert "no_other_subsidy" in refused(submit, no_other_subsidy=False)


def test_without_a_failed_mediation_it_is_refused():
    assert "dispute" in refused(submit, mediation_reference="")


def test_a_settled_mediation_is_not_a_failed_one():
    dispute = failed_mediation(outcome="settled")
    errors = refused(submit, dispute=dispute, mediation_reference="")
    assert "調解不成立" in errors["dispute"][0]


def test_a_union_needs_its_name_and_board_resolution():
    errors = refused(submit, applicant_kind="union")
    assert "union_name" in errors and "union_resolution_on" in errors
    assert "理事會決議" in errors["union_resolution_on"][0]
    application = submit(applicant_kind="union", union_name="臺北市產業工會",
                         union_resolution_on=dt.date(2023, 2, 20))
    assert application.union_resolution_on == dt.date(2023, 2, 20)


def test_the_number_of_applicants_follows_the_applicant_kind():
    assert "applicants" in refused(submit, applicants=[worker(1), worker(2)])
    assert "applicants" in refused(submit, applicant_kind="workers", applicants=[worker(1)])
    application = submit(applicant_kind="workers", applicants=[worker(1), worker(2)])
    assert application.applicants.count() == 2


def test_bad_applicants_and_items_are_keyed_by_their_row():
    errors = refused(submit, applicants=[worker(id_number="A123456788")], items=[
        {"kind": "court_fee", "requested": 1000},
        {"kind": "living_expenses", "requested": 1000},
        {"kind": "lawyer_fee", "instance": 1, "requested": 0},
        {"kind": "bribe", "requested": 5},
    ])
    assert "applicants-0-id_number" in errors
    assert "items-0-instance" in errors and "items-1-months" in errors
    assert "items-2-requested" in errors and "items-3-kind" in errors


def test_the_same_item_twice_for_one_instance_is_refused():
    errors = refused(submit, items=[{"kind": "court_fee", "instance": 1, "requested": 1000},
                                    {"kind": "court_fee", "instance": 1, "requested": 2000}])
    assert "items-1-kind" in errors
    application = submit(items=[{"kind": "court_fee", "instance": 1, "requested": 1000},
                                {"kind": "court_fee", "instance": 2, "requested": 2000}])
    assert application.items.count() == 2


def test_attachments_are_stored_with_their_kind(private_dir):
    upload = SimpleUploadedFile("調解紀錄.pdf", PDF, content_type="application/pdf")
    application = submit(attachments=[("mediation_record", upload)])
    assert list(Attachment.objects.filter(case=application.case).values_list("kind", flat=True)
                ) == ["mediation_record"]


def test_a_bad_attachment_refuses_the_whole_submission(private_dir):
    fake = SimpleUploadedFile("record.pdf", b"not a pdf at all", content_type="application/pdf")
    assert "attachments" in refused(submit, attachments=[("mediation_record", fake)])
    good = SimpleUploadedFile("record.pdf", PDF, content_type="application/pdf")
    assert "attachments" in refused(submit, attachments=[("selfie", good)])


# --- review ----------------------------------------------------------------------------------


def test_an_incomplete_file_is_returned_then_completed(officer):
    application = submit()
    apps.application_return_incomplete(application=application, missing="財產清單", actor=officer)
    assert status(application) == "incomplete"
    assert Application.objects.get(pk=application.pk).missing == "財產清單"
    apps.application_complete(application=application, on=dt.date(2023, 3, 5), actor=officer)
    assert status(application) == "review"
    apps.committee_record(application=application, meeting_on=dt.date(2023, 3, 8),
                          resolution="照案通過", actor=officer)
    application = Application.objects.get(pk=application.pk)
    assert application.committee_on == dt.date(2023, 3, 8)
    assert list(application.case.events.filter(action="transition").values_list(
        "to_status", flat=True)) == ["incomplete", "review"]


def test_a_step_the_status_does_not_allow_is_refused(officer):
    application = submit()
    errors = refused(apps.committee_record, application=application,
                     meeting_on=dt.date(2023, 3, 8), resolution="照案通過", actor=officer)
    assert "status" in errors


# --- decision --------------------------------------------------------------------------------


def test_approval_above_the_request_is_refused(officer):
    application = reviewed(submit(), officer)
    court = items_of(application)[("court_fee", 1)]
    errors = refused(apps.decision_propose, application=application,
                     decisions={court.pk: (30_001, "")}, actor=officer)
    assert "申請金額" in errors[f"item-{court.pk}-approved"][0]


def test_approval_above_the_cap_is_refused_citing_the_cap(officer):
    application = reviewed(submit(), officer)
    items = items_of(application)
    lawyer = items[("lawyer_fee", 1)]
    decisions = {i.pk: (i.requested if i != lawyer else 45_000, "核減")
                 for i in items.values()}
    errors = refused(apps.decision_propose, application=application, decisions=decisions,
                     actor=officer)
    assert errors[f"item-{lawyer.pk}-approved"] == ["核定金額超過律師費每審級上限 40,000 元。"]


def test_a_complex_case_lawyer_fee_may_reach_60000(officer):
    application = reviewed(submit(items=[{"kind": "lawyer_fee", "instance": 2,
                                          "complex": True, "requested": 70_000}]), officer)
    lawyer = items_of(application)[("lawyer_fee", 2)]
    errors = refused(apps.decision_propose, application=application,
                     decisions={lawyer.pk: (60_001, "核減")}, actor=officer)
    assert "複雜案件律師費每審級上限 60,000 元" in errors[f"item-{lawyer.pk}-approved"][0]
    apps.decision_propose(application=application, decisions={lawyer.pk: (60_000, "依上限")},
                          actor=officer)
    assert Item.objects.get(pk=lawyer.pk).approved == 60_000


def test_living_expenses_are_capped_by_month_and_number_of_months(officer):
    # 2023: 26,400 a month, at most 12 months: 15 months asked → at most 316,800.
    application = reviewed(submit(items=[{"kind": "living_expenses", "months": 15,
                                          "requested": 400_000}]), officer)
    living = items_of(application)[("living_expenses", None)]
    errors = refused(apps.decision_propose, application=application,
                     decisions={living.pk: (316_801, "核減")}, actor=officer)
    assert "316,800" in errors[f"item-{living.pk}-approved"][0]
    apps.decision_propose(application=application, decisions={living.pk: (316_800, "上限")},
                          actor=officer)


def test_the_cap_is_the_one_in_force_on_the_received_date(officer):
    DatedSetting.objects.create(key="fund.cap.lawyer_fee", city="",
                                effective_from=dt.date(2023, 4, 1), value=50_000, unit="元",
                                certainty="U", source="test")
    before = reviewed(submit(items=[{"kind": "lawyer_fee", "instance": 1,
                                     "requested": 50_000}]), officer)
    after = reviewed(submit(items=[{"kind": "lawyer_fee", "instance": 1, "requested": 50_000}],
                            received_at=RECEIVED + dt.timedelta(days=45)), officer)
    item = items_of(before)[("lawyer_fee", 1)]
    errors = refused(apps.decision_propose, application=before,
                     decisions={item.pk: (50_000, "")}, actor=officer)
    assert "40,000" in errors[f"item-{item.pk}-approved"][0]
    item = items_of(after)[("lawyer_fee", 1)]
    apps.decision_propose(application=after, decisions={item.pk: (50_000, "")}, actor=officer)
    assert Item.objects.get(pk=item.pk).approved == 50_000


def test_less_than_asked_needs_a_reason_and_every_item_a_decision(officer):
    application = reviewed(submit(), officer)
    items = items_of(application)
    court = items[("court_fee", 1)]
    errors = refused(apps.decision_propose, application=application,
                     decisions={court.pk: (10_000, "")}, actor=officer)
    assert f"item-{court.pk}-reason" in errors
    assert f"item-{items[('lawyer_fee', 1)].pk}-approved" in errors


def test_the_proposer_cannot_approve_and_another_person_can(officer, checker):
    fund_cash(1_000_000)
    application = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    assert status(application) == "proposed"
    errors = refused(apps.decision_approve, application=application, actor=officer,
                     on=dt.date(2023, 3, 10))
    assert NON_FIELD_ERRORS in errors
    apps.decision_approve(application=application, actor=checker, on=dt.date(2023, 3, 10))
    application = Application.objects.get(pk=application.pk)
    assert status(application) == "approved"
    assert application.decided_by == checker and application.decided_on == dt.date(2023, 3, 10)


def test_approval_beyond_the_available_balance_is_refused(officer, checker):
    fund_cash(100_000)
    approved_application(officer, checker)  # commits 70,000: 30,000 left
    application = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    errors = refused(apps.decision_approve, application=application, actor=checker,
                     on=dt.date(2023, 3, 11))
    assert "超過基金可用餘額" in errors[NON_FIELD_ERRORS][0]
    assert apps.available_balance(dt.date(2023, 3, 11)) == 30_000
    assert status(application) == "proposed"


def test_paying_an_item_releases_its_commitment_and_posts_the_expense(officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    court = items_of(application)[("court_fee", 1)]
    day = dt.date(2023, 3, 15)
    payment = apps.disbursement_record(item=court, paid_on=day, amount=30_000, actor=officer)
    lines = {(x.account.code, x.debit, x.credit) for x in payment.journal_entry.lines.all()}
    assert lines == {("5101", 30_000, 0), ("1101", 0, 30_000)}
    assert payment.journal_entry.description == f"{application.case.number} 第一審裁判費 撥付"
    assert ledger.account_balance("1101", day) == 70_000
    assert apps.available_balance(day) == 30_000  # the lawyer fee is still committed


def test_a_payment_above_the_approval_is_refused(officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    court = items_of(application)[("court_fee", 1)]
    apps.disbursement_record(item=court, paid_on=dt.date(2023, 3, 15), amount=20_000,
                             actor=officer)
    errors = refused(apps.disbursement_record, item=court, paid_on=dt.date(2023, 3, 16),
                     amount=10_001, actor=officer)
    assert "10,000" in errors["amount"][0]


def test_all_items_at_zero_refuse_the_application(officer, checker):
    application = reviewed(submit(items=SMALL_ITEMS), officer)
    apps.decision_propose(application=application, actor=officer, decisions={
        i.pk: (0, "已獲法律扶助基金會扶助") for i in items_of(application).values()})
    apps.decision_approve(application=application, actor=checker, on=dt.date(2023, 3, 10))
    application = Application.objects.get(pk=application.pk)
    assert status(application) == "refused"
    assert "法律扶助" in application.refusal_reason


def test_a_payment_beyond_the_funds_cash_is_refused(officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    # A later payment of another programme takes the cash the approval counted on.
    ledger.journal_post(posted_on=dt.date(2023, 3, 20), description="其他勞動權益補助撥付",
                        lines=[("5301", 80_000, 0), ("1101", 0, 80_000)])
    court = items_of(application)[("court_fee", 1)]
    errors = refused(apps.disbursement_record, item=court, paid_on=dt.date(2023, 3, 15),
                     amount=30_000, actor=officer)
    assert "20,000" in errors["amount"][0]
    apps.disbursement_record(item=court, paid_on=dt.date(2023, 3, 15), amount=20_000,
                             actor=officer)


def test_a_payment_before_the_approval_or_of_an_unapproved_application_is_refused(
        officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    court = items_of(application)[("court_fee", 1)]
    assert "paid_on" in refused(apps.disbursement_record, item=court,
                                paid_on=dt.date(2023, 3, 9), amount=1_000, actor=officer)
    assert "amount" in refused(apps.disbursement_record, item=court,
                               paid_on=dt.date(2023, 3, 15), amount=0, actor=officer)
    pending = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    item = items_of(pending)[("court_fee", 1)]
    assert "status" in refused(apps.disbursement_record, item=item,
                               paid_on=dt.date(2023, 3, 15), amount=1_000, actor=officer)


def test_a_refused_item_cannot_be_paid(officer, checker):
    fund_cash(100_000)
    application = reviewed(submit(items=SMALL_ITEMS), officer)
    court = items_of(application)[("court_fee", 1)]
    proposed(application, officer, {("court_fee", 1): 0})
    apps.decision_approve(application=application, actor=checker, on=dt.date(2023, 3, 10))
    assert "amount" in refused(apps.disbursement_record, item=court,
                               paid_on=dt.date(2023, 3, 15), amount=1, actor=officer)


def test_the_whole_application_may_be_refused_before_the_decision(officer, checker):
    application = submit()
    assert "reason" in refused(apps.decision_refuse, application=application, reason=" ",
                               actor=checker, on=dt.date(2023, 3, 5))
    apps.decision_refuse(application=application, reason="非屬本市勞工", actor=checker,
                         on=dt.date(2023, 3, 5))
    application = Application.objects.get(pk=application.pk)
    assert status(application) == "refused" and application.refusal_reason == "非屬本市勞工"
    assert "status" in refused(apps.decision_refuse, application=application, reason="again",
                               actor=checker, on=dt.date(2023, 3, 6))
    apps.application_close(application=application, actor=checker)
    assert status(application) == "closed"
    assert Case.objects.get(pk=application.pk).closed_at is not None


def test_the_proposer_cannot_refuse_their_own_proposal(officer, checker):
    application = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    assert NON_FIELD_ERRORS in refused(apps.decision_refuse, application=application,
                                       reason="不符", actor=officer, on=dt.date(2023, 3, 5))


def test_a_proposal_sent_back_is_proposed_again(officer, checker):
    application = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    apps.decision_send_back(application=application, reason="律師費請再核", actor=checker)
    assert status(application) == "review"
    assert Application.objects.get(pk=application.pk).proposed_by is None
    assert "status" in refused(apps.decision_approve, application=application, actor=checker,
                               on=dt.date(2023, 3, 10))
    proposed(application, officer, {("lawyer_fee", 1): 30_000})
    assert status(application) == "proposed"


def test_an_approval_date_before_receipt_or_in_the_future_is_refused(officer, checker):
    fund_cash(100_000)
    application = proposed(reviewed(submit(items=SMALL_ITEMS), officer), officer)
    assert "on" in refused(apps.decision_approve, application=application, actor=checker,
                           on=dt.date(2023, 2, 28))
    assert "on" in refused(apps.decision_approve, application=application, actor=checker,
                           on=dt.date.today() + dt.timedelta(days=2))


def test_the_available_balance_counts_only_approvals_made_by_its_date(officer, checker):
    fund_cash(100_000)
    approved_application(officer, checker, on=dt.date(2023, 3, 10))
    assert apps.available_balance(dt.date(2023, 3, 9)) == 100_000
    assert apps.available_balance(dt.date(2023, 3, 10)) == 30_000


def test_the_outcome_is_recorded_on_an_approved_application_only(officer, checker):
    application = submit()
    assert "status" in refused(apps.outcome_record, application=application, outcome="won",
                               on=dt.date(2023, 5, 1), actor=officer)
    fund_cash(100_000)
    application = approved_application(officer, checker)
    assert "outcome" in refused(apps.outcome_record, application=application,
                                outcome="appealed", on=dt.date(2023, 5, 1), actor=officer)
    apps.outcome_record(application=application, outcome="won", on=dt.date(2023, 5, 1),
                        actor=officer)
    assert Application.objects.get(pk=application.pk).outcome == "won"


def test_an_approved_application_closes_only_after_its_outcome(officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    assert "outcome" in refused(apps.application_close, application=application, actor=officer)
    apps.outcome_record(application=application, outcome="lost", on=dt.date(2023, 5, 1),
                        actor=officer)
    apps.application_close(application=application, actor=officer)
    assert status(application) == "closed"
    assert apps.available_balance(dt.date(2023, 5, 1)) == 100_000  # closing releases the rest


def test_the_workflow_statuses_are_the_models():
    from labor.fund import rules

    assert set(Status.values) == {s for s, _a in rules.TRANSITIONS} | set(
        rules.TRANSITIONS.values())


def test_every_step_leaves_an_event(officer, checker):
    fund_cash(100_000)
    application = approved_application(officer, checker)
    actions = list(CaseEvent.objects.filter(case_id=application.pk).order_by("id")
                   .values_list("action", "to_status"))
    assert actions == [("open", "submitted"), ("application_submit", ""),
                       ("transition", "review"), ("decision_propose", ""),
                       ("transition", "proposed"), ("decision_approve", ""),
                       ("transition", "approved")]


def test_another_programmes_payment_may_not_take_money_approved_for_a_lawsuit(officer, checker):
    """The fund holds 100,000; 70,000 is approved for a lawsuit and unpaid: a tuition-subsidy
    payment of 40,000 would leave the approved items unpayable, so it is refused; 30,000 is
    not."""
    from labor.fund import services as ledger

    fund_cash(100_000)
    approved_application(officer, checker)
    assert apps.available_balance() == 30_000
    errors = refused(ledger.manual_entry_post, kind="tuition_subsidy",
                     posted_on=dt.date(2023, 3, 20), amount=40_000, description="就學補助")
    assert "已核定未撥付" in errors["amount"][0]
    ledger.manual_entry_post(kind="tuition_subsidy", posted_on=dt.date(2023, 3, 20),
                             amount=30_000, description="就學補助")
    assert apps.available_balance() == 0
