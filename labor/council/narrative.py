"""The narrative's placeholders and the review of hand-typed numbers.

A figure in the narrative is written as a placeholder of its indicator code,
``{disputes.cases_handled}``, and printed in the unit's form:

- a count: thousands commas (1,970); the text around it names the unit (件, 人次);
- a percentage: the indicator's own decimals and the sign (55.89%, 80%);
- an amount (元): 億/萬 groups with 元 (7億2,140萬6,226元).

An Arabic number typed by hand is not an error (a narrative may cite a law's article) but it
is *flagged for review*: a figure typed by hand is exactly what the placeholders exist to
prevent. Dates and ordinals are not flagged: 112年, 6月, 30日, 第2次, 第14屆, and list markers
such as (1) or a leading "1.".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from labor.core.formatting import count, twd_units

from .figures import Figure

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+(?:\.[a-z0-9_]+)+)\}")
# Anything in braces that looks like it was meant as a placeholder.
BRACED = re.compile(r"\{([^{}\s]{1,200})\}")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A number followed by one of these is a date, a time or an ordinal count of a session.
_DATE_AFTER = re.compile(r"\s*(年|月|日|時|分|屆|學年|學期)")
_ORDINAL_BEFORE = re.compile(r"第\s*$")
_MARKER = re.compile(r"(^|\n)\s*$")  # a list marker "1." or "1、" at the start of a line
MISSING = "（無資料）"


@dataclass(frozen=True)
class Flag:
    section_key: str
    number: str
    context: str

    def __str__(self):
        return f"{self.section_key}：「{self.number}」（…{self.context}…）"


def format_figure(figure: Figure) -> str:
    value = figure.value
    if value is None:
        return MISSING
    if figure.unit == "%":
        return f"{Decimal(value):f}%"
    if figure.unit == "元":
        return twd_units(int(value))
    return count(value)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_placeholders(text: str, known: Iterable[str]) -> list[str]:
    """Every braced token that is not a known indicator code, in order of appearance."""
    known = set(known)
    out = []
    for token in BRACED.findall(text or ""):
        if token not in known and token not in out:
            out.append(token)
    return out


def validate(text: str, known: Iterable[str]) -> None:
    """Refuse a narrative whose placeholders do not all name a registered indicator."""
    unknown = unknown_placeholders(text, known)
    if unknown:
        raise ValidationError(
            {"text": [f"未知的指標代碼：{{{token}}}；請使用已登錄之指標代碼（例如"
                      f"{{disputes.cases_handled}}）。" for token in unknown]},
            code="unknown_placeholder",
        )


def render(text: str, figures: dict[str, Figure]) -> str:
    """The narrative with every placeholder replaced by its formatted figure."""

    def replace(match: re.Match) -> str:
        figure = figures.get(match.group(1))
        return format_figure(figure) if figure else MISSING

    return PLACEHOLDER.sub(replace, text or "")


def hand_typed_numbers(text: str, section_key: str = "") -> list[Flag]:
    """Arabic numbers typed by hand (outside placeholders), except dates and ordinals."""
    # Blank out placeholders keeping positions, so contexts are taken from the text as typed.
    masked = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text or "")
    flags = []
    for match in NUMBER.finditer(masked):
        before, after = masked[:match.start()], masked[match.end():]
        if _DATE_AFTER.match(after) or _ORDINAL_BEFORE.search(before):
            continue
        if _MARKER.search(before) and re.match(r"[.、]", after):
            continue
        if re.search(r"[(（]\s*$", before) and re.match(r"\s*[)）]", after):
            continue
        context = (text or "")[max(0, match.start() - 8):match.end() + 8].replace("\n", " ")
        flags.append(Flag(section_key, match.group(0), context.strip()))
    return flags
