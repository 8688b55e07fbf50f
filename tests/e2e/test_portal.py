"""The online application in Chromium, as a person fills it: sign up, a first try with
mistakes, the corrected application with an attachment, the confirmation with the case
number. Screenshots: screenshots/portal-*.png."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from labor.disputes import services
from labor.disputes.models import Dispute
from labor.portal.tests.helpers import CITIZEN_PASSWORD, PDF, make_citizen, settle
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




def sign_up(page):
    page.goto("/online/")
    page.get_by_role("link", name="註冊帳號").first.click()
    page.get_by_label("電子郵件").fill("ming@example.tw")
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("身分證字號（選填）").fill("A123456789")
    page.get_by_label("密碼", exact=True).fill(CITIZEN_PASSWORD)
    page.get_by_label("再輸入一次密碼").fill(CITIZEN_PASSWORD)
    page.get_by_role("button", name="註冊並登入").click()
    expect(page.get_by_role("heading", name="勞資爭議調解線上申請")).to_be_visible()


def test_a_worker_applies_online_corrects_mistakes_and_gets_a_case_number(
    page, establishment_factory, screenshot
):
    employer = establishment_factory("大安精密股份有限公司")
    sign_up(page)
    section = page.locator("#section-applicant")
    # Prefilled from the account.
    expect(section.get_by_label("姓名", exact=True)).to_have_value("王小明")
    expect(section.get_by_label("證號")).to_have_value("A123456789")
    # Only the parts for a single worker are shown.
    expect(page.get_by_text("工會申請時填寫")).to_be_hidden()
    expect(page.locator("#co-applicants")).to_be_hidden()
    screenshot(page, "portal-apply")

    # A first try with mistakes: a wrong ID, a negative amount, no statement.
    section.get_by_label("證號").fill("A123456788")
    section.get_by_label("電話").fill("0912345678")
    section.get_by_label("送達地址").fill("臺北市大安區復興南路一段1號")
    respondent = page.locator("#section-respondent")
    respondent.get_by_label("名稱或姓名").fill("大安精密股份有限公司")
    respondent.get_by_label("統一編號").fill(employer.ubn)
    page.get_by_label("到職日（選填）").fill("2021-03-01")
    page.get_by_label("每月工資（新臺幣元，選填）").fill("36000")
    page.get_by_label("積欠工資", exact=True).check()
    page.get_by_label("積欠工資請求金額（新臺幣元）").fill("-72000")
    page.get_by_role("button", name="送出申請").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("有 3 個地方需要修正")
    expect(page.locator("#section-applicant .field--error")).to_contain_text(
        "身分證字號「A123456788」格式或檢查碼不正確"
    )
    expect(page.locator("#section-items")).to_contain_text("金額不得為負數")
    expect(respondent.get_by_label("統一編號")).to_have_value(employer.ubn)  # refilled
    assert Dispute.objects.count() == 0
    screenshot(page, "portal-apply-errors")

    # Corrected, with an attachment.
    section.get_by_label("證號").fill("A123456789")
    page.get_by_label("積欠工資請求金額（新臺幣元）").fill("72000")
    page.get_by_label("加班費", exact=True).check()
    page.get_by_label("加班費請求金額（新臺幣元）").fill("15000")
    page.get_by_label("爭議內容陳述").fill("公司積欠 4 月與 5 月薪資，加班費也未給付。")
    page.get_by_label("附件").set_input_files(
        [{"name": "薪資單.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    # An impatient double click sends the form twice: one case.
    page.get_by_role("button", name="送出申請").dblclick()

    expect(page.get_by_role("heading", name="申請已送出")).to_be_visible()
    number = page.locator("#case-number").inner_text()
    assert re.fullmatch(r"\d{3}-DSP-\d{6}", number)
    assert Dispute.objects.get().case.number == number
    expect(page.get_by_text("薪資單.pdf")).to_be_visible()
    screenshot(page, "portal-submitted")

    page.get_by_role("link", name="我的案件").first.click()
    expect(page.get_by_role("link", name=number)).to_be_visible()
    assert Dispute.objects.count() == 1


def test_workers_applying_together_add_rows_without_leaving_the_page(
    page, establishment_factory, screenshot
):
    sign_up(page)
    page.get_by_label("勞工（多人共同申請）").check()
    co = page.locator("#co-applicants")
    expect(co).to_be_visible()
    expect(co.locator("fieldset.co-applicant")).to_have_count(1)
    url = page.url
    page.get_by_role("button", name="再新增一位共同申請人").click()
    expect(co.locator("fieldset.co-applicant")).to_have_count(2)
    assert page.url == url  # JavaScript added the row; nothing was sent
    expect(page.locator('input[name="co-TOTAL_FORMS"]')).to_have_value("2")
    expect(page.locator("#id_co-1-name")).to_be_focused()
    co.screenshot(path=str(e2e.SCREENSHOTS / "portal-co-applicants.png"))


def test_a_citizen_logs_in_and_follows_a_settled_case_to_its_record(
    page, establishment_factory, staff_user, screenshot
):
    employer = establishment_factory("大安精密股份有限公司")
    citizen = make_citizen()
    dispute = services.dispute_submit(
        channel="online", portal_user=citizen, submission_key=str(uuid.uuid4()),
        applicant_kind="worker",
        applicants=[{"kind": "person", "id_kind": "national_id", "id_number": "A123456789",
                     "name": "王小明", "address": "臺北市大安區復興南路一段1號"}],
        respondents=[{"kind": "establishment", "ubn": employer.ubn}],
        items=[{"kind": "unpaid_wages", "amount_claimed": 72000}],
    )
    settle(dispute, staff_user("mediation-officer"))

    page.goto(f"/online/disputes/{dispute.case.number}/")
    expect(page.get_by_role("heading", name="民眾登入")).to_be_visible()
    page.get_by_label("電子郵件").fill("Ming@Example.tw")
    page.get_by_label("密碼").fill(CITIZEN_PASSWORD)
    page.get_by_role("button", name="登入").click()

    expect(page.get_by_role("heading", name=re.compile(dispute.case.number))).to_be_visible()
    expect(page.locator("#outcome-title")).to_be_visible()
    expect(page.get_by_text("8萬7,000元")).to_be_visible()
    screenshot(page, "portal-case-closed")
    with page.expect_download() as download:
        page.get_by_role("link", name="下載調解紀錄（PDF）").click()
    assert download.value.suggested_filename.endswith(".pdf")
