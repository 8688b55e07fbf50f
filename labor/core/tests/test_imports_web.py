"""The workspace import page: permissions, preview with per-cell errors, confirm, background
runs with progress, exports."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from labor.core.models import Establishment, ImportBatch, PersonAccessLog
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
person_factory = shared.person_factory

FIXTURES = Path(django_settings.BASE_DIR) / "tests" / "fixtures" / "imports"
PAGE = "/imports/"
IMPORT_ESTABLISHMENTS = ("core.add_establishment", "core.change_establishment")


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Uploaded files go to a temporary private storage."""
    return shared.use_private_storage(settings, tmp_path)


@pytest.fixture
def importer(client, staff_user):
    user = staff_user("importer", perms=[*IMPORT_ESTABLISHMENTS, "core.view_establishment"])
    client.force_login(user)
    return user


def fixture_upload(name, upload_name=None, content_type="text/csv"):
    return SimpleUploadedFile(upload_name or name, (FIXTURES / name).read_bytes(), content_type)


def upload(client, file, kind="establishments"):
    return client.post(PAGE, {"kind": kind, "file": file})


# --- who may ----------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_staff_without_an_import_or_export_permission_get_403(client, staff_user):
    client.force_login(staff_user("clerk"))
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "您沒有匯入或匯出資料的權限" in response.content.decode()


def test_staff_who_may_only_export_cannot_upload(client, staff_user):
    client.force_login(staff_user("reader", perms=["core.view_establishment"]))
    assert client.get(PAGE).status_code == 200
    response = upload(client, fixture_upload("establishments.csv"))
    assert response.status_code == 403
    assert Establishment.objects.count() == 0


def test_the_kind_list_offers_only_the_kinds_one_may_import(client, importer):
    page = client.get(PAGE).content.decode()
    assert 'value="establishments"' in page
    assert 'value="persons"' not in page
    response = upload(client, fixture_upload("persons.csv"), kind="persons")
    assert response.status_code == 400


def test_a_batch_of_a_kind_one_may_not_import_is_refused(client, importer, staff_user):
    other = ImportBatch.objects.create(kind="persons", filename="p.csv",
                                       started_by=staff_user("hr"))
    assert client.get(f"{PAGE}{other.pk}/").status_code == 403


# --- upload and preview -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.txt", b"a,b\n", "只接受 CSV（.csv）或 Excel（.xlsx）檔案"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "檔案內容不是 CSV 文字檔"),
        ("fake.xlsx", "統一編號,名稱\n".encode(), "檔案內容不是 Excel（.xlsx）格式"),
        ("broken.xlsx", b"PK\x03\x04not really a zip", "無法讀取 Excel 檔案"),
        ("cols.csv", "統一編號,名字\n22099131,甲\n".encode(), "缺少必要欄位：「名稱」"),
    ],
)
def test_a_wrong_file_is_refused_with_400_and_a_field_error(client, importer, name, content,
                                                            message):
    response = upload(client, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == 0


def test_an_oversize_file_is_refused_with_400(client, importer, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(client, fixture_upload("establishments.csv"))
    assert response.status_code == 400
    assert "檔案過大" in response.content.decode()


def test_a_file_with_bad_rows_previews_with_200_and_every_row_error_and_writes_nothing(
        client, importer):
    response = upload(client, fixture_upload("establishments-bad.csv"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "第 3 列「統一編號」：統一編號「1234567」格式或檢查碼不正確" in page
    assert "第 5 列「行政區」：行政區「板橋區」不是本市的行政區。" in page
    assert '<th scope="col">統一編號</th>' in page  # the first rows, under the file's headers
    assert Establishment.objects.count() == 0
    preview = ImportBatch.objects.get()
    assert (preview.dry_run, preview.invalid_rows, preview.status) == (
        True, 6, ImportBatch.Status.DONE)


def test_a_good_file_previews_then_confirming_imports_it(client, importer):
    response = upload(client, fixture_upload("establishments.csv"))
    assert response.status_code == 200
    assert Establishment.objects.count() == 0
    preview = ImportBatch.objects.get()
    assert preview.created_rows == 4

    response = client.post(f"{PAGE}{preview.pk}/confirm/")

    batch = ImportBatch.objects.get(dry_run=False)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{batch.pk}/"
    assert (batch.status, batch.created_rows) == (ImportBatch.Status.DONE, 4)
    assert Establishment.objects.count() == 4
    entry = Establishment.objects.get(ubn="22099131").history.get()
    assert entry.history_user == importer
    # A second click imports nothing more and lands on the same batch.
    again = client.post(f"{PAGE}{preview.pk}/confirm/")
    assert again["Location"] == f"{PAGE}{batch.pk}/"
    assert ImportBatch.objects.filter(dry_run=False).count() == 1


def test_an_xlsx_upload_is_previewed(client, importer, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["統一編號", "名稱", "行業代碼", "行政區"])
    workbook.active.append(["22099131", "臺北好工作股份有限公司", "C", "大安區"])
    path = tmp_path / "e.xlsx"
    workbook.save(path)
    response = upload(client, SimpleUploadedFile("e.xlsx", path.read_bytes()))
    assert response.status_code == 200
    assert ImportBatch.objects.get().created_rows == 1


def test_confirming_a_file_with_bad_rows_needs_skip_invalid(client, importer):
    upload(client, fixture_upload("establishments-bad.csv"))
    preview = ImportBatch.objects.get()

    refused = client.post(f"{PAGE}{preview.pk}/confirm/")
    assert refused.status_code == 400
    assert "檔案有 6 列錯誤。請修正後重新上傳" in refused.content.decode()
    assert Establishment.objects.count() == 0

    client.post(f"{PAGE}{preview.pk}/confirm/", {"skip_invalid": "on"})
    assert list(Establishment.objects.values_list("ubn", flat=True)) == ["22099131"]


def test_only_the_uploader_may_confirm(client, importer, staff_user):
    upload(client, fixture_upload("establishments.csv"))
    preview = ImportBatch.objects.get()
    client.force_login(staff_user("colleague", perms=IMPORT_ESTABLISHMENTS))
    response = client.post(f"{PAGE}{preview.pk}/confirm/")
    assert response.status_code == 400
    assert "只有上傳檔案的人可以確認匯入。" in response.content.decode()
    assert Establishment.objects.count() == 0


def test_a_large_file_runs_in_the_background_and_its_page_shows_progress(
        client, importer, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_BACKGROUND_THRESHOLD = 2
    upload(client, fixture_upload("establishments.csv"))
    preview = ImportBatch.objects.get()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(f"{PAGE}{preview.pk}/confirm/")
    batch = ImportBatch.objects.get(dry_run=False)
    assert len(queued) == 1 and batch.status == ImportBatch.Status.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "/status/" in page
    assert client.get(f"{PAGE}{batch.pk}/status/").json()["status"] == "pending"

    queued[0]()  # the worker picks the task up (ImmediateBackend in tests)

    batch.refresh_from_db()
    assert (batch.status, batch.created_rows, batch.processed_rows) == (
        ImportBatch.Status.DONE, 4, 4)
    assert Establishment.objects.count() == 4
    assert "<progress" not in client.get(f"{PAGE}{batch.pk}/").content.decode()


def test_a_background_task_delivered_twice_imports_once(importer):
    from labor.core.tasks import import_batch_task

    batch = ImportBatch.objects.create(kind="establishments", filename="x.csv",
                                       status=ImportBatch.Status.DONE)
    result = import_batch_task.call(batch.pk)
    assert result["skipped"] is True


def test_the_error_list_downloads_as_csv(client, importer):
    upload(client, fixture_upload("establishments-bad.csv"))
    preview = ImportBatch.objects.get()
    response = client.get(f"{PAGE}{preview.pk}/errors.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "5,行政區,行政區「板橋區」不是本市的行政區。" in text


# --- export -----------------------------------------------------------------------------

def test_the_page_links_exports_and_they_download(client, importer):
    client.post(f"{PAGE}", {"kind": "establishments",
                            "file": fixture_upload("establishments.csv")})
    client.post(f"{PAGE}{ImportBatch.objects.get().pk}/confirm/")
    page = client.get(PAGE).content.decode()
    assert 'href="/imports/export/establishments.csv"' in page
    assert 'href="/imports/export/establishments.xlsx"' in page

    response = client.get("/imports/export/establishments.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "統一編號,名稱,行業代碼,行政區,地址,負責人,電話,設立日期,歇業日期"
    assert len(lines) == 5


def test_exporting_persons_needs_full_view_and_is_written_to_the_access_log(
        client, staff_user, person_factory):
    person = person_factory()
    client.force_login(staff_user("partial", perms=["core.view_person"]))
    assert client.get("/imports/export/persons.csv").status_code == 403

    user = staff_user("full", perms=["core.view_person", "core.view_person_full"])
    client.force_login(user)
    response = client.get("/imports/export/persons.xlsx")

    assert response.status_code == 200
    log = PersonAccessLog.objects.get()
    assert (log.person, log.user) == (person, user)
    assert "匯出" in log.purpose


def test_an_unknown_export_kind_or_format_is_404(client, importer):
    assert client.get("/imports/export/cases.csv").status_code == 404
    assert client.get("/imports/export/establishments.ods").status_code == 404


def test_the_page_lists_recent_batches_including_those_run_from_the_command_line(
        client, importer):
    ImportBatch.objects.create(kind="establishments", filename="from-cron.csv",
                               status=ImportBatch.Status.DONE, created_rows=1234)
    page = client.get(PAGE).content.decode()
    assert "from-cron.csv" in page and "系統（指令）" in page and "1,234" in page


def test_a_long_error_list_is_cut_short_on_the_page_and_offered_as_a_file(
        client, importer, monkeypatch):
    monkeypatch.setattr("labor.core.views_imports.ERRORS_SHOWN", 2)
    response = upload(client, fixture_upload("establishments-bad.csv"))
    page = response.content.decode()
    assert "另有 4 項錯誤未列出" in page
    assert f"{PAGE}{ImportBatch.objects.get().pk}/errors.csv" in page
    batch_page = client.get(f"{PAGE}{ImportBatch.objects.get().pk}/").content.decode()
    assert "另有 4 項錯誤未列出" in batch_page
