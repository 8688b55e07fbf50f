"""The council work report as a DocumentSpec: the outline (structure.py) filled with the
period's narrative (narrative.py) and figures (figures.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from labor.core.documents import DocumentSpec, Heading, Paragraph, Table, issuing_office
from labor.core.formatting import TAIPEI, count, roc_date, twd_units
from labor.stats.registry import registry

from . import charts, narrative, structure
from .document import Image
from .figures import FigureSet
from .structure import NOT_YET_NOTE, Section

NOT_WRITTEN = "（本期內文尚未撰寫。）"
HEADCOUNT_PREFIX = "establishments.by_headcount."
# The section after which the chart of handled cases by outcome is printed.
OUTCOME_CHART_AFTER = "rights.protection.disputes"


@dataclass
class Report:
    spec: DocumentSpec
    figures: FigureSet
    flags: list[narrative.Flag]
    sections_without_data: list[str]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _automatic(section: Section, figures: FigureSet) -> str:
    """The figures of a section without narrative, label by label."""
    parts = []
    for code in section.codes:
        figure = figures.figures[code]
        unit = "" if figure.unit in ("%", "元") else figure.unit
        parts.append(f"{figure.label}{narrative.format_figure(figure)}{unit}")
    return "，".join(parts) + "。" if parts else ""


class _Builder:
    def __init__(self, figures: FigureSet, texts: dict[str, str]):
        self.figures = figures
        self.texts = texts
        self.registered = figures.registered()
        self.blocks: list = []
        self.flags: list[narrative.Flag] = []
        self.without_data: list[str] = []

    def text_of(self, section_key: str) -> str:
        text = self.texts.get(section_key, "")
        self.flags.extend(narrative.hand_typed_numbers(text, section_key))
        return narrative.render(text, self.figures.figures)

    def section(self, section: Section):
        if section.children:
            self.blocks.append(Heading(section.heading))
            for child in section.children:
                self.section(child)
            return
        has_data = section.has_data(self.registered)
        if has_data:
            paragraphs = _paragraphs(self.text_of(section.key))
            if not paragraphs and not section.narrative_only and section.codes:
                paragraphs = [_automatic(section, self.figures)]
            if not paragraphs:
                paragraphs = [NOT_WRITTEN]
        else:
            self.without_data.append(section.key)
            paragraphs = [NOT_YET_NOTE]
        if section.level >= 4:
            self.blocks.append(Paragraph(f"{section.heading}：{paragraphs[0]}"))
            paragraphs = paragraphs[1:]
        else:
            self.blocks.append(Heading(section.heading))
        self.blocks.extend(Paragraph(text) for text in paragraphs)
        if section.table:
            self.table(section.table, has_data)
        if has_data and section.key == OUTCOME_CHART_AFTER:
            self.outcome_chart()

    def outcome_chart(self):
        png = charts.outcome_chart(self.figures)
        if png is not None:
            caption = f"圖：{charts.OUTCOME_TITLE}（{self.figures.period.range_label}）"
            self.blocks.append(Image(png=png, caption=caption))

    def table(self, table: structure.ReportTable, has_data: bool):
        caption = f"表{table.number}：{table.title}（{self.figures.period.range_label}）"
        self.blocks.append(Paragraph(caption))
        if not has_data:
            return  # the note above stands for the table's figures
        rows = [(row.label, narrative.format_figure(self.figures.figures[row.code]))
                for row in table.rows]
        self.blocks.append(Table(header=("項目", "數量"), rows=rows, widths=(3, 2),
                                 numeric=(1,)))

    def appendix(self):
        bands = [f for code, f in self.figures.figures.items()
                 if code.startswith(HEADCOUNT_PREFIX)]
        total = self.figures.figures.get("establishments.total")
        if not bands or total is None:
            return
        self.blocks.append(Heading(structure.APPENDIX_TITLE))
        self.blocks.extend(Paragraph(t) for t in _paragraphs(self.text_of(structure.APPENDIX_KEY)))
        end = roc_date(self.figures.period.end)
        rows = [(f.label.removesuffix("之事業單位數").removesuffix("事業單位數"), count(f.value))
                for f in bands]
        rows.append(("合計", count(total.value)))
        self.blocks.append(Paragraph(f"表：本市事業單位家數（截至{end}，依員工人數級距）"))
        self.blocks.append(Table(header=("員工人數級距", "家數"), rows=rows, widths=(3, 2),
                                 numeric=(1,)))

    def checks(self):
        breaches = self.figures.breaches
        if breaches is None:
            return
        self.blocks.append(Heading("數據檢核"))
        self.blocks.append(Paragraph("本報告所列數據之勾稽關係檢核結果（不符者逐項列出）："))
        if not breaches:
            self.blocks.append(Paragraph("無"))
        self.blocks.extend(Paragraph(f"・{breach}") for breach in breaches)
        self.balances()

    def balances(self):
        """Every balance identity (a fund's balance = its accumulated surplus + the period's
        surplus) printed with its terms whether or not it holds: a reader checks the sum
        without a calculator, and a figure printed elsewhere that differs is visible."""
        figures = self.figures.figures
        lines = []
        for relation in registry.relations():
            terms = (relation.code, relation.opening, *relation.change)
            if relation.kind != "balance" or not all(code in figures for code in terms):
                continue
            values = [figures[code].value for code in terms]
            if any(v is None for v in values):
                continue
            total, opening, *change = values
            holds = total == opening + sum(change)
            right = "＋".join(f"{figures[c].label}{twd_units(v)}"
                             for c, v in zip(terms[1:], values[1:], strict=True))
            lines.append(f"・{figures[relation.code].label}{twd_units(total)}＝{right}"
                         f"（{'相符' if holds else '不符'}）。")
        if lines:
            self.blocks.append(Paragraph("餘額勾稽（依帳冊分錄計算，逐項列出）："))
            self.blocks.extend(Paragraph(line) for line in lines)


def build(figures: FigureSet, texts: dict[str, str]) -> Report:
    builder = _Builder(figures, texts)
    period = figures.period
    office = issuing_office()
    cut_off = timezone.localtime(figures.cut_off, TAIPEI)
    builder.blocks.append(Paragraph(
        f"議長、副議長、各位議員女士、先生：謹就本局{period.label}各項工作成果與未來施政重點"
        "提出報告，敬請指教。", lead=True))
    builder.blocks.append(Paragraph(
        f"本報告數據由本局資訊系統依業務紀錄自動產生（{figures.source}；資料截止"
        f"{roc_date(cut_off)}{cut_off:%H:%M}）。"))
    for section in structure.OUTLINE:
        builder.section(section)
    builder.appendix()
    builder.checks()
    spec = DocumentSpec(
        title=f"{office}工作報告", number=period.label, number_label="報告期間",
        issued_on=timezone.localdate(), date_label="產製日期",
        office=office.split("政府")[0] + "議會",
        blocks=builder.blocks,
    )
    return Report(spec=spec, figures=figures, flags=builder.flags,
                  sections_without_data=builder.without_data)
