"""The staff workspace as a person uses it, in Chromium: log in, search, open records."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from labor.core import services
from labor.core.models import Channel, PersonAccessLog
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH_BOX = "查詢統一編號、證號、案號或名稱"


@pytest.fixture
def officer(staff_user, unit_factory):
    unit = unit_factory("labor-relations", "勞動關係科", lines=["general"])
    return staff_user(
        "chen.meiling", unit=unit, first_name="美玲", last_name="陳", title="科員",
        perms=["core.view_person_full"],
    )


@pytest.fixture
def establishments(establishment_factory):
    return [
        establishment_factory(
            "大安精密工業股份有限公司", district_code="daan", industry_code="C",
            address="臺北市大安區復興南路一段390號", representative="林志明",
            headcounts=[(dt.date(2023, 6, 30), 1250), (dt.date(2022, 12, 31), 1180),
                        (dt.date(2022, 6, 30), 1105)],
        ),
        establishment_factory(
            "信義精密模具有限公司", district_code="xinyi", industry_code="C",
            headcounts=[(dt.date(2023, 6, 30), 48)],
        ),
        establishment_factory(
            "中山餐飲有限公司", district_code="zhongshan", industry_code="I",
            headcounts=[(dt.date(2023, 6, 30), 12)],
        ),
    ]


def log_in(page, username, password):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(password)
    page.get_by_role("button", name="登入").click()


def search(page, text):
    box = page.get_by_role("searchbox", name=SEARCH_BOX)
    box.fill(text)
    box.press("Enter")


def test_staff_logs_in_searches_a_ubn_and_opens_the_establishment(
    page, officer, establishments, screenshot
):
    target = establishments[0]
    case = services.case_open(
        line="general", channel=Channel.COUNTER, status="受理", establishment=target,
        received_at=timezone.make_aware(dt.datetime(2023, 4, 12, 9, 30)),
        assigned_officer=officer, summary="詢問加班費計算方式",
    )
    services.case_due_date_set(
        case=case, kind="回覆期限", due_on=timezone.localdate() + dt.timedelta(days=2),
        basis="本局人民陳情案件處理要點",
    )

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_role("heading", name="同仁登入")).to_be_visible()
    screenshot(page, "login")

    log_in(page, "chen.meiling", STAFF_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    expect(page.get_by_text("所屬單位：勞動關係科")).to_be_visible()
    my_cases = page.get_by_role("table")
    expect(my_cases).to_contain_text("詢問加班費計算方式")
    expect(my_cases).to_contain_text("即將到期")
    screenshot(page, "home")

    search(page, target.ubn)
    expect(page).to_have_url(re.compile(rf"/establishments/{target.ubn}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(target.name)
    headcounts = page.locator("table.headcounts")
    expect(headcounts).to_contain_text("112年6月30日")
    expect(headcounts).to_contain_text("1,250")
    cases = page.get_by_role("region", name="各業務案件")
    expect(cases).to_contain_text("一般案件")
    expect(cases).to_contain_text("112年4月12日")
    screenshot(page, "establishment")

    cases.get_by_role("link", name=case.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(page.get_by_role("region", name="法定期限")).to_contain_text("即將到期")
    screenshot(page, "case")


def test_a_name_search_lists_matches_and_opens_one(page, officer, establishments, screenshot):
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    search(page, "精密")
    results = page.get_by_role("region", name="事業單位")
    expect(results).to_contain_text("大安精密工業股份有限公司")
    expect(results).to_contain_text("信義精密模具有限公司")
    expect(results).not_to_contain_text("中山餐飲有限公司")
    screenshot(page, "search-results")
    results.get_by_role("link", name="信義精密模具有限公司").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("信義精密模具有限公司")


def test_a_personal_id_is_found_masked_and_the_full_record_is_logged(
    page, officer, person_factory, screenshot
):
    person = person_factory(
        "王小明", id_number="A123456789", birth_date=dt.date(1975, 8, 15),
        phone="02-2720-8889", address="臺北市信義區市府路1號",
    )
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    search(page, "a123456789")
    results = page.get_by_role("region", name="個人")
    expect(results).to_contain_text("A12****789")
    expect(page.locator("body")).not_to_contain_text("A123456789")
    assert "A123456789" not in page.url
    results.get_by_role("link", name="檢視 王小明 的完整資料").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("王小明")
    expect(page.locator("dl.facts")).to_contain_text("A123456789")
    expect(page.locator("dl.facts")).to_contain_text("64年8月15日")
    screenshot(page, "person")
    assert PersonAccessLog.objects.filter(person=person, user=officer).count() == 1


def test_five_wrong_passwords_lock_the_account(page, officer, screenshot):
    page.goto("/login/")
    for _ in range(5):
        page.get_by_label("帳號").fill("chen.meiling")
        page.get_by_label("密碼").fill("not-the-password")
        page.get_by_role("button", name="登入").click()
    expect(page.get_by_role("alert")).to_contain_text("登入失敗次數過多")
    page.get_by_label("帳號").fill("chen.meiling")
    page.get_by_label("密碼").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_role("alert")).to_contain_text("登入失敗次數過多")
    expect(page).to_have_url(re.compile(r"/login/$"))
    screenshot(page, "login-locked")


def test_bad_search_input_gets_a_message_at_the_field(page, officer, screenshot):
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    search(page, "2209913")
    field = page.get_by_role("searchbox", name="查詢", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_q_error")).to_contain_text("統一編號應為 8 位數字")
    screenshot(page, "search-error")


def test_the_language_switch_sets_the_page_language(page, officer):
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link")).to_have_text(["Home", "Search", "Data import", "Statistics"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # The choice sticks across pages, and the way back is offered in its own language.
    page.get_by_role("link", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    page.get_by_role("button", name="繁體中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_role("navigation", name="主選單")).to_contain_text("首頁")


def test_the_workspace_fits_a_phone_screen(page, officer, establishments, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px wide)"
    screenshot(page, "home-phone")


def test_the_skip_link_is_the_first_stop_and_focus_is_visible(page, officer):
    log_in(page, "chen.meiling", STAFF_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    page.keyboard.press("Tab")
    # (to_be_focused also wants the headless window to have focus; ask the document instead)
    assert page.evaluate("document.activeElement.textContent") == "跳到主要內容"
    expect(page.get_by_role("link", name="跳到主要內容")).to_be_in_viewport()
    outline = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert outline == "rgb(255, 191, 71)"
