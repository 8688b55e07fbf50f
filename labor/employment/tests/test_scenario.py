"""The employment parts of the demo scenario: the 2023H1 figures and the records behind them.

The expected figures are restated from the seed report (seed/figures-2023H1.yaml:
``employment``, ``priority_groups``, ``new_immigrants``, ``job_bank``, ``job_fairs``,
``unemployment``, ``recruitment_exams``), not imported from the scenario, so that a change to
the scenario's data shows here.
"""

import datetime as dt
import io
import itertools
import json
from collections import Counter, defaultdict
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q, Sum

from labor.core import identifiers, scenarios
from labor.core import scenario as kernel
from labor.core.formatting import local_date
from labor.core.models import Case, CaseNumberSequence, Person, PriorityGroupMembership
from labor.council import report
from labor.council import scenario as council_scenario
from labor.council import services as council_services
from labor.council.figures import collect
from labor.employment import rules_programmes as prules
from labor.employment import scenario as employment_scenario
from labor.employment import services
from labor.employment.models import (
    CounsellingSession,
    EmploymentCase,
    EventApplicant,
    ExamApplicant,
    ExamResult,
    ExamSession,
    Hire,
    JobRedesignApplication,
    JobSearchRecord,
    JobSeeker,
    Placement,
    PsychTest,
    Referral,
    ReferralResult,
    ReRecognition,
    StabilityFollowUp,
    TrainingReferral,
    UnemploymentClaim,
    Vacancy,
    VacancyStatus,
    WageKind,
)
from labor.portal.models import EmployerAccount
from labor.stats import crosschecks
from labor.stats.periods import Period

pytestmark = pytest.mark.django_db

TAIPEI_2023H1 = scenarios.get_scenario("taipei-2023h1")
PARTS = [*kernel.PARTS, *employment_scenario.PARTS]

# seed/figures-2023H1.yaml
SEED = {
    "employment.job_seekers": 31663,
    "employment.vacancies": 74902,
    "employment.placed_seekers": 25457,
    "employment.hires": 34083,
    "employment.seeker_placement_rate": 80.40,
    "employment.vacancy_fill_rate": 45.50,
    "employment.community_seekers_found": 3846,
    "employment.community_placed": 2118,
    "employment.community_stable_3_months": 641,
    "employment.community_job_offers": 10464,
    "employment.community_jobs_developed": 5202,
    "employment.homeless_registrations": 315,
    "employment.homeless_referrals": 445,
    "employment.homeless_placed": 262,
    "employment.job_redesign_seniors_applied": 72,
    "employment.job_redesign_seniors_approved": 65,
    "employment.job_redesign_seniors_amount": 343070,
    "employment.youth_counselling": 1930,
    "employment.youth_events": 101,
    "employment.youth_event_participants": 5681,
    "priority_groups.cases_opened": 3131,
    "priority_groups.psych_tests": 451,
    "priority_groups.general_counselling": 6412,
    "priority_groups.in_depth_counselling": 337,
    "priority_groups.training_referrals": 551,
    "priority_groups.job_referrals": 6156,
    "priority_groups.placed": 2374,
    "new_immigrants.job_seekers.foreign": 279,
    "new_immigrants.job_seekers.mainland": 282,
    "new_immigrants.job_seekers.total": 561,
    "new_immigrants.cases_opened.foreign": 70,
    "new_immigrants.cases_opened.mainland": 68,
    "new_immigrants.cases_opened.total": 138,
    "new_immigrants.referrals.foreign": 343,
    "new_immigrants.referrals.mainland": 408,
    "new_immigrants.referrals.total": 751,
    "new_immigrants.placed.foreign": 132,
    "new_immigrants.placed.mainland": 139,
    "new_immigrants.placed.total": 271,
    "job_bank.page_views": 10965012,
    "job_bank.new_employers": 2733,
    "job_bank.new_vacancies": 80833,
    "job_bank.new_resumes": 30732,
    "job_fairs.large_events": 3,
    "job_fairs.large_employers": 328,
    "job_fairs.large_vacancies": 15322,
    "job_fairs.large_resumes": 5064,
    "job_fairs.medium_events": 2,
    "job_fairs.medium_employers": 42,
    "job_fairs.medium_vacancies": 1903,
    "job_fairs.medium_resumes": 613,
    "job_fairs.small_events": 250,
    "job_fairs.small_vacancies": 22203,
    "job_fairs.small_interviews": 3328,
    "unemployment.applications": 7177,
    "unemployment.recognised": 7374,
    "unemployment.re_recognitions": 23068,
    "unemployment.helped_into_work": 6894,
    "unemployment.training_referrals": 775,
    "recruitment_exams.sessions": 6,
    "recruitment_exams.applicants": 2147,
    "recruitment_exams.interviewed": 1223,
    "recruitment_exams.hired": 575,
}
# The narrative's other figures (seed/council-report-2023H1.txt).
NARRATIVE = {
    "employment.community_promotions": 356,
    "job_fairs.large_occupations": 2923,
    "job_fairs.project_events": 2,
    "job_fairs.project_employers": 2,
    "job_fairs.project_occupations": 16,
    "job_fairs.project_vacancies": 300,
    "job_fairs.project_resumes": 316,
    "recruitment_exams.hired_main": 384,
    "recruitment_exams.hired_reserve": 191,
}
# The council report's sentences that carry them (seed/council-report-2023H1.txt's wording).
REPORT_SENTENCES = [
    "發掘社區中求職者計3,846人次，協助求職個案輔導就業成功計2,118人次",
    "穩定就業三個月計641人，提供求職個案工作機會10,464人次",
    "就業宣導駐點服務356次，拜訪轄區內商圈店家開發5,202個工作機會",
    "求職登記315人次、推介面試445人次、就業成功262人次",
    "計1,930人次；辦理或協辦職涯成長講座、職涯導覽與其他職涯發展活動計101場，參加人次計5,681人次",
    "受理72人申請，核定65人，核定補助金額計34萬3,070元整",
    "辦理3場大型就業博覽會，提供328家企業，2,923種職類，15,322個工作機會，計5,064人次投遞履歷",
    "辦理2場中型現場徵才活動，提供42家企業，1,903個工作機會，計613人次投遞履歷",
    "辦理250場次，22,203個工作機會，面試3,328人次",
    "辦理2場專案招募，提供2家企業，16種職類，300個工作機會，計316人次投遞履歷",
    "共計辦理6場次就業甄選，報名人數計2,147人，面試人數1,223人，錄取575人（正取384人、備取191人）",
]
PREFIXES = ("employment", "priority_groups", "new_immigrants", "job_bank", "job_fairs",
            "unemployment", "recruitment_exams")
TABLE_ROWS = [("求職人數", "31,663"), ("求才人數", "74,902"), ("就業人數", "25,457"),
              ("求才僱用人數", "34,083"), ("求職就業率", "80.40%"), ("求才利用率", "45.50%"),
              ("開案量（人數）", "3,131"), ("就業人數", "2,374"), ("求職人數", "561"),
              ("推介人次", "751"), ("瀏覽人次", "10,965,012"), ("新增工作機會", "80,833"),
              ("失業再認定人次", "23,068"), ("推介參加職業訓練人數", "775")]


@pytest.fixture(autouse=True)
def reference_data(db):
    """What the migrations load (districts, industries, dated settings, the office calendar,
    the occupations): transactional tests elsewhere may have flushed it."""
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.employment.migrations.0003_unemployment_settings").load(django_apps,
                                                                                 None)
    import_module("labor.employment.migrations.0004_occupations").load(django_apps, None)


def figures(period: str = "2023H1") -> dict:
    computed = {}
    for prefix in PREFIXES:
        out = io.StringIO()
        call_command("indicators", period, "--json", "--code", prefix, stdout=out)
        computed.update({code: e["value"] for code, e in json.loads(out.getvalue()).items()})
    return computed


def assert_records_hang_together(as_of: dt.date) -> None:
    """What any load of the parts must satisfy, whatever its scale: the rows the services
    would have written."""
    # Registrations: valid IDs; one active at a time per person, one after the other.
    people = Person.objects.in_bulk(set(JobSeeker.objects.values_list("person_id", flat=True)))
    for person in people.values():
        if person.id_kind == Person.IdKind.NATIONAL_ID:
            assert identifiers.is_valid_national_id(person.id_number), person.id_number
        else:
            assert identifiers.is_valid_ui_number(person.id_number), person.id_number
    lives = defaultdict(list)
    seekers = {}
    for row in JobSeeker.objects.values("pk", "person_id", "registered_on", "closed_on",
                                        "status", "channel", "account_id", "version"):
        lives[row["person_id"]].append(row)
        seekers[row["pk"]] = row
        assert row["registered_on"] <= as_of
        assert (row["status"] == "active") == (row["closed_on"] is None)
        assert row["closed_on"] is None or row["registered_on"] <= row["closed_on"] <= as_of
        assert (row["channel"] == "online") == (row["account_id"] is not None)
        assert row["version"] == (1 if row["closed_on"] is None else 2)
    for rows in lives.values():
        rows.sort(key=lambda r: r["registered_on"])
        for one, two in itertools.pairwise(rows):
            assert one["closed_on"] is not None and one["closed_on"] < two["registered_on"]

    # Vacancies: never below the minimum wage of the posting day; verified ones only are
    # referred to, on a day they were open; hires never beyond the persons wanted.
    minimum = {}
    vacancies = {}
    for v in Vacancy.objects.values("pk", "posted_on", "valid_until", "wage_kind", "wage_min",
                                    "wage_max", "verified_at", "status", "persons_wanted",
                                    "channel", "posted_by_id", "establishment_id"):
        vacancies[v["pk"]] = v
        if v["posted_on"] not in minimum:
            minimum[v["posted_on"]] = services.minimum_wage(v["posted_on"])
        monthly, hourly = minimum[v["posted_on"]]
        assert v["wage_min"] >= (hourly if v["wage_kind"] == WageKind.HOURLY else monthly)
        assert v["wage_max"] is None or v["wage_max"] >= v["wage_min"]
        assert v["posted_on"] <= as_of
        if v["verified_at"] is None:  # pending, or refused at verification
            assert v["status"] in (VacancyStatus.PENDING, VacancyStatus.CLOSED)
        assert v["status"] != VacancyStatus.PENDING or v["verified_at"] is None
        assert (v["channel"] == "online") == (v["posted_by_id"] is not None)
    accounts = dict(EmployerAccount.objects.values_list("user_id", "establishment_id"))
    for v in vacancies.values():
        if v["posted_by_id"]:
            assert accounts[v["posted_by_id"]] == v["establishment_id"]
    hired = dict(Hire.objects.values("vacancy_id").annotate(n=Sum("persons"))
                 .values_list("vacancy_id", "n"))
    for pk, v in vacancies.items():
        assert hired.get(pk, 0) <= v["persons_wanted"]
        assert (v["status"] == VacancyStatus.FILLED) == (hired.get(pk, 0) == v["persons_wanted"])
    for h in Hire.objects.values("vacancy_id", "hired_on"):
        assert vacancies[h["vacancy_id"]]["posted_on"] <= h["hired_on"] <= as_of
    for r in Referral.objects.values("seeker_id", "vacancy_id", "referred_on", "result",
                                     "result_on", "interview_on"):
        v, s = vacancies[r["vacancy_id"]], seekers[r["seeker_id"]]
        assert v["verified_at"] is not None and local_date(v["verified_at"]) <= r["referred_on"]
        assert v["posted_on"] <= r["referred_on"] <= v["valid_until"]
        assert s["registered_on"] <= r["referred_on"] <= (s["closed_on"] or as_of)
        assert r["result_on"] is None or r["referred_on"] <= r["result_on"] <= as_of
        assert (r["result"] == ReferralResult.PENDING) == (r["result_on"] is None)
    # Placements close the registration; a referred one is its referral's hire.
    for p in Placement.objects.select_related("referral", "hire").values(
            "seeker_id", "placed_on", "source", "referral__result", "referral__result_on",
            "referral__vacancy__establishment_id", "establishment_id", "hire__persons",
            "hire__hired_on"):
        s = seekers[p["seeker_id"]]
        assert s["status"] == "placed" and s["closed_on"] == p["placed_on"]
        if p["source"] == Placement.Source.REFERRAL:
            assert p["referral__result"] == ReferralResult.HIRED
            assert p["referral__result_on"] == p["placed_on"] == p["hire__hired_on"]
            assert p["hire__persons"] == 1
            assert p["establishment_id"] == p["referral__vacancy__establishment_id"]
    assert Placement.objects.count() == JobSeeker.objects.filter(status="placed").count()

    # Cases: the groups held on the opening day, numbered per year in order of opening; the
    # work within the case; stable only once due.
    held = defaultdict(list)
    for m in PriorityGroupMembership.objects.values("person_id", "group", "established_on",
                                                    "ended_on"):
        held[(m["person_id"], m["group"])].append(m)
    cases = EmploymentCase.objects.select_related("case", "seeker").prefetch_related("groups")
    for c in cases:
        assert c.seeker.registered_on <= c.opened_on <= as_of
        for g in c.groups.all():
            assert any(m["established_on"] <= c.opened_on and (
                m["ended_on"] is None or m["ended_on"] >= c.opened_on)
                for m in held[(c.seeker.person_id, g.group)]), (c.case.number, g.group)
        assert c.case.person_id == c.seeker.person_id
        assert (c.case.status == "closed") == (c.closed_on is not None)
    by_year = defaultdict(list)
    for case in Case.objects.filter(line="employment_cases"):
        by_year[case.year].append(case)
    for year, group in by_year.items():
        group.sort(key=lambda c: c.sequence)
        assert [c.sequence for c in group] == list(range(1, len(group) + 1))
        assert [c.received_at for c in group] == sorted(c.received_at for c in group)
        assert group[-1].number == f"{year - 1911}-EMC-{len(group):06d}"
        assert CaseNumberSequence.objects.get(line="employment_cases",
                                              year=year).last_value == len(group)
    windows = {c.pk: (c.opened_on, c.closed_on or as_of) for c in cases}
    for model, day in ((CounsellingSession, "held_on"), (PsychTest, "tested_on"),
                       (TrainingReferral, "referred_on")):
        for pk, on in model.objects.values_list("employment_case_id", day):
            assert windows[pk][0] <= on <= windows[pk][1]
    for f in StabilityFollowUp.objects.select_related("placement", "employment_case"):
        assert f.due_on == prules.stability_due_on(f.placement.starts_on or f.placement.placed_on)
        assert f.result != "stable" or f.done_on >= f.due_on
        assert f.placement.seeker_id == f.employment_case.seeker_id
        assert f.employment_case.opened_on <= f.placement.placed_on <= f.done_on <= as_of

    # Claims: recognised no earlier than 14 days after the application and not after a
    # placement; re-recognitions 30 days apart at least, each with two job searches or more
    # made since the previous one; helped into work with a placement in the claim's time.
    rounds = defaultdict(list)
    for r in ReRecognition.objects.values("pk", "claim_id", "sequence", "on", "earliest_on"):
        rounds[r["claim_id"]].append(r)
    searches = Counter(JobSearchRecord.objects.values_list("re_recognition_id", flat=True))
    placed_on = dict(Placement.objects.values_list("pk", "placed_on"))
    for c in UnemploymentClaim.objects.values():
        s = seekers[c["seeker_id"]]
        assert c["separated_on"] <= c["applied_on"] and s["registered_on"] <= c["applied_on"]
        if c["recognised_on"]:
            assert c["recognised_on"] >= c["applied_on"] + dt.timedelta(days=14)
            assert not (s["status"] == "placed" and c["applied_on"] <= s["closed_on"]
                        <= c["recognised_on"])
        previous = c["recognised_on"]
        for k, r in enumerate(sorted(rounds[c["id"]], key=lambda r: r["sequence"]), 1):
            assert r["sequence"] == k
            assert r["earliest_on"] == previous + dt.timedelta(days=30) <= r["on"] <= as_of
            assert searches[r["pk"]] >= 2
            previous = r["on"]
        if c["end_reason"] == "employed":
            assert c["applied_on"] <= placed_on[c["placement_id"]] <= c["ended_on"] <= as_of
            assert placed_on[c["placement_id"]] > previous if previous else True
        if c["status"] == "recognised":
            assert c["next_due_on"] == previous + dt.timedelta(days=30)
    for r in JobSearchRecord.objects.select_related("re_recognition").values(
            "searched_on", "re_recognition__on"):
        assert r["searched_on"] <= r["re_recognition__on"]

    # Programmes: job redesign decided by someone else; exams' main list within positions.
    for a in JobRedesignApplication.objects.select_related("person"):
        assert prules.senior_on(a.person.birth_date, a.received_on)
        assert a.decided_by_id is None or a.decided_by_id != a.received_by_id
        assert a.amount_approved is None or a.amount_approved <= a.amount_requested
    for session in ExamSession.objects.annotate(
            main=Count("applicants", filter=Q(applicants__result=ExamResult.MAIN))):
        assert session.main <= session.positions
    assert not ExamApplicant.objects.filter(interviewed=False,
                                            result__in=["main", "reserve"]).exists()
    assert not EventApplicant.objects.filter(resume_received=False, interviewed=False).exists()


def test_the_demo_scenario_gives_the_seed_reports_employment_figures_for_2023h1():
    result = scenarios.load(TAIPEI_2023H1, parts=PARTS)

    computed = figures("2023H1")
    assert {code: computed[code] for code in SEED} == SEED
    assert {code: computed[code] for code in NARRATIVE} == NARRATIVE
    seconds = sum(p.seconds for p in result.parts if p.part.startswith("employment."))
    assert seconds < 90
    assert crosschecks.evaluate("2023H1") == []
    assert crosschecks.evaluate("2022H2") == []

    # "人數" figures count records; in this data no person is counted twice in a half, so
    # counting distinct persons gives the same numbers. (Imported here: importing an app's
    # indicators before the registry discovers them would change the declarations' order.)
    from labor.employment import indicators

    half = Period.parse("2023H1")
    for records, person in (
            (indicators.cases_opened(half), "seeker__person"),
            (indicators.case_placements(half), "seeker__person"),
            (indicators.placements(half), "seeker__person"),
            (indicators.registrations(half), "person"),
            (TrainingReferral.objects.filter(referred_on__range=(half.start, half.end)),
             "employment_case__seeker__person"),
            (UnemploymentClaim.objects.filter(applied_on__range=(half.start, half.end)),
             "seeker__person"),
            (UnemploymentClaim.objects.filter(recognised_on__range=(half.start, half.end)),
             "seeker__person"),
            (JobRedesignApplication.objects.filter(received_on__range=(half.start, half.end)),
             "person")):
        assert records.count() == records.values(person).distinct().count()

    # The variety a demo needs.
    statuses = Counter(Vacancy.objects.values_list("status", flat=True))
    assert all(statuses[s] > 100 for s in ("open", "filled", "closed", "pending"))
    assert Counter(Placement.objects.values_list("source", flat=True))["self_found"] > 5000
    results = Counter(Referral.objects.values_list("result", flat=True))
    assert all(results[r] > 500 for r in ReferralResult.values)
    assert UnemploymentClaim.objects.filter(status="applied").count() > 300
    assert UnemploymentClaim.objects.filter(status="recognised").count() > 2000
    assert set(UnemploymentClaim.objects.values_list("end_reason", flat=True)) >= {
        "employed", "training", "exhausted", "withdrawn"}
    assert EmploymentCase.objects.filter(closed_on__isnull=True).count() > 1000
    assert StabilityFollowUp.objects.filter(result="stable").count() > 1000
    assert JobSeeker.objects.values("person").annotate(n=Count("pk")).filter(n=2).count() > 1000
    assert figures("2022H2")["employment.job_seekers"] > 25_000

    # Roles: the employment units' staff work the line; others do not.
    users = get_user_model().objects
    for username in ("employment-services.officer", "employment-services.supervisor",
                     "employment-services.counsellor01", "employment-services.casemanager01",
                     "employment-security.officer", "workforce.officer"):
        assert users.get(username=username).has_perm("employment.work_employment"), username
    assert not users.get(username="inspection.officer").has_perm("employment.work_employment")

    assert_records_hang_together(TAIPEI_2023H1.as_of)

    # The council report's 貳.四.(二) prints the seed's figures, none by hand; tables 1-5.
    council_scenario.narrative_employment_load(TAIPEI_2023H1, scenarios.no_progress)
    built = report.build(collect("2023H1"), council_services.narratives("2023H1"))
    text = "".join(getattr(block, "text", "") for block in built.spec.blocks)
    for sentence in REPORT_SENTENCES:
        assert sentence in text, sentence
    assert built.flags == []
    rows = [row for block in built.spec.blocks for row in getattr(block, "rows", ())]
    for row in TABLE_ROWS:
        assert row in rows, row
    for key in council_scenario.NARRATIVE_EMPLOYMENT:
        assert key not in built.sections_without_data
    assert "employment.services.disability" in built.sections_without_data  # not built yet

    # Loading again adds nothing.
    again = scenarios.load(TAIPEI_2023H1, parts=PARTS)
    assert all(p.skipped for p in again.parts)


def test_the_parts_load_at_another_scale_with_records_that_hang_together():
    small = TAIPEI_2023H1.scaled(scale=0.05)
    scenarios.load(small, parts=PARTS)

    computed = figures("2023H1")
    assert computed["employment.job_seekers"] == small.count(31663)
    assert computed["employment.placed_seekers"] == small.count(25457)
    assert computed["employment.hires"] == small.count(34083)
    assert computed["unemployment.re_recognitions"] == small.count(23068)
    assert computed["priority_groups.job_referrals"] == small.count(6156)
    assert computed["job_bank.page_views"] == small.count(10965012)
    assert crosschecks.evaluate("2023H1") == []
    assert_records_hang_together(small.as_of)
