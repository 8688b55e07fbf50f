"""manage.py indicators PERIOD [--json] [--code PREFIX] [--check]
manage.py indicators --docs [--output PATH]

Computes every registered indicator for a period and prints a zh-Hant table, or (``--json``)
one JSON object ``{code: {"value", "unit", "numerator", "denominator"}}``. ``--check`` evaluates
the declared cross-checks instead (labor/stats/crosschecks.py), prints the broken relations
(as a JSON list with ``--json``) and exits 1 if there is any. ``--docs`` writes
docs/indicators.md from the declarations, so that the document never drifts from the code.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labor.stats import crosschecks
from labor.stats.periods import Period
from labor.stats.registry import (
    RELATION_KINDS,
    UNITS,
    Family,
    Indicator,
    Result,
    json_number,
    registry,
)

DOCS_PATH = Path(settings.BASE_DIR) / "docs" / "indicators.md"


def as_json(results: dict[str, Result], indicators: dict[str, Indicator]) -> dict:
    return {
        code: {
            "value": json_number(result.value),
            "unit": indicators[code].unit,
            "numerator": json_number(result.numerator),
            "denominator": json_number(result.denominator),
        }
        for code, result in results.items()
    }


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,f}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def table(rows: list[list[str]], right_aligned: set[int]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [_pad(cell, widths[i], i in right_aligned) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "計算指定期間的所有統計指標（例如 2023H1），以表格或 JSON 輸出；--docs 產生指標說明。"

    def add_arguments(self, parser):
        parser.add_argument(
            "period", nargs="?",
            help="期間：2023、2023H1、2023Q2、2023-06 或 asof:2023-06-30。",
        )
        parser.add_argument(
            "--json", action="store_true", help="輸出一個 JSON 物件：代碼 → 數值。"
        )
        parser.add_argument(
            "--code", metavar="PREFIX",
            help="只列出此代碼或其下的指標，例如 establishments.by_district。",
        )
        parser.add_argument(
            "--check", action="store_true",
            help="檢核指標間宣告之關係（合計、比率、餘額），列出不成立者；有不成立者時結束碼為 1。",
        )
        parser.add_argument(
            "--docs", action="store_true", help="依指標宣告產生 docs/indicators.md。"
        )
        parser.add_argument(
            "--output", metavar="PATH",
            help="--docs 的輸出檔（預設 docs/indicators.md；- 為標準輸出）。",
        )

    def handle(self, *args, **options):
        period, code = options["period"], options["code"]
        if options["docs"]:
            self._write_docs(options["output"])
            return
        if not period:
            raise CommandError(_("請指定期間，例如 2023H1。"))
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        indicators = {i.code: i for i in registry.indicators(code)}
        if not indicators:
            raise CommandError(_("沒有代碼為「%(code)s」或在其下的指標。") % {"code": code})
        results = registry.compute_all(period, prefix=code)
        if options["check"]:
            self._check(period, results, as_json=options["json"])
        elif options["json"]:
            self.stdout.write(_dumps(as_json(results, indicators)))
        else:
            self.stdout.write(self._table(period, results, indicators))

    def _check(self, period: Period, results: dict[str, Result], as_json: bool) -> None:
        breaches = crosschecks.evaluate(period, results)
        if as_json:
            self.stdout.write(_dumps([
                {**b.as_dict(), "expected": json_number(b.expected),
                 "actual": json_number(b.actual)} for b in breaches
            ]))
        else:
            for breach in breaches:
                self.stdout.write(breach.message)
        if breaches:
            raise CommandError(
                _("%(label)s：交叉檢核有 %(n)s 項關係不成立。")
                % {"label": period.label, "n": len(breaches)},
                returncode=1,
            )
        if not as_json:
            self.stdout.write(_("%(label)s：交叉檢核 %(n)s 項關係皆成立。") % {
                "label": period.label, "n": len(registry.relations()),
            })

    def _table(self, period: Period, results: dict[str, Result], indicators) -> str:
        rows = [[_("代碼"), _("名稱"), _("數值"), _("單位"), _("分子"), _("分母")]]
        for code, result in results.items():
            indicator = indicators[code]
            rows.append([
                code, indicator.label, _text(result.value), indicator.unit,
                _text(result.numerator), _text(result.denominator),
            ])
        heading = _("期間：%(label)s（%(range)s）") % {
            "label": period.label, "range": period.range_label,
        }
        if period.is_cumulative:
            heading = _("期間：%(label)s") % {"label": period.label}
        return f"{heading}\n\n{table(rows, right_aligned={2, 4, 5})}"

    def _write_docs(self, output: str | None) -> None:
        text = render_docs()
        if output == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(output) if output else DOCS_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stderr.write(_("已寫入 %(path)s。") % {"path": path})


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


# docs/indicators.md -------------------------------------------------------------------------

_DOCS_HEAD = """\
# Indicators (統計指標)

Generated by `python manage.py indicators --docs` from the declarations in each app's
`indicators.py`; do not edit by hand. A test fails when this file is out of date.

Every figure of the council report is an indicator: a dotted code (the figure's path in
`seed/figures-2023H1.yaml`), zh-Hant and English labels, a unit, a definition, and a compute
function of a period that returns the value with its numerator, its denominator and the
queryset of the records behind it (the drill-down list comes from the same query as the figure).

```
python manage.py indicators 2023H1             # zh-Hant table
python manage.py indicators 2023H1 --json      # {code: {value, unit, numerator, denominator}}
python manage.py indicators 2023 --code establishments.by_district
python manage.py indicators 2023H1 --check     # cross-checks: lists broken relations, exit 1
```

## Periods

Bounds are inclusive. Stock figures ("establishments with 50-99 workers") are taken at the
period's end; flow figures ("cases received") over start..end. An "as of" period is cumulative:
it starts at the beginning of the records (`0001-01-01`). A bare date (`2023-06-30`) is
shorthand for `asof:2023-06-30`. Anything else is refused with a zh-Hant message.

{periods}

## Values

- Counts: `numerator` is the count, `denominator` is null.
- Percentages (unit `%`): value = numerator / denominator × 100, rounded half up to 2 places
  (`labor.core.formatting.percent`); null when the denominator is 0.
- In `--json`, a value with decimal places is a JSON float, a whole value a JSON integer.

## Families

A family is one declaration for a set of codes that differ only by a key read from data
(`establishments.by_district.<district>`: one code per district of the configured city, so a
new district adds a code without a code change). Its compute function returns every member
from one grouped query and is run once per period. In the tables below a family's first row
(`<key>`) carries its shared definition; its members follow.

## Units

{units}
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _periods_table() -> str:
    rows = ["| written | start | end | 標示 | 區間標示 | English |", "|---|---|---|---|---|---|"]
    for text in ["2023", "2023H1", "2023H2", "2023Q2", "2023-06", "asof:2023-06-30"]:
        p = Period.parse(text)
        rows.append(
            f"| `{p.code}` | {p.start} | {p.end} | {p.label} | {p.range_label} | {p.label_en} |"
        )
    return "\n".join(rows)


def render_docs() -> str:
    units = "\n".join(f"- {zh} ({en})" for zh, en in UNITS.items())
    parts = [_DOCS_HEAD.replace("{periods}", _periods_table()).replace("{units}", units)]
    sections: dict[str, list[str]] = {}
    for item in registry.declarations():
        code = item.prefix if isinstance(item, Family) else item.code
        rows = sections.setdefault(code.split(".", 1)[0], [])
        if isinstance(item, Family):
            rows.append(
                f"| `{item.prefix}.<key>` | {_md(item.label)} | {_md(item.label_en)} | "
                f"{item.unit} | {_md(item.definition)} | {_md(item.definition_en)} |"
            )
            for member in item.member_indicators():
                extra = member.definition[len(item.definition):].strip()
                rows.append(
                    f"| `{member.code}` | {_md(member.label)} | {_md(member.label_en)} | "
                    f"{member.unit} | {_md(extra)} | |"
                )
        else:
            rows.append(
                f"| `{item.code}` | {_md(item.label)} | {_md(item.label_en)} | {item.unit} | "
                f"{_md(item.definition)} | {_md(item.definition_en)} |"
            )
    parts.append("## Cross-checks\n")
    parts.append(
        "Relations declared next to the indicators (`registry.relation(...)`) and evaluated on "
        "every report by `labor/stats/crosschecks.py`: a total equals the sum of its parts "
        "(`Σ prefix.*` is every member of a family), a share equals its numerator over its "
        "denominator × 100 rounded half up to its decimals, a closing balance equals the "
        "opening balance plus the period's change. A relation that does not hold is listed "
        "with the report.\n"
    )
    parts.append("| relation | kind | 說明 |\n|---|---|---|")
    parts.append("\n".join(
        f"| `{r.formula}` | {r.kind} ({RELATION_KINDS[r.kind]}) | {_md(r.description)} |"
        for r in registry.relations()
    ) + "\n")
    parts.append("## Indicators\n")
    for section, rows in sections.items():
        parts.append(f"### {section}\n")
        parts.append(
            "| code | 名稱 | English | 單位 | 定義 | Definition |\n|---|---|---|---|---|---|"
        )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)
