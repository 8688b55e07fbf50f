"""import_records / export_records: every row checked, all or nothing, idempotent, audited."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from labor.core.imports.exporting import records_export
from labor.core.models import (
    Establishment,
    HeadcountRecord,
    ImportBatch,
    OfficeCalendarDay,
    Person,
)
from labor.core.office_calendar import SHIPPED_DIR

FIXTURES = Path(django_settings.BASE_DIR) / "tests" / "fixtures" / "imports"
ESTABLISHMENT_HEADER = "統一編號,名稱,行業代碼,行政區,地址,負責人,電話"

pytestmark = pytest.mark.django_db


def run_import(kind, path, *args):
    """(stdout, stderr) of import_records; raises CommandError like the command line does."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_records", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused_import(kind, path, *args):
    """stderr of an import that must be refused, and the CommandError's text."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_records", kind, str(path), *args, stdout=out, stderr=err)
    return err.getvalue(), str(refused.value)


def write_csv(tmp_path, name, *lines, bom=False):
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + ("\n".join(lines) + "\n").encode())
    return path


def history_rows():
    return (Establishment.history.count(), HeadcountRecord.history.count(),
            Person.history.count())


def last_batch():
    return ImportBatch.objects.order_by("-pk").first()


# --- establishments ---------------------------------------------------------------------

def test_a_good_establishments_file_creates_every_row_with_its_history():
    out, _err = run_import("establishments", FIXTURES / "establishments.csv")

    assert Establishment.objects.count() == 4
    est = Establishment.objects.get(ubn="04595257")
    assert (est.name, est.industry.code, est.district.code) == ("信義便當有限公司", "I", "xinyi")
    assert est.phone == "02-87891234"
    history = est.history.get()
    assert history.history_type == "+"
    assert "匯入批次" in history.history_change_reason
    batch = last_batch()
    assert (batch.status, batch.created_rows, batch.total_rows, batch.processed_rows) == (
        ImportBatch.Status.DONE, 4, 4, 4)
    assert "新增 4" in out


def test_reimporting_the_same_file_changes_nothing_and_writes_no_history():
    run_import("establishments", FIXTURES / "establishments.csv")
    before = (history_rows(), list(Establishment.objects.values_list("pk", "updated_at")))

    out, _err = run_import("establishments", FIXTURES / "establishments.csv")

    assert (history_rows(), list(Establishment.objects.values_list("pk", "updated_at"))) == before
    batch = last_batch()
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows) == (0, 0, 4)
    assert "未變更 4" in out


def test_a_changed_row_is_updated_with_one_history_row_and_others_are_left_alone(tmp_path):
    run_import("establishments", FIXTURES / "establishments.csv")
    text = (FIXTURES / "establishments.csv").read_text().replace("王大明", "王小華")
    changed = write_csv(tmp_path, "changed.csv", *text.splitlines())
    others_before = Establishment.history.exclude(ubn="22099131").count()

    run_import("establishments", changed)

    est = Establishment.objects.get(ubn="22099131")
    assert est.representative == "王小華"
    assert [h.history_type for h in est.history.order_by("history_id")] == ["+", "~"]
    assert Establishment.history.exclude(ubn="22099131").count() == others_before
    assert (last_batch().updated_rows, last_batch().unchanged_rows) == (1, 3)


def test_an_omitted_optional_column_leaves_existing_values_untouched(tmp_path):
    run_import("establishments", FIXTURES / "establishments.csv")
    path = write_csv(tmp_path, "names.csv", "統一編號,名稱,行業代碼,行政區",
                     "22099131,臺北好工作股份有限公司,C,大安區")

    run_import("establishments", path)

    assert Establishment.objects.get(ubn="22099131").representative == "王大明"
    assert last_batch().unchanged_rows == 1


def test_a_file_with_any_bad_row_writes_nothing_and_names_every_row_and_column():
    err, message = refused_import("establishments", FIXTURES / "establishments-bad.csv")

    assert Establishment.objects.count() == 0  # not even the good row 2
    assert "第 3 列「統一編號」：統一編號「1234567」格式或檢查碼不正確" in err  # malformed
    assert "第 4 列「統一編號」：統一編號「22099132」格式或檢查碼不正確" in err  # check digit
    assert "第 5 列「行政區」：行政區「板橋區」不是本市的行政區。" in err
    assert "第 6 列「行業代碼」：行業代碼「Z」不存在" in err
    assert "第 7 列「統一編號」：統一編號「53212539」在檔案中重複出現（第 7、8 列）" in err
    assert "第 8 列「統一編號」" in err
    assert "第 2 列" not in err
    assert "6 列錯誤" in message
    batch = last_batch()
    assert (batch.status, batch.invalid_rows, batch.created_rows) == (
        ImportBatch.Status.FAILED, 6, 0)
    assert {"row": 5, "column": "行政區", "message": "行政區「板橋區」不是本市的行政區。"} in (
        batch.errors)


def test_skip_invalid_writes_only_the_good_rows():
    run_import("establishments", FIXTURES / "establishments-bad.csv", "--skip-invalid")

    assert list(Establishment.objects.values_list("ubn", flat=True)) == ["22099131"]
    batch = last_batch()
    assert (batch.status, batch.created_rows, batch.invalid_rows) == (
        ImportBatch.Status.DONE, 1, 6)


def test_a_dry_run_writes_nothing_and_reports_what_would_happen():
    run_import("establishments", FIXTURES / "establishments.csv")
    Establishment.objects.get(ubn="22099131").delete()
    before = history_rows()

    out, _err = run_import("establishments", FIXTURES / "establishments.csv", "--dry-run")

    assert Establishment.objects.count() == 3
    assert history_rows() == before
    batch = last_batch()
    assert batch.dry_run
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows, batch.invalid_rows) == (
        1, 0, 3, 0)
    assert "試算" in out and "新增 1" in out


def test_a_dry_run_of_a_bad_file_fails_the_command_but_records_a_done_batch():
    _err, message = refused_import("establishments", FIXTURES / "establishments-bad.csv",
                                   "--dry-run")
    assert "正式匯入時將不寫入任何資料" in message
    assert last_batch().status == ImportBatch.Status.DONE
    assert last_batch().created_rows == 1  # what the one good row would do


def test_a_csv_with_a_byte_order_mark_is_read(tmp_path):
    path = write_csv(tmp_path, "bom.csv", ESTABLISHMENT_HEADER,
                     "22099131,臺北好工作股份有限公司,C,大安區,,,", bom=True)
    run_import("establishments", path)
    assert Establishment.objects.filter(ubn="22099131").exists()


def test_a_csv_saved_by_excel_in_big5_is_read(tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes(f"{ESTABLISHMENT_HEADER}\n22099131,臺北好工作公司,C,大安區,,,\n"
                     .encode("cp950"))
    run_import("establishments", path)
    assert Establishment.objects.get(ubn="22099131").name == "臺北好工作公司"


def test_an_xlsx_file_is_read_including_numeric_ubns_that_lost_their_leading_zero(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(ESTABLISHMENT_HEADER.split(","))
    sheet.append([4595257, "信義便當有限公司", "i", "信義區", None, None, None])  # Excel's number
    sheet.append(["22099131", "臺北好工作股份有限公司", "C", "DAAN", "", "", ""])
    sheet.append([None] * 7)  # trailing empty rows are skipped
    path = tmp_path / "establishments.xlsx"
    workbook.save(path)

    run_import("establishments", path)

    assert set(Establishment.objects.values_list("ubn", "district__code")) == {
        ("04595257", "xinyi"), ("22099131", "daan")}


def test_an_unknown_or_missing_column_refuses_the_whole_file(tmp_path):
    path = write_csv(tmp_path, "cols.csv", "統一編號,名稱,行業,行政區",
                     "22099131,臺北好工作股份有限公司,C,大安區")
    err, _message = refused_import("establishments", path)
    assert "缺少必要欄位：「行業代碼」。" in err
    assert "無法辨識的欄位：「行業」。" in err
    assert last_batch().status == ImportBatch.Status.FAILED


def test_a_file_of_another_type_is_refused_before_reading(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="只接受 CSV"):
        call_command("import_records", "establishments", str(path))


def test_an_unknown_kind_is_refused():
    with pytest.raises(CommandError, match="沒有「cases」這種匯入資料類別"):
        call_command("import_records", "cases", str(FIXTURES / "establishments.csv"))


def test_a_large_file_prints_progress_to_stderr(tmp_path):
    from tests.conftest import make_ubn

    lines = [ESTABLISHMENT_HEADER] + [
        f"{make_ubn(n)},事業單位{n},G,中山區,,," for n in range(1, 1201)
    ]
    out, err = run_import("establishments", write_csv(tmp_path, "big.csv", *lines))

    assert "已檢查 500／1,200 列" in err and "已檢查 1,200／1,200 列" in err
    assert "已檢查" not in out
    assert Establishment.objects.count() == 1200
    assert Establishment.history.count() == 1200


# --- headcounts -------------------------------------------------------------------------

def test_headcounts_accept_roc_and_iso_dates_and_reimport_changes_nothing():
    run_import("establishments", FIXTURES / "establishments.csv")
    run_import("headcounts", FIXTURES / "headcounts.csv")

    assert set(HeadcountRecord.objects.values_list("establishment__ubn", "as_of", "headcount")) == {
        ("22099131", dt.date(2023, 6, 30), 35),
        ("22099131", dt.date(2023, 1, 1), 30),
        ("04595257", dt.date(2023, 6, 30), 8),
        ("53212539", dt.date(2023, 6, 30), 120),
    }
    before = HeadcountRecord.history.count()
    run_import("headcounts", FIXTURES / "headcounts.csv")
    assert HeadcountRecord.history.count() == before
    assert last_batch().unchanged_rows == 4


def test_headcounts_refuse_bad_dates_unknown_establishments_and_negative_counts(tmp_path):
    run_import("establishments", FIXTURES / "establishments.csv")
    path = write_csv(
        tmp_path, "hc.csv", "統一編號,基準日,員工人數",
        "22099131,112/02/30,10",
        "22099131,2023-13-01,10",
        "22099131,yesterday,10",
        "22099131,2999-01-01,10",
        "24536806,2023-06-30,10",
        "22099131,2023-06-30,-1",
        "22099131,2023-05-31,12.5",
        "22099131,0000101,3",
    )
    err, _message = refused_import("headcounts", path)

    assert "第 2 列「基準日」：日期「112/02/30」不存在。" in err
    assert "第 3 列「基準日」：日期「2023-13-01」不存在。" in err
    assert "第 4 列「基準日」：日期「yesterday」格式不正確" in err
    assert "第 5 列「基準日」：日期「2999-01-01」晚於今天" in err
    assert "第 6 列「統一編號」：查無統一編號「24536806」的事業單位" in err
    assert "第 7 列「員工人數」：「-1」應介於 0 至 10,000,000 之間。" in err
    assert "第 8 列「員工人數」：「12.5」應為整數。" in err
    assert "第 9 列「基準日」：日期「0000101」不存在。" in err
    assert HeadcountRecord.objects.count() == 0


def test_duplicate_headcount_keys_in_one_file_are_refused(tmp_path):
    run_import("establishments", FIXTURES / "establishments.csv")
    path = write_csv(tmp_path, "hc.csv", "統一編號,基準日,員工人數",
                     "22099131,112/06/30,10", "22099131,2023-06-30,11")
    err, _message = refused_import("headcounts", path)
    assert "統一編號與基準日「22099131、112/06/30」在檔案中重複出現（第 2、3 列）" in err


# --- persons ----------------------------------------------------------------------------

def test_persons_of_each_id_kind_are_imported_and_reimport_changes_nothing():
    run_import("persons", FIXTURES / "persons.csv")

    ming = Person.objects.get(id_number="A123456789")
    assert (ming.id_kind, ming.birth_date, ming.email) == (
        "national_id", dt.date(1985, 4, 12), "ming@example.com")
    assert Person.objects.get(id_number="A800000014").id_kind == "ui_number"
    assert Person.objects.get(id_number="P12345678").nationality == "US"
    before = Person.history.count()
    run_import("persons", FIXTURES / "persons.csv")
    assert Person.history.count() == before == 3


def test_wrong_personal_ids_bad_dates_and_emails_are_refused_per_cell():
    err, _message = refused_import("persons", FIXTURES / "persons-bad.csv")

    assert "第 2 列「證號」：身分證字號「A123456788」格式或檢查碼不正確。" in err
    assert "第 3 列「出生日期」：日期「112/02/30」不存在。" in err
    assert "第 4 列「出生日期」：日期「2999-01-01」晚於今天" in err
    assert "第 4 列「電子郵件」" in err
    assert ("第 5 列「證號類別」：證號類別「駕照」不正確，"
            "應為：身分證字號、統一證號、護照號碼。") in err
    assert Person.objects.count() == 0


def test_personal_ids_are_stored_compact_and_upper_case(tmp_path):
    path = write_csv(tmp_path, "p.csv", "證號類別,證號,姓名", "national_id, a123-456 789 ,王小明")
    run_import("persons", path)
    assert Person.objects.get().id_number == "A123456789"


# --- office calendar --------------------------------------------------------------------

def test_reimporting_the_shipped_2023_calendar_changes_nothing():
    before = list(OfficeCalendarDay.objects.filter(date__year=2023).values_list())
    assert len(before) == 365  # loaded by the reference-data migration

    run_import("office_calendar", SHIPPED_DIR / "2023.csv")

    batch = last_batch()
    assert (batch.created_rows, batch.updated_rows, batch.unchanged_rows) == (0, 0, 365)
    assert list(OfficeCalendarDay.objects.filter(date__year=2023).values_list()) == before


def test_a_corrected_calendar_updates_only_the_changed_day(tmp_path):
    lines = (SHIPPED_DIR / "2023.csv").read_text(encoding="utf-8-sig").splitlines()
    lines = [line.replace("20230309,四,0,", "20230309,四,2,颱風停班") for line in lines]
    run_import("office_calendar", write_csv(tmp_path, "2023-fix.csv", *lines))

    day = OfficeCalendarDay.objects.get(date=dt.date(2023, 3, 9))
    assert (day.is_rest_day, day.remark) == (True, "颱風停班")
    assert (last_batch().updated_rows, last_batch().unchanged_rows) == (1, 364)


def test_a_bad_calendar_flag_is_refused_with_the_calendar_readers_message(tmp_path):
    path = write_csv(tmp_path, "cal.csv", "西元日期,星期,是否放假,備註", "20270101,五,1,開國紀念日")
    err, _message = refused_import("office_calendar", path)
    assert "第 2 列「是否放假」：是否放假「1」應為 0（上班）或 2（放假）。" in err


# --- export round trip ------------------------------------------------------------------

@pytest.fixture
def every_kind_loaded():
    run_import("establishments", FIXTURES / "establishments.csv")
    run_import("headcounts", FIXTURES / "headcounts.csv")
    run_import("persons", FIXTURES / "persons.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["establishments", "headcounts", "persons", "office_calendar"])
def test_an_exported_file_reimports_with_zero_changes(every_kind_loaded, tmp_path, kind, fmt):
    path = tmp_path / f"{kind}.{fmt}"
    call_command("export_records", kind, "--format", fmt, "-o", str(path), stdout=io.StringIO())
    before = history_rows()

    run_import(kind, path)

    batch = last_batch()
    assert batch.total_rows > 0
    assert (batch.created_rows, batch.updated_rows, batch.invalid_rows) == (0, 0, 0)
    assert batch.unchanged_rows == batch.total_rows
    assert history_rows() == before


def test_an_export_round_trip_recreates_deleted_rows_identically(every_kind_loaded, tmp_path):
    path = tmp_path / "est.xlsx"
    call_command("export_records", "establishments", "--format", "xlsx", "-o", str(path),
                 stdout=io.StringIO())
    fields = ("ubn", "name", "industry__code", "district__code", "address", "representative",
              "phone")
    before = sorted(Establishment.objects.values_list(*fields))
    HeadcountRecord.objects.all().delete()
    Establishment.objects.all().delete()

    run_import("establishments", path)

    assert sorted(Establishment.objects.values_list(*fields)) == before


def test_exported_xlsx_cells_are_text_so_formulas_and_leading_zeros_survive(tmp_path):
    from tests.conftest import district, industry

    Establishment.objects.create(ubn="04595257", name="=HYPERLINK(\"x\")", industry=industry("C"),
                                 district=district("daan"))
    workbook = openpyxl.load_workbook(io.BytesIO(records_export(kind="establishments",
                                                                fmt="xlsx")))
    row = [cell for cell in next(workbook.active.iter_rows(min_row=2))]
    assert row[0].value == "04595257" and row[0].data_type == "s"
    assert row[1].value == "=HYPERLINK(\"x\")" and row[1].data_type == "s"


def test_a_write_refused_by_the_database_leaves_nothing_and_fails_the_batch(monkeypatch):
    from django.db import IntegrityError

    from labor.core.imports import engine

    def racing_write(kind, plan, **kwargs):
        # Someone else's import created the same 統一編號 a moment earlier.
        Establishment.objects.create(ubn="22099131", name="先到", industry_id=plan.creates[0]
                                     .industry_id, district_id=plan.creates[0].district_id)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(engine, "write", racing_write)
    err, _message = refused_import("establishments", FIXTURES / "establishments.csv")

    assert Establishment.objects.count() == 0  # the whole transaction was rolled back
    assert "寫入資料庫時發生錯誤（IntegrityError），已全部復原" in err
    assert last_batch().status == ImportBatch.Status.FAILED


def test_the_user_named_on_the_command_line_is_recorded_in_the_batch_and_the_history(
        django_user_model):
    operator = django_user_model.objects.create_user("operator")
    run_import("establishments", FIXTURES / "establishments.csv", "--user", "operator")
    assert last_batch().started_by == operator
    assert Establishment.history.filter(history_user=operator).count() == 4


def test_registration_and_closing_dates_import_and_a_closing_before_registration_is_refused(
    tmp_path,
):
    header = "統一編號,名稱,行業代碼,行政區,設立日期,歇業日期\n"
    good = tmp_path / "dated.csv"
    good.write_text(header + "22099131,日期測試股份有限公司,C,大安區,101/03/15,112/05/01\n",
                    encoding="utf-8")
    run_import("establishments", good)
    est = Establishment.objects.get(ubn="22099131")
    assert (est.registered_on, est.closed_on) == (dt.date(2012, 3, 15), dt.date(2023, 5, 1))

    bad = tmp_path / "backwards.csv"
    bad.write_text(header + "22099131,日期測試股份有限公司,C,大安區,112/05/01,101/03/15\n",
                   encoding="utf-8")
    stderr, _message = refused_import("establishments", bad)
    assert "歇業日期不得早於設立日期" in stderr
    est.refresh_from_db()
    assert est.closed_on == dt.date(2023, 5, 1)  # nothing written
