"""The notification line's part of the demo scenario (see labor.core.scenarios for how parts
load).

Parts:

- ``notifications.roles``: the line's roles (notifiable work and supervision; layoff warnings
  and reduced hours), given to the staff of the units that work them.
- ``notifications.filings``: notifications of notifiable work (lightweight roofs, scaffolding,
  gondolas, rope access) filed online by employers' portal accounts or typed in at the
  counter, and film and stage productions' notified risky shooting, in the scenario's
  half-year and the half before it.
- ``notifications.reduced_hours``: reduced-working-hours agreements.
- ``notifications.layoff_warnings``: the insurers' monthly early-warning lists, each entry's
  letter and visit.

The supervision visits (of notified work, of work found unreported, of film productions) are
written by the inspection part (labor/inspections/scenario.py, ``inspections.records``), because
each one owns an inspection record numbered with the others in order of receipt; this module
plans them (``visit_plans``) and writes the visit rows (``visits_write``).

**The targets** (this demo world's numbers, chosen so that the council report's 2023H1 figures
come out of the records, seed/figures-2023H1.yaml ``osh_notifications.*``, ``reduced_hours.*``,
``layoff_warning.*`` and the film figures of ``osh_inspection.*``): in the half, 1 lightweight
roof, 177 scaffolding and 312 + 195 gondola and rope-access notifications; supervision visits
2 / 137 / 27, of which 1 / 14 / 0 found the work unreported; 15 film productions, 3 visited,
2 of those with an improvement notice; 1,102 reduced-hours agreements for 5,339 workers; 462
entries on the insurers' lists, every letter sent. Only this module knows these numbers; the
indicators count records. At another scale every count is scaled.

Rows are written in bulk, as the services would write them (the same validations hold: dates
not in the future, work periods that end after they start, a visit on or after the filing, a
film notification before its operation, one entry per insurer, establishment and month).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db.models import Q

from labor.core import selectors as core_selectors
from labor.core.deadlines import default_calendar
from labor.core.formatting import TAIPEI, local_date
from labor.core.models import District, Role, StaffProfile
from labor.core.scenario import DEMO_PASSWORD, ROADS, _apportion, _person_name
from labor.core.scenarios import Part, Progress, Scenario
from labor.notifications import services
from labor.notifications.models import (
    FilingChannel,
    FilmNotification,
    LayoffWarningEntry,
    LayoffWarningList,
    ReducedHoursAgreement,
    RiskyOperation,
    SupervisionVisit,
    UnreportedWork,
    WarningSource,
    WorkKind,
    WorkNotification,
)

# --- the targets (this demo world's numbers; see the module docstring) ---------------------------

# Notifications filed in the scenario's half-year, and in the half before it.
NOTIFIED = {WorkKind.LIGHTWEIGHT_ROOF: 1, WorkKind.SCAFFOLDING: 177, WorkKind.GONDOLA: 312,
            WorkKind.ROPE_ACCESS: 195}
NOTIFIED_BEFORE = {WorkKind.LIGHTWEIGHT_ROOF: 2, WorkKind.SCAFFOLDING: 164,
                   WorkKind.GONDOLA: 288, WorkKind.ROPE_ACCESS: 171}
# Supervision visits in the half: (of notifications, of work found unreported).
VISITS = {WorkKind.LIGHTWEIGHT_ROOF: (1, 1), WorkKind.SCAFFOLDING: (123, 14),
          WorkKind.GONDOLA: (17, 0), WorkKind.ROPE_ACCESS: (10, 0)}
VISITS_BEFORE = {WorkKind.LIGHTWEIGHT_ROOF: (1, 0), WorkKind.SCAFFOLDING: (104, 11),
                 WorkKind.GONDOLA: (13, 0), WorkKind.ROPE_ACCESS: (6, 1)}
REVISIT_SHARE = 0.05  # visits that go back to a notification already visited
VISIT_FINDING_SHARE = 0.3  # visits of notified work with a breach found
ONLINE_SHARE = 0.72

FILM_PRODUCTIONS = 15  # notified in the half
FILM_PRODUCTIONS_BEFORE = 6
FILM_VISITS = 3  # in the half
FILM_VISITS_WITH_NOTICE = 2
FILM_VISITS_BEFORE = 1

REDUCED_HOURS = 1102  # agreements filed in the half
REDUCED_HOURS_WORKERS = 5339  # workers they affect
REDUCED_HOURS_BEFORE = 640
REDUCED_HOURS_WORKERS_BEFORE = 3210

# Entries of the insurers' lists received in each month of the half (and of the half before).
WARNING_ENTRIES = (71, 80, 86, 74, 79, 72)
WARNING_ENTRIES_BEFORE = (58, 61, 66, 70, 75, 83)
WARNING_LABOUR_SHARE = 0.6  # of a month's entries, from the labour insurer
WARNING_VISIT_LATE_SHARE = 0.06  # visited after the 7-day deadline
WARNING_NOT_VISITED_SHARE = 0.02  # not visited (closed, unreachable)

# --- words ----------------------------------------------------------------------------------------

_DURATION_DAYS = {WorkKind.LIGHTWEIGHT_ROOF: (3, 21), WorkKind.SCAFFOLDING: (20, 150),
                  WorkKind.GONDOLA: (1, 12), WorkKind.ROPE_ACCESS: (1, 6)}
_FILERS = {WorkKind.LIGHTWEIGHT_ROOF: "F", WorkKind.SCAFFOLDING: "F", WorkKind.GONDOLA: "FN",
           WorkKind.ROPE_ACCESS: "FN"}
_PLACES = ("大樓外牆", "廠房屋頂", "集合住宅外牆", "商業大樓帷幕牆", "住宅頂樓", "停車場屋頂",
           "辦公大樓外牆", "學校校舍")
VISIT_FINDINGS = {
    WorkKind.LIGHTWEIGHT_ROOF: ("職業安全衛生設施規則第227條第1項",
                                "勞工於石綿板、鐵皮板等易踏穿材料構築之屋頂作業，未設置適當強度且"
                                "寬度在30公分以上之踏板"),
    WorkKind.SCAFFOLDING: ("營造安全衛生設施標準第45條",
                           "施工架作業未設置適當之護欄、交叉拉桿及下拉桿"),
    WorkKind.GONDOLA: ("吊籠安全檢查規則第20條", "吊籠使用前未實施檢點"),
    WorkKind.ROPE_ACCESS: ("職業安全衛生設施規則第281條第1項",
                           "於高度2公尺以上之高處作業，未使勞工確實使用安全帶"),
}
UNREPORTED_FINDING = ("臺北市輕質屋頂與施工架及吊籠暨繩索作業通報自治條例",
                      "{work}未於作業前向本府通報")

FILM_TITLES = (
    ("電視劇", "城南微光"), ("電影", "北投夜行"), ("電視劇", "河岸的我們"), ("電影", "第七號月台"),
    ("網路影集", "信義路上的霧"), ("電影", "大稻埕1920"), ("舞台劇", "天台上的風"),
    ("電視劇", "消防隊的一年"), ("電影", "淡水河邊"), ("網路影集", "捷運末班車"),
    ("電影", "紅樓夢醒"), ("電視劇", "市場人生"), ("舞台劇", "鐵道旅館"), ("電影", "山城追緝"),
    ("電視劇", "急診室的春天"), ("網路影集", "外送英雄"), ("電影", "極速台北"),
    ("電視劇", "社子島之夏"), ("電影", "陽明山之戀"), ("舞台劇", "南港車站"),
    ("電影", "雨港與我"), ("電視劇", "熱帶魚咖啡館"),
)
FILM_PLACES = ("陽明山國家公園擎天崗", "大稻埕碼頭", "社子島濕地", "華山1914文化創意產業園區",
               "松山文創園區", "信義區市府路", "北投區溫泉路", "關渡自然公園", "碧潭吊橋下游河段",
               "南港車站前廣場", "內湖區大湖公園", "士林區至善路二段")
FILM_FINDINGS = (
    ("職業安全衛生設施規則第281條第1項", "拍攝高處場景時，演員及工作人員未確實使用安全帶"),
    ("職業安全衛生法第6條第1項", "水域拍攝未備置救生衣及救生設備"),
)
WARNING_REASONS = {
    WarningSource.LABOUR_INSURANCE: ("勞保投保人數單月減少達預警標準", "勞保費欠繳達二個月以上",
                                     "勞保投保人數連續減少"),
    WarningSource.HEALTH_INSURANCE: ("健保費欠繳達二個月以上", "健保投保人數單月減少達預警標準"),
}


# --- shared helpers -------------------------------------------------------------------------------


def half_year(scenario: Scenario) -> tuple[dt.date, dt.date]:
    """The half-year the scenario's figures describe: its first day and ``as_of``."""
    as_of = scenario.as_of
    return dt.date(as_of.year, 1 if as_of.month <= 6 else 7, 1), as_of


def half_before(scenario: Scenario) -> tuple[dt.date, dt.date]:
    start, _end = half_year(scenario)
    first = dt.date(start.year - 1, 7, 1) if start.month == 1 else dt.date(start.year, 1, 1)
    return first, start - dt.timedelta(days=1)


class Workdays:
    """The office calendar's working days between two dates."""

    def __init__(self, first: dt.date, last: dt.date):
        calendar = default_calendar()
        self.days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)
                     if not calendar.is_rest_day(first + dt.timedelta(days=i))]

    def between(self, low: dt.date, high: dt.date) -> list[dt.date]:
        import bisect

        return self.days[bisect.bisect_left(self.days, low):bisect.bisect_right(self.days, high)]

    def pick(self, rng: random.Random, low: dt.date, high: dt.date) -> dt.date | None:
        """A working day in [low, high], or None if there is none."""
        days = self.between(low, high)
        return rng.choice(days) if days else None

    def after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (past the calendar's end: calendar days)."""
        days = self.between(day + dt.timedelta(days=1), day + dt.timedelta(days=n * 3 + 10))
        return days[n - 1] if len(days) >= n else day + dt.timedelta(days=n)


@dataclass(frozen=True)
class Est:
    pk: int
    name: str
    ubn: str
    industry: str
    district_id: int
    address: str
    registered_on: dt.date | None
    headcount: int | None
    band: str

    def exists_on(self, day: dt.date) -> bool:
        return self.registered_on is None or self.registered_on <= day


def establishments(scenario: Scenario) -> list[Est]:
    """Every establishment with its headcount and band on the scenario's ``as_of`` day."""
    rows = (core_selectors.establishments_with_headcount(on=scenario.as_of, city=scenario.city)
            .order_by("pk")
            .values_list("pk", "name", "ubn", "industry__code", "district_id", "address",
                         "registered_on", "headcount_on", "headcount_band"))
    found = [Est(*row) for row in rows]
    if not found:
        raise LookupError("no establishments: load the part core.establishments first")
    return found


def staff_of(unit_code: str) -> tuple[list, list]:
    """(officers, supervisors) of a unit: users whose profile carries the kernel's role."""
    officers, supervisors = [], []
    for profile in (StaffProfile.objects.filter(unit__code=unit_code).select_related("user")
                    .prefetch_related("roles").order_by("pk")):
        codes = {r.code for r in profile.roles.all()}
        (supervisors if "supervisor" in codes else officers).append(profile.user)
    return officers, supervisors


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TAIPEI)


def _scaled(scenario: Scenario, counts: dict) -> dict:
    total = scenario.count(sum(counts.values()))
    if not total:
        return dict.fromkeys(counts, 0)
    return dict(zip(counts, _apportion(total, list(counts.values())), strict=True))


def _sizes(rng: random.Random, caps: list[int], total: int) -> list[int]:
    """Whole numbers, each in [1, its cap], adding up to ``total`` (as near as the caps allow):
    most small, a few large (a Pareto draw), then nudged one by one to the total."""
    sizes = [min(cap, max(1, round(rng.paretovariate(1.4)))) for cap in caps]
    order = list(range(len(sizes)))
    while (diff := total - sum(sizes)) != 0:
        rng.shuffle(order)
        moved = False
        for i in order:
            if diff > 0 and sizes[i] < caps[i]:
                sizes[i] += 1
                diff -= 1
                moved = True
            elif diff < 0 and sizes[i] > 1:
                sizes[i] -= 1
                diff += 1
                moved = True
            if diff == 0:
                break
        if not moved:
            break
    return sizes


# --- part: roles ----------------------------------------------------------------------------------

NOTIFICATION_ROLES = {
    "notifications-officer": (
        "事業單位通報承辦人",
        ("notifications.work_notification", "notifications.work_layoff_warning",
         "notifications.view_worknotification", "notifications.view_supervisionvisit",
         "notifications.view_unreportedwork", "notifications.view_filmnotification",
         "notifications.view_reducedhoursagreement", "notifications.view_layoffwarninglist",
         "notifications.view_layoffwarningentry"),
    ),
    "notifications-supervisor": (
        "事業單位通報主管",
        ("notifications.work_notification", "notifications.work_layoff_warning",
         "notifications.view_worknotification", "notifications.view_supervisionvisit",
         "notifications.view_unreportedwork", "notifications.view_filmnotification",
         "notifications.view_reducedhoursagreement", "notifications.view_layoffwarninglist",
         "notifications.view_layoffwarningentry"),
    ),
    # Reduced working hours and the layoff early-warning lists (勞動基準科).
    "layoff-warnings": (
        "減班休息及大量解僱預警承辦人",
        ("notifications.work_layoff_warning", "notifications.view_reducedhoursagreement",
         "notifications.view_layoffwarninglist", "notifications.view_layoffwarningentry"),
    ),
}
NOTIFICATION_LINES = {"notifications"}
# Units that handle reduced hours and layoff warnings without the notifications line.
LAYOFF_WARNING_UNITS = {"labor-standards"}


def _roles_ensure(definitions: dict) -> dict[str, Role]:
    roles = {}
    for code, (name, permissions) in definitions.items():
        role, _created = Role.objects.get_or_create(code=code, defaults={"name": name})
        wanted = Q()
        for permission in permissions:
            app_label, codename = permission.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        role.permissions.add(*Permission.objects.filter(wanted))
        roles[code] = role
    return roles


def roles_load(scenario: Scenario, progress: Progress) -> int:
    roles = _roles_ensure(NOTIFICATION_ROLES)
    rows = len(roles)
    for profile in StaffProfile.objects.select_related("unit").prefetch_related("roles"):
        codes = {r.code for r in profile.roles.all()}
        if NOTIFICATION_LINES & set(profile.unit.lines or []):
            wanted = ("notifications-supervisor" if "supervisor" in codes
                      else "notifications-officer")
        elif profile.unit.code in LAYOFF_WARNING_UNITS:
            wanted = "layoff-warnings"
        else:
            continue
        profile.roles.add(roles[wanted])
        rows += 1
    progress("事業單位通報角色", rows, rows)
    return rows


# --- part: notifiable work and film productions ------------------------------------------------


def _contractors(ests: list[Est], industries: str) -> list[Est]:
    return [e for e in ests if e.industry in industries]


def _site_address(rng: random.Random, scenario: Scenario, district: District) -> str:
    road = rng.choice(ROADS.get(district.code, ("中正路",)))
    lane = f"{rng.randint(1, 200)}巷" if rng.random() < 0.35 else ""
    return f"{scenario.city_label}{district.name}{road}{lane}{rng.randint(1, 320)}號"


def _filed_at(rng: random.Random, wd: Workdays, low: dt.date, high: dt.date,
              online: bool) -> dt.datetime:
    if online and rng.random() < 0.15:  # online filings also come in on rest days
        day = low + dt.timedelta(days=rng.randint(0, (high - low).days))
        return at(day, rng.randint(7, 22), rng.randint(0, 59))
    day = wd.pick(rng, low, high) or low
    hour = rng.randint(7, 21) if online else rng.randint(9, 16)
    return at(day, hour, rng.randint(0, 59))


def _employer_accounts(rng: random.Random, accounts: dict[int, object]) -> int:
    """The portal's employer account (事業單位帳號) of each online filer's user."""
    from labor.portal.models import EmployerAccount

    rows = []
    for establishment_id, user in accounts.items():
        surname, given = _person_name(rng, female=rng.random() < 0.5)
        rows.append(EmployerAccount(
            user=user, establishment_id=establishment_id, contact_name=surname + given,
            phone=f"02-{rng.randint(2200, 2999)}-{rng.randint(0, 9999):04d}",
        ))  # fmt: skip
    EmployerAccount.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def filings_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("notifications.filings")
    ests = establishments(scenario)
    districts = {d.pk: d for d in District.objects.filter(city=scenario.city)}
    first, _ = half_before(scenario)
    start, end = half_year(scenario)
    wd = Workdays(first, end)
    officers, _supervisors = staff_of("inspection")
    clerk = officers[0] if officers else None
    rows = 0

    # Notifiable work, the half before and the half.
    planned: list[tuple[str, dt.datetime, Est, bool]] = []
    for counts, (low, high) in ((NOTIFIED_BEFORE, half_before(scenario)),
                                (NOTIFIED, (start, end))):
        for kind, n in _scaled(scenario, counts).items():
            pool = _contractors(ests, _FILERS[kind])
            for _k in range(n):
                online = rng.random() < ONLINE_SHARE
                filed_at = _filed_at(rng, wd, low, high, online)
                filer = rng.choice([e for e in rng.sample(pool, min(8, len(pool)))
                                    if e.exists_on(local_date(filed_at))] or pool)
                planned.append((kind, filed_at, filer, online))
    planned.sort(key=lambda p: p[1])
    user_model = get_user_model()
    existing = set(user_model.objects.filter(username__startswith="employer")
                   .values_list("username", flat=True))
    encoded = make_password(DEMO_PASSWORD)
    accounts: dict[int, object] = {}
    new_users = []
    serial = 0
    for _kind, _filed, filer, online in planned:
        if online and filer.pk not in accounts:
            serial += 1
            username = f"employer{serial:05d}@example.com"
            while username in existing:
                serial += 1
                username = f"employer{serial:05d}@example.com"
            accounts[filer.pk] = user_model(username=username, email=username,
                                            first_name=filer.name[:150], password=encoded)
            new_users.append(accounts[filer.pk])
    user_model.objects.bulk_create(new_users, batch_size=500)
    rows += len(new_users) + _employer_accounts(rng, accounts)
    notifications = []
    for kind, filed_at, filer, online in planned:
        district = districts.get(filer.district_id) or rng.choice(list(districts.values()))
        if rng.random() < 0.6:
            district = rng.choice(list(districts.values()))
        starts_on = local_date(filed_at) + dt.timedelta(days=rng.randint(1, 10))
        low, high = _DURATION_DAYS[kind]
        ends_on = starts_on + dt.timedelta(days=rng.randint(low, high))
        contractor = "" if rng.random() < 0.5 else rng.choice(
            _contractors(ests, _FILERS[kind])).name
        notifications.append(WorkNotification(
            kind=kind, establishment_id=filer.pk, contractor=contractor,
            site_address=f"{_site_address(rng, scenario, district)}（{rng.choice(_PLACES)}）",
            district_id=district.pk, starts_on=starts_on, ends_on=ends_on, filed_at=filed_at,
            channel=FilingChannel.ONLINE if online else FilingChannel.COUNTER,
            filed_by=accounts[filer.pk] if online else None,
            entered_by=None if online else clerk,
            submission_key=uuid.UUID(int=rng.getrandbits(128)).hex if online else None,
        ))  # fmt: skip
    WorkNotification.objects.bulk_create(notifications, batch_size=500)
    rows += len(notifications)
    progress("危險性作業通報", len(notifications), len(notifications))

    # Film and stage productions: one row per risky operation.
    producers = [e for e in ests if e.industry in "JR"]
    titles = list(FILM_TITLES)
    rng.shuffle(titles)
    films = []
    n_before = scenario.count(FILM_PRODUCTIONS_BEFORE)
    n_half = scenario.count(FILM_PRODUCTIONS)
    for index in range(n_before + n_half):
        low, high = half_before(scenario) if index < n_before else (start, end)
        genre, title = titles[index % len(titles)]
        if index >= len(titles):
            title = f"{title}{index // len(titles) + 1}"
        filed_on = wd.pick(rng, low, high) or low
        producer = rng.choice([p for p in producers if p.exists_on(filed_on)] or producers)
        operations = rng.sample(RiskyOperation.values, rng.choice((1, 1, 2, 2, 3)))
        for operation in operations:
            films.append(FilmNotification(
                production=f"{genre}《{title}》", establishment_id=producer.pk,
                operation=operation,
                operation_on=filed_on + dt.timedelta(days=rng.randint(3, 35)),
                location=f"{scenario.city_label}{rng.choice(FILM_PLACES)}",
                filed_on=filed_on, entered_by=clerk,
            ))  # fmt: skip
    FilmNotification.objects.bulk_create(films, batch_size=500)
    rows += len(films)
    progress("影視拍片通報", len(films), len(films))
    return rows


# --- the supervision visits (written by inspections.records) -------------------------------------


@dataclass(eq=False)
class VisitPlan:
    """One supervision visit: of a notification, of work found unreported (no notification)
    or of a film production's notified operation."""

    kind: str  # "" for a film production
    visited_on: dt.date
    establishment_id: int
    notification_id: int | None = None
    film_notification_id: int | None = None
    site_address: str = ""
    district_id: int | None = None
    finding: tuple[str, str] | None = None  # (article, description)
    notice: bool = False


def visit_plans(scenario: Scenario) -> list[VisitPlan]:
    """The supervision visits of the half before and of the half, from the notifications in
    the database (``notifications.filings``). Drawn from its own stream, so the inspection part
    that writes them does not shift them."""
    rng = scenario.rng("notifications.visits")
    first, _ = half_before(scenario)
    start, end = half_year(scenario)
    wd = Workdays(first, end)
    ests = establishments(scenario)
    districts = list(District.objects.filter(city=scenario.city).order_by("pk"))
    notifications = list(WorkNotification.objects.order_by("filed_at", "pk")
                         .values_list("pk", "kind", "establishment_id", "filed_at",
                                      "starts_on", "ends_on"))
    plans: list[VisitPlan] = []
    for counts, (low, high) in ((VISITS_BEFORE, half_before(scenario)), (VISITS, (start, end))):
        for kind, (n_notified, n_unreported) in counts.items():
            n_notified, n_unreported = scenario.count(n_notified), scenario.count(n_unreported)
            # Notifications whose work runs on a working day in [low, high] after the filing.
            windows = []
            for pk, k, est_id, filed_at, starts_on, ends_on in notifications:
                if k != kind:
                    continue
                days = wd.between(max(local_date(filed_at), starts_on, low), min(ends_on, high))
                if days:
                    windows.append((pk, est_id, days))
            chosen: list = []
            if windows:
                fresh = rng.sample(windows, min(len(windows), n_notified))
                chosen = list(fresh)
                while len(chosen) < n_notified:
                    chosen.append(rng.choice(fresh))
                for index in range(len(chosen)):
                    if index < len(fresh) and rng.random() < REVISIT_SHARE and len(fresh) > 1:
                        chosen[index] = rng.choice(fresh)
            for pk, est_id, days in chosen:
                finding = VISIT_FINDINGS[kind] if rng.random() < VISIT_FINDING_SHARE else None
                plans.append(VisitPlan(kind=kind, visited_on=rng.choice(days),
                                       establishment_id=est_id, notification_id=pk,
                                       finding=finding, notice=finding is not None))
            pool = _contractors(ests, _FILERS[kind])
            for _k in range(n_unreported):
                day = wd.pick(rng, low, high) or low
                employer = rng.choice([e for e in pool if e.exists_on(day)] or pool)
                district = rng.choice(districts)
                work = str(WorkKind(kind).label)
                article, text = UNREPORTED_FINDING
                plans.append(VisitPlan(
                    kind=kind, visited_on=day, establishment_id=employer.pk,
                    site_address=_site_address(rng, scenario, district), district_id=district.pk,
                    finding=(article, text.format(work=work)), notice=rng.random() < 0.5,
                ))  # fmt: skip
    # Film productions: visits on the day of a notified operation.
    films = list(FilmNotification.objects.order_by("filed_on", "pk")
                 .values_list("pk", "establishment_id", "production", "operation_on"))
    for n, n_notice, (low, high) in (
            (scenario.count(FILM_VISITS_BEFORE), 0, half_before(scenario)),
            (scenario.count(FILM_VISITS), scenario.count(FILM_VISITS_WITH_NOTICE), (start, end))):
        candidates = [f for f in films if low <= f[3] <= high]
        by_production: dict[tuple, tuple] = {}
        for f in candidates:
            by_production.setdefault((f[1], f[2]), f)  # one visit per production
        chosen = rng.sample(sorted(by_production.values()), min(n, len(by_production)))
        for index, (pk, est_id, _production, operation_on) in enumerate(chosen):
            finding = rng.choice(FILM_FINDINGS) if index < n_notice else None
            plans.append(VisitPlan(kind="", visited_on=operation_on, establishment_id=est_id,
                                   film_notification_id=pk, finding=finding,
                                   notice=finding is not None))
    plans.sort(key=lambda p: (p.visited_on, p.notification_id or 0))
    return plans


def visits_write(plans: list[VisitPlan], inspections: list, inspectors: list) -> int:
    """The SupervisionVisit rows (and UnreportedWork for visits without a notification) of
    ``plans``, each linked to its inspection record, as notifications.services writes them."""
    visits = [
        SupervisionVisit(kind=plan.kind, notification_id=plan.notification_id,
                         film_notification_id=plan.film_notification_id,
                         inspection_id=inspection.pk, visited_on=plan.visited_on,
                         inspector=inspector)
        for plan, inspection, inspector in zip(plans, inspections, inspectors, strict=True)
    ]
    SupervisionVisit.objects.bulk_create(visits, batch_size=500)
    unreported = [
        UnreportedWork(kind=plan.kind, site_address=plan.site_address,
                       district_id=plan.district_id, found_on=plan.visited_on,
                       establishment_id=plan.establishment_id, recorded_by=inspector,
                       visit=visit)
        for plan, visit, inspector in zip(plans, visits, inspectors, strict=True)
        if plan.kind and plan.notification_id is None
    ]
    UnreportedWork.objects.bulk_create(unreported, batch_size=500)
    return len(visits) + len(unreported)


# --- part: reduced working hours ----------------------------------------------------------------


def reduced_hours_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("notifications.reduced_hours")
    ests = [e for e in establishments(scenario) if e.headcount and e.industry in "CGHIJNRS"]
    first, _ = half_before(scenario)
    start, end = half_year(scenario)
    wd = Workdays(first, end)
    _officers, _supervisors = staff_of("labor-standards")
    clerk = _officers[0] if _officers else None
    weights = [1.0 / math.sqrt(e.headcount) for e in ests]  # smaller employers file more
    rows = []
    for n, workers, (low, high) in (
            (scenario.count(REDUCED_HOURS_BEFORE), scenario.count(REDUCED_HOURS_WORKERS_BEFORE),
             half_before(scenario)),
            (scenario.count(REDUCED_HOURS), scenario.count(REDUCED_HOURS_WORKERS), (start, end))):
        filers = rng.choices(ests, weights=weights, k=n)
        # Workers affected: most agreements cover a few workers, a few cover dozens; never
        # more than the employer has.
        affected = _sizes(rng, [min(e.headcount, 80) for e in filers], workers)
        for filer, count in zip(filers, affected, strict=True):
            filed_on = wd.pick(rng, low, high) or low
            starts_on = filed_on + dt.timedelta(days=rng.randint(-10, 10))
            rows.append(ReducedHoursAgreement(
                establishment_id=filer.pk, workers_affected=count, starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=rng.choice((30, 60, 90, 90, 180)) - 1),
                filed_on=filed_on, entered_by=clerk,
            ))  # fmt: skip
    ReducedHoursAgreement.objects.bulk_create(rows, batch_size=1000)
    progress("減班休息通報", len(rows), len(rows))
    return len(rows)


# --- part: layoff early-warning lists -------------------------------------------------------------


def _months(low: dt.date, high: dt.date) -> list[dt.date]:
    months, day = [], low.replace(day=1)
    while day <= high:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def layoff_warnings_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("notifications.layoff_warnings")
    ests = [e for e in establishments(scenario) if e.headcount and e.headcount >= 30]
    first, _ = half_before(scenario)
    _start, end = half_year(scenario)
    wd = Workdays(first, end + dt.timedelta(days=40))
    lists, entries = [], []
    monthly = [*WARNING_ENTRIES_BEFORE, *WARNING_ENTRIES]
    months = _months(first, end)
    for month, n in zip(months, monthly, strict=False):
        n = scenario.count(n)
        n_labour = round(n * WARNING_LABOUR_SHARE)
        for source, k in ((WarningSource.LABOUR_INSURANCE, n_labour),
                          (WarningSource.HEALTH_INSURANCE, n - n_labour)):
            if not k:
                continue
            received_on = wd.pick(rng, month + dt.timedelta(days=4),
                                  min(month + dt.timedelta(days=14), end)) or month
            insurer = "勞保局" if source == WarningSource.LABOUR_INSURANCE else "健保署"
            roc = received_on.year - 1911
            warning_list = LayoffWarningList(
                source=source, received_on=received_on,
                file_name=f"{roc}年{received_on.month}月{insurer}預警通報名單.xlsx",
            )
            lists.append(warning_list)
            due = services.visit_due(received_on)
            sent_on = wd.after(received_on, rng.randint(1, 3))
            for est in rng.sample([e for e in ests if e.exists_on(received_on)], k):
                roll = rng.random()
                if roll < WARNING_NOT_VISITED_SHARE:
                    visited = None
                elif roll < WARNING_NOT_VISITED_SHARE + WARNING_VISIT_LATE_SHARE:
                    visited = wd.after(due, rng.randint(1, 6))
                else:
                    visited = wd.pick(rng, received_on + dt.timedelta(days=1), due) or due
                if visited is not None and visited > end:
                    visited = None
                entries.append((warning_list, LayoffWarningEntry(
                    source=source, received_month=month, establishment_id=est.pk,
                    reason=rng.choice(WARNING_REASONS[source]),
                    letter_sent_on=min(sent_on, end), visit_due_on=due, visited_on=visited,
                )))  # fmt: skip
    LayoffWarningList.objects.bulk_create(lists, batch_size=500)
    for warning_list, entry in entries:
        entry.warning_list = warning_list
    LayoffWarningEntry.objects.bulk_create([e for _l, e in entries], batch_size=1000)
    progress("大量解僱預警名單", len(entries), len(entries))
    return len(lists) + len(entries)


_REQUIRES = ("core.organisation", "core.establishments")

PARTS = [
    Part("notifications.roles", roles_load, requires=("core.organisation",),
         label="事業單位通報角色權限"),
    Part("notifications.filings", filings_load, requires=_REQUIRES,
         label="危險性作業及影視拍片通報"),
    Part("notifications.reduced_hours", reduced_hours_load, requires=_REQUIRES,
         label="減班休息通報"),
    Part("notifications.layoff_warnings", layoff_warnings_load, requires=_REQUIRES,
         label="大量解僱預警名單"),
]
