"""The online application for mediation, through the Django test client: a good application
makes one case and a confirmation; every bad input is a 400 with the message at its field,
the form refilled and nothing saved."""

import datetime as dt
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from labor.core.models import Attachment, Case, CaseDueDate, Establishment, Person
from labor.disputes.models import Dispute, DisputeItem, DisputeParty
from labor.portal.tests.helpers import (
    APPLICANT_ID,
    APPLY,
    PDF,
    application,
    co_applicants,
    error_at,
    make_citizen,
    worker_id,
)
from tests import conftest as shared

establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

CASE_NUMBER = re.compile(r"\d{3}-DSP-\d{6}")


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Attachments go to a temporary directory, not to var/private."""
    return shared.use_private_storage(settings, tmp_path)


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司")


@pytest.fixture
def citizen(client):
    user = make_citizen()
    client.force_login(user)
    return user


def nothing_saved():
    return not (Case.objects.exists() or Dispute.objects.exists()
                or DisputeParty.objects.exists() or Attachment.objects.exists())


def refused(client, data, **files):
    """Post expecting a 400 with nothing saved; returns the page's HTML."""
    persons = Person.objects.count()
    response = client.post(APPLY, {**data, **files})
    assert response.status_code == 400
    assert nothing_saved()
    assert Person.objects.count() == persons
    return response.content.decode()


# --- the empty form ---------------------------------------------------------------------------


def test_the_form_shows_a_fresh_submission_key_and_the_attachment_limits(client, citizen,
                                                                         settings):
    settings.ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    first = client.get(APPLY)
    second = client.get(APPLY)
    html = first.content.decode()
    assert first.status_code == 200
    keys = [re.search(r'name="submission_key" value="([0-9a-f-]{36})"', r.content.decode())
            .group(1) for r in (first, second)]
    assert keys[0] != keys[1]
    uuid.UUID(keys[0])
    assert "每個檔案不超過 5 MB" in html
    assert "csv、docx、jpeg、jpg、ods、odt、pdf、png、txt、xlsx" in html
    assert 'type="file" name="attachments" multiple' in html
    assert 'value="王小明"' in html  # the account's name, prefilled
    assert 'src="/static/portal/apply.js"' in html
    assert "cdn" not in html.lower()


# --- a good application ----------------------------------------------------------------------


def test_a_valid_application_makes_one_case_and_the_confirmation_shows_its_number(
    client, citizen, employer
):
    response = client.post(APPLY, {
        **application(employer.ubn),
        "attachments": [SimpleUploadedFile("薪資單.pdf", PDF, "application/pdf"),
                        SimpleUploadedFile("出勤.txt", "4月 加班 20 小時".encode(), "text/plain")],
    })
    assert response.status_code == 302
    dispute = Dispute.objects.select_related("case").get()
    case = dispute.case
    assert CASE_NUMBER.fullmatch(case.number)
    assert response["Location"] == f"/online/disputes/{case.number}/submitted/"
    assert case.channel == "online"
    assert dispute.portal_user == citizen
    assert dispute.applicant_kind == "worker"
    assert dispute.employment_start == dt.date(2021, 3, 1)
    assert dispute.monthly_wage == 36000
    applicant = dispute.parties.get(side="applicant")
    assert applicant.person.id_number == APPLICANT_ID
    assert applicant.phone == "0912-345-678"
    assert dispute.parties.get(side="respondent").establishment == employer
    assert sorted(dispute.items.values_list("kind", "amount_claimed")) == [
        ("overtime", 15000), ("unpaid_wages", 72000)]
    assert sorted(case.attachments.values_list("original_name", flat=True)) == [
        "出勤.txt", "薪資單.pdf"]
    assert CaseDueDate.objects.filter(case=case, kind="mediator_designation").exists()

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert case.number in html
    assert "申請已送出" in html
    assert "前指派調解人" in html
    assert "/online/disputes/" in html


def test_the_same_submission_key_twice_makes_one_case(client, citizen, employer):
    data = application(employer.ubn)
    first = client.post(APPLY, data)
    second = client.post(APPLY, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dispute.objects.count() == 1
    assert Case.objects.count() == 1


def test_a_new_form_after_a_submission_makes_a_second_case(client, citizen, employer):
    client.post(APPLY, application(employer.ubn))
    client.post(APPLY, application(employer.ubn))
    assert Dispute.objects.count() == 2


def test_another_accounts_submission_key_never_shows_their_case(client, citizen, employer):
    data = application(employer.ubn)
    client.post(APPLY, data)
    client.force_login(make_citizen(email="someone@example.tw", name="張三"))
    response = client.post(APPLY, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "此份申請書已失效" in html
    assert Dispute.objects.get().case.number not in html
    assert Dispute.objects.count() == 1


def test_several_workers_apply_together_against_one_employer(client, citizen, employer):
    data = application(employer.ubn, applicant_kind="workers")
    data.update(co_applicants(("李大同", worker_id(1)), ("", ""), ("陳阿美", worker_id(2))))
    response = client.post(APPLY, data)
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.applicant_kind == "workers"
    names = sorted(p.person.name for p in dispute.parties.filter(side="applicant"))
    assert names == ["李大同", "王小明", "陳阿美"]


def test_an_unregistered_employer_is_created_with_the_district_chosen(client, citizen):
    ubn = shared.make_ubn(424242)
    data = application(ubn, respondent_name="新開張小吃店", respondent_district="daan")
    assert client.post(APPLY, data).status_code == 302
    assert Establishment.objects.get(ubn=ubn).district.code == "daan"


def test_a_union_applies_with_its_contact_person(client, citizen, employer):
    data = application(employer.ubn, applicant_kind="union",
                       applicant_union_name="大安精密企業工會", applicant_contact_name="理事長",
                       applicant_id_number="")
    assert client.post(APPLY, data).status_code == 302
    applicant = DisputeParty.objects.get(side="applicant")
    assert applicant.union_name == "大安精密企業工會"
    assert applicant.contact_name == "理事長"


def test_an_employer_applies_against_a_worker(client, citizen, employer):
    data = application(
        "", applicant_kind="employer", applicant_ubn=employer.ubn,
        applicant_establishment_name=employer.name, applicant_contact_name="人資經理",
        respondent_kind="person", respondent_name="李大同", respondent_id_number=worker_id(3),
        items=["other"], amount_other="20000", item_note_other="離職未交接造成損失",
        amount_unpaid_wages="", amount_overtime="",
    )
    response = client.post(APPLY, data)
    assert response.status_code == 302, response.content.decode()
    item = DisputeItem.objects.get()
    assert (item.kind, item.amount_claimed, item.note) == ("other", 20000, "離職未交接造成損失")


def test_the_add_another_button_adds_a_row_keeps_what_was_typed_and_saves_nothing(
    client, citizen, employer
):
    data = application(employer.ubn, applicant_kind="workers", add_co_applicant="1")
    data.update(co_applicants(("李大同", worker_id(1))))
    response = client.post(APPLY, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="co-TOTAL_FORMS" value="2"' in html
    assert 'name="co-1-name"' in html
    assert 'value="李大同"' in html
    assert f'value="{data["submission_key"]}"' in html
    assert 'class="errorlist' not in html
    assert nothing_saved()


# --- bad input -------------------------------------------------------------------------------


def test_an_invalid_national_id_is_refused_at_its_field(client, citizen, employer):
    html = refused(client, application(employer.ubn, applicant_id_number="A123456788"))
    error_at(html, "id_applicant_id_number", "身分證字號「A123456788」格式或檢查碼不正確")
    assert 'value="A123456788"' in html  # refilled
    assert 'value="大安精密股份有限公司"' in html
    assert "公司積欠 4 月與 5 月薪資" in html
    assert "有 1 個地方需要修正" in html
    assert 'href="#id_applicant_id_number"' in html


def test_an_invalid_ubn_is_refused_at_its_field(client, citizen):
    html = refused(client, application("12345678"))
    error_at(html, "id_respondent_ubn", "統一編號「12345678」格式或檢查碼不正確")


def test_a_respondent_equal_to_the_applicant_is_refused(client, citizen, employer):
    html = refused(client, application(
        "", respondent_kind="person", respondent_id_number=APPLICANT_ID, respondent_name="王小明",
    ))
    error_at(html, "id_respondent_id_number", "相對人不得與申請人相同")


def test_an_employer_applying_against_itself_is_refused(client, citizen, employer):
    html = refused(client, application(
        employer.ubn, applicant_kind="employer", applicant_ubn=employer.ubn,
        applicant_establishment_name=employer.name, applicant_contact_name="人資經理",
    ))
    error_at(html, "id_respondent_ubn", "相對人不得與申請人相同")


def test_a_co_applicant_equal_to_the_respondent_is_refused(client, citizen):
    other = worker_id(5)
    data = application("", applicant_kind="workers", respondent_kind="person",
                       respondent_name="老闆", respondent_id_number=other)
    data.update(co_applicants(("老闆", other)))
    html = refused(client, data)
    error_at(html, "id_co-0-id_number", "相對人不得與申請人相同")


def test_a_start_date_in_the_future_is_refused(client, citizen, employer):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = refused(client, application(employer.ubn, employment_start=tomorrow.isoformat()))
    error_at(html, "id_employment_start", "到職日不得晚於今天")


def test_a_start_date_may_be_typed_in_roc_form(client, citizen, employer):
    assert client.post(APPLY, application(employer.ubn, employment_start="110/3/1")).status_code \
        == 302
    assert Dispute.objects.get().employment_start == dt.date(2021, 3, 1)


def test_a_negative_amount_is_refused_at_its_item(client, citizen, employer):
    html = refused(client, application(employer.ubn, amount_overtime="-500"))
    error_at(html, "id_amount_overtime", "金額不得為負數", container="<td")


def test_a_negative_wage_is_refused(client, citizen, employer):
    html = refused(client, application(employer.ubn, monthly_wage="-1"))
    error_at(html, "id_monthly_wage", "金額不得為負數")


def test_an_amount_for_an_item_not_ticked_is_refused(client, citizen, employer):
    html = refused(client, application(employer.ubn, amount_severance="80000"))
    error_at(html, "id_amount_severance", "請勾選此項目", container="<td")


def test_an_application_without_items_is_refused(client, citizen, employer):
    data = application(employer.ubn, amount_unpaid_wages="", amount_overtime="")
    del data["items"]
    html = refused(client, data)
    error_at(html, "id_items_0", "請至少勾選一項爭議項目")


def test_missing_required_fields_are_each_refused_at_their_field(client, citizen, employer):
    html = refused(client, application(employer.ubn, applicant_name="", applicant_phone="",
                                       applicant_address="", statement="", respondent_name=""))
    for field in ("applicant_name", "applicant_phone", "applicant_address", "statement",
                  "respondent_name"):
        error_at(html, f"id_{field}", "這個欄位是必須的")


def test_a_wrong_type_attachment_is_refused_and_nothing_is_stored(client, citizen, employer,
                                                                  private_dir):
    html = refused(client, application(employer.ubn), attachments=[
        SimpleUploadedFile("證據.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00binary", "application/octet-stream"),
    ])
    error_at(html, "id_attachments", "「setup.exe」：不接受此檔案類型（.exe）")
    assert "您先前選擇的附件沒有保存" in html
    assert not any(private_dir.rglob("*.*"))


def test_an_attachment_whose_content_is_not_its_extension_is_refused(client, citizen,
                                                                     employer):
    html = refused(client, application(employer.ubn), attachments=[
        SimpleUploadedFile("薪資單.pdf", b"just some text", "application/pdf"),
    ])
    error_at(html, "id_attachments", "檔案內容與副檔名（.pdf）不符")


def test_an_oversize_attachment_is_refused(client, citizen, employer, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    html = refused(client, application(employer.ubn), attachments=[
        SimpleUploadedFile("big.pdf", PDF + b"0" * 200, "application/pdf"),
    ])
    error_at(html, "id_attachments", "「big.pdf」：檔案過大")


def test_a_service_error_lands_on_the_field_it_names(client, citizen):
    # Not in the registry and no district: only the service knows; its error is keyed
    # respondents-0-district_code and must be shown at the district field.
    html = refused(client, application(shared.make_ubn(515151), respondent_name="無名小店"))
    error_at(html, "id_respondent_district", "請選擇事業單位所在行政區")


def test_a_missing_or_forged_submission_key_is_refused(client, citizen, employer):
    html = refused(client, application(employer.ubn, key="not-a-uuid"))
    assert "有 1 個地方需要修正" in html


def test_workers_applying_together_must_name_a_co_applicant(client, citizen, employer):
    html = refused(client, application(employer.ubn, applicant_kind="workers"))
    error_at(html, "id_co-0-name", "請至少填寫一位共同申請人")


def test_a_co_applicant_with_an_invalid_id_is_refused_at_that_row(client, citizen, employer):
    data = application(employer.ubn, applicant_kind="workers")
    data.update(co_applicants(("李大同", worker_id(1)), ("陳阿美", "B123456789")))
    html = refused(client, data)
    error_at(html, "id_co-1-id_number", "身分證字號「B123456789」格式或檢查碼不正確")


def test_the_form_and_its_errors_render_when_the_page_is_in_english(client, citizen, employer):
    client.cookies["django_language"] = "en"
    page = client.get(APPLY)
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()
    response = client.post(APPLY, application(employer.ubn, applicant_id_number="A123456788"))
    assert response.status_code == 400
    assert nothing_saved()


def test_the_next_application_is_prefilled_with_the_id_from_my_last_one(client, citizen,
                                                                        employer):
    client.post(APPLY, application(employer.ubn, applicant_id_number="a 123 456 789"))
    html = client.get(APPLY).content.decode()
    assert f'value="{APPLICANT_ID}"' in html
    assert 'value="0912-345-678"' in html
