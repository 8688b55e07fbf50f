"""Issue 5's path in Chromium, as people click it: an employer files a scaffolding notification
online; an inspector, on a phone, records the supervision inspection with a finding and an
improvement notice and proposes a fine; a supervisor approves it and downloads the decision
letter; the public list of penalised employers (勞動基準法 art. 80-1, 職業安全衛生法 art. 49)
shows it."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from labor.inspections.models import Finding, ImprovementNotice, Penalty
from labor.notifications.models import SupervisionVisit, WorkNotification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Labor-test-pass-2023"
EMPLOYER_PASSWORD = "Scaffold-safe-2023!"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def inspection_unit(unit_factory):
    return unit_factory("inspection", "勞動檢查處", lines=["inspections", "notifications"])


@pytest.fixture
def inspector(staff_user, inspection_unit):
    return staff_user("osh.inspector", unit=inspection_unit, first_name="志明", last_name="陳",
                      title="勞動檢查員",
                      perms=["inspections.work_inspection", "notifications.work_notification"])


@pytest.fixture
def supervisor(staff_user, inspection_unit):
    return staff_user("osh.supervisor", unit=inspection_unit, first_name="美玲", last_name="林",
                      title="科長",
                      perms=["inspections.work_inspection", "inspections.approve_penalty",
                             "notifications.work_notification"])


def context(chromium, live_server, **extra):
    ctx = chromium.new_context(base_url=live_server.url, locale="zh-TW",
                               timezone_id="Asia/Taipei", **extra)
    ctx.set_default_timeout(15_000)
    return ctx


def staff_login(page, username: str):
    page.goto("/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()


def fits_the_screen(page) -> bool:
    """No horizontal scrolling: the page is no wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def employer_files_scaffolding(page, firm, today: dt.date) -> str:
    page.goto("/online/employers/signup/")
    page.get_by_label("電子郵件").fill("safety@daan-build.example.tw")
    page.get_by_label("事業單位統一編號").fill(firm.ubn)
    page.get_by_label("聯絡人姓名").fill("黃工安")
    page.get_by_label("聯絡電話").fill("0223456789")
    page.get_by_label("密碼", exact=True).fill(EMPLOYER_PASSWORD)
    page.get_by_label("再輸入一次密碼").fill(EMPLOYER_PASSWORD)
    page.get_by_role("button", name="註冊並登入").click()

    form = page.locator("#notification-form")
    expect(form).to_be_visible()
    form.get_by_label("施工架作業").check()
    form.locator("#id_site_address").fill("臺北市大安區信義路三段100號")
    form.locator("#id_district").select_option("daan")
    form.locator("#id_starts_on").fill((today + dt.timedelta(days=3)).isoformat())
    form.locator("#id_ends_on").fill((today + dt.timedelta(days=30)).isoformat())
    form.locator("#id_contractor").fill("安全鷹架工程行")
    form.get_by_role("button", name="送出通報").click()
    expect(page.get_by_text("通報已送出")).to_be_visible()
    return page.locator("#notification-number").inner_text().strip()


def test_employer_notifies_inspector_supervises_on_a_phone_supervisor_fines_and_it_is_published(
    chromium, live_server, establishment_factory, inspector, supervisor, screenshot
):
    firm = establishment_factory("大安營造股份有限公司", industry_code="F",
                                 representative="林大同", address="臺北市大安區和平東路1號")
    today = timezone.localdate()

    employer = context(chromium, live_server)
    phone = context(chromium, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    desk = context(chromium, live_server, accept_downloads=True)
    try:
        # 1. The employer files a scaffolding notification online.
        page = employer.new_page()
        employer_files_scaffolding(page, firm, today)
        notification = WorkNotification.objects.get()
        assert (notification.kind, notification.channel, notification.establishment) == (
            "scaffolding", "online", firm)
        screenshot(page, "issue5-1-employer-notification-filed")

        # 2. The inspector, on a phone, finds it and records the supervision inspection.
        field = phone.new_page()
        staff_login(field, "osh.inspector")
        field.goto("/notifications/work/")
        field.get_by_role("link", name="臺北市大安區信義路三段100號").click()
        assert fits_the_screen(field)
        visit_form = field.locator("#visit-form")
        visit_form.get_by_role("button", name="登錄監督檢查").click()
        expect(field.get_by_role("heading", name=re.compile(r"\d{3}-INS-\d{6}"))).to_be_visible()
        visit = SupervisionVisit.objects.get()
        number = visit.inspection.case.number
        assert visit.notification == notification and visit.inspection.establishment == firm

        finding = field.locator("#action-finding")
        finding.get_by_label("違反法條").fill("職業安全衛生設施規則第59條")
        finding.get_by_label("違規事實").fill("施工架未設置交叉拉桿及下拉桿，作業人員有墜落之虞。")
        finding.get_by_role("button", name="新增").click()
        expect(field.get_by_text("施工架未設置交叉拉桿及下拉桿")).to_be_visible()

        notice = field.locator("#action-notice")
        notice.get_by_label("改善期限").fill((today + dt.timedelta(days=14)).isoformat())
        notice.get_by_role("button", name="開立").click()
        expect(field.locator("#notices")).to_contain_text("改善期限")

        propose = field.locator("#action-propose")
        propose.get_by_label("處罰條文").select_option("osh-43")
        propose.get_by_label("違反條文").fill("職業安全衛生法第6條第1項")
        propose.get_by_label("罰鍰金額（新臺幣元）").fill("60000")
        propose.get_by_label("違規情節").fill("高處作業未設防墜設施")
        propose.get_by_label("違反人數").fill("6")
        propose.get_by_label("過往違規次數").fill("0")
        propose.get_by_role("button", name="擬處").click()
        expect(field.locator("#penalties")).to_contain_text("擬處")
        assert fits_the_screen(field)
        screenshot(field, "issue5-2-inspector-phone")

        assert [f.article for f in Finding.objects.filter(inspection=visit.inspection)] == [
            "職業安全衛生設施規則第59條"]
        assert ImprovementNotice.objects.get().due_on == today + dt.timedelta(days=14)
        penalty = Penalty.objects.get()
        assert (penalty.status, penalty.amount, penalty.proposed_by) == (
            "proposed", 60_000, inspector)

        # 3. The supervisor approves the fine and downloads the decision letter.
        office = desk.new_page()
        staff_login(office, "osh.supervisor")
        office.goto(f"/inspections/{number}/")
        office.get_by_role("button", name="核定並公布").click()
        expect(office.locator(f"#penalty-{penalty.pk}")).to_contain_text("已核定")
        penalty.refresh_from_db()
        assert (penalty.status, penalty.approved_by, penalty.published) == (
            "approved", supervisor, True)
        with office.expect_download() as download_info:
            office.locator(f"#penalty-{penalty.pk}").get_by_role("link", name="下載 PDF").click()
        letter = download_info.value
        data = Path(letter.path()).read_bytes()
        assert data.startswith(b"%PDF")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        text = re.sub(r"\s+", "", text)
        assert "大安營造股份有限公司" in text
        assert "職業安全衛生法第43條" in text
        assert "60,000" in text or "6萬" in text
        screenshot(office, "issue5-3-supervisor-approved")

        # 4. The public list of penalised employers shows it, to anyone.
        public = employer.new_page()
        public.goto("/online/penalised-employers/")
        row = public.get_by_role("row").filter(has_text="大安營造股份有限公司")
        expect(row).to_contain_text("林大同")
        expect(row).to_contain_text("職業安全衛生法第6條第1項")
        expect(row).to_contain_text("6萬元")  # amounts as DOMAIN.md prints them
        screenshot(public, "issue5-4-public-list")
    finally:
        employer.close()
        phone.close()
        desk.close()
