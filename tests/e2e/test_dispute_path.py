"""The whole mediation path in Chromium, as people click it: a worker applies online and gets a
case number; a mediation officer assigns a mediator, schedules and holds the meeting, records a
settlement and downloads the mediation record; the worker then sees the outcome."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from labor.disputes.models import Dispute, Mediator, Outcome
from labor.portal.tests.helpers import CITIZEN_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




@pytest.fixture
def officer(staff_user, unit_factory):
    unit = unit_factory("labor-relations", "勞資關係科", lines=["disputes"])
    return staff_user(
        "mediation.officer", unit=unit, first_name="怡君", last_name="張", title="科員",
        perms=["disputes.work_dispute", "disputes.assign_mediator", "core.view_person_full"],
    )


def worker_applies(page, employer) -> str:
    page.goto("/online/")
    page.get_by_role("link", name="註冊帳號").first.click()
    page.get_by_label("電子郵件").fill("ming@example.tw")
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("身分證字號（選填）").fill("A123456789")
    page.get_by_label("密碼", exact=True).fill(CITIZEN_PASSWORD)
    page.get_by_label("再輸入一次密碼").fill(CITIZEN_PASSWORD)
    page.get_by_role("button", name="註冊並登入").click()

    applicant = page.locator("#section-applicant")
    applicant.get_by_label("電話").fill("0912345678")
    applicant.get_by_label("送達地址").fill("臺北市大安區復興南路一段1號")
    respondent = page.locator("#section-respondent")
    respondent.get_by_label("名稱或姓名").fill(employer.name)
    respondent.get_by_label("統一編號").fill(employer.ubn)
    page.get_by_label("積欠工資", exact=True).check()
    page.get_by_label("積欠工資請求金額（新臺幣元）").fill("72000")
    page.get_by_label("爭議內容陳述").fill("公司積欠 4 月與 5 月薪資。")
    page.get_by_role("button", name="送出申請").click()

    expect(page.get_by_role("heading", name="申請已送出")).to_be_visible()
    return page.locator("#case-number").inner_text()


def test_a_worker_applies_staff_mediate_to_a_settlement_and_the_worker_sees_it(
    chromium, live_server, establishment_factory, officer, screenshot
):
    employer = establishment_factory("大安精密工業股份有限公司")
    Mediator.objects.create(name="林調解", kind=Mediator.Kind.BUREAU)

    worker = chromium.new_context(base_url=live_server.url, locale="zh-TW",
                                  timezone_id="Asia/Taipei")
    staff = chromium.new_context(base_url=live_server.url, locale="zh-TW",
                                 timezone_id="Asia/Taipei", accept_downloads=True)
    worker.set_default_timeout(15_000)
    staff.set_default_timeout(15_000)
    try:
        citizen = worker.new_page()
        number = worker_applies(citizen, employer)
        assert re.fullmatch(r"\d{3}-DSP-\d{6}", number)

        desk = staff.new_page()
        desk.goto("/login/")
        desk.get_by_label("帳號").fill("mediation.officer")
        desk.get_by_label("密碼").fill("Labor-test-pass-2023")
        desk.get_by_role("button", name="登入").click()
        desk.goto("/disputes/")
        desk.get_by_role("link", name=number).click()
        expect(desk.get_by_role("heading", name=re.compile(number))).to_be_visible()

        # Assign the proposed mediator.
        assign = desk.locator("#action-assign")
        assign.get_by_label(re.compile("林調解")).check()
        assign.get_by_role("button", name="指派").click()
        expect(desk.locator("#mediators")).to_contain_text("林調解")

        # Schedule the meeting later today, then hold it.
        start = timezone.localtime() + dt.timedelta(hours=1)
        schedule = desk.locator("#action-schedule")
        schedule.get_by_label("開會日期").fill(start.date().isoformat())
        schedule.get_by_label("開會時間").fill(start.strftime("%H:%M"))
        schedule.get_by_label("地點").fill("本局3樓第2調解室")
        schedule.get_by_role("button", name="排定").click()
        expect(desk.locator("#meetings")).to_contain_text("本局3樓第2調解室")

        hold = desk.locator("#action-hold")
        for group in hold.locator("fieldset").all():
            option = group.get_by_label("出席", exact=True)
            if option.count():
                option.check()
        hold.get_by_label("會議紀要").fill("雙方同意分期給付。")
        hold.get_by_role("button", name="登錄").click()

        # Record the settlement and close the case.
        outcome = desk.locator("#action-outcome")
        outcome.get_by_label("處理結果").select_option(Outcome.SETTLED)
        outcome.get_by_label("結果日期").fill(timezone.localdate().isoformat())
        outcome.get_by_label("成立金額（元）").fill("60000")
        outcome.get_by_role("button", name="登錄並結案").click()
        expect(desk.locator("#outcome")).to_contain_text("調解成立")
        screenshot(desk, "dispute-path-staff-case")

        with desk.expect_download() as download:
            desk.locator("#outcome").get_by_role("link", name="下載 PDF").click()
        text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
        assert number in text
        assert "調解成立" in text

        dispute = Dispute.objects.get(case__number=number)
        assert (dispute.outcome, dispute.settled_amount) == (Outcome.SETTLED, 60000)
        assert dispute.case.closed_at is not None

        # The worker sees the outcome of their own case.
        citizen.goto(f"/online/disputes/{number}/")
        expect(citizen.locator("#outcome-title")).to_be_visible()
        expect(citizen.get_by_text("調解成立").first).to_be_visible()
        expect(citizen.get_by_text("6萬元").first).to_be_visible()
        screenshot(citizen, "dispute-path-worker-outcome")
    finally:
        worker.close()
        staff.close()
