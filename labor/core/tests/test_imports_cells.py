"""Cell parsers of the import: dates (AD and ROC), numbers, 統一編號 cells. No database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labor.core.imports import cells
from labor.core.imports.reading import FileError, read_table

D = dt.date


@pytest.mark.parametrize(
    "text",
    ["2023-06-30", "2023/6/30", "2023.06.30", "20230630", "112/06/30", "112-6-30", "112.06.30",
     "1120630", "112年6月30日", "民國112年6月30日", "１１２/０６/３０", " 112 / 06 / 30 "],
)
def test_every_accepted_spelling_of_30_june_2023_reads_as_that_date(text):
    assert cells.parse_date(text) == D(2023, 6, 30)


def test_spreadsheet_date_cells_are_taken_as_they_are():
    assert cells.parse_date(dt.datetime(2023, 6, 30, 0, 0)) == D(2023, 6, 30)
    assert cells.parse_date(D(2023, 6, 30)) == D(2023, 6, 30)


def test_roc_years_below_100_need_a_leading_zero_in_the_compact_form():
    assert cells.parse_date("0991231") == D(2010, 12, 31)
    assert cells.parse_date("99/12/31") == D(2010, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("112/02/30", "不存在"),
        ("0/01/01", "不存在"),  # there is no ROC year 0
        ("2023-00-10", "不存在"),
        ("30/06/2023", "格式不正確"),  # day first is not accepted: it is ambiguous
        ("230630", "格式不正確"),
        ("next week", "格式不正確"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_in_zh_hant(text, message):
    with pytest.raises(cells.CellError, match=message):
        cells.parse_date(text)


# ROC year 999 is AD 2910; from ROC 1000 on a 4-digit year would read as AD (the rule).
@given(st.dates(min_value=D(1912, 1, 1), max_value=D(2910, 12, 31)))
def test_iso_roc_and_compact_roc_spellings_agree_for_any_date(day):
    roc = day.year - 1911
    spellings = [day.isoformat(), f"{roc}/{day.month:02d}/{day.day:02d}",
                 f"{roc:03d}{day.month:02d}{day.day:02d}", f"{roc}年{day.month}月{day.day}日"]
    assert {cells.parse_date(text) for text in spellings} == {day}


def test_a_future_date_is_refused_where_none_can_be():
    parse = cells.date_between()
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(cells.CellError, match="晚於今天"):
        parse(tomorrow.isoformat())
    with pytest.raises(cells.CellError, match="早於 1900-01-01"):
        parse("1899-12-31")


@pytest.mark.parametrize(("raw", "value"), [("1,250", 1250), (35.0, 35), ("３５", 35), (0, 0)])
def test_integers_accept_grouping_spreadsheet_floats_and_full_width_digits(raw, value):
    assert cells.integer(minimum=0, maximum=10_000)(raw) == value


@pytest.mark.parametrize("raw", ["12.5", "twelve", "1e3x"])
def test_non_integers_are_refused(raw):
    with pytest.raises(cells.CellError, match="應為整數"):
        cells.integer(minimum=0, maximum=10_000)(raw)


def test_a_numeric_ubn_cell_gets_its_leading_zeros_back_and_typed_ones_are_compacted():
    assert cells.ubn_text(4595257) == "04595257"
    assert cells.ubn_text(4595257.0) == "04595257"
    assert cells.ubn_text(" 2209-9131 ") == "22099131"
    assert cells.ubn_text("２２０９９１３１") == "22099131"


def test_a_csv_file_keeps_spreadsheet_row_numbers_across_blank_rows():
    table = read_table(b"a,b\n1,2\n,\n3,4\n", "csv")
    assert table.headers == ["a", "b"]
    assert [line for line, _cells in table.rows] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "檔案是空的"),
        (b"a,,b\n1,2,3\n", "第 2 欄沒有欄名"),
        (b"a,a\n1,2\n", "欄名「a」重複"),
        (b"\xff\xfe\x00a\x00", "無法辨識"),
    ],
)
def test_unusable_csv_files_are_refused_as_a_whole(data, message):
    with pytest.raises(FileError, match=message):
        read_table(data, "csv")


def test_a_file_above_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(FileError, match="超過 2 列"):
        read_table(b"a\n1\n2\n3\n", "csv")
