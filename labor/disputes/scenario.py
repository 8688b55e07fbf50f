"""The dispute line's part of the demo scenario (see labor.core.scenarios for how parts load).

Three parts:

- ``disputes.mediators``: the bureau's mediator roster: mediators of the bureau (勞資關係科)
  and of the private organisations it commissions, the professional coordinators (lawyers) of
  勞動力重建運用處 who chair migrant workers' coordination meetings, and a few recorded
  conflicts of interest (a mediator who once represented an establishment).
- ``disputes.cases``: mediation applications (line ``disputes``) and migrant workers'
  coordination cases (line ``migrant_disputes``) as individual records, received from the month
  before the scenario's half-year up to its ``as_of`` day: parties (establishments of the kernel
  part; workers, migrant workers and household employers created as persons with valid IDs),
  dispute items with amounts, mediator assignments (a few objected to and replaced, a few
  committees), meetings (some rescheduled, some continued, some cancelled by a withdrawal),
  attendance, outcomes, statutory due dates and the case events the services would write.
  Every online applicant gets a citizen account (``citizen00001@example.com`` ...) with the
  demo password, so that the portal's "my cases" can be shown.
- ``disputes.lawyer_consultations``: two volunteer-lawyer sessions a working day with their
  bookings; attendance is recorded up to ``as_of``, later sessions are booked but not held.

**The targets.** The counts below are this data's own (a demo world's), chosen so that the
council report's 2023H1 figures (seed/figures-2023H1.yaml, ``disputes.*``) come out of the
records: 1,968 applications received in the half, 957 online (48.63 %); 182 December
applications closed in the half and 180 of the half's still open on 30 June, so 1,970 handled,
905 settled + 196 withdrawn after settling (55.89 %); 769 migrant cases, 90 coordination
meetings, 70 of 87 concluded coordinations that went to a meeting settled (80 %); 1,260
lawyer consultations attended. Only this module knows these numbers; the indicators count
records (labor/disputes/indicators.py).

**How the counts are exact.** Which cases are still open, which December cases close in the
new year and which outcome each handled case has are dealt from exact counts first (weighted
draws without replacement: a case received late is likelier to be open); the dates of each
case's life are then drawn to fit its class (a natural timeline when it fits, else one bent
toward the nearest day that does). Settled and not settled need a held meeting, so a case
closed within two working days of its receipt is given a withdrawal or a transfer instead.

Rows are written in bulk (persons with their history rows, events in bulk) rather than
through the services, for speed; they are the rows the services would have written: the same
statuses, event actions, due dates (labor.disputes.rules over the office calendar) and case
numbers (per line and Taipei year in order of receipt, the number sequence left at the last
number issued). At another scale every count is scaled; the months stay the seven before
``as_of``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from simple_history.utils import bulk_create_with_history

from labor.core.deadlines import default_calendar
from labor.core.formatting import TAIPEI, local_date
from labor.core.models import (
    Case,
    CaseDueDate,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    District,
    Establishment,
    Person,
    Role,
    StaffProfile,
    Unit,
)
from labor.core.scenario import (
    DEMO_PASSWORD,
    _address,
    _apportion,
    _person_name,
    new_personal_id,
)
from labor.core.scenarios import Part, Progress, Scenario
from labor.core.services import format_case_number
from labor.core.settings_values import SettingMissing, dated_value
from labor.disputes import rules
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    ApplicantKind,
    Dispute,
    DisputeItem,
    DisputeParty,
    ItemKind,
    Kind,
    LawyerConsultation,
    LawyerSlot,
    Mediator,
    MediatorAssignment,
    MediatorConflict,
    Meeting,
    MeetingAttendance,
    Outcome,
    Route,
    Side,
    Status,
)

# --- the targets (this demo world's numbers; see the module docstring) ---------------------------

# Applications received per month: the month before the half-year, then its six months.
MEDIATION_RECEIVED = (320, 318, 301, 362, 309, 346, 332)
MEDIATION_ONLINE = 957  # of the half's applications
MEDIATION_ONLINE_SHARE_BEFORE = 0.44  # in the month before
MEDIATION_SPILL = 182  # applications of the month before closed in the half
MEDIATION_OPEN = 180  # applications of the half still open on as_of
# Outcomes of the cases closed in the half (SPILL + half's applications - OPEN of them).
MEDIATION_OUTCOMES = {
    Outcome.SETTLED: 905, Outcome.WITHDRAWN_SETTLED: 196, Outcome.NOT_SETTLED: 742,
    Outcome.WITHDRAWN: 92, Outcome.TRANSFERRED: 35,
}  # fmt: skip
COMMITTEE_SHARE = 0.02
OBJECTION_SHARE = 0.02
RESCHEDULE_SHARE = 0.06
SECOND_SESSION_SHARE = 0.12

MIGRANT_RECEIVED = (118, 120, 112, 140, 125, 138, 134)
MIGRANT_SPILL = 63
MIGRANT_OPEN = 86
# Coordination meetings held in the half, one per case; this many of those cases still await
# their outcome on as_of, the others closed in the half with these outcomes.
COORDINATION_MEETINGS = 90
COORDINATION_AWAITING = 6
COORDINATION_OUTCOMES = {
    Outcome.SETTLED: 68, Outcome.NOT_SETTLED: 12, Outcome.WITHDRAWN_SETTLED: 2,
    Outcome.TRANSFERRED: 2,
}  # fmt: skip
# Cases of the month before with a meeting then: closed in that month, or in the half.
COORDINATION_BEFORE_CLOSED_BEFORE = {Outcome.SETTLED: 4, Outcome.NOT_SETTLED: 1}
COORDINATION_BEFORE_CLOSED_IN_HALF = {Outcome.SETTLED: 2, Outcome.NOT_SETTLED: 1}
COORDINATION_SCHEDULED_AFTER = 10  # open cases with a meeting fixed after as_of
# Outcomes of coordination cases closed without a meeting (phone and letter coordination).
COORDINATION_OTHER_OUTCOMES = {
    Outcome.WITHDRAWN_SETTLED: 65, Outcome.WITHDRAWN: 15, Outcome.TRANSFERRED: 20,
}  # fmt: skip

LAWYER_ATTENDED = 1260  # in the half
LAWYER_NO_SHOW_SHARE = 0.07
LAWYER_SESSIONS = ((dt.time(9, 30), dt.time(12, 0), 6), (dt.time(14, 0), dt.time(17, 0), 7))
LAWYER_BOOKING_DAYS_AFTER = 14  # sessions open for booking after as_of

MONTHS = 7  # the month before the half-year and its six months

# --- people and words ---------------------------------------------------------------------------

BUREAU_MEDIATORS = 14
COMMISSIONED = (
    # (organisation, mediators, meeting room)
    ("社團法人臺北市勞資調解服務協會", 22, "勞資調解服務協會第{n}調解室"),
    ("社團法人中華勞資和諧促進會", 18, "勞資和諧促進會第{n}調解室"),
    ("社團法人臺灣勞動法律服務協會", 16, "勞動法律服務協會第{n}會議室"),
)
COORDINATORS = 9
COORDINATOR_ORGANISATION = "勞動力重建運用處專業協調人（律師）"
BUREAU_ROOMS = ("勞動局第一調解室", "勞動局第二調解室", "勞動局第三調解室", "勞動局第四調解室")
COORDINATION_ROOMS = ("勞動力重建運用處協調室A", "勞動力重建運用處協調室B")
CONFLICTS = 36
LAWYERS = 24
LAWYER_LOCATIONS = ("勞動局1樓法律諮詢室", "勞動局1樓法律諮詢室", "萬華勞工服務站")

ITEM_WEIGHTS = {
    ItemKind.UNPAID_WAGES: 30, ItemKind.SEVERANCE: 22, ItemKind.OVERTIME: 18,
    ItemKind.DISMISSAL: 10, ItemKind.PENSION: 7, ItemKind.INJURY_COMPENSATION: 5,
    ItemKind.INSURANCE: 4, ItemKind.OTHER: 4,
}  # fmt: skip
MIGRANT_ITEM_WEIGHTS = {
    ItemKind.UNPAID_WAGES: 35, ItemKind.OVERTIME: 20, ItemKind.OTHER: 25,
    ItemKind.SEVERANCE: 8, ItemKind.DISMISSAL: 7, ItemKind.INJURY_COMPENSATION: 5,
}  # fmt: skip
EXPERTISE = [kind.value for kind in ItemKind if kind != ItemKind.OTHER]
JOBS = ("作業員", "門市人員", "行政助理", "業務專員", "軟體工程師", "廚師", "外送員", "保全員",
        "清潔員", "會計", "司機", "護理師", "美髮設計師", "店長", "倉管人員", "客服專員",
        "工地技術員", "照顧服務員", "櫃檯人員", "設計師")  # fmt: skip
REASONS = {
    ItemKind.UNPAID_WAGES: "相對人積欠{months}個月工資迄未給付",
    ItemKind.OVERTIME: "申請人長期延長工時，相對人未依法給付延長工時工資",
    ItemKind.SEVERANCE: "相對人以業務緊縮為由終止勞動契約，惟未依法給付資遣費",
    ItemKind.DISMISSAL: "相對人未經預告即終止勞動契約，申請人認為解僱不合法，請求確認僱傭關係存在",
    ItemKind.PENSION: "相對人未依法為申請人按月提繳勞工退休金",
    ItemKind.INJURY_COMPENSATION: "申請人於執行職務時受傷，相對人未依法給付職業災害補償",
    ItemKind.INSURANCE: "相對人以低於實際薪資之金額為申請人投保勞工保險（高薪低報）",
    ItemKind.OTHER: "雙方就特別休假未休工資之計算有爭議",
}
MIGRANT_REASONS = {
    ItemKind.UNPAID_WAGES: "雇主積欠{months}個月薪資",
    ItemKind.OVERTIME: "每日工作逾12小時且無休假，雇主未給付加班費",
    ItemKind.OTHER: "雇主每月自薪資扣除膳宿費超過約定金額",
    ItemKind.SEVERANCE: "雇主申請轉換雇主後未給付資遣費",
    ItemKind.DISMISSAL: "雇主未經協商即欲終止聘僱並遣返",
    ItemKind.INJURY_COMPENSATION: "於工作中受傷，雇主未給付醫療期間工資",
}
TRANSFER_NOTES = (
    "勞務提供地在新北市，移請新北市政府勞工局處理", "當事人已向法院起訴，移送法院",
    "涉及勞動基準法違法事項，移請勞動檢查處查處", "當事人改依仲裁程序處理",
)  # fmt: skip
UNION_NAMES = ("企業工會", "產業工會")
LANGUAGES = {"VN": "越南語", "ID": "印尼語", "PH": "英語（菲律賓）", "TH": "泰語"}
MIGRANT_NATIONALITIES = {"ID": 40, "VN": 35, "PH": 18, "TH": 7}
MIGRANT_NAMES = {
    "VN": (("NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG", "BUI"),
           ("THI HOA", "THI LAN", "THI MAI", "THI HUONG", "THI THAO", "VAN NAM", "VAN TUAN",
            "VAN DUNG", "VAN MINH", "THI LINH")),
    "ID": (("SITI", "SRI", "DEWI", "NUR", "RINA", "YULI", "AGUS", "BUDI"),
           ("RAHAYU", "LESTARI", "HANDAYANI", "WAHYUNI", "SUSANTI", "AMINAH", "FITRIANI",
            "SANTOSO", "PRASETYO")),
    "PH": (("MARIA", "JOSEPHINE", "ROSALIE", "MARICEL", "JOHN", "MARK", "JOCELYN"),
           ("SANTOS", "REYES", "CRUZ", "BAUTISTA", "GARCIA", "MENDOZA", "DELA CRUZ")),
    "TH": (("SOMCHAI", "SOMPONG", "ANAN", "PRASIT", "WICHAI", "KITTI"),
           ("SRISUK", "CHAIYAPORN", "WONGSA", "BOONMA", "SAENGTHONG")),
}  # fmt: skip
LAWYER_TOPICS = ("資遣費計算", "積欠工資", "職業災害補償", "加班費", "勞動契約終止", "特休未休工資",
                 "勞工退休金提繳", "競業禁止條款", "調解程序說明", "調解不成立後之訴訟程序",
                 "勞保投保薪資", "職場霸凌")  # fmt: skip

HELD, SCHEDULED, CANCELLED, RESCHEDULED = (
    Meeting.Status.HELD, Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED,
    Meeting.Status.RESCHEDULED,
)  # fmt: skip
MEETING_TIMES = (dt.time(9, 30), dt.time(10, 0), dt.time(10, 30), dt.time(14, 0),
                 dt.time(14, 30), dt.time(15, 0))  # fmt: skip
MEETING_MINUTES = 90
CLOSING_TIME = dt.time(17, 0)  # services._closing_time: an earlier outcome closes at 17:00


# --- calendar and drawing helpers -------------------------------------------------------------


class Workdays:
    """The office calendar's working days between two dates, for stepping through a case."""

    def __init__(self, first: dt.date, last: dt.date, calendar=None):
        calendar = calendar or default_calendar()
        self.calendar = calendar
        self.days = [
            first + dt.timedelta(days=i)
            for i in range((last - first).days + 1)
            if not calendar.is_rest_day(first + dt.timedelta(days=i))
        ]

    def is_workday(self, day: dt.date) -> bool:
        i = bisect.bisect_left(self.days, day)
        return i < len(self.days) and self.days[i] == day

    def on_or_after(self, day: dt.date) -> dt.date:
        return self.days[bisect.bisect_left(self.days, day)]

    def add(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``n`` >= 1); ``n`` = 0: ``day`` or the next
        working day."""
        if n <= 0:
            return self.on_or_after(day)
        return self.days[bisect.bisect_right(self.days, day) + n - 1]

    def between(self, low: dt.date, high: dt.date) -> list[dt.date]:
        return self.days[bisect.bisect_left(self.days, low) : bisect.bisect_right(self.days, high)]


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=TAIPEI)


def _pick(rng: random.Random, n: int, candidates: list, weight=lambda c: 1.0) -> list:
    """``n`` of ``candidates`` drawn without replacement with probabilities proportional to
    ``weight`` (Efraimidis-Spirakis keys), in the candidates' order."""
    if n >= len(candidates):
        return list(candidates)
    keys = [(math.log(1.0 - rng.random()) / max(weight(c), 1e-12), i)
            for i, c in enumerate(candidates)]
    chosen = sorted(i for _key, i in sorted(keys, reverse=True)[:n])
    return [candidates[i] for i in chosen]


def _deal(rng: random.Random, counts: dict) -> list:
    dealt = [key for key, n in counts.items() for _ in range(n)]
    rng.shuffle(dealt)
    return dealt


def _scaled(scenario: Scenario, counts: dict, total: int | None = None) -> dict:
    """``counts`` at the scenario's scale, adding up exactly to ``total`` (or the scaled sum)."""
    total = scenario.count(sum(counts.values())) if total is None else total
    return dict(zip(counts, _apportion(total, counts.values()), strict=True)) if total else {
        key: 0 for key in counts
    }


def scenario_months(scenario: Scenario) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of the month before the scenario's half-year and of the half's
    months up to ``as_of``."""
    as_of = scenario.as_of
    half_start = dt.date(as_of.year, 1 if as_of.month <= 6 else 7, 1)
    first = (half_start - dt.timedelta(days=1)).replace(day=1)
    months = []
    start = first
    while start <= as_of:
        following = (start + dt.timedelta(days=32)).replace(day=1)
        months.append((start, min(following - dt.timedelta(days=1), as_of)))
        start = following
    if len(months) != MONTHS:
        raise ValueError(f"the dispute part needs as_of at the end of a half-year, not {as_of}")
    return months


def half_year(scenario: Scenario) -> tuple[dt.date, dt.date]:
    months = scenario_months(scenario)
    return months[1][0], scenario.as_of


# --- part 1: the mediator roster ----------------------------------------------------------------


def mediators_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("disputes.mediators")
    used: set[str] = set()

    def name(female: bool) -> str:
        for _attempt in range(50):
            surname, given = _person_name(rng, female=female)
            if surname + given not in used:
                break
        used.add(surname + given)
        return surname + given

    def expertise() -> list[str]:
        return sorted(rng.sample(EXPERTISE, rng.randint(2, 4)))

    mediators = []
    for k in range(scenario.count(BUREAU_MEDIATORS) or 1):
        mediators.append(Mediator(
            name=name(rng.random() < 0.5), kind=Mediator.Kind.BUREAU, organisation="",
            expertise=expertise(), max_open_cases=rng.choice((20, 25, 30)),
            phone=f"02-2720-8889#{6100 + k}", email=f"mediator{k + 1:02d}@example.gov.tw",
            # Two retired from the roster at the new year: they keep their past cases.
            active=k >= 2,
        ))  # fmt: skip
    for organisation, n, _room in COMMISSIONED:
        for _k in range(scenario.count(n) or 1):
            mediators.append(Mediator(
                name=name(rng.random() < 0.4), kind=Mediator.Kind.COMMISSIONED,
                organisation=organisation, expertise=expertise(),
                max_open_cases=rng.choice((10, 15, 20)),
                phone=f"02-{rng.randint(2300, 2799)}-{rng.randint(0, 9999):04d}",
            ))  # fmt: skip
    for _k in range(scenario.count(COORDINATORS) or 1):
        mediators.append(Mediator(
            name=name(rng.random() < 0.5), kind=Mediator.Kind.COORDINATOR,
            organisation=COORDINATOR_ORGANISATION, expertise=[], max_open_cases=10,
            phone=f"02-{rng.randint(2300, 2799)}-{rng.randint(0, 9999):04d}",
        ))  # fmt: skip
    Mediator.objects.bulk_create(mediators)

    establishment_ids = list(Establishment.objects.order_by("pk").values_list("pk", flat=True))
    conflicts = []
    mediation_roster = [m for m in mediators if m.organisation != COORDINATOR_ORGANISATION]
    for establishment_id in rng.sample(establishment_ids,
                                       min(len(establishment_ids), scenario.count(CONFLICTS))):
        conflicts.append(MediatorConflict(
            mediator=rng.choice(mediation_roster), establishment_id=establishment_id,
            reason=rng.choice(("曾任該事業單位之委任代理人", "曾任該事業單位法律顧問",
                               "配偶任職於該事業單位")),
        ))  # fmt: skip
    MediatorConflict.objects.bulk_create(conflicts)
    progress("調解人名冊", len(mediators), len(mediators))
    return len(mediators) + len(conflicts)


# --- part 2: the cases --------------------------------------------------------------------------


@dataclass
class MeetingPlan:
    day: dt.date
    status: str
    scheduled_on: dt.date | None = None  # the day it was fixed
    rescheduled_to: MeetingPlan | None = None


@dataclass
class Plan:
    """The life of one case up to as_of: dates only; the writer adds times, rows and events."""

    kind: str
    received_at: dt.datetime
    channel: str
    outcome: str = ""
    outcome_on: dt.date | None = None
    designated: dt.date | None = None
    objection_on: dt.date | None = None
    redesignated: dt.date | None = None
    meetings: list[MeetingPlan] = field(default_factory=list)
    route: str = Route.MEDIATOR
    committee_size: int | None = None

    @property
    def received_on(self) -> dt.date:
        return local_date(self.received_at)

    @property
    def held(self) -> list[MeetingPlan]:
        return [m for m in self.meetings if m.status == HELD]


def _receipts(rng: random.Random, wd: Workdays, months, counts, channels) -> list[dt.datetime]:
    """Receipt times for ``channels`` (one per case) in the months given by ``counts``: online
    at any hour of any day, the counter and referrals in office hours, mail in the morning."""
    out = []
    channel_iter = iter(channels)
    for (first, last), n in zip(months, counts, strict=True):
        office_days = wd.between(first, last)
        all_days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        for _ in range(n):
            channel = next(channel_iter)
            if channel == Channel.ONLINE:
                day = rng.choice(all_days)
                hour = rng.choices(range(24), weights=(
                    1, 1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 7, 7, 8, 8, 7, 6, 6, 7, 8, 8, 6, 3))[0]
            elif channel == Channel.MAIL:
                day, hour = rng.choice(office_days), rng.randint(9, 11)
            else:
                day, hour = rng.choice(office_days), rng.choice((8, 9, 10, 11, 13, 14, 15, 16))
            minute = rng.randint(30, 59) if hour == 8 else rng.randint(0, 59)
            out.append(_at(day, dt.time(hour, minute, rng.randint(0, 59))))
    return out


def _designation(rng: random.Random, wd: Workdays, received_at: dt.datetime) -> dt.date:
    received_on = local_date(received_at)
    k = rng.choices((0, 1, 2, 3, 5), weights=(15, 45, 25, 10, 5))[0]
    if k == 0 and wd.is_workday(received_on) and received_at.astimezone(TAIPEI).hour < 15:
        return received_on
    return wd.add(received_on, max(k, 1))


def _first_meeting(rng: random.Random, wd: Workdays, designated: dt.date) -> dt.date:
    # Art. 12: within 7 days of designation; about a third start later (a busy roster, a
    # party's leave), as in practice.
    days = rng.choices(range(3, 16), weights=(4, 8, 10, 11, 10, 8, 6, 4, 3, 2, 2, 1, 1))[0]
    return wd.on_or_after(designated + dt.timedelta(days=days))


def _schedule_day(rng: random.Random, wd: Workdays, designated: dt.date,
                  meeting: dt.date) -> dt.date:
    day = designated if rng.random() < 0.5 else wd.add(designated, 1)
    return day if day < meeting else designated


def _natural(rng: random.Random, wd: Workdays, plan: Plan) -> None:
    """A closed case's timeline as it would run if nothing constrained it."""
    received_on, outcome = plan.received_on, plan.outcome
    plan.meetings = []
    if outcome == Outcome.TRANSFERRED:
        if rng.random() < 0.7:
            plan.designated = None
            plan.outcome_on = wd.add(received_on, rng.randint(1, 4))
        else:
            plan.designated = _designation(rng, wd, plan.received_at)
            plan.outcome_on = wd.add(plan.designated, rng.randint(1, 3))
        return
    plan.designated = designated = _designation(rng, wd, plan.received_at)
    first = _first_meeting(rng, wd, designated)
    scheduled_on = _schedule_day(rng, wd, designated, first)
    if rules.outcome_requires_meeting(outcome):
        days = [first]
        if rng.random() < SECOND_SESSION_SHARE:
            days.append(wd.add(first, rng.randint(5, 10)))
        plan.meetings = [MeetingPlan(d, HELD) for d in days]
        plan.meetings[0].scheduled_on = scheduled_on
        plan.outcome_on = days[-1]
        return
    after_meeting = rng.random() < (0.35 if outcome == Outcome.WITHDRAWN_SETTLED else 0.15)
    if after_meeting:
        plan.meetings = [MeetingPlan(first, HELD, scheduled_on=scheduled_on)]
        plan.outcome_on = wd.add(first, rng.randint(2, 10))
        return
    before = wd.between(designated, first - dt.timedelta(days=1))
    plan.outcome_on = rng.choice(before) if before else designated
    if scheduled_on < plan.outcome_on:
        plan.meetings = [MeetingPlan(first, CANCELLED, scheduled_on=scheduled_on)]


def _bend(rng: random.Random, wd: Workdays, plan: Plan, low: dt.date, high: dt.date) -> None:
    """Move a closed case's outcome into [low, high], keeping what happened before it."""
    received_on, outcome = plan.received_on, plan.outcome
    needs_meeting = rules.outcome_requires_meeting(outcome)
    earliest = max(low, wd.add(received_on, 2) if needs_meeting else received_on)
    if plan.outcome_on > high:
        days = wd.between(earliest, high)
    else:  # too early: a later session, a later withdrawal
        days = wd.between(earliest, min(high, low + dt.timedelta(days=14)))
    target = rng.choice(days) if days else earliest  # no working day left: a rest day
    natural_meetings = [m for m in plan.meetings if m.day < target]
    if plan.designated is not None and plan.designated > target:
        plan.designated = None
    if needs_meeting and plan.designated is None:
        first_day = wd.on_or_after(received_on)
        plan.designated = first_day if first_day < target else received_on
    if outcome == Outcome.TRANSFERRED:
        plan.meetings = []
    elif needs_meeting:
        held = [MeetingPlan(m.day, HELD, scheduled_on=m.scheduled_on) for m in natural_meetings
                if m.day > plan.designated]
        held.append(MeetingPlan(target, HELD))
        plan.meetings = held
    else:
        plan.meetings = [MeetingPlan(m.day, HELD, scheduled_on=m.scheduled_on)
                         for m in natural_meetings[:1]
                         if plan.designated is not None and m.day > plan.designated]
    if plan.meetings and plan.meetings[0].scheduled_on is None:
        plan.meetings[0].scheduled_on = _schedule_day(rng, wd, plan.designated,
                                                      plan.meetings[0].day)
    plan.outcome_on = target


def _closed(rng: random.Random, wd: Workdays, plan: Plan, low: dt.date, high: dt.date) -> None:
    for _attempt in range(30):
        _natural(rng, wd, plan)
        if low <= plan.outcome_on <= high:
            return
    _bend(rng, wd, plan, low, high)


def _open(rng: random.Random, wd: Workdays, plan: Plan, as_of: dt.date) -> None:
    """An open case on as_of: as far along as its time since receipt allows."""
    plan.meetings = []
    designated = _designation(rng, wd, plan.received_at)
    if designated > as_of:
        plan.designated = None
        return
    plan.designated = designated
    first = _first_meeting(rng, wd, designated)
    scheduled_on = _schedule_day(rng, wd, designated, first)
    if scheduled_on > as_of or (scheduled_on == as_of and rng.random() < 0.5):
        return  # assigned, no meeting fixed yet
    if first > as_of:
        plan.meetings = [MeetingPlan(first, SCHEDULED, scheduled_on=scheduled_on)]
        return
    following = wd.add(max(first, as_of), rng.randint(1, 8))
    plan.meetings = [MeetingPlan(first, HELD, scheduled_on=scheduled_on),
                     MeetingPlan(following, SCHEDULED)]


def _feasible(plan: Plan, outcome: str, high: dt.date, wd: Workdays) -> bool:
    return not rules.outcome_requires_meeting(outcome) or wd.add(plan.received_on, 2) <= high


def _deal_outcomes(rng: random.Random, wd: Workdays, plans: list[Plan], counts: dict,
                   high_of) -> None:
    """Give ``plans`` the outcomes ``counts`` (exactly), none a case cannot have had by the
    last day its class allows (``high_of(plan)``)."""
    outcomes = _deal(rng, counts)
    for plan, outcome in zip(plans, outcomes, strict=True):
        plan.outcome = outcome
    for i, plan in enumerate(plans):
        if _feasible(plan, plan.outcome, high_of(plan), wd):
            continue
        for j in rng.sample(range(len(plans)), len(plans)):
            other = plans[j]
            if (not rules.outcome_requires_meeting(other.outcome)
                    and _feasible(other, plan.outcome, high_of(other), wd)):
                plan.outcome, other.outcome = other.outcome, plan.outcome
                break
        else:
            raise ValueError(f"no outcome fits case {i} received {plan.received_on}")


def _mediation_plans(rng: random.Random, wd: Workdays, scenario: Scenario) -> list[Plan]:
    months = scenario_months(scenario)
    as_of = scenario.as_of
    before_end = months[0][1]
    half_start = months[1][0]
    counts = _apportion(scenario.count(sum(MEDIATION_RECEIVED)), MEDIATION_RECEIVED)
    before, half = counts[0], sum(counts[1:])
    online = min(half, scenario.count(MEDIATION_ONLINE))

    def channels(n: int, n_online: int) -> list[str]:
        others = rng.choices((Channel.COUNTER, Channel.MAIL, Channel.REFERRAL),
                             weights=(85, 12, 3), k=n - n_online)
        out = [Channel.ONLINE] * n_online + others
        rng.shuffle(out)
        return out

    before_channels = channels(before, round(before * MEDIATION_ONLINE_SHARE_BEFORE))
    half_channels = channels(half, online)
    # Channels per month in order: the month before, then the half's months.
    received = _receipts(rng, wd, months, counts, before_channels + half_channels)
    plans = [Plan(Kind.MEDIATION, at, ch) for at, ch in
             zip(received, before_channels + half_channels, strict=True)]
    before_plans, half_plans = plans[:before], plans[before:]

    def days_left(plan: Plan, end: dt.date) -> int:
        return (end - plan.received_on).days

    spill = _pick(rng, min(before, scenario.count(MEDIATION_SPILL)), before_plans,
                  lambda p: math.exp(-days_left(p, before_end) / 8))
    still_open = _pick(rng, min(half, scenario.count(MEDIATION_OPEN)), half_plans,
                       lambda p: math.exp(-days_left(p, as_of) / 6))
    spill_ids, open_ids = {id(p) for p in spill}, {id(p) for p in still_open}
    closed_in_half = spill + [p for p in half_plans if id(p) not in open_ids]
    closed_before = [p for p in before_plans if id(p) not in spill_ids]

    _deal_outcomes(rng, wd, closed_in_half,
                   _scaled(scenario, MEDIATION_OUTCOMES, total=len(closed_in_half)),
                   lambda p: as_of)
    for plan in closed_in_half:
        low = half_start if id(plan) in spill_ids else plan.received_on
        _closed(rng, wd, plan, low, as_of)
    before_outcomes = rng.choices(list(MEDIATION_OUTCOMES), weights=MEDIATION_OUTCOMES.values(),
                                  k=len(closed_before))
    for plan, outcome in zip(closed_before, before_outcomes, strict=True):
        plan.outcome = outcome
        if not _feasible(plan, outcome, before_end, wd):
            plan.outcome = Outcome.WITHDRAWN_SETTLED
        _closed(rng, wd, plan, plan.received_on, before_end)
    for plan in still_open:
        _open(rng, wd, plan, as_of)
    _committees_objections_reschedules(rng, wd, plans)
    return plans


def _committees_objections_reschedules(rng: random.Random, wd: Workdays,
                                       plans: list[Plan]) -> None:
    """A few committees, objections to the mediator and moved meetings, where they fit
    before the case's next step."""
    for plan in plans:
        if plan.designated is None:
            continue
        first = plan.meetings[0] if plan.meetings else None
        if rng.random() < COMMITTEE_SHARE and first is not None:
            plan.route = Route.COMMITTEE
            plan.committee_size = 3 if rng.random() < 0.8 else 5
            continue
        # An objection right after designation, before any meeting is fixed.
        if (first is not None and rng.random() < OBJECTION_SHARE
                and first.scheduled_on is not None
                and wd.add(plan.designated, 2) < first.day
                and (plan.outcome_on is None or wd.add(plan.designated, 2) < plan.outcome_on)):
            plan.objection_on = wd.add(plan.designated, 1)
            plan.redesignated = wd.add(plan.designated, 2)
            first.scheduled_on = max(first.scheduled_on, plan.redesignated)
        # A held meeting that had been moved once (a party asked for another day).
        if (first is not None and first.status == HELD and first.scheduled_on is not None
                and rng.random() < RESCHEDULE_SHARE):
            between = wd.between(first.scheduled_on + dt.timedelta(days=1),
                                 first.day - dt.timedelta(days=1))
            if between:
                moved = MeetingPlan(rng.choice(between), RESCHEDULED,
                                    scheduled_on=first.scheduled_on, rescheduled_to=first)
                plan.meetings.insert(0, moved)


def _coordination_plans(rng: random.Random, wd: Workdays, scenario: Scenario) -> list[Plan]:
    months = scenario_months(scenario)
    as_of = scenario.as_of
    before_end, half_start = months[0][1], months[1][0]
    counts = _apportion(scenario.count(sum(MIGRANT_RECEIVED)), MIGRANT_RECEIVED)
    before, half = counts[0], sum(counts[1:])
    chans = rng.choices((Channel.COUNTER, Channel.REFERRAL, Channel.ONLINE, Channel.MAIL),
                        weights=(50, 35, 10, 5), k=before + half)
    received = _receipts(rng, wd, months, counts, chans)
    plans = [Plan(Kind.COORDINATION, at, ch) for at, ch in zip(received, chans, strict=True)]
    before_plans, half_plans = plans[:before], plans[before:]
    taken: set[int] = set()

    def free(candidates, test=lambda p: True):
        return [p for p in candidates if id(p) not in taken and test(p)]

    def take(n, candidates, weight=lambda p: 1.0):
        chosen = _pick(rng, n, candidates, weight)
        taken.update(id(p) for p in chosen)
        return chosen

    def meeting_on(plan: Plan, low: dt.date, high: dt.date) -> MeetingPlan | None:
        days = wd.between(max(low, plan.received_on + dt.timedelta(days=7)), high)
        if not days:
            return None
        day = rng.choice(days[:15])
        designated = wd.add(plan.received_on, rng.randint(1, 3))
        plan.designated = designated if designated < day else plan.received_on
        scheduled = _schedule_day(rng, wd, plan.designated, day)
        return MeetingPlan(day, HELD, scheduled_on=scheduled)

    def with_meeting(plan: Plan, outcome: str, low: dt.date, high: dt.date,
                     outcome_low: dt.date | None = None, outcome_high: dt.date = as_of) -> None:
        """A held meeting in [low, high]; the outcome at it (settled, not settled) or within
        days after it, not before ``outcome_low`` nor after ``outcome_high``."""
        meeting = meeting_on(plan, low, high)
        plan.meetings = [meeting]
        plan.outcome = outcome
        if rules.outcome_requires_meeting(outcome) and outcome_low is None:
            plan.outcome_on = meeting.day
        else:
            start = max(outcome_low or meeting.day, meeting.day)
            end = min(wd.add(start, 8), outcome_high)
            plan.outcome_on = rng.choice(wd.between(start, end) or [start])

    # Cases still awaiting the outcome of a meeting held in the half's last weeks.
    awaiting = take(scenario.count(COORDINATION_AWAITING), free(
        half_plans, lambda p: as_of - dt.timedelta(days=45) <= p.received_on
        <= as_of - dt.timedelta(days=14)))
    for plan in awaiting:
        plan.meetings = [meeting_on(plan, as_of - dt.timedelta(days=12), as_of)]
    # The others open on as_of: the latest received are likeliest.
    n_open = max(0, min(half, scenario.count(MIGRANT_OPEN)) - len(awaiting))
    others_open = take(n_open, free(half_plans),
                       lambda p: math.exp(-(as_of - p.received_on).days / 7))
    # The month before: cases closed in the half, the others in that month.
    spill = take(min(before, scenario.count(MIGRANT_SPILL)), free(before_plans),
                 lambda p: math.exp(-(before_end - p.received_on).days / 8))
    spill_ids = {id(p) for p in spill}
    closed_before = [p for p in before_plans if id(p) not in spill_ids]
    taken.update(id(p) for p in closed_before)

    # Meetings of the month before, concluded then or in the half.
    meeting_before = _pick(rng, sum(COORDINATION_BEFORE_CLOSED_BEFORE.values()),
                           [p for p in closed_before
                            if p.received_on <= before_end - dt.timedelta(days=14)])
    for plan, outcome in zip(meeting_before,
                             _deal(rng, _scaled(scenario, COORDINATION_BEFORE_CLOSED_BEFORE,
                                                total=len(meeting_before))), strict=True):
        with_meeting(plan, outcome, plan.received_on, before_end)
    carried = _pick(rng, scenario.count(sum(COORDINATION_BEFORE_CLOSED_IN_HALF.values())),
                    [p for p in spill if p.received_on <= before_end - dt.timedelta(days=10)])
    for plan, outcome in zip(carried, _deal(rng, _scaled(
            scenario, COORDINATION_BEFORE_CLOSED_IN_HALF, total=len(carried))), strict=True):
        with_meeting(plan, outcome, plan.received_on, before_end,
                     outcome_low=wd.on_or_after(half_start + dt.timedelta(days=2)))
    carried_ids = {id(p) for p in carried}

    # Meetings held in the half with their outcome in the half.
    concluded = scenario.count(COORDINATION_MEETINGS) - len(awaiting)
    outcomes = _deal(rng, _scaled(scenario, COORDINATION_OUTCOMES, total=max(0, concluded)))
    eligible = [p for p in spill if id(p) not in carried_ids] + free(
        half_plans, lambda p: p.received_on <= as_of - dt.timedelta(days=21))
    met = _pick(rng, len(outcomes), eligible)
    taken.update(id(p) for p in met)
    for plan, outcome in zip(met, outcomes, strict=True):
        low = half_start if id(plan) in spill_ids else plan.received_on
        with_meeting(plan, outcome, low, as_of - dt.timedelta(days=10))

    # Everything else closes without a meeting, coordinated by phone and letter: no
    # coordinator is designated (or stays open, received).
    before_ids = {id(p) for p in closed_before}
    for plan in spill + free(half_plans) + closed_before:
        if plan.outcome or plan.meetings:
            continue
        plan.outcome = rng.choices(list(COORDINATION_OTHER_OUTCOMES),
                                   weights=COORDINATION_OTHER_OUTCOMES.values())[0]
        low = half_start if id(plan) in spill_ids else plan.received_on
        high = before_end if id(plan) in before_ids else as_of
        natural = wd.add(plan.received_on, rng.randint(2, 18))
        if not low <= natural <= high:
            days = wd.between(max(low, plan.received_on), high) or [max(low, plan.received_on)]
            natural = rng.choice(days[:10]) if natural < low else rng.choice(days)
        plan.outcome_on = natural
    # Open cases: a meeting fixed after as_of for some, the rest being coordinated by phone.
    after = [p for p in others_open if p.received_on <= as_of - dt.timedelta(days=5)]
    for plan in _pick(rng, scenario.count(COORDINATION_SCHEDULED_AFTER), after):
        plan.designated = wd.add(plan.received_on, 1)
        if plan.designated > as_of:
            plan.designated = None
            continue
        day = wd.add(as_of, rng.randint(1, 10))
        plan.meetings = [MeetingPlan(day, SCHEDULED, scheduled_on=wd.add(plan.designated, 0))]
    return plans


# --- the rows -----------------------------------------------------------------------------------


@dataclass
class Context:
    scenario: Scenario
    rng: random.Random
    wd: Workdays
    districts: list[District]
    establishments: list[dict]
    hot: list[dict]
    existing_persons: list[dict]
    used_ids: set[str]
    mediators: list[Mediator]
    coordinators: list[Mediator]
    conflicts: dict[int, set[tuple[str, int]]]  # mediator id -> {("e", est id), ("p", id)}
    officers: dict[str, list]
    units: dict[str, Unit | None]
    days: dict[str, int | None]  # due date kind -> the period's day count
    half_start: dt.date
    new_persons: list[Person] = field(default_factory=list)
    person_keys: dict[str, Person] = field(default_factory=dict)
    workload: Counter = field(default_factory=Counter)


def _new_person(ctx: Context, *, name: str, female: bool, resident: bool = False,
                nationality: str = "TW", born_from: int = 1958, born_to: int = 2001,
                email_prefix: str = "worker") -> Person:
    rng = ctx.rng
    number = new_personal_id(rng, ctx.used_ids, female=female, resident=resident)
    born = dt.date(born_from, 1, 1) + dt.timedelta(
        days=rng.randint(0, (born_to - born_from) * 365))
    k = len(ctx.new_persons) + 1
    person = Person(
        id_kind=Person.IdKind.UI_NUMBER if resident else Person.IdKind.NATIONAL_ID,
        id_number=number, name=name, birth_date=born, nationality=nationality,
        phone=f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
        email=f"{email_prefix}{k:05d}@example.com" if rng.random() < 0.7 else "",
        address=_address(rng, ctx.scenario.city_label, rng.choice(ctx.districts), office=False),
    )  # fmt: skip
    ctx.new_persons.append(person)
    return person


def _worker(ctx: Context) -> Person | dict:
    """A worker: mostly a new person, sometimes one the kernel's part already holds."""
    rng = ctx.rng
    if ctx.existing_persons and rng.random() < 0.06:
        return rng.choice(ctx.existing_persons)
    female = rng.random() < 0.5
    surname, given = _person_name(rng, female=female)
    return _new_person(ctx, name=surname + given, female=female)


def _migrant(ctx: Context, nationality: str) -> Person:
    rng = ctx.rng
    first, last = MIGRANT_NAMES[nationality]
    female = nationality != "TH" and rng.random() < 0.75
    return _new_person(ctx, name=f"{rng.choice(first)} {rng.choice(last)}", female=female,
                       resident=True, nationality=nationality, born_from=1975, born_to=2002,
                       email_prefix="migrant")


def _household_employer(ctx: Context) -> Person:
    rng = ctx.rng
    female = rng.random() < 0.5
    surname, given = _person_name(rng, female=female)
    return _new_person(ctx, name=surname + given, female=female, born_from=1945, born_to=1975,
                       email_prefix="employer")


def _establishment(ctx: Context, on: dt.date, industries: str | None = None) -> dict:
    rng = ctx.rng
    for _attempt in range(40):
        pool = ctx.hot if (industries is None and rng.random() < 0.08) else ctx.establishments
        est = rng.choice(pool)
        if industries and est["industry__code"] not in industries and _attempt < 30:
            continue
        if (est["registered_on"] or dt.date.min) <= on and (
            est["closed_on"] is None or est["closed_on"] > on
        ):
            return est
    return est


def _items(ctx: Context, weights: dict, wage: int, workers: int) -> list[DisputeItem]:
    rng = ctx.rng
    kinds = []
    for _ in range(rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
        kind = rng.choices(list(weights), weights=weights.values())[0]
        if kind not in kinds:
            kinds.append(kind)
    items = []
    for kind in kinds:
        if kind == ItemKind.UNPAID_WAGES:
            amount = wage * rng.uniform(0.3, 3.0)
        elif kind == ItemKind.OVERTIME:
            amount = rng.uniform(3_000, 120_000)
        elif kind == ItemKind.SEVERANCE:
            amount = wage * rng.uniform(0.5, 6.0)
        elif kind == ItemKind.DISMISSAL:
            amount = wage * 3 if rng.random() < 0.4 else None
        elif kind == ItemKind.INJURY_COMPENSATION:
            amount = rng.uniform(50_000, 800_000)
        elif kind == ItemKind.PENSION:
            amount = wage * 0.06 * rng.randint(6, 60)
        elif kind == ItemKind.INSURANCE:
            amount = rng.uniform(2_000, 60_000)
        else:
            amount = rng.uniform(3_000, 40_000) if rng.random() < 0.6 else None
        items.append(DisputeItem(
            kind=kind,
            amount_claimed=None if amount is None else int(round(amount * workers, -2)),
            note="" if workers == 1 else f"{workers}名勞工合計",
        ))  # fmt: skip
    return items


def _party_from_person(person, side: str) -> DisputeParty:
    get = person.get if isinstance(person, dict) else lambda f: getattr(person, f)
    return DisputeParty(side=side, phone=get("phone") or "", email=get("email") or "",
                        address=get("address") or "")


def _party_from_establishment(ctx: Context, est: dict, side: str) -> DisputeParty:
    rng = ctx.rng
    contact = est["representative"]
    if rng.random() < 0.5:
        surname, given = _person_name(rng, female=rng.random() < 0.6)
        contact = f"{surname}{given}（人資）"
    return DisputeParty(side=side, establishment_id=est["pk"], contact_name=contact,
                        phone=est["phone"], address=est["address"])


@dataclass
class CaseRows:
    plan: Plan
    dispute: Dispute
    parties: list[tuple[DisputeParty, object]]  # (party, person or None)
    items: list[DisputeItem]
    person: object = None
    establishment_id: int | None = None
    summary: str = ""
    portal_key: str | None = None
    portal_name: str = ""


def _mediation_rows(ctx: Context, plan: Plan) -> CaseRows:
    rng = ctx.rng
    on = plan.received_on
    applicant_kind = rng.choices(
        (ApplicantKind.WORKER, ApplicantKind.WORKERS, ApplicantKind.UNION, ApplicantKind.EMPLOYER),
        weights=(82, 6, 2, 10))[0]  # fmt: skip
    est = _establishment(ctx, on)
    wage = int(round(math.exp(rng.gauss(math.log(38_000), 0.35)), -2))
    wage = max(wage, 25_250 if on.year < 2023 else 26_400)
    parties: list[tuple[DisputeParty, object]] = []
    person = None
    workers = 1
    start = on - dt.timedelta(days=rng.randint(60, 365 * 12))
    job = rng.choice(JOBS)
    if applicant_kind == ApplicantKind.EMPLOYER:
        worker = _worker(ctx)
        parties.append((_party_from_establishment(ctx, est, Side.APPLICANT), None))
        parties.append((_party_from_person(worker, Side.RESPONDENT), worker))
        items = [DisputeItem(kind=ItemKind.OTHER, amount_claimed=int(round(
            rng.uniform(20_000, 300_000), -3)), note="離職未依約預告及交接之損害賠償")]
        statement = ("相對人任職期間未依約辦理交接即離職，致申請人受有損害，"
                     "請求賠償，爰申請調解。")
    else:
        if applicant_kind == ApplicantKind.UNION:
            surname = est["name"][:2]
            union = f"{ctx.scenario.city_label}{surname}{rng.choice(UNION_NAMES)}"
            contact_surname, given = _person_name(rng, female=rng.random() < 0.4)
            parties.append((DisputeParty(
                side=Side.APPLICANT, union_name=union,
                contact_name=f"{contact_surname}{given}（理事長）",
                phone=f"02-{rng.randint(2300, 2899)}-{rng.randint(0, 9999):04d}",
                address=est["address"]), None))  # fmt: skip
            workers = rng.randint(5, 40)
        else:
            workers = rng.randint(2, 8) if applicant_kind == ApplicantKind.WORKERS else 1
            for _ in range(workers):
                worker = _worker(ctx)
                if any(p is worker for _party, p in parties):
                    continue
                parties.append((_party_from_person(worker, Side.APPLICANT), worker))
            person = parties[0][1]
        parties.append((_party_from_establishment(ctx, est, Side.RESPONDENT), None))
        items = _items(ctx, ITEM_WEIGHTS, wage, workers)
        reason = REASONS[items[0].kind].format(months=rng.randint(1, 4))
        who = "申請人" if workers == 1 else f"申請人等{workers}人"
        statement = (f"{who}自民國{start.year - 1911}年{start.month}月起受僱於相對人擔任{job}，"
                     f"月薪{wage:,}元。{reason}，爰申請調解。")
    single = applicant_kind in (ApplicantKind.WORKER, ApplicantKind.EMPLOYER)
    dispute = Dispute(
        kind=Kind.MEDIATION, applicant_kind=applicant_kind, route=plan.route,
        committee_size=plan.committee_size,
        # Employment facts of the worker (for a group, of the first applicant).
        employment_start=start if applicant_kind != ApplicantKind.UNION else None,
        monthly_wage=wage if applicant_kind != ApplicantKind.UNION else None,
        job_title=job if single or applicant_kind == ApplicantKind.WORKERS else "",
        statement=statement,
        interpreter_language="",
    )  # fmt: skip
    rows = CaseRows(plan, dispute, parties, items, person=person, establishment_id=est["pk"])
    rows.summary = "、".join(ITEM_LABELS[i.kind] for i in items)
    if plan.channel == Channel.ONLINE:
        applicant = parties[0]
        rows.portal_key = (f"person:{id(applicant[1])}" if applicant[1] is not None
                           else f"party:{est['pk']}:{applicant[0].union_name}")
        rows.portal_name = (_person_attr(applicant[1], "name") if applicant[1] is not None
                            else applicant[0].union_name or est["name"])
    return rows


ITEM_LABELS = {
    ItemKind.UNPAID_WAGES: "積欠工資", ItemKind.OVERTIME: "加班費", ItemKind.SEVERANCE: "資遣費",
    ItemKind.DISMISSAL: "解僱爭議", ItemKind.INJURY_COMPENSATION: "職業災害補償",
    ItemKind.PENSION: "退休金提繳", ItemKind.INSURANCE: "勞健保", ItemKind.OTHER: "其他",
}  # fmt: skip


def _person_attr(person, name: str):
    return person[name] if isinstance(person, dict) else getattr(person, name)


def _coordination_rows(ctx: Context, plan: Plan) -> CaseRows:
    rng = ctx.rng
    on = plan.received_on
    nationality = rng.choices(list(MIGRANT_NATIONALITIES),
                              weights=MIGRANT_NATIONALITIES.values())[0]
    household = rng.random() < 0.55 and nationality != "TH"
    workers = 1 if household or rng.random() < 0.92 else rng.randint(2, 6)
    parties: list[tuple[DisputeParty, object]] = []
    for _ in range(workers):
        migrant = _migrant(ctx, nationality)
        parties.append((_party_from_person(migrant, Side.APPLICANT), migrant))
    if household:
        employer = _household_employer(ctx)
        parties.append((_party_from_person(employer, Side.RESPONDENT), employer))
        parties[0][0].address = employer.address  # a live-in caregiver
        est_id, job, wage = None, "家庭看護工", rng.choice((17_000, 20_000, 20_000))
    else:
        est = _establishment(ctx, on, industries="CFQ")
        parties.append((_party_from_establishment(ctx, est, Side.RESPONDENT), None))
        est_id = est["pk"]
        job = {"F": "營造工", "Q": "機構看護工"}.get(est["industry__code"], "製造業技術工")
        wage = 26_400 if on.year >= 2023 else 25_250
    items = _items(ctx, MIGRANT_ITEM_WEIGHTS, wage, workers)
    reason = MIGRANT_REASONS.get(items[0].kind, MIGRANT_REASONS[ItemKind.OTHER]).format(
        months=rng.randint(1, 3))
    who = "申請人" if workers == 1 else f"申請人等{workers}人"
    dispute = Dispute(
        kind=Kind.COORDINATION,
        applicant_kind=ApplicantKind.WORKER if workers == 1 else ApplicantKind.WORKERS,
        route=Route.MEDIATOR, employment_start=on - dt.timedelta(days=rng.randint(60, 365 * 6)),
        monthly_wage=wage, job_title=job, interpreter_language=LANGUAGES[nationality],
        statement=f"{who}（{job}）表示{reason}，請求協調。",
    )  # fmt: skip
    rows = CaseRows(plan, dispute, parties, items, person=parties[0][1], establishment_id=est_id)
    rows.summary = "、".join(ITEM_LABELS[i.kind] for i in items)
    if plan.channel == Channel.ONLINE:
        rows.portal_key = f"person:{id(parties[0][1])}"
        rows.portal_name = parties[0][1].name
    return rows


def _mediator_for(ctx: Context, rows: CaseRows, roster: list[Mediator], *, on: dt.date,
                  exclude=()) -> Mediator:
    """A mediator without a conflict with the parties, likelier the more of the dispute's
    items they know and the fewer cases they were given; those retired from the roster only
    for the month before the half-year."""
    rng = ctx.rng
    parties = rows.parties
    establishments = {p.establishment_id for p, _x in parties if p.establishment_id}
    kinds = {i.kind for i in rows.items}
    candidates = [
        m for m in roster
        if (m.active or on < ctx.half_start) and m.pk not in exclude
        and not any(("e", e) in ctx.conflicts.get(m.pk, ()) for e in establishments)
    ]
    weights = [(1 + len(kinds & set(m.expertise))) / (1 + ctx.workload[m.pk]) for m in candidates]
    chosen = rng.choices(candidates, weights=weights)[0]
    ctx.workload[chosen.pk] += 1
    return chosen


def _clock(rng: random.Random, day: dt.date, after: dt.datetime | None,
           start=(9, 0), end=(16, 30)) -> dt.datetime:
    """A time on ``day`` in office hours, later than ``after`` (by a few minutes)."""
    lo = start[0] * 60 + start[1]
    hi = end[0] * 60 + end[1]
    minutes = rng.randint(lo, hi)
    at = _at(day, dt.time(minutes // 60, minutes % 60))
    if after is not None and at <= after:
        at = after + dt.timedelta(minutes=rng.randint(3, 20))
    return at


class EventLog:
    """The CaseEvent rows of one case, in order, as the services write them."""

    def __init__(self, case: Case, actor):
        self.case = case
        self.actor = actor
        self.rows: list[CaseEvent] = []
        self.status = Status.RECEIVED

    def add(self, at: dt.datetime, action: str, *, actor="default", **values) -> None:
        actor = self.actor if actor == "default" else actor
        self.rows.append(CaseEvent(
            case=self.case, at=at, actor=actor,
            actor_kind=CaseEvent.ActorKind.PERSON if actor else CaseEvent.ActorKind.SYSTEM,
            action=action, **values,
        ))  # fmt: skip

    def move(self, at: dt.datetime, action: str, note: str = "", close: bool = False) -> None:
        """services._move: a transition row when the status changes (or the case closes)."""
        target = rules.next_status(self.status, action)
        if target != self.status or close:
            self.add(at, "transition", from_status=self.status, to_status=target, note=note)
        self.status = target


def _due(ctx: Context, kind: str, start: dt.date, rule) -> dt.date | None:
    days = ctx.days.get(kind)
    return None if days is None else rule(start, days, calendar=ctx.wd.calendar)


def _write_lifecycle(ctx: Context, rows: CaseRows, case: Case, out: dict) -> None:
    """Assignments, meetings, attendance, due dates, outcome and events of one case."""
    rng, plan, dispute = ctx.rng, rows.plan, rows.dispute
    officer = rng.choice(ctx.officers[case.line]) if ctx.officers[case.line] else None
    mediation = plan.kind == Kind.MEDIATION
    roster = ctx.mediators if mediation else ctx.coordinators
    log = EventLog(case, officer)
    submitter = officer if plan.channel != Channel.ONLINE else None
    log.add(plan.received_at, "open", actor=submitter, to_status=Status.RECEIVED,
            new_values={"channel": plan.channel})
    applicants = [p for p, _x in rows.parties if p.side == Side.APPLICANT]
    log.add(plan.received_at, "dispute_submit", actor=submitter, new_values={
        "kind": plan.kind, "route": plan.route, "applicant_kind": dispute.applicant_kind,
        "applicants": len(applicants), "respondents": len(rows.parties) - len(applicants),
        "items": [i.kind for i in rows.items], "online": plan.channel == Channel.ONLINE,
    })  # fmt: skip
    due: dict[str, CaseDueDate] = {}

    def set_due(at, kind, start, rule, actor="default"):
        day = _due(ctx, kind, start, rule)
        if day is None:
            return
        row = due.get(kind)
        if row is None:
            row = due[kind] = CaseDueDate(case=case, kind=kind, basis=rules.BASIS[kind],
                                          due_on=day)
        row.due_on = day
        log.add(at, "due_date", actor=actor, new_values={
            "kind": kind, "due_on": day.isoformat(), "basis": rules.BASIS[kind]})

    def meet_due(at, kind, on):
        row = due.get(kind)
        if row is None or row.met_on is not None:
            return
        row.met_on = on
        log.add(at, "due_date_met", new_values={"kind": kind, "met_on": on.isoformat(),
                                                "due_on": row.due_on.isoformat()})

    received_on = plan.received_on
    if mediation:
        if plan.route == Route.MEDIATOR:
            set_due(plan.received_at, rules.DUE_MEDIATOR_DESIGNATION, received_on,
                    rules.mediator_designation_due, actor=submitter)
        else:
            set_due(plan.received_at, rules.DUE_COMMITTEE_MEMBER_NAMING, received_on,
                    rules.committee_member_naming_due, actor=submitter)
    cursor = plan.received_at
    assignments: list[MediatorAssignment] = []

    def assign(day, *, nominated_by="", exclude=(), members_before=0, pool=None):
        nonlocal cursor
        at = _clock(rng, day, cursor)
        cursor = at
        mediator = _mediator_for(ctx, rows, pool or roster, on=day, exclude=exclude)
        assignments.append(MediatorAssignment(
            dispute=dispute, mediator=mediator, nominated_by=nominated_by, assigned_at=at,
            assigned_by=officer))  # fmt: skip
        action = ("add_member" if plan.route == Route.COMMITTEE and log.status == Status.ASSIGNED
                  else "assign")
        log.move(at, action, note=mediator.name)
        log.add(at, "mediator_assign", new_values={"mediator": mediator.pk, "name": mediator.name,
                                                   "nominated_by": nominated_by})
        on = local_date(at)
        if mediation and plan.route == Route.MEDIATOR:
            meet_due(at, rules.DUE_MEDIATOR_DESIGNATION, on)
            set_due(at, rules.DUE_MEDIATION_START, on, rules.mediation_start_due)
        elif mediation and members_before + 1 == plan.committee_size:
            meet_due(at, rules.DUE_COMMITTEE_MEMBER_NAMING, on)
            set_due(at, rules.DUE_COMMITTEE_CONVENE, on, rules.committee_convene_due)
        return mediator

    if plan.designated is not None:
        if plan.route == Route.COMMITTEE:
            bureau = [m for m in ctx.mediators if m.kind == Mediator.Kind.BUREAU]
            sides = ([""] + [Side.APPLICANT, Side.RESPONDENT] * ((plan.committee_size - 1) // 2))
            chosen: list[int] = []
            last_day = plan.designated
            # Members are named over a day or two, before the first meeting is fixed.
            first_meeting = plan.meetings[0] if plan.meetings else None
            limit = (first_meeting.scheduled_on or first_meeting.day) if first_meeting else (
                plan.designated)
            for n, side in enumerate(sides):
                day = plan.designated if n == 0 else min(ctx.wd.add(last_day, rng.randint(0, 1)),
                                                         limit)
                day = max(day, last_day)
                last_day = day
                mediator = assign(day, nominated_by=side, exclude=chosen, members_before=n,
                                  pool=bureau if n == 0 else None)
                chosen.append(mediator.pk)
        else:
            first = assign(plan.designated)
            if plan.objection_on is not None:
                at = _clock(rng, plan.objection_on, cursor)
                cursor = at
                side = rng.choice((Side.APPLICANT, Side.RESPONDENT))
                reason = rng.choice(("調解人曾任對造之委任代理人", "認調解人有偏頗之虞",
                                     "調解人與對造負責人相識"))
                ended = assignments[-1]
                ended.ended_at = at
                ended.end_reason = MediatorAssignment.EndReason.OBJECTION
                ended.end_note = f"{SIDE_LABELS[side]}：{reason}"
                log.move(at, "object", note=reason)
                log.add(at, "mediator_object", old_values={"mediator": first.pk,
                                                           "name": first.name},
                        new_values={"side": side}, note=reason)
                assign(plan.redesignated, exclude=[first.pk])
    out["assignments"].extend(assignments)

    # Meetings.
    room_of = _room_for(ctx, assignments, plan)
    meetings: list[Meeting] = []
    previous_hold: dt.datetime | None = None
    for plan_meeting in plan.meetings:
        if plan_meeting.status == RESCHEDULED:
            continue  # written with the meeting it was moved to
        starts_at = _at(plan_meeting.day, rng.choice(MEETING_TIMES))
        moved = next((m for m in plan.meetings if m.rescheduled_to is plan_meeting), None)
        # Fixing the meeting: on its scheduling day, or right after the previous session.
        if previous_hold is not None:
            fixed_at = previous_hold + dt.timedelta(minutes=5)
        else:
            fixed_on = (plan_meeting.scheduled_on or (moved.scheduled_on if moved else None)
                        or plan.redesignated or plan.designated or received_on)
            fixed_at = _clock(rng, fixed_on, cursor)
        cursor = max(cursor, fixed_at)
        first_row = starts_at
        room = room_of()
        if moved is not None:
            first_row = _at(moved.day, rng.choice(MEETING_TIMES))
        meeting = Meeting(dispute=dispute, kind=plan.kind, starts_at=first_row, room=room)
        meetings.append(meeting)
        log.move(fixed_at, "schedule")
        log.add(fixed_at, "meeting_schedule", new_values={
            "meeting": meeting, "starts_at": first_row.isoformat(), "room": room})
        if moved is not None:
            candidates = ctx.wd.between(local_date(fixed_at), moved.day - dt.timedelta(days=1))
            moved_at = _clock(rng, rng.choice(candidates) if candidates else local_date(fixed_at),
                              cursor)
            cursor = moved_at
            meeting.status = RESCHEDULED
            new = Meeting(dispute=dispute, kind=plan.kind, starts_at=starts_at, room=room)
            meetings.append(new)
            log.add(moved_at, "meeting_reschedule",
                    old_values={"meeting": meeting, "starts_at": first_row.isoformat(),
                                "room": room},
                    new_values={"meeting": new, "starts_at": starts_at.isoformat(),
                                "room": room})
            meeting = new
        if plan_meeting.status == HELD:
            meeting.status = HELD
            meeting.held_at = starts_at
            hold_at = starts_at + dt.timedelta(minutes=MEETING_MINUTES)
            cursor = max(cursor, hold_at)
            attendance = _attendance(rng, rows, plan, plan_meeting is plan.held[-1])
            out["attendance"].append((meeting, attendance))
            meeting.notes = _meeting_notes(plan, plan_meeting is plan.held[-1])
            log.add(hold_at, "meeting_hold", new_values={
                "meeting": meeting, "held_at": starts_at.isoformat(),
                "attendance": [(party, attended) for party, attended in attendance]})
            if mediation and plan.route == Route.MEDIATOR:
                meet_due(hold_at, rules.DUE_MEDIATION_START, plan_meeting.day)
                if rules.DUE_PROPOSAL not in due:
                    set_due(hold_at, rules.DUE_PROPOSAL, plan_meeting.day, rules.proposal_due)
            elif mediation:
                meet_due(hold_at, rules.DUE_COMMITTEE_CONVENE, plan_meeting.day)
            previous_hold = hold_at
        elif plan_meeting.status == CANCELLED:
            meeting.status = SCHEDULED  # cancelled by the outcome below
        else:
            meeting.status = SCHEDULED
    out["meetings"].extend(meetings)

    # The outcome.
    if plan.outcome:
        closing = max(_at(plan.outcome_on, CLOSING_TIME), case.received_at)
        closing = max(closing, cursor + dt.timedelta(minutes=1))
        case.closed_at = closing
        case.status = Status.CLOSED
        for meeting in meetings:
            if meeting.status == SCHEDULED:
                meeting.status = CANCELLED
        if rules.outcome_requires_meeting(plan.outcome):  # as services.outcome_record does
            meet_due(closing, rules.DUE_PROPOSAL, plan.outcome_on)
        dispute.outcome = plan.outcome
        dispute.outcome_on = plan.outcome_on
        dispute.settled_amount = _settled_amount(rng, rows)
        dispute.outcome_note = _outcome_note(rng, plan, dispute.settled_amount)
        log.move(closing, rules.outcome_action(plan.outcome),
                 note=OUTCOME_LABELS[plan.outcome], close=True)
        log.add(closing, "outcome_record", new_values={
            "outcome": plan.outcome, "outcome_on": plan.outcome_on.isoformat(),
            "settled_amount": dispute.settled_amount}, note=dispute.outcome_note)
    else:
        case.status = log.status
    out["due_dates"].extend(due.values())
    out["events"].extend(log.rows)


SIDE_LABELS = {Side.APPLICANT: "申請人", Side.RESPONDENT: "相對人"}
OUTCOME_LABELS = {
    Outcome.SETTLED: "調解成立", Outcome.NOT_SETTLED: "調解不成立", Outcome.WITHDRAWN: "撤回",
    Outcome.WITHDRAWN_SETTLED: "自行和解撤回", Outcome.TRANSFERRED: "移送／其他",
}  # fmt: skip


def _room_for(ctx: Context, assignments: list[MediatorAssignment], plan: Plan):
    rng = ctx.rng
    if plan.kind == Kind.COORDINATION:
        return lambda: rng.choice(COORDINATION_ROOMS)
    chair = assignments[-1].mediator if assignments else None
    if chair is not None and chair.kind == Mediator.Kind.COMMISSIONED:
        pattern = next((room for org, _n, room in COMMISSIONED if org == chair.organisation),
                       None)
        if pattern:
            return lambda: pattern.format(n=rng.randint(1, 3))
    return lambda: rng.choice(BUREAU_ROOMS)


def _attendance(rng: random.Random, rows: CaseRows, plan: Plan,
                last: bool) -> list[tuple[DisputeParty, bool]]:
    absent_side = None
    if last and plan.outcome == Outcome.NOT_SETTLED and rng.random() < 0.25:
        absent_side = Side.RESPONDENT
    out = []
    for party, _person in rows.parties:
        attended = party.side != absent_side and rng.random() < 0.97
        out.append((party, attended))
    return out


def _meeting_notes(plan: Plan, last: bool) -> str:
    if not last or not plan.outcome:
        return "雙方陳述意見，約定續行調解。" if plan.kind == Kind.MEDIATION else \
            "雙方陳述意見（通譯協助），約定再議。"
    return {
        Outcome.SETTLED: "雙方達成協議，當場簽署紀錄。",
        Outcome.NOT_SETTLED: "雙方主張差距過大，未能達成協議。",
    }.get(plan.outcome, "雙方陳述意見。")


def _settled_amount(rng: random.Random, rows: CaseRows) -> int | None:
    outcome = rows.plan.outcome
    if not rules.outcome_allows_amount(outcome):
        return None
    claimed = sum(i.amount_claimed or 0 for i in rows.items)
    if outcome == Outcome.WITHDRAWN_SETTLED and rng.random() < 0.4:
        return None
    if claimed == 0:
        return 0 if outcome == Outcome.SETTLED else None
    return int(round(claimed * rng.uniform(0.35, 0.95), -2))


def _outcome_note(rng: random.Random, plan: Plan, amount: int | None) -> str:
    outcome = plan.outcome
    if outcome == Outcome.SETTLED:
        if plan.kind == Kind.COORDINATION:
            return f"協調成立，雇主同意給付{amount:,}元。"
        return f"相對人同意給付{amount:,}元，分期或一次給付依調解紀錄。"
    if outcome == Outcome.NOT_SETTLED:
        return rng.choice(("雙方對給付金額無共識。", "相對人未出席，視為調解不成立。",
                           "雙方就是否違法解僱各執一詞。"))
    if outcome == Outcome.WITHDRAWN_SETTLED:
        return "雙方自行和解，申請人具狀撤回。"
    if outcome == Outcome.WITHDRAWN:
        return rng.choice(("申請人具狀撤回。", "申請人以電話表示不再申請，補具撤回書。"))
    return rng.choice(TRANSFER_NOTES)


def _context(scenario: Scenario, rng: random.Random) -> Context:
    districts = list(District.objects.filter(city=scenario.city).order_by("pk"))
    if not districts:
        raise LookupError(f"no districts for city {scenario.city!r}: run migrate first")
    establishments = list(Establishment.objects.order_by("pk").values(
        "pk", "name", "address", "phone", "representative", "registered_on", "closed_on",
        "industry__code"))  # fmt: skip
    if not establishments:
        raise LookupError("no establishments: load the part core.establishments first")
    chains = [e for e in establishments if e["industry__code"] in "GHIN"]
    hot = rng.sample(chains, min(len(chains), 25)) or establishments
    existing = list(Person.objects.filter(id_kind=Person.IdKind.NATIONAL_ID).order_by("pk")
                    .values("pk", "name", "phone", "email", "address"))
    used = set(Person.objects.values_list("id_number", flat=True))
    all_mediators = list(Mediator.objects.order_by("pk"))
    if not all_mediators:
        raise LookupError("no mediators: load the part disputes.mediators first")
    mediators = [m for m in all_mediators if m.organisation != COORDINATOR_ORGANISATION]
    coordinators = [m for m in all_mediators if m.organisation == COORDINATOR_ORGANISATION]
    conflicts: dict[int, set] = defaultdict(set)
    for mediator_id, est_id, person_id in MediatorConflict.objects.values_list(
            "mediator_id", "establishment_id", "person_id"):
        if est_id:
            conflicts[mediator_id].add(("e", est_id))
        if person_id:
            conflicts[mediator_id].add(("p", person_id))
    # The units that work each line (the kernel's organisation part names them), and their
    # officers; without them (an organisation edited by hand) cases go without a unit.
    all_units = list(Unit.objects.order_by("pk"))
    units: dict[str, Unit | None] = {}
    officers: dict[str, list] = {}
    for line, code in ((LINE_MEDIATION, "labor-relations"), (LINE_COORDINATION, "workforce")):
        unit = next((u for u in all_units if u.code == code), None) or next(
            (u for u in all_units if line in (u.lines or [])), None)
        units[line] = unit
        profiles = StaffProfile.objects.filter(unit=unit).select_related("user").order_by("pk")
        users = [p.user for p in profiles] if unit else []
        officers[line] = [u for u in users if not u.username.endswith(".supervisor")] or users
    days: dict[str, int | None] = {}
    for kind in (rules.DUE_MEDIATOR_DESIGNATION, rules.DUE_MEDIATION_START, rules.DUE_PROPOSAL,
                 rules.DUE_COMMITTEE_MEMBER_NAMING, rules.DUE_COMMITTEE_CONVENE):
        try:
            # The periods have not changed since 2011; the value in force on as_of serves.
            days[kind] = int(dated_value(rules.SETTING_KEYS[kind], scenario.as_of))
        except SettingMissing:
            days[kind] = None
    wd = Workdays(scenario_months(scenario)[0][0] - dt.timedelta(days=31),
                  scenario.as_of + dt.timedelta(days=120))
    return Context(scenario=scenario, rng=rng, wd=wd, districts=districts,
                   establishments=establishments, hot=hot, existing_persons=existing,
                   used_ids=used, mediators=mediators, coordinators=coordinators,
                   conflicts=conflicts, officers=officers, units=units, days=days,
                   half_start=half_year(scenario)[0])


def _portal_users(ctx: Context, case_rows: list[CaseRows]) -> dict[str, object]:
    """One citizen account per online applicant (the demo password), as the portal makes."""
    user_model = get_user_model()
    wanted: dict[str, str] = {}
    for rows in case_rows:
        if rows.portal_key and rows.portal_key not in wanted:
            wanted[rows.portal_key] = rows.portal_name
    existing = set(user_model.objects.values_list("username", flat=True))
    encoded = make_password(DEMO_PASSWORD)
    users, keys = [], []
    for n, (key, name) in enumerate(wanted.items(), start=1):
        username = f"citizen{n:05d}@example.com"
        if username in existing:
            continue
        users.append(user_model(username=username, email=username, first_name=name[:150],
                                password=encoded))
        keys.append(key)
    created = user_model.objects.bulk_create(users, batch_size=500)
    return dict(zip(keys, created, strict=True))


def cases_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("disputes.cases")
    ctx = _context(scenario, rng)
    progress("勞資爭議案件", 0, 1)
    plans = _mediation_plans(rng, ctx.wd, scenario) + _coordination_plans(rng, ctx.wd, scenario)
    plans.sort(key=lambda p: p.received_at)
    case_rows = [
        _mediation_rows(ctx, p) if p.kind == Kind.MEDIATION else _coordination_rows(ctx, p)
        for p in plans
    ]
    reason = scenario.change_reason("disputes.cases")
    created_persons = bulk_create_with_history(ctx.new_persons, Person, batch_size=500,
                                               default_change_reason=reason)
    by_identity = {id(p): c for p, c in zip(ctx.new_persons, created_persons, strict=True)}
    portal = _portal_users(ctx, case_rows)

    def person_id(person) -> int | None:
        if person is None:
            return None
        if isinstance(person, dict):
            return person["pk"]
        return by_identity[id(person)].pk

    # Case numbers: per line and Taipei year of receipt, in order of receipt, after any number
    # already issued.
    sequences = {
        (s.line, s.year): s
        for s in CaseNumberSequence.objects.select_for_update().filter(
            line__in=[LINE_MEDIATION, LINE_COORDINATION])
    }
    next_number: dict[tuple[str, int], int] = {
        key: s.last_value for key, s in sequences.items()
    }
    cases = []
    for rows in case_rows:
        plan = rows.plan
        line = LINE_MEDIATION if plan.kind == Kind.MEDIATION else LINE_COORDINATION
        year = plan.received_on.year
        sequence = next_number.get((line, year), 0) + 1
        next_number[(line, year)] = sequence
        cases.append(Case(
            number=format_case_number(line=line, year=year, sequence=sequence), line=line,
            year=year, sequence=sequence, channel=plan.channel, status=Status.RECEIVED,
            received_at=plan.received_at, unit=ctx.units[line],
            assigned_officer=rng.choice(ctx.officers[line]) if ctx.officers[line] else None,
            establishment_id=rows.establishment_id, person_id=person_id(rows.person),
            summary=rows.summary[:300],
        ))  # fmt: skip
    # The life of each case (its status, closing, assignments, meetings, due dates, events),
    # with rows that refer to their case and dispute by object: bulk_create fills in the keys.
    out: dict[str, list] = defaultdict(list)
    for rows, case in zip(case_rows, cases, strict=True):
        rows.dispute.case = case
        if rows.portal_key:
            rows.dispute.portal_user = portal.get(rows.portal_key)
            rows.dispute.submission_key = uuid.UUID(int=rng.getrandbits(128)).hex
        _write_lifecycle(ctx, rows, case, out)
    progress("勞資爭議案件", len(cases) // 4, len(cases))
    Case.objects.bulk_create(cases, batch_size=500)
    Dispute.objects.bulk_create([rows.dispute for rows in case_rows], batch_size=500)
    parties, items = [], []
    for rows in case_rows:
        for party, person in rows.parties:
            party.dispute = rows.dispute
            party.person_id = person_id(person)
            parties.append(party)
        for item in rows.items:
            item.dispute = rows.dispute
            items.append(item)
    DisputeParty.objects.bulk_create(parties, batch_size=500)
    DisputeItem.objects.bulk_create(items, batch_size=500)
    progress("勞資爭議案件", len(cases) // 2, len(cases))
    MediatorAssignment.objects.bulk_create(out["assignments"], batch_size=500)
    Meeting.objects.bulk_create(out["meetings"], batch_size=500)
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting_id=meeting.pk, party_id=party.pk, attended=attended,
                           represented_by=_representative(rng, party))
         for meeting, attendance in out["attendance"] for party, attended in attendance],
        batch_size=500,
    )  # fmt: skip
    CaseDueDate.objects.bulk_create(out["due_dates"], batch_size=500)
    for event in out["events"]:
        event.new_values = _resolved(event.new_values)
        event.old_values = _resolved(event.old_values)
    CaseEvent.objects.bulk_create(out["events"], batch_size=1000)
    for (line, year), last_value in next_number.items():
        CaseNumberSequence.objects.update_or_create(line=line, year=year,
                                                    defaults={"last_value": last_value})
    progress("勞資爭議案件", len(cases), len(cases))
    return (len(created_persons) * 2 + len(portal) + len(cases) * 2 + len(parties) + len(items)
            + len(out["assignments"]) + len(out["meetings"]) + len(out["due_dates"])
            + len(out["events"]) + sum(len(a) for _m, a in out["attendance"]))


def _representative(rng: random.Random, party: DisputeParty) -> str:
    if party.establishment_id and rng.random() < 0.4:
        return party.contact_name.replace("（人資）", "") + "（委任代理人）"
    return ""


def _resolved(values):
    """Event values refer to meetings and parties by object until they have primary keys."""
    if isinstance(values, dict):
        return {key: _resolved(value) for key, value in values.items()}
    if isinstance(values, Meeting):
        return values.pk
    if isinstance(values, list) and values and isinstance(values[0], tuple):
        return {str(party.pk): attended for party, attended in values}
    return values


# --- part 3: volunteer lawyers ------------------------------------------------------------------


def lawyers_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("disputes.lawyer_consultations")
    months = scenario_months(scenario)
    as_of = scenario.as_of
    half_start = months[1][0]
    wd = Workdays(months[0][0], as_of + dt.timedelta(days=LAWYER_BOOKING_DAYS_AFTER))
    lawyers = []
    for _ in range(LAWYERS):
        surname, given = _person_name(rng, female=rng.random() < 0.45)
        lawyers.append(surname + given)
    per_day = max(1, math.ceil(scenario.scale))  # more sessions a day at a larger scale
    slots = []
    for day in wd.days:
        for _repeat in range(per_day):
            for start, end, capacity in LAWYER_SESSIONS:
                slots.append(LawyerSlot(
                    starts_at=_at(day, start), ends_at=_at(day, end),
                    lawyer_name=rng.choice(lawyers), location=rng.choice(LAWYER_LOCATIONS),
                    capacity=capacity,
                ))  # fmt: skip
    slots = LawyerSlot.objects.bulk_create(slots, batch_size=500)

    def slot_day(slot):
        return local_date(slot.starts_at)

    in_half = [s for s in slots if half_start <= slot_day(s) <= as_of]
    attended = scenario.count(LAWYER_ATTENDED)
    no_shows = round(attended * LAWYER_NO_SHOW_SHARE)
    booked = _fill(rng, in_half, attended + no_shows)
    flags = [True] * attended + [False] * no_shows
    rng.shuffle(flags)
    bookings = []
    flag_iter = iter(flags)
    for slot, n in zip(in_half, booked, strict=True):
        for _ in range(n):
            bookings.append(_booking(rng, slot, next(flag_iter)))
    for slot in slots:
        day = slot_day(slot)
        if day < half_start:
            for _ in range(rng.randint(slot.capacity - 3, slot.capacity)):
                bookings.append(_booking(rng, slot, rng.random() > LAWYER_NO_SHOW_SHARE))
        elif day > as_of:
            # Booked ahead; nearer sessions fuller. Not held yet: attendance not recorded.
            filled = max(0, slot.capacity - (day - as_of).days // 3 - rng.randint(0, 2))
            for _ in range(filled):
                bookings.append(_booking(rng, slot, None, before=as_of))
    LawyerConsultation.objects.bulk_create(bookings, batch_size=1000)
    progress("義務律師諮詢", len(bookings), len(bookings))
    return len(slots) + len(bookings)


def _fill(rng: random.Random, slots: list[LawyerSlot], total: int) -> list[int]:
    """Bookings per slot adding up to ``total``, none over capacity."""
    capacity = sum(s.capacity for s in slots)
    if total > capacity:
        raise ValueError(f"{total} bookings do not fit in {capacity} places")
    counts = [rng.randint(max(0, s.capacity - 3), s.capacity) for s in slots]
    order = list(range(len(slots)))
    while (diff := sum(counts) - total) != 0:
        i = rng.choice(order)
        if diff > 0 and counts[i] > 0:
            counts[i] -= 1
        elif diff < 0 and counts[i] < slots[i].capacity:
            counts[i] += 1
    return counts


def _booking(rng: random.Random, slot: LawyerSlot, attended: bool | None,
             before: dt.date | None = None) -> LawyerConsultation:
    surname, given = _person_name(rng, female=rng.random() < 0.5)
    booked_on = local_date(slot.starts_at) - dt.timedelta(days=rng.randint(1, 14))
    if before is not None:
        booked_on = min(booked_on, before)
    return LawyerConsultation(
        slot=slot, name=surname + given,
        phone=f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
        topic=rng.choice(LAWYER_TOPICS), attended=attended,
        booked_at=_at(booked_on, dt.time(rng.randint(8, 21), rng.randint(0, 59))),
    )  # fmt: skip


_REQUIRES = ("core.organisation", "core.establishments", "core.persons")
# The demo staff of the units that work disputes get the line's permissions through roles of
# its own, so that other units' staff neither see the disputes pages nor act on them.
DISPUTE_ROLES = {
    "disputes-officer": (
        "勞資爭議承辦人",
        ("disputes.work_dispute", "disputes.view_dispute", "disputes.assign_mediator"),
    ),
    "disputes-supervisor": ("勞資爭議主管", ("disputes.work_dispute", "disputes.view_dispute",
                                          "disputes.assign_mediator")),
}
DISPUTE_LINES = {"disputes", "migrant_disputes"}


def roles_load(scenario: Scenario, progress: Progress) -> int:
    rows = 0
    roles = {}
    for code, (name, permissions) in DISPUTE_ROLES.items():
        role, _created = Role.objects.get_or_create(code=code, defaults={"name": name})
        codenames = [p.split(".", 1)[1] for p in permissions]
        role.permissions.add(*Permission.objects.filter(content_type__app_label="disputes",
                                                        codename__in=codenames))
        roles[code] = role
        rows += 1
    for profile in StaffProfile.objects.select_related("unit").prefetch_related("roles"):
        if not DISPUTE_LINES & set(profile.unit.lines or []):
            continue
        codes = {r.code for r in profile.roles.all()}
        wanted = "disputes-supervisor" if "supervisor" in codes else "disputes-officer"
        profile.roles.add(roles[wanted])
        rows += 1
    return rows


PARTS = [
    Part("disputes.roles", roles_load, requires=("core.organisation",), label="勞資爭議角色權限"),
    Part("disputes.mediators", mediators_load, requires=_REQUIRES, label="調解人名冊"),
    Part("disputes.cases", cases_load, requires=(*_REQUIRES, "disputes.mediators"),
         label="勞資爭議調解及移工爭議協調案件"),
    Part("disputes.lawyer_consultations", lawyers_load, requires=("core.organisation",),
         label="義務律師諮詢時段與預約"),
]
