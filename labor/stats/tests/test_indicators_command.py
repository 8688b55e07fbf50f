import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from labor.core.models import District, Establishment, HeadcountRecord, Industry
from labor.stats.management.commands.indicators import render_docs
from labor.stats.registry import json_number, registry


def run(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


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


def test_json_output_is_one_object_with_every_registered_code(two_establishments):
    data = json.loads(run("2023H1", "--json"))
    assert set(data) == {indicator.code for indicator in registry.indicators()}
    for code, entry in data.items():
        assert set(entry) == {"value", "unit", "numerator", "denominator"}, code
    assert data["establishments.total"] == {
        "value": 2, "unit": "家", "numerator": 2, "denominator": None,
    }
    assert data["establishments.by_headcount.50_99"]["value"] == 1
    assert data["establishments.by_district.shilin"]["value"] == 1
    assert data["establishments.by_district.beitou"]["value"] == 0


def test_json_output_counts_as_json_integers(two_establishments):
    raw = run("2023H1", "--json")
    assert '"value": 2,' in raw
    assert isinstance(json.loads(raw)["establishments.total"]["value"], int)


def test_a_code_prefix_keeps_only_the_codes_under_it(db):
    data = json.loads(run("2023", "--json", "--code", "establishments.by_district"))
    assert len(data) == 12
    assert all(code.startswith("establishments.by_district.") for code in data)


def test_a_prefix_matching_nothing_is_refused(db):
    with pytest.raises(CommandError, match="沒有代碼"):
        run("2023", "--code", "establishments.by_dist")


def test_the_table_is_headed_by_the_period_in_zh_hant(two_establishments):
    text = run("2023H1")
    assert text.startswith("期間：112年上半年（112年1至6月）")
    assert "大安區事業單位數" in text
    assert "員工50至99人之事業單位數" in text


def test_the_table_of_an_as_of_period_names_its_cut_off(db):
    assert run("asof:2023-06-30").startswith("期間：截至112年6月30日\n")


def test_a_bad_period_is_a_command_error_in_zh_hant(db):
    with pytest.raises(CommandError, match="季別須為 Q1 至 Q4"):
        run("2023Q5", "--json")


def test_a_missing_period_is_a_command_error(db):
    with pytest.raises(CommandError, match="請指定期間"):
        run("--json")


def test_a_bad_period_from_the_command_line_exits_non_zero_without_a_traceback(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "indicators", "2023H9", "--json"])
    assert exit_info.value.code != 0
    captured = capsys.readouterr()
    assert "半年別須為 H1" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), (3, 3), (Decimal("5677666"), 5677666), (Decimal("81.13"), 81.13),
     (Decimal("200.00"), 200.0), (Decimal("872.5"), 872.5)],
)
def test_numbers_become_json_integers_or_floats(value, expected):
    converted = json_number(value)
    assert converted == expected
    assert type(converted) is type(expected)


@pytest.mark.django_db
def test_docs_list_every_code_and_are_up_to_date():
    text = render_docs()
    for indicator in registry.indicators():
        assert f"`{indicator.code}`" in text
    committed = Path(settings.BASE_DIR, "docs", "indicators.md")
    assert committed.exists() and committed.read_text(encoding="utf-8") == text, (
        "docs/indicators.md is out of date: run `python manage.py indicators --docs`"
    )


@pytest.mark.django_db
def test_docs_can_be_written_to_standard_output():
    assert run("--docs", "--output", "-") == render_docs()
