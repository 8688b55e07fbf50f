"""Issue 6's path in Chromium, as people click it: a job seeker registers online; an employer
posts a vacancy online; staff verify it, run the match, refer the seeker and record the hire;
the seeker placement figure (就業人數) of the month moves by one."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from labor.employment.models import Hire, JobSeeker, Placement, Referral, Vacancy
from labor.portal.tests.helpers import CITIZEN_PASSWORD
from labor.stats.periods import Period
from labor.stats.registry import registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "Labor-test-pass-2023"
EMPLOYER_PASSWORD = "Bookkeeping-2026!"


@pytest.fixture
def officer(staff_user, unit_factory):
    unit = unit_factory("employment-services", "就業服務處", lines=["employment"])
    return staff_user("job.officer", unit=unit, first_name="雅婷", last_name="吳",
                      title="就業服務員",
                      perms=["employment.work_employment", "core.view_person_full"])


def context(chromium, live_server, **extra):
    ctx = chromium.new_context(base_url=live_server.url, locale="zh-TW",
                               timezone_id="Asia/Taipei", **extra)
    ctx.set_default_timeout(15_000)
    return ctx


def placed_this_month() -> int:
    today = timezone.localdate()
    return registry.compute("employment.placed_seekers",
                            Period.parse(f"{today:%Y-%m}")).value or 0


def seeker_registers(page):
    page.goto("/online/signup/")
    page.get_by_label("電子郵件").fill("mei@example.tw")
    page.get_by_label("姓名").fill("陳美惠")
    page.get_by_label("身分證字號（選填）").fill("A223456781")
    page.get_by_label("密碼", exact=True).fill(CITIZEN_PASSWORD)
    page.get_by_label("再輸入一次密碼").fill(CITIZEN_PASSWORD)
    page.get_by_role("button", name="註冊並登入").click()

    page.goto("/online/seekers/register/")
    form = page.locator("#seeker-form")
    form.locator("#id_id_kind_0").check()
    form.locator("#id_id_number").fill("A223456781")
    form.locator("#id_name").fill("陳美惠")
    form.locator("#id_phone").fill("0912345678")
    form.locator("#id_desired_title").fill("會計")
    form.locator("#id_expected_wage").fill("30000")
    form.get_by_label("大安區").check()
    form.get_by_label("全職").check()
    form.locator("#id_experience_years").fill("3")
    form.get_by_role("button", name="送出求職登記").click()
    expect(page.get_by_text("已完成求職登記")).to_be_visible()


def employer_posts(page, firm, today: dt.date):
    page.goto("/online/employers/signup/")
    page.get_by_label("電子郵件").fill("hr@daan-accounting.example.tw")
    page.get_by_label("事業單位統一編號").fill(firm.ubn)
    page.get_by_label("聯絡人姓名").fill("林人資")
    page.get_by_label("聯絡電話").fill("0227001234")
    page.get_by_label("密碼", exact=True).fill(EMPLOYER_PASSWORD)
    page.get_by_label("再輸入一次密碼").fill(EMPLOYER_PASSWORD)
    page.get_by_role("button", name="註冊並登入").click()

    page.goto("/online/employers/vacancies/new/")
    form = page.locator("#vacancy-form")
    form.locator("#id_title").fill("會計助理")
    form.locator("#id_persons_wanted").fill("1")
    form.locator("#id_occupation").select_option("431")
    form.locator("#id_description").fill("帳務登錄、憑證整理與報表協助。")
    form.locator("#id_wage_min").fill("32000")
    form.locator("#id_wage_max").fill("36000")
    form.locator("#id_district").select_option("daan")
    form.locator("#id_address").fill("臺北市大安區復興南路一段100號")
    form.locator("#id_valid_until").fill((today + dt.timedelta(days=60)).isoformat())
    form.get_by_role("button", name="送出求才登記").click()
    expect(page.get_by_text("本局審核中").first).to_be_visible()


def test_a_seeker_registers_an_employer_posts_staff_match_refer_and_record_the_hire(
    chromium, live_server, establishment_factory, officer, screenshot
):
    firm = establishment_factory("大安記帳士事務所", industry_code="M",
                                 address="臺北市大安區復興南路一段100號")
    today = timezone.localdate()
    before = placed_this_month()

    seeker_ctx = context(chromium, live_server)
    employer_ctx = context(chromium, live_server)
    staff_ctx = context(chromium, live_server)
    try:
        seeker_registers(seeker_ctx.new_page())
        seeker = JobSeeker.objects.get()
        assert (seeker.status, seeker.channel, seeker.desired_title) == ("active", "online", "會計")

        employer_posts(employer_ctx.new_page(), firm, today)
        vacancy = Vacancy.objects.get()
        assert (vacancy.status, vacancy.establishment) == ("pending", firm)

        desk = staff_ctx.new_page()
        desk.goto("/login/")
        desk.get_by_label("帳號").fill("job.officer")
        desk.get_by_label("密碼").fill(STAFF_PASSWORD)
        desk.get_by_role("button", name="登入").click()

        desk.goto(f"/employment/vacancies/{vacancy.pk}/")
        desk.get_by_role("button", name="審核通過").click()
        expect(desk.get_by_text("已審核，職缺開放中。")).to_be_visible()

        # The match: the seeker is among the ranked seekers, with the reasons.
        desk.goto(f"/employment/vacancies/{vacancy.pk}/matches/")
        row = desk.locator(f"#match-seeker-{seeker.pk}")
        expect(row).to_be_visible()
        expect(row).to_contain_text(re.compile("職業|職稱|大安區"))
        screenshot(desk, "issue6-1-ranked-seekers")
        row.get_by_role("button", name="推介").click()
        expect(desk.get_by_role("status")).to_contain_text("已推介 陳美惠 至「會計助理」")
        referral = Referral.objects.get()
        assert (referral.seeker, referral.vacancy, referral.referred_by) == (
            seeker, vacancy, officer)

        desk.goto(f"/employment/referrals/{referral.pk}/")
        desk.get_by_label("錄取", exact=True).check()
        desk.get_by_role("button", name="登錄結果").click()
        expect(desk.get_by_text("已登錄錄取")).to_be_visible()
        screenshot(desk, "issue6-2-hired")

        placement = Placement.objects.get()
        assert (placement.seeker, placement.referral, placement.source) == (
            seeker, referral, "referral")
        assert Hire.objects.get().vacancy == vacancy
        seeker.refresh_from_db()
        vacancy.refresh_from_db()
        assert (seeker.status, vacancy.status) == ("placed", "filled")
        assert placed_this_month() == before + 1

        # The seeker sees the referral and its result on "my registration".
        mine = seeker_ctx.pages[0]
        mine.goto("/online/seekers/")
        expect(mine.get_by_text("會計助理")).to_be_visible()
        expect(mine.get_by_text("大安記帳士事務所")).to_be_visible()
    finally:
        seeker_ctx.close()
        employer_ctx.close()
        staff_ctx.close()
