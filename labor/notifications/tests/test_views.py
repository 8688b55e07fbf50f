"""The staff pages of employer notifications: permissions, the overview, counter entry,
supervision inspections (which open an OSH inspection record), unreported work, film
productions, reduced hours and the layoff warning lists with their import and actions."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from labor.core import identifiers
from labor.inspections.models import Inspection
from labor.notifications import services
from labor.notifications import views as notification_views
from labor.notifications.models import (
    FilmNotification,
    LayoffWarningEntry,
    LayoffWarningList,
    ReducedHoursAgreement,
    SupervisionVisit,
    UnreportedWork,
    WorkNotification,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

WORK = "notifications.work_notification"
LAYOFF = "notifications.work_layoff_warning"
TAIPEI = dt.timezone(dt.timedelta(hours=8))


def today():
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def bad_ubn(ubn: str) -> str:
    for digit in "0123456789":
        candidate = ubn[:-1] + digit
        if not identifiers.is_valid_ubn(candidate):
            return candidate
    raise AssertionError("unreachable")


@pytest.fixture
def inspector(staff_user):
    return staff_user("inspector", perms=[WORK, "inspections.work_inspection"],
                      last_name="林", first_name="檢查")


@pytest.fixture
def layoff_officer(staff_user):
    return staff_user("layoff", perms=[LAYOFF])


@pytest.fixture
def firm(establishment_factory):
    return establishment_factory("大安營造股份有限公司", industry_code="F",
                                 address="臺北市大安區復興南路一段1號", representative="王大明")


def file(firm, **overrides):
    fields = dict(kind="scaffolding", ubn=firm.ubn, site_address="臺北市大安區復興南路一段100號",
                  district=shared.district("daan"), starts_on=days(-2), ends_on=days(10),
                  channel="counter", contractor="安全營造有限公司")
    fields.update(overrides)
    return services.notification_file(**fields)


def entry_data(firm, **overrides):
    data = {"submission_key": str(uuid.uuid4()), "ubn": firm.ubn, "kind": "gondola",
            "site_address": "臺北市信義區松仁路1號", "district": shared.district("xinyi").pk,
            "starts_on": days(1).isoformat(), "ends_on": days(5).isoformat(),
            "contractor": "", "filed_on": today().isoformat()}
    data.update(overrides)
    return data


# ---------------------------------------------------------------- permissions

WORK_PAGES = ["/notifications/work/", "/notifications/work/new/", "/notifications/unreported/",
              "/notifications/film/"]
LAYOFF_PAGES = ["/notifications/reduced-hours/", "/notifications/warnings/"]


@pytest.mark.parametrize("path", ["/notifications/", *WORK_PAGES, *LAYOFF_PAGES,
                                  "/notifications/work/1/", "/notifications/warnings/1/",
                                  "/notifications/warnings/1/letters.pdf"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("path", ["/notifications/", *WORK_PAGES, *LAYOFF_PAGES])
def test_staff_without_the_permission_are_refused(client, staff_user, path):
    client.force_login(staff_user("clerk"))
    response = client.get(path)
    assert response.status_code == 403
    assert "權限" in response.content.decode()


@pytest.mark.parametrize("path", LAYOFF_PAGES)
def test_notifiable_work_staff_do_not_see_the_layoff_pages(client, inspector, path):
    client.force_login(inspector)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", WORK_PAGES)
def test_layoff_staff_do_not_see_the_notifiable_work_pages(client, layoff_officer, path):
    client.force_login(layoff_officer)
    assert client.get(path).status_code == 403


def test_a_post_without_the_permission_writes_nothing(client, staff_user, firm):
    notification = file(firm)
    client.force_login(staff_user("clerk"))
    response = client.post(f"/notifications/work/{notification.pk}/supervise/",
                           {"visited_on": today().isoformat()})
    assert response.status_code == 403
    assert not SupervisionVisit.objects.exists()
    response = client.post("/notifications/work/new/", entry_data(firm))
    assert response.status_code == 403
    assert WorkNotification.objects.count() == 1


# ---------------------------------------------------------------- overview


def test_the_overview_shows_counts_and_execution_rates_by_kind(client, inspector, firm):
    file(firm)
    file(firm)
    notification = file(firm, kind="lightweight_roof")
    services.supervision_record(notification=notification, visited_on=today(),
                                inspector=inspector)
    client.force_login(inspector)
    response = client.get("/notifications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "通報件數與執行率" in html
    assert "100.0%" in html  # lightweight roof: 1 inspection / 1 notification
    assert "待監督檢查" in html
    assert "臺北市大安區復興南路一段100號" in html  # scaffolding going on, not visited
    assert "待訪視之預警事業單位" not in html  # the layoff part is for layoff staff


def test_the_overview_shows_the_layoff_part_to_layoff_staff(client, layoff_officer):
    client.force_login(layoff_officer)
    html = client.get("/notifications/").content.decode()
    assert "待訪視之預警事業單位" in html
    assert "通報件數與執行率" not in html


# ---------------------------------------------------------------- counter entry and list


def test_staff_type_in_a_notification_received_at_the_counter(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/work/new/", entry_data(firm))
    notification = WorkNotification.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:detail", args=[notification.pk])
    assert notification.channel == "counter"
    assert notification.entered_by == inspector and notification.filed_by is None
    assert notification.kind == "gondola" and notification.district.code == "xinyi"
    html = client.get(response["Location"]).content.decode()
    assert "吊籠作業" in html and "臨櫃" in html


def test_a_counter_entry_sent_twice_files_once(client, inspector, firm):
    client.force_login(inspector)
    data = entry_data(firm)
    client.post("/notifications/work/new/", data)
    client.post("/notifications/work/new/", data)
    assert WorkNotification.objects.count() == 1


def test_a_mail_filing_keeps_the_day_it_was_received(client, inspector, firm):
    client.force_login(inspector)
    client.post("/notifications/work/new/", entry_data(firm, filed_on=days(-3).isoformat()))
    filed = WorkNotification.objects.get().filed_at
    assert timezone.localtime(filed).date() == days(-3)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("ends_on", "2020-01-01", "結束日不得早於開始日"),
    ("ubn", "12345678", "格式或檢查碼不正確"),
    ("site_address", "", "這個欄位是必須的"),
    ("district", "", "請選擇行政區"),
    ("filed_on", "2999-01-01", "收件日期不得晚於今天"),
])
def test_bad_counter_input_is_refused_and_nothing_is_written(client, inspector, firm, field,
                                                             value, message):
    if field == "ubn":
        value = bad_ubn(firm.ubn)
    client.force_login(inspector)
    response = client.post("/notifications/work/new/", entry_data(firm, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WorkNotification.objects.exists()


def test_an_establishment_not_in_the_registry_is_refused_at_its_field(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/work/new/",
                           entry_data(firm, ubn=shared.make_ubn(987_654)))
    assert response.status_code == 400
    assert "查無此統一編號之事業單位" in response.content.decode()
    assert not WorkNotification.objects.exists()


def test_the_list_filters_by_kind_district_and_dates(client, inspector, firm):
    file(firm, site_address="A 施工架大安", filed_at=dt.datetime(2023, 3, 1, 10, tzinfo=TAIPEI),
         starts_on=dt.date(2023, 3, 5), ends_on=dt.date(2023, 3, 9))
    file(firm, kind="gondola", site_address="B 吊籠信義", district=shared.district("xinyi"),
         filed_at=dt.datetime(2023, 5, 1, 10, tzinfo=TAIPEI), starts_on=dt.date(2023, 5, 2),
         ends_on=dt.date(2023, 6, 30))
    client.force_login(inspector)
    page = client.get("/notifications/work/").content.decode()
    assert "A 施工架大安" in page and "B 吊籠信義" in page
    page = client.get("/notifications/work/?kind=gondola").content.decode()
    assert "A 施工架大安" not in page and "B 吊籠信義" in page
    xinyi = shared.district("xinyi").pk
    page = client.get(f"/notifications/work/?district={xinyi}").content.decode()
    assert "A 施工架大安" not in page and "B 吊籠信義" in page
    page = client.get("/notifications/work/?date_from=2023-02-01&date_to=2023-03-31"
                      ).content.decode()
    assert "A 施工架大安" in page and "B 吊籠信義" not in page
    page = client.get("/notifications/work/?basis=working&date_from=2023-06-01&date_to="
                      "2023-06-10").content.decode()
    assert "A 施工架大安" not in page and "B 吊籠信義" in page


def test_a_range_ending_before_it_starts_is_said_and_ignored(client, inspector, firm):
    file(firm)
    client.force_login(inspector)
    response = client.get("/notifications/work/?date_from=2023-03-01&date_to=2023-02-01")
    assert response.status_code == 400
    assert "日期迄不得早於日期起" in response.content.decode()


# ---------------------------------------------------------------- supervision


def test_recording_a_supervision_opens_the_inspection_and_goes_to_its_page(
        client, inspector, firm):
    notification = file(firm)
    client.force_login(inspector)
    response = client.post(f"/notifications/work/{notification.pk}/supervise/",
                           {"visited_on": today().isoformat()})
    visit = SupervisionVisit.objects.select_related("inspection__case").get()
    assert visit.notification == notification and visit.kind == "scaffolding"
    assert visit.inspector == inspector and visit.visited_on == today()
    inspection = visit.inspection
    assert isinstance(inspection, Inspection)
    assert inspection.establishment == firm and inspection.domain == "osh"
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:detail",
                                           kwargs={"number": inspection.case.number})
    # The notification's page lists the visit with a link to its inspection.
    html = client.get(f"/notifications/work/{notification.pk}/").content.decode()
    assert inspection.case.number in html
    assert f'href="{response["Location"]}"' in html


def test_without_the_inspection_pages_the_supervision_returns_to_the_notification(
        client, inspector, firm, monkeypatch):
    def no_inspection_pages(name, *args, **kwargs):
        if name.startswith("inspections:"):
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(notification_views, "reverse", no_inspection_pages)
    notification = file(firm)
    client.force_login(inspector)
    response = client.post(f"/notifications/work/{notification.pk}/supervise/",
                           {"visited_on": today().isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/notifications/work/{notification.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert SupervisionVisit.objects.get().inspection.case.number in html


@pytest.mark.parametrize(("value", "message"), [
    ("2999-01-01", "檢查日期不得晚於今天"),
    ("", "這個欄位是必須的"),
    ("2020-01-01", "檢查日期不得早於通報日期"),
])
def test_a_bad_supervision_date_is_refused_and_nothing_is_written(client, inspector, firm,
                                                                  value, message):
    notification = file(firm)
    client.force_login(inspector)
    response = client.post(f"/notifications/work/{notification.pk}/supervise/",
                           {"visited_on": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SupervisionVisit.objects.exists()
    assert not Inspection.objects.exists()


def test_unreported_work_found_is_recorded_with_its_inspection(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/unreported/", {
        "kind": "rope_access", "site_address": "臺北市中山區南京東路二段2號",
        "district": shared.district("zhongshan").pk, "ubn": firm.ubn,
        "visited_on": today().isoformat(),
    })
    found = UnreportedWork.objects.select_related("visit__inspection__case").get()
    assert found.kind == "rope_access" and found.establishment == firm
    assert found.visit.notification is None and found.visit.kind == "rope_access"
    assert found.visit.inspection.establishment == firm
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "inspections:detail", kwargs={"number": found.visit.inspection.case.number})
    html = client.get("/notifications/unreported/").content.decode()
    assert "南京東路二段2號" in html and found.visit.inspection.case.number in html


def test_unreported_work_needs_a_valid_ubn_and_a_kind(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/unreported/", {
        "kind": "", "site_address": "臺北市中山區南京東路二段2號", "district": "",
        "ubn": bad_ubn(firm.ubn), "visited_on": today().isoformat(),
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert "格式或檢查碼不正確" in html
    assert "這個欄位是必須的" in html
    assert not UnreportedWork.objects.exists() and not Inspection.objects.exists()


# ---------------------------------------------------------------- film


def test_a_film_notification_and_its_supervision(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/film/", {
        "production": "台北物語", "ubn": firm.ubn, "operation": "explosion",
        "operation_on": days(3).isoformat(), "location": "臺北市士林區至善路1號",
        "filed_on": today().isoformat(),
    })
    row = FilmNotification.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notifications/film/{row.pk}/"
    assert "台北物語" in client.get("/notifications/film/").content.decode()
    response = client.post(f"/notifications/film/{row.pk}/supervise/",
                           {"visited_on": today().isoformat()})
    visit = SupervisionVisit.objects.get()
    assert visit.film_notification == row and visit.kind == ""
    assert response.status_code == 302 and visit.inspection is not None


def test_a_film_operation_before_its_notification_is_refused(client, inspector, firm):
    client.force_login(inspector)
    response = client.post("/notifications/film/", {
        "production": "台北物語", "ubn": firm.ubn, "operation": "explosion",
        "operation_on": days(-3).isoformat(), "location": "臺北市士林區至善路1號",
        "filed_on": today().isoformat(),
    })
    assert response.status_code == 400
    assert "作業日期不得早於通報日期" in response.content.decode()
    assert not FilmNotification.objects.exists()


# ---------------------------------------------------------------- reduced hours


def test_reduced_hours_entry_and_sums(client, layoff_officer, firm, establishment_factory):
    other = establishment_factory("信義餐飲有限公司")
    services.reduced_hours_file(ubn=firm.ubn, workers_affected=12, starts_on=days(-10),
                                ends_on=days(20))
    client.force_login(layoff_officer)
    response = client.post("/notifications/reduced-hours/", {
        "ubn": other.ubn, "workers_affected": "30", "starts_on": today().isoformat(),
        "ends_on": days(60).isoformat(), "filed_on": today().isoformat()})
    assert response.status_code == 302
    assert ReducedHoursAgreement.objects.count() == 2
    html = client.get("/notifications/reduced-hours/").content.decode()
    assert "信義餐飲有限公司" in html and "大安營造股份有限公司" in html
    assert "<dd>42</dd>" in html  # workers: 12 + 30
    assert "<dd>2</dd>" in html  # agreements and establishments


def test_reduced_hours_bad_input_is_refused(client, layoff_officer, firm):
    client.force_login(layoff_officer)
    response = client.post("/notifications/reduced-hours/", {
        "ubn": firm.ubn, "workers_affected": "0", "starts_on": days(5).isoformat(),
        "ends_on": today().isoformat(), "filed_on": today().isoformat()})
    html = response.content.decode()
    assert response.status_code == 400
    assert "實施人數應為 1 以上的整數" in html and "結束日不得早於開始日" in html
    assert not ReducedHoursAgreement.objects.exists()


# ---------------------------------------------------------------- layoff warning lists


def csv_file(rows, name="勞保局預警名單.csv", header="統一編號,預警原因") -> SimpleUploadedFile:
    text = "\n".join([header, *(",".join(row) for row in rows)]) + "\n"
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), content_type="text/csv")


def upload(client, rows, **overrides):
    data = {"source": "labour_insurance", "received_on": days(-1).isoformat(),
            "file": csv_file(rows)}
    data.update(overrides)
    return client.post("/notifications/warnings/", data)


def test_a_warning_list_is_imported_and_its_entries_listed(client, layoff_officer, firm,
                                                           establishment_factory):
    other = establishment_factory("信義餐飲有限公司")
    client.force_login(layoff_officer)
    response = upload(client, [(firm.ubn, "積欠勞保費2個月"), (other.ubn, "")])
    warning_list = LayoffWarningList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notifications/warnings/{warning_list.pk}/"
    entries = LayoffWarningEntry.objects.order_by("pk")
    assert [e.establishment for e in entries] == [firm, other]
    assert entries[0].reason == "積欠勞保費2個月"
    assert entries[0].visit_due_on == services.visit_due(days(-1))
    html = client.get(response["Location"]).content.decode()
    assert "已匯入：新增 2 家事業單位" in html
    assert "大安營造股份有限公司" in html and "積欠勞保費2個月" in html


def test_the_same_list_imported_twice_adds_nothing_and_says_so(client, layoff_officer, firm):
    client.force_login(layoff_officer)
    upload(client, [(firm.ubn, "積欠勞保費2個月")])
    response = upload(client, [(firm.ubn, "積欠勞保費2個月")])
    assert response.status_code == 302
    assert LayoffWarningList.objects.count() == 1
    assert LayoffWarningEntry.objects.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "沒有新增任何資料" in html


def test_a_bad_row_refuses_the_whole_file_with_its_line_number(client, layoff_officer, firm):
    client.force_login(layoff_officer)
    response = upload(client, [(firm.ubn, "積欠工資"), (bad_ubn(firm.ubn), "停工")])
    html = response.content.decode()
    assert response.status_code == 400
    assert "第 3 列「統一編號」：統一編號格式不正確" in html
    assert not LayoffWarningList.objects.exists() and not LayoffWarningEntry.objects.exists()


@pytest.mark.parametrize(("file", "message"), [
    (csv_file([("x", "y")], header="公司,原因"), "找不到「統一編號」欄"),
    (SimpleUploadedFile("list.pdf", b"%PDF-1.4"), "只接受 CSV"),
    (csv_file([]), "名單沒有任何資料"),
])
def test_an_unusable_file_is_refused(client, layoff_officer, file, message):
    client.force_login(layoff_officer)
    response = client.post("/notifications/warnings/", {
        "source": "labour_insurance", "received_on": today().isoformat(), "file": file})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LayoffWarningList.objects.exists()


def test_a_spreadsheet_number_keeps_its_leading_zero(layoff_officer):
    from labor.notifications.forms import read_warning_file

    upload_file = csv_file([("01234567", "")])
    rows, lines, _headers = read_warning_file(upload_file)
    assert rows == [{"ubn": "01234567", "reason": ""}] and lines == [2]


def _imported(firm, received_on):
    warning_list, _created, _known = services.warning_list_import(
        source="labour_insurance", received_on=received_on, file_name="list.csv",
        rows=[{"ubn": firm.ubn, "reason": "積欠工資"}])
    return warning_list, warning_list.entries.get()


def test_an_overdue_visit_is_highlighted(client, layoff_officer, firm):
    warning_list, entry = _imported(firm, days(-30))
    client.force_login(layoff_officer)
    html = client.get(f"/notifications/warnings/{warning_list.pk}/").content.decode()
    assert f'<tr id="entry-{entry.pk}" class="row--overdue">' in html
    assert "逾期" in html
    assert "row--overdue" in client.get("/notifications/warnings/").content.decode()


def test_marking_an_entry_visited_and_its_letter_sent(client, layoff_officer, firm):
    _warning_list, entry = _imported(firm, days(-3))
    client.force_login(layoff_officer)
    response = client.post(f"/notifications/warnings/entries/{entry.pk}/visit/",
                           {"on": days(-1).isoformat()})
    assert response.status_code == 302
    response = client.post(f"/notifications/warnings/entries/{entry.pk}/sent/",
                           {"on": days(-2).isoformat()})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.visited_on == days(-1) and entry.letter_sent_on == days(-2)


def test_a_visit_before_the_list_arrived_is_refused(client, layoff_officer, firm):
    _warning_list, entry = _imported(firm, days(-3))
    client.force_login(layoff_officer)
    response = client.post(f"/notifications/warnings/entries/{entry.pk}/visit/",
                           {"on": days(-10).isoformat()})
    assert response.status_code == 400
    assert "訪視日期不得早於收文日期" in response.content.decode()
    entry.refresh_from_db()
    assert entry.visited_on is None


def test_downloading_the_letters_marks_nothing_and_marking_is_an_explicit_action(
        client, layoff_officer, firm, establishment_factory):
    from labor.core.tests.test_documents import require_pdf

    require_pdf()
    warning_list, entry = _imported(firm, days(-3))
    client.force_login(layoff_officer)
    response = client.get(f"/notifications/warnings/{warning_list.pk}/letters.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    entry.refresh_from_db()
    assert entry.letter_sent_on is None
    response = client.post(f"/notifications/warnings/{warning_list.pk}/mark-sent/",
                           {"batch-on": today().isoformat()})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.letter_sent_on == today()


def test_marking_a_batch_sent_before_the_list_arrived_is_refused(client, layoff_officer, firm):
    warning_list, entry = _imported(firm, days(-3))
    client.force_login(layoff_officer)
    response = client.post(f"/notifications/warnings/{warning_list.pk}/mark-sent/",
                           {"batch-on": days(-5).isoformat()})
    assert response.status_code == 400
    assert "寄發日期不得早於收文日期" in response.content.decode()
    entry.refresh_from_db()
    assert entry.letter_sent_on is None


def test_one_letter_downloads_as_odt(client, layoff_officer, firm):
    _warning_list, entry = _imported(firm, days(-3))
    client.force_login(layoff_officer)
    response = client.get(f"/notifications/warnings/entries/{entry.pk}/letter.odt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response.content.startswith(b"PK")
    assert ".odt" in response["Content-Disposition"]
    assert client.get(f"/notifications/warnings/entries/{entry.pk}/letter.doc"
                      ).status_code == 404
