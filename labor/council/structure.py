"""The council work report's outline, declared as data.

The order and numbering follow the bureau's report (seed/council-report-2023H1.txt): 壹、前言;
貳、重要施政成果 with 一 to 五 and their sub-items, tables 1 to 5; 參、已實施之創新措施;
肆、未來施政重點. Each section names the narrative it prints (``key``, edited per period in the
workspace) and the indicator codes its figures come from. A section whose codes are not all
registered (a line of service not yet built) is printed with :data:`NOT_YET_NOTE` in place of
its text and table: the report never shows a figure that no record produced.

A section without codes (前言, 肆) is narrative only and is always printed. 參 lists the codes
of the items whose figures come from records (the others are narrative).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

NOT_YET_NOTE = "本節業務尚未納入本系統，數據待該業務上線後產生。"


@dataclass(frozen=True)
class TableRow:
    label: str
    code: str


@dataclass(frozen=True)
class ReportTable:
    """A numbered table (表1 …) of one figure per row."""

    number: int
    title: str
    rows: tuple[TableRow, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)


@dataclass(frozen=True)
class Section:
    key: str  # the narrative's key: NarrativeText.section_key
    number: str  # as printed: 壹、 / 一、 / (一) / 1.
    title: str
    level: int  # 1 壹, 2 一, 3 (一), 4 1., 5 (1), 6 A.
    codes: tuple[str, ...] = ()
    table: ReportTable | None = None
    children: tuple[Section, ...] = field(default=())

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def all_codes(self) -> tuple[str, ...]:
        return self.codes + (self.table.codes if self.table else ())

    @property
    def narrative_only(self) -> bool:
        return not self.all_codes and not self.children

    def has_data(self, registered: Iterable[str]) -> bool:
        """Whether every figure this section prints comes from a registered indicator."""
        registered = set(registered)
        return all(code in registered for code in self.all_codes)


def _s(key, number, title, level, codes=(), table=None, children=()):
    return Section(key=key, number=number, title=title, level=level, codes=tuple(codes),
                   table=table, children=tuple(children))


def _t(number, title, rows):
    return ReportTable(number=number, title=title,
                       rows=tuple(TableRow(label, code) for label, code in rows))


TABLE_1 = _t(1, "就業服務成果統計表", [
    ("求職人數", "employment.job_seekers"), ("求才人數", "employment.vacancies"),
    ("就業人數", "employment.placed_seekers"), ("求才僱用人數", "employment.hires"),
    ("求職就業率", "employment.seeker_placement_rate"),
    ("求才利用率", "employment.vacancy_fill_rate"),
])
TABLE_2 = _t(2, "特定對象就業服務統計表", [
    ("開案量（人數）", "priority_groups.cases_opened"),
    ("職業心理測驗（人次）", "priority_groups.psych_tests"),
    ("一般就業諮詢（人次）", "priority_groups.general_counselling"),
    ("深度就業諮詢（人次）", "priority_groups.in_depth_counselling"),
    ("推介職業訓練人數", "priority_groups.training_referrals"),
    ("求職推介人次", "priority_groups.job_referrals"),
    ("就業人數", "priority_groups.placed"),
])
TABLE_3 = _t(3, "新移民就業服務統計表", [
    ("求職人數", "new_immigrants.job_seekers.total"),
    ("開案數（人）", "new_immigrants.cases_opened.total"),
    ("推介人次", "new_immigrants.referrals.total"),
    ("就業人數", "new_immigrants.placed.total"),
])
TABLE_4 = _t(4, "台北人力銀行服務統計表", [
    ("瀏覽人次", "job_bank.page_views"), ("新增廠商家數", "job_bank.new_employers"),
    ("新增工作機會", "job_bank.new_vacancies"), ("新增求職履歷人數", "job_bank.new_resumes"),
])
TABLE_5 = _t(5, "失業認定服務情形統計表", [
    ("受理申請人數", "unemployment.applications"), ("失業認定人數", "unemployment.recognised"),
    ("失業再認定人次", "unemployment.re_recognitions"),
    ("協助就業人數", "unemployment.helped_into_work"),
    ("推介參加職業訓練人數", "unemployment.training_referrals"),
])

DISPUTES_CODES = (
    "disputes.cases_handled", "disputes.settlement_rate", "disputes.online_applications",
    "disputes.online_share", "disputes.lawyer_consultations",
)
MIGRANT_DISPUTES_CODES = (
    "disputes.migrant_cases", "disputes.migrant_coordination_meetings",
    "disputes.migrant_coordination_success_rate",
)
LABOR_INSPECTION_CODES = (
    "labor_inspection.annual_target", "labor_inspection.inspections",
    "labor_inspection.mol_projects", "labor_inspection.mol_project_establishments",
    "labor_inspection.own_projects", "labor_inspection.own_project_establishments",
    "labor_inspection.projects", "labor_inspection.project_establishments",
    "labor_inspection.advisor_visits", "labor_inspection.office_projects",
    "labor_inspection.office_project_establishments", "labor_inspection.compliance_guidance",
)
HEALTH_STAFFING_CODES = (
    *(f"osh_health_staffing.band_{band}.{figure}"
      for band in ("300_plus", "200_299", "100_199", "50_99_special")
      for figure in ("rate", "staffed", "required")),
    "osh_health_staffing.staffed_50_plus",
)
OSH_INSPECTION_CODES = (
    "osh_inspection.public_works_inspections", "osh_inspection.public_works_stop_work_orders",
    "osh_inspection.social_housing_inspections",
    *(f"osh_notifications.{kind}.{figure}"
      for kind in ("lightweight_roof", "scaffolding", "gondola_rope")
      for figure in ("notified", "supervised", "execution_rate", "unreported")),
    "osh_inspection.road_works_inspections", "osh_inspection.insurance_referrals",
    "osh_inspection.health_project_establishments", "osh_inspection.cctv_sites",
    "osh_inspection.cctv_remote_inspections", "osh_inspection.confined_space_inspections",
    "osh_inspection.confined_space_defect_rate", "osh_inspection.lpg_inspections",
    "osh_inspection.lpg_improvement_notices", "osh_inspection.inspections",
    "osh_inspection.penalties", "osh_inspection.penalty_amount",
    "osh_inspection.sme_staff_visits", "osh_inspection.sme_team_visits",
)
# 貳.一.(一).3 勞工權益基金: (1) the ledger, (2) the litigation subsidies of the period,
# (3) the open recovery book and what was repaid or reclassified.
FUND_CODES = (
    "fund.surplus_accumulated_2022", "fund.surplus_2023", "fund.balance",
    "fund.litigation_applications", "fund.litigation_approved", "fund.litigation_persons",
    "fund.litigation_amount", "fund.approved_dismissal", "fund.approved_occupational_injury",
    "fund.approved_plant_closure", "fund.recovery_cases", "fund.recovery_amount",
    "fund.recovery_share_court_fees", "fund.recovery_share_third_instance_lawyer_fees",
    "fund.recovery_share_living_expenses", "fund.recovered_lawyer_fees",
    "fund.recovered_court_fees", "fund.recovered_enforcement_fees",
    "fund.recovered_living_expenses", "fund.recovered_total",
)
# 參、已實施之創新措施: the items whose figures are records (the 50-99 coverage plan, the
# long-working-hours project, film productions' notified shooting); the others are narrative.
INNOVATION_CODES = (
    "labor_inspection.firms_50_99_population", "labor_inspection.firms_50_99_inspected",
    "labor_inspection.high_hours_project_establishments", "osh_inspection.film_notifications",
    "osh_inspection.film_inspections", "osh_inspection.film_improvement_notices",
)

# 貳.四.(二) 就業服務及促進就業, numbered as the report numbers it: 1. with (1) to (7), the
# third with A. to G.; tables 1 to 5 under the items that cite them. C. (城市導引員) and E.
# (暑期工讀) are narrative only: the platform keeps no records of them.
COMMUNITY_CODES = (
    "employment.community_seekers_found", "employment.community_placed",
    "employment.community_stable_3_months", "employment.community_job_offers",
    "employment.community_promotions", "employment.community_jobs_developed",
)
HOMELESS_CODES = (
    "employment.homeless_registrations", "employment.homeless_referrals",
    "employment.homeless_placed",
)
IMMIGRANT_SPLIT_CODES = tuple(
    f"new_immigrants.{measure}.{side}"
    for measure in ("job_seekers", "cases_opened", "referrals", "placed")
    for side in ("foreign", "mainland")
)
YOUTH_CODES = (
    "employment.youth_counselling", "employment.youth_events",
    "employment.youth_event_participants",
)
JOB_REDESIGN_CODES = (
    "employment.job_redesign_seniors_applied", "employment.job_redesign_seniors_approved",
    "employment.job_redesign_seniors_amount",
)
JOB_FAIR_CODES = (
    "job_fairs.large_events", "job_fairs.large_employers", "job_fairs.large_occupations",
    "job_fairs.large_vacancies", "job_fairs.large_resumes", "job_fairs.medium_events",
    "job_fairs.medium_employers", "job_fairs.medium_vacancies", "job_fairs.medium_resumes",
    "job_fairs.small_events", "job_fairs.small_vacancies", "job_fairs.small_interviews",
    "job_fairs.project_events", "job_fairs.project_employers", "job_fairs.project_occupations",
    "job_fairs.project_vacancies", "job_fairs.project_resumes",
)
EXAM_CODES = (
    "recruitment_exams.sessions", "recruitment_exams.applicants",
    "recruitment_exams.interviewed", "recruitment_exams.hired", "recruitment_exams.hired_main",
    "recruitment_exams.hired_reserve",
)
EMPLOYMENT_SERVICES = _s("employment.services", "(二)", "就業服務及促進就業", 3, children=[
    _s("employment.services.general", "1.", "一般及特定對象就業", 4, children=[
        _s("employment.services.matching", "(1)", "促進就業媒合", 5, table=TABLE_1),
        _s("employment.services.community", "(2)", "推動在地型就業服務", 5, COMMUNITY_CODES),
        _s("employment.services.special", "(3)", "深化特定對象就業服務", 5, children=[
            _s("employment.services.priority", "A.", "個案管理服務", 6, table=TABLE_2),
            _s("employment.services.homeless", "B.", "辦理經濟型遊民就業輔導", 6,
               HOMELESS_CODES),
            _s("employment.services.city_guides", "C.", "跨局處合作辦理城市導引員計畫", 6),
            _s("employment.services.immigrants", "D.", "積極辦理新移民就業輔導", 6,
               IMMIGRANT_SPLIT_CODES, table=TABLE_3),
            _s("employment.services.summer_jobs", "E.", "辦理大專院校學生公部門暑期工讀", 6),
            _s("employment.services.youth", "F.", "提供青年專屬職涯導引服務", 6, YOUTH_CODES),
            _s("employment.services.job_redesign", "G.", "推動職務再設計", 6,
               JOB_REDESIGN_CODES),
        ]),
        _s("employment.services.job_bank", "(4)", "提供就業情報及多元化職缺資訊", 5,
           table=TABLE_4),
        _s("employment.services.job_fairs", "(5)", "積極辦理徵才活動，補實缺工產業人力", 5,
           JOB_FAIR_CODES),
        _s("employment.services.unemployment", "(6)", "掌握失業勞工動態", 5, table=TABLE_5),
        _s("employment.services.exams", "(7)", "持續精進辦理就業甄選", 5, EXAM_CODES),
    ]),
    _s("employment.services.disability", "2.", "身心障礙者就業", 4,
       ["disability_quota.compliant_share", "disability_quota.weighted_rate"]),
])

OUTLINE: tuple[Section, ...] = (
    _s("preface", "壹、", "前言", 1),
    _s("achievements", "貳、", "重要施政成果", 1, children=[
        _s("rights", "一、", "維護勞動權益", 2, children=[
            _s("rights.protection", "(一)", "提升勞動權益", 3, children=[
                _s("rights.protection.disputes", "1.", "強化爭議處理能量", 4, DISPUTES_CODES),
                _s("rights.protection.pension", "2.", "保障勞工退休金(舊制)權益", 4,
                   ["pension_committees.cumulative"]),
                _s("rights.protection.fund", "3.", "勞工權益基金之運作及管理", 4,
                   FUND_CODES),
                _s("rights.protection.layoff", "4.", "推動職場保權", 4,
                   ["layoff_warning.list_entries", "layoff_warning.letter_rate"]),
                _s("rights.protection.reduced_hours", "5.", "落實減少工時通報，維護勞工權益",
                   4, ["reduced_hours.filings", "reduced_hours.persons"]),
            ]),
            _s("rights.inspection", "(二)", "加強勞動條件檢查", 3, LABOR_INSPECTION_CODES),
            _s("rights.education", "(三)", "提供優質勞動教育及培養勞動意識", 3,
               ["education.academy_participants", "education.board_game_total_participants"]),
            _s("rights.migrants", "(四)", "維護移工及其雇主權益", 3, children=[
                _s("rights.migrants.services", "1.", "提供移工法令暨生活諮詢服務及安置", 4,
                   ["migrants.consultations", "migrants.shelter_placements"]),
                _s("rights.migrants.disputes", "2.", "辦理勞資爭議協調業務", 4,
                   MIGRANT_DISPUTES_CODES),
                _s("rights.migrants.training", "3.", "辦理移工照顧技巧訓練", 4,
                   ["migrants.home_training_visits"]),
                _s("rights.migrants.entry", "4.", "受理入國及接續通報", 4,
                   ["migrants.entry_notifications", "migrants.care_visits"]),
                _s("rights.migrants.culture", "5.", "規劃文化共融活動", 4,
                   ["migrants.cooking_events", "migrants.cooking_participants"]),
            ]),
        ]),
        _s("safety", "二、", "建構職場安全體系", 2, children=[
            _s("safety.health", "(一)", "推展職場身心健康", 3, HEALTH_STAFFING_CODES),
            _s("safety.awareness", "(二)", "提升職場安全意識", 3, OSH_INSPECTION_CODES),
        ]),
        _s("workforce", "三、", "培育優質勞動力", 2, children=[
            _s("workforce.competitiveness", "(一)", "優化勞動競爭力", 3,
               ["training.own_pre_employment_trainees", "training.living_allowance_recipients"]),
            _s("workforce.careers", "(二)", "提升勞動力職涯發展", 3,
               ["training.industry_classes"]),
        ]),
        _s("employment", "四、", "友善就業環境", 2, children=[
            _s("employment.friendly", "(一)", "營造友善職場", 3,
               ["friendly_workplace.lactation_rooms", "friendly_workplace.tuition_amount"]),
            EMPLOYMENT_SERVICES,
        ]),
        _s("relations", "五、", "強化勞資關係", 2, children=[
            _s("relations.harmony", "(一)", "和諧勞資關係", 3,
               ["relations.unions_total", "relations.collective_agreements"]),
            _s("relations.platform", "(二)", "建立勞資溝通平台", 3,
               ["relations.lm_meeting_registrations"]),
        ]),
    ]),
    _s("innovations", "參、", "已實施之創新措施", 1, INNOVATION_CODES),
    _s("priorities", "肆、", "未來施政重點", 1),
)

# The kernel's statistics, printed as a small appendix table (附錄).
APPENDIX_KEY = "appendix.establishments"
APPENDIX_TITLE = "附錄、本市事業單位家數（依員工人數級距）"


def walk(sections: Iterable[Section] = OUTLINE) -> Iterator[Section]:
    """Every section, depth first, in the report's order."""
    for section in sections:
        yield section
        yield from walk(section.children)


def narrative_keys() -> list[str]:
    """The sections that print a narrative (leaves and narrative-only sections)."""
    return [s.key for s in walk() if not s.children] + [APPENDIX_KEY]


def get(key: str) -> Section | None:
    return next((s for s in walk() if s.key == key), None)
