"""The labor rights fund's figures of the council report (seed/figures-2023H1.yaml, ``fund.*``;
section 貳.一.(一).3).

The ledger's three figures (fund.surplus_accumulated_2022, fund.surplus_2023, fund.balance and
their balance relation) are declared in labor/fund/indicators_ledger.py, imported first so that
the section's figures are listed in the report's order. The others are declared here.

Definitions (the contract of issue 7, stated in each indicator's definition). P is the period
[start, end], both days included.

- **Applications received** (受理申請): the Taipei date of the case's receipt is in P.
- **Approved** (通過核予補助): the decision (``decided_on``) is in P and it approved the
  application (a state change to 核定補助 recorded; closed since or not) with approved items
  adding up to more than 0, whenever it was received. Refusals do not count. 補助人數 counts
  the applicants of those applications (a joint application of three workers: 3); 補助金額 adds
  up their approved amounts (核定金額, not what was paid so far). By case type: 解僱, 職災,
  關廠 as the report prints them, and 積欠工資 and 其他 (helper codes, so that the types add up to
  the approved applications).
- **The recovery book at the end of P** (應追蹤案件, cumulative): applications with a claim
  assessed on or before P's end of which something is outstanding on that day (the claim minus
  its repayments and reclassifications dated on or before it). Its amount is the outstanding
  total; the shares are per item: court fees (裁判費, every instance), lawyer fees of the third
  instance (第三審律師費, the only lawyer fees that are costs a losing employer bears: 民事訴訟法
  art. 466-3) and living expenses (生活費用), each over the whole book, rounded half up to 2
  decimals. What is neither (enforcement fees, other lawyer fees) is the helper
  fund.recovery_amount_other, so that the parts add up to the book.
- **Repaid and reclassified in P** (繳還、轉列): repayments (cash, with a journal entry) and
  reclassifications (轉列, without cash) dated in P, by item kind.

The queries are labor/fund/selectors.py's (shared with the pages).
"""

from __future__ import annotations

from labor.fund import (
    indicators_ledger,  # noqa: F401  (the ledger's figures come first)
    selectors,
)
from labor.fund.models import CaseType, ItemKind
from labor.stats.periods import Period
from labor.stats.registry import Result, registry


def _declare(code, label, label_en, unit, definition, definition_en, compute):
    registry.indicator(code=code, label=label, label_en=label_en, unit=unit,
                       definition=definition, definition_en=definition_en)(compute)


# --- applications -------------------------------------------------------------------------------

_APPROVED = ("核定日期在期間內、經核定補助（其後結案者亦計入）且核定金額合計大於0之訴訟補助"
             "申請案件，不論收件日期；不予補助者不計")
_APPROVED_EN = ("Litigation-subsidy applications decided in the period and approved (closed "
                "since or not) with approved items adding up to more than 0, whenever received; "
                "refusals do not count")

_declare("fund.litigation_applications", "受理申請訴訟補助件數",
         "Litigation-subsidy applications received", "件",
         "勞工權益基金訴訟補助申請案件（線上及臨櫃，勞工、多名勞工共同或工會申請），收件時間"
         "（臺北時間）之日期在期間內者；一申請案計一件，不論其後審查結果。",
         "Litigation-subsidy applications (online and at the counter; by a worker, several "
         "workers or a union) received in the period (Taipei date); one application counts "
         "once, whatever its decision.",
         lambda period: Result.count(selectors.received(period)))
_declare("fund.litigation_approved", "通過核予補助件數", "Applications approved", "件",
         f"{_APPROVED}。",
         f"{_APPROVED_EN}.",
         lambda period: Result.count(selectors.approved(period)))


def _persons(period: Period) -> Result:
    records = selectors.approved_applicants(period)
    return Result.count(records)


_declare("fund.litigation_persons", "補助人數", "Workers subsidised", "人",
         f"{_APPROVED}之申請人（勞工）人數；多名勞工共同申請或工會為會員申請者，依申請人數計。",
         f"The applicants (workers) of the {_APPROVED_EN[0].lower()}{_APPROVED_EN[1:]}; a joint "
         "application or a union's application counts every worker it is for.",
         _persons)


def _amount(period: Period) -> Result:
    return Result.amount(selectors.approved_amount(period), selectors.approved(period))


_declare("fund.litigation_amount", "補助金額", "Amount approved", "元",
         f"{_APPROVED}之各補助項目核定金額合計（核定數，非截至期末已撥付數）。",
         f"The approved amounts of the items of the {_APPROVED_EN[0].lower()}"
         f"{_APPROVED_EN[1:]} (as approved, not as paid so far).",
         _amount)

CASE_TYPES = {
    # code suffix: (case type, zh-Hant label, English label)
    "dismissal": (CaseType.DISMISSAL, "核予補助案件－解僱", "Approved: dismissal"),
    "occupational_injury": (CaseType.OCCUPATIONAL_INJURY, "核予補助案件－職災",
                            "Approved: occupational injury"),
    "plant_closure": (CaseType.PLANT_CLOSURE, "核予補助案件－關廠", "Approved: plant closure"),
    "unpaid_wages": (CaseType.UNPAID_WAGES, "核予補助案件－積欠工資", "Approved: unpaid wages"),
    "other": (CaseType.OTHER, "核予補助案件－其他", "Approved: other"),
}


def _by_case_type(case_type: str):
    def compute(period: Period) -> Result:
        return Result.count(selectors.approved(period).filter(case_type=case_type))

    return compute


for _suffix, (_type, _label, _label_en) in CASE_TYPES.items():
    _declare(f"fund.approved_{_suffix}", _label, _label_en, "件",
             f"{_APPROVED}中，訴訟類別為「{_type.label}」者。",
             f"Of the {_APPROVED_EN[0].lower()}{_APPROVED_EN[1:]}, those whose lawsuit is of "
             f"the type {_type.value.replace('_', ' ')}.",
             _by_case_type(_type))

registry.relation(
    "sum", "fund.litigation_approved",
    parts=[f"fund.approved_{suffix}" for suffix in CASE_TYPES],
    description="通過核予補助件數等於各訴訟類別（解僱、職災、關廠、積欠工資、其他）核予補助件數之合計。",
)

# --- the recovery book --------------------------------------------------------------------------

_BOOK = ("截至期末（期間末日）已認定應繳還、且依期末以前之繳還及轉列計算尚有未繳還金額之訴訟補助"
         "申請案件（累計，不論認定日期）")
_BOOK_EN = ("applications with a recovery claim assessed on or before the period's last day of "
            "which something is outstanding on that day after the repayments and "
            "reclassifications dated on or before it (cumulative, whenever assessed)")


def _book_end(period: Period):
    return period.end


_declare("fund.recovery_cases", "應追蹤案件數（累計）", "Applications in the recovery book", "件",
         f"{_BOOK}之件數。",
         f"The number of {_BOOK_EN}.",
         lambda period: Result.count(selectors.book(_book_end(period))))


def _book_amount(period: Period) -> Result:
    claims = selectors.open_claims(_book_end(period))
    return Result.amount(sum(selectors.outstanding_by_kind(_book_end(period)).values()), claims)


_declare("fund.recovery_amount", "應追蹤金額（催繳金額）",
         "Amount outstanding in the recovery book", "元",
         f"{_BOOK}之未繳還金額合計（應繳還金額減期末以前之繳還及轉列）。",
         f"The amounts outstanding of the {_BOOK_EN} (claims less the repayments and "
         "reclassifications dated on or before the period's last day).",
         _book_amount)

# code suffix: (zh-Hant label, English label, definition, English definition, selects)
BOOK_PARTS = {
    "court_fees": (
        "裁判費", "court fees",
        "裁判費（各審級）", "court fees (every instance)",
        lambda kind, instance: kind == ItemKind.COURT_FEE,
    ),
    "third_instance_lawyer_fees": (
        "第三審律師費", "third-instance lawyer fees",
        "第三審之律師費（民事訴訟法第466條之3，屬訴訟費用）",
        "lawyer fees of the third instance (part of the costs, 民事訴訟法 art. 466-3)",
        lambda kind, instance: kind == ItemKind.LAWYER_FEE and instance == 3,
    ),
    "living_expenses": (
        "生活費用", "living expenses",
        "訴訟期間生活費用", "living expenses during the lawsuit",
        lambda kind, instance: kind == ItemKind.LIVING_EXPENSES,
    ),
}


def _book_part(period: Period, selects) -> int:
    return sum(amount for (kind, instance), amount
               in selectors.outstanding_by_item(_book_end(period)).items()
               if selects(kind, instance))


def _book_other(period: Period) -> int:
    return sum(amount for (kind, instance), amount
               in selectors.outstanding_by_item(_book_end(period)).items()
               if not any(part[4](kind, instance) for part in BOOK_PARTS.values()))


def _part_amount(selects):
    def compute(period: Period) -> Result:
        return Result.amount(_book_part(period, selects))

    return compute


def _part_share(selects):
    def compute(period: Period) -> Result:
        end = _book_end(period)
        return Result.ratio(_book_part(period, selects),
                            sum(selectors.outstanding_by_kind(end).values()),
                            records=selectors.open_claims(end), places=2)

    return compute


for _suffix, (_label, _label_en, _what, _what_en, _selects) in BOOK_PARTS.items():
    _declare(f"fund.recovery_amount_{_suffix}", f"應追蹤金額－{_label}",
             f"Outstanding in the recovery book: {_label_en}", "元",
             f"{_BOOK}之未繳還金額中，屬{_what}者之合計。",
             f"Of the amounts outstanding of the {_BOOK_EN}, those of {_what_en}.",
             _part_amount(_selects))
    _declare(f"fund.recovery_share_{_suffix}", f"{_label}占催繳金額比率",
             f"Share of {_label_en} in the recovery book", "%",
             f"{_what}之未繳還金額除以應追蹤金額（百分比，四捨五入至小數2位）。",
             f"The amount outstanding of {_what_en} divided by the whole amount outstanding in "
             "the recovery book, as a percentage (2 decimals, half up).",
             _part_share(_selects))
    registry.relation(
        "ratio", f"fund.recovery_share_{_suffix}",
        numerator=f"fund.recovery_amount_{_suffix}", denominator="fund.recovery_amount",
        description=f"{_label}占催繳金額比率等於{_label}未繳還金額除以應追蹤金額（四捨五入至小數2位）。",
    )

_declare("fund.recovery_amount_other", "應追蹤金額－其他項目",
         "Outstanding in the recovery book: other items", "元",
         f"{_BOOK}之未繳還金額中，非裁判費、第三審律師費及生活費用者（強制執行費、第一、二審律師費）"
         "之合計。",
         f"Of the amounts outstanding of the {_BOOK_EN}, those of other items than court fees, "
         "third-instance lawyer fees and living expenses (enforcement fees, lawyer fees of the "
         "first two instances).",
         lambda period: Result.amount(_book_other(period)))

registry.relation(
    "sum", "fund.recovery_amount",
    parts=[*(f"fund.recovery_amount_{suffix}" for suffix in BOOK_PARTS),
           "fund.recovery_amount_other"],
    description="應追蹤金額等於裁判費、第三審律師費、生活費用及其他項目未繳還金額之合計。",
)

# --- repaid and reclassified --------------------------------------------------------------------

_MOVED = ("繳還（收回訴訟補助款）及轉列之日期在期間內者，依判決結果、和解及撤回等情形認定應繳還"
          "之款項")
_MOVED_EN = ("repayments (cash) and reclassifications (轉列) dated in the period of amounts to be "
             "paid back after a judgment, a settlement or a withdrawal")

RECOVERED = {
    # code suffix: (item kind, zh-Hant label, English name of the item)
    "lawyer_fees": (ItemKind.LAWYER_FEE, "繳還及轉列－律師費", "lawyer fees"),
    "court_fees": (ItemKind.COURT_FEE, "繳還及轉列－裁判費", "court fees"),
    "enforcement_fees": (ItemKind.ENFORCEMENT_FEE, "繳還及轉列－強制執行費", "enforcement fees"),
    "living_expenses": (ItemKind.LIVING_EXPENSES, "繳還及轉列－生活費用", "living expenses"),
}


def _recovered(kind: str):
    def compute(period: Period) -> Result:
        records = selectors.movements(period).filter(claim__item__kind=kind)
        return Result.amount(selectors.movements_by_kind(period)[kind], records)

    return compute


for _suffix, (_kind, _label, _item_en) in RECOVERED.items():
    _declare(f"fund.recovered_{_suffix}", _label, f"Repaid and reclassified: {_item_en}", "元",
             f"{_MOVED}中，屬{_kind.label}者之金額合計。",
             f"The {_MOVED_EN}, of {_item_en}: their amounts added up.",
             _recovered(_kind))


def _recovered_total(period: Period) -> Result:
    records = selectors.movements(period)
    return Result.amount(sum(selectors.movements_by_kind(period).values()), records)


_declare("fund.recovered_total", "繳還及轉列合計", "Repaid and reclassified: total", "元",
         f"{_MOVED}之金額合計（各補助項目）。",
         f"The {_MOVED_EN}: their amounts added up (every item).",
         _recovered_total)

registry.relation(
    "sum", "fund.recovered_total",
    parts=[f"fund.recovered_{suffix}" for suffix in RECOVERED],
    description="繳還及轉列合計等於律師費、裁判費、強制執行費及生活費用之繳還及轉列金額合計。",
)

