"""The employment figures of the council report (seed/figures-2023H1.yaml: ``employment.*``,
``priority_groups.*``, ``new_immigrants.*``, ``job_bank.*``, ``job_fairs.*``,
``unemployment.*``, ``recruitment_exams.*``; section 貳.四.(二), tables 1 to 5), and the few
figures the same section's narrative prints besides them (the large job fairs' job types, the
project recruitment, the exams' main and reserve lists, the community promotion services).

Definitions (the lead's for issue 6, stated in each indicator's definition). P is the period
[start, end], both days included; a date column is compared with P's days, a timestamp with
P's days in Taipei time.

- **Every figure counts records.** A "人數" figure counts the records of persons in P (a
  registration, a placement, a case, a claim): a person who registers twice, is placed twice
  or is referred to training twice in P counts twice, as table 1 decides for 就業人數
  (placements) and 求職人數 (registrations). The scenario's data never has one person twice in
  one of these figures in a half, so counting distinct persons gives the same numbers there.
- **Table 1.** 求職人數 = registrations (JobSeeker) registered in P, online and at the counter;
  求才人數 = the persons wanted of the vacancies posted in P **and verified** by staff
  (``verified_at`` set: a counter registration is verified when it is entered; an online
  posting pending verification, or refused at verification, is not a registered vacancy);
  就業人數 = Placement rows placed in P (through a referral or self-found); 求才僱用人數 = the
  persons of the Hire rows hired in P (through a referral or reported by the employer). The two
  rates are ratios of these, as the seed's comments state.
- **Priority groups (table 2).** Cases (EmploymentCase) opened in P; tests and counselling
  sessions held in P; training referrals of cases made in P; job referrals (Referral) made in P
  of a seeker who had a case open on the referral day; placements in P of a seeker who had a
  case open on the placement day.
- **New immigrants (table 3).** The same measures (registrations, cases opened, referrals,
  placements) of persons who held the priority group ``new_immigrant_foreign`` (外籍配偶) or
  ``new_immigrant_mainland`` (大陸及港澳配偶) on the record's day (registration, opening,
  referral or placement day); the total is either group.
- **Homeless (遊民).** Registrations, referrals and placements in P of persons who held the
  group ``homeless`` on the record's day.
- **Job bank (table 4).** Page views are the platform's own daily counters (PageViewDay).
  New employers are establishments whose first employer portal account
  (labor.portal.models.EmployerAccount) was created in P (家: several accounts of one firm
  count once, when the first was made). New resumes are online registrations in P. New job
  openings are the persons wanted of every vacancy posted in P, on the job bank or at a
  counter, **whatever its verification**: the job bank counts what employers put on it, while
  table 1 counts only the vacancies staff verified. This is why the seed's 80,833 openings
  exceed table 1's 74,902 persons wanted: the difference is the online postings still
  pending or refused at verification.
- **Job fairs.** Events of a kind held in P; their participating employers (EventEmployer
  rows, 家 per event), job types (EventJob rows), openings (Σ EventJob.openings), resumes
  received and interviews (EventApplicant rows).
- **Unemployment recognition (table 5).** Claims applied for in P; claims recognised in P;
  re-recognitions made in P (人次); claims ended in P by placement in work (協助就業); a
  claimant's training referrals made in P.
- **Recruitment exams.** Sessions held in P and their applicants; interviewed; 錄取 = main
  plus reserve list.

The queries are here (private helpers) rather than in the selectors the pages own.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from labor.core.formatting import TAIPEI
from labor.core.models import Establishment, PriorityGroup, PriorityGroupMembership
from labor.employment.models import (
    HIRED_RESULTS,
    ClaimEnd,
    ClaimTrainingReferral,
    CommunityContact,
    CommunityJobOffer,
    CommunityPlacement,
    CommunityPromotion,
    CounsellingKind,
    CounsellingSession,
    EmploymentCase,
    EventApplicant,
    EventEmployer,
    EventJob,
    EventKind,
    ExamApplicant,
    ExamResult,
    ExamSession,
    FollowUpResult,
    Hire,
    JobDevelopmentVisit,
    JobRedesignApplication,
    JobSeeker,
    PageViewDay,
    Placement,
    PsychTest,
    RecruitmentEvent,
    RedesignDecision,
    Referral,
    ReRecognition,
    TrainingReferral,
    UnemploymentClaim,
    Vacancy,
    YouthEvent,
    YouthService,
)
from labor.stats.periods import Period
from labor.stats.registry import Result, registry

FOREIGN = PriorityGroup.NEW_IMMIGRANT_FOREIGN
MAINLAND = PriorityGroup.NEW_IMMIGRANT_MAINLAND
HOMELESS = PriorityGroup.HOMELESS
# Table 3's columns: key → groups.
IMMIGRANT_SIDES = {"foreign": (FOREIGN,), "mainland": (MAINLAND,), "total": (FOREIGN, MAINLAND)}

# --- queries ------------------------------------------------------------------------------------


def _on(field: str, period: Period) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def _moments(field: str, period: Period) -> Q:
    """A timestamp column within P's days in Taipei time (no lower bound when cumulative)."""
    rule = Q(**{f"{field}__lt": dt.datetime.combine(period.end + dt.timedelta(days=1),
                                                     dt.time.min, tzinfo=TAIPEI)})
    if period.start > dt.date(1912, 1, 1):
        rule &= Q(**{f"{field}__gte": dt.datetime.combine(period.start, dt.time.min,
                                                           tzinfo=TAIPEI)})
    return rule


def _total(records: QuerySet, field: str) -> int:
    return int(records.aggregate(total=Coalesce(Sum(field), 0))["total"])


def _amount(records: QuerySet, field: str) -> Result:
    return Result.amount(_total(records, field), records)


def member_on(groups, person: str, day: str) -> Exists:
    """The row's person (``person``: a lookup to a Person id) held one of ``groups`` on the
    row's ``day``: a membership established on or before that day and not ended before it."""
    return Exists(PriorityGroupMembership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef(day)),
        person_id=OuterRef(person), group__in=list(groups), established_on__lte=OuterRef(day),
    ))


def case_open_on(seeker: str, day: str) -> Exists:
    """The row's seeker (registration) had a case-management case open on the row's ``day``."""
    return Exists(EmploymentCase.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef(day)),
        seeker_id=OuterRef(seeker), opened_on__lte=OuterRef(day),
    ))


def registrations(period: Period) -> QuerySet[JobSeeker]:
    return JobSeeker.objects.filter(_on("registered_on", period))


def vacancies_posted(period: Period) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(_on("posted_on", period))


def vacancies_registered(period: Period) -> QuerySet[Vacancy]:
    """Vacancies posted in P and verified (counter ones are verified when entered)."""
    return vacancies_posted(period).filter(verified_at__isnull=False)


def placements(period: Period) -> QuerySet[Placement]:
    return Placement.objects.filter(_on("placed_on", period))


def hires(period: Period) -> QuerySet[Hire]:
    return Hire.objects.filter(_on("hired_on", period))


def referrals(period: Period) -> QuerySet[Referral]:
    return Referral.objects.filter(_on("referred_on", period))


def cases_opened(period: Period) -> QuerySet[EmploymentCase]:
    return EmploymentCase.objects.filter(_on("opened_on", period))


def case_referrals(period: Period) -> QuerySet[Referral]:
    return referrals(period).filter(case_open_on("seeker_id", "referred_on"))


def case_placements(period: Period) -> QuerySet[Placement]:
    return placements(period).filter(case_open_on("seeker_id", "placed_on"))


def group_registrations(period: Period, groups) -> QuerySet[JobSeeker]:
    return registrations(period).filter(member_on(groups, "person_id", "registered_on"))


def group_cases(period: Period, groups) -> QuerySet[EmploymentCase]:
    return cases_opened(period).filter(member_on(groups, "seeker__person_id", "opened_on"))


def group_referrals(period: Period, groups) -> QuerySet[Referral]:
    return referrals(period).filter(member_on(groups, "seeker__person_id", "referred_on"))


def group_placements(period: Period, groups) -> QuerySet[Placement]:
    return placements(period).filter(member_on(groups, "seeker__person_id", "placed_on"))


def new_employers(period: Period) -> QuerySet[Establishment]:
    """Establishments whose first employer portal account was created in P."""
    return (Establishment.objects.annotate(first_account=Min("employer_accounts__created_at"))
            .filter(_moments("first_account", period)))


def events(period: Period, kind: str) -> QuerySet[RecruitmentEvent]:
    return RecruitmentEvent.objects.filter(_on("held_on", period), kind=kind)


def event_employers(period: Period, kind: str) -> QuerySet[EventEmployer]:
    return EventEmployer.objects.filter(_on("event__held_on", period), event__kind=kind)


def event_jobs(period: Period, kind: str) -> QuerySet[EventJob]:
    return EventJob.objects.filter(_on("employer__event__held_on", period),
                                   employer__event__kind=kind)


def event_applicants(period: Period, kind: str) -> QuerySet[EventApplicant]:
    return EventApplicant.objects.filter(_on("employer__event__held_on", period),
                                         employer__event__kind=kind)


def exam_applicants(period: Period) -> QuerySet[ExamApplicant]:
    return ExamApplicant.objects.filter(_on("session__held_on", period))


def community_placements(period: Period) -> QuerySet[CommunityPlacement]:
    return CommunityPlacement.objects.filter(_on("placed_on", period))


def redesign_approved(period: Period) -> QuerySet[JobRedesignApplication]:
    return JobRedesignApplication.objects.filter(_on("decided_on", period),
                                                 decision=RedesignDecision.APPROVED)


# --- helpers for declaring ----------------------------------------------------------------------


def _declare(code, label, label_en, unit, definition, definition_en, compute):
    registry.indicator(code=code, label=label, label_en=label_en, unit=unit,
                       definition=definition, definition_en=definition_en)(compute)


def _count(code, label, label_en, unit, definition, definition_en, records):
    """An indicator counting the rows ``records(period)`` returns."""
    _declare(code, label, label_en, unit, definition, definition_en,
             lambda period: Result.count(records(period)))


def _sum(code, label, label_en, unit, definition, definition_en, records, field):
    """An indicator adding up ``field`` of the rows ``records(period)`` returns."""
    _declare(code, label, label_en, unit, definition, definition_en,
             lambda period: _amount(records(period), field))


_RECORDS = "一筆紀錄計一次；同一人於期間內有二筆以上者分別計入（與表1「就業人數」計算方式一致）。"
_RECORDS_EN = ("One record counts once; a person with two records in the period counts twice "
               "(as table 1's placements do).")

# --- table 1 ------------------------------------------------------------------------------------

_count("employment.job_seekers", "求職人數", "Job seekers registered", "人",
       "求職登記（線上及臨櫃）之登記日期在期間內之筆數；同一人於期間內結案後再次登記者分別計入。",
       "Job-seeker registrations (online and at the counter) registered in the period; a "
       "person who registers again in the period after the first registration ended counts "
       "twice.",
       registrations)
_sum("employment.vacancies", "求才人數", "Persons wanted by registered vacancies", "人",
     "求才登記之登記日期在期間內且經本局審核者（臨櫃登記者於登錄時即完成審核）之需求人數合計；"
     "線上刊登尚待審核或經審核不予刊登者不計入。",
     "The persons wanted by the vacancies posted in the period and verified by staff (a counter "
     "registration is verified when entered); online postings pending verification or refused "
     "at verification are not counted.",
     vacancies_registered, "persons_wanted")
_count("employment.placed_seekers", "就業人數", "Seekers placed in work", "人",
       "求職人就業紀錄（推介就業及自行就業）之就業日期在期間內之筆數；同一人於期間內二度就業者"
       "計二次。",
       "Placements of registered seekers (through a referral or self-found) dated in the "
       "period; a person placed twice in the period counts twice.",
       placements)
_sum("employment.hires", "求才僱用人數", "Persons hired into vacancies", "人",
     "求才僱用紀錄（推介錄取及雇主自行僱用）之僱用日期在期間內者之僱用人數合計。",
     "The persons of the hires into vacancies dated in the period (referred seekers hired and "
     "hires the employer reported).",
     hires, "persons")


@registry.indicator(
    code="employment.seeker_placement_rate",
    label="求職就業率",
    label_en="Placement rate of job seekers",
    unit="%",
    definition="就業人數除以求職人數（百分比，四捨五入至小數2位）。",
    definition_en="Seekers placed divided by job seekers registered, as a percentage "
                  "(2 decimals, half up).",
)
def seeker_placement_rate(period: Period) -> Result:
    placed, registered = placements(period), registrations(period)
    return Result.ratio(placed.count(), registered.count(), records=placed,
                        denominator_records=registered)


@registry.indicator(
    code="employment.vacancy_fill_rate",
    label="求才利用率",
    label_en="Fill rate of vacancies",
    unit="%",
    definition="求才僱用人數除以求才人數（百分比，四捨五入至小數2位）。",
    definition_en="Persons hired divided by persons wanted by registered vacancies, as a "
                  "percentage (2 decimals, half up).",
)
def vacancy_fill_rate(period: Period) -> Result:
    hired, wanted = hires(period), vacancies_registered(period)
    return Result.ratio(_total(hired, "persons"), _total(wanted, "persons_wanted"),
                        records=hired, denominator_records=wanted)


# --- community, homeless, youth, job redesign ---------------------------------------------------

_count("employment.community_seekers_found", "發掘社區中求職者人次",
       "Job seekers found in the community", "人次",
       "社區就業服務發掘求職者紀錄之發掘日期在期間內之筆數（一次發掘為一人次）。",
       "Community employment service findings of job seekers dated in the period (one finding, "
       "one person-time).",
       lambda p: CommunityContact.objects.filter(_on("found_on", p)))
_count("employment.community_placed", "社區求職個案輔導就業成功人次",
       "Community cases placed in work", "人次",
       "社區求職個案輔導就業紀錄之就業日期在期間內之筆數。",
       "Community cases placed in work, dated in the period (one record, one person-time).",
       community_placements)
_count("employment.community_stable_3_months", "社區求職個案穩定就業3個月人數",
       "Community cases in stable work for 3 months", "人",
       f"社區求職個案之就業，於期間內完成3個月追蹤且結果為穩定就業者之筆數；{_RECORDS}",
       "Community placements followed up in the period with the result stable for three "
       f"months. {_RECORDS_EN}",
       lambda p: CommunityPlacement.objects.filter(_on("follow_up_on", p),
                                                   follow_up_result=FollowUpResult.STABLE))
_count("employment.community_job_offers", "提供社區求職個案工作機會人次",
       "Job offers to community cases", "人次",
       "提供社區求職個案工作機會紀錄之提供日期在期間內之筆數。",
       "Job offers made to community cases in the period (one offer, one person-time).",
       lambda p: CommunityJobOffer.objects.filter(_on("offered_on", p)))
_sum("employment.community_jobs_developed", "拜訪商圈店家開發工作機會數",
     "Job openings developed by visiting shops", "人",
     "拜訪轄區商圈店家紀錄之拜訪日期在期間內者，其開發工作機會數（每一工作機會為一個需求"
     "人數）之合計。",
     "The job openings (one opening, one person wanted) developed by the shop visits dated in "
     "the period.",
     lambda p: JobDevelopmentVisit.objects.filter(_on("visited_on", p)), "jobs_developed")
_count("employment.community_promotions", "就業宣導駐點服務次數",
       "Stationed employment-promotion services", "次",
       "對學校、社福團體或里辦公處辦理就業宣導駐點服務之辦理日期在期間內之次數。",
       "Stationed employment-promotion services at schools, social-welfare groups or li "
       "offices held in the period.",
       lambda p: CommunityPromotion.objects.filter(_on("held_on", p)))

_HOMELESS = "於該日具「遊民」特定對象身分（身分認定日在該日以前且未於該日前終止）者"
_count("employment.homeless_registrations", "遊民求職登記人次", "Homeless job seekers registered",
       "人次", f"登記日期在期間內之求職登記，求職人{_HOMELESS}之筆數。",
       "Registrations in the period of persons who were homeless (priority group) on the "
       "registration day.",
       lambda p: group_registrations(p, (HOMELESS,)))
_count("employment.homeless_referrals", "遊民推介面試人次", "Homeless job seekers referred",
       "人次", f"推介日期在期間內之推介紀錄，求職人{_HOMELESS}之筆數。",
       "Referrals in the period of persons who were homeless on the referral day.",
       lambda p: group_referrals(p, (HOMELESS,)))
_count("employment.homeless_placed", "遊民就業成功人次", "Homeless job seekers placed", "人次",
       f"就業日期在期間內之就業紀錄，求職人{_HOMELESS}之筆數。",
       "Placements in the period of persons who were homeless on the placement day.",
       lambda p: group_placements(p, (HOMELESS,)))

_count("employment.job_redesign_seniors_applied", "職務再設計受理申請人數",
       "Job-redesign applications for seniors received", "人",
       f"中高齡者及高齡者職務再設計申請之受理日期在期間內之件數；{_RECORDS}",
       f"Job-redesign applications for middle-aged and elderly workers received in the period. "
       f"{_RECORDS_EN}",
       lambda p: JobRedesignApplication.objects.filter(_on("received_on", p)))
_count("employment.job_redesign_seniors_approved", "職務再設計核定人數",
       "Job-redesign applications approved", "人",
       f"職務再設計申請經核定且核定日期在期間內之件數（不論受理日期）；{_RECORDS}",
       "Job-redesign applications approved in the period, whenever received. "
       f"{_RECORDS_EN}",
       redesign_approved)
_sum("employment.job_redesign_seniors_amount", "職務再設計核定補助金額",
     "Job-redesign subsidies approved", "元",
     "期間內核定之職務再設計申請（同前項）之核定金額合計（新臺幣元）。",
     "The amounts (NT$) of the job-redesign applications approved in the period.",
     redesign_approved, "amount_approved")

_count("employment.youth_counselling", "青年適性測驗及職涯諮詢人次",
       "Youth aptitude tests and career counselling", "人次",
       "臺北青年職涯發展中心之青年適性測驗及職涯諮詢紀錄，服務日期在期間內之筆數。",
       "Aptitude tests and career counselling of the youth career centre dated in the period.",
       lambda p: YouthService.objects.filter(_on("served_on", p)))
_count("employment.youth_events", "青年職涯發展活動場次", "Youth career events", "場次",
       "臺北青年職涯發展中心辦理或協辦之職涯成長講座、職涯導覽及其他職涯發展活動，辦理日期在期間"
       "內之場次。",
       "Career talks, tours and other career events the youth career centre ran or co-ran in "
       "the period.",
       lambda p: YouthEvent.objects.filter(_on("held_on", p)))
_sum("employment.youth_event_participants", "青年職涯發展活動參加人次",
     "Participants in youth career events", "人次",
     "前項活動之參加人次（各場次現場點算）合計。",
     "The attendance (counted at the door) of the youth career events held in the period.",
     lambda p: YouthEvent.objects.filter(_on("held_on", p)), "participants")

# --- table 2: priority groups -------------------------------------------------------------------

_count("priority_groups.cases_opened", "特定對象開案量", "Priority-group cases opened", "人",
       f"特定對象就業個案管理之開案日期在期間內之案件數；{_RECORDS}",
       f"Priority-group case-management cases opened in the period. {_RECORDS_EN}",
       cases_opened)
_count("priority_groups.psych_tests", "職業心理測驗人次", "Vocational psychological tests",
       "人次", "個案之職業心理測驗紀錄，施測日期在期間內之筆數。",
       "Vocational psychological tests given to cases in the period.",
       lambda p: PsychTest.objects.filter(_on("tested_on", p)))
_count("priority_groups.general_counselling", "一般就業諮詢人次", "General employment counselling",
       "人次", "個案之一般就業諮詢紀錄，諮詢日期在期間內之筆數。",
       "General counselling sessions of cases held in the period.",
       lambda p: CounsellingSession.objects.filter(_on("held_on", p),
                                                   kind=CounsellingKind.GENERAL))
_count("priority_groups.in_depth_counselling", "深度就業諮詢人次",
       "In-depth employment counselling", "人次",
       "個案之深度就業諮詢紀錄，諮詢日期在期間內之筆數。",
       "In-depth counselling sessions of cases held in the period.",
       lambda p: CounsellingSession.objects.filter(_on("held_on", p),
                                                   kind=CounsellingKind.IN_DEPTH))
_count("priority_groups.training_referrals", "特定對象推介職業訓練人數",
       "Priority-group cases referred to training", "人",
       f"個案推介職業訓練紀錄之推介日期在期間內之筆數；{_RECORDS}",
       f"Referrals of cases to vocational training made in the period. {_RECORDS_EN}",
       lambda p: TrainingReferral.objects.filter(_on("referred_on", p)))
_count("priority_groups.job_referrals", "特定對象求職推介人次", "Priority-group job referrals",
       "人次", "推介日期在期間內之推介紀錄，求職人於推介當日有服務中之個案管理案件者之筆數。",
       "Referrals to vacancies made in the period of seekers who had a case open on the "
       "referral day.",
       case_referrals)
_count("priority_groups.placed", "特定對象就業人數", "Priority-group cases placed", "人",
       f"就業日期在期間內之就業紀錄，求職人於就業當日有服務中之個案管理案件者之筆數；{_RECORDS}",
       f"Placements in the period of seekers who had a case open on the placement day. "
       f"{_RECORDS_EN}",
       case_placements)

# --- table 3: new immigrants --------------------------------------------------------------------

_SIDES = {
    "foreign": ("外籍配偶", "foreign spouses", "「外籍配偶」"),
    "mainland": ("大陸配偶", "mainland spouses", "「大陸及港澳配偶」"),
    "total": ("新移民合計", "new immigrants", "「外籍配偶」或「大陸及港澳配偶」"),
}
_MEASURES = {
    "job_seekers": ("求職人數", "job seekers registered", "人", "求職登記（登記日期在期間內）",
                    "registrations in the period", "登記", group_registrations),
    "cases_opened": ("開案數", "cases opened", "人", "個案管理案件（開案日期在期間內）",
                     "cases opened in the period", "開案", group_cases),
    "referrals": ("推介人次", "job referrals", "人次", "推介紀錄（推介日期在期間內）",
                  "referrals in the period", "推介", group_referrals),
    "placed": ("就業人數", "placed", "人", "就業紀錄（就業日期在期間內）",
               "placements in the period", "就業", group_placements),
}
for _measure, (_label, _label_en, _unit, _what, _what_en, _day, _records) in _MEASURES.items():
    for _side, (_side_label, _side_en, _group_text) in _SIDES.items():
        _count(f"new_immigrants.{_measure}.{_side}", f"{_side_label}{_label}",
               f"New immigrants ({_side_en}): {_label_en}", _unit,
               f"{_what}之當事人於{_day}當日具{_group_text}特定對象身分者之筆數"
               + ("（二者皆具者計一次）" if _side == "total" else "") + "。",
               f"The {_what_en} of persons who held the priority group of {_side_en} on the "
               "record's day" + (" (either group; both count once)." if _side == "total"
                                 else "."),
               (lambda records, groups: lambda p: records(p, groups))(
                   _records, IMMIGRANT_SIDES[_side]))

# --- table 4: job bank --------------------------------------------------------------------------

_sum("job_bank.page_views", "台北人力銀行瀏覽人次", "Job bank page views", "人次",
     "台北人力銀行職缺搜尋頁及職缺頁之每日瀏覽次數（由平台逐次累計）於期間內之合計。",
     "The job bank's search and vacancy page views counted by the platform itself, summed over "
     "the days of the period.",
     lambda p: PageViewDay.objects.filter(_on("day", p)), "count")
_count("job_bank.new_employers", "台北人力銀行新增廠商家數", "New employers on the job bank", "家",
       "事業單位之第一個事業單位帳號（求才帳號）建立時間在期間內者之家數；同一事業單位有多個帳號者"
       "以最早建立者為準，只計一次。",
       "Establishments whose first employer portal account was created in the period (one "
       "establishment with several accounts counts once, when its first was created).",
       new_employers)
_sum("job_bank.new_vacancies", "台北人力銀行新增工作機會", "New job openings on the job bank",
     "人",
     "登記日期在期間內之求才登記（線上刊登及臨櫃登記）之需求人數合計，不論審核結果（含尚待審核"
     "及經審核不予刊登者）；表1「求才人數」僅計經審核之求才登記，故本項大於或等於該數。",
     "The persons wanted by every vacancy posted in the period, online or at a counter, "
     "whatever its verification (pending or refused postings included); table 1 counts only "
     "verified vacancies, so this figure is at least table 1's.",
     vacancies_posted, "persons_wanted")
_count("job_bank.new_resumes", "台北人力銀行新增求職履歷人數", "New resumes on the job bank", "人",
       "線上求職登記（求職人以民眾帳號於台北人力銀行登錄履歷）之登記日期在期間內之筆數。",
       "Online job-seeker registrations (a resume entered on the job bank with a citizen "
       "account) registered in the period.",
       lambda p: registrations(p).filter(channel="online"))

# --- job fairs ----------------------------------------------------------------------------------

_KINDS = {
    EventKind.LARGE: ("大型徵才活動", "large job fairs"),
    EventKind.MEDIUM: ("中型現場徵才活動", "medium on-site recruitment events"),
    EventKind.SMALL: ("小型現場徵才活動", "small on-site recruitment events"),
    EventKind.PROJECT: ("專案招募", "project recruitment"),
}
# (measure, zh-Hant, English, unit, definition, definition_en, compute(period, kind))
_EVENT_MEASURES = {
    "events": ("場次", "events", "場次", "辦理日期在期間內之{kind}場次。",
               "{kind_en} held in the period.",
               lambda p, k: Result.count(events(p, k))),
    "employers": ("參與廠商家數", "employers taking part", "家",
                  "辦理日期在期間內之{kind}之參與廠商數（同一廠商參加二場者計二家次）。",
                  "Employers taking part in the {kind_en} held in the period (an employer at "
                  "two events counts twice).",
                  lambda p, k: Result.count(event_employers(p, k))),
    "occupations": ("職類數", "job types offered", "件",
                    "辦理日期在期間內之{kind}中，各參與廠商提供之職類（職缺項目）數合計。",
                    "The job types the employers offered at the {kind_en} held in the period.",
                    lambda p, k: Result.count(event_jobs(p, k))),
    "vacancies": ("工作機會數", "job openings offered", "人",
                  "辦理日期在期間內之{kind}中，各職類工作機會數（需求人數）之合計。",
                  "The job openings (persons wanted) offered at the {kind_en} held in the "
                  "period.",
                  lambda p, k: _amount(event_jobs(p, k), "openings")),
    "resumes": ("投遞履歷人次", "resumes received", "人次",
                "辦理日期在期間內之{kind}中，應徵者向參與廠商投遞履歷之人次（一人向一廠商投遞為一"
                "人次）。",
                "Resumes received by the employers at the {kind_en} held in the period (one "
                "person applying to one employer, one person-time).",
                lambda p, k: Result.count(event_applicants(p, k).filter(resume_received=True))),
    "interviews": ("面試人次", "interviews", "人次",
                   "辦理日期在期間內之{kind}中，參與廠商現場面試之人次。",
                   "On-the-spot interviews at the {kind_en} held in the period.",
                   lambda p, k: Result.count(event_applicants(p, k).filter(interviewed=True))),
}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# The figures the report prints (the seed's, and the narrative's job types and project
# recruitment).
_EVENT_FIGURES = (
    (EventKind.LARGE, ("events", "employers", "occupations", "vacancies", "resumes")),
    (EventKind.MEDIUM, ("events", "employers", "vacancies", "resumes")),
    (EventKind.SMALL, ("events", "vacancies", "interviews")),
    (EventKind.PROJECT, ("events", "employers", "occupations", "vacancies", "resumes")),
)
for _kind, _measures in _EVENT_FIGURES:
    for _measure in _measures:
        _zh, _en, _unit, _definition, _definition_en, _compute = _EVENT_MEASURES[_measure]
        _declare(f"job_fairs.{_kind}_{_measure}", f"{_KINDS[_kind][0]}{_zh}",
                 f"{_upper_first(_KINDS[_kind][1])}: {_en}", _unit,
                 _definition.format(kind=_KINDS[_kind][0]),
                 _upper_first(_definition_en.format(kind_en=_KINDS[_kind][1])),
                 (lambda compute, kind: lambda p: compute(p, kind))(_compute, _kind))

# --- table 5: unemployment recognition ----------------------------------------------------------

_count("unemployment.applications", "失業認定受理申請人數", "Unemployment claims received", "人",
       f"失業認定申請之申請日期在期間內之件數；{_RECORDS}",
       f"Applications for unemployment recognition made in the period. {_RECORDS_EN}",
       lambda p: UnemploymentClaim.objects.filter(_on("applied_on", p)))
_count("unemployment.recognised", "失業認定人數", "Unemployment recognised", "人",
       f"失業認定日期在期間內之申請件數（不論申請日期）；{_RECORDS}",
       f"Claims whose unemployment was recognised in the period, whenever applied for. "
       f"{_RECORDS_EN}",
       lambda p: UnemploymentClaim.objects.filter(_on("recognised_on", p)))
_count("unemployment.re_recognitions", "失業再認定人次", "Unemployment re-recognitions", "人次",
       "失業再認定紀錄之再認定日期在期間內之筆數。",
       "Re-recognitions of unemployment made in the period.",
       lambda p: ReRecognition.objects.filter(_on("on", p)))
_count("unemployment.helped_into_work", "協助就業人數", "Claimants helped into work", "人",
       f"失業認定申請因推介就業（協助就業）而結束，結束日期在期間內之件數；{_RECORDS}",
       f"Claims ended in the period because the claimant was placed in work. {_RECORDS_EN}",
       lambda p: UnemploymentClaim.objects.filter(_on("ended_on", p),
                                                  end_reason=ClaimEnd.EMPLOYED))
_count("unemployment.training_referrals", "失業者推介參加職業訓練人數",
       "Claimants referred to vocational training", "人",
       f"失業認定申請人推介參加職業訓練紀錄之推介日期在期間內之筆數；{_RECORDS}",
       f"Referrals of claimants to vocational training made in the period. {_RECORDS_EN}",
       lambda p: ClaimTrainingReferral.objects.filter(_on("referred_on", p)))

# --- recruitment exams --------------------------------------------------------------------------

_count("recruitment_exams.sessions", "就業甄選場次", "Recruitment exam sessions", "場次",
       "受託辦理本府各機關公開甄選之甄選日期在期間內之場次。",
       "Recruitment exams run for city agencies, held in the period.",
       lambda p: ExamSession.objects.filter(_on("held_on", p)))
_count("recruitment_exams.applicants", "就業甄選報名人數", "Recruitment exam applicants", "人",
       "甄選日期在期間內之各場次報名紀錄筆數（同一人報名二場者計二人）。",
       "Applications to the sessions held in the period (a person applying to two sessions "
       "counts twice).",
       exam_applicants)
_count("recruitment_exams.interviewed", "就業甄選面試人數", "Recruitment exam interviews", "人",
       "前項報名紀錄中已參加面試者之筆數。",
       "Applicants of the sessions held in the period who were interviewed.",
       lambda p: exam_applicants(p).filter(interviewed=True))
_count("recruitment_exams.hired", "就業甄選錄取人數", "Recruitment exam hires", "人",
       "前項報名紀錄中列為正取或備取者之筆數（錄取 = 正取 + 備取）。",
       "Applicants of the sessions held in the period placed on the main or the reserve list.",
       lambda p: exam_applicants(p).filter(result__in=HIRED_RESULTS))
_count("recruitment_exams.hired_main", "就業甄選正取人數", "Recruitment exams: main list", "人",
       "甄選日期在期間內之報名紀錄中列為正取者之筆數。",
       "Applicants of the sessions held in the period placed on the main list.",
       lambda p: exam_applicants(p).filter(result=ExamResult.MAIN))
_count("recruitment_exams.hired_reserve", "就業甄選備取人數", "Recruitment exams: reserve list",
       "人", "甄選日期在期間內之報名紀錄中列為備取者之筆數。",
       "Applicants of the sessions held in the period placed on the reserve list.",
       lambda p: exam_applicants(p).filter(result=ExamResult.RESERVE))

# --- cross-checks (labor/stats/crosschecks.py) -------------------------------------------------

registry.relation(
    "ratio", "employment.seeker_placement_rate", numerator="employment.placed_seekers",
    denominator="employment.job_seekers",
    description="求職就業率等於就業人數除以求職人數（四捨五入至小數2位）。",
)
registry.relation(
    "ratio", "employment.vacancy_fill_rate", numerator="employment.hires",
    denominator="employment.vacancies",
    description="求才利用率等於求才僱用人數除以求才人數（四捨五入至小數2位）。",
)
for _measure, (_label, *_rest) in _MEASURES.items():
    registry.relation(
        "sum", f"new_immigrants.{_measure}.total",
        parts=[f"new_immigrants.{_measure}.foreign", f"new_immigrants.{_measure}.mainland"],
        description=f"新移民{_label}合計等於外籍配偶與大陸配偶之{_label}相加（同一人不應兼具"
                    "二種身分）。",
    )
registry.relation(
    "sum", "recruitment_exams.hired",
    parts=["recruitment_exams.hired_main", "recruitment_exams.hired_reserve"],
    description="就業甄選錄取人數等於正取與備取人數之合計。",
)
