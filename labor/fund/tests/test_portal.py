"""The citizen's online application for the litigation subsidy: login required, the citizen's
own failed mediations offered as the cited dispute, the fixed items table (no JavaScript
needed), the error summary, and "my applications" showing only the citizen's own."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labor.core import services as core_services
from labor.core.models import Case
from labor.disputes.models import Dispute, DisputeParty
from labor.fund import services_applications as apps
from labor.fund.models import Application, Item, Status
from labor.portal.tests.helpers import make_citizen
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

APPLY = "/online/fund/apply/"
MINE = "/online/fund/mine/"
TAIPEI = dt.timezone(dt.timedelta(hours=8))
CITIZEN_ID = shared.make_national_id(8201)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def failed_mediation(employer=None, *, portal_user=None, outcome="not_settled") -> Dispute:
    """A mediation case of ours that did not settle (調解不成立), filed online by
    ``portal_user`` when given."""
    case = core_services.case_open(
        line="disputes", channel="online" if portal_user else "counter", status="closed",
        received_at=dt.datetime(2023, 1, 5, 9, 0, tzinfo=TAIPEI))
    dispute = Dispute.objects.create(case=case, applicant_kind="worker", outcome=outcome,
                                     outcome_on=dt.date(2023, 1, 20), portal_user=portal_user)
    if employer is not None:
        DisputeParty.objects.create(dispute=dispute, side="respondent", establishment=employer)
    return dispute


def form_data(dispute=None, **overrides) -> dict:
    data = {
        "submission_key": str(uuid.uuid4()),
        "name": "陳志明", "id_number": CITIZEN_ID, "annual_income": "380000",
        "assets": "150000", "phone": "0912-345-678", "address": "臺北市大安區復興南路一段1號",
        "dispute": str(dispute.pk) if dispute else "", "mediation_reference": "",
        "respondent_ubn": "", "respondent_name": "", "court": "taipei_district",
        "instance": "1", "case_type": "dismissal", "lawsuit_number": "112年度勞訴字第123號",
        "claim_amount": "600000",
        "court_fee_1": "6500", "lawyer_fee_1": "40000", "living_expenses": "79200",
        "living_expenses_months": "3", "statement": "公司違法解僱，已起訴請求確認僱傭關係。",
        "no_other_subsidy": "on", "declare_true": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司")


@pytest.fixture
def citizen(db):
    return make_citizen()


def test_the_application_needs_a_citizen_login(client, staff_user):
    response = client.get(APPLY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))
    assert client.get(MINE).status_code == 302
    client.force_login(staff_user("clerk"))
    assert client.get(APPLY).status_code == 403


def test_an_employer_account_is_told_the_subsidy_is_the_workers(client, employer):
    from labor.portal.models import EmployerAccount

    user = make_citizen("hr@example.tw", "人資")
    EmployerAccount.objects.create(user=user, establishment=employer, contact_name="人資",
                                   phone="02-1234")
    client.force_login(user)
    response = client.get(APPLY)
    assert response.status_code == 403
    assert "由勞工本人以民眾帳號申請" in response.content.decode()


def test_the_citizens_own_failed_mediation_is_offered(client, citizen, employer):
    mine = failed_mediation(employer, portal_user=citizen)
    settled = failed_mediation(employer, portal_user=citizen, outcome="settled")
    someone_elses = failed_mediation(employer, portal_user=make_citizen("other@example.tw",
                                                                        "張三"))
    client.force_login(citizen)
    response = client.get(APPLY)
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.case.number in html
    assert "大安精密股份有限公司" in html
    assert settled.case.number not in html
    assert someone_elses.case.number not in html
    assert 'value="王小明"' in html


def test_a_citizen_applies_citing_their_failed_mediation(client, citizen, employer):
    dispute = failed_mediation(employer, portal_user=citizen)
    client.force_login(citizen)
    upload = SimpleUploadedFile("調解紀錄.pdf", PDF, content_type="application/pdf")
    response = client.post(APPLY, {**form_data(dispute), "att_mediation_record": upload})
    assert response.status_code == 302
    application = Application.objects.select_related("case").get()
    assert response["Location"] == reverse("fund_online:submitted",
                                           args=[application.case.number])
    assert application.portal_user == citizen
    assert application.case.channel == "online"
    assert application.dispute_id == dispute.pk
    assert application.respondent_id == employer.pk  # the mediation's respondent
    assert application.no_other_subsidy
    assert sorted((i.kind, i.instance, i.months, i.requested)
                  for i in application.items.all()) == [
        ("court_fee", 1, None, 6_500), ("lawyer_fee", 1, None, 40_000),
        ("living_expenses", None, 3, 79_200)]
    applicant = application.applicants.select_related("person").get()
    assert (applicant.person.id_number, applicant.annual_income) == (CITIZEN_ID, 380_000)
    assert application.case.attachments.get().kind == "mediation_record"
    html = client.get(response["Location"]).content.decode()
    assert application.case.number in html
    assert "NT$125,700" in html

    # The same form sent twice makes one application.
    again = client.post(APPLY, form_data(dispute, submission_key=str(
        application.submission_key)))
    assert again.status_code == 302
    assert Application.objects.count() == 1


def test_a_mediation_held_elsewhere_is_cited_by_its_record_number(client, citizen):
    client.force_login(citizen)
    response = client.post(APPLY, form_data(
        mediation_reference="新北市政府勞資爭議調解紀錄 112-0456",
        respondent_name="新莊物流有限公司", living_expenses="", living_expenses_months=""))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.dispute is None
    assert application.mediation_reference == "新北市政府勞資爭議調解紀錄 112-0456"
    assert application.respondent_name == "新莊物流有限公司"


def test_mistakes_are_listed_and_shown_at_their_fields(client, citizen, employer):
    dispute = failed_mediation(employer, portal_user=citizen)
    client.force_login(citizen)
    response = client.post(APPLY, form_data(
        dispute, id_number="A123456788", living_expenses_months="", declare_true="",
        no_other_subsidy=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "個地方需要修正" in html
    assert 'href="#id_id_number"' in html
    assert "身分證字號或統一證號格式或檢查碼不正確" in html
    assert "申請生活費用時，請填寫月數" in html
    assert "請勾選聲明所填資料均屬實" in html
    assert not Application.objects.exists()


def test_the_services_refusals_are_shown_at_the_field(client, citizen, employer):
    dispute = failed_mediation(employer, portal_user=citizen)
    client.force_login(citizen)
    before = Case.objects.count()
    response = client.post(APPLY, form_data(dispute, no_other_subsidy=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "請切結本案未獲其他政府機關補助同一費用" in html
    assert 'href="#id_no_other_subsidy"' in html
    assert Case.objects.count() == before


def test_nothing_asked_for_is_refused(client, citizen, employer):
    dispute = failed_mediation(employer, portal_user=citizen)
    client.force_login(citizen)
    response = client.post(APPLY, form_data(dispute, court_fee_1="", lawyer_fee_1="",
                                            living_expenses="", living_expenses_months=""))
    assert response.status_code == 400
    assert "請至少填寫一項申請金額" in response.content.decode()


def test_another_citizens_dispute_cannot_be_cited(client, citizen, employer):
    theirs = failed_mediation(employer, portal_user=make_citizen("other@example.tw", "張三"))
    client.force_login(citizen)
    response = client.post(APPLY, form_data(theirs))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_mine_shows_decisions_and_payments_and_only_my_own(client, citizen, employer,
                                                           staff_user):
    officer = staff_user("officer")
    checker = staff_user("checker")
    dispute = failed_mediation(employer, portal_user=citizen)
    client.force_login(citizen)
    client.post(APPLY, form_data(dispute))
    application = Application.objects.select_related("case").get()
    other = make_citizen("other@example.tw", "張三")
    client.force_login(other)
    client.post(APPLY, form_data(id_number=shared.make_national_id(8202),
                                 mediation_reference="新北調字第1號", respondent_name="某公司"))
    theirs = Application.objects.exclude(pk=application.pk).select_related("case").get()

    from labor.fund.tests.test_views import fund_cash

    fund_cash(10_000_000, on=dt.date(2020, 1, 1))
    today = apps.received_on(application)
    apps.application_complete(application=application, on=today, actor=officer)
    items = {i.kind: i for i in Item.objects.filter(application=application)}
    apps.decision_propose(application=application, actor=officer, decisions={
        items["court_fee"].pk: (6_500, ""), items["lawyer_fee"].pk: (40_000, ""),
        items["living_expenses"].pk: (52_800, "僅核給2個月")})
    apps.decision_approve(application=application, actor=checker, on=today)
    apps.disbursement_record(item=items["court_fee"], paid_on=today, amount=6_500,
                             actor=officer)

    client.force_login(citizen)
    html = client.get(MINE).content.decode()
    assert application.case.number in html
    assert theirs.case.number not in html
    assert str(Status.APPROVED.label) in html
    assert "NT$99,300" in html  # approved in total
    assert "僅核給2個月" in html
    assert "撥付" in html and "NT$6,500" in html
    # Another citizen's application page answers 404 like one that does not exist.
    response = client.get(reverse("fund_online:submitted", args=[theirs.case.number]))
    assert response.status_code == 404
    response = client.get(reverse("fund_online:submitted", args=["112-LRF-999999"]))
    assert response.status_code == 404
