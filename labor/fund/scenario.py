"""The labor rights fund's part of the demo scenario (see labor.core.scenarios for how parts
load).

Parts:

- ``fund.roles``: the line's roles — ``fund-officer`` (review, propose, pay, recover, read and
  post the journal) and ``fund-supervisor`` (the same, and approve: the checker) — given to the
  staff of the units that work the line (勞資關係科: ``labor-relations.officer`` proposes,
  ``labor-relations.supervisor`` approves).
- ``fund.subsidies``: the fund's litigation subsidies and ledger as individual records:
  applications of workers, of several workers together and of unions (online and at the
  counter), the review (補正, completeness, the committee, the proposal per item by the
  officer and its approval by the supervisor, refusals), the payments per item, the lawsuits'
  outcomes, the recovery claims with their notices, repayments and reclassifications (轉列), and
  the fund's journal: an opening balance, the city's yearly appropriation, interest, the
  tuition subsidy and the other programmes the fund pays for, every payment and repayment of
  the subsidies as the services post them. The history starts four years before ``as_of``'s
  year (the recovery book is cumulative: claims assessed years ago are still being repaid).
  The applications of the half cite failed mediations (調解不成立) of the disputes part —
  a worker's, several workers', a union's — where one fits; earlier ones, from before the
  platform, cite the mediation record's number as written.

**The targets.** The counts below are this demo world's own, chosen so that the council
report's 2023H1 figures (seed/figures-2023H1.yaml, ``fund.*``) come out of the records: 32
applications received in the half (21 of them approved, 3 refused, 8 still in review); 25
approved in the half (4 of them received in the December before), 22 dismissal, 1
occupational injury and 2 plant closures (one of three workers together, one of a union for
four of its members: 30 workers), approved items adding up to NT$4,641,728; on ``as_of`` 90
applications in the recovery book owing NT$14,380,217 (court fees 1,627,417 = 11.32 %,
third-instance lawyer fees 469,900 = 3.27 %, living expenses 12,282,900 = 85.42 %, half up);
repaid and reclassified in the half: lawyer fees 294,056, court fees 973,445, enforcement fees
26,607, living expenses 4,383,558. The journal's balance on the last day of the year before
is NT$721,406,226 and the half's income minus expenditure NT$10,808,083, so the balance on
``as_of`` is 732,214,309 (the seed prints 732,214,039). Only this module knows these numbers;
the indicators count records (labor/fund/indicators.py, indicators_ledger.py).

**How the figures are exact.** The book's outstanding amounts and the half's movements are
dealt per item kind first (splits of the exact totals within each item's bounds: an item's
cap on the application's received date, 40,000 or 60,000 for a lawyer fee of an instance,
the monthly living expenses times at most 12 months); then what each item was paid, what was
repaid before the half, the lawsuit's outcome (one under which every claimed item is
recoverable: rules.recovery_proposal, the officer lowering where the claim is below it) and
the dates, drawn backwards from the assessment so that everything is paid before it is
claimed and claimed before it is repaid. The approved amounts of the half are drawn per item
and brought to the exact total within the caps. The journal is written last but one: the
subsidies' payments and repayments are known by then, so the opening balance (dated the
history's first day) and one programme expense of the half (促進勞工職業技能及國民就業補助)
are what brings the balance and the surplus to the targets.

Rows are written with the model layer rather than the services, because the services stamp
their events with the current time; they are the rows the services write (labor/fund/
services_applications.py, services_recovery.py): case numbers per year in order of receipt
(core case_open), the same events (``application_submit``, ``transition``,
``committee_record``, ``decision_propose``, ``decision_approve``, ``decision_refuse``,
``disbursement_record``, ``outcome_record``, ``recovery_assess``, ``recovery_notice_issue``,
``repayment_record``, ``reclassification_record``) at the day's time, every payment and
repayment posted through ``journal_post`` with the services' accounts and descriptions. At
another scale every count and amount of the subsidies is scaled (at least one record where an
amount is left); the ledger's two targets stay (they are the fund's, not a count's).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from simple_history.utils import bulk_create_with_history

from labor.core import services as core_services
from labor.core.formatting import TAIPEI
from labor.core.models import (
    CaseEvent,
    Channel,
    District,
    Establishment,
    Person,
    Role,
    StaffProfile,
)
from labor.core.scenario import _address, _apportion, _person_name, new_personal_id
from labor.core.scenarios import Part, Progress, Scenario
from labor.core.settings_values import dated_value
from labor.council import scenario as council_scenario
from labor.disputes.models import ApplicantKind as DisputeApplicantKind
from labor.disputes.models import Dispute, Side
from labor.disputes.models import ItemKind as DisputeItemKind
from labor.disputes.models import Kind as DisputeKind
from labor.disputes.models import Outcome as DisputeOutcome
from labor.disputes.scenario import Workdays
from labor.fund import rules
from labor.fund.models import (
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    Outcome,
    RecoveryBasis,
    RecoveryClaim,
    RecoveryMovement,
    RecoveryNotice,
    Status,
)
from labor.fund.services import journal_post
from labor.fund.services_applications import CASH_ACCOUNT, EXPENSE_ACCOUNT, item_label
from labor.fund.services_recovery import RECOVERY_INCOME_ACCOUNT

# --- the targets (this demo world's numbers; see the module docstring) ---------------------------

# Approved in the half, by type (21 of them received in it).
APPROVED = {CaseType.DISMISSAL: 22, CaseType.OCCUPATIONAL_INJURY: 1, CaseType.PLANT_CLOSURE: 2}
APPROVED_AMOUNT = 4_641_728
APPROVED_RECEIVED_BEFORE = 4  # of the approved, received in the December before the half
# The plant closures' applicants: several workers together, and a union for its members.
CLOSURE_APPLICANTS = ((ApplicantKind.WORKERS, 3), (ApplicantKind.UNION, 4))
REFUSED = 3  # received in the half and refused
PENDING = {Status.SUBMITTED: 2, Status.INCOMPLETE: 2, Status.REVIEW: 2, Status.PROPOSED: 2}

# The recovery book on as_of. Claim keys: court fees, third-instance lawyer fees,
# enforcement fees, living expenses.
COURT, LAWYER3, ENFORCEMENT, LIVING = "court", "lawyer3", "enforcement", "living"
BOOK_CASES = 90
BOOK = {COURT: 1_627_417, LAWYER3: 469_900, LIVING: 12_282_900}
BOOK_CLAIMS = {COURT: 55, LAWYER3: 12, LIVING: 84}  # claims with something outstanding
BOOK_PARTIAL = {COURT: 8, LAWYER3: 3, LIVING: 18}  # of those, with movements in the half
# Repaid and reclassified in the half, over the claims the half cleared and the book's
# partial ones.
MOVED = {LAWYER3: 294_056, COURT: 973_445, ENFORCEMENT: 26_607, LIVING: 4_383_558}
CLEARED_CASES = 30  # applications whose last claims the half's movements cleared
CLEARED_CLAIMS = {COURT: 24, LAWYER3: 7, ENFORCEMENT: 3, LIVING: 22}
RECLASSIFIED_SHARE = 0.25  # of the cleared claims, cleared by a reclassification

# The years before: applications by what became of them (besides the book and the cleared).
HISTORY_YEARS = 4
HISTORY = {"cleared_before": 35, "lost": 25, "litigation": 40, "refused": 28}

# The ledger.
BALANCE_BEFORE = 721_406_226  # on 31 December of the year before as_of's
SURPLUS = 10_808_083  # income minus expenditure from 1 January to as_of
APPROPRIATION = 20_000_000  # the city's yearly appropriation (市府撥入)
INTEREST_RATES = (0.0104, 0.0080, 0.0078, 0.0095, 0.0135)  # a year, the history's years in order

# --- words --------------------------------------------------------------------------------------

DISTRICT_COURTS = ((Court.TAIPEI, 70), (Court.SHILIN, 20), (Court.NEW_TAIPEI, 10))
INSTANCE_COURT = {2: Court.HIGH, 3: Court.SUPREME}
LAWSUIT_WORDS = {1: "勞訴", 2: "勞上", 3: "台上"}
HISTORY_CASE_TYPES = ((CaseType.DISMISSAL, 66), (CaseType.OCCUPATIONAL_INJURY, 9),
                      (CaseType.PLANT_CLOSURE, 5), (CaseType.UNPAID_WAGES, 14),
                      (CaseType.OTHER, 6))  # fmt: skip
# What a cited dispute's items say about the lawsuit's type.
DISPUTE_TYPES = {
    CaseType.DISMISSAL: {DisputeItemKind.DISMISSAL, DisputeItemKind.SEVERANCE},
    CaseType.OCCUPATIONAL_INJURY: {DisputeItemKind.INJURY_COMPENSATION},
    CaseType.PLANT_CLOSURE: {DisputeItemKind.SEVERANCE, DisputeItemKind.UNPAID_WAGES},
    CaseType.UNPAID_WAGES: {DisputeItemKind.UNPAID_WAGES, DisputeItemKind.OVERTIME},
    CaseType.OTHER: set(DisputeItemKind.values),
}
STATEMENTS = {
    CaseType.DISMISSAL: "雇主違法解僱，勞資爭議調解不成立，申請人提起確認僱傭關係存在及給付工資"
                        "訴訟。",
    CaseType.OCCUPATIONAL_INJURY: "申請人執行職務受傷，雇主拒絕給付職業災害補償，調解不成立，"
                                  "提起給付訴訟。",
    CaseType.PLANT_CLOSURE: "雇主關廠歇業，積欠資遣費及工資，調解不成立，勞工共同提起給付訴訟。",
    CaseType.UNPAID_WAGES: "雇主積欠工資及加班費，調解不成立，申請人提起給付工資訴訟。",
    CaseType.OTHER: "雇主未依法提繳勞工退休金及給付特休未休工資，調解不成立，提起給付訴訟。",
}
MEDIATION_RECORDS = (
    "社團法人臺北市勞資調解服務協會調解紀錄{roc}年第{n:04d}號",
    "社團法人中華勞資和諧促進會調解紀錄{roc}年第{n:04d}號",
    "臺北市政府勞動局勞資爭議調解紀錄{roc}年第{n:04d}號（紙本）",
    "新北市政府勞工局勞資爭議調解紀錄{roc}年第{n:04d}號",
)
REFUSAL_REASONS = (
    "申請人前一年度所得超過補助標準，不予補助。",
    "申請人已獲財團法人法律扶助基金會扶助，與本補助重複，不予補助。",
    "申請人財產總額超過補助標準，不予補助。",
    "本件訴訟已於申請前判決確定，不符補助要件。",
    "申請人未於通知期限內補正所得及財產資料，不予補助。",
)
MISSING = ("請補附前一年度綜合所得稅各類所得資料清單。", "請補附全國財產稅總歸戶財產查詢清單。",
           "請補附起訴狀繕本及法院收狀證明。", "請補附勞資爭議調解紀錄影本。")
RESOLUTIONS = ("照案通過，核予補助。", "核予補助；律師費依每審級補助上限核定。",
               "核予補助；生活費用依每月補助上限核定。")
REFUSED_RESOLUTION = "不予補助，理由如決定書。"
LAWYER_REASON = "律師費依每審級補助上限核定。"
LIVING_REASON = "生活費用依每月補助上限核定。"
RECLASSIFY_REASONS = (
    "雇主經強制執行無財產可供執行，勞工未能受償，經審查會決議免予繳還，轉列補助支出。",
    "勞工經判決勝訴惟雇主已解散清算，無從受償，經審查會決議轉列。",
    "勞工死亡，繼承人拋棄繼承，經審查會決議轉列。",
)
OUTCOME_NOTES = {
    Outcome.WON: "判決勞工勝訴確定，訴訟費用由雇主負擔。",
    Outcome.PARTLY_WON: "判決勞工一部勝訴確定，訴訟費用由兩造分擔。",
    Outcome.LOST: "判決勞工敗訴確定。",
    Outcome.SETTLED: "兩造於言詞辯論期日成立訴訟上和解。",
    Outcome.WITHDRAWN: "勞工與雇主庭外和解後撤回起訴。",
}
BASIS = {Outcome.WON: RecoveryBasis.JUDGMENT, Outcome.PARTLY_WON: RecoveryBasis.JUDGMENT,
         Outcome.SETTLED: RecoveryBasis.SETTLEMENT, Outcome.WITHDRAWN: RecoveryBasis.WITHDRAWAL}

# --- small helpers ------------------------------------------------------------------------------


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TAIPEI)


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _weighted(rng: random.Random, pairs) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _count(scenario: Scenario, n: int, *, at_least: int = 0) -> int:
    return max(at_least, scenario.count(n)) if n else 0


def _money(scenario: Scenario, amount: int) -> int:
    return round(amount * scenario.scale)


def _split(rng: random.Random, total: int, lows: list[int], highs: list[int]) -> list[int]:
    """``total`` split into len(lows) whole parts, part i within [lows[i], highs[i]] (a low
    above an even share is lowered to it, so that a small scale still splits)."""
    n = len(lows)
    if n == 0:
        if total:
            raise ValueError(f"nothing to split {total} over")
        return []
    lows = [min(low, total // n) for low in lows]
    if not sum(lows) <= total <= sum(highs):
        raise ValueError(f"cannot split {total} into {n} parts within "
                         f"{sum(lows)}..{sum(highs)}")
    parts = list(lows)
    room = [high - low for low, high in zip(lows, highs, strict=True)]
    weights = [rng.uniform(0.3, 1.7) for _ in range(n)]
    rest = total - sum(lows)
    while rest > 0:
        open_ = [i for i in range(n) if room[i] > 0]
        shares = _apportion(rest, [weights[i] * room[i] for i in open_])
        for i, share in zip(open_, shares, strict=True):
            take = min(share, room[i])
            parts[i] += take
            room[i] -= take
            rest -= take
    return parts


def _installments(rng: random.Random, wd: Workdays, total: int, low: dt.date, high: dt.date,
                  most: int) -> list[tuple[dt.date, int]]:
    """``total`` paid in 1..``most`` installments on working days in [low, high], in order."""
    days = wd.between(low, high)
    if not days:
        raise ValueError(f"no working day between {low} and {high}")
    k = max(1, min(most, len(days), total // 1000 or 1, rng.randint(1, most)))
    chosen = sorted(rng.sample(days, k))
    amounts = _apportion(total, [rng.uniform(0.6, 1.4) for _ in range(k)])
    return [(day, amount) for day, amount in zip(chosen, amounts, strict=True) if amount > 0]


class Caps:
    """The caps in force on a day (dated settings), read once per day."""

    def __init__(self):
        self._cache: dict[dt.date, rules.Caps] = {}

    def on(self, day: dt.date) -> rules.Caps:
        if day not in self._cache:
            values = {name: int(dated_value(key, day))
                      for name, key in rules.CAP_SETTING_KEYS.items()}
            self._cache[day] = rules.Caps(**values)
        return self._cache[day]


# --- the plan -----------------------------------------------------------------------------------


@dataclass(eq=False)
class ClaimPlan:
    outstanding: int = 0  # on as_of
    half: int = 0  # repaid or reclassified in the half
    before: int = 0  # repaid before the half
    reclassify: bool = False  # the half's movement is one reclassification
    complex: bool = False  # a lawyer fee of a complex case (cap 60,000)
    item: ItemPlan | None = None  # the item claimed back

    @property
    def amount(self) -> int:
        return self.outstanding + self.half + self.before


@dataclass(eq=False)
class ItemPlan:
    kind: str
    instance: int | None = None
    months: int | None = None
    complex: bool = False
    requested: int = 0
    approved: int | None = None
    reason: str = ""
    paid: int = 0  # paid in all (payments up to as_of may be fewer)
    payments: list[tuple[dt.date, int]] = field(default_factory=list)
    claim: int = 0  # assessed amount (0: none)
    movements: list[tuple[dt.date, str, int, str]] = field(default_factory=list)


@dataclass(eq=False)
class AppPlan:
    role: str
    received: dt.date | None = None
    received_at: dt.datetime | None = None
    case_type: str = CaseType.DISMISSAL
    kind: str = ApplicantKind.WORKER
    n_applicants: int = 1
    instance: int = 1
    claims: dict[str, ClaimPlan] = field(default_factory=dict)
    early: bool = False  # assessed in time for repayments before the half
    channel: str = Channel.COUNTER
    status: str = Status.SUBMITTED
    returned: dt.date | None = None
    completed: dt.date | None = None
    committee: dt.date | None = None
    proposed: dt.date | None = None
    decided: dt.date | None = None
    refusal_reason: str = ""
    first_pay: dt.date | None = None
    outcome: str = ""
    outcome_on: dt.date | None = None
    assessed: dt.date | None = None
    notices: list[dt.date] = field(default_factory=list)
    closed: dt.date | None = None
    items: list[ItemPlan] = field(default_factory=list)
    # who and against whom
    persons: list = field(default_factory=list)  # Person (saved or to be saved)
    dispute_id: int | None = None
    portal_user_id: int | None = None
    mediation_reference: str = ""
    respondent_id: int | None = None
    respondent_name: str = ""
    union_name: str = ""
    union_resolution_on: dt.date | None = None


class Planner:
    def __init__(self, scenario: Scenario, rng: random.Random):
        self.scenario = scenario
        self.rng = rng
        self.as_of = scenario.as_of
        self.year_start = dt.date(self.as_of.year, 1, 1)
        self.prev_end = self.year_start - dt.timedelta(days=1)
        self.history_start = dt.date(self.as_of.year - HISTORY_YEARS, 1, 1)
        self.wd = Workdays(self.history_start, self.as_of + dt.timedelta(days=4 * 366))
        self.caps = Caps()
        self.districts = list(District.objects.filter(city=scenario.city))
        self.used_ids = set(Person.objects.values_list("id_number", flat=True))
        self.new_persons: list[Person] = []
        self.establishments = list(Establishment.objects.order_by("pk").values_list(
            "pk", "name", "registered_on", "closed_on"))
        self.record_numbers: dict[int, int] = defaultdict(int)

    # --- people --------------------------------------------------------------------------------

    def person(self) -> Person:
        rng = self.rng
        female = rng.random() < 0.45
        surname, given = _person_name(rng, female=female)
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
        person = Person(
            id_kind=Person.IdKind.NATIONAL_ID,
            id_number=new_personal_id(rng, self.used_ids, female=female),
            name=surname + given, birth_date=born, nationality="TW",
            phone=f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
            address=_address(rng, self.scenario.city_label, rng.choice(self.districts),
                             office=False),
        )  # fmt: skip
        self.new_persons.append(person)
        return person

    def respondent(self, on: dt.date) -> tuple[int | None, str]:
        rng = self.rng
        for _attempt in range(50):
            pk, name, registered, closed = rng.choice(self.establishments)
            if (registered or dt.date.min) <= on and (closed is None or closed > on):
                return pk, name
        return None, "（雇主已歇業）"

    def reference(self, received: dt.date) -> str:
        mediated = received - dt.timedelta(days=self.rng.randint(20, 90))
        roc = mediated.year - 1911
        self.record_numbers[roc] += self.rng.randint(3, 40)
        return self.rng.choice(MEDIATION_RECORDS).format(roc=roc, n=self.record_numbers[roc])

    # --- dates ---------------------------------------------------------------------------------

    def review(self, app: AppPlan) -> None:
        rng, wd = self.rng, self.wd
        if rng.random() < 0.2:
            app.returned = wd.add(app.received, rng.randint(1, 3))
            app.completed = wd.add(app.returned, rng.randint(4, 15))
        else:
            app.returned = None
            app.completed = wd.add(app.received, rng.randint(1, 6))
        app.committee = wd.add(app.completed, rng.randint(4, 12))
        app.proposed = wd.add(app.committee, rng.randint(1, 3))
        app.decided = wd.add(app.proposed, rng.randint(1, 4))

    def lawsuit(self, app: AppPlan, months: int) -> None:
        rng, wd = self.rng, self.wd
        app.first_pay = wd.add(app.decided, rng.randint(3, 8))
        low, high = {1: (300, 720), 2: (240, 540), 3: (180, 480)}[app.instance]
        low = max(low, months * 31 + 60)
        app.outcome_on = wd.on_or_after(app.decided + dt.timedelta(
            days=rng.randint(low, max(low, high))))

    def timeline(self, app: AppPlan, *, received: tuple[dt.date, dt.date], months: int,
                 assessed_by: dt.date | None = None, outcome_by: dt.date | None = None,
                 decided_by: dt.date | None = None, decided_from: dt.date | None = None,
                 enforcement: bool = False) -> None:
        """Draw the application's days until they fit the bounds (received in the range,
        decided, outcome and assessment by the days given)."""
        rng, wd = self.rng, self.wd
        for _attempt in range(2000):
            app.received = wd.on_or_after(_day(rng, *received))
            self.review(app)
            if decided_by and app.decided > decided_by:
                continue
            if decided_from and app.decided < decided_from:
                continue
            if outcome_by is None and assessed_by is None:
                return
            self.lawsuit(app, months)
            if outcome_by and app.outcome_on > outcome_by:
                continue
            if assessed_by is None:
                return
            after = app.outcome_on
            if enforcement:
                after = wd.add(app.outcome_on, rng.randint(15, 45))
            app.assessed = wd.add(after, rng.randint(8, 30))
            if app.assessed <= assessed_by:
                return
        raise ValueError(f"no timeline fits {app.role} received in {received}")

    # --- amounts -------------------------------------------------------------------------------

    def living(self, app: AppPlan, at_least: int = 0) -> ItemPlan:
        """Living expenses of some months: approved at most the monthly cap on the received
        day times the months (at most the cap's months), at least ``at_least``; asked for
        sometimes more a month than the cap."""
        rng = self.rng
        caps = self.caps.on(app.received)
        need = math.ceil(at_least / caps.living_month) if at_least else 1
        if need > caps.living_months:
            raise ValueError(f"living expenses of {at_least} above the cap")
        low = min(max(3, need), caps.living_months)
        months = rng.randint(low, min(caps.living_months, low + 4))
        floor = math.ceil(at_least / months) if at_least else 0
        monthly = rng.randrange(18_000, caps.living_month + 1, 100)
        monthly = min(caps.living_month, max(monthly, floor))
        approved = months * monthly
        asked = rng.choice([monthly, monthly, monthly, 28_000, 30_000, 32_000])
        requested = max(approved, months * asked)
        return ItemPlan(kind=ItemKind.LIVING_EXPENSES, months=months, requested=requested,
                        approved=approved, reason=LIVING_REASON if requested > approved else "",
                        paid=approved)

    def lawyer(self, app: AppPlan, *, complex: bool = False, at_least: int = 0) -> ItemPlan:
        """A lawyer fee of the application's instance: a round fee within the cap (40,000,
        or 60,000 for a complex case), at least ``at_least``; sometimes asked for more than
        the cap and approved at it."""
        rng = self.rng
        caps = self.caps.on(app.received)
        cap = caps.lawyer_fee_complex if complex else caps.lawyer_fee
        if at_least > cap:
            raise ValueError(f"lawyer fee of {at_least} above the cap {cap}")
        fees = [f for f in (25_000, 30_000, 35_000, 40_000, 40_000, 50_000, 60_000)
                if at_least <= f <= cap]
        fee = rng.choice(fees) if fees else at_least
        requested = fee
        if fee == cap and rng.random() < 0.4:
            requested = cap + rng.choice([10_000, 20_000, 40_000])
        return ItemPlan(kind=ItemKind.LAWYER_FEE, instance=app.instance, complex=complex,
                        requested=requested, approved=fee,
                        reason=LAWYER_REASON if requested > fee else "", paid=fee)

    def court(self, app: AppPlan, at_least: int = 0) -> ItemPlan:
        """A court fee of the application's instance (裁判費), at least ``at_least``."""
        cap = self.caps.on(app.received).court_fee
        if at_least > cap:
            raise ValueError(f"court fee of {at_least} above the cap {cap}")
        fee = min(cap, max(at_least, self.rng.randint(300, 4_500) * 10))
        return ItemPlan(kind=ItemKind.COURT_FEE, instance=app.instance, requested=fee,
                        approved=fee, paid=fee)

    def enforcement(self, app: AppPlan, at_least: int = 0) -> ItemPlan:
        cap = self.caps.on(app.received).enforcement_fee
        fee = min(cap, max(at_least, self.rng.randint(2_000, 20_000)))
        return ItemPlan(kind=ItemKind.ENFORCEMENT_FEE, requested=fee, approved=fee, paid=fee)

    # --- payments ------------------------------------------------------------------------------

    def pay(self, app: AppPlan, until: dt.date) -> None:
        """Court and lawyer fees paid soon after the decision, living expenses by the quarter
        from then, enforcement fees after the judgment; only what falls on or before
        ``until``."""
        rng, wd = self.rng, self.wd
        first = app.first_pay or wd.add(app.decided, rng.randint(3, 8))
        app.first_pay = first
        for item in app.items:
            if item.kind in (ItemKind.COURT_FEE, ItemKind.LAWYER_FEE):
                plan = [(first, item.paid)]
            elif item.kind == ItemKind.ENFORCEMENT_FEE:
                day = wd.add(app.outcome_on, rng.randint(5, 14)) if app.outcome_on else None
                plan = [(day, item.paid)] if day else []
            else:
                monthly = item.paid // item.months
                plan, left, k = [], item.paid, 0
                while left > 0:
                    months = min(3, item.months - 3 * k)
                    amount = left if 3 * (k + 1) >= item.months else monthly * months
                    day = wd.on_or_after(first + dt.timedelta(days=91 * k))
                    plan.append((day, amount))
                    left -= amount
                    k += 1
            item.payments = [(day, amount) for day, amount in plan if day <= until]


def _deal_keys(rng: random.Random, n_apps: int, counts: dict[str, int],
               must: tuple[str, ...]) -> list[set[str]]:
    """Which claim keys each of ``n_apps`` applications has: ``counts[key]`` of them have
    ``key``; every application has at least one of ``must`` or another key."""
    keys: list[set[str]] = [set() for _ in range(n_apps)]
    order = list(range(n_apps))
    for key, n in counts.items():
        n = min(n, n_apps)
        # Applications without any key yet first, so that every one gets one.
        rng.shuffle(order)
        order.sort(key=lambda i: len(keys[i]) > 0)
        for i in order[:n]:
            keys[i].add(key)
    for i in range(n_apps):
        if not keys[i]:
            keys[i].add(must[0])
    return keys


# --- part 1: roles ------------------------------------------------------------------------------

# The view permissions of the records behind the fund's figures, so that the line's staff can
# export what a figure counts from the statistics pages.
_RECORDS = ("fund.view_application", "fund.view_applicant", "fund.view_item",
            "fund.view_disbursement", "fund.view_recoveryclaim", "fund.view_recoverymovement",
            "fund.view_recoverynotice", "fund.view_account", "fund.view_journalentry",
            "fund.view_journalline")
_OFFICER = ("fund.review_application", "fund.disburse", "fund.manage_recovery",
            "fund.post_entry", *_RECORDS)
FUND_ROLES = {
    "fund-officer": ("勞工權益基金承辦人", _OFFICER),
    "fund-supervisor": ("勞工權益基金主管", (*_OFFICER, "fund.decide_application")),
}


def roles_load(scenario: Scenario, progress: Progress) -> int:
    rows = 0
    roles = {}
    for code, (name, permissions) in FUND_ROLES.items():
        role, _created = Role.objects.get_or_create(code=code, defaults={"name": name})
        codenames = [p.split(".", 1)[1] for p in permissions]
        role.permissions.add(*Permission.objects.filter(content_type__app_label="fund",
                                                        codename__in=codenames))
        roles[code] = role
        rows += 1
    for profile in StaffProfile.objects.select_related("unit").prefetch_related("roles"):
        if LINE not in (profile.unit.lines or []):
            continue
        codes = {r.code for r in profile.roles.all()}
        wanted = "fund-supervisor" if "supervisor" in codes else "fund-officer"
        profile.roles.add(roles[wanted])
        rows += 1
    progress("勞工權益基金角色", rows, rows)
    return rows


def _staff() -> tuple:
    """The officer (maker) and the supervisor (checker) of the unit that works the fund."""
    users = get_user_model().objects
    officer = users.filter(username="labor-relations.officer").first()
    supervisor = users.filter(username="labor-relations.supervisor").first()
    if officer is None or supervisor is None:
        profiles = [p for p in StaffProfile.objects.select_related("user", "unit")
                    if LINE in (p.unit.lines or [])]
        officer = officer or profiles[0].user
        supervisor = supervisor or next(p.user for p in profiles if p.user != officer)
    return officer, supervisor


# --- part 2: the subsidies, the recovery book and the journal -----------------------------------


def _book_and_cleared(planner: Planner) -> list[AppPlan]:
    """The applications in the book on as_of and those the half's movements cleared, with
    their claims' outstanding amounts and movements of the half dealt exactly."""
    scenario, rng = planner.scenario, planner.rng
    # Every application of the book was received before the half: the caps of then.
    caps = planner.caps.on(planner.prev_end)

    n_book = _count(scenario, BOOK_CASES, at_least=1)
    book_counts = {key: min(n_book, _count(scenario, n, at_least=1 if _money(scenario, BOOK[key])
                                           else 0))
                   for key, n in BOOK_CLAIMS.items()}
    book_keys = _deal_keys(rng, n_book, {LIVING: book_counts[LIVING], COURT: book_counts[COURT],
                                         LAWYER3: book_counts[LAWYER3]}, (LIVING,))
    n_cleared = _count(scenario, CLEARED_CASES, at_least=1)
    cleared_counts = {key: min(n_cleared, _count(
        scenario, n, at_least=1 if _money(scenario, MOVED[key]) else 0))
        for key, n in CLEARED_CLAIMS.items()}
    cleared_keys = _deal_keys(rng, n_cleared, cleared_counts, (COURT,))

    # (Keys in a fixed order: a set's order changes with the interpreter's hash seed.)
    apps = [AppPlan(role="book", claims={k: ClaimPlan() for k in sorted(keys)})
            for keys in book_keys]
    apps += [AppPlan(role="cleared", claims={k: ClaimPlan() for k in sorted(keys)})
             for keys in cleared_keys]
    for app in apps:
        if LAWYER3 in app.claims:
            app.instance = 3
            app.claims[LAWYER3].complex = rng.random() < 0.35

    def cap_of(key: str, claim: ClaimPlan) -> int:
        return {COURT: caps.court_fee, LIVING: caps.living_month * caps.living_months,
                ENFORCEMENT: caps.enforcement_fee,
                LAWYER3: caps.lawyer_fee_complex if claim.complex else caps.lawyer_fee}[key]

    # The book's partial payers: some claims of the book also move in the half.
    partial: dict[str, list[ClaimPlan]] = {}
    for key, n in BOOK_PARTIAL.items():
        held = [a.claims[key] for a in apps if a.role == "book" and key in a.claims]
        partial[key] = rng.sample(held, min(len(held), _count(scenario, n)))
        if key == LAWYER3:
            for claim in partial[key]:
                claim.complex = True  # room for a movement besides what is outstanding
    # Outstanding on as_of, per key.
    for key, total in BOOK.items():
        claims = [a.claims[key] for a in apps if a.role == "book" and key in a.claims]
        bounds = []
        for claim in claims:
            cap = cap_of(key, claim)
            if key == COURT:
                bounds.append((2_000, 80_000))
            elif key == LIVING:
                bounds.append((20_000, 200_000) if claim in partial[key] else (30_000, 240_000))
            else:
                bounds.append((8_000, cap - 8_000) if claim in partial[key] else (15_000, cap))
        amounts = _split(rng, _money(scenario, total), [b[0] for b in bounds],
                         [b[1] for b in bounds])
        for claim, amount in zip(claims, amounts, strict=True):
            claim.outstanding = amount
    # Moved in the half, per key: the cleared claims whole, the partial ones in part.
    for key, total in MOVED.items():
        cleared = [a.claims[key] for a in apps if a.role == "cleared" and key in a.claims]
        movers = cleared + partial.get(key, [])
        lows, highs = [], []
        for claim in movers:
            cap = cap_of(key, claim)
            if claim.outstanding:
                room = cap - claim.outstanding
                lows.append(min(2_000, room))
                highs.append(min(room, 80_000) if key == LIVING else room)
            else:
                lows.append({LIVING: 20_000, COURT: 3_000, LAWYER3: 10_000}.get(key, 500))
                highs.append(min(cap, 250_000) if key == LIVING else cap)
        amounts = _split(rng, _money(scenario, total), lows, highs)
        for claim, amount in zip(movers, amounts, strict=True):
            claim.half = amount
            claim.reclassify = (not claim.outstanding and rng.random() < RECLASSIFIED_SHARE)
    return apps


def _claims_to_items(planner: Planner, app: AppPlan) -> None:
    """Items and outcome of an application of the book or cleared in the half: what was paid
    of each item is at least its claim; repayments before the half where the claim leaves room
    and the assessment is early enough; the outcome one under which each claim is due."""
    rng = planner.rng
    items: list[ItemPlan] = []
    keys = set(app.claims)
    for key, claim in app.claims.items():
        least = claim.outstanding + claim.half
        if key == LIVING:
            item = planner.living(app, at_least=least)
        elif key == LAWYER3:
            item = planner.lawyer(app, complex=claim.complex, at_least=least)
        elif key == COURT:
            item = planner.court(app, at_least=least)
        else:
            item = planner.enforcement(app, at_least=least)
        room = item.paid - least
        if app.early and room > 0 and rng.random() < 0.7:
            claim.before = room if rng.random() < 0.6 else rng.randint(0, room)
        item.claim = claim.amount
        items.append(item)
        claim.item = item
    if LAWYER3 not in keys:
        items.append(planner.lawyer(app))
    # The outcome: won unless a settlement or a withdrawal fits every claim.
    court = next((i for i in items if i.kind == ItemKind.COURT_FEE), None)
    fits_two_thirds = court is not None and court.claim * 3 <= 2 * planner.caps.on(
        app.received).court_fee
    draw = rng.random()
    if keys == {COURT} and fits_two_thirds and draw < 0.3:
        app.outcome = Outcome.WITHDRAWN
    elif keys <= {COURT, LIVING} and (court is None or fits_two_thirds) and draw < 0.25:
        app.outcome = Outcome.SETTLED
    elif draw < 0.8:
        app.outcome = Outcome.WON
    else:
        app.outcome = Outcome.PARTLY_WON
    if app.outcome in (Outcome.SETTLED, Outcome.WITHDRAWN) and court is not None:
        # Two thirds of the court fee are refunded (民事訴訟法 arts. 83, 84): the fee paid is
        # at least one and a half times the claim.
        cap = planner.caps.on(app.received).court_fee
        paid = min(cap, math.ceil(court.claim * 3 / 2) + rng.randint(0, 300))
        while rules.two_thirds(paid) < court.claim:
            paid += 1
        court.paid = court.approved = court.requested = paid
    elif app.outcome == Outcome.PARTLY_WON:
        for item in items:
            if item.claim and item.kind == ItemKind.COURT_FEE:
                cap = planner.caps.on(app.received).court_fee
                item.paid = item.approved = item.requested = min(
                    cap, item.claim + rng.randint(0, 8_000))
    app.items = items


def _movements(planner: Planner, app: AppPlan) -> None:
    """Notices, and the repayments and reclassifications before and in the half, dated."""
    rng, wd, as_of = planner.rng, planner.wd, planner.as_of
    first_notice = wd.add(app.assessed, rng.randint(2, 6))
    app.notices = [first_notice]
    start = wd.add(first_notice, 5)
    last = None
    for claim in app.claims.values():
        item = claim.item
        if claim.before:
            for day, amount in _installments(rng, wd, claim.before, start, planner.prev_end, 4):
                item.movements.append((day, RecoveryMovement.Kind.REPAYMENT, amount, ""))
        if claim.half:
            low = max(planner.year_start, start)
            if claim.reclassify:
                day = wd.on_or_after(_day(rng, low, as_of - dt.timedelta(days=5)))
                item.movements.append((min(day, as_of), RecoveryMovement.Kind.RECLASSIFICATION,
                                       claim.half, rng.choice(RECLASSIFY_REASONS)))
            else:
                for day, amount in _installments(rng, wd, claim.half, low, as_of, 4):
                    item.movements.append((day, RecoveryMovement.Kind.REPAYMENT, amount, ""))
        item.movements.sort()
        if item.movements:
            last = max(last or item.movements[-1][0], item.movements[-1][0])
    # A reminder a year on where much is still owed.
    reminder = first_notice + dt.timedelta(days=rng.randint(300, 540))
    if reminder <= as_of - dt.timedelta(days=7) and rng.random() < 0.5:
        reminder = wd.on_or_after(reminder)
        owed = sum(_owed(c.item, reminder) for c in app.claims.values())
        if owed > 0:
            app.notices.append(reminder)
    if all(c.outstanding == 0 for c in app.claims.values()) and last is not None:
        app.closed = wd.add(last, rng.randint(1, 5))
        if app.closed > as_of:
            app.closed = last


def _owed(item: ItemPlan, on: dt.date) -> int:
    return item.claim - sum(amount for day, _kind, amount, _r in item.movements if day <= on)


def _plan_book(planner: Planner) -> list[AppPlan]:
    rng = planner.rng
    apps = _book_and_cleared(planner)
    early_by = dt.date(planner.prev_end.year, 10, 31)
    for app in apps:
        app.case_type = _weighted(rng, [(t, w) for t, w in HISTORY_CASE_TYPES
                                        if t != CaseType.PLANT_CLOSURE])
        if LIVING not in app.claims and rng.random() < 0.5:
            app.case_type = CaseType.UNPAID_WAGES
        moves_in_half = any(c.half for c in app.claims.values())
        app.early = rng.random() < 0.75
        # Received dates first (caps are read on them): draw the timeline once with a
        # provisional number of months, then fix the months from the amounts and redraw.
        assessed_by = early_by if app.early else planner.as_of - dt.timedelta(
            days=30 if moves_in_half else 10)
        received = (planner.history_start, dt.date(planner.prev_end.year, 6, 30))
        enforcement = ENFORCEMENT in app.claims
        if LAWYER3 not in app.claims and rng.random() < 0.15:
            app.instance = 2
        planner.timeline(app, received=received, months=12, assessed_by=assessed_by,
                         enforcement=enforcement)
        _claims_to_items(planner, app)
        planner.timeline(app, received=(app.received, app.received), months=_months(app),
                         assessed_by=assessed_by, enforcement=enforcement)
        planner.pay(app, planner.as_of)
        app.status = Status.APPROVED
        _movements(planner, app)
        if app.closed:
            app.status = Status.CLOSED
    return apps


def _plan_history(planner: Planner) -> list[AppPlan]:
    """The other applications of the years before the half: recovered in full before it,
    lost, still in court, refused."""
    scenario, rng, wd, as_of = planner.scenario, planner.rng, planner.wd, planner.as_of
    apps: list[AppPlan] = []
    june = dt.date(planner.prev_end.year, 6, 30)
    for role, n in HISTORY.items():
        for _ in range(_count(scenario, n)):
            app = AppPlan(role=role, case_type=_weighted(rng, HISTORY_CASE_TYPES),
                          instance=1 if rng.random() < 0.85 else 2)
            if role == "refused":
                planner.timeline(app, received=(planner.history_start,
                                                planner.prev_end - dt.timedelta(days=30)),
                                 months=0, decided_by=planner.prev_end - dt.timedelta(days=5))
                app.refusal_reason = rng.choice(REFUSAL_REASONS)
                app.items = _plain_items(planner, app, approved=False)
                app.closed = wd.add(app.decided, rng.randint(10, 25))
                app.status = Status.CLOSED
                if app.closed > planner.prev_end:
                    app.status, app.closed = Status.REFUSED, None
            elif role == "litigation":
                lower = dt.date(planner.prev_end.year - 1, 7, 1)
                planner.timeline(app, received=(lower, planner.prev_end - dt.timedelta(days=10)),
                                 months=0, decided_by=planner.prev_end)
                app.items = _plain_items(planner, app)
                planner.pay(app, as_of)
                app.status = Status.APPROVED
            elif role == "lost":
                bounds = {"received": (planner.history_start, june),
                          "outcome_by": as_of - dt.timedelta(days=5)}
                planner.timeline(app, months=12, **bounds)
                app.items = _plain_items(planner, app)
                planner.timeline(app, months=_months(app), **{
                    **bounds, "received": (app.received, app.received)})
                app.outcome = Outcome.LOST
                planner.pay(app, app.outcome_on)
                app.closed = wd.add(app.outcome_on, rng.randint(10, 40))
                app.status = Status.CLOSED
                if app.closed > as_of:
                    app.status, app.closed = Status.APPROVED, None
            else:  # recovered in full before the half
                bounds = {"received": (planner.history_start,
                                       dt.date(planner.prev_end.year - 1, 12, 31)),
                          "assessed_by": dt.date(planner.prev_end.year, 9, 30)}
                planner.timeline(app, months=12, **bounds)
                app.items = _plain_items(planner, app)
                planner.timeline(app, months=_months(app), **{
                    **bounds, "received": (app.received, app.received)})
                app.outcome = Outcome.WON if rng.random() < 0.7 else Outcome.SETTLED
                planner.pay(app, as_of)
                for item in app.items:
                    recoverable = rules.recovery_proposal(
                        app.outcome, {0: rules.Paid(item.kind, item.instance, item.paid)},
                        instance=app.instance)[0]
                    if recoverable > 0:
                        item.claim = recoverable
                        app.claims[item.kind] = ClaimPlan(before=recoverable, item=item)
                app.status = Status.CLOSED
                if app.claims:
                    app.early = True
                    _movements(planner, app)
                else:
                    app.closed = wd.add(app.outcome_on, rng.randint(10, 40))
            apps.append(app)
    return apps


def _months(app: AppPlan) -> int:
    return max((item.months or 0) for item in app.items) if app.items else 0


def _plain_items(planner: Planner, app: AppPlan, *, approved: bool = True) -> list[ItemPlan]:
    """Court and lawyer fees of the instance, and living expenses for a worker out of work."""
    rng = planner.rng
    items = [planner.court(app), planner.lawyer(app, complex=rng.random() < 0.1)]
    if app.case_type in (CaseType.DISMISSAL, CaseType.OCCUPATIONAL_INJURY,
                         CaseType.PLANT_CLOSURE) and rng.random() < 0.8:
        items.append(planner.living(app))
    if not approved:
        for item in items:
            item.approved, item.reason, item.paid = None, "", 0
    return items


def _plan_half(planner: Planner, disputes: DisputePool) -> list[AppPlan]:
    """The applications received or decided in the half."""
    scenario, rng, wd, as_of = planner.scenario, planner.rng, planner.wd, planner.as_of
    apps: list[AppPlan] = []
    # Approved in the half, by type; the closures with several applicants.
    types: list[str] = []
    for case_type, n in APPROVED.items():
        types += [case_type] * _count(scenario, n)
    if not types and _money(scenario, APPROVED_AMOUNT):
        types = [CaseType.DISMISSAL]  # a small world: the approved amount needs one
    rng.shuffle(types)
    n_before = min(_count(scenario, APPROVED_RECEIVED_BEFORE), len(types))
    closures = iter(CLOSURE_APPLICANTS)
    december = dt.date(planner.prev_end.year, 12, 1)
    for k, case_type in enumerate(types):
        app = AppPlan(role="approved", case_type=case_type)
        if case_type == CaseType.PLANT_CLOSURE:
            app.kind, app.n_applicants = next(closures, (ApplicantKind.WORKERS, 2))
        if k < n_before:
            planner.timeline(app, received=(december, planner.prev_end), months=0,
                             decided_by=as_of, decided_from=planner.year_start)
        else:
            planner.timeline(app, received=(planner.year_start, as_of - dt.timedelta(days=25)),
                             months=0, decided_by=as_of, decided_from=planner.year_start)
        app.status = Status.APPROVED
        apps.append(app)
    _approved_amounts(planner, apps)
    for app in apps:
        planner.pay(app, as_of)
    # Refused in the half.
    for _ in range(_count(scenario, REFUSED)):
        app = AppPlan(role="refused_half", case_type=_weighted(rng, HISTORY_CASE_TYPES))
        planner.timeline(app, received=(planner.year_start, as_of - dt.timedelta(days=30)),
                         months=0, decided_by=as_of)
        app.status = Status.REFUSED
        app.refusal_reason = rng.choice(REFUSAL_REASONS)
        app.items = _plain_items(planner, app, approved=False)
        apps.append(app)
    # Still in review on as_of.
    for status, n in PENDING.items():
        for _ in range(_count(scenario, n)):
            app = AppPlan(role="pending", case_type=_weighted(rng, HISTORY_CASE_TYPES),
                          status=status)
            if status == Status.SUBMITTED:
                app.received = wd.on_or_after(_day(rng, as_of - dt.timedelta(days=12),
                                                   as_of - dt.timedelta(days=3)))
            elif status == Status.INCOMPLETE:
                app.received = wd.on_or_after(_day(rng, as_of - dt.timedelta(days=45),
                                                   as_of - dt.timedelta(days=10)))
                app.returned = wd.add(app.received, rng.randint(1, 3))
            else:
                for _attempt in range(500):
                    app.received = wd.on_or_after(_day(rng, as_of - dt.timedelta(days=75),
                                                       as_of - dt.timedelta(days=8)))
                    planner.review(app)
                    app.decided = None
                    if status == Status.REVIEW and app.completed <= as_of:
                        if app.committee > as_of:
                            app.committee = None
                        app.proposed = None
                        break
                    if status == Status.PROPOSED and app.proposed <= as_of:
                        break
            app.items = _plain_items(planner, app, approved=False)
            if status == Status.PROPOSED:
                for item in app.items:
                    item.approved = _cap_of(planner, app, item)
                    item.reason = ("" if item.approved == item.requested else LIVING_REASON
                                   if item.kind == ItemKind.LIVING_EXPENSES else LAWYER_REASON)
            apps.append(app)
    for app in apps:
        disputes.cite(planner, app)
    return apps


def _cap_of(planner: Planner, app: AppPlan, item: ItemPlan) -> int:
    cap = rules.item_cap(item.kind, instance=item.instance, months=item.months,
                         complex=item.complex, caps=planner.caps.on(app.received))
    return min(item.requested, cap)


def _approved_amounts(planner: Planner, apps: list[AppPlan]) -> None:
    """Items of the half's approved applications, their approved amounts adding up to the
    target within each item's cap on the received day (court fees and living expenses are
    what is fitted; lawyer fees stay round)."""
    rng = planner.rng
    for app in apps:
        single = app.kind == ApplicantKind.WORKER
        app.items = [planner.court(app), planner.lawyer(
            app, complex=not single or app.case_type == CaseType.OCCUPATIONAL_INJURY)]
        if single and rng.random() < 0.85:
            app.items.append(planner.living(app))
    target = _money(planner.scenario, APPROVED_AMOUNT)

    def bounds(app: AppPlan, item: ItemPlan) -> tuple[int, int]:
        caps = planner.caps.on(app.received)
        if item.kind == ItemKind.COURT_FEE:
            return 2_000, caps.court_fee
        return 5_000 * item.months, item.months * caps.living_month

    def adjustable():
        return [(app, item) for app in apps for item in app.items
                if item.kind in (ItemKind.COURT_FEE, ItemKind.LIVING_EXPENSES)]

    def room():
        fixed = sum(i.approved for a in apps for i in a.items if i.kind == ItemKind.LAWYER_FEE)
        return target - fixed, sum(bounds(a, i)[1] for a, i in adjustable())

    # A small world may need more months of living expenses to reach the amount.
    while (need := room())[0] > need[1]:
        short = [a for a in apps if a.kind == ApplicantKind.WORKER and not any(
            i.kind == ItemKind.LIVING_EXPENSES for i in a.items)]
        if short:
            short[0].items.append(planner.living(short[0]))
            continue
        living = [i for a in apps for i in a.items if i.kind == ItemKind.LIVING_EXPENSES
                  and i.months < planner.caps.on(a.received).living_months]
        if not living:
            raise ValueError("the half's approved amount does not fit the caps")
        living[0].months += 1
    pairs = adjustable()
    amounts = _split(rng, room()[0], [bounds(a, i)[0] for a, i in pairs],
                     [bounds(a, i)[1] for a, i in pairs])
    for (_app, item), amount in zip(pairs, amounts, strict=True):
        item.approved = item.paid = amount
        if item.kind == ItemKind.LIVING_EXPENSES:
            item.requested = max(item.requested, amount)
            item.reason = LIVING_REASON if item.requested > amount else ""
        else:
            item.requested = amount


class DisputePool:
    """Failed mediations (調解不成立) of the disputes part the half's applications may cite."""

    def __init__(self):
        self.rows: list[dict] = []
        disputes = (Dispute.objects.filter(kind=DisputeKind.MEDIATION,
                                           outcome=DisputeOutcome.NOT_SETTLED)
                    .prefetch_related("parties__person", "parties__establishment", "items")
                    .order_by("outcome_on", "pk"))
        for dispute in disputes:
            applicants = [p for p in dispute.parties.all() if p.side == Side.APPLICANT]
            respondents = [p for p in dispute.parties.all() if p.side == Side.RESPONDENT]
            respondent = next((p for p in respondents if p.establishment_id), None)
            self.rows.append({
                "pk": dispute.pk, "on": dispute.outcome_on, "kind": dispute.applicant_kind,
                "persons": [p.person for p in applicants if p.person_id],
                "union": next((p.union_name for p in applicants if p.union_name), ""),
                "items": {i.kind for i in dispute.items.all()},
                "portal_user": dispute.portal_user_id,
                "respondent": respondent.establishment_id if respondent else None,
                "respondent_name": (respondent.establishment.name if respondent
                                    and respondent.establishment_id else ""),
            })
        self.used: set[int] = set()

    def cite(self, planner: Planner, app: AppPlan) -> None:
        rng = planner.rng
        wanted = {ApplicantKind.WORKER: DisputeApplicantKind.WORKER,
                  ApplicantKind.WORKERS: DisputeApplicantKind.WORKERS,
                  ApplicantKind.UNION: DisputeApplicantKind.UNION}[app.kind]
        low = app.received - dt.timedelta(days=150)
        high = app.received - dt.timedelta(days=2)
        fits = [r for r in self.rows
                if r["pk"] not in self.used and r["kind"] == wanted and low <= r["on"] <= high
                and (app.kind == ApplicantKind.UNION or len(r["persons"]) >= app.n_applicants)]
        typed = [r for r in fits if r["items"] & DISPUTE_TYPES[app.case_type]]
        row = rng.choice(typed or fits) if (typed or fits) else None
        if row is None:
            _parties(planner, app)
            return
        self.used.add(row["pk"])
        app.dispute_id = row["pk"]
        app.respondent_id, app.respondent_name = row["respondent"], row["respondent_name"]
        if app.kind == ApplicantKind.UNION:
            app.union_name = row["union"]
            app.union_resolution_on = app.received - dt.timedelta(days=rng.randint(5, 20))
            app.persons = [planner.person() for _ in range(app.n_applicants)]
        else:
            app.persons = list(row["persons"][:app.n_applicants])
        if row["portal_user"] and app.kind == ApplicantKind.WORKER and rng.random() < 0.7:
            app.channel = Channel.ONLINE
            app.portal_user_id = row["portal_user"]


def _parties(planner: Planner, app: AppPlan) -> None:
    """Who applies and against whom, for an application citing a mediation held before the
    platform (or elsewhere)."""
    rng = planner.rng
    app.mediation_reference = planner.reference(app.received)
    app.respondent_id, app.respondent_name = planner.respondent(app.received)
    if app.case_type == CaseType.PLANT_CLOSURE and app.kind == ApplicantKind.WORKER:
        app.kind, app.n_applicants = rng.choice(((ApplicantKind.WORKERS, rng.randint(2, 5)),
                                                 (ApplicantKind.UNION, rng.randint(3, 8))))
    if app.kind == ApplicantKind.UNION:
        app.union_name = f"{planner.scenario.city_label}{app.respondent_name[:4]}企業工會"
        app.union_resolution_on = app.received - dt.timedelta(days=rng.randint(5, 20))
    app.persons = [planner.person() for _ in range(app.n_applicants)]


# --- writing ------------------------------------------------------------------------------------


class Writer:
    def __init__(self, rng: random.Random, officer, supervisor):
        self.rng = rng
        self.officer = officer
        self.supervisor = supervisor
        self.events: list[CaseEvent] = []
        self.last: dict[int, dt.datetime] = {}
        # Service calls per case: each bumps Application.version (lock_application).
        self.calls: dict[int, int] = defaultdict(int)
        self.rows = 0

    def event(self, case_id: int, day: dt.date, action: str, actor, *, from_status: str = "",
              to_status: str = "", new=None, old=None, note: str = "") -> None:
        at = _at(day, 9, 0) + dt.timedelta(minutes=self.rng.randint(0, 450))
        previous = self.last.get(case_id)
        if previous is not None and at <= previous:
            at = previous + dt.timedelta(minutes=self.rng.randint(1, 9))
        self.last[case_id] = at
        if action not in ("open", "application_submit", "transition"):
            self.calls[case_id] += 1
        self.events.append(CaseEvent(
            case_id=case_id, at=at, actor=actor,
            actor_kind=CaseEvent.ActorKind.PERSON if actor else CaseEvent.ActorKind.SYSTEM,
            action=action, from_status=from_status, to_status=to_status,
            new_values=new or {}, old_values=old or {}, note=note))

    def move(self, case_id: int, day: dt.date, actor, from_status: str, to_status: str,
             note: str = "") -> str:
        self.event(case_id, day, "transition", actor, from_status=from_status,
                   to_status=to_status, note=note[:2000])
        if to_status in (Status.INCOMPLETE, Status.REVIEW, Status.CLOSED):
            self.calls[case_id] += 1  # 補正, 資料齊全, 結案: a service of their own
        return to_status

    def write(self, app: AppPlan) -> None:
        rng, officer, supervisor = self.rng, self.officer, self.supervisor
        counter = app.channel != Channel.ONLINE
        received_at = app.received_at
        kinds = "、".join(str(ItemKind(i.kind).label) for i in app.items)
        case = core_services.case_open(
            line=LINE, channel=app.channel, status=Status.SUBMITTED, received_at=received_at,
            actor=officer if counter else None, person=app.persons[0],
            establishment=Establishment(pk=app.respondent_id) if app.respondent_id else None,
            summary=f"{CaseType(app.case_type).label}：{kinds}"[:300],
        )
        self.last[case.pk] = received_at
        pid = case.pk
        roc = app.received.year - 1911
        court = (INSTANCE_COURT.get(app.instance)
                 or _weighted(rng, DISTRICT_COURTS))
        decided_by = supervisor if app.decided and app.status != Status.PROPOSED else None
        proposed = app.proposed if app.proposed and (
            app.status in (Status.PROPOSED, Status.APPROVED, Status.CLOSED)
            and not app.refusal_reason) else None
        application = Application.objects.create(
            case=case, applicant_kind=app.kind, union_name=app.union_name,
            union_resolution_on=app.union_resolution_on, dispute_id=app.dispute_id,
            mediation_reference=app.mediation_reference,
            respondent_id=app.respondent_id, respondent_name=app.respondent_name[:200],
            court=court, instance=app.instance, case_type=app.case_type,
            lawsuit_number=f"{roc}年度{LAWSUIT_WORDS[app.instance]}字第{rng.randint(10, 320)}號",
            claim_amount=rng.randrange(200_000, 3_000_000, 1_000),
            no_other_subsidy=True, statement=STATEMENTS[app.case_type],
            completed_on=app.completed if app.status != Status.INCOMPLETE else None,
            missing=rng.choice(MISSING) if app.returned else "",
            committee_on=app.committee,
            committee_resolution=((REFUSED_RESOLUTION if app.refusal_reason
                                   else rng.choice(RESOLUTIONS)) if app.committee else ""),
            proposed_by=officer if proposed else None,
            proposed_at=_at(proposed, 15, rng.randint(0, 59)) if proposed else None,
            decided_by=decided_by, decided_on=app.decided if decided_by else None,
            refusal_reason=app.refusal_reason,
            outcome=app.outcome, outcome_on=app.outcome_on if app.outcome else None,
            outcome_note=OUTCOME_NOTES.get(app.outcome, "") if app.outcome else "",
            portal_user_id=app.portal_user_id,
        )
        Applicant.objects.bulk_create([
            Applicant(application=application, person=person,
                      annual_income=rng.randrange(180_000, 720_000, 1_000),
                      assets=rng.randrange(0, 2_500_000, 1_000), phone=person.phone,
                      address=person.address)
            for person in app.persons])
        items = Item.objects.bulk_create([
            Item(application=application, kind=i.kind, instance=i.instance, months=i.months,
                 complex=i.complex, requested=i.requested, approved=i.approved,
                 refusal_reason=i.reason)
            for i in app.items])
        self.rows += 2 + len(app.persons) + len(items)
        self.event(pid, app.received, "application_submit", officer if counter else None,
                   new={"applicant_kind": app.kind, "applicants": len(app.persons),
                        "items": [[i.kind, i.instance, i.requested] for i in app.items],
                        "dispute": app.dispute_id, "online": not counter})
        status = Status.SUBMITTED
        if app.returned:
            status = self.move(pid, app.returned, officer, status, Status.INCOMPLETE,
                               application.missing)
        if app.status == Status.INCOMPLETE:
            return self._finish(case, status, None)
        if app.completed and app.status != Status.SUBMITTED:
            status = self.move(pid, app.completed, officer, status, Status.REVIEW)
        if app.committee:
            self.event(pid, app.committee, "committee_record", officer,
                       old={"committee_on": None},
                       new={"committee_on": app.committee.isoformat()},
                       note=application.committee_resolution)
        if proposed:
            self.event(pid, proposed, "decision_propose", officer,
                       new={str(item.pk): plan.approved
                            for item, plan in zip(items, app.items, strict=True)})
            status = self.move(pid, proposed, officer, status, Status.PROPOSED)
        if app.refusal_reason:
            self.event(pid, app.decided, "decision_refuse", supervisor,
                       new={"decided_on": app.decided.isoformat()}, note=app.refusal_reason)
            status = self.move(pid, app.decided, supervisor, status, Status.REFUSED,
                               app.refusal_reason)
            return self._finish(case, status, app.closed)
        if app.status in (Status.SUBMITTED, Status.REVIEW, Status.PROPOSED):
            return self._finish(case, status, None)
        total = sum(i.approved or 0 for i in app.items)
        self.event(pid, app.decided, "decision_approve", supervisor,
                   new={"decided_on": app.decided.isoformat(), "total": total})
        status = self.move(pid, app.decided, supervisor, status, Status.APPROVED)
        # Payments, the outcome, the claims, notices and movements, in date order.
        steps: list[tuple[dt.date, int, object]] = []
        for item, plan in zip(items, app.items, strict=True):
            for day, amount in plan.payments:
                steps.append((day, 0, ("pay", item, amount)))
            for day, kind, amount, reason in plan.movements:
                steps.append((day, 4, ("move", item, kind, amount, reason)))
        if app.outcome:
            steps.append((app.outcome_on, 1, ("outcome",)))
        if app.assessed and any(p.claim for p in app.items):
            steps.append((app.assessed, 2, ("assess",)))
            for day in app.notices:
                steps.append((day, 3, ("notice",)))
        steps.sort(key=lambda s: (s[0], s[1]))
        claims: dict[int, RecoveryClaim] = {}
        moved: dict[int, int] = defaultdict(int)
        for day, _order, step in steps:
            if step[0] == "pay":
                _kind, item, amount = step
                entry = journal_post(
                    posted_on=day, description=f"{case.number} {item_label(item)} 撥付",
                    lines=[(EXPENSE_ACCOUNT[item.kind], amount, 0), (CASH_ACCOUNT, 0, amount)],
                    actor=officer)
                Disbursement.objects.create(item=item, paid_on=day, amount=amount,
                                            journal_entry=entry, recorded_by=officer)
                self.event(pid, day, "disbursement_record", officer,
                           new={"item": item.pk, "paid_on": day.isoformat(), "amount": amount,
                                "entry": entry.pk})
                self.rows += 4
            elif step[0] == "outcome":
                self.event(pid, day, "outcome_record", officer,
                           old={"outcome": "", "outcome_on": None},
                           new={"outcome": app.outcome, "outcome_on": day.isoformat()},
                           note=application.outcome_note)
            elif step[0] == "assess":
                basis = BASIS[app.outcome]
                for item, plan in zip(items, app.items, strict=True):
                    if plan.claim:
                        claims[item.pk] = RecoveryClaim.objects.create(
                            application=application, item=item, basis=basis,
                            assessed_on=day, amount=plan.claim, assessed_by=officer,
                            note=OUTCOME_NOTES[app.outcome][:300])
                self.event(pid, day, "recovery_assess", officer,
                           new={"basis": basis, "assessed_on": day.isoformat(),
                                "claims": {str(pk): c.amount for pk, c in claims.items()}},
                           note=OUTCOME_NOTES[app.outcome])
                self.rows += len(claims)
            elif step[0] == "notice":
                owed = sum(c.amount - moved[pk] for pk, c in claims.items())
                days = int(dated_value("fund.recovery.notice_days", day))
                notice = RecoveryNotice.objects.create(
                    application=application, issued_on=day,
                    due_on=day + dt.timedelta(days=days), amount=owed, issued_by=officer)
                self.event(pid, day, "recovery_notice_issue", officer,
                           new={"notice": notice.pk, "issued_on": day.isoformat(),
                                "due_on": notice.due_on.isoformat(), "amount": owed})
                self.rows += 1
            else:
                _kind, item, kind, amount, reason = step
                claim = claims[item.pk]
                if kind == RecoveryMovement.Kind.REPAYMENT:
                    entry = journal_post(
                        posted_on=day, description=f"{case.number} {item_label(item)} 繳還",
                        lines=[(CASH_ACCOUNT, amount, 0), (RECOVERY_INCOME_ACCOUNT, 0, amount)],
                        actor=officer)
                    movement = RecoveryMovement.objects.create(
                        claim=claim, kind=kind, on=day, amount=amount, journal_entry=entry,
                        recorded_by=officer)
                    self.event(pid, day, "repayment_record", officer,
                               new={"claim": claim.pk, "on": day.isoformat(), "amount": amount,
                                    "entry": entry.pk})
                    self.rows += 3
                else:
                    movement = RecoveryMovement.objects.create(
                        claim=claim, kind=kind, on=day, amount=amount, reason=reason,
                        recorded_by=officer)
                    self.event(pid, day, "reclassification_record", officer,
                               new={"claim": claim.pk, "on": day.isoformat(), "amount": amount},
                               note=reason)
                    self.rows += 1
                moved[item.pk] += movement.amount
        return self._finish(case, status, app.closed)

    def _finish(self, case, status: str, closed: dt.date | None) -> None:
        closed_at = None
        if closed:
            status_before = status
            status = self.move(case.pk, closed, self.officer, status_before, Status.CLOSED)
            closed_at = self.last[case.pk]
        case.status = status
        case.closed_at = closed_at
        case.save(update_fields=["status", "closed_at"])
        Application.objects.filter(pk=case.pk).update(version=1 + self.calls[case.pk])


# --- the journal --------------------------------------------------------------------------------


def _ledger(planner: Planner, apps: list[AppPlan]) -> tuple[list, list]:
    """The journal's other entries (posted_on, description, lines), the opening balance
    first, computed from the subsidies' flows so that the balance on the last day of the
    year before and the year's surplus to as_of are the targets."""
    rng, wd, as_of = planner.rng, planner.wd, planner.as_of
    year_start, prev_end = planner.year_start, planner.prev_end
    flows: list[tuple[dt.date, int]] = []  # (day, income - expense)
    for app in apps:
        for item in app.items:
            flows += [(day, -amount) for day, amount in item.payments]
            flows += [(day, amount) for day, kind, amount, _r in item.movements
                      if kind == RecoveryMovement.Kind.REPAYMENT]
    entries: list[tuple[dt.date, str, list]] = []

    def income(day, text, account, amount):
        entries.append((day, text, [(CASH_ACCOUNT, amount, 0), (account, 0, amount)]))

    def expense(day, text, account, amount):
        entries.append((day, text, [(account, amount, 0), (CASH_ACCOUNT, 0, amount)]))

    for k, year in enumerate(range(planner.history_start.year, as_of.year + 1)):
        roc = year - 1911
        rate = INTEREST_RATES[min(k, len(INTEREST_RATES) - 1)]

        def on(month, day, year=year):
            return wd.on_or_after(dt.date(year, month, day))

        income(on(1, 15), f"市府撥入{roc}年度勞工權益基金", "4101", APPROPRIATION)
        for month, label in ((6, "上半年"), (12, "下半年")):
            income(on(month, 21), f"{roc}年{label}存款利息", "4201",
                   round(BALANCE_BEFORE * rate / 2 * rng.uniform(0.97, 1.03)))
        expense(on(3, 20), f"{roc - 1}學年度第2學期失業勞工子女就學費用補助", "5201",
                rng.randrange(2_800_000, 3_600_000))
        expense(on(10, 20), f"{roc}學年度第1學期失業勞工子女就學費用補助", "5201",
                rng.randrange(2_800_000, 3_600_000))
        for quarter, month in enumerate((2, 5, 8, 11), 1):
            expense(on(month, 25), f"其他勞動權益補助（{roc}年第{quarter}季）", "5301",
                    rng.randrange(300_000, 900_000))
            expense(on(month + 1, 28), f"業務及管理費用（{roc}年第{quarter}季）", "5901",
                    rng.randrange(180_000, 360_000))
        if year < as_of.year:
            expense(on(11, 10), f"促進勞工職業技能及國民就業補助（{roc}年度）", "5401",
                    rng.randrange(6_000_000, 9_000_000))
    entries = [e for e in entries if e[0] <= as_of]

    def net(day_from, day_to):
        total = sum(amount for day, amount in flows if day_from <= day <= day_to)
        for day, _text, lines in entries:
            if day_from <= day <= day_to:
                cash = next(line for line in lines if line[0] == CASH_ACCOUNT)
                total += cash[1] - cash[2]
        return total

    opening = BALANCE_BEFORE - net(planner.history_start, prev_end)
    balancing = net(year_start, as_of) - SURPLUS
    if opening <= 0 or balancing <= 0:
        raise ValueError(f"the ledger cannot reach its targets (opening {opening}, "
                         f"balancing expense {balancing})")
    roc = as_of.year - 1911
    expense(wd.on_or_after(as_of - dt.timedelta(days=12)),
            f"促進勞工職業技能及國民就業補助（{roc}年1至{as_of.month}月）", "5401", balancing)
    first = (planner.history_start, f"期初基金餘額（{planner.history_start.year - 1911}年度開始）",
             [(CASH_ACCOUNT, opening, 0), ("3101", 0, opening)])
    return [first], entries


def subsidies_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("fund.subsidies")
    planner = Planner(scenario, rng)
    officer, supervisor = _staff()
    pool = DisputePool()

    apps = _plan_book(planner) + _plan_history(planner)
    for app in apps:
        _parties(planner, app)
    apps += _plan_half(planner, pool)
    opening, entries = _ledger(planner, apps)

    rows = 0
    if planner.new_persons:
        created = bulk_create_with_history(
            planner.new_persons, Person, batch_size=500,
            default_change_reason=scenario.change_reason("fund.subsidies"))
        by_number = {p.id_number: p for p in created}
        for app in apps:
            app.persons = [by_number.get(p.id_number, p) if p.pk is None else p
                           for p in app.persons]
        rows += len(created)

    for day, text, lines in opening:
        journal_post(posted_on=day, description=text, lines=lines, actor=officer)
        rows += 3
    writer = Writer(rng, officer, supervisor)
    for app in apps:
        # At the counter in office hours; online at any hour.
        hours = (9, 16) if app.channel != Channel.ONLINE else (0, 23)
        app.received_at = _at(app.received, rng.randint(*hours), rng.randint(0, 59))
    apps.sort(key=lambda a: a.received_at)
    for done, app in enumerate(apps, 1):
        writer.write(app)
        progress("訴訟補助申請案件", done, len(apps))
    for day, text, lines in sorted(entries, key=lambda e: e[0]):
        journal_post(posted_on=day, description=text, lines=lines, actor=officer)
        rows += 3
    CaseEvent.objects.bulk_create(writer.events, batch_size=1000)
    return rows + writer.rows + len(writer.events)


PARTS = [
    Part("fund.roles", roles_load, requires=("core.organisation",), label="勞工權益基金角色權限"),
    Part("fund.subsidies", subsidies_load,
         requires=("core.organisation", "core.establishments", "core.persons",
                   "disputes.cases", "fund.roles"),
         label="勞工權益基金訴訟補助、催繳及基金分錄"),
    Part("fund.council_narrative", council_scenario.narrative_fund_load,
         requires=("fund.subsidies",), label="議會工作報告示範內文（勞工權益基金）"),
]
