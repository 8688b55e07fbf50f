"""Issue 7's path in Chromium, as people click it: a worker whose mediation failed applies online
for the litigation subsidy; an officer checks the file, records the committee's resolution and
proposes two items; a supervisor approves them (maker-checker) and the officer pays them; the
judgment is won, so the court fee must be paid back: a recovery notice goes out and the
repayment is recorded; the fund's month statement shows every step."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from labor.core import services as core_services
from labor.disputes.models import Dispute, DisputeParty, Outcome
from labor.fund import services as ledger
from labor.fund.models import Application, JournalEntry, RecoveryMovement, Status
from labor.portal.tests.helpers import CITIZEN_PASSWORD, make_citizen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Labor-test-pass-2023"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def fund_unit(unit_factory):
    return unit_factory("labor-relations", "勞資關係科", lines=["disputes", "fund"])


@pytest.fixture
def officer(staff_user, fund_unit):
    return staff_user("fund.officer", unit=fund_unit, first_name="淑芬", last_name="李",
                      title="科員",
                      perms=["fund.review_application", "fund.disburse", "fund.manage_recovery",
                             "fund.view_journalentry", "core.view_person_full"])


@pytest.fixture
def supervisor(staff_user, fund_unit):
    return staff_user("fund.supervisor", unit=fund_unit, first_name="建宏", last_name="吳",
                      title="科長",
                      perms=["fund.review_application", "fund.decide_application",
                             "fund.view_journalentry"])


@pytest.fixture
def failed_mediation(establishment_factory):
    """The worker's own online mediation that ended 調解不成立 last month."""
    citizen = make_citizen("chen.jm@example.tw", "陳志明")
    employer = establishment_factory("大安精密股份有限公司")
    received = timezone.now() - dt.timedelta(days=40)
    case = core_services.case_open(line="disputes", channel="online", status="closed",
                                   received_at=received)
    dispute = Dispute.objects.create(case=case, applicant_kind="worker",
                                     outcome=Outcome.NOT_SETTLED,
                                     outcome_on=timezone.localdate() - dt.timedelta(days=20),
                                     portal_user=citizen)
    DisputeParty.objects.create(dispute=dispute, side="respondent", establishment=employer)
    return dispute


@pytest.fixture
def funded():
    """The fund's money: an appropriation earlier this month, so the month's statement opens
    with it."""
    today = timezone.localdate()
    ledger.journal_post(posted_on=today.replace(day=1), description="市府撥入",
                        lines=[("1101", 2_000_000, 0), ("4101", 0, 2_000_000)])


def context(chromium, live_server, **extra):
    ctx = chromium.new_context(base_url=live_server.url, locale="zh-TW",
                               timezone_id="Asia/Taipei", accept_downloads=True, **extra)
    ctx.set_default_timeout(15_000)
    return ctx


def staff_login(page, username: str):
    page.goto("/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()


def pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(page.extract_text() for page in reader.pages)


def worker_applies(page, dispute) -> str:
    page.goto("/online/login/")
    page.get_by_label("電子郵件").fill("chen.jm@example.tw")
    page.get_by_label("密碼").fill(CITIZEN_PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.get_by_role("link", name="申請訴訟補助").first.click()

    form = page.locator("#fund-application")
    expect(form).to_be_visible()
    applicant = form.locator("#section-applicant")
    applicant.get_by_label("身分證字號或統一證號").fill("A123456789")
    applicant.get_by_label("前一年度所得（新臺幣元）").fill("380000")
    applicant.get_by_label("財產總額（新臺幣元）").fill("150000")
    applicant.get_by_label("電話").fill("0912345678")
    applicant.get_by_label("送達地址").fill("臺北市大安區復興南路一段1號")
    form.locator("#section-mediation").get_by_label(re.compile(dispute.case.number)).check()
    lawsuit = form.locator("#section-lawsuit")
    lawsuit.get_by_label("受訴法院").select_option("taipei_district")
    lawsuit.get_by_label("訴訟類別").select_option("dismissal")
    lawsuit.get_by_label("法院案號（選填）").fill("115年度勞訴字第88號")
    items = form.locator("#section-items")
    items.get_by_label("第一審裁判費", exact=True).fill("8800")
    items.get_by_label("第一審律師費", exact=True).fill("50000")
    form.locator("#section-declarations").locator("input[type=checkbox]").first.check()
    form.locator("#section-declarations").locator("input[type=checkbox]").last.check()
    form.get_by_role("button", name="送出申請").click()
    expect(page.locator("#case-number")).to_be_visible()
    return page.locator("#case-number").inner_text().strip()


def test_a_worker_applies_staff_approve_and_pay_two_items_and_the_judgment_brings_a_repayment(
    chromium, live_server, failed_mediation, funded, officer, supervisor, screenshot
):
    today = timezone.localdate()
    worker = context(chromium, live_server, viewport=PHONE)
    desk = context(chromium, live_server)
    chief = context(chromium, live_server)
    try:
        citizen = worker.new_page()
        number = worker_applies(citizen, failed_mediation)
        assert re.fullmatch(r"\d{3}-LRF-\d{6}", number)
        screenshot(citizen, "fund-path-submitted")

        # The officer finds it in the queue, checks the file and records the committee.
        page = desk.new_page()
        staff_login(page, "fund.officer")
        page.goto("/fund/")
        page.get_by_role("link", name=number).click()
        expect(page.get_by_role("heading", name=re.compile(number))).to_be_visible()
        expect(page.locator("main")).to_contain_text(failed_mediation.case.number)
        complete = page.locator("#action-complete")
        complete.get_by_label("資料齊全日期").fill(today.isoformat())
        complete.get_by_role("button", name="登錄資料齊全").click()
        committee = page.locator("#action-committee")
        committee.get_by_label("審查會議日期").fill(today.isoformat())
        committee.get_by_label("審查會議決議").fill("照案通過：裁判費照列，律師費依上限核列。")
        committee.get_by_role("button", name="登錄決議").click()

        # Two items proposed: the court fee as asked, the lawyer fee cut to the cap.
        propose = page.locator("#action-propose")
        amounts = propose.locator("input[name$='-approved']")
        reasons = propose.locator("input[name$='-reason'], textarea[name$='-reason']")
        amounts.nth(0).fill("8800")
        amounts.nth(1).fill("50000")
        propose.get_by_role("button", name="擬核定").click()
        # Above the cap: refused at the field, nothing proposed.
        expect(page.locator("#action-propose")).to_contain_text("40,000")
        assert Application.objects.get(case__number=number).case.status == Status.REVIEW
        propose = page.locator("#action-propose")
        propose.locator("input[name$='-approved']").nth(0).fill("8800")
        propose.locator("input[name$='-approved']").nth(1).fill("40000")
        reasons = propose.locator("input[name$='-reason'], textarea[name$='-reason']")
        reasons.nth(1).fill("律師費每審級上限4萬元")
        propose.get_by_role("button", name="擬核定").click()
        expect(page.locator("#decision")).to_contain_text("已擬核定")
        # The proposer is not offered the approval.
        expect(page.locator("#action-approve")).to_have_count(0)

        # The supervisor approves and downloads the approval letter.
        boss = chief.new_page()
        staff_login(boss, "fund.supervisor")
        boss.goto("/fund/")
        boss.get_by_role("link", name=number).click()
        approve = boss.locator("#action-approve")
        approve.get_by_label("核定日期").fill(today.isoformat())
        approve.get_by_role("button", name="核定補助").click()
        expect(boss.locator("#decision")).to_contain_text("核定補助")
        with boss.expect_download() as download:
            boss.get_by_role("link", name=re.compile("PDF")).first.click()
        letter = pdf_text(download.value)
        assert number in letter and "48,800" in letter
        screenshot(boss, "fund-path-approved")

        # The officer pays both items.
        page.reload()
        for amount in ("8800", "40000"):
            form = page.locator("form[action$='/disburse/']").first
            form.get_by_label("撥付日期").fill(today.isoformat())
            form.get_by_label("撥付金額（元）").fill(amount)
            form.get_by_role("button", name="登錄撥付").click()
            expect(page.locator(".messages")).to_be_visible()
        expect(page.locator("#items-title + p + .table-wrap tfoot")).to_contain_text("48,800")

        # The judgment is won: the court fee comes back (民事訴訟法 art. 78); the first
        # instance's lawyer fee is not a litigation cost, so nothing of it is claimed.
        outcome = page.locator("#action-outcome")
        outcome.get_by_label("訴訟結果").select_option("won")
        outcome.get_by_label("判決、和解或撤回日期").fill(today.isoformat())
        outcome.get_by_role("button", name="登錄").click()
        assess = page.locator("#action-assess")
        expect(assess.locator("input[name$='-amount']").first).to_have_value("8800")
        assess.get_by_label("認定日期").fill(today.isoformat())
        assess.get_by_role("button", name="認定").click()
        notice = page.locator("#action-notice")
        notice.get_by_label("發文日期").fill(today.isoformat())
        notice.get_by_role("button", name="發出").click()
        with page.expect_download() as download:
            page.locator("#recovery").get_by_role("link", name="下載 PDF").click()
        text = pdf_text(download.value)
        assert "催繳" in text and "8,800" in text

        # A repayment above what is owed is refused at the field; the right one is recorded.
        repay = page.locator("form[action$='/repay/']").first
        repay.get_by_label("繳還日期").fill(today.isoformat())
        repay.get_by_label("繳還金額（元）").fill("9000")
        repay.get_by_role("button", name="登錄繳還").click()
        expect(page.locator("#action-repay")).to_contain_text("8,800")
        assert not RecoveryMovement.objects.exists()
        repay = page.locator("form[action$='/repay/']").first
        repay.get_by_label("繳還日期").fill(today.isoformat())
        repay.get_by_label("繳還金額（元）").fill("8800")
        repay.get_by_role("button", name="登錄繳還").click()
        expect(page.locator("#recovery")).to_contain_text("繳還")
        screenshot(page, "fund-path-staff-application")

        # The month's statement shows every step: the appropriation, both payments by item,
        # the repayment, and the closing balance derived from them.
        page.goto(f"/fund/ledger/statements/{today:%Y-%m}/")
        statement = page.locator("main")
        expect(statement).to_contain_text("市府撥入收入")
        expect(statement).to_contain_text("訴訟補助－裁判費")
        expect(statement).to_contain_text("訴訟補助－律師費")
        expect(statement).to_contain_text("收回訴訟補助款收入")
        expect(statement).to_contain_text("1,960,000")  # 2,000,000 − 48,800 + 8,800
        screenshot(page, "fund-path-statement")
        assert JournalEntry.objects.count() == 4

        # The worker sees the decision, the payments and that nothing is owed any more.
        citizen.goto("/online/fund/mine/")
        mine = citizen.locator("main")
        expect(mine).to_contain_text(number)
        expect(mine).to_contain_text("48,800")
        expect(mine).to_contain_text("繳還裁判費")
        expect(mine).to_contain_text("無尚欠金額")
        assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(citizen, "fund-path-worker-mine")
    finally:
        worker.close()
        desk.close()
        chief.close()
