"""The inspection line's part of the demo scenario (see labor.core.scenarios for how parts load).

Parts:

- ``inspections.roles``: the line's roles (inspecting; approving fines), given to the staff of
  the units that inspect (勞動基準科, 勞動檢查處), and the inspectors of both units as demo
  accounts (``inspection.inspector01`` ...; the kernel's ``<unit>.officer`` inspects too).
- ``inspections.registry``: the annual plans and their targets, the inspection projects of the
  half-year and the year before (the ministry's and the bureau's, of 勞動基準科 and of
  勞動檢查處, each with its target list), the 2023-2026 plan to cover every firm of 50-99
  workers, the construction sites (public works, social housing, road works, private
  buildings; risk grades; safety CCTV), the confined-space registry and the health-staff
  reports of every establishment of 50 or more workers.
- ``inspections.records``: the inspections of the half-year and of the half before it, as
  individual records: regular inspections of labor conditions and of occupational safety,
  guidance visits, remote CCTV inspections, project inspections, re-inspections carrying the
  open findings forward, findings, improvement notices, fines proposed by the inspector and
  approved by the unit's supervisor (published, some paid), stop-work orders, alcohol tests,
  referrals of uninsured workers, and the supervision visits of notified work and of film
  productions (planned and written by labor/notifications/scenario.py), each visit with its
  own inspection record.

**The targets.** The counts below are this demo world's own, chosen so that the council
report's 2023H1 figures (seed/figures-2023H1.yaml: ``labor_inspection.*``,
``osh_health_staffing.*``, ``osh_inspection.*``) come out of the records. In the half:
6,498 labor-conditions inspections = 1,290 compliance-advisor visits to 1,265 firms + 35
compliance-guidance visits + 470 / 940 / 131 inspections in the 14 ministry / 5 own / 10
inspection-office projects (456 / 927 / 131 firm-project pairs) + 3,282 other regular ones +
350 re-inspections, 218 firms of 50-99 workers among those inspected; 11,978 OSH inspections
= 166 + 3 supervision visits + 2,818 public works + 150 social housing + 709 road works +
43 LPG + 95 health management + 182 confined-space + 185 remote + 600 re-inspections +
3,000 other site + 4,027 other establishment inspections; 75 + 156 OSH guidance visits; 773
OSH fines totalling NT$46,910,000. Only this module knows these numbers; the indicators count
records (labor/inspections/indicators.py).

Rows are written in bulk rather than through the services, for speed; they are the rows the
services would write: case numbers per line and Taipei year in order of receipt (112-INS-000001
...), the record event and the event of every later change, versions bumped by each change,
fines within their article's band (labor.inspections.rules) approved by someone other than the
proposer, no date after ``as_of`` and no inspection before its site started. At another scale
every count is scaled; the months stay the two half-years before ``as_of``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import translation

from labor.core.models import (
    Case,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    District,
    Role,
    StaffProfile,
    Unit,
)
from labor.core.scenario import BRANDS, DEMO_PASSWORD, ROADS, _apportion, _person_name
from labor.core.scenarios import Part, Progress, Scenario
from labor.core.services import format_case_number
from labor.inspections import rules
from labor.inspections.models import (
    LINE,
    AlcoholTest,
    ConfinedSpace,
    ConstructionSite,
    CoveragePlan,
    Domain,
    Finding,
    Grade,
    GuidanceProvider,
    HealthStaffingReport,
    ImprovementNotice,
    Inspection,
    InspectionPlan,
    InspectionProject,
    InsuranceReferral,
    Kind,
    Method,
    Penalty,
    Status,
    StopWorkOrder,
)
from labor.inspections.services import fine_band_on
from labor.notifications import scenario as notifications_scenario
from labor.notifications.scenario import Est, Workdays, establishments, half_before, half_year

# --- the targets (this demo world's numbers; see the module docstring) ---------------------------

PLAN_TARGETS = {  # by year offset from the half-year's year: kind → annual target
    -1: {Kind.LABOR_CONDITIONS: 9200, Kind.OSH: 23500},
    0: {Kind.LABOR_CONDITIONS: 9400, Kind.OSH: 24000},
}

# Labor-conditions projects of the half's year: (name, theme, establishments inspected in the
# half, extra inspections of an establishment already inspected, code).
MOL_PROJECTS = (
    ("外籍移工勞動條件專案", "移工工資、工時及膳宿費扣款", 62, 2, ""),
    ("保全業勞動條件專案", "保全人員延長工時及例假", 41, 1, ""),
    ("醫療保健服務業勞動條件專案", "醫事人員工時及輪班間隔", 38, 1, ""),
    ("大專校院兼任助理勞動條件專案", "兼任助理勞雇關係及勞健保", 25, 1, ""),
    ("連鎖便利商店業勞動條件專案", "門市人員工時及休假", 40, 1, ""),
    ("餐飲業勞動條件專案", "部分工時人員工資及延長工時工資", 47, 1, ""),
    ("旅宿業勞動條件專案", "旅宿業人員輪班及休息日出勤", 33, 1, ""),
    ("汽車貨運業勞動條件專案", "駕駛人工時及出勤紀錄", 22, 1, ""),
    ("建教生及技術生勞動條件專案", "建教生訓練津貼及工時", 18, 1, ""),
    ("金融業勞動條件專案", "金融從業人員延長工時", 36, 1, ""),
    ("派遣事業勞動條件專案", "派遣勞工工資及資遣費", 28, 1, ""),
    ("幼兒園勞動條件專案", "教保服務人員工時及特別休假", 30, 1, ""),
    ("物流業勞動條件專案", "倉儲物流人員延長工時", 20, 1, ""),
    ("美容美髮業勞動條件專案", "設計師及助理勞雇關係", 16, 0, ""),
)
OWN_PROJECTS = (
    ("高工時事業勞動條件專案", "延長工時逾法定上限之高風險事業單位", 100, 2, "high_hours"),
    ("連鎖餐飲及零售業勞動條件專案", "連鎖餐飲及零售門市之工時與休假", 312, 4, ""),
    ("曾遭裁罰事業單位追蹤檢查專案", "前一年度曾受裁處之事業單位", 205, 3, ""),
    ("新設立事業單位勞動條件專案", "新設立公司商號之工作規則及工資", 180, 2, ""),
    ("百貨公司及大型購物中心專櫃人員勞動條件專案", "專櫃人員工時及休息日", 130, 2, ""),
)
OFFICE_PROJECTS = (
    ("影視製作與表演藝術業勞動條件專案", "劇組人員工時及勞雇關係", 15, 0, "film"),
    ("營造業工地勞工勞動條件專案", "營造工地勞工工資及勞保", 18, 0, ""),
    ("外送平台業者勞動條件專案", "外送員勞雇關係", 8, 0, ""),
    ("醫院住院醫師勞動條件專案", "住院醫師工時", 12, 0, ""),
    ("大型活動臨時人員勞動條件專案", "臨時人員工資及延長工時", 10, 0, ""),
    ("保全業夜間工作勞動條件專案", "夜間工作及輪班間隔", 14, 0, ""),
    ("資訊服務業勞動條件專案", "責任制與延長工時", 16, 0, ""),
    ("清潔業勞動條件專案", "清潔人員工資及休假", 13, 0, ""),
    ("電信業門市人員勞動條件專案", "門市人員工時及出勤紀錄", 12, 0, ""),
    ("公部門非典型人力勞動條件專案", "承攬及派遣人力勞動條件", 13, 0, ""),
)
PROJECTS_BEFORE = (  # labor projects of the year before, inspected in the half before
    ("外籍移工勞動條件專案", InspectionProject.Source.MINISTRY, "labor-standards", 60),
    ("高工時事業勞動條件專案", InspectionProject.Source.BUREAU, "labor-standards", 50),
)
TARGET_MARGIN = 1.15  # a project's target list is this much longer than what is inspected

OSH_PROJECTS = {  # code: (name, theme)
    "public_works": ("公共工程專案檢查", "公共工程主辦、監造及營造事業單位之安全衛生"),
    "social_housing": ("社會住宅新建工程專案檢查", "社會住宅新建工程聯合防護網"),
    "road_works": ("道路作業災害預防專案檢查計畫", "使用道路作業之車輛突入災害"),
    "lpg": ("液化石油氣場所專案檢查", "瓦斯行、加氣站及分裝場之高壓氣體安全"),
    "health_management": ("勞工健康管理專案計畫", "50人以上未依規定配置醫護人員之事業單位"),
    "confined_space": ("局限空間作業安全衛生專案檢查", "缺氧及局限空間作業危害預防"),
}

# Inspections of the half.
ADVISOR_FIRMS, ADVISOR_REVISITS = 1265, 25
COMPLIANCE_GUIDANCE = 35
LABOR_REGULAR = 3282
LABOR_RE_INSPECTIONS = 350
FIRMS_50_99_INSPECTED = 218
PUBLIC_WORKS, SOCIAL_HOUSING, ROAD_WORKS = 2818, 150, 709
LPG_FIRMS, LPG_REVISITS, LPG_NOTICED, LPG_FINED_ONLY = 40, 3, 5, 2
HEALTH_PROJECT = 95
CONFINED, CONFINED_DEFECTIVE = 182, 38
REMOTE = 185
OSH_RE_INSPECTIONS = 600
OSH_SITES, OSH_ESTABLISHMENTS = 3000, 4027
OSH_STAFF_VISITS, OSH_TEAM_VISITS = 75, 156
OSH_FINES, OSH_FINE_TOTAL = 773, 46_910_000
STOP_WORK_PUBLIC, STOP_WORK_PRIVATE = 18, 9
INSURANCE_REFERRAL_FIRMS, INSURANCE_REFERRAL_REPEATS = 23, 2
ALCOHOL_TESTS, ALCOHOL_REFERRED = 84, 3
# ... and of the half before (history: counts only of this world).
BEFORE = {
    "advisor": 420, "compliance_guidance": 12, "labor_regular": 1500, "labor_re": 120,
    "public_works": 950, "social_housing": 55, "road_works": 260, "lpg": 20, "confined": 60,
    "remote": 60, "osh_re": 220, "osh_sites": 1000, "osh_establishments": 1300,
    "osh_staff": 30, "osh_team": 50, "stop_public": 10, "stop_private": 6, "referrals": 12,
    "alcohol": 40,
}

# Sites and the health-staff registry.
SITES = {"public_works": 230, "social_housing": 21, "road_works": 150, "private": 420}
SITES_ENDED_WITH_CCTV = 5  # private sites with CCTV that finished in the half before
CCTV_SITES = {"public_works": 70, "social_housing": 15, "private": 55}  # active in the half
CONFINED_SPACES = {"establishment": 62, "site": 30}
HEALTH_STAFFED = {rules.BAND_300_PLUS: 576, rules.BAND_200_299: 363,
                  rules.BAND_100_199: 893, rules.BAND_50_99_SPECIAL: 237}
SPECIAL_HAZARD_50_99 = 279  # firms of 50-99 workers with 1-49 in special hazardous work
SPECIAL_HAZARD_50_99_OVER = 3  # with 50 or more (in no band of the report)

FINDING_SHARE = {
    "labor": 0.32, "osh_sites": 0.28, "osh_establishments": 0.22, "public_works": 0.22,
    "social_housing": 0.3, "road_works": 0.2, "remote": 0.12, "health": 0.6, "confined": 0,
    "lpg": 0,
}
NOTICE_SHARE = {"labor": 0.85, "osh": 0.8}
LABOR_FINE_SHARE = 0.3
PROPOSED_PENDING = 25  # OSH fines proposed and not yet approved on as_of
PAID_SHARE = 0.55
RESOLVED_SHARE = 0.75  # carried findings rated resolved at the re-inspection

# --- words ----------------------------------------------------------------------------------------

LABOR_FINDINGS = (  # (article breached, fine article, description)
    ("勞動基準法第24條", rules.ART_79_1, "延長工作時間未依規定加給工資"),
    ("勞動基準法第32條第2項", rules.ART_79_1, "延長工作時間超過法定上限"),
    ("勞動基準法第30條第5項", rules.ART_79_2, "未置備勞工出勤紀錄或未逐日記載至分鐘"),
    ("勞動基準法第38條第4項", rules.ART_79_1, "特別休假未休日數未發給工資"),
    ("勞動基準法第36條第1項", rules.ART_79_1, "未使勞工每7日中有2日之休息"),
    ("勞動基準法第22條第2項", rules.ART_79_1, "工資未全額直接給付勞工"),
    ("勞動基準法第23條第2項", rules.ART_79_1, "未置備勞工工資清冊"),
    ("勞動基準法第39條", rules.ART_79_1, "休假日出勤未加倍發給工資"),
    ("勞動基準法第34條第2項", rules.ART_79_1, "輪班換班間隔未達連續11小時"),
    ("勞動基準法第70條", rules.ART_79_3, "僱用勞工30人以上未訂立工作規則報主管機關核備"),
)
OSH_FINDINGS = (
    ("職業安全衛生設施規則第281條第1項", rules.OSH_43,
     "於高度2公尺以上之高處作業，未使勞工確實使用安全帶"),
    ("營造安全衛生設施標準第19條第1項", rules.OSH_43, "高度2公尺以上之開口及樓梯邊緣未設置護欄"),
    ("營造安全衛生設施標準第45條", rules.OSH_43, "施工架未設置適當之護欄、交叉拉桿及下拉桿"),
    ("職業安全衛生設施規則第43條", rules.OSH_43, "機械之原動機、轉軸等有危害之虞部分未設置護罩"),
    ("職業安全衛生設施規則第243條", rules.OSH_43, "電動機具之電路未設置漏電斷路器"),
    ("職業安全衛生法第23條第1項", rules.OSH_45, "未訂定職業安全衛生管理計畫"),
    ("職業安全衛生法第32條第1項", rules.OSH_45, "未對新僱勞工施以從事工作必要之安全衛生教育訓練"),
)
HEALTH_FINDING = ("勞工健康保護規則第3條", rules.OSH_45,
                  "未依規定僱用或特約醫護人員辦理勞工健康服務")
CONFINED_FINDINGS = (
    ("職業安全衛生設施規則第29條之1", rules.OSH_43, "局限空間作業未訂定危害防止計畫"),
    ("缺氧症預防規則第5條", rules.OSH_43, "局限空間作業未實施通風換氣"),
)
LPG_FINDING = ("高壓氣體勞工安全規則第207條", rules.OSH_43, "液化石油氣容器未置於陰涼通風處所")
ROAD_FINDING = ("營造安全衛生設施標準第21條之1", rules.OSH_43,
                "使用道路作業未設置交通管制及防護設施")
SEVERITY = ("違規情節輕微", "違規情節一般", "違規情節一般", "違規情節重大")
OSH_43_AMOUNTS = ((30_000, 40), (40_000, 8), (50_000, 8), (60_000, 14), (80_000, 5),
                  (90_000, 7), (100_000, 6), (120_000, 4), (150_000, 4), (200_000, 2),
                  (300_000, 2))
OSH_45_AMOUNTS = ((3_000, 20), (6_000, 25), (10_000, 20), (15_000, 15), (20_000, 10),
                  (30_000, 10))
LSA_AMOUNTS = {rules.ART_79_1: ((20_000, 45), (30_000, 15), (50_000, 20), (100_000, 10),
                                (200_000, 6), (400_000, 3), (1_000_000, 1)),
               rules.ART_79_2: ((90_000, 80), (180_000, 15), (450_000, 5)),
               rules.ART_79_3: ((20_000, 70), (50_000, 25), (100_000, 5))}

PUBLIC_FACILITIES = ("運動中心新建工程", "圖書館分館新建工程", "托嬰中心新建工程",
                     "社會福利服務大樓新建工程", "零售市場改建工程", "行政中心新建工程",
                     "河濱公園改善工程", "雨水下水道改善工程", "污水下水道用戶接管工程",
                     "國民小學校舍改建工程", "國民中學校舍耐震補強工程", "消防分隊廳舍新建工程",
                     "焚化廠設備更新工程", "自來水配水池新建工程", "公園地下停車場新建工程")
SOCIAL_HOUSING_PLACES = ("東明", "瑞光", "興隆", "木柵", "明倫", "廣慈", "斯文里", "小彎",
                         "南港機廠", "行天宮站", "成德", "福民", "文林", "洲美", "中繼",
                         "大龍峒", "長安", "健康", "新奇岩", "景文", "華光")
ROAD_WORKS_KINDS = ("人行道改善", "自來水管線汰換", "電力管線地下化", "天然氣管線汰換",
                    "路面刨鋪改善", "側溝改善")
PRIVATE_KINDS = ("集合住宅新建工程", "辦公大樓新建工程", "商業大樓新建工程", "住宅大樓新建工程",
                 "都市更新重建工程", "旅館新建工程")
SOCIAL_HOUSING_MARK = "社會住宅新建工程"
SPACE_WORDS = {"wastewater": "廢水處理池", "reactor": "反應槽", "storage_tank": "原料儲槽",
               "sump": "地下集水坑", "raft_foundation": "筏基", "tunnel": "管道間"}
GRADES = {"public_works": (30, 40, 30), "social_housing": (100, 0, 0),
          "road_works": (0, 50, 50), "private": (15, 35, 50)}
GRADE_RATE = {Grade.HIGH: 3.0, Grade.MEDIUM: 1.5, Grade.GENERAL: 0.8}


def site_category(name: str, public: bool) -> str:
    """Which part of the scenario a site belongs to, from its name (the names are the
    registry part's own, so this is exact on its data)."""
    if not public:
        return "private"
    if name.endswith(SOCIAL_HOUSING_MARK):
        return "social_housing"
    if any(kind in name for kind in ROAD_WORKS_KINDS):
        return "road_works"
    return "public_works"


def _weighted(rng: random.Random, table) -> object:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _years(scenario: Scenario) -> tuple[int, int]:
    start, _end = half_year(scenario)
    first, _ = half_before(scenario)
    return first.year, start.year


# --- part: roles and inspectors -----------------------------------------------------------------

INSPECTION_ROLES = {
    "inspections-officer": (
        "勞動檢查承辦人",
        ("inspections.work_inspection", "inspections.view_inspection",
         "inspections.view_penalty", "inspections.view_constructionsite",
         "inspections.view_inspectionproject", "inspections.view_inspectionplan",
         "inspections.view_coverageplan", "inspections.view_confinedspace",
         "inspections.view_healthstaffingreport"),
    ),
    "inspections-supervisor": (
        "勞動檢查主管",
        ("inspections.work_inspection", "inspections.approve_penalty",
         "inspections.view_inspection", "inspections.view_penalty",
         "inspections.view_constructionsite", "inspections.view_inspectionproject",
         "inspections.view_inspectionplan", "inspections.view_coverageplan",
         "inspections.view_confinedspace", "inspections.view_healthstaffingreport"),
    ),
}
INSPECTION_LINES = {"inspections"}
# Inspectors created besides each unit's demo officer: (unit, how many, title).
INSPECTORS = (("inspection", 29, "勞動檢查員"), ("labor-standards", 9, "勞動條件檢查員"))


def _inspectors_ensure(scenario: Scenario) -> int:
    rng = scenario.rng("inspections.roles")
    user_model = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in=[u for u, _n, _t in INSPECTORS])}
    officer_role = Role.objects.filter(code="officer").first()
    wanted = [(f"{code}.inspector{k:02d}", units[code], title)
              for code, n, title in INSPECTORS if code in units
              for k in range(1, n + 1)]
    existing = set(user_model.objects.filter(username__in=[w[0] for w in wanted])
                   .values_list("username", flat=True))
    encoded = make_password(DEMO_PASSWORD)
    users, profiles = [], []
    for username, unit, title in wanted:
        surname, given = _person_name(rng, female=rng.random() < 0.4)
        if username in existing:
            continue
        user = user_model(username=username, last_name=surname, first_name=given,
                          password=encoded)
        users.append(user)
        profiles.append(StaffProfile(user=user, unit=unit, title=title))
    user_model.objects.bulk_create(users, batch_size=500)
    StaffProfile.objects.bulk_create(profiles, batch_size=500)
    if officer_role is not None:
        for profile in profiles:
            profile.roles.add(officer_role)
    return len(users) * 2


def roles_load(scenario: Scenario, progress: Progress) -> int:
    from labor.notifications.scenario import _roles_ensure

    rows = _inspectors_ensure(scenario)
    roles = _roles_ensure(INSPECTION_ROLES)
    rows += len(roles)
    for profile in StaffProfile.objects.select_related("unit").prefetch_related("roles"):
        if not INSPECTION_LINES & set(profile.unit.lines or []):
            continue
        codes = {r.code for r in profile.roles.all()}
        wanted = "inspections-supervisor" if "supervisor" in codes else "inspections-officer"
        profile.roles.add(roles[wanted])
        rows += 1
    progress("勞動檢查角色與檢查員", rows, rows)
    return rows


# --- part: plans, projects, sites, registries ---------------------------------------------------


def _labor_target_weight(est: Est) -> float:
    """Projects rarely pick firms of 50-99 workers: the coverage plan visits those."""
    return 0.2 if est.band == "50_99" else 1.0


def _pick_targets(rng: random.Random, pool: list[Est], n: int, weight) -> list[Est]:
    keys = sorted(((rng.random() ** (1.0 / max(weight(e), 1e-9)), e.pk, e) for e in pool),
                  reverse=True)
    return [e for _key, _pk, e in keys[:n]]


def _site_dates(rng: random.Random, category: str, first: dt.date, as_of: dt.date
                ) -> tuple[dt.date, dt.date]:
    while True:
        if category == "road_works":
            start = first - dt.timedelta(days=20) + dt.timedelta(
                days=rng.randint(0, (as_of - first).days))
            end = start + dt.timedelta(days=rng.randint(20, 150))
        elif category == "social_housing":
            start = dt.date(first.year - 2, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
            end = start + dt.timedelta(days=rng.randint(1000, 1500))
        else:
            start = dt.date(first.year - 2, 3, 1) + dt.timedelta(
                days=rng.randint(0, (as_of - dt.date(first.year - 2, 3, 1)).days - 40))
            end = start + dt.timedelta(days=rng.randint(400, 1400))
        if end >= first + dt.timedelta(days=60) and start <= as_of - dt.timedelta(days=20):
            return start, end


def _site_name(rng: random.Random, category: str, district, used: set[str], index: int) -> str:
    for _attempt in range(30):
        if category == "public_works":
            name = f"臺北市{district.name}{rng.choice(BRANDS)}{rng.choice(PUBLIC_FACILITIES)}"
        elif category == "social_housing":
            name = f"{district.name}{SOCIAL_HOUSING_PLACES[index % len(SOCIAL_HOUSING_PLACES)]}"
            name += SOCIAL_HOUSING_MARK
        elif category == "road_works":
            road = rng.choice(ROADS.get(district.code, ("中正路",)))
            name = f"{road}{rng.choice(ROAD_WORKS_KINDS)}工程（第{rng.randint(1, 9)}標）"
        else:
            name = f"{rng.choice(BRANDS)}{district.name}{rng.choice(PRIVATE_KINDS)}"
        if name not in used:
            break
    used.add(name)
    return name


def registry_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("inspections.registry")
    first, _ = half_before(scenario)
    start, as_of = half_year(scenario)
    year_before, year = _years(scenario)
    ests = establishments(scenario)
    districts = {d.pk: d for d in District.objects.filter(city=scenario.city)}
    units = {u.code: u for u in Unit.objects.filter(code__in=["labor-standards", "inspection"])}
    rows = 0

    # Plans.
    plans = [InspectionPlan(year=year + offset, kind=kind, target=scenario.count(target) or 1)
             for offset, targets in PLAN_TARGETS.items() for kind, target in targets.items()]
    InspectionPlan.objects.bulk_create(plans)
    CoveragePlan.objects.create(
        name=f"事業單位僱用勞工50至99人全面檢查計畫（{year - 1911}至{year + 3 - 1911}年）",
        min_headcount=50, max_headcount=99, starts_on=dt.date(year, 1, 1),
        deadline=dt.date(year + 3, 12, 31),
        # The report fixes the population "以111年為基準" (2,162 firms); the demo's headcount
        # history is calibrated on the scenario's as-of day, so its baseline is that day.
        baseline_on=as_of)
    rows += len(plans) + 1

    # Construction sites.
    contractors = [e for e in ests if e.industry == "F"]
    large = [e for e in contractors if (e.headcount or 0) >= 30] or contractors
    used: set[str] = set()
    sites: list[tuple[str, ConstructionSite]] = []
    district_list = list(districts.values())
    for category, n in SITES.items():
        n = scenario.count(n) or 1
        for index in range(n):
            district = rng.choice(district_list)
            s, e = _site_dates(rng, category, first, as_of)
            pool = large if category != "private" else contractors
            contractor = rng.choice([c for c in pool if c.exists_on(s)] or pool)
            grade = rng.choices(Grade.values, weights=GRADES[category])[0]
            names = [_site_name(rng, category, district, used, index)]
            if category == "social_housing" and index == 0:  # one project, two sites
                names = [names[0].replace(SOCIAL_HOUSING_MARK, f"（第{k}區）{SOCIAL_HOUSING_MARK}")
                         for k in (1, 2)]
            for name in names:
                sites.append((category, ConstructionSite(
                    name=name, contractor_id=contractor.pk, public=category != "private",
                    address=f"{scenario.city_label}{district.name}"
                            f"{rng.choice(ROADS.get(district.code, ('中正路',)))}"
                            f"{rng.randint(1, 300)}號",
                    district_id=district.pk, starts_on=s, ends_on=e, grade=grade,
                )))  # fmt: skip
    for _k in range(scenario.count(SITES_ENDED_WITH_CCTV)):
        district = rng.choice(district_list)
        s = dt.date(first.year - 2, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        e = first + dt.timedelta(days=rng.randint(30, 150))
        site = ConstructionSite(
            name=_site_name(rng, "private", district, used, 0),
            contractor_id=rng.choice(contractors).pk, public=False,
            address=f"{scenario.city_label}{district.name}{rng.randint(1, 300)}號",
            district_id=district.pk, starts_on=s, ends_on=e, grade=Grade.MEDIUM,
            cctv_installed_on=s + dt.timedelta(days=rng.randint(30, 200)))
        sites.append(("private", site))
    for category, n in CCTV_SITES.items():
        active = [site for c, site in sites if c == category and site.ends_on >= start
                  and site.cctv_installed_on is None]
        for site in rng.sample(active, min(len(active), scenario.count(n))):
            latest = min(site.ends_on, as_of - dt.timedelta(days=10))
            site.cctv_installed_on = site.starts_on + dt.timedelta(
                days=rng.randint(0, max(0, (latest - site.starts_on).days)))
    ConstructionSite.objects.bulk_create([site for _c, site in sites], batch_size=500)
    rows += len(sites)
    progress("營造工地", len(sites), len(sites))

    # Confined spaces: tanks and treatment plants at establishments, pits at sites.
    spaces = []
    hosts = [e for e in ests if e.industry in "CDEQ" and (e.headcount or 0) >= 10]
    for est in rng.sample(hosts, min(len(hosts), scenario.count(CONFINED_SPACES["establishment"]))):
        kind = rng.choice(["wastewater", "reactor", "storage_tank"] if est.industry in "CD"
                          else ["wastewater", "storage_tank", "sump"])
        spaces.append(ConfinedSpace(
            establishment_id=est.pk, space_kind=kind,
            description=SPACE_WORDS[kind],
            registered_on=max(est.registered_on or first, first - dt.timedelta(days=400))
            + dt.timedelta(days=rng.randint(0, 60)),
        ))  # fmt: skip
    deep = [site for c, site in sites if c in ("private", "public_works") and site.ends_on >= start]
    for site in rng.sample(deep, min(len(deep), scenario.count(CONFINED_SPACES["site"]))):
        kind = rng.choice(["raft_foundation", "sump", "tunnel"])
        spaces.append(ConfinedSpace(
            establishment_id=site.contractor_id, site=site, space_kind=kind,
            description=SPACE_WORDS[kind],
            registered_on=site.starts_on + dt.timedelta(days=rng.randint(10, 60)),
        ))  # fmt: skip
    ConfinedSpace.objects.bulk_create(spaces, batch_size=500)
    rows += len(spaces)

    # Health-staff reports of every establishment of 50 or more workers: one of the year before
    # and one of the half's year, the latter fixing the bands' staffed counts.
    big = [e for e in ests if (e.headcount or 0) >= 50]
    in_band: dict[str, list[Est]] = defaultdict(list)
    special: dict[int, int] = {}
    fifty = [e for e in big if e.headcount < 100]
    chosen_special = rng.sample(fifty, min(len(fifty), scenario.count(SPECIAL_HAZARD_50_99)))
    rest = [e for e in fifty if e.pk not in {c.pk for c in chosen_special}]
    for est in chosen_special:
        special[est.pk] = rng.randint(1, min(49, est.headcount))
    for est in rng.sample(rest, min(len(rest), SPECIAL_HAZARD_50_99_OVER)):
        special[est.pk] = rng.randint(50, est.headcount)
    for est in big:
        if est.headcount < 100 and est.pk not in special:
            continue
        if est.headcount >= 100 and est.industry in "CDE" and rng.random() < 0.3:
            special[est.pk] = rng.randint(1, max(1, est.headcount // 5))
        band = rules.health_staff_band(est.headcount, special.get(est.pk, 0))
        if band:
            in_band[band].append(est)
    staffed: set[int] = set()
    for band, members in in_band.items():
        n = min(len(members), scenario.count(HEALTH_STAFFED[band]))
        staffed.update(e.pk for e in rng.sample(members, n))
    reports = []
    for est in big:
        is_staffed = est.pk in staffed or (est.headcount < 100 and est.pk not in special
                                           and rng.random() < 0.35)
        was_staffed = rng.random() < (0.88 if is_staffed else 0.04)
        hazard = special.get(est.pk, 0)
        before_on = dt.date(year_before, 1, 15) + dt.timedelta(days=rng.randint(0, 120))
        if est.exists_on(before_on):
            reports.append(HealthStaffingReport(
                establishment_id=est.pk, reported_on=before_on,
                special_hazard_workers=hazard,
                nurses=rng.randint(1, 3) if was_staffed else 0,
                physicians=rng.randint(0, 1) if was_staffed else 0))
        low = max(dt.date(year, 1, 15), est.registered_on or start)
        reported_on = low + dt.timedelta(days=rng.randint(0, max(0, (as_of - low).days)))
        nurses = (rng.randint(1, 6) if est.headcount >= 300 else rng.randint(1, 2)) \
            if is_staffed else 0
        physicians = rng.randint(0, 2) if is_staffed else 0
        if is_staffed and nurses + physicians == 0:
            nurses = 1
        reports.append(HealthStaffingReport(
            establishment_id=est.pk, reported_on=reported_on, special_hazard_workers=hazard,
            nurses=nurses, physicians=physicians))
    HealthStaffingReport.objects.bulk_create(reports, batch_size=1000)
    rows += len(reports)
    progress("醫護人力資料", len(reports), len(reports))

    # Projects and their target lists.
    Targets = InspectionProject.targets.through
    targets = []
    labor_pool = [e for e in ests if e.headcount]
    for specs, source, unit_code in (
            (MOL_PROJECTS, InspectionProject.Source.MINISTRY, "labor-standards"),
            (OWN_PROJECTS, InspectionProject.Source.BUREAU, "labor-standards"),
            (OFFICE_PROJECTS, InspectionProject.Source.MINISTRY, "inspection")):
        for name, theme, n, _repeats, code in specs:
            project = InspectionProject.objects.create(
                name=name, source=source, theme=theme, year=year,
                domain=Domain.LABOR_CONDITIONS, unit=units.get(unit_code), code=code)
            listed = max(scenario.count(n), 1)
            listed = round(listed * TARGET_MARGIN) + 1
            weight = _labor_target_weight
            if code == "high_hours":
                # The report: professional, scientific and technical services (M), the
                # industry with the most overtime three years running.
                def weight(e):
                    return _labor_target_weight(e) * (1.0 if e.industry == "M" else 0.0) \
                        * (2.0 if (e.headcount or 0) >= 30 else 1.0)
            for est in _pick_targets(rng, labor_pool, listed, weight):
                targets.append(Targets(inspectionproject_id=project.pk, establishment_id=est.pk))
            rows += 1
    # The same projects' forerunners of the year before.
    for name, source, unit_code, n in PROJECTS_BEFORE:
        project = InspectionProject.objects.create(
            name=name, source=source, theme="", year=year_before,
            domain=Domain.LABOR_CONDITIONS, unit=units.get(unit_code))
        for est in _pick_targets(rng, labor_pool, scenario.count(n) + 5, lambda e: 1.0):
            targets.append(Targets(inspectionproject_id=project.pk, establishment_id=est.pk))
        rows += 1
    # OSH projects of both years; targets of the half's year's.
    site_contractors = defaultdict(set)
    for category, site in sites:
        site_contractors[category].add(site.contractor_id)
    unstaffed = [e for band in in_band.values() for e in band if e.pk not in staffed]
    lpg_pool = [e for e in ests if e.industry == "D"] + [e for e in ests if e.industry == "G"
                                                         and "瓦斯" in e.name]
    lpg_pool += [e for e in ests if e.industry in "GH" and e not in lpg_pool][:200]
    for code, (name, theme) in OSH_PROJECTS.items():
        for project_year in (year_before, year):
            project = InspectionProject.objects.create(
                name=name, source=InspectionProject.Source.BUREAU, theme=theme,
                year=project_year, domain=Domain.OSH, unit=units.get("inspection"), code=code)
            rows += 1
            if project_year != year:
                continue
            if code in site_contractors:
                listed = sorted(site_contractors[code])
            elif code == "lpg":
                listed = [e.pk for e in _pick_targets(
                    rng, lpg_pool, scenario.count(LPG_FIRMS) + 6,
                    lambda e: 5.0 if e.industry == "D" else 1.0)]
            elif code == "health_management":
                listed = [e.pk for e in _pick_targets(
                    rng, unstaffed, round(scenario.count(HEALTH_PROJECT) * 1.25) + 1,
                    lambda e: 1.0)]
            else:
                listed = sorted({s.establishment_id for s in spaces})
            targets.extend(Targets(inspectionproject_id=project.pk, establishment_id=pk)
                           for pk in listed)
    Targets.objects.bulk_create(targets, batch_size=1000)
    rows += len(targets)
    progress("檢查計畫及專案", rows, rows)
    return rows


# --- part: the inspections ------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    pk: int
    contractor_id: int
    public: bool
    starts_on: dt.date
    ends_on: dt.date
    grade: str
    cctv_installed_on: dt.date | None
    category: str


@dataclass(eq=False)
class Plan:
    """One inspection record to write, and what hangs off it."""

    category: str
    kind: str
    domain: str
    day: dt.date
    inspector: object
    establishment_id: int | None = None
    site: Site | None = None
    project_id: int | None = None
    provider: str = ""
    method: str = Method.ON_SITE
    space_id: int | None = None
    parent: Plan | None = None
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # article, fine, text
    carried_resolved: list[bool] = field(default_factory=list)  # per parent finding
    notice_due: dt.date | None = None
    reinspected: bool = False
    visit: object | None = None
    minute: int = 0
    case: Case | None = None
    finding_rows: list[Finding] = field(default_factory=list)

    @property
    def subject_id(self) -> int:
        return self.establishment_id or self.site.contractor_id

    @property
    def open_findings(self) -> list:
        """Findings open after this inspection (a re-inspection: those rated unresolved)."""
        if self.kind == Kind.RE_INSPECTION:
            return [f for f, ok in zip(self.parent.findings, self.carried_resolved, strict=True)
                    if not ok]
        return self.findings


class Context:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.rng = scenario.rng("inspections.records")
        self.first, self.before_end = half_before(scenario)
        self.start, self.as_of = half_year(scenario)
        self.wd = Workdays(self.first, self.as_of + dt.timedelta(days=120))
        self.year_before, self.year = _years(scenario)
        self.ests = establishments(scenario)
        self.by_pk = {e.pk: e for e in self.ests}
        officers: dict[str, list] = {}
        self.supervisor: dict[str, object] = {}
        self.unit_of: dict[int, str] = {}
        for code in ("labor-standards", "inspection"):
            staff, bosses = notifications_scenario.staff_of(code)
            if not staff or not bosses:
                raise LookupError(f"unit {code!r} has no officer or supervisor: load "
                                  "core.organisation and inspections.roles first")
            officers[code] = staff
            self.supervisor[code] = bosses[0]
            for user in staff + bosses:
                self.unit_of[user.pk] = code
        self.officers = officers
        self.sites = [
            Site(s.pk, s.contractor_id, s.public, s.starts_on, s.ends_on, s.grade,
                 s.cctv_installed_on, site_category(s.name, s.public))
            for s in ConstructionSite.objects.order_by("pk")
        ]
        if not self.sites:
            raise LookupError("no construction sites: load the part inspections.registry first")
        self.projects = {(p.year, p.code or p.name): p for p in InspectionProject.objects.all()}
        Targets = InspectionProject.targets.through
        self.targets: dict[int, list[int]] = defaultdict(list)
        for project_id, est_id in Targets.objects.order_by("inspectionproject_id",
                                                           "establishment_id").values_list(
                "inspectionproject_id", "establishment_id"):
            self.targets[project_id].append(est_id)
        self.spaces = list(ConfinedSpace.objects.order_by("pk")
                           .values_list("pk", "establishment_id", "site_id", "registered_on"))
        self.plans: list[Plan] = []

    def inspector(self, unit: str):
        return self.rng.choice(self.officers[unit])

    def day(self, low: dt.date, high: dt.date) -> dt.date | None:
        return self.wd.pick(self.rng, low, high)

    def est_day(self, est: Est, low: dt.date, high: dt.date) -> dt.date | None:
        if est.registered_on and est.registered_on > low:
            low = est.registered_on
        return self.day(low, high)

    def add(self, plan: Plan) -> Plan:
        plan.minute = self.rng.randint(0, 150)
        self.plans.append(plan)
        return plan

    def project(self, year: int, key: str) -> InspectionProject | None:
        return self.projects.get((year, key))


def _findings(ctx: Context, table, share: float) -> list[tuple[str, str, str]]:
    if ctx.rng.random() >= share:
        return []
    n = ctx.rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
    return ctx.rng.sample(list(table), min(n, len(table)))


def _establishment_plans(ctx: Context, category: str, n: int, pool: list[Est],
                         low: dt.date, high: dt.date, **fields) -> list[Plan]:
    plans = []
    for _k in range(n):
        for _attempt in range(20):
            est = ctx.rng.choice(pool)
            day = ctx.est_day(est, low, high)
            if day:
                break
        plans.append(ctx.add(Plan(category=category, day=day, establishment_id=est.pk,
                                  **fields)))
    return plans


def _site_plans(ctx: Context, category: str, total: int, sites: list[Site], low: dt.date,
                high: dt.date, *, remote: bool = False, **fields) -> list[Plan]:
    """``total`` inspections over ``sites``, by grade (high-risk sites more often), spread
    evenly over each site's working days in [low, high] (so the schedule by grade holds)."""
    spans = []
    for site in sites:
        begin = max(site.starts_on, low)
        if remote:
            begin = max(begin, site.cctv_installed_on)
        days = ctx.wd.between(begin, min(site.ends_on, high))
        if days:
            spans.append((site, days))
    if not spans or not total:
        return []
    weights = [len(days) * GRADE_RATE[site.grade] for site, days in spans]
    plans = []
    for (site, days), n in zip(spans, _apportion(total, weights), strict=True):
        for k in range(n):
            chunk = days[k * len(days) // n:(k + 1) * len(days) // n] or days
            plans.append(ctx.add(Plan(category=category, day=ctx.rng.choice(chunk), site=site,
                                      **fields)))
    return plans


def _labor_projects(ctx: Context, year: int, specs, unit: str, low: dt.date,
                    high: dt.date) -> list[Plan]:
    plans = []
    inspected_before = {p.establishment_id for p in ctx.plans
                        if p.domain == Domain.LABOR_CONDITIONS and p.day < low}
    for name, _theme, n, repeats, code in specs:
        project = ctx.project(year, code or name)
        if project is None:
            continue
        listed = [ctx.by_pk[pk] for pk in ctx.targets[project.pk] if pk in ctx.by_pk]
        first = low
        if code == "high_hours":
            # April to June, firms the bureau had not inspected for labor conditions lately.
            first = max(low, dt.date(year, 4, 1))
            listed = [e for e in listed if e.pk not in inspected_before]
        chosen = ctx.rng.sample(listed, min(len(listed), ctx.scenario.count(n)))
        visits = chosen + [ctx.rng.choice(chosen) for _ in range(
            ctx.scenario.count(repeats) if chosen else 0)]
        for est in visits:
            day = ctx.est_day(est, first, high) or high
            plans.append(ctx.add(Plan(category="labor", kind=Kind.LABOR_CONDITIONS,
                                      domain=Domain.LABOR_CONDITIONS, day=day,
                                      inspector=ctx.inspector(unit), establishment_id=est.pk,
                                      project_id=project.pk)))
    return plans


def _plan_half(ctx: Context, low: dt.date, high: dt.date, counts: dict, year: int,
               in_half: bool) -> None:
    rng, count = ctx.rng, ctx.scenario.count
    ests = [e for e in ctx.ests if e.headcount and e.exists_on(high)]
    small = [e for e in ests if e.headcount < 100]
    lc = dict(kind=Kind.LABOR_CONDITIONS, domain=Domain.LABOR_CONDITIONS)
    osh = dict(kind=Kind.OSH, domain=Domain.OSH)

    # Guidance visits of labor conditions: advisors (firms under 100), compliance guidance.
    advisor_firms = count(counts["advisor"])
    firms = rng.sample(small, min(len(small), advisor_firms))
    for est in firms + [rng.choice(firms) for _ in range(count(counts.get("advisor_re", 0)))]:
        day = ctx.est_day(est, low, high) or high
        ctx.add(Plan(category="guidance", kind=Kind.GUIDANCE, domain=Domain.LABOR_CONDITIONS,
                     day=day, inspector=ctx.inspector("labor-standards"),
                     establishment_id=est.pk, provider=GuidanceProvider.COMPLIANCE_ADVISOR))
    for est in rng.sample(ests, count(counts["compliance_guidance"])):
        day = ctx.est_day(est, low, high) or high
        ctx.add(Plan(category="guidance", kind=Kind.GUIDANCE, domain=Domain.LABOR_CONDITIONS,
                     day=day, inspector=ctx.inspector("inspection"), establishment_id=est.pk,
                     provider=GuidanceProvider.COMPLIANCE_GUIDANCE))

    # Labor-conditions inspections. In the half, only FIRMS_50_99_INSPECTED firms of 50-99
    # workers get one (the coverage plan's progress); the projects rarely pick them.
    fifty = [e for e in ests if e.band == "50_99"]
    others = [e for e in ests if e.band != "50_99"]
    if in_half:
        regular_plans = [
            *_labor_projects(ctx, year, MOL_PROJECTS, "labor-standards", low, high),
            *_labor_projects(ctx, year, OWN_PROJECTS, "labor-standards", low, high),
            *_labor_projects(ctx, year, OFFICE_PROJECTS, "inspection", low, high),
        ]
        covered = {p.establishment_id for p in regular_plans} & {e.pk for e in fifty}
        wanted = count(FIRMS_50_99_INSPECTED)
        if len(covered) > wanted:
            raise ValueError(f"the projects inspect {len(covered)} firms of 50-99 workers, "
                             f"more than the {wanted} wanted")
        more = rng.sample([e for e in fifty if e.pk not in covered], wanted - len(covered))
        n_regular = count(counts["labor_regular"])
        pool = [*more, *(rng.choice(others) for _ in range(max(0, n_regular - len(more))))]
    else:
        for name, _source, unit, n in PROJECTS_BEFORE:
            project = ctx.project(year, name)
            if project is None:
                continue
            listed = [ctx.by_pk[pk] for pk in ctx.targets[project.pk]
                      if pk in ctx.by_pk and ctx.by_pk[pk].exists_on(high)]
            for est in rng.sample(listed, min(len(listed), count(n))):
                day = ctx.est_day(est, low, high) or high
                ctx.add(Plan(category="labor_project_before", **lc, day=day,
                             inspector=ctx.inspector(unit), establishment_id=est.pk,
                             project_id=project.pk))
        pool = [rng.choice(ests) for _ in range(count(counts["labor_regular"]))]
    for est in pool:
        unit = "labor-standards" if rng.random() < 0.6 else "inspection"
        day = ctx.est_day(est, low, high) or high
        ctx.add(Plan(category="labor", **lc, day=day, inspector=ctx.inspector(unit),
                     establishment_id=est.pk))

    # Occupational safety: sites by category and grade, remote, establishments, projects.
    def project_id(code):
        project = ctx.project(year, code)
        return project.pk if project else None

    sites = defaultdict(list)
    for site in ctx.sites:
        sites[site.category].append(site)
    for category in ("public_works", "social_housing", "road_works"):
        for plan in _site_plans(ctx, category, count(counts[category]), sites[category], low,
                                high, **osh, inspector=None, project_id=project_id(category)):
            plan.inspector = ctx.inspector("inspection")
    for plan in _site_plans(ctx, "osh_sites", count(counts["osh_sites"]), sites["private"],
                            low, high, **osh, inspector=None):
        plan.inspector = ctx.inspector("inspection")
    with_cctv = [s for s in ctx.sites if s.cctv_installed_on]
    for plan in _site_plans(ctx, "remote", count(counts["remote"]), with_cctv, low, high,
                            remote=True, **osh, inspector=None, method=Method.REMOTE):
        plan.inspector = ctx.inspector("inspection")
    osh_pool = [e for e in ests if e.industry not in "KLMO"]
    for plan in _establishment_plans(ctx, "osh_establishments", count(counts["osh_establishments"]),
                                     osh_pool, low, high, **osh, inspector=None):
        plan.inspector = ctx.inspector("inspection")

    # LPG sites: each once, a few twice; confined spaces; health management (the half only).
    lpg = ctx.project(year, "lpg")
    if lpg is not None:
        listed = [ctx.by_pk[pk] for pk in ctx.targets.get(lpg.pk, []) if pk in ctx.by_pk]
        if not listed:  # the year before: no target list, the same kind of place
            listed = [e for e in ests if e.industry == "D"] or ests
        n_firms = count(counts.get("lpg_firms", counts.get("lpg", 0)))
        firms = rng.sample(listed, min(len(listed), n_firms))
        for est in firms + [rng.choice(firms) for _ in range(count(counts.get("lpg_re", 0)))]:
            day = ctx.est_day(est, low, high) or high
            ctx.add(Plan(category="lpg", **osh, day=day, inspector=ctx.inspector("inspection"),
                         establishment_id=est.pk, project_id=lpg.pk))
    confined = ctx.project(year, "confined_space")
    site_by_pk = {s.pk: s for s in ctx.sites}
    spaces = []
    for pk, est_id, site_id, registered_on in ctx.spaces:
        site = site_by_pk.get(site_id)
        begin = max(low, registered_on, site.starts_on if site else low)
        end = min(high, site.ends_on) if site else high
        if ctx.wd.between(begin, end):
            spaces.append((pk, est_id, site, begin, end))
    for k in range(count(counts["confined"]) if spaces else 0):
        pk, est_id, site, begin, end = spaces[k % len(spaces)] if k < len(spaces) else \
            rng.choice(spaces)
        ctx.add(Plan(category="confined", **osh, day=ctx.day(begin, end),
                     inspector=ctx.inspector("inspection"),
                     establishment_id=None if site else est_id, site=site,
                     space_id=pk, project_id=confined.pk if confined else None))
    health = ctx.project(year, "health_management")
    if in_half and health is not None:
        listed = [ctx.by_pk[pk] for pk in ctx.targets[health.pk] if pk in ctx.by_pk]
        for est in rng.sample(listed, min(len(listed), count(HEALTH_PROJECT))):
            ctx.add(Plan(category="health", **osh, day=ctx.est_day(est, low, high) or high,
                         inspector=ctx.inspector("inspection"), establishment_id=est.pk,
                         project_id=health.pk))

    # OSH guidance of small and medium firms.
    for provider, key in ((GuidanceProvider.OSH_STAFF, "osh_staff"),
                          (GuidanceProvider.OSH_TEAM, "osh_team")):
        for est in rng.sample(small, count(counts[key])):
            ctx.add(Plan(category="guidance", kind=Kind.GUIDANCE, domain=Domain.OSH,
                         day=ctx.est_day(est, low, high) or high,
                         inspector=ctx.inspector("inspection"), establishment_id=est.pk,
                         provider=provider))


def _assign_findings(ctx: Context, plans: list[Plan], low: dt.date, in_half: bool) -> None:
    rng = ctx.rng
    by_category = defaultdict(list)
    for plan in plans:
        by_category[plan.category].append(plan)
    tables = {"labor": LABOR_FINDINGS, "labor_project_before": LABOR_FINDINGS,
              "osh_sites": OSH_FINDINGS, "osh_establishments": OSH_FINDINGS,
              "public_works": OSH_FINDINGS, "social_housing": OSH_FINDINGS,
              "road_works": (*OSH_FINDINGS[:3], ROAD_FINDING), "remote": OSH_FINDINGS[:3],
              "health": (HEALTH_FINDING,)}
    for category, group in by_category.items():
        if category in ("guidance", "confined", "lpg"):
            continue
        share = FINDING_SHARE.get("labor" if category.startswith("labor") else category, 0.25)
        for plan in group:
            plan.findings = _findings(ctx, tables[category], share)
    # Confined spaces: exactly so many with a finding; LPG: so many firms noticed.
    confined = by_category["confined"]
    n_defective = ctx.scenario.count(CONFINED_DEFECTIVE) if in_half else len(confined) // 5
    for plan in rng.sample(confined, min(len(confined), n_defective)):
        plan.findings = rng.sample(CONFINED_FINDINGS, rng.choice((1, 1, 2)))
    lpg = by_category["lpg"]
    firms: dict[int, list[Plan]] = defaultdict(list)
    for plan in lpg:
        firms[plan.establishment_id].append(plan)
    order = sorted(firms)
    rng.shuffle(order)
    n_noticed = ctx.scenario.count(LPG_NOTICED) if in_half else 2
    n_fined = ctx.scenario.count(LPG_FINED_ONLY) if in_half else 1
    for index, est_id in enumerate(order[:n_noticed + n_fined]):
        plan = firms[est_id][0]
        plan.findings = [LPG_FINDING]
        if index < n_noticed:
            plan.notice_due = plan.day + dt.timedelta(days=30)
    # Improvement notices.
    for plan in plans:
        if not plan.findings or plan.category in ("lpg",):
            continue
        share = NOTICE_SHARE["osh" if plan.domain == Domain.OSH else "labor"]
        if plan.category in ("health", "confined") or rng.random() < share:
            plan.notice_due = plan.day + dt.timedelta(days=rng.choice((14, 21, 30, 30, 45, 60)))


def _re_inspections(ctx: Context, candidates: list[Plan], n: int, low: dt.date, high: dt.date,
                    category: str) -> None:
    """``n`` re-inspections in [low, high] of ``candidates`` (with a notice due before high)."""
    rng = ctx.rng
    ready = []
    for plan in candidates:
        if plan.reinspected or not plan.notice_due:
            continue
        last = min(high, plan.site.ends_on) if plan.site else high
        days = ctx.wd.between(max(plan.notice_due + dt.timedelta(days=1), low), last)
        if days:
            ready.append((plan, days))
    rng.shuffle(ready)
    if len(ready) < n:
        raise ValueError(f"only {len(ready)} inspections to re-inspect for {n} {category}")
    for parent, days in ready[:n]:
        parent.reinspected = True
        resolved = [rng.random() < RESOLVED_SHARE for _f in parent.findings]
        inspector = parent.inspector if rng.random() < 0.7 else ctx.inspector(
            ctx.unit_of[parent.inspector.pk])
        plan = ctx.add(Plan(category=category, kind=Kind.RE_INSPECTION, domain=parent.domain,
                            day=days[min(len(days) - 1, int(rng.random() ** 2 * len(days)))],
                            inspector=inspector, establishment_id=parent.establishment_id,
                            site=parent.site, project_id=parent.project_id,
                            space_id=parent.space_id, parent=parent,
                            carried_resolved=resolved))
        if not all(resolved) and rng.random() < 0.6:
            plan.notice_due = plan.day + dt.timedelta(days=rng.choice((14, 21, 30)))


def _plan_visits(ctx: Context) -> list[Plan]:
    plans = []
    for visit in notifications_scenario.visit_plans(ctx.scenario):
        plan = ctx.add(Plan(category="visit", kind=Kind.OSH, domain=Domain.OSH,
                            day=visit.visited_on, inspector=ctx.inspector("inspection"),
                            establishment_id=visit.establishment_id, visit=visit))
        if visit.finding:
            article, text = visit.finding
            fine = rules.OSH_43 if article.startswith(("職業", "營造", "吊籠")) else ""
            plan.findings = [(article, fine, text)]
        if visit.notice:
            plan.notice_due = plan.day + dt.timedelta(days=14)
        plans.append(plan)
    return plans


# Fines --------------------------------------------------------------------------------------------


@dataclass
class Fine:
    plan: Plan
    article: str
    breached: str
    amount: int
    proposed_on: dt.date
    decided_on: dt.date | None
    paid_on: dt.date | None
    factors: dict


def _fine_article(plan: Plan) -> tuple[str, str] | None:
    """(fine article, provision breached) of the first open finding that carries a fine."""
    for article, fine, _text in plan.open_findings:
        if fine:
            return fine, article
    return None


def _factors(rng: random.Random) -> dict:
    stated = rules.fine_factors(severity=rng.choice(SEVERITY),
                                workers_affected=rng.randint(1, 40),
                                repeat_count=rng.choices((0, 1, 2), weights=(75, 20, 5))[0],
                                good_faith=rng.choice((True, False, None)))
    return dataclasses.asdict(stated)


def _exact_total(amounts: list[int], articles: list[str], total: int,
                 bands: dict[str, rules.FineBand]) -> list[int]:
    """Move ``amounts`` within their bands, in steps of 10,000 then 1,000, until they add up
    to ``total``."""
    amounts = list(amounts)
    for step in (10_000, 1_000):
        progress = True
        while progress and abs(total - sum(amounts)) >= step:
            progress = False
            for i, article in enumerate(articles):
                diff = total - sum(amounts)
                if abs(diff) < step:
                    break
                move = step if diff > 0 else -step
                if bands[article].minimum <= amounts[i] + move <= bands[article].maximum:
                    amounts[i] += move
                    progress = True
    if sum(amounts) != total:
        raise ValueError(f"fines cannot add up to {total} within their bands")
    return amounts


def _plan_fines(ctx: Context, plans: list[Plan]) -> list[Fine]:
    rng, as_of, start = ctx.rng, ctx.as_of, ctx.start
    fines: list[Fine] = []
    osh_in_half, osh_before, osh_pending = [], [], []
    for plan in plans:
        if plan.kind == Kind.GUIDANCE:
            continue
        found = _fine_article(plan)
        if found is None:
            continue
        article, breached = found
        proposed_on = ctx.wd.after(plan.day, rng.randint(2, 8))
        decided_on = ctx.wd.after(proposed_on, rng.randint(4, 22))
        fine = Fine(plan=plan, article=article, breached=_provision(breached), amount=0,
                    proposed_on=proposed_on, decided_on=decided_on, paid_on=None,
                    factors=_factors(rng))
        if plan.domain == Domain.LABOR_CONDITIONS:
            if rng.random() < LABOR_FINE_SHARE and proposed_on <= as_of:
                fines.append(fine)
            continue
        if start <= decided_on <= as_of:
            osh_in_half.append(fine)
        elif decided_on < start:
            osh_before.append(fine)
        elif proposed_on <= as_of:
            osh_pending.append(fine)
    n = ctx.scenario.count(OSH_FINES)
    if len(osh_in_half) < n:
        raise ValueError(f"only {len(osh_in_half)} OSH inspections to fine for {n}")
    chosen = rng.sample(osh_in_half, n)
    bands = {a: fine_band_on(a, as_of)[0] for a in (rules.OSH_43, rules.OSH_45)}
    drawn = [_weighted(rng, OSH_43_AMOUNTS if f.article == rules.OSH_43 else OSH_45_AMOUNTS)
             for f in chosen]
    total = round(OSH_FINE_TOTAL * ctx.scenario.scale / 1000) * 1000
    if ctx.scenario.scale == 1:
        drawn = _exact_total(drawn, [f.article for f in chosen], total, bands)
    for fine, amount in zip(chosen, drawn, strict=True):
        fine.amount = amount
    fines.extend(chosen)
    for fine in rng.sample(osh_before, len(osh_before) // 3):
        fine.amount = _weighted(rng, OSH_43_AMOUNTS if fine.article == rules.OSH_43
                                else OSH_45_AMOUNTS)
        fines.append(fine)
    for fine in rng.sample(osh_pending, min(len(osh_pending), PROPOSED_PENDING)):
        fine.amount = _weighted(rng, OSH_43_AMOUNTS if fine.article == rules.OSH_43
                                else OSH_45_AMOUNTS)
        fine.decided_on = None
        fines.append(fine)
    for fine in fines:
        if fine.plan.domain == Domain.LABOR_CONDITIONS:
            fine.amount = _weighted(rng, LSA_AMOUNTS[fine.article])
            if fine.decided_on > as_of:
                fine.decided_on = None
        band, share = fine_band_on(fine.article, fine.plan.day)
        problems = rules.validate_fine(fine.amount, band,
                                       raise_allowed=fine.article in rules.RAISABLE_ARTICLES,
                                       raise_share=share)
        if problems:
            raise ValueError(f"fine {fine.amount} outside the band of {fine.article}")
        if fine.decided_on and rng.random() < PAID_SHARE:
            paid_on = fine.decided_on + dt.timedelta(days=rng.randint(7, 40))
            fine.paid_on = paid_on if paid_on <= as_of else None
    return fines


def _provision(article: str) -> str:
    """The provision as the art. 80-1 list prints it: the act and article (no paragraph)."""
    return article.split("第", 1)[0] + "第" + article.split("第", 2)[1] if "第" in article \
        else article


# Writing --------------------------------------------------------------------------------------


def _at(day: dt.date, minutes_after_nine: int) -> dt.datetime:
    return notifications_scenario.at(day, 9) + dt.timedelta(minutes=minutes_after_nine)


def records_load(scenario: Scenario, progress: Progress) -> int:
    ctx = Context(scenario)
    progress("勞動檢查紀錄", 0, 1)

    # The half before, then the half.
    year_before, year = ctx.year_before, ctx.year
    _plan_half(ctx, ctx.first, ctx.before_end, {**BEFORE, "lpg_firms": BEFORE["lpg"]},
               year_before, in_half=False)
    before = list(ctx.plans)
    _assign_findings(ctx, before, ctx.first, in_half=False)
    half_counts = {
        "advisor": ADVISOR_FIRMS, "advisor_re": ADVISOR_REVISITS,
        "compliance_guidance": COMPLIANCE_GUIDANCE, "labor_regular": LABOR_REGULAR,
        "public_works": PUBLIC_WORKS, "social_housing": SOCIAL_HOUSING,
        "road_works": ROAD_WORKS, "lpg_firms": LPG_FIRMS, "lpg_re": LPG_REVISITS,
        "confined": CONFINED, "remote": REMOTE, "osh_sites": OSH_SITES,
        "osh_establishments": OSH_ESTABLISHMENTS, "osh_staff": OSH_STAFF_VISITS,
        "osh_team": OSH_TEAM_VISITS,
    }
    _plan_half(ctx, ctx.start, ctx.as_of, half_counts, year, in_half=True)
    half = ctx.plans[len(before):]
    _assign_findings(ctx, half, ctx.start, in_half=True)
    _plan_visits(ctx)

    # Re-inspections: in the half before of its own inspections; in the half of the half's
    # inspections and of the half before's that had no project (a re-inspection carries its
    # parent's project, and the half's project counts are the half's projects).
    labor_before = [p for p in before if p.category == "labor"]
    osh_regular_before = [p for p in before if p.category in ("osh_sites", "osh_establishments")]
    _re_inspections(ctx, labor_before, ctx.scenario.count(BEFORE["labor_re"]), ctx.first,
                    ctx.before_end, "labor_re")
    _re_inspections(ctx, osh_regular_before, ctx.scenario.count(BEFORE["osh_re"]), ctx.first,
                    ctx.before_end, "osh_re")
    labor_half = [p for p in half if p.category == "labor"]
    osh_half = [p for p in half if p.category in ("osh_sites", "osh_establishments")]
    _re_inspections(ctx, labor_before + labor_half, ctx.scenario.count(LABOR_RE_INSPECTIONS),
                    ctx.start, ctx.as_of, "labor_re")
    _re_inspections(ctx, osh_regular_before + osh_half, ctx.scenario.count(OSH_RE_INSPECTIONS),
                    ctx.start, ctx.as_of, "osh_re")
    fines = _plan_fines(ctx, ctx.plans)

    # Cases, numbered per Taipei year in order of receipt (recorded after the visit, 17:00 on).
    plans = sorted(ctx.plans, key=lambda p: (p.day, p.minute))
    sequences = {s.year: s.last_value for s in CaseNumberSequence.objects.select_for_update()
                 .filter(line=LINE)}
    next_number = dict(sequences)
    with translation.override(settings.LANGUAGE_CODE):
        summaries = {k: str(Kind(k).label) for k in Kind.values}
    cases = []
    for plan in plans:
        received_at = notifications_scenario.at(plan.day, 17) + dt.timedelta(minutes=plan.minute)
        sequence = next_number.get(plan.day.year, 0) + 1
        next_number[plan.day.year] = sequence
        plan.case = Case(
            number=format_case_number(line=LINE, year=plan.day.year, sequence=sequence),
            line=LINE, year=plan.day.year, sequence=sequence, channel=Channel.EX_OFFICIO,
            status=Status.RECORDED, received_at=received_at,
            assigned_officer=plan.inspector, establishment_id=plan.subject_id,
            summary=summaries[plan.kind],
        )  # fmt: skip
        cases.append(plan.case)
    Case.objects.bulk_create(cases, batch_size=1000)
    progress("勞動檢查紀錄", len(cases) // 4, len(cases))

    fines_of: dict[int, list[Fine]] = defaultdict(list)
    for fine in fines:
        fines_of[id(fine.plan)].append(fine)
    inspections = []
    for plan in plans:
        changes = (len(plan.findings) + (1 if plan.notice_due else 0)
                   + len(plan.carried_resolved) + len(fines_of[id(plan)]))
        inspections.append(Inspection(
            case_id=plan.case.pk, kind=plan.kind, domain=plan.domain,
            guidance_provider=plan.provider, method=plan.method,
            confined_space_id=plan.space_id, inspector=plan.inspector,
            inspected_on=plan.day, establishment_id=plan.establishment_id,
            site_id=plan.site.pk if plan.site else None, project_id=plan.project_id,
            parent_id=plan.parent.case.pk if plan.parent else None, version=1 + changes,
        ))  # fmt: skip
    Inspection.objects.bulk_create(inspections, batch_size=1000)

    # Findings: the originals (a finding rated resolved at a re-inspection is resolved on its
    # day, as services.finding_rate does along the chain), then those carried forward.
    resolved_on: dict[tuple[int, int], dt.date] = {}
    for plan in plans:
        if plan.kind == Kind.RE_INSPECTION:
            for index, resolved in enumerate(plan.carried_resolved):
                if resolved:
                    resolved_on[(id(plan.parent), index)] = plan.day
    originals = []
    for plan in plans:
        plan.finding_rows = [
            Finding(inspection_id=plan.case.pk, article=article, description=text,
                    resolved_on=resolved_on.get((id(plan), index)))
            for index, (article, _fine, text) in enumerate(plan.findings)
        ]
        originals.extend(plan.finding_rows)
    Finding.objects.bulk_create(originals, batch_size=1000)
    carried = []
    for plan in plans:
        if plan.kind != Kind.RE_INSPECTION:
            continue
        plan.finding_rows = [
            Finding(inspection_id=plan.case.pk, article=source.article,
                    description=source.description, carried_from=source,
                    resolved_on=plan.day if resolved else None)
            for source, resolved in zip(plan.parent.finding_rows, plan.carried_resolved,
                                        strict=True)
        ]
        carried.extend(plan.finding_rows)
    Finding.objects.bulk_create(carried, batch_size=1000)

    notices = [ImprovementNotice(inspection_id=p.case.pk, due_on=p.notice_due)
               for p in plans if p.notice_due]
    ImprovementNotice.objects.bulk_create(notices, batch_size=1000)

    penalties = []
    for fine in fines:
        unit = ctx.unit_of.get(fine.plan.inspector.pk, "inspection")
        approver = ctx.supervisor[unit]
        status = (Penalty.Status.PROPOSED if fine.decided_on is None
                  else Penalty.Status.PAID if fine.paid_on else Penalty.Status.APPROVED)
        penalties.append(Penalty(
            inspection_id=fine.plan.case.pk, article=fine.article, breached=fine.breached,
            amount=fine.amount, factors=fine.factors, status=status,
            proposed_by=fine.plan.inspector,
            approved_by=approver if fine.decided_on else None, decided_on=fine.decided_on,
            published=fine.decided_on is not None, paid_on=fine.paid_on,
        ))  # fmt: skip
    Penalty.objects.bulk_create(penalties, batch_size=1000)
    progress("勞動檢查紀錄", len(cases) // 2, len(cases))

    site_rows = _site_actions(ctx, plans)
    referrals = _referrals(ctx, plans)

    # The supervision visits' own rows.
    visit_plans = [p for p in plans if p.visit is not None]
    visit_rows = notifications_scenario.visits_write(
        [p.visit for p in visit_plans], [p.case for p in visit_plans],
        [p.inspector for p in visit_plans])

    events = _events(plans, penalties, fines, referrals)
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    for year_, last in next_number.items():
        CaseNumberSequence.objects.update_or_create(line=LINE, year=year_,
                                                    defaults={"last_value": last})
    progress("勞動檢查紀錄", len(cases), len(cases))
    return (len(cases) * 2 + len(originals) + len(carried) + len(notices) + len(penalties)
            + site_rows + len(referrals) + visit_rows + len(events))


def _site_actions(ctx: Context, plans: list[Plan]) -> int:
    """Stop-work orders at sites (each site at most one, lifted after days or still open) and
    alcohol tests, on days the site was inspected."""
    rng, count = ctx.rng, ctx.scenario.count
    site_plans = [p for p in plans if p.site is not None and p.method == Method.ON_SITE
                  and p.kind != Kind.RE_INSPECTION]
    orders, used = [], set()
    for low, high, n_public, n_private in (
            (ctx.first, ctx.before_end, BEFORE["stop_public"], BEFORE["stop_private"]),
            (ctx.start, ctx.as_of, STOP_WORK_PUBLIC, STOP_WORK_PRIVATE)):
        for public, n in ((True, count(n_public)), (False, count(n_private))):
            candidates = [p for p in site_plans if low <= p.day <= high
                          and p.site.public == public and p.findings and p.site.pk not in used]
            rng.shuffle(candidates)
            taken = 0
            for plan in candidates:
                if taken == n:
                    break
                if plan.site.pk in used:
                    continue
                used.add(plan.site.pk)
                lifted = plan.day + dt.timedelta(days=rng.randint(2, 20))
                orders.append(StopWorkOrder(site_id=plan.site.pk, issued_on=plan.day,
                                            lifted_on=lifted if lifted <= ctx.as_of else None))
                taken += 1
            if taken < n:
                raise ValueError(f"only {taken} sites to stop for {n}")
    StopWorkOrder.objects.bulk_create(orders, batch_size=500)
    tests = []
    for low, high, n, n_referred in ((ctx.first, ctx.before_end, count(BEFORE["alcohol"]), 1),
                                     (ctx.start, ctx.as_of, count(ALCOHOL_TESTS),
                                      count(ALCOHOL_REFERRED))):
        candidates = [p for p in site_plans if low <= p.day <= high]
        for k, plan in enumerate(rng.sample(candidates, min(n, len(candidates)))):
            at_height = k < n_referred or rng.random() < 0.6
            if k < n_referred:
                reading = f"{rng.uniform(0.15, 0.6):.3f}"
            elif k == n_referred:  # over the limit, but not working at height
                reading, at_height = f"{rng.uniform(0.15, 0.3):.3f}", False
            elif rng.random() < 0.12:
                reading = f"{rng.uniform(0.02, 0.14):.3f}"
            else:
                reading = "0.000"
            value = Decimal(reading)
            tests.append(AlcoholTest(site_id=plan.site.pk, tested_on=plan.day, mg_per_l=value,
                                     at_height=at_height,
                                     referred=rules.alcohol_referral(value, at_height)))
    AlcoholTest.objects.bulk_create(tests, batch_size=500)
    return len(orders) + len(tests)


def _referrals(ctx: Context, plans: list[Plan]) -> list[tuple[Plan, InsuranceReferral]]:
    """Workers found uninsured: so many establishments referred in each half."""
    rng, count = ctx.rng, ctx.scenario.count
    out = []
    osh_plans = [p for p in plans if p.domain == Domain.OSH and p.kind == Kind.OSH
                 and p.visit is None]
    for low, high, n, repeats in ((ctx.first, ctx.before_end, count(BEFORE["referrals"]), 0),
                                  (ctx.start, ctx.as_of, count(INSURANCE_REFERRAL_FIRMS),
                                   count(INSURANCE_REFERRAL_REPEATS))):
        candidates = [p for p in osh_plans if low <= p.day <= high - dt.timedelta(days=3)]
        rng.shuffle(candidates)
        by_subject: dict[int, list[Plan]] = defaultdict(list)
        for plan in candidates:
            by_subject[plan.subject_id].append(plan)
        subjects = list(by_subject)[:n]
        chosen = [by_subject[s][0] for s in subjects]
        twice = [s for s in subjects if len(by_subject[s]) > 1][:repeats]
        chosen += [by_subject[s][1] for s in twice]
        for plan in chosen:
            referred_on = min(plan.day + dt.timedelta(days=rng.randint(2, 15)), high)
            out.append((plan, InsuranceReferral(
                inspection_id=plan.case.pk, establishment_id=plan.subject_id,
                uninsured_workers=rng.randint(1, 8), referred_on=referred_on)))
    InsuranceReferral.objects.bulk_create([r for _p, r in out], batch_size=500)
    return out


def _events(plans: list[Plan], penalties: list[Penalty], fines: list[Fine],
            referrals: list) -> list[CaseEvent]:
    person = CaseEvent.ActorKind.PERSON
    events = []

    def event(plan: Plan, at: dt.datetime, action: str, actor, new=None, old=None):
        events.append(CaseEvent(case_id=plan.case.pk, at=at, actor=actor, actor_kind=person,
                                action=action, new_values=new or {}, old_values=old or {}))

    for plan in plans:
        at = plan.case.received_at
        event(plan, at, "record", plan.inspector, {
            "kind": plan.kind, "domain": plan.domain, "method": plan.method,
            "inspected_on": plan.day.isoformat(),
            "establishment": plan.establishment_id,
            "site": plan.site.pk if plan.site else None,
            "parent": plan.parent.case.pk if plan.parent else None,
        })
        if plan.kind == Kind.RE_INSPECTION:
            event(plan.parent, at, "re_inspection_opened", plan.inspector,
                  {"re_inspection": plan.case.pk, "carried": len(plan.finding_rows)})
            for k, row in enumerate(plan.finding_rows, 1):
                event(plan, at + dt.timedelta(minutes=k), "rate_finding", plan.inspector,
                      {"finding": row.pk,
                       "resolved_on": row.resolved_on.isoformat() if row.resolved_on else None},
                      {"finding": row.pk, "resolved_on": None})
        else:
            for k, row in enumerate(plan.finding_rows, 1):
                event(plan, at + dt.timedelta(minutes=k), "add_finding", plan.inspector,
                      {"finding": row.pk, "article": row.article})
        if plan.notice_due:
            event(plan, at + dt.timedelta(minutes=10), "improvement_notice", plan.inspector,
                  {"due_on": plan.notice_due.isoformat()})
    for fine, penalty in zip(fines, penalties, strict=True):
        plan = fine.plan
        event(plan, _at(fine.proposed_on, 60), "propose_penalty", plan.inspector,
              {"penalty": penalty.pk, "article": penalty.article, "amount": penalty.amount})
        if fine.decided_on:
            event(plan, _at(fine.decided_on, 360), "approve_penalty", penalty.approved_by,
                  {"penalty": penalty.pk, "decided_on": fine.decided_on.isoformat()})
        if fine.paid_on:
            event(plan, _at(fine.paid_on, 120), "penalty_paid", plan.inspector,
                  {"penalty": penalty.pk, "paid_on": fine.paid_on.isoformat()})
    for plan, referral in referrals:
        event(plan, _at(referral.referred_on, 90), "insurance_referral", plan.inspector,
              {"referral": referral.pk, "workers": referral.uninsured_workers})
    return events


_REQUIRES = ("core.organisation", "core.establishments")

PARTS = [
    Part("inspections.roles", roles_load, requires=("core.organisation",),
         label="勞動檢查角色權限及檢查員"),
    Part("inspections.registry", registry_load, requires=(*_REQUIRES, "inspections.roles"),
         label="檢查計畫、專案、營造工地及醫護人力資料"),
    Part("inspections.records", records_load,
         requires=(*_REQUIRES, "inspections.roles", "inspections.registry",
                   "notifications.filings", "notifications.roles"),
         label="勞動檢查、監督檢查及裁處紀錄"),
]

