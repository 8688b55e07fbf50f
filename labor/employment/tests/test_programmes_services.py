"""The programmes' services on the database: case management (opening for the groups a person
holds, counselling, tests, training, follow-ups due three months after a placement, closing),
unemployment recognition (the 15th day, re-recognition every 30 days with two job-search
records, refused before its date), events, exams, job redesign, community and youth records,
and the figures counted from them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from labor.core.models import Case, CaseEvent, DatedSetting, PriorityGroup
from labor.employment import selectors_programmes as selectors
from labor.employment import services_programmes as services
from labor.employment.models import (
    ClaimStatus,
    CommunityContact,
    CounsellingSession,
    EmploymentCase,
    EventApplicant,
    ExamApplicant,
    JobSearchRecord,
    ReRecognition,
    StabilityFollowUp,
    UnemploymentClaim,
)
from labor.employment.tests import programmes_helpers as h
from labor.stats.registry import registry
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

D = dt.date
PERM = "employment.work_employment"
OPENED = D(2023, 2, 1)
APPLIED, SEPARATED = D(2023, 3, 1), D(2023, 2, 28)


@pytest.fixture
def officer(staff_user):
    return staff_user("caseworker", perms=[PERM])


@pytest.fixture
def checker(staff_user):
    return staff_user("checker", perms=[PERM])


@pytest.fixture
def firm(establishment_factory):
    return establishment_factory("好工作股份有限公司")


class Figures:
    """The council report's figures of 2023H1, computed by the registry's indicators
    (labor/employment/indicators.py) when read."""

    def __getitem__(self, code: str):
        return registry.compute(code, "2023H1").value


def messages_of(exc: pytest.ExceptionInfo, field: str) -> str:
    return " ".join(exc.value.message_dict.get(field, []))


# ---------------------------------------------------------------------- case management


def open_case(officer, *, groups=("middle_aged",), opened_on=OPENED, seeker=None):
    if seeker is None:
        seeker = h.seeker()
        for g in groups:
            h.member(seeker.person, g, D(2022, 1, 1))
    return services.employment_case_open(seeker=seeker, groups=list(groups),
                                         opened_on=opened_on, actor=officer)


def test_a_case_opens_on_its_line_with_its_groups_and_a_timeline(officer):
    row = open_case(officer, groups=("middle_aged", "sole_earner"))
    assert row.case.line == "employment_cases"
    assert "-EMC-" in row.case.number and row.case.number.startswith("112-")
    assert row.case.status == "open"
    assert row.case.assigned_officer == officer
    assert sorted(row.groups.values_list("group", flat=True)) == ["middle_aged", "sole_earner"]
    assert list(row.case.events.values_list("action", flat=True).order_by("pk")) == [
        "open", "employment_case_open"]


def test_a_case_for_a_group_the_person_does_not_hold_is_refused_and_nothing_written(officer):
    seeker = h.seeker()
    h.member(seeker.person, "homeless", D(2023, 3, 1))  # established after the opening day
    with pytest.raises(ValidationError) as exc:
        services.employment_case_open(seeker=seeker, groups=["homeless"],
                                      opened_on=D(2023, 2, 1), actor=officer)
    assert "遊民" in messages_of(exc, "groups")
    assert not EmploymentCase.objects.exists() and not Case.objects.exists()


def test_an_ended_membership_does_not_open_a_case(officer):
    seeker = h.seeker()
    h.member(seeker.person, "middle_aged", D(2020, 1, 1), until=D(2023, 1, 31))
    with pytest.raises(ValidationError) as exc:
        services.employment_case_open(seeker=seeker, groups=["middle_aged"],
                                      opened_on=D(2023, 2, 1), actor=officer)
    assert messages_of(exc, "groups")


def test_a_second_open_case_of_the_same_seeker_is_refused(officer):
    first = open_case(officer)
    with pytest.raises(ValidationError) as exc:
        open_case(officer, seeker=first.seeker)
    assert first.case.number in messages_of(exc, "id_number")
    assert EmploymentCase.objects.count() == 1


def test_a_case_needs_a_current_registration_and_a_group(officer):
    p = h.person()
    with pytest.raises(ValidationError) as exc:
        services.employment_case_open(id_number=p.id_number, groups=[],
                                      opened_on=D(2023, 2, 1), actor=officer)
    assert "求職登記" in messages_of(exc, "id_number")
    assert messages_of(exc, "groups")


def test_a_case_cannot_open_before_the_registration(officer):
    seeker = h.seeker(registered_on=D(2023, 3, 1))
    h.member(seeker.person, "youth", D(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.employment_case_open(seeker=seeker, groups=["youth"],
                                      opened_on=D(2023, 2, 1), actor=officer)
    assert messages_of(exc, "opened_on")


def test_services_of_a_case_are_rows_counted_as_person_times(officer):
    row = open_case(officer)
    for day in (D(2023, 2, 2), D(2023, 2, 9)):
        services.counselling_record(employment_case=row, kind="general", held_on=day,
                                    actor=officer)
    services.counselling_record(employment_case=row, kind="in_depth", held_on=D(2023, 2, 16),
                                actor=officer)
    services.psych_test_record(employment_case=row, instrument="interest",
                               tested_on=D(2023, 2, 3), actor=officer)
    services.training_referral_record(employment_case=row, referred_on=D(2023, 2, 20),
                                      course="電腦輔助設計班", actor=officer)
    services.training_referral_record(employment_case=row, referred_on=D(2023, 3, 20),
                                      course="餐飲服務班", actor=officer)
    figures = Figures()
    assert figures["priority_groups.cases_opened"] == 1
    assert figures["priority_groups.general_counselling"] == 2
    assert figures["priority_groups.in_depth_counselling"] == 1
    assert figures["priority_groups.psych_tests"] == 1
    # 推介職業訓練人數 counts the referrals made (the indicators' rule for 人數: records).
    assert figures["priority_groups.training_referrals"] == 2
    actions = list(row.case.events.values_list("action", flat=True))
    assert actions.count("counselling") == 3 and "training_referral" in actions


def test_counselling_before_the_opening_or_in_the_future_is_refused(officer):
    row = open_case(officer)
    with pytest.raises(ValidationError) as exc:
        services.counselling_record(employment_case=row, kind="general",
                                    held_on=D(2023, 1, 31), actor=officer)
    assert messages_of(exc, "held_on")
    with pytest.raises(ValidationError):
        services.counselling_record(employment_case=row, kind="general",
                                    held_on=dt.date.today() + dt.timedelta(days=2),
                                    actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.counselling_record(employment_case=row, kind="gossip", held_on=D(2023, 2, 2),
                                    actor=officer)
    assert messages_of(exc, "kind")
    assert not CounsellingSession.objects.exists()


def test_job_referrals_and_placements_count_while_the_case_is_open(officer, firm):
    row = open_case(officer, opened_on=D(2023, 2, 1))
    other = h.seeker()  # no case: not counted
    vac = h.vacancy(firm)
    vac2 = h.vacancy(firm)
    h.referral(row.seeker, vac, D(2023, 1, 20))  # before the case
    h.referral(row.seeker, vac2, D(2023, 2, 10))
    h.referral(other, vac, D(2023, 2, 10))
    h.placement(row.seeker, D(2023, 3, 1), establishment=firm)
    h.placement(other, D(2023, 3, 1))
    figures = Figures()
    assert figures["priority_groups.job_referrals"] == 1
    assert figures["priority_groups.placed"] == 1


def test_a_follow_up_is_due_three_months_after_the_work_starts(officer, firm):
    row = open_case(officer, opened_on=D(2023, 1, 5))
    placed = h.placement(row.seeker, D(2023, 1, 20), starts_on=D(2023, 2, 1),
                         establishment=firm)
    due = selectors.follow_ups_due(D(2023, 4, 30))
    assert due == []  # due 2023-05-01
    due = selectors.follow_ups_due(D(2023, 5, 1))
    assert [(d["placement"], d["due_on"], d["state"]) for d in due] == [
        (placed, D(2023, 5, 1), "today")]
    assert due[0]["employment_case"] == row
    assert selectors.follow_ups_due(D(2023, 4, 25), ahead_days=7)[0]["state"] == "upcoming"
    assert selectors.follow_ups_due(D(2023, 5, 3))[0]["state"] == "overdue"


def test_stable_cannot_be_recorded_before_three_months_and_left_can(officer, firm):
    row = open_case(officer, opened_on=D(2023, 1, 5))
    placed = h.placement(row.seeker, D(2023, 1, 20), establishment=firm)
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(employment_case=row, placement=placed,
                                  done_on=D(2023, 4, 19), result="stable", actor=officer)
    assert "112年4月20日" in messages_of(exc, "result")
    assert not StabilityFollowUp.objects.exists()
    done = services.follow_up_record(employment_case=row, placement=placed,
                                     done_on=D(2023, 4, 20), result="stable", actor=officer)
    assert done.due_on == D(2023, 4, 20)
    assert selectors.follow_ups_due(D(2023, 6, 1)) == []
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(employment_case=row, placement=placed,
                                  done_on=D(2023, 5, 1), result="left", actor=officer)
    assert messages_of(exc, "placement")


def test_a_placement_of_another_seeker_is_not_the_cases(officer):
    row = open_case(officer)
    stranger = h.placement(h.seeker(), D(2023, 2, 5))
    with pytest.raises(ValidationError) as exc:
        services.follow_up_record(employment_case=row, placement=stranger,
                                  done_on=D(2023, 6, 1), result="left", actor=officer)
    assert "不屬於本個案" in messages_of(exc, "placement")


def test_closing_a_case_stamps_the_case_and_refuses_a_stale_version(officer):
    row = open_case(officer)
    with pytest.raises(services.StaleEdit):
        services.employment_case_close(employment_case=row, version=row.version + 1,
                                       closed_on=D(2023, 3, 1), reason="placed", actor=officer)
    closed = services.employment_case_close(employment_case=row, version=row.version,
                                            closed_on=D(2023, 3, 1), reason="placed",
                                            actor=officer)
    closed.case.refresh_from_db()
    assert closed.case.status == "closed" and closed.case.closed_at is not None
    assert closed.closed_on == D(2023, 3, 1)
    with pytest.raises(ValidationError) as exc:
        services.counselling_record(employment_case=closed, kind="general",
                                    held_on=D(2023, 3, 2), actor=officer)
    assert "已結案" in str(exc.value)
    # A new case of the same seeker may open after the first closed.
    h.member(row.seeker.person, "youth", D(2022, 1, 1))
    again = services.employment_case_open(seeker=row.seeker, groups=["youth"],
                                          opened_on=D(2023, 4, 1), actor=officer)
    assert again.case.number != row.case.number


def test_new_immigrant_figures_split_foreign_and_mainland_spouses(officer, firm):
    foreign = open_case(officer, groups=("new_immigrant_foreign",))
    mainland = h.seeker(registered_on=D(2023, 2, 1))
    h.member(mainland.person, "new_immigrant_mainland", D(2020, 1, 1))
    vac = h.vacancy(firm)
    h.referral(foreign.seeker, vac, D(2023, 2, 3))
    h.referral(mainland, vac, D(2023, 2, 4))
    h.placement(mainland, D(2023, 3, 1))
    figures = Figures()
    assert figures["new_immigrants.job_seekers.foreign"] == 1
    assert figures["new_immigrants.job_seekers.mainland"] == 1
    assert figures["new_immigrants.job_seekers.total"] == 2
    assert figures["new_immigrants.cases_opened.foreign"] == 1
    assert figures["new_immigrants.cases_opened.mainland"] == 0
    assert figures["new_immigrants.referrals.total"] == 2
    assert figures["new_immigrants.placed.mainland"] == 1


def test_homeless_figures_count_registrations_referrals_and_placements_of_members(firm):
    homeless = h.person("林遊")
    h.member(homeless, PriorityGroup.HOMELESS, D(2022, 12, 1))
    s = h.seeker(homeless, registered_on=D(2023, 2, 1))
    late = h.person("李晚")
    h.member(late, PriorityGroup.HOMELESS, D(2023, 3, 1))
    s2 = h.seeker(late, registered_on=D(2023, 2, 1))  # not homeless on the registration day
    vac, vac2 = h.vacancy(firm), h.vacancy(firm)
    h.referral(s, vac, D(2023, 2, 5))
    h.referral(s, vac2, D(2023, 2, 6))
    h.referral(s2, vac, D(2023, 3, 5))  # homeless by then
    h.placement(s, D(2023, 3, 1))
    figures = Figures()
    assert figures["employment.homeless_registrations"] == 1
    assert figures["employment.homeless_referrals"] == 3
    assert figures["employment.homeless_placed"] == 1


# ----------------------------------------------------------------------- unemployment


def apply(officer, *, applied_on=APPLIED, separated_on=SEPARATED, seeker=None):
    seeker = seeker or h.seeker(registered_on=applied_on)
    return services.claim_apply(seeker=seeker, applied_on=applied_on, separated_on=separated_on,
                                separation_reason="layoff", actor=officer)


def searches(*days):
    return [{"searched_on": d, "employer_name": f"公司{i}", "method": "interview"}
            for i, d in enumerate(days)]


def test_recognition_is_refused_before_the_15th_day_and_made_on_it(officer):
    claim = apply(officer)
    with pytest.raises(ValidationError) as exc:
        services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 14),
                                 actor=officer)
    assert "112年3月15日" in messages_of(exc, "on")
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    assert claim.status == ClaimStatus.RECOGNISED
    assert claim.next_due_on == D(2023, 4, 14)


def test_recognition_is_refused_when_the_claimant_was_placed_meanwhile(officer):
    claim = apply(officer)
    h.placement(claim.seeker, D(2023, 3, 10))
    with pytest.raises(ValidationError) as exc:
        services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                 actor=officer)
    assert "推介就業" in messages_of(exc, "on")


def test_re_recognition_before_its_date_is_refused_with_the_date(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.re_recognition_record(claim=claim, version=claim.version, on=D(2023, 4, 13),
                                       job_searches=searches(D(2023, 3, 20), D(2023, 4, 1)),
                                       actor=officer)
    assert messages_of(exc, "on") == "失業再認定日期未到（應於112年4月14日以後辦理）。"
    assert not ReRecognition.objects.exists() and not JobSearchRecord.objects.exists()
    claim.refresh_from_db()
    assert claim.version == 2  # unchanged by the refusal


def test_re_recognitions_every_30_days_each_with_two_job_searches(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    first = services.re_recognition_record(
        claim=claim, version=claim.version, on=D(2023, 4, 14),
        job_searches=searches(D(2023, 3, 20), D(2023, 4, 1)), actor=officer)
    claim.refresh_from_db()
    assert (first.sequence, first.earliest_on, claim.next_due_on) == (1, D(2023, 4, 14),
                                                                       D(2023, 5, 14))
    # Three days late: accepted; the next one is 30 days after the day it was made.
    second = services.re_recognition_record(
        claim=claim, version=claim.version, on=D(2023, 5, 17),
        job_searches=searches(D(2023, 4, 20), D(2023, 5, 2), D(2023, 5, 16)), actor=officer)
    claim.refresh_from_db()
    assert second.sequence == 2 and second.job_searches.count() == 3
    assert claim.next_due_on == D(2023, 6, 16)
    assert Figures()["unemployment.re_recognitions"] == 2


def test_a_re_recognition_with_one_job_search_is_refused(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.re_recognition_record(claim=claim, version=claim.version, on=D(2023, 4, 14),
                                       job_searches=[*searches(D(2023, 3, 20)), {}],
                                       actor=officer)
    assert "至少提供2次求職紀錄" in messages_of(exc, "job_searches")
    assert not ReRecognition.objects.exists()


def test_job_searches_before_the_previous_recognition_do_not_count(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.re_recognition_record(claim=claim, version=claim.version, on=D(2023, 4, 14),
                                       job_searches=searches(D(2023, 3, 10), D(2023, 4, 1)),
                                       actor=officer)
    assert messages_of(exc, "job_searches_1_searched_on")


def test_a_job_search_row_needs_its_employer_and_method(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    rows = searches(D(2023, 3, 20), D(2023, 4, 1))
    rows[1].update(employer_name="", method="carrier_pigeon")
    with pytest.raises(ValidationError) as exc:
        services.re_recognition_record(claim=claim, version=claim.version, on=D(2023, 4, 14),
                                       job_searches=rows, actor=officer)
    assert messages_of(exc, "job_searches_2_employer_name")
    assert messages_of(exc, "job_searches_2_method")


def test_a_stale_re_recognition_is_refused(officer):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    with pytest.raises(services.StaleEdit):
        services.re_recognition_record(claim=claim, version=1, on=D(2023, 4, 14),
                                       job_searches=searches(D(2023, 3, 20), D(2023, 4, 1)),
                                       actor=officer)


def test_the_interval_is_a_dated_setting(officer):
    assert DatedSetting.objects.get(key="unemployment.re_recognition_interval_days").certainty \
        == "S"
    DatedSetting.objects.create(key="unemployment.re_recognition_interval_days",
                                effective_from=D(2023, 1, 1), value=28, certainty="U")
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    assert claim.next_due_on == D(2023, 4, 12)


def test_an_application_more_than_two_years_after_leaving_is_refused(officer):
    with pytest.raises(ValidationError) as exc:
        apply(officer, applied_on=D(2023, 3, 2), separated_on=D(2021, 3, 1))
    assert "第25條" in messages_of(exc, "separated_on")
    with pytest.raises(ValidationError) as exc:
        apply(officer, applied_on=D(2023, 3, 2), separated_on=D(2023, 3, 3))
    assert messages_of(exc, "separated_on")
    assert not UnemploymentClaim.objects.exists()


def test_a_second_open_claim_is_refused(officer):
    claim = apply(officer)
    with pytest.raises(ValidationError) as exc:
        apply(officer, seeker=claim.seeker)
    assert messages_of(exc, "id_number")


def test_helped_into_work_ends_the_claim_with_its_placement(officer, firm):
    claim = apply(officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=D(2023, 3, 15),
                                     actor=officer)
    services.claim_training_refer(claim=claim, referred_on=D(2023, 3, 20), course="照顧服務員",
                                  actor=officer)
    placed = h.placement(claim.seeker, D(2023, 4, 2), establishment=firm)
    claim = services.claim_end(claim=claim, version=claim.version, ended_on=D(2023, 4, 3),
                               reason="employed", actor=officer)
    assert (claim.status, claim.placement, claim.next_due_on) == ("ended", placed, None)
    with pytest.raises(ValidationError):
        services.re_recognition_record(claim=claim, version=claim.version, on=D(2023, 4, 20),
                                       job_searches=searches(D(2023, 3, 20), D(2023, 4, 1)),
                                       actor=officer)
    figures = Figures()
    assert figures["unemployment.applications"] == 1
    assert figures["unemployment.recognised"] == 1
    assert figures["unemployment.helped_into_work"] == 1
    assert figures["unemployment.training_referrals"] == 1


def test_re_recognitions_due_today_and_overdue(officer):
    a = apply(officer)
    a = services.claim_recognise(claim=a, version=a.version, on=D(2023, 3, 15), actor=officer)
    b = apply(officer, applied_on=D(2023, 3, 3), separated_on=D(2023, 3, 1))
    b = services.claim_recognise(claim=b, version=b.version, on=D(2023, 3, 17), actor=officer)
    assert list(selectors.re_recognitions_due(D(2023, 4, 13))) == []
    assert list(selectors.re_recognitions_due(D(2023, 4, 14))) == [a]
    assert list(selectors.re_recognitions_due(D(2023, 4, 20))) == [a, b]
    c = apply(officer, applied_on=D(2023, 4, 1), separated_on=D(2023, 3, 31))
    assert list(selectors.recognitions_due(D(2023, 4, 14))) == []
    assert list(selectors.recognitions_due(D(2023, 4, 15))) == [c]


# ----------------------------------------------------------------------------- events


def test_event_participation_is_counted_by_kind(officer, establishment_factory):
    fair = services.event_create(kind="large", title="112年春季就業博覽會",
                                 held_on=D(2023, 3, 11), place="臺北市政府", actor=officer)
    a = services.event_employer_add(event=fair, establishment=establishment_factory(),
                                    title="門市人員", openings=30, actor=officer)
    services.event_job_add(employer=a, title="倉管人員", openings=5, actor=officer)
    b = services.event_employer_add(event=fair, establishment=establishment_factory(),
                                    title="廚師", openings=2, actor=officer)
    seekers = [h.person(f"應徵者{i}") for i in range(3)]
    for p in seekers:
        services.event_applicant_record(employer=a, person=p, actor=officer)
    services.event_applicant_record(employer=b, name="王路人", interviewed=True,
                                    resume_received=False, actor=officer)
    small = services.event_create(kind="small", title="週三徵才", held_on=D(2023, 4, 5),
                                  place="就業服務站", actor=officer)
    c = services.event_employer_add(event=small, establishment=establishment_factory(),
                                    title="保全", openings=4, actor=officer)
    services.event_applicant_record(employer=c, person=seekers[0], interviewed=True,
                                    actor=officer)
    figures = Figures()
    assert figures["job_fairs.large_events"] == 1
    assert figures["job_fairs.large_employers"] == 2
    assert figures["job_fairs.large_vacancies"] == 37
    assert figures["job_fairs.large_occupations"] == 3
    assert figures["job_fairs.large_resumes"] == 3
    assert figures["job_fairs.small_events"] == 1
    assert figures["job_fairs.small_vacancies"] == 4
    assert figures["job_fairs.small_interviews"] == 1
    assert selectors.event_totals(fair) == {"employers": 2, "occupations": 3, "vacancies": 37,
                                            "resumes": 3, "interviews": 1}


def test_an_employer_joins_an_event_once_and_applicants_apply_once(officer, firm):
    fair = services.event_create(kind="medium", title="中型徵才", held_on=D(2023, 3, 1),
                                 place="就業服務站", actor=officer)
    employer = services.event_employer_add(event=fair, ubn=firm.ubn, title="店員", openings=3,
                                           actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.event_employer_add(event=fair, ubn=firm.ubn, title="店員", openings=3,
                                    actor=officer)
    assert messages_of(exc, "ubn")
    p = h.person()
    services.event_applicant_record(employer=employer, id_number=p.id_number, actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.event_applicant_record(employer=employer, id_number=p.id_number,
                                        actor=officer)
    assert messages_of(exc, "id_number")
    with pytest.raises(ValidationError) as exc:
        services.event_applicant_record(employer=employer, name="某人", resume_received=False,
                                        actor=officer)
    assert messages_of(exc, "resume_received")
    assert EventApplicant.objects.count() == 1


def test_applicants_of_a_future_event_are_refused(officer, firm):
    fair = services.event_create(kind="project", title="專案招募",
                                 held_on=dt.date.today() + dt.timedelta(days=10),
                                 place="就業服務站", actor=officer)
    employer = services.event_employer_add(event=fair, establishment=firm, title="司機",
                                           openings=1, actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.event_applicant_record(employer=employer, name="某人", actor=officer)
    assert "尚未舉辦" in str(exc.value)


def test_an_unknown_ubn_is_refused_at_its_field(officer):
    fair = services.event_create(kind="small", title="徵才", held_on=D(2023, 3, 1),
                                 place="站", actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.event_employer_add(event=fair, ubn="12345678", title="店員", openings=1,
                                    actor=officer)
    assert messages_of(exc, "ubn")


# ------------------------------------------------------------------------------ exams


def test_exam_results_count_main_and_reserve_as_hired(officer):
    session = services.exam_session_create(agency="臺北市立動物園", title="約聘技工",
                                           positions=1, held_on=D(2023, 4, 10), actor=officer)
    people = [h.person(f"報名{i}") for i in range(4)]
    applicants = [services.exam_applicant_add(session=session, person=p,
                                              applied_on=D(2023, 3, 20), actor=officer)
                  for p in people]
    version = session.version

    def result(applicant, interviewed, result, rank=None):
        nonlocal version
        row = services.exam_result_record(applicant=applicant, version=version,
                                          interviewed=interviewed, result=result, rank=rank,
                                          actor=officer)
        version += 1
        return row

    result(applicants[0], True, "main", 1)
    with pytest.raises(ValidationError) as exc:
        result(applicants[1], True, "main", 2)
    assert "錄取名額（1名）" in messages_of(exc, "result")
    result(applicants[1], True, "reserve", 1)
    with pytest.raises(ValidationError) as exc:
        result(applicants[2], False, "reserve", 2)
    assert messages_of(exc, "result")
    result(applicants[2], True, "not_hired")
    figures = Figures()
    assert figures["recruitment_exams.sessions"] == 1
    assert figures["recruitment_exams.applicants"] == 4
    assert figures["recruitment_exams.interviewed"] == 3
    assert figures["recruitment_exams.hired"] == 2
    assert figures["recruitment_exams.hired_main"] == 1
    assert figures["recruitment_exams.hired_reserve"] == 1


def test_exam_application_after_the_exam_or_twice_is_refused(officer):
    session = services.exam_session_create(agency="社會局", title="工友", positions=2,
                                           held_on=D(2023, 4, 10), actor=officer)
    p = h.person()
    with pytest.raises(ValidationError) as exc:
        services.exam_applicant_add(session=session, person=p, applied_on=D(2023, 4, 11),
                                    actor=officer)
    assert messages_of(exc, "applied_on")
    services.exam_applicant_add(session=session, person=p, applied_on=D(2023, 4, 1),
                                actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.exam_applicant_add(session=session, id_number=p.id_number,
                                    applied_on=D(2023, 4, 1), actor=officer)
    assert messages_of(exc, "id_number")
    assert ExamApplicant.objects.count() == 1


def test_a_new_applicant_needs_a_valid_id_and_a_name(officer):
    session = services.exam_session_create(agency="社會局", title="工友", positions=2,
                                           held_on=D(2023, 4, 10), actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.exam_applicant_add(session=session, id_number="A123456788",
                                    applied_on=D(2023, 4, 1), actor=officer)
    assert messages_of(exc, "id_number")
    with pytest.raises(ValidationError) as exc:
        services.exam_applicant_add(session=session, id_number="A123456789",
                                    applied_on=D(2023, 4, 1), actor=officer)
    assert messages_of(exc, "name")
    row = services.exam_applicant_add(session=session, id_number="a123456789", name="新報名",
                                      applied_on=D(2023, 4, 1), actor=officer)
    assert row.person.id_number == "A123456789"


# ------------------------------------------------------- community, youth, job redesign


def test_community_figures_are_counted_from_rows(officer, firm):
    daan = shared.district("daan")
    p = h.person()
    contact = services.community_contact_record(person=p, found_on=D(2023, 2, 1),
                                                district=daan, source="li_office",
                                                actor=officer)
    again = services.community_contact_record(person=p, found_on=D(2023, 5, 1),
                                              district=daan, source="visit", actor=officer)
    for day in (D(2023, 2, 2), D(2023, 2, 3)):
        services.community_job_offer_record(contact=contact, offered_on=day, title="清潔員",
                                            employer_name="清潔公司", actor=officer)
    placed = services.community_placement_record(contact=contact, placed_on=D(2023, 2, 10),
                                                 ubn=firm.ubn, actor=officer)
    services.community_placement_record(contact=again, placed_on=D(2023, 5, 10),
                                        employer_name="便當店", actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.community_follow_up_record(community_placement=placed, done_on=D(2023, 5, 9),
                                            result="stable", actor=officer)
    assert messages_of(exc, "result")
    services.community_follow_up_record(community_placement=placed, done_on=D(2023, 5, 10),
                                        result="stable", actor=officer)
    services.job_development_visit_record(visited_on=D(2023, 3, 1), district=daan,
                                          shop_name="永康街麵店", jobs_developed=3,
                                          actor=officer)
    services.job_development_visit_record(visited_on=D(2023, 3, 1), district=daan,
                                          shop_name="永康街茶行", jobs_developed=0,
                                          actor=officer)
    figures = Figures()
    assert figures["employment.community_seekers_found"] == 2
    assert figures["employment.community_job_offers"] == 2
    assert figures["employment.community_placed"] == 2
    assert figures["employment.community_stable_3_months"] == 1
    assert figures["employment.community_jobs_developed"] == 3


def test_a_community_contact_needs_a_district_and_a_source(officer):
    with pytest.raises(ValidationError) as exc:
        services.community_contact_record(id_number="A123456789", name="某人",
                                          found_on=D(2023, 2, 1), district=None, source="",
                                          actor=officer)
    assert messages_of(exc, "district") and messages_of(exc, "source")
    assert not CommunityContact.objects.exists()


def test_youth_services_and_events(officer):
    services.youth_service_record(kind="test", served_on=D(2023, 2, 1), actor=officer)
    services.youth_service_record(kind="counselling", served_on=D(2023, 2, 1),
                                  person=h.person(), actor=officer)
    services.youth_event_record(kind="lecture", title="職涯講座", held_on=D(2023, 3, 1),
                                participants=60, actor=officer)
    services.youth_event_record(kind="tour", title="企業參訪", held_on=D(2023, 3, 8),
                                participants=25, co_organised=True, actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.youth_event_record(kind="lecture", title="", held_on=D(2023, 3, 1),
                                    participants=-1, actor=officer)
    assert messages_of(exc, "title") and messages_of(exc, "participants")
    figures = Figures()
    assert figures["employment.youth_counselling"] == 2
    assert figures["employment.youth_events"] == 2
    assert figures["employment.youth_event_participants"] == 85


def test_job_redesign_needs_a_senior_and_a_different_checker(officer, checker):
    young = h.person(birth_date=D(1990, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.job_redesign_receive(person=young, received_on=D(2023, 2, 1),
                                      measures=["aids"], amount_requested=10000, actor=officer)
    assert "45歲" in messages_of(exc, "id_number")
    senior = h.person(birth_date=D(1960, 1, 1))
    app = services.job_redesign_receive(person=senior, received_on=D(2023, 2, 1),
                                        measures=["aids", "method"], amount_requested=10000,
                                        actor=officer)
    by_membership = h.person()
    h.member(by_membership, "middle_aged", D(2020, 1, 1))
    other = services.job_redesign_receive(person=by_membership, received_on=D(2023, 2, 2),
                                          measures=["equipment"], amount_requested=8000,
                                          actor=officer)
    with pytest.raises(ValidationError) as exc:
        services.job_redesign_decide(application=app, version=app.version,
                                     decided_on=D(2023, 3, 1), approved=True,
                                     amount_approved=5000, actor=officer)
    assert "受理人員" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.job_redesign_decide(application=app, version=app.version,
                                     decided_on=D(2023, 3, 1), approved=True,
                                     amount_approved=12000, actor=checker)
    assert messages_of(exc, "amount_approved")
    services.job_redesign_decide(application=app, version=app.version,
                                 decided_on=D(2023, 3, 1), approved=True,
                                 amount_approved=9500, actor=checker)
    services.job_redesign_decide(application=other, version=other.version,
                                 decided_on=D(2023, 3, 2), approved=False, actor=checker)
    figures = Figures()
    assert figures["employment.job_redesign_seniors_applied"] == 2
    assert figures["employment.job_redesign_seniors_approved"] == 1
    assert figures["employment.job_redesign_seniors_amount"] == 9500


def test_every_seed_code_of_the_programmes_is_an_indicator():
    import pathlib
    import re

    seed = pathlib.Path(__file__).resolve().parents[4] / "shared" / "seed" / \
        "figures-2023H1.yaml"
    if not seed.exists():
        pytest.skip("the seed is outside the repository")
    text = seed.read_text(encoding="utf-8")
    groups = {"employment", "priority_groups", "new_immigrants", "job_fairs", "unemployment",
              "recruitment_exams"}
    codes, group = set(), None
    for line in text.splitlines():
        if re.match(r"^[a-z_]+:", line):
            group = line.split(":")[0]
        elif group in groups and (m := re.match(r"^  ([a-z0-9_]+):\s*(\{.*\}|\d)", line)):
            if m.group(2).startswith("{"):
                for side in re.findall(r"([a-z]+):", m.group(2)):
                    codes.add(f"{group}.{m.group(1)}.{side}")
            else:
                codes.add(f"{group}.{m.group(1)}")
    assert len(codes) > 50
    registered = {indicator.code for indicator in registry.indicators()}
    assert codes <= registered, codes - registered


def test_case_events_are_written_for_each_service(officer):
    row = open_case(officer)
    services.psych_test_record(employment_case=row, instrument="aptitude",
                               tested_on=D(2023, 2, 3), actor=officer)
    assert CaseEvent.objects.filter(case=row.case, action="psych_test", actor=officer).exists()
