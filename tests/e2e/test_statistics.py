"""Statistics in Chromium: a staff member opens an indicator of the period, drills down to the
records behind it, and downloads the council work report."""

import datetime as dt
import re

import pytest
from odfdo import Document
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

END_OF_H1 = dt.date(2023, 6, 30)




@pytest.fixture
def statistician(staff_user, unit_factory):
    unit = unit_factory("labor-relations", "勞資關係科", lines=["disputes"])
    return staff_user(
        "stats.officer", unit=unit, first_name="佩君", last_name="林", title="統計員",
        perms=["core.view_establishment", "stats.add_reportrun", "stats.view_reportrun",
               "council.view_narrativetext", "council.change_narrativetext"],
    )


def test_an_indicator_drills_down_to_its_records_and_the_report_downloads(
    page, statistician, establishment_factory, screenshot, tmp_path
):
    mid = establishment_factory("中山精密機械股份有限公司", headcounts=[(END_OF_H1, 80)])
    establishment_factory("大同小吃店", headcounts=[(END_OF_H1, 6)])
    establishment_factory("信義資訊股份有限公司", headcounts=[(END_OF_H1, 420)])

    page.goto("/login/")
    page.get_by_label("帳號").fill("stats.officer")
    page.get_by_label("密碼").fill("Labor-test-pass-2023")
    page.get_by_role("button", name="登入").click()

    page.goto("/stats/?period=2023H1")
    row = page.locator("tr", has_text="establishments.by_headcount.50_99")
    expect(row).to_contain_text("1")
    row.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/stats/establishments\.by_headcount\.50_99/"))
    records = page.locator("#ind-records ~ *")
    expect(page.get_by_role("link", name=re.compile(mid.name))).to_be_visible()
    expect(records.get_by_text("大同小吃店")).to_have_count(0)
    chart = page.locator("#ind-charts ~ figure img").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    screenshot(page, "stats-drilldown")

    page.goto("/council/2023H1/")
    with page.expect_download() as download:
        page.get_by_role("link", name="ODT", exact=True).click()
    path = tmp_path / "report.odt"
    download.value.save_as(path)
    text = Document(str(path)).body.text_recursive
    assert "壹" in text and "前言" in text
    assert "本節業務尚未納入本系統" in text  # lines not built yet carry the note, not numbers
