"""The employment figures' definitions (labor/employment/indicators.py) on small hand-made
records: the period's bounds, the ratios and their rounding, pending and refused postings, the
foreign and mainland split, group membership and case openness on the record's own day, the
job bank's new employers, job fairs by kind, exams, unemployment recognition."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from labor.core.formatting import TAIPEI
from labor.core.models import Case, PriorityGroup, PriorityGroupMembership
from labor.employment.models import (
    ClaimEnd,
    ClaimStatus,
    ClaimTrainingReferral,
    CommunityContact,
    CommunityPlacement,
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
    JobRedesignApplication,
    JobSeeker,
    PageKind,
    PageViewDay,
    Placement,
    RecruitmentEvent,
    RedesignDecision,
    Referral,
    ReRecognition,
    UnemploymentClaim,
    Vacancy,
    VacancyStatus,
)
from labor.portal.models import EmployerAccount
from labor.stats import crosschecks
from labor.stats.registry import registry
from tests import conftest as shared

establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

H1 = "2023H1"
D = dt.date


def value(code: str, period: str = H1):
    return registry.compute(code, period).value


def seeker(person, on, channel="online"):
    return JobSeeker.objects.create(person=person, registered_on=on, channel=channel,
                                    status="active")


def vacancy(est, posted, persons=1, *, verified=True, status=VacancyStatus.OPEN):
    return Vacancy.objects.create(
        establishment=est, title="會計助理", persons_wanted=persons, wage_min=30_000,
        district=est.district, posted_on=posted, valid_until=posted + dt.timedelta(days=60),
        channel="counter" if verified else "online", status=status,
        verified_at=dt.datetime.combine(posted, dt.time(10), tzinfo=TAIPEI) if verified else None,
    )


def placement(s, on, source=Placement.Source.SELF_FOUND):
    return Placement.objects.create(seeker=s, source=source, placed_on=on)


def member(person, group, since, until=None):
    return PriorityGroupMembership.objects.create(person=person, group=group,
                                                  established_on=since, ended_on=until)


def case(s, opened, closed=None, n=[0]):  # noqa: B006 - a counter for unique case numbers
    n[0] += 1
    row = Case.objects.create(number=f"112-EMC-{n[0]:06d}", line="employment_cases",
                              year=opened.year, sequence=n[0], channel="counter",
                              status="closed" if closed else "open",
                              received_at=dt.datetime.combine(opened, dt.time(12), tzinfo=TAIPEI))
    return EmploymentCase.objects.create(case=row, seeker=s, opened_on=opened, closed_on=closed,
                                         close_reason="stable" if closed else "")


def test_registrations_and_placements_count_the_days_of_the_period(person_factory):
    a, b, c, d = (person_factory(f"求職人{i}") for i in range(4))
    seeker(a, D(2022, 12, 31))  # the day before
    first = seeker(b, D(2023, 1, 1))
    last = seeker(c, D(2023, 6, 30), channel="counter")
    seeker(d, D(2023, 7, 1))  # the day after
    placement(first, D(2023, 1, 1))
    placement(last, D(2023, 7, 1))
    assert value("employment.job_seekers") == 2
    assert value("job_bank.new_resumes") == 1  # online only
    assert value("employment.placed_seekers") == 1
    assert value("employment.job_seekers", "2023-06") == 1
    assert value("employment.placed_seekers", "2023H2") == 1


def test_a_person_placed_twice_in_the_period_counts_twice(person_factory):
    person = person_factory()
    one = seeker(person, D(2023, 1, 5))
    placement(one, D(2023, 2, 1))
    JobSeeker.objects.filter(pk=one.pk).update(status="placed", closed_on=D(2023, 2, 1))
    two = seeker(person, D(2023, 4, 1))
    placement(two, D(2023, 5, 1))
    assert value("employment.job_seekers") == 2
    assert value("employment.placed_seekers") == 2
    assert value("employment.seeker_placement_rate") == Decimal("100.00")


def test_the_rates_are_ratios_rounded_half_up(person_factory, establishment_factory):
    people = [person_factory(f"人{i}") for i in range(8)]
    seekers = [seeker(p, D(2023, 3, 1)) for p in people]
    placement(seekers[0], D(2023, 3, 10))
    # 1 / 8 = 12.5 %; persons hired 1 of 3 wanted = 33.333... %
    est = establishment_factory()
    v = vacancy(est, D(2023, 2, 1), persons=3)
    Hire.objects.create(vacancy=v, persons=1, hired_on=D(2023, 3, 10))
    assert value("employment.seeker_placement_rate") == Decimal("12.50")
    assert value("employment.vacancy_fill_rate") == Decimal("33.33")
    result = registry.compute("employment.vacancy_fill_rate", H1)
    assert (result.numerator, result.denominator) == (1, 3)
    assert value("employment.seeker_placement_rate", "2022H2") is None  # no registrations


def test_pending_and_refused_postings_are_not_registered_vacancies(establishment_factory):
    est = establishment_factory()
    vacancy(est, D(2023, 2, 1), persons=5)
    vacancy(est, D(2023, 6, 29), persons=2, verified=False, status=VacancyStatus.PENDING)
    vacancy(est, D(2023, 3, 1), persons=4, verified=False, status=VacancyStatus.CLOSED)
    vacancy(est, D(2022, 12, 31), persons=7)
    v = vacancy(est, D(2023, 1, 10), persons=3)
    Hire.objects.create(vacancy=v, persons=2, hired_on=D(2023, 1, 20))
    Hire.objects.create(vacancy=v, persons=1, hired_on=D(2023, 7, 1))
    assert value("employment.vacancies") == 8  # 5 + 3, verified only
    assert value("job_bank.new_vacancies") == 14  # what employers put on the job bank
    assert value("employment.hires") == 2


def test_new_immigrants_are_split_by_the_group_held_on_the_day(person_factory,
                                                                establishment_factory):
    foreign = person_factory("阮氏蘭")
    mainland = person_factory("李華")
    late = person_factory("陳氏花")  # recognised after she registered
    member(foreign, PriorityGroup.NEW_IMMIGRANT_FOREIGN, D(2015, 1, 1))
    member(mainland, PriorityGroup.NEW_IMMIGRANT_MAINLAND, D(2018, 1, 1))
    member(late, PriorityGroup.NEW_IMMIGRANT_FOREIGN, D(2023, 3, 1))
    f, m, x = seeker(foreign, D(2023, 2, 1)), seeker(mainland, D(2023, 2, 1)), seeker(
        late, D(2023, 2, 1))
    est = establishment_factory()
    v1, v2 = vacancy(est, D(2023, 1, 5)), vacancy(est, D(2023, 1, 6))
    for s in (f, m):
        Referral.objects.create(seeker=s, vacancy=v1, referred_on=D(2023, 2, 10))
    Referral.objects.create(seeker=m, vacancy=v2, referred_on=D(2023, 2, 11))
    Referral.objects.create(seeker=x, vacancy=v1, referred_on=D(2023, 3, 2))  # held by then
    case(f, D(2023, 2, 5))
    placement(m, D(2023, 4, 1))
    assert value("new_immigrants.job_seekers.foreign") == 1
    assert value("new_immigrants.job_seekers.mainland") == 1
    assert value("new_immigrants.job_seekers.total") == 2
    assert value("new_immigrants.referrals.foreign") == 2
    assert value("new_immigrants.referrals.mainland") == 2
    assert value("new_immigrants.referrals.total") == 4
    assert value("new_immigrants.cases_opened.foreign") == 1
    assert value("new_immigrants.cases_opened.mainland") == 0
    assert value("new_immigrants.placed.mainland") == 1
    assert value("new_immigrants.placed.total") == 1
    assert crosschecks.evaluate(H1) == []


def test_homeless_figures_need_the_group_on_the_records_own_day(person_factory,
                                                               establishment_factory):
    housed = person_factory("張大明")
    member(housed, PriorityGroup.HOMELESS, D(2022, 6, 1), until=D(2023, 3, 31))
    s = seeker(housed, D(2023, 1, 10), channel="counter")
    est = establishment_factory()
    early, late = vacancy(est, D(2023, 1, 5)), vacancy(est, D(2023, 3, 20))
    Referral.objects.create(seeker=s, vacancy=early, referred_on=D(2023, 3, 31))  # last day
    Referral.objects.create(seeker=s, vacancy=late, referred_on=D(2023, 4, 1))  # ended
    placement(s, D(2023, 4, 15))
    newcomer = person_factory("林小華")
    member(newcomer, PriorityGroup.HOMELESS, D(2023, 2, 1))
    seeker(newcomer, D(2023, 1, 31))  # registered the day before the recognition
    assert value("employment.homeless_registrations") == 1
    assert value("employment.homeless_referrals") == 1
    assert value("employment.homeless_placed") == 0


def test_priority_group_referrals_and_placements_need_a_case_open_that_day(
        person_factory, establishment_factory):
    s = seeker(person_factory(), D(2023, 1, 3))
    est = establishment_factory()
    vs = [vacancy(est, D(2023, 1, 2)) for _ in range(4)]
    case(s, D(2023, 1, 10), closed=D(2023, 3, 31))
    Referral.objects.create(seeker=s, vacancy=vs[0], referred_on=D(2023, 1, 9))  # before
    Referral.objects.create(seeker=s, vacancy=vs[1], referred_on=D(2023, 1, 10))  # opening day
    Referral.objects.create(seeker=s, vacancy=vs[2], referred_on=D(2023, 3, 31))  # closing day
    Referral.objects.create(seeker=s, vacancy=vs[3], referred_on=D(2023, 4, 1))  # after
    placement(s, D(2023, 3, 31))
    other = seeker(person_factory("沒有個案"), D(2023, 1, 3))
    placement(other, D(2023, 2, 1))
    assert value("priority_groups.cases_opened") == 1
    assert value("priority_groups.job_referrals") == 2
    assert value("priority_groups.placed") == 1
    assert value("priority_groups.cases_opened", "2023Q2") == 0


def test_new_employers_count_an_establishment_when_its_first_account_is_made(
        establishment_factory):
    users = get_user_model().objects
    old, new, twice = establishment_factory(), establishment_factory(), establishment_factory()

    def account(est, at, name):
        return EmployerAccount.objects.create(
            user=users.create_user(username=name), establishment=est, contact_name="王",
            phone="02-1234-5678", created_at=at)

    account(old, dt.datetime(2022, 12, 31, 23, 30, tzinfo=TAIPEI), "a@example.com")
    account(old, dt.datetime(2023, 2, 1, 10, tzinfo=TAIPEI), "b@example.com")
    account(new, dt.datetime(2023, 1, 1, 0, 5, tzinfo=TAIPEI), "c@example.com")
    account(twice, dt.datetime(2023, 3, 1, 10, tzinfo=TAIPEI), "d@example.com")
    account(twice, dt.datetime(2023, 4, 1, 10, tzinfo=TAIPEI), "e@example.com")
    assert value("job_bank.new_employers") == 2
    assert value("job_bank.new_employers", "2022H2") == 1
    PageViewDay.objects.create(day=D(2023, 6, 30), kind=PageKind.SEARCH, count=1200)
    PageViewDay.objects.create(day=D(2023, 6, 30), kind=PageKind.VACANCY, count=800)
    PageViewDay.objects.create(day=D(2023, 7, 1), kind=PageKind.SEARCH, count=5)
    assert value("job_bank.page_views") == 2000


def test_job_fairs_are_counted_by_kind(establishment_factory, person_factory):
    est1, est2 = establishment_factory(), establishment_factory()
    large = RecruitmentEvent.objects.create(kind=EventKind.LARGE, title="博覽會",
                                            held_on=D(2023, 3, 18), place="市政大樓")
    small = RecruitmentEvent.objects.create(kind=EventKind.SMALL, title="現場徵才",
                                            held_on=D(2023, 3, 20), place="就業服務站")
    RecruitmentEvent.objects.create(kind=EventKind.LARGE, title="去年", held_on=D(2022, 10, 1),
                                    place="南港展覽館")
    a = EventEmployer.objects.create(event=large, establishment=est1)
    b = EventEmployer.objects.create(event=large, establishment=est2)
    c = EventEmployer.objects.create(event=small, establishment=est1)
    EventJob.objects.create(employer=a, title="門市人員", openings=10)
    EventJob.objects.create(employer=a, title="儲備幹部", openings=2)
    EventJob.objects.create(employer=b, title="工程師", openings=5)
    EventJob.objects.create(employer=c, title="清潔人員", openings=3)
    EventApplicant.objects.create(employer=a, name="甲", resume_received=True)
    EventApplicant.objects.create(employer=b, person=person_factory(), resume_received=True,
                                  interviewed=True)
    EventApplicant.objects.create(employer=c, name="乙", resume_received=False, interviewed=True)
    assert value("job_fairs.large_events") == 1
    assert value("job_fairs.large_employers") == 2
    assert value("job_fairs.large_occupations") == 3
    assert value("job_fairs.large_vacancies") == 17
    assert value("job_fairs.large_resumes") == 2
    assert value("job_fairs.small_events") == 1
    assert value("job_fairs.small_vacancies") == 3
    assert value("job_fairs.small_interviews") == 1
    assert value("job_fairs.medium_events") == 0


def test_exams_hire_the_main_and_reserve_lists(person_factory):
    session = ExamSession.objects.create(agency="工務局", title="技工", positions=1,
                                         held_on=D(2023, 5, 2))
    results = [(True, ExamResult.MAIN), (True, ExamResult.RESERVE), (True, ExamResult.NOT_HIRED),
               (False, ExamResult.NOT_HIRED)]
    for i, (interviewed, result) in enumerate(results):
        ExamApplicant.objects.create(session=session, person=person_factory(f"報名{i}"),
                                     applied_on=D(2023, 4, 20), interviewed=interviewed,
                                     result=result, rank=1 if result in ("main", "reserve")
                                     else None)
    assert value("recruitment_exams.sessions") == 1
    assert value("recruitment_exams.applicants") == 4
    assert value("recruitment_exams.interviewed") == 3
    assert value("recruitment_exams.hired") == 2
    assert (value("recruitment_exams.hired_main"), value("recruitment_exams.hired_reserve")) == (
        1, 1)


def test_unemployment_figures_count_each_step_on_its_own_date(person_factory):
    december = seeker(person_factory("十二月"), D(2022, 12, 20))
    claim = UnemploymentClaim.objects.create(
        seeker=december, applied_on=D(2022, 12, 20), separated_on=D(2022, 12, 10),
        separation_reason="layoff", status=ClaimStatus.ENDED, recognised_on=D(2023, 1, 3),
        ended_on=D(2023, 3, 10), end_reason=ClaimEnd.EMPLOYED)
    ReRecognition.objects.create(claim=claim, sequence=1, on=D(2023, 2, 2),
                                 earliest_on=D(2023, 2, 2))
    ReRecognition.objects.create(claim=claim, sequence=2, on=D(2023, 3, 6),
                                 earliest_on=D(2023, 3, 4))
    june = seeker(person_factory("六月"), D(2023, 6, 20))
    other = UnemploymentClaim.objects.create(
        seeker=june, applied_on=D(2023, 6, 20), separated_on=D(2023, 6, 1),
        separation_reason="closure")
    ClaimTrainingReferral.objects.create(claim=other, referred_on=D(2023, 6, 28),
                                         course="照顧服務員訓練班")
    assert value("unemployment.applications") == 1
    assert value("unemployment.applications", "2022H2") == 1
    assert value("unemployment.recognised") == 1
    assert value("unemployment.re_recognitions") == 2
    assert value("unemployment.helped_into_work") == 1
    assert value("unemployment.training_referrals") == 1


def test_community_and_job_redesign(person_factory, establishment_factory):
    from labor.core.models import District

    person = person_factory(birth_date=D(1970, 1, 1))
    district = District.objects.filter(code="daan").first() or shared.district("daan")
    contact = CommunityContact.objects.create(person=person, found_on=D(2022, 11, 1),
                                              district=district, source="visit")
    CommunityPlacement.objects.create(contact=contact, placed_on=D(2022, 11, 20),
                                      follow_up_on=D(2023, 2, 21),
                                      follow_up_result=FollowUpResult.STABLE)
    CommunityPlacement.objects.create(contact=contact, placed_on=D(2023, 3, 1),
                                      follow_up_on=D(2023, 6, 2),
                                      follow_up_result=FollowUpResult.LEFT)
    assert value("employment.community_seekers_found") == 0
    assert value("employment.community_placed") == 1
    assert value("employment.community_stable_3_months") == 1
    est = establishment_factory()
    JobRedesignApplication.objects.create(
        person=person, establishment=est, received_on=D(2022, 12, 20), measures=["aids"],
        amount_requested=20_000, decision=RedesignDecision.APPROVED, decided_on=D(2023, 1, 5),
        amount_approved=18_000)
    JobRedesignApplication.objects.create(
        person=person, establishment=est, received_on=D(2023, 6, 20), measures=["aids"],
        amount_requested=5_000)
    assert value("employment.job_redesign_seniors_applied") == 1
    assert value("employment.job_redesign_seniors_approved") == 1
    assert value("employment.job_redesign_seniors_amount") == 18_000
