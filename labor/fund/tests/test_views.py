"""The fund's staff pages through the Django test client: who may open them, the queue, the
counter entry (rows without JavaScript), the application page with its review, maker-checker
decision and payment actions, and the decision letter. Every refused action answers 400 with
the message beside its field and writes nothing."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labor.core.models import Attachment, Case, CaseEvent, PersonAccessLog
from labor.fund import services as ledger
from labor.fund import services_applications as apps
from labor.fund.models import (
    Applicant,
    Application,
    Disbursement,
    Item,
    JournalEntry,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

REVIEW = "fund.review_application"
DECIDE = "fund.decide_application"
DISBURSE = "fund.disburse"
RECOVER = "fund.manage_recovery"
TAIPEI = dt.timezone(dt.timedelta(hours=8))
RECEIVED = dt.datetime(2023, 3, 1, 10, 0, tzinfo=TAIPEI)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
WORKER_ID = shared.make_national_id(8101)


# --- helpers (test_views_recovery.py imports them) -------------------------------------------


def fund_cash(amount: int = 10_000_000, on: dt.date = dt.date(2023, 1, 1)):
    return ledger.journal_post(posted_on=on, description="期初餘額",
                               lines=[("1101", amount, 0), ("3101", 0, amount)])


ITEMS = [
    {"kind": "court_fee", "instance": 1, "requested": 30_000},
    {"kind": "lawyer_fee", "instance": 1, "requested": 50_000},
]


def submit(actor=None, **overrides) -> Application:
    kwargs = {
        "channel": "counter", "applicant_kind": "worker",
        "applicants": [{"id_number": WORKER_ID, "name": "陳志明", "annual_income": 380_000,
                        "assets": 150_000, "phone": "0912345678",
                        "address": "臺北市大安區復興南路一段1號"}],
        "items": ITEMS, "court": "taipei_district", "instance": 1, "case_type": "dismissal",
        "no_other_subsidy": True, "mediation_reference": "新北勞資調字第112001號",
        "respondent_name": "大安精密股份有限公司", "received_at": RECEIVED, "actor": actor,
    }
    kwargs.update(overrides)
    return apps.application_submit(**kwargs)


def items_of(application) -> dict:
    return {(i.kind, i.instance): i for i in Item.objects.filter(application=application)}


def reload(application) -> Application:
    return Application.objects.select_related("case").get(pk=application.pk)


def in_review(application, officer) -> Application:
    apps.application_complete(application=application, on=dt.date(2023, 3, 2), actor=officer)
    return reload(application)


def proposed(application, officer, amounts=None) -> Application:
    amounts = amounts or {}
    decisions = {}
    for key, item in items_of(application).items():
        value = amounts.get(key, min(item.requested, apps.item_cap(item)))
        decisions[item.pk] = (value, "" if value == item.requested else "依上限核減")
    apps.decision_propose(application=application, decisions=decisions, actor=officer)
    return reload(application)


def approved(application, officer, checker, amounts=None) -> Application:
    proposed(in_review(application, officer), officer, amounts)
    apps.decision_approve(application=application, actor=checker, on=dt.date(2023, 3, 10))
    return reload(application)


def page_url(application) -> str:
    return reverse("fund:application", args=[application.case.number])


def post(client, application, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse(f"fund:{action}", args=[application.case.number]), data)


def counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Case, Application, Applicant, Item, Attachment, Disbursement,
                          JournalEntry, RecoveryClaim, RecoveryMovement, RecoveryNotice)}


def error_at(html: str, field_id: str, message: str):
    """``message`` is shown in the field box holding the input ``field_id``."""
    position = html.index(f'id="{field_id}"')
    start = html.rfind('<div class="field', 0, position)
    assert start != -1, f"no field box around {field_id}"
    box = html[start:position]
    assert message in box, f"{message!r} not at {field_id}: {box[-500:]!r}"


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def office(unit_factory):
    return unit_factory("labor-relations", "勞資關係科", lines=("fund",))


@pytest.fixture
def officer(staff_user, office):
    return staff_user("fund-officer", unit=office, perms=[REVIEW, DISBURSE], last_name="林",
                      first_name="承辦")


@pytest.fixture
def checker(staff_user, office):
    return staff_user("fund-checker", unit=office, perms=[REVIEW, DECIDE], last_name="王",
                      first_name="科長")


@pytest.fixture
def outsider(staff_user, unit_factory):
    return staff_user("outsider", unit=unit_factory("inspection-office", "勞動檢查處",
                                                    lines=("inspections",)))


@pytest.fixture
def cash(db):
    return fund_cash()


# --- who may open the pages ------------------------------------------------------------------


def test_staff_without_a_fund_permission_get_403_everywhere(client, outsider, officer):
    application = submit(actor=officer)
    client.force_login(outsider)
    for url in (reverse("fund:home"), reverse("fund:new"), page_url(application),
                reverse("fund:recovery")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "基金業務權限" in response.content.decode()
    before = counts()
    assert post(client, application, "complete", on="2023-03-02").status_code == 403
    assert counts() == before


def test_the_fund_units_staff_see_an_application_read_only(client, staff_user, office, officer):
    application = submit(actor=officer)
    Case.objects.filter(pk=application.pk).update(unit=office)
    client.force_login(staff_user("clerk", unit=office))
    response = client.get(page_url(application))
    html = response.content.decode()
    assert response.status_code == 200
    assert "本頁僅供檢視" in html
    assert 'id="action-' not in html
    assert client.get(reverse("fund:home")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("fund:home"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_ledgers_staff_are_sent_from_the_fund_link_to_the_journal(client, staff_user):
    accountant = staff_user("accountant", perms=["fund.view_journalentry"])
    client.force_login(accountant)
    response = client.get(reverse("fund:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("fund_ledger:journal")


def test_an_action_needs_its_own_permission(client, staff_user, officer):
    recoverer = staff_user("recoverer", perms=[RECOVER])
    application = submit(actor=officer)
    client.force_login(recoverer)
    assert client.get(page_url(application)).status_code == 200
    before = counts()
    response = post(client, application, "return", missing="所得清單")
    assert response.status_code == 403
    assert "可審查訴訟補助申請" in response.content.decode()
    assert counts() == before
    assert reload(application).case.status == Status.SUBMITTED


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_applications_with_masked_ids_and_totals(client, officer):
    application = submit(actor=officer)
    client.force_login(officer)
    response = client.get(reverse("fund:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert application.case.number in html
    assert "陳志明" in html
    assert WORKER_ID not in html
    assert f"{WORKER_ID[:3]}****{WORKER_ID[-3:]}" in html
    assert "NT$80,000" in html  # 30,000 + 50,000 asked
    assert "解僱" in html
    assert "已收件" in html


def test_the_queue_filters_by_status(client, officer, checker, cash):
    waiting = submit(actor=officer)
    decided = approved(submit(actor=officer, submission_key="second"), officer, checker)
    client.force_login(officer)
    html = client.get(reverse("fund:home"), {"status": "approved"}).content.decode()
    assert decided.case.number in html
    assert waiting.case.number not in html
    html = client.get(reverse("fund:home"), {"status": "submitted"}).content.decode()
    assert waiting.case.number in html
    assert decided.case.number not in html
    # An unknown status shows the open applications rather than failing.
    assert client.get(reverse("fund:home"), {"status": "bogus"}).status_code == 200


# --- counter entry ---------------------------------------------------------------------------


def entry_data(**overrides) -> dict:
    data = {
        "channel": "counter", "received_on": "2023-03-01", "applicant_kind": "worker",
        "union_name": "", "union_resolution_on": "", "dispute": "",
        "mediation_reference": "新北勞資調字第112001號", "respondent_ubn": "",
        "respondent_name": "大安精密股份有限公司", "court": "taipei_district", "instance": "1",
        "case_type": "dismissal", "lawsuit_number": "", "claim_amount": "",
        "statement": "公司違法解僱。", "no_other_subsidy": "on", "submission_key": "entry-1",
        "applicants-TOTAL_FORMS": "1", "applicants-INITIAL_FORMS": "0",
        "applicants-0-name": "陳志明", "applicants-0-id_number": WORKER_ID,
        "applicants-0-annual_income": "380000", "applicants-0-assets": "150000",
        "applicants-0-phone": "0912345678", "applicants-0-address": "臺北市大安區",
        "items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0",
        "items-0-kind": "court_fee", "items-0-instance": "1", "items-0-months": "",
        "items-0-requested": "30000",
        "items-1-kind": "living_expenses", "items-1-instance": "", "items-1-months": "6",
        "items-1-requested": "150000",
        "items-2-kind": "", "items-2-instance": "", "items-2-months": "",
        "items-2-requested": "",
    }
    data.update(overrides)
    return data


def test_the_counter_entry_records_an_application(client, officer):
    client.force_login(officer)
    assert client.get(reverse("fund:new")).status_code == 200
    upload = SimpleUploadedFile("調解紀錄.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("fund:new"), {**entry_data(), "att_mediation_record": upload})
    assert response.status_code == 302
    application = Application.objects.select_related("case").get()
    assert response["Location"] == page_url(application)
    assert application.case.channel == "counter"
    assert application.case.received_at.astimezone(TAIPEI).date() == dt.date(2023, 3, 1)
    assert application.mediation_reference == "新北勞資調字第112001號"
    assert [(a.person.name, a.annual_income) for a in application.applicants.all()] == [
        ("陳志明", 380_000)]
    assert sorted((i.kind, i.instance, i.months, i.requested)
                  for i in application.items.all()) == [
        ("court_fee", 1, None, 30_000), ("living_expenses", None, 6, 150_000)]
    attachment = application.case.attachments.get()
    assert attachment.kind == "mediation_record"
    page = client.get(response["Location"]).content.decode()
    assert "已收件，案號" in page


def test_the_counter_entry_cites_our_failed_mediation_by_number(client, officer,
                                                                establishment_factory):
    from labor.fund.tests.test_portal import failed_mediation

    employer = establishment_factory("大安精密股份有限公司")
    dispute = failed_mediation(employer)
    client.force_login(officer)
    response = client.post(reverse("fund:new"), entry_data(
        dispute=dispute.case.number.lower(), mediation_reference="", respondent_name=""))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.dispute_id == dispute.pk
    assert application.respondent_id == employer.pk  # taken from the mediation


def test_a_bad_entry_is_shown_again_with_messages_and_writes_nothing(client, officer):
    client.force_login(officer)
    before = counts()
    response = client.post(reverse("fund:new"), entry_data(**{
        "applicants-0-id_number": "A123456788", "items-1-months": "",
        "no_other_subsidy": ""}))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_applicants-0-id_number", "身分證字號或統一證號格式或檢查碼不正確")
    error_at(html, "id_items-1-months", "生活費用請填寫月數")
    assert "申請未登錄" in html
    assert counts() == before


def test_the_services_refusals_land_beside_their_fields(client, officer):
    client.force_login(officer)
    before = counts()
    response = client.post(reverse("fund:new"), entry_data(
        no_other_subsidy="", mediation_reference="",
        **{"items-2-kind": "court_fee", "items-2-instance": "1", "items-2-requested": "1000"}))
    html = response.content.decode()
    assert response.status_code == 400
    error_at(html, "id_no_other_subsidy", "請切結本案未獲其他政府機關補助同一費用")
    error_at(html, "id_dispute", "請選擇調解不成立之勞資爭議案件")
    error_at(html, "id_items-2-kind", "同一審級之同一補助項目重複填寫")
    assert counts() == before


def test_an_unknown_dispute_number_is_refused_at_its_field(client, officer):
    client.force_login(officer)
    response = client.post(reverse("fund:new"), entry_data(dispute="112-DSP-999999"))
    assert response.status_code == 400
    error_at(response.content.decode(), "id_dispute", "查無勞資爭議案號 112-DSP-999999")
    assert not Application.objects.exists()


def test_another_row_is_added_without_javascript(client, officer):
    client.force_login(officer)
    response = client.post(reverse("fund:new"), entry_data(add_row="applicants"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="applicants-1-id_number"' in html
    assert 'value="陳志明"' in html  # what was typed is kept
    assert 'class="errorlist' not in html  # and not judged yet
    assert not Application.objects.exists()
    response = client.post(reverse("fund:new"), entry_data(add_row="items"))
    assert 'name="items-3-kind"' in response.content.decode()


def test_the_counter_entry_needs_the_review_permission(client, staff_user):
    client.force_login(staff_user("decider", perms=[DECIDE]))
    assert client.get(reverse("fund:new")).status_code == 403


# --- the application page --------------------------------------------------------------------


def test_the_page_shows_the_application_items_and_timeline(client, officer):
    application = submit(actor=officer)
    client.force_login(officer)
    html = client.get(page_url(application)).content.decode()
    assert application.case.number in html
    assert "陳志明" in html and WORKER_ID not in html
    assert "第一審" in html and "裁判費" in html and "律師費" in html
    assert "NT$40,000" in html  # the lawyer fee's cap on the received date
    assert "登錄申請內容" in html  # the timeline
    assert "通知補正" in html and "資料齊全" in html  # the actions of a new application
    assert not PersonAccessLog.objects.exists()


def test_the_full_id_needs_its_permission_and_is_logged(client, staff_user, officer):
    application = submit(actor=officer)
    client.force_login(staff_user("full", perms=[REVIEW, "core.view_person_full"]))
    html = client.get(page_url(application)).content.decode()
    assert WORKER_ID in html
    log = PersonAccessLog.objects.get()
    assert log.person.id_number == WORKER_ID
    assert application.case.number in log.purpose


def test_an_unknown_number_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("fund:application", args=["112-LRF-999999"])).status_code == 404


def test_return_complete_and_committee(client, officer):
    application = submit(actor=officer)
    client.force_login(officer)
    response = post(client, application, "return", missing="請補附所得清單。")
    assert response.status_code == 302
    assert reload(application).case.status == Status.INCOMPLETE
    assert reload(application).missing == "請補附所得清單。"
    response = post(client, application, "complete", on="2023-03-05")
    assert response.status_code == 302
    assert reload(application).case.status == Status.REVIEW
    response = post(client, application, "committee", meeting_on="2023-03-06",
                    resolution="同意補助第一審裁判費。")
    assert response.status_code == 302
    assert reload(application).committee_on == dt.date(2023, 3, 6)
    html = client.get(page_url(application)).content.decode()
    assert "同意補助第一審裁判費。" in html
    assert "通知補正" in html  # in the timeline


def test_a_bad_action_is_400_beside_its_field_and_writes_nothing(client, officer):
    application = submit(actor=officer)
    client.force_login(officer)
    events = CaseEvent.objects.count()
    response = post(client, application, "return", missing="")
    assert response.status_code == 400
    error_at(response.content.decode(), "id_return-missing", "請填寫應補正事項")
    response = post(client, application, "complete", on="2023-02-01")  # before receipt
    assert response.status_code == 400
    error_at(response.content.decode(), "id_complete-on", "資料齊全日期不得早於收件日期")
    assert CaseEvent.objects.count() == events
    assert reload(application).case.status == Status.SUBMITTED


def test_a_proposal_above_the_cap_is_refused_with_the_cap(client, officer):
    application = in_review(submit(actor=officer), officer)
    court, lawyer = items_of(application)[("court_fee", 1)], items_of(application)[
        ("lawyer_fee", 1)]
    client.force_login(officer)
    html = client.get(page_url(application)).content.decode()
    # Prefilled with the request within the cap.
    assert f'name="propose-item-{lawyer.pk}-approved"' in html
    assert re.search(rf'name="propose-item-{lawyer.pk}-approved" value="40000"', html)
    response = post(client, application, "propose", **{
        f"item-{court.pk}-approved": "30000", f"item-{court.pk}-reason": "",
        f"item-{lawyer.pk}-approved": "50000", f"item-{lawyer.pk}-reason": ""})
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_propose-item-{lawyer.pk}-approved",
             "核定金額超過律師費每審級上限 40,000 元")
    assert reload(application).case.status == Status.REVIEW
    assert Item.objects.get(pk=lawyer.pk).approved is None


def test_a_lower_amount_needs_a_reason(client, officer):
    application = in_review(submit(actor=officer), officer)
    court, lawyer = items_of(application)[("court_fee", 1)], items_of(application)[
        ("lawyer_fee", 1)]
    client.force_login(officer)
    response = post(client, application, "propose", **{
        f"item-{court.pk}-approved": "30000", f"item-{court.pk}-reason": "",
        f"item-{lawyer.pk}-approved": "0", f"item-{lawyer.pk}-reason": ""})
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_propose-item-{lawyer.pk}-reason",
             "核定金額低於申請金額，請填寫理由")
    response = post(client, application, "propose", **{
        f"item-{court.pk}-approved": "30000", f"item-{court.pk}-reason": "",
        f"item-{lawyer.pk}-approved": "40000", f"item-{lawyer.pk}-reason": "依上限核減"})
    assert response.status_code == 302
    application = reload(application)
    assert application.case.status == Status.PROPOSED
    assert application.proposed_by == officer
    assert Item.objects.get(pk=lawyer.pk).approved == 40_000


def test_the_proposer_is_not_offered_the_approval_and_cannot_approve(client, checker, cash):
    application = proposed(in_review(submit(actor=checker), checker), checker,
                           {("lawyer_fee", 1): 40_000})
    client.force_login(checker)  # holds the approval permission, but proposed it
    html = client.get(page_url(application)).content.decode()
    assert reverse("fund:approve", args=[application.case.number]) not in html
    assert "本案由您擬核定" in html
    before = counts()
    response = post(client, application, "approve", on="2023-03-10")
    assert response.status_code == 400
    assert "擬辦人不得自行核定" in response.content.decode()
    assert counts() == before
    assert reload(application).case.status == Status.PROPOSED


def test_another_checker_approves_and_the_letter_can_be_downloaded(client, officer, checker,
                                                                   cash):
    application = proposed(in_review(submit(actor=officer), officer), officer,
                           {("lawyer_fee", 1): 40_000})
    client.force_login(checker)
    html = client.get(page_url(application)).content.decode()
    assert 'id="action-approve"' in html
    assert "基金今日可用餘額" in html
    assert client.get(reverse("fund:letter", args=[application.case.number, "odt"])
                      ).status_code == 404  # not decided yet
    response = post(client, application, "approve", on="2023-03-10")
    assert response.status_code == 302
    application = reload(application)
    assert application.case.status == Status.APPROVED
    assert application.decided_by == checker
    assert application.decided_on == dt.date(2023, 3, 10)
    response = client.get(reverse("fund:letter", args=[application.case.number, "odt"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert "attachment" in response["Content-Disposition"]


def test_an_approval_above_the_available_balance_is_refused(client, officer, checker):
    fund_cash(50_000)
    application = proposed(in_review(submit(actor=officer), officer), officer,
                           {("lawyer_fee", 1): 40_000})
    client.force_login(checker)
    response = post(client, application, "approve", on="2023-03-10")
    assert response.status_code == 400
    assert "超過基金可用餘額" in response.content.decode()
    assert reload(application).case.status == Status.PROPOSED


def test_a_checker_refuses_or_sends_back(client, officer, checker):
    first = proposed(in_review(submit(actor=officer), officer), officer,
                     {("lawyer_fee", 1): 40_000})
    second = submit(actor=officer, submission_key="second")
    client.force_login(checker)
    response = post(client, first, "send_back", reason="請補審查會議決議。")
    assert response.status_code == 302
    assert reload(first).case.status == Status.REVIEW
    response = post(client, second, "refuse", reason="", on="2023-03-10")
    assert response.status_code == 400
    error_at(response.content.decode(), "id_refuse-reason", "請填寫不予補助理由")
    response = post(client, second, "refuse", reason="非屬本市勞工。", on="2023-03-10")
    assert response.status_code == 302
    second = reload(second)
    assert second.case.status == Status.REFUSED
    assert second.refusal_reason == "非屬本市勞工。"
    response = client.get(reverse("fund:letter", args=[second.case.number, "odt"]))
    assert response.status_code == 200


def test_the_officer_without_decide_cannot_refuse(client, officer):
    application = submit(actor=officer)
    client.force_login(officer)
    assert 'id="action-refuse"' not in client.get(page_url(application)).content.decode()
    assert post(client, application, "refuse", reason="x", on="2023-03-10").status_code == 403
    assert reload(application).case.status == Status.SUBMITTED


# --- disbursements ---------------------------------------------------------------------------


def test_an_item_is_paid_and_never_above_its_approval(client, officer, checker, cash):
    application = approved(submit(actor=officer), officer, checker, {("lawyer_fee", 1): 40_000})
    court = items_of(application)[("court_fee", 1)]
    client.force_login(officer)
    html = client.get(page_url(application)).content.decode()
    assert f'id="id_disburse-amount-{court.pk}"' in html
    before = counts()
    response = post(client, application, "disburse", item=court.pk, paid_on="2023-03-15",
                    amount="30001")
    assert response.status_code == 400
    error_at(response.content.decode(), f"id_disburse-amount-{court.pk}",
             "撥付金額超過核定未撥付金額 30,000 元")
    assert counts() == before
    response = post(client, application, "disburse", item=court.pk, paid_on="2023-03-15",
                    amount="30000")
    assert response.status_code == 302
    payment = Disbursement.objects.get()
    assert (payment.item_id, payment.amount, payment.paid_on) == (court.pk, 30_000,
                                                                  dt.date(2023, 3, 15))
    assert sorted((line.account.code, line.debit, line.credit)
                  for line in payment.journal_entry.lines.all()) == [
        ("1101", 0, 30_000), ("5101", 30_000, 0)]
    html = client.get(page_url(application)).content.decode()
    assert f'id="id_disburse-amount-{court.pk}"' not in html  # fully paid


def test_paying_needs_the_disburse_permission(client, officer, checker, cash):
    application = approved(submit(actor=officer), officer, checker, {("lawyer_fee", 1): 40_000})
    court = items_of(application)[("court_fee", 1)]
    client.force_login(checker)
    assert "id_disburse-" not in client.get(page_url(application)).content.decode()
    response = post(client, application, "disburse", item=court.pk, paid_on="2023-03-15",
                    amount="1000")
    assert response.status_code == 403
    assert not Disbursement.objects.exists()


def test_an_item_of_another_application_is_refused(client, officer, checker, cash):
    application = approved(submit(actor=officer), officer, checker, {("lawyer_fee", 1): 40_000})
    other = approved(submit(actor=officer, submission_key="other"), officer, checker,
                     {("lawyer_fee", 1): 40_000})
    foreign = items_of(other)[("court_fee", 1)]
    client.force_login(officer)
    response = post(client, application, "disburse", item=foreign.pk, paid_on="2023-03-15",
                    amount="1000")
    assert response.status_code == 400
    assert "查無此補助項目" in response.content.decode()
    assert not Disbursement.objects.exists()
