"""The kernel's part of the demo scenario (see labor.core.scenarios for how parts are loaded).

Three parts:

- ``core.organisation``: the bureau's units (named as the council report names them), the
  kernel's roles, and one officer and one supervisor per unit plus an administrator, all with
  the shared demo password.
- ``core.establishments``: establishments across the city's districts and the industry
  sections, each with a headcount at the end of every quarter of the scenario's years from its
  founding on (勞保投保人數). The headcount in force on a date is the latest record on or
  before it (as in labor.core.selectors); on the scenario's ``as_of`` day every establishment
  has a record and the number in each headcount band is exactly ``HEADCOUNT_BANDS`` (times
  the scale). Some establishments grow, some shrink, a few were founded during the years.
- ``core.persons``: persons with valid national IDs (some foreign and mainland spouses with
  resident UI numbers) and dated priority-group memberships.

Everything is drawn from ``scenario.rng(part)``: the same scenario gives the same records.
The builders are plain functions of a Scenario so that bench/generate.py reuses them at any
scale and over any number of years.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from labor.core.identifiers import (
    LETTER_VALUES,
    is_valid_national_id,
    is_valid_ubn,
    is_valid_ui_number,
)
from labor.core.models import (
    District,
    Establishment,
    HeadcountRecord,
    Industry,
    Person,
    PriorityGroup,
    PriorityGroupMembership,
    Role,
    StaffProfile,
    Unit,
)
from labor.core.scenarios import Part, Progress, Scenario

# --- the bureau -------------------------------------------------------------------------------

# Printed by `manage.py demo_setup`. Demo data only: load_scenario refuses to run with DEBUG off.
DEMO_PASSWORD = "labor-demo-2023"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    name_en: str
    lines: tuple[str, ...]  # line-of-service codes the unit works
    officer_title: str
    supervisor_title: str


BUREAU = UnitSpec("bureau", "臺北市政府勞動局", "Department of Labor, Taipei City Government",
                  (), "科員", "局長")
# The sections (科) of the bureau and its agencies (處、學院), as seed/council-report-2023H1.txt
# names them. Lines a unit shares with another are worked by both (e.g. migrant workers'
# disputes are coordinated by 勞動力重建運用處, others mediated under 勞資關係科).
UNITS = (
    UnitSpec("labor-relations", "勞資關係科", "Labor Relations Section",
             ("disputes", "fund", "relations"), "科員", "科長"),
    UnitSpec("labor-standards", "勞動基準科", "Labor Standards Section",
             ("inspections", "relations", "subsidies"), "科員", "科長"),
    UnitSpec("employment-security", "就業安全科", "Employment Security Section",
             ("employment", "equality", "quota", "subsidies"), "科員", "科長"),
    UnitSpec("labor-education", "勞動教育文化科", "Labor Education and Culture Section",
             ("outreach",), "科員", "科長"),
    UnitSpec("inspection", "勞動檢查處", "Labor Inspection Office",
             ("inspections", "notifications"), "勞動檢查員", "科長"),
    UnitSpec("employment-services", "就業服務處", "Employment Services Office",
             ("employment",), "就業服務員", "科長"),
    UnitSpec("workforce", "勞動力重建運用處", "Labor Force Redevelopment Office",
             ("quota", "migrants", "migrant_disputes", "employment"), "專員", "科長"),
    UnitSpec("academy", "職能發展學院", "Vocational Development Institute",
             ("training",), "專員", "組長"),
)

# Role code -> (zh-Hant name, permissions "app_label.codename"). Lines of service add their own
# permissions to these roles in their parts.
_OFFICER_PERMISSIONS = (
    "core.view_establishment", "core.add_establishment", "core.change_establishment",
    "core.view_headcountrecord", "core.add_headcountrecord",
    "core.view_person", "core.add_person", "core.change_person", "core.view_person_full",
    "core.view_prioritygroupmembership", "core.add_prioritygroupmembership",
    "core.view_attachment", "core.add_attachment", "core.view_importbatch",
)  # fmt: skip
ROLES = {
    "officer": ("承辦人", _OFFICER_PERMISSIONS),
    "supervisor": ("主管", (*_OFFICER_PERMISSIONS, "core.add_importbatch",
                           "core.view_personaccesslog")),
    "admin": ("系統管理者", ("core.view_case", "core.view_personaccesslog",
                           "core.view_loginattempt", "core.add_apitoken", "core.view_apitoken")),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    unit: str  # unit name
    role: str  # role name
    title: str


def _demo_accounts() -> list[tuple[str, UnitSpec, str, str]]:
    """(username, unit, role code, title) of every demo account, ASCII usernames."""
    accounts = [("admin", BUREAU, "admin", "系統管理者")]
    for unit in UNITS:
        accounts.append((f"{unit.code}.officer", unit, "officer", unit.officer_title))
        accounts.append((f"{unit.code}.supervisor", unit, "supervisor", unit.supervisor_title))
    return accounts


def _units_ensure() -> dict[str, Unit]:
    """The units, created where missing (an existing unit is left as its administrator set it)."""
    bureau, _ = Unit.objects.get_or_create(
        code=BUREAU.code, defaults={"name": BUREAU.name, "name_en": BUREAU.name_en, "lines": []}
    )
    units = {bureau.code: bureau}
    for spec in UNITS:
        units[spec.code], _ = Unit.objects.get_or_create(
            code=spec.code,
            defaults={"name": spec.name, "name_en": spec.name_en, "parent": bureau,
                      "lines": list(spec.lines)},
        )
    return units


def _roles_ensure() -> dict[str, Role]:
    roles = {}
    for code, (name, permissions) in ROLES.items():
        role, _ = Role.objects.get_or_create(code=code, defaults={"name": name})
        wanted = Q()
        for permission in permissions:
            app_label, codename = permission.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        role.permissions.add(*Permission.objects.filter(wanted))
        roles[code] = role
    return roles


@transaction.atomic
def demo_staff_ensure(*, reset_passwords: bool = False, seed: int = 0) -> list[DemoLogin]:
    """Create the units, roles and demo accounts that are missing; with ``reset_passwords``,
    set every demo account's password back to DEMO_PASSWORD. Returns the demo logins."""
    units = _units_ensure()
    roles = _roles_ensure()
    user_model = get_user_model()
    accounts = _demo_accounts()
    existing = user_model.objects.in_bulk([a[0] for a in accounts], field_name="username")
    encoded = None
    rng = random.Random(f"{seed}:core.organisation")
    logins = []
    for username, unit_spec, role_code, title in accounts:
        surname, given = _person_name(rng, female=rng.random() < 0.5)
        user = existing.get(username)
        if user is None or reset_passwords:
            # One hash for every account, made only when needed: hashing is deliberately slow
            # (a second run of demo_setup should take seconds) and the password is shared.
            encoded = encoded or make_password(DEMO_PASSWORD)
        if user is None:
            user = user_model.objects.create(
                username=username, last_name=surname, first_name=given, password=encoded,
                is_staff=role_code == "admin", is_superuser=role_code == "admin",
            )
        elif reset_passwords:
            user.password = encoded
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        profile, _ = StaffProfile.objects.get_or_create(
            user=user, defaults={"unit": units[unit_spec.code], "title": title}
        )
        profile.roles.add(roles[role_code])
        logins.append(DemoLogin(username, profile.unit.name, roles[role_code].name, profile.title))
    return logins


def organisation_load(scenario: Scenario, progress: Progress) -> int:
    logins = demo_staff_ensure(seed=scenario.seed)
    progress("單位與示範帳號", len(logins), len(logins))
    return 1 + len(UNITS) + len(ROLES) + len(logins)


# --- establishments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    low: int
    high: int | None  # inclusive; None: no upper limit
    count: int  # establishments in the band on the scenario's as_of day, at scale 1


# Establishments by headcount on 2023-06-30. The four bands from 50 up are the seed report's
# populations (seed/figures-2023H1.yaml: osh_health_staffing.band_*.required, 751 / 476 / 1265,
# and labor_inspection.firms_50_99_population, 2162), so that the lines of service that count
# within them find them; the bands below 50 are our choice ("several thousand smaller").
# Only this data knows these numbers: the report code counts records.
HEADCOUNT_BANDS = (
    Band(300, None, 751),
    Band(200, 299, 476),
    Band(100, 199, 1265),
    Band(50, 99, 2162),
    Band(30, 49, 1800),
    Band(10, 29, 2600),
    Band(1, 9, 1600),
)
# Share of the establishments that were founded during the scenario's years, before as_of;
# they carry their registration date (the first day of the founding month), the others none
# (registered before the scenario's years: "unknown", which counts as always there).
FOUNDED_DURING_SHARE = 0.06
LARGEST_HEADCOUNT = 25_000

# Relative weights of the industry sections (行業統計分類 A-S) by size class, and of the
# districts: a service city, with large employers in finance, retail, ICT, health and
# support services, and offices concentrated in Xinyi, Zhongshan, Neihu, Songshan.
INDUSTRY_WEIGHTS = {
    #        A    B     C  D    E    F   G   H  I   J   K   L  M   N  O    P  Q  R    S
    "small": (0.2, 0.05, 5, 0.1, 0.3, 7, 28, 3, 14, 6, 3, 4, 12, 5, 0.2, 2, 5, 2, 6),
    "medium": (0.1, 0.05, 7, 0.2, 0.5, 8, 22, 4, 9, 10, 7, 3, 11, 7, 0.5, 3, 5, 2, 3),
    "large": (0.05, 0.05, 9, 0.5, 0.5, 6, 16, 5, 6, 12, 14, 2, 7, 9, 2, 3, 8, 1.5, 1),
}  # fmt: skip
DISTRICT_WEIGHTS = {
    # code: (small, large)
    "songshan": (9, 11), "xinyi": (9, 14), "daan": (14, 11), "zhongshan": (16, 16),
    "zhongzheng": (10, 12), "datong": (6, 3), "wanhua": (5, 2), "wenshan": (4, 2),
    "nangang": (4, 7), "neihu": (10, 15), "shilin": (6, 4), "beitou": (5, 3),
}  # fmt: skip
# A few real roads of each district, for addresses.
ROADS = {
    "songshan": ("南京東路五段", "民生東路四段", "八德路四段", "敦化北路", "光復北路", "長春路",
                 "復興北路", "民權東路三段"),
    "xinyi": ("信義路五段", "松仁路", "松高路", "松智路", "基隆路一段", "忠孝東路五段", "莊敬路",
              "永吉路", "市府路"),
    "daan": ("敦化南路二段", "復興南路一段", "仁愛路四段", "忠孝東路四段", "和平東路二段",
             "新生南路二段", "信義路四段", "安和路二段"),
    "zhongshan": ("南京東路二段", "中山北路二段", "松江路", "民生東路二段", "長安東路一段",
                  "林森北路", "建國北路二段", "民權東路二段", "樂群二路", "敬業一路"),
    "zhongzheng": ("重慶南路一段", "忠孝西路一段", "館前路", "襄陽路", "衡陽路", "羅斯福路二段",
                   "汀州路三段", "延平南路", "公園路"),
    "datong": ("承德路二段", "重慶北路二段", "民生西路", "南京西路", "延平北路二段", "迪化街一段",
               "民權西路"),
    "wanhua": ("康定路", "西園路二段", "艋舺大道", "漢口街二段", "昆明街", "和平西路三段",
               "中華路一段"),
    "wenshan": ("木柵路三段", "興隆路二段", "羅斯福路六段", "景興路", "秀明路二段", "萬芳路"),
    "nangang": ("經貿二路", "園區街", "三重路", "南港路一段", "忠孝東路七段", "研究院路二段",
                "市民大道八段"),
    "neihu": ("瑞光路", "內湖路一段", "堤頂大道二段", "港墘路", "行愛路", "民權東路六段",
              "成功路四段", "洲子街", "新湖二路"),
    "shilin": ("中山北路五段", "承德路四段", "文林路", "中正路", "至誠路一段", "德行西路",
               "天母東路", "后港街"),
    "beitou": ("中央北路一段", "大業路", "石牌路二段", "光明路", "承德路七段", "立功街", "中和街",
               "西安街二段"),
}

# Company names: "<two-character brand><industry word><form>", e.g. 瑞豐電子股份有限公司.
_BRAND_FIRST = "永金瑞安德興泰鴻富嘉華明昌隆信源豐立天大新長正光聯群益勝和祥寶中台東遠環宇君建晶"
_BRAND_SECOND = "達盛發豐泰成昌元利興和聖揚茂鼎亞峰展璽澤"
BRANDS = tuple(a + b for a in _BRAND_FIRST for b in _BRAND_SECOND if a != b)
INDUSTRY_WORDS = {
    "A": ("農產", "園藝", "畜產", "漁業"),
    "B": ("礦業", "砂石"),
    "C": ("電子", "精密", "食品", "印刷", "光電", "機械", "紡織", "生技"),
    "D": ("能源", "電力", "瓦斯"),
    "E": ("環保", "水務", "資源回收"),
    "F": ("營造", "建設", "工程", "土木", "水電工程"),
    "G": ("貿易", "百貨", "實業", "國際", "文具", "藥品", "電器", "食品"),
    "H": ("運通", "物流", "交通", "客運", "倉儲", "航運"),
    "I": ("餐飲", "飯店", "餐廳", "旅館", "美食"),
    "J": ("資訊", "數位", "科技", "軟體", "電信", "出版", "影視"),
    "K": ("證券", "保險經紀人", "投資", "資產管理", "國際租賃"),
    "L": ("不動產", "開發", "地產", "建物"),
    "M": ("顧問", "設計", "廣告", "工程顧問", "管理顧問"),
    "N": ("保全", "清潔", "人力資源", "旅行社", "公寓大廈管理維護"),
    "P": ("教育", "文教", "語文"),
    "Q": ("醫療", "長照", "健康"),
    "R": ("娛樂", "健身", "藝術", "運動", "文創"),
    "S": ("美容", "洗衣", "美髮", "汽車修理", "寵物"),
}
# Institutions named by their own pattern rather than as companies, each for a range of
# headcounts (a hospital is not 3 people, a clinic not 2,000): (pattern, low, high).
INSTITUTION_FORMS = {
    "K": (("{brand}商業銀行股份有限公司", 200, None), ("{brand}人壽保險股份有限公司", 200, None)),
    "M": (("{brand}聯合法律事務所", 1, 99), ("{brand}聯合會計師事務所", 1, None),
          ("{brand}建築師事務所", 1, 99)),
    "O": (("{city}{district}公所", 1, None), ("{city}{district}戶政事務所", 1, None),
          ("{city}{district}健康服務中心", 1, None),
          ("{city}政府警察局{district_short}分局", 1, None),
          ("{city}政府環境保護局{district_short}區清潔隊", 1, None),
          ("{city}政府消防局{district_short}消防分隊", 1, None)),
    "P": (("私立{brand}科技大學", 300, None), ("私立{brand}高級中學", 30, 299),
          ("私立{brand}幼兒園", 1, 49), ("{brand}文理短期補習班", 1, 49)),
    "Q": (("{brand}醫院", 100, None), ("{brand}診所", 1, 49), ("{brand}牙醫診所", 1, 29),
          ("{brand}護理之家", 10, 99)),
    "S": (("社團法人{city}{brand}協會", 1, 29),),
}
_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余"
_GIVEN_MALE = (
    "志明", "俊傑", "建宏", "家豪", "承翰", "冠宇", "宗翰", "柏翰", "彥廷", "文雄", "國華",
    "哲瑋", "昱廷", "志偉", "俊宏", "冠廷", "家銘", "信宏", "明哲", "士傑", "子豪", "正雄",
)  # fmt: skip
_GIVEN_FEMALE = (
    "淑芬", "美玲", "雅婷", "怡君", "佳穎", "欣怡", "宜蓁", "郁婷", "靜宜", "惠如", "家瑜",
    "思妤", "雅雯", "曉琪", "珮瑜", "淑惠", "美惠", "麗華", "秀英", "詩涵", "品妤", "佩君",
)  # fmt: skip
HEADCOUNT_SOURCE = "勞保投保人數"


@dataclass(frozen=True)
class EstablishmentSpec:
    ubn: str
    name: str
    industry: str  # section code
    district: str  # district code
    address: str
    representative: str
    phone: str
    headcount: int  # at the anchor month
    anchor: int  # index into scenario.month_ends() where headcount holds exactly
    first: int  # index of the first month with a record (founding)
    growth: float  # per month, on the log scale
    noise: float
    seed: int


def _person_name(rng: random.Random, *, female: bool) -> tuple[str, str]:
    return rng.choice(_SURNAMES), rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)


def _ubn_digit_sum(digits) -> int:
    return sum(sum(divmod(d * w, 10)) for d, w in zip(digits, (1, 2, 1, 2, 1, 2, 4), strict=True))


_OLD_RULE_TO = dt.date(2023, 3, 31)
_NEW_RULE_FROM = dt.date(2023, 4, 1)


def new_ubn(rng: random.Random, used: set[str], *, issued_after_2023_rule: bool = False) -> str:
    """A unified business number not in ``used`` that passes the checksum: the pre-2023 rule
    (valid before and after April 2023), or, when ``issued_after_2023_rule``, one valid only
    under the rule in force from 2023-04-01."""
    while True:
        head = [rng.randrange(10) for _ in range(7)]
        total = _ubn_digit_sum(head)
        if issued_after_2023_rule:
            last = rng.choice([d for d in range(10) if (total + d) % 5 == 0])
        else:
            last = (-total) % 10
        ubn = "".join(map(str, head)) + str(last)
        if ubn in used or not is_valid_ubn(ubn, on=_NEW_RULE_FROM):
            continue
        if issued_after_2023_rule and is_valid_ubn(ubn, on=_OLD_RULE_TO):
            continue  # passes the old rule too: draw again for one that shows the new rule
        used.add(ubn)
        return ubn


def _apportion(total: int, weights) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder: exact, deterministic)."""
    weights = list(weights)
    scale = total / sum(weights)
    quotas = [w * scale for w in weights]
    counts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _size_class(headcount: int) -> str:
    return "large" if headcount >= 200 else "medium" if headcount >= 30 else "small"


def _band_headcounts(rng: random.Random, band: Band, n: int) -> list[int]:
    """``n`` headcounts within the band, more of them near its lower end (as in every
    establishment census)."""
    if band.high is None:
        alpha, cap = 1.1, LARGEST_HEADCOUNT
        top = 1 - (band.low / cap) ** alpha
        return [int(band.low / (1 - rng.random() * top) ** (1 / alpha)) for _ in range(n)]
    low, high = math.log(band.low), math.log(band.high + 1)
    return [min(band.high, int(math.exp(low + rng.random() * (high - low)))) for _ in range(n)]


def _deal(rng: random.Random, counts: list[int], labels) -> list:
    """A shuffled list holding each label ``counts[i]`` times."""
    dealt = [label for label, c in zip(labels, counts, strict=True) for _ in range(c)]
    rng.shuffle(dealt)
    return dealt


def _address(rng: random.Random, city: str, district: District, *, office: bool) -> str:
    road = rng.choice(ROADS.get(district.code, ("中正路",)))
    number = rng.randint(1, 320)
    if office:
        return f"{city}{district.name}{road}{number}號{rng.randint(2, 24)}樓"
    lane = f"{rng.randint(1, 200)}巷" if rng.random() < 0.4 else ""
    return f"{city}{district.name}{road}{lane}{number}號{rng.randint(1, 7)}樓"


def _company_name(rng: random.Random, industry: str, headcount: int, city: str,
                  district: District) -> str:
    brand = rng.choice(BRANDS)
    forms = [
        pattern for pattern, low, high in INSTITUTION_FORMS.get(industry, ())
        if low <= headcount and (high is None or headcount <= high)
    ]  # fmt: skip
    if forms and (industry == "O" or rng.random() < 0.35):
        return rng.choice(forms).format(
            brand=brand, city=city, district=district.name, district_short=district.name[:-1]
        )
    word = rng.choice(INDUSTRY_WORDS[industry])
    if headcount >= 100:
        form = "股份有限公司"
    elif headcount >= 30:
        form = rng.choice(("股份有限公司", "股份有限公司", "有限公司"))
    elif industry in "GIS" and rng.random() < 0.3:
        form = rng.choice(("商行", "企業社", "小吃店" if industry == "I" else "工作室"))
    else:
        form = rng.choice(("有限公司", "有限公司", "股份有限公司", "企業社"))
    return f"{brand}{word}{form}"


def establishment_specs(
    scenario: Scenario, districts: dict[str, District]
) -> list[EstablishmentSpec]:
    """Every establishment of the scenario, drawn without touching the database."""
    rng = scenario.rng("core.establishments")
    months = scenario.month_ends()
    anchor = max(i for i, d in enumerate(months) if d <= scenario.as_of)
    codes = [code for code in DISTRICT_WEIGHTS if code in districts]
    sections = [chr(c) for c in range(ord("A"), ord("T"))]
    new_rule_from = next((i for i, d in enumerate(months) if d >= _NEW_RULE_FROM), len(months))
    used_ubns: set[str] = set()
    used_names: set[str] = set()
    specs = []
    for band in HEADCOUNT_BANDS:
        n = scenario.count(band.count)
        headcounts = _band_headcounts(rng, band, n)
        size = _size_class(band.low)
        industries = _deal(rng, _apportion(n, INDUSTRY_WEIGHTS[size]), sections)
        district_weights = [DISTRICT_WEIGHTS[c][0 if size == "small" else 1] for c in codes]
        in_districts = _deal(rng, _apportion(n, district_weights), codes)
        for headcount, industry, district_code in zip(headcounts, industries, in_districts,
                                                      strict=True):
            district = districts[district_code]
            first = rng.randint(1, anchor) if rng.random() < FOUNDED_DURING_SHARE else 0
            kind = rng.random()
            growth = (rng.uniform(0.004, 0.025) if kind < 0.25 or first > 0
                      else rng.uniform(-0.025, -0.004) if kind < 0.45
                      else rng.uniform(-0.002, 0.002))
            for _attempt in range(20):
                name = _company_name(rng, industry, headcount, scenario.city_label, district)
                if name not in used_names:
                    break
            used_names.add(name)
            surname, given = _person_name(rng, female=rng.random() < 0.3)
            specs.append(EstablishmentSpec(
                # Half of those founded from April 2023 show the checksum rule of that date.
                ubn=new_ubn(rng, used_ubns, issued_after_2023_rule=(
                    first >= new_rule_from and rng.random() < 0.5)),
                name=name,
                industry=industry,
                district=district_code,
                address=_address(rng, scenario.city_label, district, office=headcount >= 30),
                representative=surname + given,
                phone=f"02-{rng.choice('2287')}{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
                headcount=headcount,
                anchor=anchor,
                first=first,
                growth=growth,
                noise=0.012 if headcount >= 100 else 0.03,
                seed=rng.getrandbits(32),
            ))  # fmt: skip
    # Interleave sizes and districts, so that database ids say nothing about either.
    rng.shuffle(specs)
    return specs


# A record every third month (quarter ends, which are also the report's period ends): monthly
# records would triple the rows and the load time for little the lines of service need.
HEADCOUNT_EVERY_MONTHS = 3


def headcount_series(spec: EstablishmentSpec, month_ends: list[dt.date]) -> list[tuple[int, int]]:
    """(month index, headcount) at every quarter end from the founding month on, and at the
    anchor month: exactly ``spec.headcount`` there, drifting by the growth rate and a random
    walk away from it either way."""
    months = len(month_ends)
    rng = random.Random(spec.seed)
    log_anchor = math.log(spec.headcount)
    walk = {spec.anchor: 0.0}
    for i in range(spec.anchor + 1, months):
        walk[i] = walk[i - 1] + rng.gauss(0, spec.noise)
    for i in range(spec.anchor - 1, spec.first - 1, -1):
        walk[i] = walk[i + 1] + rng.gauss(0, spec.noise)
    series = []
    for i in range(spec.first, months):
        if month_ends[i].month % HEADCOUNT_EVERY_MONTHS and i != spec.anchor:
            continue
        if i == spec.anchor:
            value = spec.headcount
        else:
            value = round(math.exp(log_anchor + spec.growth * (i - spec.anchor) + walk[i]))
        series.append((i, max(1, min(value, LARGEST_HEADCOUNT * 2))))
    return series


ESTABLISHMENT_BATCH = 2000


def _scenario_districts(scenario: Scenario) -> dict[str, District]:
    districts = {d.code: d for d in District.objects.filter(city=scenario.city)}
    if not districts:
        raise LookupError(f"no districts for city {scenario.city!r}: run migrate first")
    return districts


def establishments_load(scenario: Scenario, progress: Progress) -> int:
    districts = _scenario_districts(scenario)
    industries = {i.code: i.pk for i in Industry.objects.all()}
    specs = establishment_specs(scenario, districts)
    months = scenario.month_ends()
    reason = scenario.change_reason("core.establishments")
    rows = 0
    progress("事業單位", 0, len(specs))
    for start in range(0, len(specs), ESTABLISHMENT_BATCH):
        chunk = specs[start : start + ESTABLISHMENT_BATCH]
        created = bulk_create_with_history(
            [
                Establishment(
                    ubn=s.ubn, name=s.name, industry_id=industries[s.industry],
                    district_id=districts[s.district].pk, address=s.address,
                    representative=s.representative, phone=s.phone,
                    registered_on=months[s.first].replace(day=1) if s.first else None,
                )
                for s in chunk
            ],
            Establishment, batch_size=500, default_change_reason=reason,
        )  # fmt: skip
        records = [
            HeadcountRecord(establishment_id=est.pk, as_of=months[i], headcount=n,
                            source=HEADCOUNT_SOURCE)
            for est, spec in zip(created, chunk, strict=True)
            for i, n in headcount_series(spec, months)
        ]
        bulk_create_with_history(
            records, HeadcountRecord, batch_size=1000, default_change_reason=reason
        )
        rows += len(created) + len(records)
        progress("事業單位", start + len(chunk), len(specs))
    return rows


# --- persons ----------------------------------------------------------------------------------

PERSONS = 400
# Share of persons who are foreign / mainland spouses holding resident UI numbers.
SPOUSE_SHARE = 0.08
_FOREIGN_SURNAMES = ("阮氏", "陳氏", "黎氏", "范氏")
# Groups granted on the bureau's own recognition (age-based groups are derived from birth dates).
_RECOGNISED_GROUPS = (
    PriorityGroup.SOLE_EARNER, PriorityGroup.DISABLED, PriorityGroup.INDIGENOUS,
    PriorityGroup.LOW_INCOME, PriorityGroup.HOMELESS, PriorityGroup.REHABILITATED,
    PriorityGroup.DOMESTIC_VIOLENCE, PriorityGroup.INVOLUNTARY_UNEMPLOYED,
    PriorityGroup.LONG_TERM_UNEMPLOYED,
)  # fmt: skip


def new_personal_id(rng: random.Random, used: set[str], *, female: bool,
                    resident: bool = False) -> str:
    """A national ID (or a new-format resident UI number) with a valid check digit."""
    letters = "A" * 12 + "".join(LETTER_VALUES)  # mostly registered in Taipei (A)
    while True:
        letter = rng.choice(letters)
        second = (9 if female else 8) if resident else (2 if female else 1)
        middle = [rng.randrange(10) for _ in range(7)]
        value = LETTER_VALUES[letter]
        total = value // 10 + (value % 10) * 9 + second * 8
        total += sum(d * w for d, w in zip(middle, (7, 6, 5, 4, 3, 2, 1), strict=True))
        number = f"{letter}{second}{''.join(map(str, middle))}{(-total) % 10}"
        valid = is_valid_ui_number(number) if resident else is_valid_national_id(number)
        if valid and number not in used:
            used.add(number)
            return number


def _birthday(born: dt.date, years: int) -> dt.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return dt.date(born.year + years, 3, 1)


def _age_memberships(born: dt.date, registered: dt.date, end: dt.date):
    """Middle-aged (45-64) and elderly (65+) memberships reached by ``end``, dated from
    registration or from the birthday that qualifies, whichever is later."""
    at_45, at_65 = _birthday(born, 45), _birthday(born, 65)
    if registered < at_65 and at_45 <= end:
        until = at_65 - dt.timedelta(days=1) if at_65 <= end else None
        yield PriorityGroup.MIDDLE_AGED, max(registered, at_45), until
    if at_65 <= end:
        yield PriorityGroup.ELDERLY, max(registered, at_65), None


def persons_load(scenario: Scenario, progress: Progress) -> int:
    rng = scenario.rng("core.persons")
    districts = list(_scenario_districts(scenario).values())
    start = dt.date(scenario.first_year, 1, 1)
    end = dt.date(scenario.last_year, 12, 31)
    used: set[str] = set()
    persons, memberships = [], []
    n = scenario.count(PERSONS)
    for k in range(n):
        female = rng.random() < 0.55
        spouse = rng.random() < SPOUSE_SHARE
        born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 50 * 365))
        registered = start + dt.timedelta(days=rng.randint(0, (scenario.as_of - start).days))
        if spouse:
            foreign = rng.random() < 0.5
            surname, given = _person_name(rng, female=True)
            name = (rng.choice(_FOREIGN_SURNAMES) if foreign else surname) + given
            id_kind, nationality = Person.IdKind.UI_NUMBER, ("VN" if foreign else "CN")
            number = new_personal_id(rng, used, female=True, resident=True)
            group = (PriorityGroup.NEW_IMMIGRANT_FOREIGN if foreign
                     else PriorityGroup.NEW_IMMIGRANT_MAINLAND)
            groups = [(group, registered, None)]
        else:
            surname, given = _person_name(rng, female=female)
            name = surname + given
            id_kind, nationality = Person.IdKind.NATIONAL_ID, "TW"
            number = new_personal_id(rng, used, female=female)
            groups = []
            if rng.random() < 0.3:
                ended = registered + dt.timedelta(days=rng.randint(90, 540))
                ended = ended if rng.random() < 0.2 and ended <= end else None
                groups.append((rng.choice(_RECOGNISED_GROUPS), registered, ended))
        groups += _age_memberships(born, registered, end)
        persons.append(Person(
            id_kind=id_kind, id_number=number, name=name, birth_date=born,
            nationality=nationality,
            phone=f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
            email=f"person{k + 1:05d}@example.com" if rng.random() < 0.6 else "",
            address=_address(rng, scenario.city_label, rng.choice(districts), office=False),
        ))  # fmt: skip
        memberships.append(groups)
    created = bulk_create_with_history(
        persons, Person, batch_size=500,
        default_change_reason=scenario.change_reason("core.persons"),
    )  # fmt: skip
    rows = [
        PriorityGroupMembership(person_id=person.pk, group=g, established_on=since, ended_on=until,
                                evidence="示範資料")
        for person, groups in zip(created, memberships, strict=True)
        for g, since, until in groups
    ]
    PriorityGroupMembership.objects.bulk_create(rows, batch_size=500)
    progress("個人", n, n)
    return len(created) + len(rows)


PARTS = [
    Part("core.organisation", organisation_load, label="單位、角色與示範帳號"),
    Part("core.establishments", establishments_load, label="事業單位與員工人數"),
    Part("core.persons", persons_load, label="個人與特定對象身分"),
]
