"""The report's 數據檢核 prints every balance identity with its terms, holding or not: the
seed's own printed balance (7億3,221萬4,039元) is NT$270 off the sum of its two terms, and a
reader must see that at a glance."""

import datetime as dt

import pytest
from django.utils import timezone

from labor.core.documents import Paragraph
from labor.council import report
from labor.council.figures import Figure, FigureSet
from labor.stats.periods import Period

pytestmark = pytest.mark.django_db

LABELS = {"fund.balance": "累計基金餘額", "fund.surplus_accumulated_2022": "上年度累積賸餘",
          "fund.surplus_2023": "本年度截至期末賸餘"}


def balance_lines(balance: int) -> list[str]:
    values = {"fund.balance": balance, "fund.surplus_accumulated_2022": 721_406_226,
              "fund.surplus_2023": 10_808_083}
    figures = FigureSet(
        period=Period.parse("2023H1"),
        figures={code: Figure(code, LABELS[code], "元", value) for code, value in values.items()},
        cut_off=timezone.make_aware(dt.datetime(2023, 7, 1)), source="測試", breaches=[])
    built = report.build(figures, {})
    texts = [b.text for b in built.spec.blocks if isinstance(b, Paragraph)]
    start = texts.index("餘額勾稽（依帳冊分錄計算，逐項列出）：")
    return texts[start + 1:]


def test_the_ledgers_balance_is_printed_as_the_sum_of_its_terms():
    assert balance_lines(732_214_309) == [
        "・累計基金餘額7億3,221萬4,309元＝上年度累積賸餘7億2,140萬6,226元＋"
        "本年度截至期末賸餘1,080萬8,083元（相符）。"]


def test_a_balance_that_is_not_the_sum_of_its_terms_is_printed_as_such():
    assert balance_lines(732_214_039)[0].endswith("（不符）。")
