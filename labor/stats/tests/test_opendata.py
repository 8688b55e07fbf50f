import codecs
import csv
import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from labor.core.models import District, Establishment, HeadcountRecord, Industry
from labor.stats import opendata
from labor.stats.registry import json_number, registry

PERIOD = "2023H1"


@pytest.fixture
def two_establishments(db):
    industry = Industry.objects.get(code="C")
    for ubn, district, headcount in [("10000001", "daan", 60), ("10000002", "shilin", 12)]:
        est = Establishment.objects.create(
            ubn=ubn, name=f"公司{ubn}", industry=industry,
            district=District.objects.get(city="taipei", code=district),
        )
        HeadcountRecord.objects.create(establishment=est, as_of=dt.date(2023, 3, 1),
                                       headcount=headcount)


@pytest.fixture
def exported(two_establishments, tmp_path):
    out, err = StringIO(), StringIO()
    call_command("export_open_data", PERIOD, "--output", str(tmp_path / "od"),
                 stdout=out, stderr=err)
    return tmp_path / "od", out.getvalue(), err.getvalue()


def groups() -> set[str]:
    return {opendata.group_of(i.code) for i in registry.indicators()}


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_csv_and_one_json_per_group_and_the_metadata(exported):
    directory, out, err = exported
    assert {"establishments", "disputes"} <= groups()
    expected = {f"{g}.{ext}" for g in groups() for ext in ("csv", "json")}
    expected |= {"metadata.json", "metadata.csv"}
    assert {p.name for p in directory.iterdir()} == expected  # no temporary files left
    assert sorted(out.split()) == sorted(str(directory / name) for name in expected)
    assert "已匯出112年上半年開放資料" in err


def test_csv_files_start_with_a_bom_and_json_files_do_not(exported):
    directory, _out, _err = exported
    for group in groups():
        assert (directory / f"{group}.csv").read_bytes().startswith(codecs.BOM_UTF8)
        assert not (directory / f"{group}.json").read_bytes().startswith(codecs.BOM_UTF8)
    assert (directory / "metadata.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_csv_header_is_zh_hant_and_values_equal_compute_all(exported):
    directory, _out, _err = exported
    results = registry.compute_all(PERIOD)
    labels = {i.code: i for i in registry.indicators()}
    seen = set()
    for group in groups():
        path = directory / f"{group}.csv"
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == ["統計期間", "指標代碼", "指標名稱", "數值", "單位", "分子", "分母"]
        for row in read_csv(path):
            code = row["指標代碼"]
            assert opendata.group_of(code) == group
            result = results[code]
            assert row["統計期間"] == PERIOD
            assert row["指標名稱"] == labels[code].label
            assert row["單位"] == labels[code].unit
            for column, value in [("數值", result.value), ("分子", result.numerator),
                                  ("分母", result.denominator)]:
                assert (Decimal(row[column]) if row[column] else None) == value, (code, column)
            seen.add(code)
    assert seen == set(results)
    rows = {r["指標代碼"]: r for r in read_csv(directory / "establishments.csv")}
    assert rows["establishments.total"]["數值"] == "2"
    assert rows["establishments.by_district.shilin"]["數值"] == "1"


def test_a_percentage_over_zero_is_an_empty_cell_and_json_null(exported):
    directory, _out, _err = exported
    rows = {r["指標代碼"]: r for r in read_csv(directory / "disputes.csv")}
    assert rows["disputes.settlement_rate"]["數值"] == ""
    assert rows["disputes.settlement_rate"]["分母"] == "0"
    data = {r["code"]: r for r in json.loads((directory / "disputes.json").read_text("utf-8"))}
    assert data["disputes.settlement_rate"]["value"] is None


def test_json_is_a_flat_array_of_the_fields(exported):
    directory, _out, _err = exported
    results = registry.compute_all(PERIOD)
    names = [f.name for f in opendata.FIELDS]
    for group in groups():
        data = json.loads((directory / f"{group}.json").read_text("utf-8"))
        assert isinstance(data, list) and data
        for item in data:
            assert list(item) == names
            assert item["period"] == PERIOD
            assert item["value"] == json_number(results[item["code"]].value)
    total = json.loads((directory / "establishments.json").read_text("utf-8"))[0]
    assert total == {"period": PERIOD, "code": "establishments.total", "label": "事業單位數",
                     "value": 2, "unit": "家", "numerator": 2, "denominator": None}


def test_metadata_describes_every_field_and_every_code(exported):
    directory, _out, _err = exported
    meta = json.loads((directory / "metadata.json").read_text("utf-8"))
    codes = [i.code for i in registry.indicators()]
    assert [i["code"] for i in meta["indicators"]] == codes
    assert [f["name"] for f in meta["fields"]] == [f.name for f in opendata.FIELDS]
    for field in meta["fields"]:
        assert field["label"] and field["label_en"] and field["type"]
    for item in meta["indicators"]:
        assert item["label"] and item["label_en"] and item["definition"] and item["unit_en"]
        assert item["period"] == PERIOD
        assert item["generated_at"] == meta["generated_at"]
    assert dt.datetime.fromisoformat(meta["generated_at"]).utcoffset() == dt.timedelta(hours=8)
    assert meta["period"] == {"code": PERIOD, "label": "112年上半年",
                              "label_en": "First half of 2023", "start": "2023-01-01",
                              "end": "2023-06-30", "cumulative": False}
    assert {f["group"] for f in meta["files"]} == groups()

    rows = read_csv(directory / "metadata.csv")
    assert [r["名稱或代碼"] for r in rows if r["類別"] == "指標"] == codes
    assert [r["名稱或代碼"] for r in rows if r["類別"] == "欄位"] == [
        f.name for f in opendata.FIELDS
    ]


def test_the_export_takes_a_fixed_number_of_queries(two_establishments, tmp_path):
    # However many records there are: the same queries for 2 establishments as for 22, and
    # at most two for each registered figure.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        opendata.export(PERIOD, tmp_path / "few")
    industry = Industry.objects.get(code="C")
    for n in range(20):
        est = Establishment.objects.create(
            ubn=f"2000{n:04d}", name=f"公司{n}", industry=industry,
            district=District.objects.get(city="taipei", code="daan"))
        HeadcountRecord.objects.create(establishment=est, as_of=dt.date(2023, 3, 1),
                                       headcount=10 + n * 15)
    with CaptureQueriesContext(connection) as many:
        opendata.export(PERIOD, tmp_path / "many")
    assert len(many) == len(few) <= 2 * len(registry.indicators())


def test_a_bad_period_is_a_zh_hant_error(db, tmp_path):
    with pytest.raises(CommandError, match="季別須為 Q1 至 Q4"):
        call_command("export_open_data", "2023Q5", "--output", str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_a_bad_period_exits_with_status_1(db, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exc:
        execute_from_command_line(
            ["manage.py", "export_open_data", "不是期間", "--output", str(tmp_path)]
        )
    assert exc.value.code == 1
    assert "無法辨識的期間" in capsys.readouterr().err


def test_an_output_path_that_is_a_file_is_refused(db, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="已存在且不是目錄"):
        call_command("export_open_data", PERIOD, "--output", str(target))
