"""Open data: every registered indicator of a period as files for an open-data portal.

``export(period, directory)`` writes, from **one** ``registry.compute_all`` (so that every file
shows the same cut of the data):

- ``<group>.csv`` and ``<group>.json`` per indicator group, the group being the code's first
  segment (``establishments``, ``disputes``, ...). One row per indicator with the columns of
  ``FIELDS``: period, code, label, value, unit, numerator, denominator.
- ``metadata.json`` and ``metadata.csv``: what each field means (name, zh-Hant and English
  label, type, unit) and what each indicator means (code, labels, unit, definition, version),
  with the period and the time the files were generated.

Decisions:

- **CSV**: UTF-8 with a byte-order mark (Excel and the Taiwanese portals, data.gov.tw among
  them, expect it), comma-separated, ``\\r\\n`` line ends (RFC 4180), one header row in zh-Hant
  only. English labels of the columns are in the metadata, not in a second header row, which
  would break every CSV reader that takes the first row as the header and the rest as data.
- **JSON**: UTF-8 without a BOM (RFC 8259 forbids one), a flat array of objects keyed by the
  fields' English names, the shape portals serve and tools read without a schema.
- **Numbers** are written plainly: no thousands separators, a percentage as its value (48.63,
  not "48.63%"), an empty CSV cell or JSON null where there is no value (a ratio over 0, a
  count's denominator). A whole number is an integer in JSON, a Decimal with places a float.
- **Files** are named by group only; the period is in every row and in the metadata. Each
  file is written to a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from labor.stats.periods import Period
from labor.stats.registry import UNITS, Indicator, Result, json_number, registry

CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark
METADATA = "metadata"


@dataclass(frozen=True)
class Field:
    name: str  # the JSON key
    label: str  # the CSV header (zh-Hant)
    label_en: str
    type: str  # string | integer | number
    unit: str = ""  # "per row": the row's own unit column applies
    description: str = ""
    description_en: str = ""


FIELDS: tuple[Field, ...] = (
    Field("period", "統計期間", "Period", "string",
          description="期間代碼：2023（年）、2023H1（半年）、2023Q2（季）、2023-06（月）、"
                      "asof:2023-06-30（截至某日累計）。",
          description_en="Period code: 2023 (year), 2023H1 (half), 2023Q2 (quarter), 2023-06 "
                         "(month), asof:2023-06-30 (cumulative to a date)."),
    Field("code", "指標代碼", "Indicator code", "string",
          description="指標之唯一代碼，第一段為指標群組。",
          description_en="The indicator's unique dotted code; its first segment is the group."),
    Field("label", "指標名稱", "Indicator name", "string"),
    Field("value", "數值", "Value", "number", unit="per row",
          description="依該列單位；比率為百分比數值（48.63 表示 48.63%）。無法計算時留空。",
          description_en="In the row's unit; a percentage as its value (48.63 means 48.63%). "
                         "Empty when it cannot be computed (a denominator of 0)."),
    Field("unit", "單位", "Unit", "string",
          description="單位（中文）；英文對照見 units。",
          description_en="Unit (zh-Hant); English names under units."),
    Field("numerator", "分子", "Numerator", "number", unit="per row",
          description="計數之件數，或比率之分子。",
          description_en="The count, or a percentage's numerator."),
    Field("denominator", "分母", "Denominator", "number",
          description="比率之分母；計數者留空。",
          description_en="A percentage's denominator; empty for counts."),
)


def group_of(code: str) -> str:
    """The indicator group: the code's first segment."""
    return code.split(".", 1)[0]


def _cell(value) -> str:
    """A figure as the CSV has it: plain digits (Decimal keeps its places), empty for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def row(period: Period, indicator: Indicator, result: Result) -> dict:
    return {
        "period": period.code,
        "code": indicator.code,
        "label": indicator.label,
        "value": json_number(result.value),
        "unit": indicator.unit,
        "numerator": json_number(result.numerator),
        "denominator": json_number(result.denominator),
    }


def csv_text(rows: list[dict], fields=FIELDS) -> str:
    """The rows as CSV text (without the BOM: the encoding adds it)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.label for f in fields])
    for item in rows:
        writer.writerow([_cell(item.get(f.name)) for f in fields])
    return buffer.getvalue()


def _write(path: Path, text: str, encoding: str) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def metadata(period: Period, indicators: list[Indicator], generated_at: dt.datetime,
             groups: list[str]) -> dict:
    stamp = generated_at.isoformat(timespec="seconds")
    return {
        "title": "勞動局統計指標開放資料",
        "title_en": "Labor bureau statistical indicators (open data)",
        "period": {
            "code": period.code,
            "label": period.label,
            "label_en": period.label_en,
            "start": None if period.is_cumulative else period.start.isoformat(),
            "end": period.end.isoformat(),
            "cumulative": period.is_cumulative,
        },
        "generated_at": stamp,
        "encoding": {"csv": "UTF-8 with BOM, comma-separated, CRLF", "json": "UTF-8"},
        "files": [
            {"group": g, "csv": f"{g}.csv", "json": f"{g}.json",
             "indicators": sum(1 for i in indicators if group_of(i.code) == g)}
            for g in groups
        ],
        "fields": [
            {"name": f.name, "label": f.label, "label_en": f.label_en, "type": f.type,
             "unit": f.unit, "description": f.description, "description_en": f.description_en}
            for f in FIELDS
        ],
        "units": [{"unit": zh, "unit_en": en} for zh, en in UNITS.items()],
        "indicators": [
            {
                "code": i.code,
                "group": group_of(i.code),
                "label": i.label,
                "label_en": i.label_en,
                "unit": i.unit,
                "unit_en": UNITS[i.unit],
                "definition": i.definition,
                "definition_en": i.definition_en,
                "version": i.version,
                "period": period.code,
                "generated_at": stamp,
            }
            for i in indicators
        ],
    }


# metadata.csv: the fields, then the indicators, one row each, told apart by the first column.
METADATA_COLUMNS: tuple[Field, ...] = (
    Field("kind", "類別", "Kind", "string", description="欄位 或 指標"),
    Field("name", "名稱或代碼", "Name or code", "string"),
    Field("label", "中文名稱", "Name (zh-Hant)", "string"),
    Field("label_en", "英文名稱", "Name (English)", "string"),
    Field("type", "資料型態", "Type", "string"),
    Field("unit", "單位", "Unit", "string"),
    Field("definition", "定義", "Definition", "string"),
    Field("definition_en", "英文定義", "Definition (English)", "string"),
    Field("version", "定義版次", "Definition version", "integer"),
    Field("period", "統計期間", "Period", "string"),
    Field("generated_at", "產製時間", "Generated at", "string"),
)


def metadata_rows(meta: dict) -> list[dict]:
    rows = [
        {"kind": "欄位", "name": f["name"], "label": f["label"], "label_en": f["label_en"],
         "type": f["type"], "unit": f["unit"], "definition": f["description"],
         "definition_en": f["description_en"], "period": meta["period"]["code"],
         "generated_at": meta["generated_at"]}
        for f in meta["fields"]
    ]
    rows += [
        {"kind": "指標", "name": i["code"], "label": i["label"], "label_en": i["label_en"],
         "type": "number", "unit": i["unit"], "definition": i["definition"],
         "definition_en": i["definition_en"], "version": i["version"], "period": i["period"],
         "generated_at": i["generated_at"]}
        for i in meta["indicators"]
    ]
    return rows


def export(period: Period | str, directory: str | Path,
           generated_at: dt.datetime | None = None) -> list[Path]:
    """Write the open-data files of ``period`` into ``directory`` (created if missing);
    return the paths written, metadata last."""
    period = Period.parse(period)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    generated_at = timezone.localtime(generated_at or timezone.now())
    indicators = registry.indicators()
    results = registry.compute_all(period)
    by_code = {i.code: i for i in indicators}

    grouped: dict[str, list[dict]] = {}
    for code, result in results.items():
        grouped.setdefault(group_of(code), []).append(row(period, by_code[code], result))

    written: list[Path] = []
    for group, rows in grouped.items():
        csv_path, json_path = directory / f"{group}.csv", directory / f"{group}.json"
        _write(csv_path, csv_text(rows), CSV_ENCODING)
        _write(json_path, _json(rows), "utf-8")
        written += [csv_path, json_path]

    meta = metadata(period, indicators, generated_at, list(grouped))
    meta_json, meta_csv = directory / f"{METADATA}.json", directory / f"{METADATA}.csv"
    _write(meta_json, _json(meta), "utf-8")
    _write(meta_csv, csv_text(metadata_rows(meta), METADATA_COLUMNS), CSV_ENCODING)
    return [*written, meta_json, meta_csv]
