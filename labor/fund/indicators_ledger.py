"""The fund's ledger figures of the council report (seed/figures-2023H1.yaml ``fund:``,
section 貳.一.(一).3): the accumulated surplus of the year before, the surplus of the year to
the period's end and the balance at the period's end, all derived from the journal
(labor/fund/selectors_ledger.py), never typed.

The codes carry the seed's years (``surplus_accumulated_2022``, ``surplus_2023``) because the
figures file names them so; their definitions are relative to the period: for a period ending
in year Y, the accumulated surplus is the balance at the end of Y − 1 and the surplus runs from
1 January of Y to the period's end. So for 2023H1: the balance on 2022-12-31, the surplus of
2023-01-01 to 2023-06-30, the balance on 2023-06-30.

The balance relation (fund.balance = fund.surplus_accumulated_2022 + fund.surplus_2023) holds
by double entry whenever no opening-balance entry (Dr 1101 / Cr 3101) is dated in Y: the ledger
gives 721,406,226 + 10,808,083 = 732,214,309 where the seed prints 732,214,039.

Imported by labor/fund/indicators.py (the module the registry discovers).
"""

from __future__ import annotations

import datetime as dt

from labor.fund import selectors_ledger as ledger
from labor.stats.periods import Period
from labor.stats.registry import Result, registry


def _year_start(period: Period) -> dt.date:
    return dt.date(period.end.year, 1, 1)


def _previous_year_end(period: Period) -> dt.date:
    return dt.date(period.end.year - 1, 12, 31)


_BALANCE = "資產減負債（現金及銀行存款等）依分錄明細計算，不另行登打"
_BALANCE_EN = "assets minus liabilities (cash and bank deposits), derived from the journal lines"


@registry.indicator(
    code="fund.surplus_accumulated_2022",
    label="上年度累積賸餘",
    label_en="Accumulated surplus at the end of the previous year",
    unit="元",
    definition=(f"勞工權益基金於期末所屬年度之前一年12月31日之基金餘額（{_BALANCE}）；"
                "例如112年上半年為111年12月31日之餘額。"),
    definition_en=(f"The labor rights fund's balance on 31 December of the year before the "
                   f"period's end ({_BALANCE_EN}); for the first half of 2023, the balance on "
                   "31 December 2022."),
)
def surplus_accumulated(period: Period) -> Result:
    on = _previous_year_end(period)
    return Result.amount(ledger.balance(on), ledger.balance_lines(on))


@registry.indicator(
    code="fund.surplus_2023",
    label="本年度截至期末賸餘",
    label_en="Surplus of the year to the period's end",
    unit="元",
    definition=("勞工權益基金自期末所屬年度1月1日起至期末之收入減支出（收支均以記帳日期計，"
                "現金基礎；收入含市府撥入、利息、收回訴訟補助款及其他收入，支出含各項補助及"
                "業務費用）；負數為短絀。"),
    definition_en=("The labor rights fund's income minus expenditure from 1 January of the "
                   "period's end year to the period's end, by posting date (cash basis; income: "
                   "city appropriations, interest, subsidies repaid, other income; expenditure: "
                   "every subsidy and programme and the administrative expenses); negative is a "
                   "deficit."),
)
def surplus_year_to_date(period: Period) -> Result:
    start, end = _year_start(period), period.end
    return Result.amount(ledger.period_surplus(start, end), ledger.surplus_lines(start, end))


@registry.indicator(
    code="fund.balance",
    label="累計基金餘額",
    label_en="Fund balance",
    unit="元",
    definition=f"勞工權益基金於期末之基金餘額（{_BALANCE}）。",
    definition_en=f"The labor rights fund's balance at the period's end ({_BALANCE_EN}).",
)
def fund_balance(period: Period) -> Result:
    return Result.amount(ledger.balance(period.end), ledger.balance_lines(period.end))


registry.relation(
    "balance", "fund.balance",
    opening="fund.surplus_accumulated_2022", change="fund.surplus_2023",
    description="累計基金餘額等於上年度累積賸餘加本年度截至期末賸餘。",
)
