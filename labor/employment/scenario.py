"""The employment line's part of the demo scenario (see labor.core.scenarios for how parts load).

Parts:

- ``employment.roles``: the line's roles (employment.work_employment and the views of its
  records), given to the staff of the units that work the line (就業安全科, 就業服務處,
  勞動力重建運用處), and the employment service office's counsellors and case managers as demo
  accounts (``employment-services.counsellor01`` ..., ``employment-services.casemanager01``
  ...; the kernel's ``<unit>.officer`` works the line too).
- ``employment.registry``: the registers of the half-year and of the half before it, as
  individual records: job seekers (persons with valid national IDs or resident UI numbers,
  most of them registered online with a citizen account), employers' portal accounts and their
  vacancies (online postings verified by staff, a few refused or still pending; counter
  registrations), referrals and their results, placements (through a referral or self-found)
  and hires (referred seekers hired; hires the employer reported), priority-group case
  management (core cases EMC, numbered per year; groups held on the opening day; counselling,
  tests, training referrals, 3-month stability follow-ups) and unemployment recognition
  (applications, recognitions, re-recognitions every 30 days with two job-search records or
  more, training referrals, claims ended by a placement in work).
- ``employment.community``: community employment service (seekers found, job offers,
  placements and their 3-month follow-ups, shop visits that developed jobs, stationed
  promotion services).
- ``employment.programmes``: the youth career centre (tests, counselling, events) and job
  redesign for seniors (applications received by one officer and decided by another).
- ``employment.events``: job fairs and recruitment events (employers, job types, openings,
  applicants) and recruitment exams for city agencies (applicants, interviews, main and
  reserve lists).
- ``employment.job_bank``: the job bank's daily page-view counters.

**The targets.** The counts below are this demo world's own, chosen so that the council
report's 2023H1 figures (seed/figures-2023H1.yaml: ``employment``, ``priority_groups``,
``new_immigrants``, ``job_bank``, ``job_fairs``, ``unemployment``, ``recruitment_exams``) come
out of the records. In the half: 31,663 registrations (30,732 online): 7,177 claimants, 315
homeless persons, 279 + 282 foreign and mainland spouses, the priority-group case seekers and
the others; 25,457 placements: 6,894 claimants helped into work, 2,374 case seekers placed
while their case was open, 262 homeless persons, 193 new immigrants without a case, the
others; vacancies wanting 80,833 persons, of which 74,902 verified; 34,083 persons hired;
3,131 cases opened; 7,177 claims applied for, 7,374 recognised (927 of them applied for in
the last fortnight of December), 23,068 re-recognitions, 6,894 claims ended by work, 775
claimants referred to training. Only this module knows these numbers; the indicators count
records (labor/employment/indicators.py).

**How the counts are exact.** Which records fall in which half is dealt first, from exact
counts (which seekers are placed in which half, which claims are recognised in January,
which cases a training referral goes to); the dates are then drawn to fit (a placement after
the case opened, a re-recognition 30 days or more after the previous one, a referral before
the hire it leads to). The re-recognitions of the half are brought to the exact count by
adding or taking the last re-recognition of claims that end in the half, and the claims
helped into work by choosing, among the claims that end in the half, which ended in work.
The vacancies referrals go to are assigned in one pass in date order, so that a referral
never goes to a vacancy expired, not yet verified or already filled on its day, a hire never
exceeds the persons still wanted, and one seeker is never referred to one vacancy twice.

Rows are written in bulk rather than through the services, for speed; they are the rows the
services would write: one active registration per person, wages never below the minimum wage
in force on the posting day, case numbers per year in order of opening (112-EMC-000001 ...)
with their events, versions bumped by each change, dates in order and none after ``as_of``.
At another scale every count is scaled; the months stay the two half-years before
``as_of``. The registers start with the half before (nobody registered, and no claim was made,
before it), so that half's flows that run over months are a build-up rather than a steady
state: its placements, re-recognitions and claims helped into work are fewer than the half's.

The writing goes through ``bulk_insert`` (one ``executemany`` per batch, values adapted by the
database backend as the ORM would): the ORM's bulk_create spent most of the part's time
building a model instance per row. On this 2-core machine the parts add about 27 s to
``load_scenario`` on SQLite and 44 s on PostgreSQL (820,000 rows for the registers).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate as itertools_accumulate

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from labor.core.formatting import TAIPEI
from labor.core.models import (
    Case,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    District,
    Person,
    PriorityGroup,
    PriorityGroupMembership,
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
from labor.core.settings_values import dated_value
from labor.employment import rules_programmes as prules
from labor.employment import rules_unemployment as urules
from labor.employment.models import (
    CASE_LINE,
    ApplicantResult,
    CaseStatus,
    ClaimEnd,
    ClaimStatus,
    ClaimTrainingReferral,
    CloseReason,
    CommunityContact,
    CommunityJobOffer,
    CommunityPlacement,
    CommunityPromotion,
    CommunitySource,
    CounsellingKind,
    CounsellingSession,
    Education,
    EmploymentCase,
    EmploymentCaseGroup,
    EventApplicant,
    EventEmployer,
    EventJob,
    EventKind,
    ExamApplicant,
    ExamResult,
    ExamSession,
    FollowUpResult,
    Hire,
    Hours,
    JobDevelopmentVisit,
    JobRedesignApplication,
    JobSearchRecord,
    JobSeeker,
    Occupation,
    PageKind,
    PageViewDay,
    Placement,
    PromotionPartner,
    PsychInstrument,
    PsychTest,
    RecruitmentEvent,
    RedesignDecision,
    RedesignMeasure,
    Referral,
    ReferralResult,
    ReRecognition,
    SearchMethod,
    SeekerStatus,
    SeparationReason,
    StabilityFollowUp,
    TrainingOutcome,
    TrainingReferral,
    UnemploymentClaim,
    Vacancy,
    VacancyStatus,
    WageKind,
    YouthEvent,
    YouthEventKind,
    YouthService,
    YouthServiceKind,
)
from labor.employment.services import search_text
from labor.notifications.scenario import (
    Est,
    Workdays,
    establishments,
    half_before,
    half_year,
    staff_of,
)

# --- the targets (this demo world's numbers; see the module docstring) ---------------------------
# Each pair is (the half before, the half); the half's numbers are the seed report's.

REGISTRATIONS = (29_850, 31_663)  # job-seeker registrations
ONLINE_REGISTRATIONS = (28_910, 30_732)  # of which online (the job bank's new resumes)
PLACEMENTS = (17_600, 25_457)
HIRES = (27_300, 34_083)  # persons hired into vacancies
VACANCY_PERSONS = (70_400, 74_902)  # persons wanted by the vacancies verified
UNVERIFIED_PERSONS = (5_480, 5_931)  # by the online postings pending or refused
EMPLOYER_ACCOUNTS = (2_540, 2_733)  # establishments whose first employer account is new

# Cohorts of seekers, each with its own exact counts: registrations, cases opened (of which
# on registrations of the half before: "carry"), referrals and placements in each half.
# "case" are priority-group case seekers; "case_f" / "case_m" foreign and mainland spouses
# with a case, "imm_f" / "imm_m" without one; "homeless" the homeless (no case: the homeless
# programme has its own counsellors).
COHORTS = {
    #            registrations      cases           carry  referrals         placed
    "case": ((3_277, 2_544), (2_828, 2_993), 449, (5_635, 5_971), (2_160, 2_296)),
    "case_f": ((72, 60), (62, 70), 10, (80, 90), (36, 40)),
    "case_m": ((70, 58), (60, 68), 10, (85, 95), (34, 38)),
    "imm_f": ((183, 219), None, 0, (240, 253), (84, 92)),
    "imm_m": ((192, 224), None, 0, (295, 313), (94, 101)),
    "homeless": ((290, 315), None, 0, (410, 445), (240, 262)),
}
# Case work in each half (all case cohorts together).
PSYCH_TESTS = (420, 451)
GENERAL_COUNSELLING = (6_050, 6_412)
IN_DEPTH_COUNSELLING = (310, 337)
CASE_TRAINING_REFERRALS = (520, 551)

# Unemployment recognition.
CLAIMS = (6_900, 7_177)  # applications
CLAIMS_RECOGNISED = 7_374  # in the half
CLAIMS_WAITING = 550  # applied for in the half's last fortnight, not yet recognised
CLAIMS_EARLY_WORK = (160, 180)  # placed within the 14 days: ended without recognition
RE_RECOGNITIONS = 23_068  # in the half
HELPED_INTO_WORK = 6_894  # claims ended by work in the half
CLAIM_TRAINING = 775  # claimants referred to training in the half

REREGISTRATIONS = 1_500  # registrations of the half by persons registered in the half before

# --- shares and shapes ----------------------------------------------------------------------------

REFERRAL_SHARE = {"case": 0.85, "case_f": 0.85, "case_m": 0.85, "imm_f": 0.8, "imm_m": 0.8,
                  "homeless": 0.9, "claim": 1.0, "general": 0.55}
ONLINE_SHARE = {"case": 0.88, "case_f": 0.7, "case_m": 0.7, "imm_f": 0.7, "imm_m": 0.7,
                "homeless": 0.0, "claim": 1.0}
GENERAL_REFERRALS_PER_LIFE = 0.9  # referrals besides the one that led to the hire
VACANCY_VALIDITY = ((30, 3), (45, 2), (60, 4), (90, 2))  # days, weight
REFUSED_AT_VERIFICATION = "不符就業服務法第5條（年齡、性別限制）或資料不全，經審核不予刊登"

# --- words ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A kind of job: its occupation (職業標準分類 minor group), the titles employers write,
    the monthly wage range, the share of part-time openings (paid by the hour), the education
    and licences usually asked, the industry sections that hire it and a line of duties."""

    code: str
    titles: tuple[str, ...]
    wage: tuple[int, int]
    part_time: float
    education: str
    licences: tuple[str, ...]
    industries: str
    duties: str
    weight: float = 1.0


E = Education
JOBS = (
    Job("411", ("行政助理", "總務專員", "行政專員", "門市行政人員"), (28_000, 36_000), 0.1,
        E.SENIOR_HIGH, (), "CFGHJKLMNPQ", "文書處理、公文收發、庶務採購及電話接聽", 3.0),
    Job("412", ("董事長秘書", "行政秘書", "業務秘書"), (32_000, 45_000), 0.0, E.BACHELOR, (),
        "CJKLM", "行程安排、會議紀錄、文件翻譯及主管交辦事項", 0.6),
    Job("431", ("會計助理", "帳務人員", "出納會計"), (30_000, 38_000), 0.05, E.ASSOCIATE,
        ("會計事務技術士丙級",), "CFGJKLMN", "傳票整理、帳務登錄、應收應付帳款及報稅資料準備", 1.6),
    Job("241", ("會計專員", "財務分析師", "審計員"), (38_000, 60_000), 0.0, E.BACHELOR, (),
        "KMJ", "財務報表編製、預算控管及內部稽核", 0.8),
    Job("251", ("軟體工程師", "前端工程師", "後端工程師", "Java工程師", "App開發工程師"),
        (45_000, 85_000), 0.0, E.BACHELOR, (), "JMK", "系統開發、程式撰寫、測試及維護", 1.6),
    Job("252", ("網路管理工程師", "資料庫管理師", "系統管理員"), (42_000, 70_000), 0.0,
        E.BACHELOR, (), "JKM", "網路設備及伺服器維運、資料庫管理及資訊安全", 0.6),
    Job("351", ("資訊技術支援人員", "電腦維修技術員", "資訊客服工程師"), (32_000, 42_000), 0.05,
        E.ASSOCIATE, (), "JGMN", "電腦軟硬體安裝、故障排除及使用者支援", 0.8),
    Job("422", ("客服專員", "電話客服人員", "櫃台接待人員", "診所櫃台人員"), (28_000, 34_000),
        0.2, E.SENIOR_HIGH, (), "GHIJKNQ", "客戶諮詢回覆、訂單處理及客訴追蹤", 2.0),
    Job("421", ("銀行櫃員", "收銀出納人員"), (30_000, 38_000), 0.1, E.ASSOCIATE, (), "KG",
        "存提款作業、現金收付及帳務核對", 0.5),
    Job("522", ("門市銷售人員", "百貨專櫃人員", "門市儲備幹部", "藥妝店店員", "3C門市人員"),
        (27_500, 36_000), 0.35, E.SENIOR_HIGH, (), "GRS", "商品銷售、陳列補貨、收銀及顧客服務",
        3.0),
    Job("523", ("收銀員", "超商店員", "售票員"), (26_400, 29_000), 0.55, E.NONE, (), "GRH",
        "收銀結帳、商品上架及環境整理", 1.8),
    Job("243", ("行銷企劃", "社群行銷專員", "公關專員"), (35_000, 50_000), 0.0, E.BACHELOR, (),
        "GJMR", "行銷活動企劃執行、社群經營及媒體聯繫", 0.8),
    Job("332", ("業務專員", "房仲業務", "保險業務員", "採購專員"), (30_000, 45_000), 0.0,
        E.SENIOR_HIGH, (), "GKLCF", "客戶開發、產品介紹、報價及售後服務", 2.0),
    Job("512", ("廚師", "中餐廚師", "日式料理師傅", "西點烘焙師"), (32_000, 48_000), 0.1,
        E.NONE, ("中餐烹調丙級",), "I", "食材處理、菜餚烹調及廚房清潔衛生", 1.5),
    Job("513", ("餐廳服務人員", "咖啡師", "外場服務生", "飲料調製員"), (27_000, 32_000), 0.5,
        E.NONE, (), "I", "帶位點餐、送餐、桌面整理及收銀", 2.8),
    Job("941", ("廚房助手", "洗碗人員", "備料人員"), (26_400, 29_000), 0.5, E.NONE, (), "IC",
        "食材清洗切配、餐具清洗及廚房環境整理", 1.2),
    Job("514", ("美髮設計師", "美甲師", "美容師", "美髮助理"), (27_000, 40_000), 0.2, E.NONE,
        ("女子美髮丙級",), "S", "剪髮染燙、美容美甲服務及顧客經營", 0.6),
    Job("515", ("大樓管理員", "社區總幹事", "物業管理員"), (28_000, 38_000), 0.05, E.SENIOR_HIGH,
        (), "NL", "門禁管理、訪客登記、包裹收發及社區事務", 1.4),
    Job("541", ("保全人員", "駐衛保全", "大樓保全", "巡邏保全"), (30_000, 38_000), 0.0, E.NONE,
        (), "N", "門禁管制、巡邏及安全維護，需配合輪班", 1.6),
    Job("911", ("清潔人員", "辦公室清潔員", "房務員", "醫院清潔員"), (26_400, 30_000), 0.4,
        E.NONE, (), "NIQL", "環境清潔、垃圾分類及房務整理", 2.2),
    Job("532", ("照顧服務員", "居家照顧服務員", "日照中心照服員"), (30_000, 38_000), 0.1, E.NONE,
        ("照顧服務員單一級",), "Q", "協助長者生活照顧、餵食、沐浴及陪同就醫", 1.4),
    Job("222", ("護理師", "專科護理師", "居家護理師"), (42_000, 58_000), 0.05, E.BACHELOR,
        ("護理師證書",), "Q", "病患護理、給藥、衛教及護理紀錄", 1.0),
    Job("325", ("藥局助理", "醫檢師助理", "牙醫助理"), (28_000, 34_000), 0.2, E.SENIOR_HIGH, (),
        "QG", "協助醫事人員、器械消毒及病患引導", 0.6),
    Job("531", ("幼兒園教保員", "課後照顧班老師", "托嬰中心保母"), (30_000, 36_000), 0.15,
        E.ASSOCIATE, ("保母人員技術士",), "PQ", "幼兒照顧、課程活動帶領及家長聯繫", 0.8),
    Job("235", ("補習班老師", "英文老師", "安親班老師"), (30_000, 42_000), 0.4, E.BACHELOR, (),
        "P", "課程教學、作業指導及學生輔導", 0.7),
    Job("832", ("送貨司機", "物流司機", "公務車駕駛"), (33_000, 45_000), 0.0, E.NONE,
        ("職業小型車駕照",), "HGC", "貨物配送、車輛保養及送貨簽收", 1.0),
    Job("833", ("大貨車司機", "公車駕駛", "遊覽車駕駛"), (42_000, 58_000), 0.0, E.NONE,
        ("職業大貨車駕照", "職業大客車駕照"), "H", "車輛駕駛及行車安全檢查，需配合排班", 0.6),
    Job("933", ("倉儲理貨員", "物流撿貨員", "搬運人員"), (27_000, 33_000), 0.3, E.NONE, (), "HGC",
        "進出貨點收、撿貨包裝及倉庫整理", 1.4),
    Job("834", ("堆高機操作員",), (30_000, 38_000), 0.0, E.NONE, ("堆高機操作人員",), "HC",
        "堆高機操作、貨物搬運及倉儲管理", 0.4),
    Job("741", ("水電工", "室內配線技術員", "電機維修技術員"), (35_000, 50_000), 0.0,
        E.SENIOR_HIGH, ("室內配線丙級",), "FNL", "水電管線配置、維修及設備保養", 0.8),
    Job("712", ("泥作師傅", "裝潢木工", "油漆工"), (35_000, 52_000), 0.0, E.NONE, (), "F",
        "室內裝修、泥作及油漆施工", 0.6),
    Job("931", ("工地助手", "營造粗工"), (30_000, 36_000), 0.1, E.NONE,
        ("營造業一般安全衛生教育訓練",), "F", "工地物料搬運、清理及協助施工", 0.6),
    Job("723", ("汽車修護技師", "機車維修技師"), (30_000, 42_000), 0.0, E.SENIOR_HIGH,
        ("汽車修護丙級",), "GS", "車輛保養、故障檢修及零件更換", 0.5),
    Job("214", ("土木工程師", "機械工程師", "工地主任"), (42_000, 65_000), 0.0, E.BACHELOR, (),
        "FMC", "工程規劃設計、施工管理及品質控管", 0.6),
    Job("216", ("室內設計師", "建築設計助理"), (35_000, 50_000), 0.0, E.BACHELOR, (), "MF",
        "空間規劃設計、圖面繪製及工程協調", 0.4),
    Job("311", ("工程助理", "品管技術員", "實驗室技術員"), (30_000, 38_000), 0.0, E.ASSOCIATE, (),
        "CMF", "製程記錄、品質檢驗及測試報告", 0.6),
    Job("511", ("旅遊領隊", "導遊", "票務人員"), (30_000, 40_000), 0.1, E.ASSOCIATE,
        ("外語領隊人員",), "NH", "行程規劃、團體帶領及票務訂位", 0.4),
    Job("821", ("電子組裝作業員", "包裝作業員"), (26_400, 30_000), 0.2, E.NONE, (), "C",
        "產品組裝、包裝及品質目檢", 0.7),
    Job("751", ("食品加工作業員", "麵包學徒"), (26_400, 31_000), 0.2, E.NONE, (), "CI",
        "食品製作、包裝及生產線作業", 0.5),
    Job("962", ("外送員", "派報員", "送貨員"), (28_000, 36_000), 0.4, E.NONE, ("普通重型機車駕照",),
        "HIG", "商品及餐點外送", 0.8),
)
_JOB_BY_CODE = {job.code: i for i, job in enumerate(JOBS)}
LANGUAGES = (("台語", 0.35), ("英文", 0.3), ("日文", 0.06), ("客家語", 0.04), ("韓文", 0.02))
SPOUSE_LANGUAGES = {"VN": "越南語", "ID": "印尼語", "TH": "泰語", "PH": "菲律賓語",
                    "KH": "柬埔寨語", "MM": "緬甸語"}
FOREIGN_NATIONALITIES = (("VN", 60), ("ID", 15), ("TH", 8), ("PH", 8), ("KH", 5), ("MM", 4))
MAINLAND_NATIONALITIES = (("CN", 92), ("HK", 6), ("MO", 2))
_FOREIGN_SURNAMES = ("阮氏", "陳氏", "黎氏", "范氏", "黃氏", "武氏")
SKILLS = ("Word、Excel文書處理", "中文打字每分鐘50字", "普通小型車駕照", "機車駕照",
          "收銀機操作", "基礎英文會話", "PowerPoint簡報製作", "Photoshop影像處理", "社群媒體經營",
          "倉儲管理系統操作", "顧客服務", "餐飲衛生")
DISTRICT_PREFERENCE = {  # where seekers would like to work and jobs are
    "songshan": 10, "xinyi": 12, "daan": 13, "zhongshan": 15, "zhongzheng": 11, "datong": 6,
    "wanhua": 6, "wenshan": 5, "nangang": 6, "neihu": 12, "shilin": 6, "beitou": 5,
}
# Case groups of the non-immigrant case seekers: (group, weight, age range).
CASE_GROUPS = (
    (PriorityGroup.MIDDLE_AGED, 34, (45, 63)),
    (PriorityGroup.SOLE_EARNER, 15, (25, 55)),
    (PriorityGroup.DISABLED, 12, (20, 60)),
    (PriorityGroup.LOW_INCOME, 10, (20, 60)),
    (PriorityGroup.LONG_TERM_UNEMPLOYED, 10, (30, 60)),
    (PriorityGroup.INDIGENOUS, 5, (20, 60)),
    (PriorityGroup.DOMESTIC_VIOLENCE, 4, (22, 55)),
    (PriorityGroup.REHABILITATED, 4, (22, 55)),
    (PriorityGroup.YOUTH, 6, (16, 24)),
)
TRAINING_COURSES = (
    ("照顧服務員訓練班", "臺北市職能發展學院"), ("電腦軟體應用班", "臺北市職能發展學院"),
    ("中餐烹調技能班", "臺北市職能發展學院"), ("會計實務班", "臺北市職能發展學院"),
    ("室內配線技能班", "勞動部勞動力發展署北基宜花金馬分署"),
    ("堆高機操作人員訓練班", "勞動部勞動力發展署北基宜花金馬分署"),
    ("美容美髮技能班", "臺北市職能發展學院"), ("網頁設計班", "臺北市職能發展學院"),
    ("物業管理人員班", "勞動部勞動力發展署北基宜花金馬分署"),
    ("烘焙食品製作班", "臺北市職能發展學院"),
)

# --- shared helpers -------------------------------------------------------------------------------


def _weighted(rng: random.Random, table) -> object:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _noon(day: dt.date, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=TAIPEI) + dt.timedelta(minutes=minutes)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TAIPEI)


def _choose(rng: random.Random, items: list, n: int, weight=None) -> list:
    """``n`` of ``items`` without replacement (weighted: Efraimidis-Spirakis keys)."""
    if n <= 0:
        return []
    if n >= len(items):
        return list(items)
    if weight is None:
        return rng.sample(items, n)
    keyed = []
    for item in items:
        w = weight(item)
        keyed.append((rng.random() ** (1 / w) if w > 0 else 0.0, id(item), item))
    keyed.sort(key=lambda k: (k[0], k[1]), reverse=True)
    return [k[2] for k in keyed[:n]]


def _deal(rng: random.Random, counts: list[int], labels) -> list:
    dealt = [label for label, c in zip(labels, counts, strict=True) for _ in range(c)]
    rng.shuffle(dealt)
    return dealt


def bulk_insert(model, rows: list[dict], *, pks: bool = False) -> list[int]:
    """Write ``rows`` (dicts of field attnames to values) with one ``executemany`` per batch;
    with ``pks``, return the new primary keys in the rows' order.

    The ORM's bulk_create builds a model instance per row and prepares every value through its
    field: at the registry's several hundred thousand rows that was most of the load time.
    Here a column is adapted only where the database wants it (dates, timestamps, JSON,
    decimals) by the backend's own operations, as the ORM would; a field left out takes its
    default, the current time for ``auto_now`` fields and NULL where nullable, as a model
    instance would. The keys are those above the table's largest before the insert, in order:
    a scenario part is the only writer while it loads (one transaction).
    """
    if not rows:
        return []
    meta = model._meta
    ops, quote = connection.ops, connection.ops.quote_name
    now = timezone.now()
    auto = meta.pk if meta.pk.get_internal_type() in (
        "AutoField", "BigAutoField", "SmallAutoField") else None
    given = set(rows[0])
    columns = []  # (attname, constant or _GIVEN, adapter)
    for f in meta.concrete_fields:
        if f is auto:
            continue
        kind = f.get_internal_type()
        if kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "JSONField":
            adapt = functools.partial(f.get_db_prep_save, connection=connection)
        elif kind == "DecimalField":
            adapt = functools.partial(ops.adapt_decimalfield_value, max_digits=f.max_digits,
                                      decimal_places=f.decimal_places)
        else:
            adapt = None
        if f.attname in given:
            value = _GIVEN
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            raise ValueError(f"{meta.label}.{f.attname}: no value given")
        columns.append((f, value, adapt))
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table), ", ".join(quote(f.column) for f, _v, _a in columns),
        ", ".join(["%s"] * len(columns)))
    prepared = []
    for row in rows:
        values = []
        for f, value, adapt in columns:
            if value is _GIVEN:
                value = row[f.attname]
            values.append(value if adapt is None or value is None else adapt(value))
        prepared.append(values)
    pk_column = quote(meta.pk.column)
    with connection.cursor() as cursor:
        if pks:
            cursor.execute(f"SELECT MAX({pk_column}) FROM {quote(meta.db_table)}")
            before = cursor.fetchone()[0] or 0
        for start in range(0, len(prepared), 5000):
            cursor.executemany(sql, prepared[start:start + 5000])
        if not pks:
            return []
        cursor.execute(f"SELECT {pk_column} FROM {quote(meta.db_table)} WHERE {pk_column} > %s "
                       f"ORDER BY {pk_column}", [before])
        found = [r[0] for r in cursor.fetchall()]
    if len(found) != len(rows):
        raise RuntimeError(f"{meta.label}: {len(found)} keys for {len(rows)} rows")
    return found


_GIVEN = object()


def write_persons(scenario: Scenario, rng: random.Random, persons: list[PersonPlan], part: str,
                  password: str = "", usernames: set | None = None) -> int:
    """Persons with valid IDs (national IDs, resident UI numbers for spouses) and their
    history rows; a citizen account (``seeker00001@example.com`` ...) for each one marked
    ``online``. Sets each plan's ``pk`` (and ``user``: the account's pk)."""
    user_model = get_user_model()
    now = timezone.now()
    used = set(Person.objects.values_list("id_number", flat=True))
    serial = 0
    rows, users = [], []
    for p in persons:
        resident = p.kind != "tw"
        email = ""
        if p.online:
            serial += 1
            while f"seeker{serial:05d}@example.com" in (usernames or ()):
                serial += 1
            email = f"seeker{serial:05d}@example.com"
            users.append({"username": email, "email": email, "first_name": p.name[:150],
                          "last_name": "", "password": password, "date_joined": now})
        rows.append({
            "id_kind": Person.IdKind.UI_NUMBER if resident else Person.IdKind.NATIONAL_ID,
            "id_number": new_personal_id(rng, used, female=p.female, resident=resident),
            "name": p.name, "birth_date": p.born, "nationality": p.nationality,
            "phone": f"09{rng.randint(10, 99)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}",
            "email": email,
            "address": _address(rng, scenario.city_label, p.district, office=False),
        })  # fmt: skip
    person_pks = bulk_insert(Person, rows, pks=True)
    reason = scenario.change_reason(part)
    bulk_insert(Person.history.model, [
        {**row, "id": pk, "created_at": now, "updated_at": now, "history_date": now,
         "history_change_reason": reason, "history_type": "+"}
        for row, pk in zip(rows, person_pks, strict=True)])
    user_pks = iter(bulk_insert(user_model, users, pks=True))
    for p, pk in zip(persons, person_pks, strict=True):
        p.pk = pk
        if p.online:
            p.user = next(user_pks)
    return len(rows) * 2 + len(users)


def split(rng: random.Random, total: int, parts: int, minimum: int = 1,
          spread: float = 1.5) -> list[int]:
    """``parts`` whole numbers of at least ``minimum`` adding up to ``total``: a few large,
    most small (Pareto weights, largest remainder)."""
    if parts <= 0:
        return []
    base = min(minimum, total // parts)
    weights = [rng.paretovariate(spread) for _ in range(parts)]
    return [base + k for k in _apportion(total - base * parts, weights)]


class Calendar:
    """The scenario's days: the two halves, their working days, and draws within them."""

    def __init__(self, scenario: Scenario):
        self.as_of = scenario.as_of
        self.halves = (half_before(scenario), half_year(scenario))
        self.first = self.halves[0][0]
        self.wd = Workdays(self.first - dt.timedelta(days=400), self.as_of + dt.timedelta(days=60))
        self.days = self.wd.days

    def half_of(self, day: dt.date) -> int | None:
        for h, (lo, hi) in enumerate(self.halves):
            if lo <= day <= hi:
                return h
        return None

    def workday(self, rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date | None:
        return self.wd.pick(rng, lo, hi)

    def anyday(self, rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))

    def day(self, rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date | None:
        """A working day in [lo, hi], or any day there when it has none; None if lo > hi."""
        if lo > hi:
            return None
        return self.wd.pick(rng, lo, hi) or self.anyday(rng, lo, hi)

    def on_or_after(self, day: dt.date) -> dt.date:
        i = bisect.bisect_left(self.days, day)
        return self.days[i] if i < len(self.days) else day

    def skewed(self, rng: random.Random, lo: dt.date, hi: dt.date, mean: float,
               working: bool = True) -> dt.date | None:
        """A day in [lo, hi], nearer ``lo`` (an exponential gap of ``mean`` days, folded into
        the range)."""
        if lo > hi:
            return None
        span = (hi - lo).days
        gap = min(span, int(rng.expovariate(1 / mean)) % (span + 1))
        day = lo + dt.timedelta(days=gap)
        if working:
            found = self.on_or_after(day)
            if found <= hi:
                return found
            return self.day(rng, lo, hi)
        return day


# --- part: roles and staff -----------------------------------------------------------------------

_VIEWS = ("jobseeker", "vacancy", "referral", "placement", "hire", "employmentcase",
          "counsellingsession", "psychtest", "trainingreferral", "stabilityfollowup",
          "communitycontact", "communityplacement", "youthservice", "youthevent",
          "jobredesignapplication", "recruitmentevent", "unemploymentclaim", "rerecognition",
          "examsession", "examapplicant", "pageviewday")
EMPLOYMENT_ROLES = {
    "employment-officer": ("就業服務承辦人", ("employment.work_employment",
                                          *(f"employment.view_{m}" for m in _VIEWS))),
    "employment-supervisor": ("就業服務主管", ("employment.work_employment",
                                           *(f"employment.view_{m}" for m in _VIEWS))),
}
EMPLOYMENT_LINES = {"employment"}
# The employment service office's staff besides its demo officer: (prefix, how many, title).
EMPLOYMENT_STAFF = (("counsellor", 24, "就業服務員"), ("casemanager", 12, "個案管理員"))
EMPLOYMENT_UNIT = "employment-services"


def _staff_ensure(scenario: Scenario) -> int:
    rng = scenario.rng("employment.roles")
    unit = Unit.objects.filter(code=EMPLOYMENT_UNIT).first()
    if unit is None:
        return 0
    user_model = get_user_model()
    officer_role = Role.objects.filter(code="officer").first()
    wanted = [(f"{EMPLOYMENT_UNIT}.{prefix}{k:02d}", title)
              for prefix, n, title in EMPLOYMENT_STAFF for k in range(1, n + 1)]
    existing = set(user_model.objects.filter(username__in=[w[0] for w in wanted])
                   .values_list("username", flat=True))
    encoded = make_password(DEMO_PASSWORD)
    users, profiles = [], []
    for username, title in wanted:
        surname, given = _person_name(rng, female=rng.random() < 0.65)
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

    rows = _staff_ensure(scenario)
    roles = _roles_ensure(EMPLOYMENT_ROLES)
    rows += len(roles)
    for profile in StaffProfile.objects.select_related("unit").prefetch_related("roles"):
        if not EMPLOYMENT_LINES & set(profile.unit.lines or []):
            continue
        codes = {r.code for r in profile.roles.all()}
        wanted = "employment-supervisor" if "supervisor" in codes else "employment-officer"
        profile.roles.add(roles[wanted])
        rows += 1
    progress("就業服務角色與人員", rows, rows)
    return rows


# --- part: the registers --------------------------------------------------------------------------


@dataclass(eq=False)
class PersonPlan:
    name: str
    female: bool
    born: dt.date
    kind: str  # "tw", "foreign" (外籍配偶), "mainland" (大陸及港澳配偶)
    nationality: str
    district: District
    groups: list = field(default_factory=list)  # (group, established_on, ended_on)
    online: bool = False  # has a citizen account
    user: object = None
    pk: int | None = None


@dataclass(eq=False)
class CasePlan:
    opened_on: dt.date
    groups: tuple[str, ...]
    caseworker: object
    closed_on: dt.date | None = None
    close_reason: str = ""
    sessions: list = field(default_factory=list)  # (kind, day)
    tests: list = field(default_factory=list)  # (instrument, day)
    trainings: list = field(default_factory=list)  # (day, course, provider, outcome)
    follow_up: tuple | None = None  # (due_on, done_on, result)
    pk: int | None = None

    def end(self, as_of: dt.date) -> dt.date:
        return self.closed_on or as_of


@dataclass(eq=False)
class ClaimPlan:
    applied_on: dt.date
    separated_on: dt.date
    reason: str
    last_employer: int | None
    kind: str  # "early" (placed within 14 days), "recognised", "waiting"
    n_max: int = 5
    recognised_on: dt.date | None = None
    rounds: list = field(default_factory=list)  # re-recognition days
    ended_on: dt.date | None = None
    end_reason: str = ""
    training_on: dt.date | None = None
    searches: list = field(default_factory=list)  # per round: [(day, est, method, result)]
    person: PersonPlan | None = None
    registered_on: dt.date | None = None

    def last(self) -> dt.date | None:
        return self.rounds[-1] if self.rounds else self.recognised_on


@dataclass(eq=False)
class Life:
    """One registration (求職登記) and what came of it."""

    cohort: str
    person: PersonPlan
    registered_on: dt.date
    online: bool
    jobs: tuple[int, ...]
    case: CasePlan | None = None
    claim: ClaimPlan | None = None
    placed_on: dt.date | None = None
    starts_on: dt.date | None = None
    self_found: bool = False
    closed_on: dt.date | None = None
    hire_ref: dt.date | None = None  # the referral that led to the hire
    refs: list = field(default_factory=list)  # the other referrals' days
    hire_vacancy: VacPlan | None = None
    ref_vacancies: list = field(default_factory=list)
    wish: dict = field(default_factory=dict)
    pk: int | None = None

    @property
    def start(self) -> dt.date:
        """The first day a referral counts for this life (a case seeker's: the case's)."""
        return self.case.opened_on if self.case else self.registered_on

    def end(self, as_of: dt.date) -> dt.date:
        if self.placed_on:
            return self.placed_on
        if self.closed_on:
            return self.closed_on
        if self.case and self.case.closed_on:
            return self.case.closed_on
        return as_of


@dataclass(eq=False)
class VacPlan:
    est: Est
    job: int
    persons: int
    posted_on: dt.date
    valid_until: dt.date
    online: bool
    verified_on: dt.date | None  # None: pending or refused
    refused: bool = False
    poster: object = None
    hired: int = 0
    employer_hires: int = 0
    filled: bool = False
    fields: dict = field(default_factory=dict)
    pk: int | None = None


class Registry:
    """The plan of the registers: every seeker's life, every vacancy, every hire."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.rng = scenario.rng("employment.registry")
        self.cal = Calendar(scenario)
        self.as_of = scenario.as_of
        self.districts = {d.code: d for d in District.objects.filter(city=scenario.city)}
        if not self.districts:
            raise LookupError(f"no districts for city {scenario.city!r}: run migrate first")
        self.district_codes = [c for c in DISTRICT_PREFERENCE if c in self.districts] or list(
            self.districts)
        self.ests = [e for e in establishments(scenario)]
        self.unit = Unit.objects.filter(code=EMPLOYMENT_UNIT).first()
        officers, supervisors = staff_of(EMPLOYMENT_UNIT)
        self.counsellors = [u for u in officers if ".casemanager" not in u.username] or officers
        self.caseworkers = [u for u in officers if ".casemanager" in u.username] or officers
        self.supervisors = supervisors or officers
        self.lives: list[Life] = []
        self.vacancies: list[VacPlan] = []
        self.employer_hires: list[tuple[dt.date, int, VacPlan]] = []
        self.accounts: dict[int, dt.datetime] = {}  # establishment pk → account created
        self.job_weights = [j.weight for j in JOBS]

    def count(self, n: int) -> int:
        return self.scenario.count(n)

    def pair(self, pair) -> tuple[int, int]:
        return self.count(pair[0]), self.count(pair[1])

    # persons -----------------------------------------------------------------------------

    def person(self, *, kind: str = "tw", female: bool | None = None, age=(18, 64),
               on: dt.date) -> PersonPlan:
        rng = self.rng
        if female is None:
            female = rng.random() < (0.95 if kind != "tw" else 0.52)
        age_years = rng.randint(*age)
        born = dt.date(on.year - age_years - 1, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        if urules.add_months(born, 12 * age[0]) > on:
            born = urules.add_months(on, -12 * age[0]) - dt.timedelta(days=rng.randint(1, 200))
        surname, given = _person_name(rng, female=female)
        if kind == "foreign":
            nationality = _weighted(rng, FOREIGN_NATIONALITIES)
            name = (rng.choice(_FOREIGN_SURNAMES) if nationality == "VN" else surname) + given
        elif kind == "mainland":
            nationality = _weighted(rng, MAINLAND_NATIONALITIES)
            name = surname + given
        else:
            nationality, name = "TW", surname + given
        district = self.districts[_weighted(rng, [(c, DISTRICT_PREFERENCE.get(c, 5))
                                                  for c in self.district_codes])]
        return PersonPlan(name=name, female=female, born=born, kind=kind,
                          nationality=nationality, district=district)

    def wish(self, life: Life) -> None:
        """What the seeker is looking for and brings (the registration's fields)."""
        rng = self.rng
        job = JOBS[life.jobs[0]]
        age = prules.age_on(life.person.born, life.registered_on)
        education = job.education
        if education == E.NONE:
            education = _weighted(rng, ((E.JUNIOR_HIGH, 2 if age > 45 else 1),
                                        (E.SENIOR_HIGH, 5), (E.ASSOCIATE, 1), (E.BACHELOR, 1)))
        elif rng.random() < 0.25:
            education = E.MASTER if education == E.BACHELOR else E.BACHELOR
        if age < 22 and education > E.SENIOR_HIGH:
            education = E.SENIOR_HIGH
        low, high = job.wage
        expected = None if rng.random() < 0.25 else round(
            rng.uniform(low, (low + high) / 2) / 1000) * 1000
        if expected is not None:
            expected = max(expected, 26_000)
        hours = Hours.EITHER
        if job.part_time >= 0.3 and rng.random() < 0.35:
            hours = Hours.PART_TIME
        elif rng.random() < 0.55:
            hours = Hours.FULL_TIME
        languages = ["中文"] + [lang for lang, p in LANGUAGES if rng.random() < p]
        if life.person.kind == "foreign":
            languages.append(SPOUSE_LANGUAGES.get(life.person.nationality, "越南語"))
        licences = [lic for lic in job.licences if rng.random() < 0.5]
        if rng.random() < 0.3:
            licences.append("普通小型車駕照")
        districts = []
        if rng.random() < 0.75:
            home = life.person.district.code
            districts.append(home)
            if rng.random() < 0.45:
                other = _weighted(rng, [(c, DISTRICT_PREFERENCE.get(c, 5))
                                        for c in self.district_codes if c != home])
                districts.append(other)
        life.wish = {
            "desired_title": rng.choice(job.titles),
            "expected_wage": expected,
            "hours": hours,
            "shifts_ok": rng.random() < 0.35,
            "education": education,
            "experience_years": max(0, min(age - 18, int(rng.expovariate(1 / 5)))),
            "licences": licences,
            "skills": "、".join(rng.sample(SKILLS, rng.randint(1, 2))),
            "languages": languages,
            "districts": districts,
        }

    def jobs_for(self, cohort: str, age: int) -> tuple[int, ...]:
        rng = self.rng
        if cohort == "homeless":
            pool = ("911", "541", "933", "941", "515", "962")
            first = _JOB_BY_CODE[rng.choice(pool)]
        elif cohort in ("imm_f", "imm_m", "case_f", "case_m"):
            pool = ("513", "941", "911", "532", "522", "821", "523", "751", "512")
            first = _JOB_BY_CODE[rng.choice(pool)]
        elif age >= 50 and rng.random() < 0.6:
            first = _JOB_BY_CODE[rng.choice(("911", "515", "541", "532", "933", "832", "411"))]
        elif age < 25 and rng.random() < 0.6:
            first = _JOB_BY_CODE[rng.choice(("513", "522", "523", "422", "962", "941"))]
        else:
            first = rng.choices(range(len(JOBS)), weights=self.job_weights, k=1)[0]
        if rng.random() < 0.4:
            second = rng.choices(range(len(JOBS)), weights=self.job_weights, k=1)[0]
            if second != first:
                return (first, second)
        return (first,)

    def new_life(self, cohort: str, person: PersonPlan, registered_on: dt.date,
                 online: bool) -> Life:
        age = prules.age_on(person.born, registered_on)
        life = Life(cohort=cohort, person=person, registered_on=registered_on, online=online,
                    jobs=self.jobs_for(cohort, age))
        person.online = person.online or online
        self.wish(life)
        self.lives.append(life)
        return life

    def registration_day(self, lo: dt.date, hi: dt.date, online: bool) -> dt.date:
        rng = self.rng
        if online and rng.random() < 0.18:
            return self.cal.anyday(rng, lo, hi)
        return self.cal.day(rng, lo, hi)

    # cohorts with exact counts -----------------------------------------------------------

    def case_person(self, cohort: str, on: dt.date) -> tuple[PersonPlan, tuple[str, ...]]:
        rng = self.rng
        if cohort in ("case_f", "case_m"):
            kind = "foreign" if cohort == "case_f" else "mainland"
            person = self.person(kind=kind, age=(24, 55), on=on)
            group = (PriorityGroup.NEW_IMMIGRANT_FOREIGN if kind == "foreign"
                     else PriorityGroup.NEW_IMMIGRANT_MAINLAND)
            person.groups.append((group, self.settled_on(on), None))
            groups = [group]
            if rng.random() < 0.25:
                groups.append(PriorityGroup.SOLE_EARNER)
                person.groups.append((PriorityGroup.SOLE_EARNER,
                                      on - dt.timedelta(days=rng.randint(30, 700)), None))
            return person, tuple(groups)
        group, _w, ages = _weighted(rng, [((g, w, a), w) for g, w, a in CASE_GROUPS])
        person = self.person(age=ages, on=on,
                             female=rng.random() < (0.9 if group == PriorityGroup.SOLE_EARNER
                                                    else 0.5))
        groups = [group]
        if group == PriorityGroup.MIDDLE_AGED:
            person.groups.append((group, max(on - dt.timedelta(days=rng.randint(0, 30)),
                                             urules.add_months(person.born, 45 * 12)), None))
            if rng.random() < 0.2:
                groups.append(PriorityGroup.LONG_TERM_UNEMPLOYED)
        elif group == PriorityGroup.YOUTH:
            person.groups.append((group, on, None))
        else:
            person.groups.append((group, on - dt.timedelta(days=rng.randint(20, 900)), None))
        if len(groups) > 1:
            person.groups.append((groups[1], on - dt.timedelta(days=rng.randint(20, 200)), None))
        return person, tuple(groups)

    def settled_on(self, on: dt.date) -> dt.date:
        """When a spouse's residence (and so the new-immigrant group) was established."""
        return on - dt.timedelta(days=self.rng.randint(400, 5000))

    def cohort(self, name: str, regs, cases, carry: int, refs, placed) -> list[Life]:
        rng = self.rng
        regs, refs, placed = self.pair(regs), self.pair(refs), self.pair(placed)
        carry = self.count(carry) if cases else 0
        if cases:
            cases = self.pair(cases)
            # Cases of each half: those on its own registrations, and (the half) the carry.
            regs = (cases[0] + carry, max(0, cases[1] - carry))
        lives: list[Life] = []
        for h, n in enumerate(regs):
            lo, hi = self.cal.halves[h]
            online = _deal(rng, [round(n * ONLINE_SHARE[name]), n - round(n * ONLINE_SHARE[name])],
                           [True, False])
            for k in range(n):
                carried = bool(cases) and h == 0 and k < carry
                if carried:
                    day = self.registration_day(hi - dt.timedelta(days=80), hi, online[k])
                elif cases:
                    day = self.registration_day(lo, hi - dt.timedelta(days=25), online[k])
                else:
                    day = self.registration_day(lo, hi, online[k])
                if cases:
                    person, groups = self.case_person(name, day)
                elif name in ("imm_f", "imm_m"):
                    kind = "foreign" if name == "imm_f" else "mainland"
                    person = self.person(kind=kind, age=(22, 58), on=day)
                    group = (PriorityGroup.NEW_IMMIGRANT_FOREIGN if kind == "foreign"
                             else PriorityGroup.NEW_IMMIGRANT_MAINLAND)
                    person.groups.append((group, self.settled_on(day), None))
                else:  # homeless
                    person = self.person(age=(32, 64), on=day, female=rng.random() < 0.15)
                    person.groups.append((PriorityGroup.HOMELESS,
                                          day - dt.timedelta(days=rng.randint(20, 1000)), None))
                life = self.new_life(name, person, day, online[k])
                if cases:
                    if carried:
                        next_lo = self.cal.halves[1][0]
                        opened = self.cal.day(rng, max(next_lo, day + dt.timedelta(days=1)),
                                              day + dt.timedelta(days=90))
                    else:
                        opened = self.cal.day(rng, day, min(day + dt.timedelta(days=21), hi))
                    life.case = CasePlan(opened_on=opened, groups=groups,
                                         caseworker=rng.choice(self.caseworkers))
                lives.append(life)
        self.place(lives, placed, gap=7)
        self.close(lives)
        self.refer_exactly(lives, refs)
        return lives

    # placements, closures, referrals -------------------------------------------------------

    def place(self, lives: list[Life], counts, *, gap: int = 3) -> None:
        """Exactly ``counts[h]`` of ``lives`` placed in half h, after their registration (and
        their case's opening plus ``gap`` days)."""
        rng = self.rng
        for h, n in enumerate(counts):
            lo, hi = self.cal.halves[h]

            def first_day(life, lo=lo):
                return max(life.start + dt.timedelta(days=gap if life.case else 3), lo)

            eligible = [life for life in lives
                        if life.placed_on is None and self.cal.half_of(life.registered_on) <= h
                        and first_day(life) <= hi and life.start <= hi]
            if len(eligible) < n:
                raise ValueError(f"{lives[0].cohort if lives else '?'}: only {len(eligible)} "
                                 f"seekers can be placed in half {h}, {n} wanted")

            def weight(life, lo=lo, hi=hi):
                days = (hi - first_day(life)).days + 1
                return days * (0.5 if life.registered_on < lo else 1.0)

            for life in _choose(rng, eligible, n, weight):
                life.placed_on = self.cal.skewed(rng, first_day(life), hi, 40)
                self.hire_or_self(life)

    def hire_or_self(self, life: Life) -> None:
        rng = self.rng
        life.self_found = rng.random() >= REFERRAL_SHARE[life.cohort]
        life.starts_on = life.placed_on + dt.timedelta(days=rng.choice((0, 1, 3, 7, 7, 14)))
        if not life.self_found:
            lo = max(life.start, life.placed_on - dt.timedelta(days=30))
            life.hire_ref = self.cal.day(rng, lo, life.placed_on)

    def close(self, lives: list[Life]) -> None:
        """Registrations (and cases) that ended without a placement; follow-ups of placed
        cases."""
        rng = self.rng
        for life in lives:
            if life.case:
                self.close_case(life)
            if life.placed_on is None and life.closed_on is None:
                if life.case:
                    life.closed_on = life.case.closed_on
                elif rng.random() < 0.7:
                    day = life.registered_on + dt.timedelta(days=rng.randint(60, 240))
                    life.closed_on = day if day <= self.as_of else None

    def close_case(self, life: Life) -> None:
        rng, case = self.rng, life.case
        if life.placed_on:
            due = prules.stability_due_on(life.starts_on)
            done = due + dt.timedelta(days=rng.randint(0, 20))
            if done <= self.as_of:
                done = self.cal.on_or_after(done)
                if done > self.as_of:
                    return
                result = _weighted(rng, ((FollowUpResult.STABLE, 75), (FollowUpResult.LEFT, 15),
                                         (FollowUpResult.UNREACHABLE, 10)))
                case.follow_up = (due, done, result)
                case.closed_on = done
                case.close_reason = {FollowUpResult.STABLE: CloseReason.STABLE,
                                     FollowUpResult.LEFT: CloseReason.PLACED,
                                     FollowUpResult.UNREACHABLE: CloseReason.UNREACHABLE}[result]
        elif rng.random() < 0.5:
            day = case.opened_on + dt.timedelta(days=rng.randint(60, 220))
            if day <= self.as_of:
                case.closed_on = self.cal.on_or_after(day)
                if case.closed_on > self.as_of:
                    case.closed_on = None
                    return
                case.close_reason = _weighted(rng, ((CloseReason.WITHDREW, 40),
                                                    (CloseReason.UNREACHABLE, 30),
                                                    (CloseReason.OTHER, 30)))

    def window(self, life: Life, h: int) -> tuple[dt.date, dt.date] | None:
        lo, hi = self.cal.halves[h]
        start, end = max(life.start, lo), min(life.end(self.as_of), hi)
        return (start, end) if start <= end else None

    def refer_exactly(self, lives: list[Life], counts) -> None:
        """Referrals of ``lives`` in each half: exactly ``counts[h]``, the hiring ones
        included; each in its life's window (while registered, and while its case is open)."""
        rng = self.rng
        for h, n in enumerate(counts):
            hiring = sum(1 for life in lives if life.hire_ref and self.cal.half_of(
                life.hire_ref) == h)
            extra = n - hiring
            if extra < 0:
                raise ValueError(f"{lives[0].cohort}: {hiring} hiring referrals in half {h}, "
                                 f"more than the {n} wanted")
            windows = [(life, w) for life in lives if (w := self.window(life, h))]
            if extra and not windows:
                raise ValueError(f"{lives[0].cohort}: no seeker to refer in half {h}")
            weights = [(w[1] - w[0]).days + 1 for _life, w in windows]
            for life, (lo, hi) in rng.choices(windows, weights=weights, k=extra):
                life.refs.append(self.cal.day(rng, lo, hi))

    def refer_naturally(self, lives: list[Life], per_life: float) -> None:
        rng = self.rng
        for life in lives:
            end = life.end(self.as_of)
            span = (end - life.start).days + 1
            mean = per_life * min(1.5, span / 60)
            k = 0
            while rng.random() < mean / (mean + 1) and k < 6:
                k += 1
            for _ in range(k):
                life.refs.append(self.cal.day(rng, life.start, end))

    # unemployment claims -------------------------------------------------------------------

    def claims(self) -> list[Life]:
        """The claimants' registrations and claims; the half's counts exact (see the module
        docstring)."""
        rng, cal = self.rng, self.cal
        (lo0, hi0), (lo1, hi1) = cal.halves
        n0, n1 = self.pair(CLAIMS)
        early0, early1 = self.pair(CLAIMS_EARLY_WORK)
        waiting = self.count(CLAIMS_WAITING)
        recognised_here = n1 - waiting - early1
        carried = self.count(CLAIMS_RECOGNISED) - recognised_here  # December's, recognised now
        if not 0 <= carried <= n0 - early0 or recognised_here < 0:
            raise ValueError("the claim counts do not fit together")
        day = dt.timedelta(days=1)
        plans: list[tuple[ClaimPlan, int]] = []  # (plan, half of application)
        for k in range(n0):
            if k < early0:
                plans.append((self.claim("early", cal.day(rng, lo0, hi0 - 14 * day)), 0))
            elif k < early0 + carried:
                applied = cal.day(rng, hi0 - 14 * day, hi0)
                plan = self.claim("recognised", applied)
                plan.recognised_on = cal.on_or_after(max(
                    applied + (14 + rng.choice((0, 0, 1, 2, 3, 5))) * day, lo1))
                plans.append((plan, 0))
            else:
                applied = cal.day(rng, lo0, hi0 - 21 * day)
                plans.append((self.claim("recognised", applied, before=hi0), 0))
        for k in range(n1):
            if k < early1:
                plans.append((self.claim("early", cal.day(rng, lo1, hi1 - 14 * day)), 1))
            elif k < early1 + waiting:
                plans.append((self.claim("waiting", cal.day(rng, hi1 - 13 * day, hi1)), 1))
            else:
                applied = cal.day(rng, lo1, hi1 - 21 * day)
                plans.append((self.claim("recognised", applied, before=hi1), 1))
        claims = [plan for plan, _h in plans]
        for plan, h in plans:
            plan.registered_on = max(cal.halves[h][0], plan.applied_on - dt.timedelta(
                days=rng.choice((0, 0, 0, 1, 2, 3))))
            plan.person = self.person(age=(22, 62), on=plan.registered_on)
            if prules.age_on(plan.person.born, plan.separated_on) >= 45:
                plan.n_max = 8
        for plan in claims:
            if plan.kind == "recognised":
                self.rounds(plan)
            elif plan.kind == "early":
                plan.ended_on = cal.day(rng, plan.applied_on + day,
                                        min(plan.applied_on + 13 * day, self.as_of))
                plan.end_reason = ClaimEnd.EMPLOYED
        self.exact_rounds(claims)
        self.exact_endings(claims)
        self.exact_training(claims)
        return [self.claimant(plan) for plan in claims]

    def claim(self, kind: str, applied: dt.date, before: dt.date | None = None) -> ClaimPlan:
        rng, cal = self.rng, self.cal
        plan = ClaimPlan(
            applied_on=applied,
            separated_on=applied - dt.timedelta(days=rng.randint(1, 40)),
            reason=_weighted(rng, ((SeparationReason.LAYOFF, 35),
                                   (SeparationReason.CONTRACT_END, 30),
                                   (SeparationReason.CLOSURE, 20),
                                   (SeparationReason.EMPLOYER_BREACH, 5),
                                   (SeparationReason.TRANSFER, 3), (SeparationReason.OTHER, 7))),
            last_employer=None, kind=kind,
        )
        if before is not None:
            lag = rng.choice((0, 0, 1, 2, 3, 5))
            recognised = cal.on_or_after(applied + dt.timedelta(days=14 + lag))
            if recognised > before:
                recognised = cal.on_or_after(applied + dt.timedelta(days=14))
            plan.recognised_on = recognised if recognised <= before else None
            if plan.recognised_on is None:  # a holiday at the half's end: recognise earlier
                plan.applied_on = applied - dt.timedelta(days=10)
                plan.separated_on = min(plan.separated_on, plan.applied_on)
                plan.recognised_on = cal.on_or_after(plan.applied_on + dt.timedelta(days=14))
        return plan

    def next_round(self, previous: dt.date) -> dt.date:
        lag = self.rng.choice((0, 0, 0, 1, 1, 2, 3, 4, 7))
        return self.cal.on_or_after(previous + dt.timedelta(days=30 + lag))

    def end_after(self, last: dt.date, lo: dt.date | None = None,
                  hi: dt.date | None = None) -> dt.date | None:
        """A day the claim ends after its last (re-)recognition, before the next is due."""
        low = last + dt.timedelta(days=2)
        high = last + dt.timedelta(days=27)
        if lo:
            low = max(low, lo)
        if hi:
            high = min(high, hi)
        return self.cal.day(self.rng, low, high)

    def rounds(self, plan: ClaimPlan) -> None:
        """The re-recognitions of a recognised claim and how it ends (reason decided later)."""
        rng = self.rng
        weights = ((0.06, 0.14, 0.2, 0.22, 0.18, 0.2) if plan.n_max == 5
                   else (0.05, 0.1, 0.15, 0.17, 0.15, 0.12, 0.1, 0.08, 0.08))
        n = rng.choices(range(plan.n_max + 1), weights=weights, k=1)[0]
        day = plan.recognised_on
        for _ in range(n):
            day = self.next_round(day)
            plan.rounds.append(day)
        if n == plan.n_max:
            end, reason = plan.rounds[-1], ClaimEnd.EXHAUSTED
        else:
            end, reason = self.end_after(plan.last()), ""
        plan.rounds = [d for d in plan.rounds if d <= self.as_of]
        if end <= self.as_of:
            plan.ended_on, plan.end_reason = end, reason

    def exact_rounds(self, claims: list[ClaimPlan]) -> None:
        """Re-recognitions in the half: exactly RE_RECOGNITIONS, by adding or taking the last
        one of claims that end in the half (their end stays in the half)."""
        rng, cal = self.rng, self.cal
        lo, hi = cal.halves[1]
        target = self.count(RE_RECOGNITIONS)
        count = sum(1 for c in claims for d in c.rounds if lo <= d <= hi)
        flexible = [c for c in claims if c.kind == "recognised" and c.ended_on
                    and lo <= c.ended_on <= hi and c.end_reason == ""]
        for _pass in range(12):
            if count == target:
                break
            rng.shuffle(flexible)
            count = self._adjust_rounds(flexible, count, target, lo, hi)
        if count != target:
            raise ValueError(f"re-recognitions: {count} in the half, {target} wanted")

    def _adjust_rounds(self, flexible: list[ClaimPlan], count: int, target: int, lo: dt.date,
                       hi: dt.date) -> int:
        for c in flexible:
            if count == target:
                break
            if count < target and len(c.rounds) < c.n_max - 1:
                new = self.next_round(c.last())
                end = self.end_after(new, hi=hi) if new >= lo else None
                if end and end >= lo and end > new:
                    c.rounds.append(new)
                    c.ended_on = end
                    count += 1
            elif count > target and c.rounds and c.rounds[-1] >= lo:
                previous = c.rounds[-2] if len(c.rounds) > 1 else c.recognised_on
                end = self.end_after(previous, lo=lo, hi=hi)
                if end and end > previous:
                    c.rounds.pop()
                    c.ended_on = end
                    count -= 1
        return count

    def exact_endings(self, claims: list[ClaimPlan]) -> None:
        """Claims ended by work in the half: exactly HELPED_INTO_WORK; the other endings are
        training and withdrawals, and in the half before mostly work too."""
        rng = self.rng
        lo = self.cal.halves[1][0]
        target = self.count(HELPED_INTO_WORK)
        early = sum(1 for c in claims if c.kind == "early" and c.ended_on and c.ended_on >= lo)
        flexible = [c for c in claims if c.ended_on and c.ended_on >= lo and c.end_reason == ""]
        need = target - early
        if need > len(flexible):
            # Claims still open at the half's end that end before it instead.
            open_ones = [c for c in claims if c.kind == "recognised" and c.ended_on is None]
            rng.shuffle(open_ones)
            for c in open_ones:
                if len(flexible) >= need:
                    break
                end = self.end_after(c.last(), lo=lo, hi=self.as_of)
                if end and end > c.last():
                    c.ended_on = end
                    flexible.append(c)
        if need > len(flexible) or need < 0:
            raise ValueError(f"claims helped into work: {need} wanted, {len(flexible)} end")
        employed = set(map(id, _choose(rng, flexible, need)))
        for c in flexible:
            c.end_reason = (ClaimEnd.EMPLOYED if id(c) in employed else _weighted(
                rng, ((ClaimEnd.TRAINING, 35), (ClaimEnd.WITHDRAWN, 65))))
        for c in claims:
            if c.ended_on and c.end_reason == "":
                c.end_reason = _weighted(rng, ((ClaimEnd.EMPLOYED, 86), (ClaimEnd.TRAINING, 5),
                                               (ClaimEnd.WITHDRAWN, 9)))

    def exact_training(self, claims: list[ClaimPlan]) -> None:
        """Claimants referred to training in the half: exactly CLAIM_TRAINING (each claim at
        most once; a claim that ended in training was referred before it ended)."""
        rng, cal = self.rng, self.cal
        (lo0, hi0), (lo1, hi1) = cal.halves
        target = self.count(CLAIM_TRAINING)
        trained = [c for c in claims if c.end_reason == ClaimEnd.TRAINING]
        for c in trained:
            low = max(c.applied_on, c.ended_on - dt.timedelta(days=30))
            if c.ended_on >= lo1:
                low = max(low, lo1)
            c.training_on = cal.day(rng, low, c.ended_on)
        here = [c for c in trained if c.training_on >= lo1]
        if len(here) > target:
            for c in _choose(rng, here, len(here) - target):
                c.end_reason, c.training_on = ClaimEnd.WITHDRAWN, None
            here = [c for c in here if c.training_on]

        def window(c, lo, hi):
            start, end = max(c.applied_on, lo), min(c.ended_on or self.as_of, hi)
            return (start, end) if start <= end else None

        candidates = [c for c in claims if c.training_on is None and window(c, lo1, hi1)]
        for c in _choose(rng, candidates, target - len(here)):
            c.training_on = cal.day(rng, *window(c, lo1, hi1))
        for c in claims:
            if c.training_on is None and rng.random() < 0.04 and (w := window(c, lo0, hi0)):
                c.training_on = cal.day(rng, *w)

    def claimant(self, plan: ClaimPlan) -> Life:
        rng, cal = self.rng, self.cal
        plan.last_employer = self.employer_before(plan.separated_on)
        life = self.new_life("claim", plan.person, plan.registered_on, True)
        life.claim = plan
        if plan.end_reason == ClaimEnd.EMPLOYED:
            if plan.kind == "early":
                life.placed_on = plan.ended_on
            else:
                low = max(plan.last() + dt.timedelta(days=1), cal.halves[cal.half_of(
                    plan.ended_on)][0], plan.ended_on - dt.timedelta(days=3))
                life.placed_on = cal.day(rng, low, plan.ended_on)
            self.hire_or_self(life)
        elif plan.ended_on and plan.end_reason in (ClaimEnd.TRAINING, ClaimEnd.WITHDRAWN):
            life.closed_on = plan.ended_on
        elif plan.ended_on:  # exhausted: the registration stays, or is closed later
            day = plan.ended_on + dt.timedelta(days=rng.randint(10, 90))
            life.closed_on = day if day <= self.as_of and rng.random() < 0.6 else None
        # Job searches shown at each re-recognition: two or three since the previous one.
        previous = plan.recognised_on
        for day in plan.rounds:
            searches = []
            for _ in range(rng.choice((2, 2, 2, 3))):
                searched = previous + dt.timedelta(days=rng.randint(1, (day - previous).days))
                est = rng.choice(self.ests)
                searches.append((searched, est,
                                 _weighted(rng, ((SearchMethod.ONLINE, 35),
                                                 (SearchMethod.RESUME, 25),
                                                 (SearchMethod.INTERVIEW, 20),
                                                 (SearchMethod.PHONE, 10),
                                                 (SearchMethod.VISIT, 5),
                                                 (SearchMethod.JOB_FAIR, 5))),
                                 rng.choice(("未錄取", "等待通知", "已面試，未錄取", "職缺已補足",
                                             "條件不符"))))
            plan.searches.append(sorted(searches, key=lambda s: s[0]))
            previous = day
        return life

    def employer_before(self, day: dt.date) -> int:
        for _ in range(20):
            est = self.rng.choice(self.ests)
            if est.exists_on(day):
                return est.pk
        return self.ests[0].pk

    # everybody else -------------------------------------------------------------------------

    def general(self, others: list[Life]) -> list[Life]:
        rng, cal = self.rng, self.cal

        def in_half(day, h):
            return day is not None and cal.half_of(day) == h

        regs = [self.count(REGISTRATIONS[h]) - sum(in_half(life.registered_on, h)
                                                   for life in others) for h in (0, 1)]
        online = [self.count(ONLINE_REGISTRATIONS[h]) - sum(
            in_half(life.registered_on, h) and life.online for life in others) for h in (0, 1)]
        placed = [self.count(PLACEMENTS[h]) - sum(in_half(life.placed_on, h) for life in others)
                  for h in (0, 1)]
        if min(regs + placed) < 0:
            raise ValueError(f"general seekers: {regs} registrations, {placed} placements")
        lives: list[Life] = []
        lo0, hi0 = cal.halves[0]
        flags = _deal(rng, [min(online[0], regs[0]), regs[0] - min(online[0], regs[0])],
                      [True, False])
        for k in range(regs[0]):
            day = self.registration_day(lo0, hi0, flags[k])
            lives.append(self.new_life("general", self.general_person(day), day, flags[k]))
        self.place(lives, (placed[0], 0))
        lo1, hi1 = cal.halves[1]
        again = [life for life in lives if life.placed_on
                 and life.placed_on <= hi1 - dt.timedelta(days=40)]
        again = _choose(rng, again, min(self.count(REREGISTRATIONS), len(again), regs[1]))
        flags = _deal(rng, [min(online[1], regs[1]), regs[1] - min(online[1], regs[1])],
                      [True, False])
        fresh = []
        for k in range(regs[1]):
            if k < len(again):
                old = again[k]
                day = self.registration_day(max(lo1, old.placed_on + dt.timedelta(days=30)),
                                            hi1, flags[k])
                person = old.person
            else:
                day = self.registration_day(lo1, hi1, flags[k])
                person = self.general_person(day)
            fresh.append(self.new_life("general", person, day, flags[k]))
        lives.extend(fresh)
        self.place(lives, (0, placed[1]))
        self.close(lives)
        return lives

    def general_person(self, on: dt.date) -> PersonPlan:
        age = _weighted(self.rng, (((16, 24), 14), ((25, 34), 30), ((35, 44), 24),
                                   ((45, 54), 18), ((55, 65), 14)))
        return self.person(age=age, on=on)

    # case work ------------------------------------------------------------------------------

    def case_work(self, lives: list[Life]) -> None:
        """Tests, counselling and training referrals of the cases: exact counts in each half,
        each on a working day while its case was open."""
        rng, cal = self.rng, self.cal
        for h in (0, 1):
            lo, hi = cal.halves[h]
            windows = []
            for life in lives:
                start = max(life.case.opened_on, lo)
                end = min(life.case.end(self.as_of), hi)
                if start <= end:
                    windows.append((life.case, (start, end)))
            weights = [(w[1] - w[0]).days + 1 for _c, w in windows]

            def spread(n, weights=weights, windows=windows):
                return [(case, cal.day(rng, *w))
                        for case, w in rng.choices(windows, weights=weights, k=n)]

            for case, day in spread(self.count(PSYCH_TESTS[h])):
                case.tests.append((rng.choice(PsychInstrument.values[:4]), day))
            for kind, counts in ((CounsellingKind.GENERAL, GENERAL_COUNSELLING),
                                 (CounsellingKind.IN_DEPTH, IN_DEPTH_COUNSELLING)):
                for case, day in spread(self.count(counts[h])):
                    case.sessions.append((kind, day))
            free = [(c, w) for c, w in windows if not any(
                cal.half_of(t[0]) == h for t in c.trainings)]
            for case, window in _choose(rng, free, self.count(CASE_TRAINING_REFERRALS[h])):
                day = cal.day(rng, *window)
                course, provider = rng.choice(TRAINING_COURSES)
                if day + dt.timedelta(days=45) > self.as_of:
                    outcome = _weighted(rng, ((TrainingOutcome.PENDING, 6),
                                              (TrainingOutcome.ADMITTED, 4)))
                else:
                    outcome = _weighted(rng, ((TrainingOutcome.COMPLETED, 45),
                                              (TrainingOutcome.ADMITTED, 15),
                                              (TrainingOutcome.NOT_ADMITTED, 25),
                                              (TrainingOutcome.DROPPED, 15)))
                case.trainings.append((day, course, provider, outcome))

    # vacancies ------------------------------------------------------------------------------

    def minimum(self, day: dt.date) -> tuple[int, int]:
        """(monthly, hourly) minimum wage in force on ``day`` (dated settings)."""
        if day not in self._minimum:
            self._minimum[day] = (int(dated_value("minimum_wage.monthly", day)),
                                  int(dated_value("minimum_wage.hourly", day)))
        return self._minimum[day]

    def sizes(self, total: int) -> list[int]:
        """Persons wanted by one vacancy after another, adding up to ``total`` exactly."""
        table = ((1, 40), (2, 20), (3, 12), (4, 7), (5, 5), (6, 3), (8, 3), (10, 4), (15, 2),
                 (20, 2), (30, 1.2), (50, 0.6))
        out, total_so_far = [], 0
        while total_so_far < total:
            k = min(_weighted(self.rng, table), total - total_so_far)
            out.append(k)
            total_so_far += k
        return out

    def plan_accounts(self) -> None:
        """Employers' portal accounts: each establishment's first, created in either half."""
        rng, cal = self.rng, self.cal
        counts = self.pair(EMPLOYER_ACCOUNTS)
        taken: set[int] = set()
        for h, n in enumerate(counts):
            lo, hi = cal.halves[h]
            pool = [e for e in self.ests if e.pk not in taken
                    and e.exists_on(hi - dt.timedelta(days=10))]
            for est in _choose(rng, pool, n, lambda e: max(e.headcount or 1, 1) ** 0.5):
                taken.add(est.pk)
                day = cal.day(rng, max(lo, est.registered_on or lo), hi)
                self.accounts[est.pk] = _at(day, rng.randint(8, 21), rng.randint(0, 59))

    def plan_vacancies(self) -> None:
        rng, cal = self.rng, self.cal
        self._minimum: dict = {}
        self.plan_accounts()
        by_pk = {e.pk: e for e in self.ests}
        cum = list(itertools_accumulate(max(e.headcount or 3, 1) ** 0.7 for e in self.ests))
        self.jobs_by_industry = {}
        for section in {e.industry for e in self.ests}:
            indices = [i for i, j in enumerate(JOBS) if section in j.industries] or [
                _JOB_BY_CODE[c] for c in ("411", "911", "515", "431", "832")]
            self.jobs_by_industry[section] = (indices, [JOBS[i].weight for i in indices])
        for h in (0, 1):
            lo, hi = cal.halves[h]
            firsts = sorted((pk for pk, at in self.accounts.items()
                             if cal.half_of(at.date()) == h), key=lambda pk: self.accounts[pk])
            rng.shuffle(firsts)
            for i, persons in enumerate(self.sizes(self.count(VACANCY_PERSONS[h]))):
                if i < len(firsts):
                    est = by_pk[firsts[i]]
                    created = self.accounts[est.pk].date()
                    posted = cal.anyday(rng, created, min(created + dt.timedelta(days=10), hi))
                    online = True
                else:
                    while True:
                        est = rng.choices(self.ests, cum_weights=cum, k=1)[0]
                        first = max(lo, est.registered_on or lo)
                        if first <= hi:
                            break
                    posted = self.registration_day(first, hi, True)
                    account = self.accounts.get(est.pk)
                    online = bool(account and account.date() <= posted and rng.random() < 0.85)
                if online:
                    verified = cal.day(rng, posted, min(posted + dt.timedelta(days=2),
                                                        self.as_of))
                else:
                    verified = posted
                self.vacancies.append(self.vacancy(est, posted, online, persons, verified))
            # Online postings not verified: refused at verification, or (at the end of the
            # scenario's half) still waiting for it.
            with_account = [pk for pk, at in self.accounts.items() if at.date() <= hi]
            for persons in self.sizes(self.count(UNVERIFIED_PERSONS[h])):
                est = by_pk[rng.choice(with_account)]
                created = self.accounts[est.pk].date()
                pending = h == 1 and rng.random() < 0.15
                low = max(created, self.as_of - dt.timedelta(days=2)) if pending else max(
                    created, lo)
                posted = cal.anyday(rng, low, hi)
                vacancy = self.vacancy(est, posted, True, persons, None)
                vacancy.refused = not pending
                self.vacancies.append(vacancy)

    def vacancy(self, est: Est, posted: dt.date, online: bool, persons: int,
                verified: dt.date | None) -> VacPlan:
        rng = self.rng
        indices, weights = self.jobs_by_industry[est.industry]
        job_index = rng.choices(indices, weights=weights, k=1)[0]
        job = JOBS[job_index]
        monthly_min, hourly_min = self.minimum(posted)
        if rng.random() < job.part_time:
            kind, hours = WageKind.HOURLY, Hours.PART_TIME
            wage_min = max(hourly_min, rng.choice((176, 180, 183, 185, 190, 200, 210, 220)))
            wage_max = None if rng.random() < 0.6 else wage_min + rng.choice((10, 20, 30, 50))
        else:
            kind, hours = WageKind.MONTHLY, Hours.FULL_TIME
            low, high = job.wage
            wage_min = max(monthly_min, round(rng.uniform(low, (low + high) / 2) / 500) * 500)
            wage_max = None if rng.random() < 0.3 else max(
                wage_min, round(rng.uniform(wage_min, high) / 500) * 500)
        if rng.random() < 0.85:
            district = est.district_id
            address = est.address
        else:
            code = _weighted(rng, [(c, DISTRICT_PREFERENCE.get(c, 5)) for c in self.district_codes])
            district = self.districts[code].pk
            address = _address(rng, self.scenario.city_label, self.districts[code], office=True)
        benefits = "、".join(rng.sample(("勞健保", "勞工退休金6%提撥", "週休二日", "年終獎金",
                                         "三節獎金", "員工旅遊", "員工餐", "教育訓練", "特休假",
                                         "生日禮金", "交通津貼"), rng.randint(2, 4)))
        shift_note = "，需配合輪班" if job.code in ("541", "532", "222", "833", "515") else ""
        fields = {
            "title": rng.choice(job.titles),
            "description": f"{job.duties}{shift_note}。福利：{benefits}。",
            "wage_kind": kind, "wage_min": wage_min, "wage_max": wage_max, "hours": hours,
            "shifts": bool(shift_note) and rng.random() < 0.7,
            "district_id": district, "address": address,
            "education_min": job.education if rng.random() < 0.7 else E.NONE,
            "experience_min_years": _weighted(rng, ((0, 55), (1, 25), (2, 12), (3, 6), (5, 2))),
            "licences_required": [job.licences[0]] if job.licences and rng.random() < 0.6 else [],
            "languages": (["英文"] if job.code in ("411", "412", "241", "251", "243", "422", "511")
                          and rng.random() < 0.25 else []),
        }
        validity = _weighted(rng, [(d, w) for d, w in VACANCY_VALIDITY])
        return VacPlan(est=est, job=job_index, persons=persons, posted_on=posted,
                       valid_until=posted + dt.timedelta(days=validity), online=online,
                       verified_on=verified, fields=fields)

    # hires and referrals meet the vacancies -------------------------------------------------

    def plan_employer_hires(self) -> list[tuple[dt.date, int]]:
        rng, cal = self.rng, self.cal
        plans = []
        for h in (0, 1):
            lo, hi = cal.halves[h]
            referred = sum(1 for life in self.lives
                           if life.hire_ref and cal.half_of(life.placed_on) == h)
            need = self.count(HIRES[h]) - referred
            if need < 0:
                raise ValueError(f"hires: {referred} referred seekers hired in half {h}, "
                                 f"more than {self.count(HIRES[h])}")
            while need > 0:
                k = min(_weighted(rng, ((1, 50), (2, 25), (3, 12), (4, 8), (5, 5))), need)
                plans.append((cal.day(rng, lo, hi), k))
                need -= k
        return plans

    def sweep(self) -> None:
        """Every referral, referred hire and employer-reported hire meets a vacancy, in date
        order (see the module docstring)."""
        verified = sorted((v for v in self.vacancies if v.verified_on),
                          key=lambda v: v.verified_on)
        by_job: dict[int, list[VacPlan]] = defaultdict(list)
        for v in verified:
            by_job[v.job].append(v)
        index = {j: ([v.verified_on.toordinal() for v in vs], vs) for j, vs in by_job.items()}
        every = ([v.verified_on.toordinal() for v in verified], verified)
        events = []
        for n, life in enumerate(self.lives):
            for day in life.refs:
                events.append((day.toordinal(), 0, n, day))
            if life.hire_ref:
                events.append((life.placed_on.toordinal(), 1, n, life.hire_ref))
        for n, (day, k) in enumerate(self.plan_employer_hires()):
            events.append((day.toordinal(), 2, n, k))
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        taken: dict[int, set] = defaultdict(set)
        for ordinal, kind, n, value in events:
            if kind == 2:
                day, remaining = dt.date.fromordinal(ordinal), value
                while remaining:
                    v = self.find([every], day, set(), employer=True)
                    if v is None:
                        break
                    take = min(remaining, v.persons - v.hired)
                    v.hired += take
                    v.employer_hires += 1
                    v.filled = v.hired >= v.persons
                    self.employer_hires.append((day, take, v))
                    remaining -= take
                continue
            life = self.lives[n]
            lists = [index[j] for j in life.jobs if j in index and self.rng.random() < 0.85]
            v = self.find([*lists, every], value, taken[n])
            if v is None:
                if kind == 1:
                    life.hire_ref = None  # then placed by the seeker's own search
                continue
            taken[n].add(id(v))
            if kind == 1:
                v.hired += 1
                v.filled = v.hired >= v.persons
                life.hire_vacancy = v
            else:
                life.ref_vacancies.append((value, v))

    def find(self, lists, day: dt.date, exclude: set, *,
             employer: bool = False) -> VacPlan | None:
        """A verified vacancy open to ``day``'s referral (or hire) with someone still wanted:
        random probes among those verified in the 95 days before, then a search."""
        rng = self.rng
        o = day.toordinal()

        def fits(v: VacPlan) -> bool:
            if v.hired >= v.persons or id(v) in exclude or v.posted_on > day:
                return False
            return v.valid_until + dt.timedelta(days=60 if employer else 0) >= day

        for keys, vacs in lists:
            hi_i = bisect.bisect_right(keys, o)
            lo_i = bisect.bisect_left(keys, o - 95)
            if hi_i <= lo_i:
                continue
            for _ in range(24):
                v = vacs[rng.randrange(lo_i, hi_i)]
                if fits(v):
                    return v
        keys, vacs = lists[-1]
        for v in reversed(vacs[bisect.bisect_left(keys, o - 400):bisect.bisect_right(keys, o)]):
            if fits(v):
                return v
        # A small world (bench, demo_setup tests at x0.02) may have no vacancy open on its first
        # days: the event is left out there. The full-size world must always find one (its
        # figures are the seed's, and test_scenario checks them).
        if self.scenario.scale < 1:
            return None
        raise ValueError(f"no vacancy open on {day} for a referral or hire")

    # writing --------------------------------------------------------------------------------

    def plan(self, progress: Progress) -> None:
        progress("就業服務登記", 0, 10)
        claimants = self.claims()
        others = list(claimants)
        case_lives = []
        for name, (regs, cases, carry, refs, placed) in COHORTS.items():
            lives = self.cohort(name, regs, cases, carry, refs, placed)
            others.extend(lives)
            if cases:
                case_lives.extend(lives)
        self.case_work(case_lives)
        general = self.general(others)
        self.refer_naturally(claimants + general, GENERAL_REFERRALS_PER_LIFE)
        progress("就業服務登記", 2, 10)
        self.plan_vacancies()
        self.sweep()
        progress("就業服務登記", 3, 10)

    def write(self, progress: Progress) -> int:
        rows = self.write_people()
        progress("就業服務登記", 5, 10)
        rows += self.write_vacancies()
        progress("就業服務登記", 6, 10)
        rows += self.write_outcomes()
        progress("就業服務登記", 7, 10)
        rows += self.write_cases()
        progress("就業服務登記", 9, 10)
        rows += self.write_claims()
        progress("就業服務登記", 10, 10)
        return rows

    def write_people(self) -> int:
        """Persons (with their history rows), citizen accounts, priority-group memberships,
        registrations and their wishes."""
        rng, scenario = self.rng, self.scenario
        user_model = get_user_model()
        self.password = make_password(DEMO_PASSWORD)
        persons: list[PersonPlan] = list({id(life.person): life.person
                                          for life in self.lives}.values())
        usernames = set(user_model.objects.filter(username__startswith="seeker")
                        .values_list("username", flat=True))
        rows = write_persons(scenario, rng, persons, "employment.registry", self.password,
                             usernames)
        evidence = {
            PriorityGroup.HOMELESS: "本府社會局遊民身分查核",
            PriorityGroup.NEW_IMMIGRANT_FOREIGN: "居留證及戶籍謄本（配偶欄）",
            PriorityGroup.NEW_IMMIGRANT_MAINLAND: "依親居留證及戶籍謄本（配偶欄）",
            PriorityGroup.MIDDLE_AGED: "身分證明文件（出生日期）",
            PriorityGroup.YOUTH: "身分證明文件（出生日期）",
            PriorityGroup.DISABLED: "身心障礙證明",
            PriorityGroup.LOW_INCOME: "低收入戶或中低收入戶證明",
            PriorityGroup.SOLE_EARNER: "獨力負擔家計者認定文件",
        }
        memberships = [
            {"person_id": p.pk, "group": g, "established_on": since, "ended_on": until,
             "evidence": evidence.get(g, "求職登記時查驗（臨櫃）")}
            for p in persons for g, since, until in p.groups
        ]
        bulk_insert(PriorityGroupMembership, memberships)
        seekers = []
        for life in self.lives:
            w = life.wish
            if life.placed_on:
                status, closed = SeekerStatus.PLACED, life.placed_on
            elif life.closed_on:
                status, closed = SeekerStatus.CLOSED, life.closed_on
            else:
                status, closed = SeekerStatus.ACTIVE, None
            seekers.append({
                "person_id": life.person.pk,
                "account_id": life.person.user if life.online else None,
                "registered_on": life.registered_on,
                "channel": "online" if life.online else "counter",
                "unit_id": None if life.online or self.unit is None else self.unit.pk,
                "desired_title": w["desired_title"], "expected_wage": w["expected_wage"],
                "hours": w["hours"], "shifts_ok": w["shifts_ok"], "education": w["education"],
                "experience_years": w["experience_years"], "licences": w["licences"],
                "skills": w["skills"], "languages": w["languages"], "status": status,
                "closed_on": closed, "version": 1 if closed is None else 2,
            })  # fmt: skip
        occupations = dict(Occupation.objects.values_list("code", "pk"))
        jobs, districts = [], []
        for life, pk in zip(self.lives, bulk_insert(JobSeeker, seekers, pks=True), strict=True):
            life.pk = pk
            jobs.extend({"jobseeker_id": pk, "occupation_id": occupations[JOBS[j].code]}
                        for j in life.jobs if JOBS[j].code in occupations)
            districts.extend({"jobseeker_id": pk, "district_id": self.districts[code].pk}
                             for code in life.wish["districts"])
        bulk_insert(JobSeeker.desired_occupations.through, jobs)
        bulk_insert(JobSeeker.desired_districts.through, districts)
        return rows + len(memberships) + len(seekers) + len(jobs) + len(districts)

    def write_vacancies(self) -> int:
        """Employers' portal accounts and the vacancies."""
        rng = self.rng
        user_model = get_user_model()
        from labor.portal.models import EmployerAccount

        by_pk = {e.pk: e for e in self.ests}
        usernames = set(user_model.objects.filter(username__startswith="recruiter")
                        .values_list("username", flat=True))
        serial = 0
        users, accounts = [], []
        ordered = sorted(self.accounts.items(), key=lambda item: item[1])
        for pk, created_at in ordered:
            serial += 1
            while f"recruiter{serial:05d}@example.com" in usernames:
                serial += 1
            username = f"recruiter{serial:05d}@example.com"
            surname, given = _person_name(rng, female=rng.random() < 0.6)
            users.append({"username": username, "email": username, "last_name": "",
                          "first_name": by_pk[pk].name[:150], "password": self.password,
                          "date_joined": created_at})
            accounts.append({"establishment_id": pk, "contact_name": surname + given,
                             "phone": f"02-{rng.randint(2200, 2999)}-{rng.randint(0, 9999):04d}",
                             "created_at": created_at})
        posters = {}
        for account, user_pk in zip(accounts, bulk_insert(user_model, users, pks=True),
                                    strict=True):
            account["user_id"] = posters[account["establishment_id"]] = user_pk
        bulk_insert(EmployerAccount, accounts)
        occupations = {code: (pk, name) for code, pk, name in
                       Occupation.objects.values_list("code", "pk", "name")}
        rows = []
        for v in self.vacancies:
            occupation_pk, occupation_name = occupations.get(JOBS[v.job].code, (None, ""))
            f = v.fields
            if v.verified_on is None:
                status = VacancyStatus.CLOSED if v.refused else VacancyStatus.PENDING
                version = 2 if v.refused else 1
            else:
                if v.filled:
                    status = VacancyStatus.FILLED
                elif v.valid_until < self.as_of - dt.timedelta(days=30) and rng.random() < 0.5:
                    status = VacancyStatus.CLOSED
                else:
                    status = VacancyStatus.OPEN
                version = (1 + int(v.online) + v.employer_hires
                           + int(status != VacancyStatus.OPEN))
            rows.append({
                "establishment_id": v.est.pk, "title": f["title"],
                "occupation_id": occupation_pk, "description": f["description"],
                "persons_wanted": v.persons, "wage_kind": f["wage_kind"],
                "wage_min": f["wage_min"], "wage_max": f["wage_max"], "hours": f["hours"],
                "shifts": f["shifts"], "district_id": f["district_id"], "address": f["address"],
                "education_min": f["education_min"],
                "experience_min_years": f["experience_min_years"],
                "licences_required": f["licences_required"], "languages": f["languages"],
                "posted_on": v.posted_on, "valid_until": v.valid_until,
                "channel": "online" if v.online else "counter",
                "posted_by_id": posters[v.est.pk] if v.online else None,
                "verified_by_id": rng.choice(self.counsellors).pk if v.verified_on else None,
                "verified_at": (_at(v.verified_on, rng.randint(9, 17), rng.randint(0, 59))
                                if v.verified_on else None),
                "status": status,
                "search_text": search_text(title=f["title"], occupation=_Named(occupation_name),
                                           description=f["description"]),
                "version": version,
            })  # fmt: skip
        for v, pk in zip(self.vacancies, bulk_insert(Vacancy, rows, pks=True), strict=True):
            v.pk = pk
        return len(users) + len(accounts) + len(rows)

    def write_outcomes(self) -> int:
        """Referrals, placements and hires."""
        rng = self.rng
        counsellors = [u.pk for u in self.counsellors]
        referrals, hiring = [], []
        for life in self.lives:
            referrer = life.case.caseworker.pk if life.case else None
            for day, v in life.ref_vacancies:
                result, result_on, interview = ReferralResult.PENDING, None, None
                on = day + dt.timedelta(days=rng.randint(2, 20))
                if on <= self.as_of:
                    result = _weighted(rng, ((ReferralResult.NOT_HIRED, 45),
                                             (ReferralResult.NO_SHOW, 15),
                                             (ReferralResult.DECLINED, 12),
                                             (ReferralResult.INTERVIEWED, 13),
                                             (ReferralResult.PENDING, 15)))
                    if result != ReferralResult.PENDING:
                        result_on = on
                    if result in (ReferralResult.NOT_HIRED, ReferralResult.INTERVIEWED):
                        interview = day + dt.timedelta(days=rng.randint(0, (on - day).days))
                referrals.append({"seeker_id": life.pk, "vacancy_id": v.pk, "referred_on": day,
                                  "referred_by_id": referrer or rng.choice(counsellors),
                                  "interview_on": interview, "result": result,
                                  "result_on": result_on})
            if life.hire_ref:
                gap = (life.placed_on - life.hire_ref).days
                hiring.append((life, len(referrals)))
                referrals.append({
                    "seeker_id": life.pk, "vacancy_id": life.hire_vacancy.pk,
                    "referred_on": life.hire_ref,
                    "referred_by_id": referrer or rng.choice(counsellors),
                    "interview_on": life.hire_ref + dt.timedelta(days=rng.randint(0, gap)),
                    "result": ReferralResult.HIRED, "result_on": life.placed_on})
        referral_pks = bulk_insert(Referral, referrals, pks=True)
        placed = [life for life in self.lives if life.placed_on and not life.hire_ref]
        rows = []
        for life in placed:
            est = rng.choice(self.ests) if rng.random() < 0.6 else None
            rows.append({"seeker_id": life.pk, "referral_id": None,
                         "establishment_id": est.pk if est else None,
                         "source": Placement.Source.SELF_FOUND, "placed_on": life.placed_on,
                         "starts_on": life.starts_on})
        for life, k in hiring:
            placed.append(life)
            rows.append({"seeker_id": life.pk, "referral_id": referral_pks[k],
                         "establishment_id": life.hire_vacancy.est.pk,
                         "source": Placement.Source.REFERRAL, "placed_on": life.placed_on,
                         "starts_on": life.starts_on})
        for life, pk in zip(placed, bulk_insert(Placement, rows, pks=True), strict=True):
            life.placement = pk
        hires = [{"vacancy_id": life.hire_vacancy.pk, "placement_id": life.placement,
                  "persons": 1, "hired_on": life.placed_on} for life, _k in hiring]
        hires += [{"vacancy_id": v.pk, "placement_id": None, "persons": k, "hired_on": day}
                  for day, k, v in self.employer_hires]
        bulk_insert(Hire, hires)
        return len(referrals) + len(rows) + len(hires)

    def write_cases(self) -> int:
        """Case management: core cases (numbered per year in order of opening) with their
        events, and the line's own rows."""
        rng = self.rng
        lives = sorted((life for life in self.lives if life.case),
                       key=lambda life: life.case.opened_on)
        next_number = {s.year: s.last_value for s in CaseNumberSequence.objects
                       .select_for_update().filter(line=CASE_LINE)}
        cases = []
        minute: Counter = Counter()
        for life in lives:
            case = life.case
            year = case.opened_on.year
            sequence = next_number.get(year, 0) + 1
            next_number[year] = sequence
            minute[case.opened_on] += 1
            case.received_at = _noon(case.opened_on, -180 + minute[case.opened_on] % 360)
            case.closed_at = (max(case.received_at, _noon(case.closed_on, 240))
                              if case.closed_on else None)
            cases.append({
                "number": format_case_number(line=CASE_LINE, year=year, sequence=sequence),
                "line": CASE_LINE, "year": year, "sequence": sequence,
                "channel": Channel.COUNTER,
                "status": CaseStatus.CLOSED if case.closed_on else CaseStatus.OPEN,
                "received_at": case.received_at, "closed_at": case.closed_at,
                "assigned_officer_id": case.caseworker.pk,
                "unit_id": None if life.online or self.unit is None else self.unit.pk,
                "establishment_id": None, "person_id": life.person.pk,
                "summary": "、".join(str(PriorityGroup(g).label) for g in case.groups)})
        employment_cases, groups, sessions, tests, trainings, follow_ups = [], [], [], [], [], []
        events = []

        def event(pk, at, action, actor, new=None, **extra):
            events.append({"case_id": pk, "at": at, "actor_id": actor,
                           "actor_kind": CaseEvent.ActorKind.PERSON, "action": action,
                           "new_values": new or {}, "old_values": {}, "note": "",
                           "from_status": "", "to_status": "", **extra})

        for life, pk in zip(lives, bulk_insert(Case, cases, pks=True), strict=True):
            case, worker = life.case, life.case.caseworker.pk
            case.pk = pk
            employment_cases.append({
                "case_id": pk, "seeker_id": life.pk, "opened_on": case.opened_on,
                "closed_on": case.closed_on, "close_reason": case.close_reason,
                "assessment": f"就業需求評估：希望從事{life.wish['desired_title']}，" + (
                    "需加強求職技巧及職場適應。" if rng.random() < 0.5 else "需職業訓練提升技能。"),
                "version": 2 if case.closed_on else 1})
            groups.extend({"employment_case_id": pk, "group": g} for g in case.groups)
            event(pk, case.received_at, "open", worker, {"channel": Channel.COUNTER},
                  to_status=CaseStatus.OPEN)
            event(pk, case.received_at, "employment_case_open", worker,
                  {"seeker": life.pk, "groups": list(case.groups),
                   "opened_on": case.opened_on.isoformat()})
            for kind, day in case.sessions:
                sessions.append({"employment_case_id": pk, "kind": kind, "held_on": day,
                                 "counsellor_id": worker, "notes": ""})
                event(pk, _noon(day, 60), "counselling", worker,
                      {"kind": kind, "held_on": day.isoformat()})
            for instrument, day in case.tests:
                tests.append({"employment_case_id": pk, "instrument": instrument,
                              "tested_on": day, "administered_by_id": worker,
                              "result_summary": "測驗結果已向個案說明並納入就業計畫。"})
                event(pk, _noon(day, 90), "psych_test", worker,
                      {"instrument": instrument, "tested_on": day.isoformat()})
            for day, course, provider, outcome in case.trainings:
                trainings.append({"employment_case_id": pk, "referred_on": day,
                                  "course": course, "provider": provider, "outcome": outcome,
                                  "referred_by_id": worker})
                event(pk, _noon(day, 120), "training_referral", worker,
                      {"course": course, "referred_on": day.isoformat()})
            if case.follow_up:
                due, done, result = case.follow_up
                follow_ups.append({"employment_case_id": pk, "placement_id": life.placement,
                                   "due_on": due, "done_on": done, "result": result,
                                   "notes": "", "recorded_by_id": worker})
                event(pk, _noon(done, 150), "follow_up", worker,
                      {"placement": life.placement, "result": result,
                       "done_on": done.isoformat(), "due_on": due.isoformat()})
            if case.closed_on:
                event(pk, case.closed_at, "transition", worker, from_status=CaseStatus.OPEN,
                      to_status=CaseStatus.CLOSED)
                event(pk, case.closed_at, "employment_case_close", worker,
                      {"closed_on": case.closed_on.isoformat(), "reason": case.close_reason})
        for model, rows in ((EmploymentCase, employment_cases), (EmploymentCaseGroup, groups),
                            (CounsellingSession, sessions), (PsychTest, tests),
                            (TrainingReferral, trainings), (StabilityFollowUp, follow_ups),
                            (CaseEvent, events)):
            bulk_insert(model, rows)
        for year, last in next_number.items():
            CaseNumberSequence.objects.update_or_create(line=CASE_LINE, year=year,
                                                        defaults={"last_value": last})
        return (len(cases) + len(employment_cases) + len(groups) + len(sessions) + len(tests)
                + len(trainings) + len(follow_ups) + len(events))

    def write_claims(self) -> int:
        """Unemployment claims, their re-recognitions with the job searches shown, and the
        claimants' training referrals."""
        rng = self.rng
        counsellors = [u.pk for u in self.counsellors]
        lives = [life for life in self.lives if life.claim]
        claims = []
        for life in lives:
            plan = life.claim
            if plan.ended_on:
                status = ClaimStatus.ENDED
            elif plan.recognised_on:
                status = ClaimStatus.RECOGNISED
            else:
                status = ClaimStatus.APPLIED
            claims.append({
                "seeker_id": life.pk, "applied_on": plan.applied_on,
                "separated_on": plan.separated_on, "separation_reason": plan.reason,
                "last_employer_id": plan.last_employer, "status": status,
                "recognised_on": plan.recognised_on,
                "recognised_by_id": rng.choice(counsellors) if plan.recognised_on else None,
                "next_due_on": (urules.next_re_recognition(plan.last())
                                if status == ClaimStatus.RECOGNISED else None),
                "ended_on": plan.ended_on, "end_reason": plan.end_reason,
                "placement_id": (life.placement if plan.end_reason == ClaimEnd.EMPLOYED
                                 else None),
                "recorded_by_id": rng.choice(counsellors),
                "version": (1 + int(plan.recognised_on is not None) + len(plan.rounds)
                            + int(plan.ended_on is not None)),
            })  # fmt: skip
        rounds, searches_of, trainings = [], [], []
        for life, pk in zip(lives, bulk_insert(UnemploymentClaim, claims, pks=True),
                            strict=True):
            plan = life.claim
            previous = plan.recognised_on
            for k, (day, found) in enumerate(zip(plan.rounds, plan.searches, strict=True), 1):
                rounds.append({"claim_id": pk, "sequence": k, "on": day,
                               "earliest_on": urules.next_re_recognition(previous),
                               "recorded_by_id": rng.choice(counsellors)})
                searches_of.append(found)
                previous = day
            if plan.training_on:
                course, provider = rng.choice(TRAINING_COURSES)
                trainings.append({"claim_id": pk, "referred_on": plan.training_on,
                                  "course": course, "provider": provider,
                                  "referred_by_id": rng.choice(counsellors)})
        searches = [
            {"re_recognition_id": pk, "searched_on": day, "employer_name": est.name,
             "establishment_id": est.pk, "method": method, "result": result}
            for pk, found in zip(bulk_insert(ReRecognition, rounds, pks=True), searches_of,
                                 strict=True)
            for day, est, method, result in found
        ]
        bulk_insert(JobSearchRecord, searches)
        bulk_insert(ClaimTrainingReferral, trainings)
        return len(claims) + len(rounds) + len(searches) + len(trainings)


class _Named:
    """An occupation's name where services.search_text wants an Occupation."""

    def __init__(self, name: str):
        self.name = name


def registry_load(scenario: Scenario, progress: Progress) -> int:
    registry = Registry(scenario)
    registry.plan(progress)
    return registry.write(progress)


# --- the other parts: shared reading --------------------------------------------------------------


class Present:
    """What the later parts read back from the registers: the seekers (with their person,
    dates and wishes), the vacancies and the employment service office's staff."""

    def __init__(self, scenario: Scenario, part: str):
        self.scenario = scenario
        self.rng = scenario.rng(part)
        self.cal = Calendar(scenario)
        self.as_of = scenario.as_of
        self.districts = {d.code: d for d in District.objects.filter(city=scenario.city)}
        self.district_list = list(self.districts.values())
        self.ests = establishments(scenario)
        officers, supervisors = staff_of(EMPLOYMENT_UNIT)
        self.officers = [u for u in officers if ".casemanager" not in u.username] or officers
        self.supervisors = supervisors or officers
        if not self.officers:
            raise LookupError("no employment staff: load the part employment.roles first")
        rows = (JobSeeker.objects.order_by("registered_on", "pk")
                .values_list("pk", "person_id", "registered_on", "closed_on", "desired_title",
                             "person__birth_date"))
        self.seekers = list(rows)
        if not self.seekers:
            raise LookupError("no job seekers: load the part employment.registry first")
        self.seeker_days = [row[2].toordinal() for row in self.seekers]

    def seeker_on(self, day: dt.date, *, within: int = 150, tries: int = 60):
        """A registration active on ``day`` (registered in the ``within`` days before), or
        None."""
        lo = bisect.bisect_left(self.seeker_days, (day - dt.timedelta(days=within)).toordinal())
        hi = bisect.bisect_right(self.seeker_days, day.toordinal())
        if hi <= lo:
            return None
        for _ in range(tries):
            row = self.seekers[self.rng.randrange(lo, hi)]
            if row[3] is None or row[3] >= day:
                return row
        return None

    def shop(self, district: District | None = None) -> Est:
        for _ in range(30):
            est = self.rng.choice(self.ests)
            if est.industry in "GIS" and (district is None or est.district_id == district.pk):
                return est
        return self.rng.choice(self.ests)


# --- part: community employment service -----------------------------------------------------------

COMMUNITY_FOUND = (3_600, 3_846)  # seekers found (人次)
COMMUNITY_OFFERS = (9_800, 10_464)  # job offers made (人次)
COMMUNITY_PLACED = (1_980, 2_118)  # placed in work (人次)
COMMUNITY_STABLE = 641  # followed up in the half, stable for 3 months
JOBS_DEVELOPED = (4_900, 5_202)  # job openings developed by shop visits
PROMOTIONS = (330, 356)  # stationed promotion services
COMMUNITY_UNREGISTERED = 0.3  # of the persons found, not registered as seekers
COMMUNITY_LINKED = 0.6  # of the placements, a registry placement of a registered seeker
SHOP_WORDS = ("早餐店", "便當店", "飲料店", "咖啡館", "麵包店", "洗衣店", "美髮沙龍", "水果行",
              "小吃店", "火鍋店", "書局", "眼鏡行")
LI_NAMES = ("中正", "仁愛", "光明", "福德", "永樂", "新興", "民生", "大同", "和平", "文昌")


def community_load(scenario: Scenario, progress: Progress) -> int:
    now = Present(scenario, "employment.community")
    rng, cal, as_of = now.rng, now.cal, now.as_of
    progress("社區就業服務", 0, 4)
    placements = {seeker: (pk, day, est) for seeker, pk, day, est in
                  Placement.objects.values_list("seeker_id", "pk", "placed_on",
                                                "establishment_id")}
    est_names = {e.pk: e.name for e in now.ests}
    contacts, new_persons = [], []
    for h, n in enumerate(COMMUNITY_FOUND):
        lo, hi = cal.halves[h]
        for _ in range(scenario.count(n)):
            day = cal.day(rng, lo, hi)
            seeker = now.seeker_on(day) if rng.random() >= COMMUNITY_UNREGISTERED else None
            person = None
            if seeker is None:
                person = _plain_person(rng, now, day)
                new_persons.append(person)
            contacts.append({"found_on": day, "seeker": seeker, "plan": person,
                             "district": rng.choice(now.district_list),
                             "source": _weighted(rng, ((CommunitySource.VISIT, 30),
                                                       (CommunitySource.LI_OFFICE, 20),
                                                       (CommunitySource.SOCIAL_WELFARE, 15),
                                                       (CommunitySource.SCHOOL, 8),
                                                       (CommunitySource.LONG_TERM, 20),
                                                       (CommunitySource.OTHER, 7))),
                             "officer": rng.choice(now.officers).pk})
    rows = write_persons(scenario, rng, new_persons, "employment.community")
    contact_pks = bulk_insert(CommunityContact, [
        {"person_id": c["seeker"][1] if c["seeker"] else c["plan"].pk, "found_on": c["found_on"],
         "district_id": c["district"].pk, "source": c["source"], "officer_id": c["officer"],
         "seeker_id": c["seeker"][0] if c["seeker"] else None,
         "notes": "主動發掘並提供就業資訊。"} for c in contacts], pks=True)
    for c, pk in zip(contacts, contact_pks, strict=True):
        c["pk"] = pk
    progress("社區就業服務", 1, 4)

    # Placements: exactly COMMUNITY_PLACED in each half; a registered seeker's is the
    # registry's own placement (linked), an unregistered person's the community's record.
    linked_taken: set[int] = set()
    placed_rows = []
    for h, n in enumerate(COMMUNITY_PLACED):
        n = scenario.count(n)
        lo, hi = cal.halves[h]
        linked = {}  # one community record per registry placement
        for c in contacts:
            if c["seeker"] and c["seeker"][0] in placements:
                pk, day, est = placements[c["seeker"][0]]
                if lo <= day <= hi and day >= c["found_on"] and pk not in linked_taken:
                    linked[pk] = (c, pk, day, est)
        linked = list(linked.values())
        chosen = _choose(rng, linked, min(round(n * COMMUNITY_LINKED), len(linked)))
        standalone = [c for c in contacts if c["plan"] is not None and c["found_on"] <= hi
                      and not c.get(f"placed{h}") and c["found_on"] + dt.timedelta(days=3) <= hi]
        alone = _choose(rng, standalone, n - len(chosen))
        if len(chosen) + len(alone) != n:
            raise ValueError(f"community placements: {len(chosen) + len(alone)} of {n}")
        for c, pk, day, est in chosen:
            linked_taken.add(pk)
            placed_rows.append({"contact": c, "placed_on": day, "placement_id": pk,
                                "establishment_id": est, "title": c["seeker"][4] or "",
                                "employer_name": est_names.get(est, "")})
        for c in alone:
            c[f"placed{h}"] = True
            est = rng.choice(now.ests)
            placed_rows.append({"contact": c, "placement_id": None, "establishment_id": est.pk,
                                "employer_name": est.name,
                                "placed_on": cal.skewed(rng, max(lo, c["found_on"] + dt.timedelta(
                                    days=3)), hi, 30),
                                "title": rng.choice(JOBS[rng.randrange(len(JOBS))].titles)})
    # 3-month follow-ups: exactly COMMUNITY_STABLE stable ones in the half.
    lo1 = cal.halves[1][0]
    due_here = []
    for row in placed_rows:
        due = prules.stability_due_on(row["placed_on"])
        day = cal.on_or_after(due + dt.timedelta(days=rng.randint(0, 20)))
        row["follow_up_on"], row["follow_up_result"] = None, ""
        if day > as_of:
            continue
        row["due_day"] = day
        if day >= lo1:
            due_here.append(row)
        else:
            result = _weighted(rng, ((FollowUpResult.STABLE, 35), (FollowUpResult.LEFT, 20),
                                     (FollowUpResult.UNREACHABLE, 10), ("", 35)))
            if result:
                row["follow_up_on"], row["follow_up_result"] = day, result
    stable = set(map(id, _choose(rng, due_here, scenario.count(COMMUNITY_STABLE))))
    if len(stable) != scenario.count(COMMUNITY_STABLE):
        raise ValueError("community follow-ups: not enough placements due in the half")
    for row in due_here:
        if id(row) in stable:
            row["follow_up_on"], row["follow_up_result"] = row["due_day"], FollowUpResult.STABLE
        elif rng.random() < 0.5:
            row["follow_up_on"] = row["due_day"]
            row["follow_up_result"] = rng.choice((FollowUpResult.LEFT,
                                                  FollowUpResult.UNREACHABLE))
    bulk_insert(CommunityPlacement, [
        {"contact_id": r["contact"]["pk"], "placed_on": r["placed_on"], "title": r["title"],
         "establishment_id": r["establishment_id"], "employer_name": r["employer_name"],
         "placement_id": r["placement_id"], "follow_up_on": r["follow_up_on"],
         "follow_up_result": r["follow_up_result"]} for r in placed_rows])
    progress("社區就業服務", 2, 4)

    # Job offers to the persons found (a vacancy open that day).
    vacancies = list(Vacancy.objects.filter(verified_at__isnull=False).order_by("posted_on", "pk")
                     .values_list("pk", "establishment_id", "title", "posted_on", "valid_until"))
    posted = [v[3].toordinal() for v in vacancies]
    found = sorted(contacts, key=lambda c: c["found_on"])
    found_days = [c["found_on"].toordinal() for c in found]
    offers = []
    for h, n in enumerate(COMMUNITY_OFFERS):
        lo, hi = cal.halves[h]
        for _ in range(scenario.count(n)):
            day = cal.day(rng, lo, hi)
            a = bisect.bisect_left(found_days, (day - dt.timedelta(days=150)).toordinal())
            b = bisect.bisect_right(found_days, day.toordinal())
            if b <= a:
                day = found[0]["found_on"] if found[0]["found_on"] >= lo else lo
                a, b = 0, bisect.bisect_right(found_days, day.toordinal())
            contact = found[rng.randrange(a, b)] if b > a else found[0]
            day = max(day, contact["found_on"])
            vacancy = None
            i = bisect.bisect_right(posted, day.toordinal())
            for _ in range(20):
                if i == 0:
                    break
                v = vacancies[rng.randrange(max(0, i - 4000), i)]
                if v[4] >= day:
                    vacancy = v
                    break
            if vacancy:
                offers.append({"contact_id": contact["pk"], "offered_on": day, "title": vacancy[2],
                               "vacancy_id": vacancy[0], "establishment_id": vacancy[1],
                               "employer_name": est_names.get(vacancy[1], "")})
            else:
                est = now.shop()
                offers.append({"contact_id": contact["pk"], "offered_on": day,
                               "title": rng.choice(JOBS[rng.randrange(len(JOBS))].titles),
                               "vacancy_id": None, "establishment_id": est.pk,
                               "employer_name": est.name})
    bulk_insert(CommunityJobOffer, offers)
    progress("社區就業服務", 3, 4)

    # Shop visits that developed jobs, and stationed promotion services.
    visits, promotions = [], []
    for h in (0, 1):
        lo, hi = cal.halves[h]
        total = scenario.count(JOBS_DEVELOPED[h])
        for jobs in split(rng, total, max(1, round(total / 3.4)), spread=2.5):
            district = rng.choice(now.district_list)
            if rng.random() < 0.7:
                est = now.shop(district)
                name, est_pk = est.name, est.pk
            else:
                name = rng.choice(BRANDS_SHORT) + rng.choice(SHOP_WORDS)
                est_pk = None
            visits.append({"visited_on": cal.day(rng, lo, hi), "district_id": district.pk,
                           "establishment_id": est_pk, "shop_name": name,
                           "jobs_developed": jobs, "officer_id": rng.choice(now.officers).pk})
        for _ in range(scenario.count(PROMOTIONS[h])):
            district = rng.choice(now.district_list)
            partner = _weighted(rng, ((PromotionPartner.SCHOOL, 30),
                                      (PromotionPartner.SOCIAL_WELFARE, 30),
                                      (PromotionPartner.LI_OFFICE, 40)))
            short = district.name.removesuffix("區")
            place = {PromotionPartner.SCHOOL: f"臺北市立{short}高級中學",
                     PromotionPartner.SOCIAL_WELFARE: f"臺北市{district.name}社會福利服務中心",
                     PromotionPartner.LI_OFFICE: f"{district.name}{rng.choice(LI_NAMES)}里辦公處"}
            promotions.append({"held_on": cal.day(rng, lo, hi), "partner": partner,
                               "place": place[partner], "district_id": district.pk})
    bulk_insert(JobDevelopmentVisit, visits)
    bulk_insert(CommunityPromotion, promotions)
    progress("社區就業服務", 4, 4)
    return (rows + len(contacts) + len(placed_rows) + len(offers) + len(visits)
            + len(promotions))


BRANDS_SHORT = ("阿美", "小林", "老王", "大大", "好日子", "永和", "幸福", "晨光", "巷口", "鮮味")


def _plain_person(rng: random.Random, now: Present, on: dt.date, age=(20, 64),
                  female: bool | None = None) -> PersonPlan:
    female = rng.random() < 0.5 if female is None else female
    years = rng.randint(*age)
    born = dt.date(on.year - years - 1, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    surname, given = _person_name(rng, female=female)
    return PersonPlan(name=surname + given, female=female, born=born, kind="tw",
                      nationality="TW", district=rng.choice(now.district_list))


# --- part: youth career centre and job redesign -------------------------------------------------

YOUTH_SERVICES = (1_750, 1_930)  # aptitude tests and career counselling (人次)
YOUTH_EVENTS = (92, 101)
YOUTH_PARTICIPANTS = (5_200, 5_681)
# Job redesign: received in each half (decided in it, or the half after), approved amounts.
REDESIGN_RECEIVED = (64, 72)
REDESIGN_APPROVED_AMOUNT = 343_070  # approved in the half
# (approved in the same half, rejected in it, decided in the half after: approved / rejected)
REDESIGN_FLOW = ((50, 5, 7, 2), (58, 4, 0, 0))
YOUTH_EVENT_TITLES = {
    YouthEventKind.LECTURE: ("履歷自傳撰寫技巧講座", "面試禮儀與應對實務", "斜槓青年的職涯規劃",
                             "職場溝通力工作坊", "從興趣到職業：職涯探索講座",
                             "AI時代的職場競爭力"),
    YouthEventKind.TOUR: ("科技園區企業參訪", "百貨零售業職場導覽", "觀光旅宿業職場導覽",
                          "金融業職場體驗參訪", "綠能產業參訪"),
    YouthEventKind.OTHER: ("職涯桌遊體驗營", "模擬面試工作坊", "青年職場體驗分享會", "職涯小聚"),
}
YOUTH_PLACES = ("臺北青年職涯發展中心", "臺北市就業服務處", "國立臺灣大學", "國立臺北科技大學",
                "臺北市立大學", "國立政治大學", "中國文化大學", "世新大學")


def programmes_load(scenario: Scenario, progress: Progress) -> int:
    now = Present(scenario, "employment.programmes")
    rng, cal = now.rng, now.cal
    progress("青年職涯及職務再設計", 0, 2)
    young = [row for row in now.seekers
             if row[5] and prules.age_on(row[5], row[2]) <= 29]
    services, events = [], []
    for h in (0, 1):
        lo, hi = cal.halves[h]
        candidates = [row for row in young if lo <= row[2] <= hi]
        for _ in range(scenario.count(YOUTH_SERVICES[h])):
            person, day = None, cal.day(rng, lo, hi)
            if candidates and rng.random() < 0.6:
                row = rng.choice(candidates)
                person, day = row[1], cal.day(rng, row[2], min(hi, row[2] + dt.timedelta(
                    days=60)))
            services.append({"kind": _weighted(rng, ((YouthServiceKind.TEST, 40),
                                                     (YouthServiceKind.COUNSELLING, 60))),
                             "served_on": day, "person_id": person,
                             "counsellor_id": rng.choice(now.officers).pk,
                             "notes": "職涯方向探索及求職準備。"})
        n = scenario.count(YOUTH_EVENTS[h])
        for participants in split(rng, scenario.count(YOUTH_PARTICIPANTS[h]), n, minimum=12,
                                  spread=3):
            kind = _weighted(rng, ((YouthEventKind.LECTURE, 50), (YouthEventKind.TOUR, 20),
                                   (YouthEventKind.OTHER, 30)))
            events.append({"kind": kind, "title": rng.choice(YOUTH_EVENT_TITLES[kind]),
                           "held_on": cal.day(rng, lo, hi), "place": rng.choice(YOUTH_PLACES),
                           "co_organised": rng.random() < 0.3, "participants": participants})
    bulk_insert(YouthService, services)
    bulk_insert(YouthEvent, events)
    progress("青年職涯及職務再設計", 1, 2)
    rows = len(services) + len(events) + _redesign(scenario, now)
    progress("青年職涯及職務再設計", 2, 2)
    return rows


def _redesign(scenario: Scenario, now: Present) -> int:
    """Job-redesign applications: received by an officer, decided by a supervisor; the
    amounts approved in the half add up to REDESIGN_APPROVED_AMOUNT exactly."""
    rng, cal = now.rng, now.cal
    plans = []  # (person plan, received, decided, approved?, half decided)
    for h in (0, 1):
        lo, hi = cal.halves[h]
        received = scenario.count(REDESIGN_RECEIVED[h])
        flow = [scenario.count(x) for x in REDESIGN_FLOW[h]]
        kinds = (["approved"] * flow[0] + ["rejected"] * flow[1] + ["approved_next"] * flow[2]
                 + ["rejected_next"] * flow[3])
        kinds += ["pending"] * max(0, received - len(kinds))
        for kind in kinds[:received]:
            if kind.endswith("_next"):
                day = cal.day(rng, hi - dt.timedelta(days=25), hi)
                decided = cal.day(rng, hi + dt.timedelta(days=5), hi + dt.timedelta(days=30))
            elif kind == "pending":
                day = cal.day(rng, hi - dt.timedelta(days=20), hi)
                decided = None
            else:
                day = cal.day(rng, lo, hi - dt.timedelta(days=30))
                decided = cal.day(rng, day + dt.timedelta(days=7), min(hi, day + dt.timedelta(
                    days=28)))
            person = _plain_person(rng, now, day, age=(46, 68), female=rng.random() < 0.45)
            plans.append([person, day, decided, kind.split("_")[0]])
    write = write_persons(scenario, rng, [p[0] for p in plans], "employment.programmes")
    lo1, hi1 = cal.halves[1]
    here = [p for p in plans if p[3] == "approved" and p[2] and lo1 <= p[2] <= hi1]
    amounts = split(rng, scenario.count(REDESIGN_APPROVED_AMOUNT), len(here), minimum=800,
                    spread=2.5)
    approved = {id(p): a for p, a in zip(here, amounts, strict=True)}
    officers, supervisors = now.officers, now.supervisors
    out = []
    for plan in plans:
        person, received, decided, decision = plan
        approved_amount = None
        if decision == "approved":
            approved_amount = approved.get(id(plan))
            if approved_amount is None:  # approved in the half before
                approved_amount = rng.randrange(1500, 12000, 10)
        requested = (approved_amount + rng.choice((0, 0, 0, 500, 1200, 3000))
                     if approved_amount else rng.randrange(2000, 20000, 10))
        receiver = rng.choice(officers)
        decider = next((u for u in supervisors if u.pk != receiver.pk), None) or next(
            u for u in officers if u.pk != receiver.pk)
        est = rng.choice(now.ests)
        out.append({
            "person_id": person.pk, "establishment_id": est.pk, "received_on": received,
            "measures": rng.sample(RedesignMeasure.values, rng.randint(1, 2)),
            "description": "改善中高齡勞工之工作設備及工作方法，降低體力負荷。",
            "amount_requested": requested, "received_by_id": receiver.pk,
            "decision": {"approved": RedesignDecision.APPROVED,
                         "rejected": RedesignDecision.REJECTED,
                         "pending": RedesignDecision.PENDING}[decision],
            "decided_on": decided if decision != "pending" else None,
            "amount_approved": approved_amount,
            "decided_by_id": decider.pk if decision != "pending" else None,
            "version": 1 if decision == "pending" else 2,
        })
    bulk_insert(JobRedesignApplication, out)
    return write + len(out)


# --- part: job fairs, recruitment events and recruitment exams -----------------------------------

# (events, employers, job types, openings, resumes, interviews) of each kind in each half; a
# None is not a figure of the report, drawn freely.
FAIRS = {
    EventKind.LARGE: ((2, 210, 1_850, 9_900, 3_300, None), (3, 328, 2_923, 15_322, 5_064, None)),
    EventKind.MEDIUM: ((2, 38, None, 1_700, 560, None), (2, 42, None, 1_903, 613, None)),
    EventKind.SMALL: ((230, None, None, 20_400, None, 3_050), (250, None, None, 22_203, None,
                                                                3_328)),
    EventKind.PROJECT: ((1, 1, 9, 150, 170, None), (2, 2, 16, 300, 316, None)),
}
FAIR_PLACES = {
    EventKind.LARGE: (("臺北市政府市政大樓1樓中庭", "xinyi"), ("南港展覽館", "nangang"),
                      ("花博公園爭艷館", "zhongshan"), ("臺北國際會議中心", "xinyi")),
    EventKind.MEDIUM: (("臺北車站1樓大廳", "zhongzheng"), ("西門町紅樓廣場", "wanhua"),
                       ("內湖科技園區", "neihu")),
    EventKind.SMALL: (("臺北市就業服務處西門就業服務站", "wanhua"),
                      ("臺北市就業服務處南港就業服務站", "nangang"),
                      ("臺北市就業服務處士林就業服務站", "shilin"),
                      ("臺北市就業服務處信義就業服務站", "xinyi"),
                      ("臺北市就業服務處北投就業服務站", "beitou"),
                      ("臺北市就業服務處中山就業服務站", "zhongshan")),
    EventKind.PROJECT: (("臺北市就業服務處", "zhongzheng"),),
}
FAIR_TITLES = {
    EventKind.LARGE: ("{year}年臺北市就業博覽會", "{year}年春季大型就業博覽會",
                      "{year}年臺北市青年暨中高齡就業博覽會", "{year}年南港科技人才就業博覽會"),
    EventKind.MEDIUM: ("{year}年臺北車站聯合徵才活動", "{year}年觀光旅宿業聯合徵才",
                       "{year}年內湖科技園區聯合徵才"),
    EventKind.SMALL: ("{employer}現場徵才活動",),
    EventKind.PROJECT: ("{employer}專案招募",),
}
# Recruitment exams: (sessions, applicants, interviewed, main list, reserve list).
EXAMS = ((5, 1_830, 1_050, 330, 160), (6, 2_147, 1_223, 384, 191))
EXAM_AGENCIES = (
    ("臺北市政府工務局公園路燈工程管理處", "約僱技工"), ("臺北市政府環境保護局", "約聘稽查人員"),
    ("臺北市政府教育局", "公立幼兒園契約進用教保員"), ("臺北市立聯合醫院", "約聘行政助理"),
    ("臺北市政府社會局", "約聘社工員"), ("臺北市政府工務局衛生下水道工程處", "專案技工"),
    ("臺北市政府捷運工程局", "約聘工程員"), ("臺北市政府文化局", "工友"),
)


def events_load(scenario: Scenario, progress: Progress) -> int:
    now = Present(scenario, "employment.events")
    rng, cal = now.rng, now.cal
    progress("徵才活動及就業甄選", 0, 2)
    unit = Unit.objects.filter(code=EMPLOYMENT_UNIT).first()
    occupations = dict(Occupation.objects.values_list("code", "pk"))
    by_industry: dict[str, list[int]] = defaultdict(list)
    for i, job in enumerate(JOBS):
        for section in job.industries:
            by_industry[section].append(i)
    weights = [max(e.headcount or 3, 1) ** 0.6 for e in now.ests]
    events, employers, jobs, applicants = [], [], [], []
    for kind, halves in FAIRS.items():
        for h, figures in enumerate(halves):
            lo, hi = cal.halves[h]
            n_events, n_employers, n_jobs, openings, resumes, interviews = (
                None if x is None else scenario.count(x) for x in figures)
            n_events = max(n_events, 1)
            if n_employers is None:
                n_employers = sum(rng.choice((1, 1, 2, 2, 3)) for _ in range(n_events))
            n_employers = max(n_employers, n_events)
            per_event = split(rng, n_employers, n_events, spread=4)
            firms = []  # (event index, establishment)
            for e in range(n_events):
                if kind in (EventKind.LARGE, EventKind.MEDIUM):
                    day = cal.anyday(rng, lo, hi)
                    while day.weekday() != 5:  # Saturdays
                        day += dt.timedelta(days=1)
                    if day > hi:
                        day -= dt.timedelta(days=7)
                else:
                    day = cal.day(rng, lo, hi)
                place, district = rng.choice(FAIR_PLACES[kind])
                chosen = set()
                while len(chosen) < per_event[e]:
                    chosen.add(rng.choices(range(len(now.ests)), weights=weights, k=1)[0])
                ests = [now.ests[i] for i in sorted(chosen)]
                title = rng.choice(FAIR_TITLES[kind]).format(year=day.year - 1911,
                                                             employer=ests[0].name)
                events.append({"kind": kind, "title": title[:200], "held_on": day,
                               "place": place,
                               "district_id": now.districts[district].pk
                               if district in now.districts else None,
                               "unit_id": unit.pk if unit else None,
                               "created_by_id": rng.choice(now.officers).pk})
                firms.extend((len(events) - 1, est, day) for est in ests)
            if n_jobs is None:
                n_jobs = sum(rng.choice((1, 2, 3, 4)) for _ in firms)
            job_counts = split(rng, n_jobs, len(firms), spread=2)
            firm_jobs = []
            for (event, est, _day), count in zip(firms, job_counts, strict=True):
                employers.append({"event": event, "establishment_id": est.pk})
                pool = by_industry.get(est.industry) or list(range(len(JOBS)))
                for _ in range(count):
                    job = JOBS[rng.choice(pool)]
                    firm_jobs.append(len(jobs))
                    jobs.append({"employer": len(employers) - 1, "title": rng.choice(job.titles),
                                 "occupation_id": occupations.get(job.code), "openings": 1})
            for k, n in zip(firm_jobs, split(rng, openings, len(firm_jobs), spread=2),
                            strict=True):
                jobs[k]["openings"] = n
            # Applicants: resumes received (and interviews) spread over the employers.
            first_employer = len(employers) - len(firms)
            total = resumes if resumes is not None else round(interviews * 1.15)
            per_firm = split(rng, total, len(firms), minimum=0, spread=2)
            if interviews is not None:
                interviewed = set(rng.sample(range(total), interviews))
            else:
                interviewed = set(rng.sample(range(total), round(total * 0.35)))
            serial = 0
            for f, n in enumerate(per_firm):
                event, _est, day = firms[f]
                seen = set()
                for _ in range(n):
                    row = now.seeker_on(day, within=200, tries=8) if rng.random() < 0.5 else None
                    person = row[1] if row and row[1] not in seen else None
                    if person:
                        seen.add(person)
                    surname, given = _person_name(rng, female=rng.random() < 0.5)
                    applicants.append({
                        "employer": first_employer + f, "person_id": person,
                        "name": "" if person else surname + given,
                        "resume_received": (resumes is not None or serial not in interviewed
                                            or rng.random() < 0.7),
                        "interviewed": serial in interviewed,
                        "result": _weighted(rng, ((ApplicantResult.PENDING, 20),
                                                  (ApplicantResult.SECOND_ROUND, 15),
                                                  (ApplicantResult.HIRED, 20),
                                                  (ApplicantResult.NOT_HIRED, 45)))
                        if serial in interviewed else ApplicantResult.PENDING,
                    })
                    serial += 1
    event_pks = bulk_insert(RecruitmentEvent, events, pks=True)
    for row in employers:
        row["event_id"] = event_pks[row.pop("event")]
    employer_pks = bulk_insert(EventEmployer, employers, pks=True)
    for row in jobs:
        row["employer_id"] = employer_pks[row.pop("employer")]
    bulk_insert(EventJob, jobs)
    for row in applicants:
        row["employer_id"] = employer_pks[row.pop("employer")]
    bulk_insert(EventApplicant, applicants)
    progress("徵才活動及就業甄選", 1, 2)
    rows = len(events) + len(employers) + len(jobs) + len(applicants) + _exams(scenario, now)
    progress("徵才活動及就業甄選", 2, 2)
    return rows


def _exams(scenario: Scenario, now: Present) -> int:
    """Recruitment exams for city agencies: applicants, interviews, main and reserve lists
    split over the sessions in exact totals (the main list never over the positions)."""
    rng, cal = now.rng, now.cal
    persons = sorted({row[1] for row in now.seekers})
    sessions, applicants = [], []
    for h, (n, applied, interviewed, main, reserve) in enumerate(EXAMS):
        lo, hi = cal.halves[h]
        n = max(1, scenario.count(n))
        applied, interviewed = scenario.count(applied), scenario.count(interviewed)
        main, reserve = scenario.count(main), scenario.count(reserve)
        weights = [rng.uniform(0.5, 2.0) for _ in range(n)]
        shares = [_apportion(x, weights) for x in (applied, interviewed, main, reserve)]
        for i, (agency, title) in enumerate(rng.sample(EXAM_AGENCIES, n)):
            a, b, m, r = (share[i] for share in shares)
            b = min(b, a)
            m, r = min(m, b), min(r, max(0, b - min(m, b)))
            day = cal.day(rng, lo + dt.timedelta(days=20), hi)
            sessions.append({"agency": agency, "title": title, "positions": max(m, 1),
                             "held_on": day, "place": "臺北市就業服務處",
                             "created_by_id": rng.choice(now.officers).pk, "version": 1 + a})
            people = rng.sample(persons, a)
            for k, person in enumerate(people):
                result, rank = ExamResult.NOT_HIRED, None
                if k < m:
                    result, rank = ExamResult.MAIN, k + 1
                elif k < m + r:
                    result, rank = ExamResult.RESERVE, k - m + 1
                applicants.append({"session": len(sessions) - 1, "person_id": person,
                                   "applied_on": day - dt.timedelta(days=rng.randint(7, 30)),
                                   "interviewed": k < b, "result": result, "rank": rank})
        # The split keeps the totals unless a session's shares had to be cut: check.
    session_pks = bulk_insert(ExamSession, sessions, pks=True)
    for row in applicants:
        row["session_id"] = session_pks[row.pop("session")]
    bulk_insert(ExamApplicant, applicants)
    return len(sessions) + len(applicants)


# --- part: the job bank's page views --------------------------------------------------------------

PAGE_VIEWS = (10_120_000, 10_965_012)
SEARCH_SHARE = 0.58


def job_bank_load(scenario: Scenario, progress: Progress) -> int:
    rng, cal = scenario.rng("employment.job_bank"), Calendar(scenario)
    rows = []
    for h in (0, 1):
        lo, hi = cal.halves[h]
        days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
        weights = []
        for day in days:
            w = {0: 1.15, 5: 0.55, 6: 0.5}.get(day.weekday(), 1.0) * rng.uniform(0.85, 1.15)
            weights.extend((w * SEARCH_SHARE, w * (1 - SEARCH_SHARE)))
        counts = _apportion(scenario.count(PAGE_VIEWS[h]), weights)
        for i, day in enumerate(days):
            rows.append({"day": day, "kind": PageKind.SEARCH, "count": counts[2 * i]})
            rows.append({"day": day, "kind": PageKind.VACANCY, "count": counts[2 * i + 1]})
    existing = set(PageViewDay.objects.values_list("day", "kind"))
    rows = [r for r in rows if (r["day"], r["kind"]) not in existing]
    bulk_insert(PageViewDay, rows)
    progress("人力銀行瀏覽次數", 1, 1)
    return len(rows)


PARTS = [
    Part("employment.roles", roles_load, requires=("core.organisation",),
         label="就業服務角色權限及人員"),
    Part("employment.registry", registry_load,
         requires=("core.organisation", "core.establishments", "employment.roles"),
         label="求職、求才、推介、就業、個案管理及失業認定紀錄"),
    Part("employment.community", community_load, requires=("employment.registry",),
         label="社區就業服務紀錄"),
    Part("employment.programmes", programmes_load, requires=("employment.registry",),
         label="青年職涯服務及職務再設計紀錄"),
    Part("employment.events", events_load, requires=("employment.registry",),
         label="徵才活動及就業甄選紀錄"),
    Part("employment.job_bank", job_bank_load, requires=("employment.roles",),
         label="台北人力銀行瀏覽次數"),
]
