"""The employment services: registrations (one active per person), vacancies (never below the
minimum wage of the posting date), referrals (never to an expired vacancy) and the loop
referral → hired → placement + hire, with their refusals writing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from labor.core.models import Person, PriorityGroupMembership
from labor.employment import services
from labor.employment.models import (
    Hire,
    JobSeeker,
    Occupation,
    PageKind,
    PageViewDay,
    Placement,
    Referral,
    ReferralResult,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)
from labor.portal import accounts
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

WORK = "employment.work_employment"


def today():
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


@pytest.fixture
def clerk(staff_user, unit_factory):
    unit = unit_factory("employment-centre", "就業服務站", lines=("employment_cases",))
    return staff_user("clerk", unit=unit, perms=[WORK], last_name="陳", first_name="就服")


@pytest.fixture
def company(establishment_factory):
    return establishment_factory("大安會計師事務所", district_code="daan")


def register(clerk, n=1, **overrides):
    data = {
        "id_number": shared.make_national_id(500 + n), "name": f"求職人{n}",
        "phone": "0912-000-000", "channel": services.COUNTER, "actor": clerk,
        "desired_title": "會計助理", "hours": "full_time",
    }
    data.update(overrides)
    return services.seeker_register(**data)


def post(clerk, company, **overrides):
    data = {
        "channel": services.COUNTER, "actor": clerk, "ubn": company.ubn,
        "title": "會計助理", "persons_wanted": 1, "wage_kind": "monthly", "wage_min": 32000,
        "district": "daan", "valid_until": days(30),
    }
    data.update(overrides)
    return services.vacancy_post(**data)


def messages_of(exc: ValidationError, field: str) -> list[str]:
    return exc.value.message_dict.get(field, [])


# ----------------------------------------------------------------------------- job seekers


def test_counter_registration_creates_the_person_and_names_the_unit(clerk):
    seeker = register(clerk, address="臺北市大安區復興南路一段1號", priority_groups=["middle_aged"],
                      desired_occupations=["43"], desired_districts=["daan", "zhongzheng"],
                      licences="會計事務丙級\n電腦軟體應用丙級", languages=["國語", "英語"])
    assert seeker.status == SeekerStatus.ACTIVE
    assert seeker.channel == "counter" and seeker.account is None
    assert seeker.unit.code == "employment-centre"
    assert seeker.person.phone == "0912-000-000"
    assert seeker.licences == ["會計事務丙級", "電腦軟體應用丙級"]
    assert [o.code for o in seeker.desired_occupations.all()] == ["43"]
    assert {d.code for d in seeker.desired_districts.all()} == {"daan", "zhongzheng"}
    assert PriorityGroupMembership.objects.filter(person=seeker.person,
                                                  group="middle_aged").count() == 1


def test_second_registration_with_the_same_id_is_refused_at_the_id(clerk):
    first = register(clerk, registered_on=dt.date(2023, 3, 6))
    with pytest.raises(ValidationError) as exc:
        register(clerk, registered_on=days(0))
    assert messages_of(exc, "id_number") == [
        "此身分證字號已有求職登記（登記日期112年3月6日），請勿重複登記。"]
    assert JobSeeker.objects.count() == 1
    # Once closed, the person may register again.
    services.seeker_close(seeker=first, version=first.version, actor=clerk)
    again = register(clerk)
    assert again.pk != first.pk and JobSeeker.objects.count() == 2


def test_an_existing_person_with_another_name_is_refused(clerk, person_factory):
    person = person_factory("林美玲")
    with pytest.raises(ValidationError) as exc:
        register(clerk, id_number=person.id_number, name="王小明")
    assert "姓名與此證號" in messages_of(exc, "name")[0]
    assert JobSeeker.objects.count() == 0
    seeker = register(clerk, id_number=person.id_number, name="林美玲", phone="02-2720-8889")
    assert seeker.person == person
    person.refresh_from_db()
    assert person.phone == "02-2720-8889"


def test_bad_input_is_refused_field_by_field_and_writes_nothing(clerk):
    with pytest.raises(ValidationError) as exc:
        register(clerk, id_number="A123456788", name="", phone="", expected_wage="abc",
                 hours="sometimes", desired_districts=["atlantis"])
    fields = set(exc.value.message_dict)
    assert {"id_number", "name", "phone", "expected_wage", "hours",
            "desired_districts"} <= fields
    assert Person.objects.count() == 0 and JobSeeker.objects.count() == 0


def test_online_registration_needs_the_account(clerk):
    with pytest.raises(ValidationError) as exc:
        register(clerk, channel=services.ONLINE, actor=None)
    assert NON_FIELD_ERRORS in exc.value.message_dict
    user, _id = accounts.citizen_signup(email="ming@example.tw", name="王小明",
                                        password="Hsin-Yi-2023-tea")
    seeker = register(None, channel=services.ONLINE, account=user)
    assert seeker.account == user and seeker.unit is None


def test_update_takes_the_version_it_read(clerk):
    seeker = register(clerk)
    services.seeker_update(seeker=seeker, version=1, desired_title="出納", phone="0922-111-222")
    seeker.refresh_from_db()
    assert seeker.desired_title == "出納" and seeker.version == 2
    assert seeker.person.phone == "0922-111-222"
    with pytest.raises(services.StaleEdit):
        services.seeker_update(seeker=seeker, version=1, desired_title="會計")


# ------------------------------------------------------------------------------- vacancies


@pytest.mark.parametrize(("posted_on", "kind", "wage", "refused"), [
    (dt.date(2023, 12, 31), "monthly", 26_400, False),
    (dt.date(2023, 12, 31), "monthly", 26_399, True),
    (dt.date(2024, 1, 1), "monthly", 26_400, True),
    (dt.date(2024, 1, 1), "monthly", 27_470, False),
    (dt.date(2023, 12, 31), "hourly", 176, False),
    (dt.date(2024, 1, 1), "hourly", 176, True),
    (dt.date(2024, 1, 1), "hourly", 183, False),
])
def test_a_wage_below_the_minimum_of_the_posting_date_is_refused(clerk, company, posted_on,
                                                                  kind, wage, refused):
    kwargs = {"posted_on": posted_on, "valid_until": posted_on + dt.timedelta(days=60),
              "wage_kind": kind, "wage_min": wage}
    if not refused:
        assert post(clerk, company, **kwargs).wage_min == wage
        return
    with pytest.raises(ValidationError) as exc:
        post(clerk, company, **kwargs)
    (message,) = messages_of(exc, "wage_min")
    floor = {("monthly", 2023): "26,400", ("monthly", 2024): "27,470",
             ("hourly", 2023): "176", ("hourly", 2024): "183"}[(kind, posted_on.year)]
    assert floor in message and "最低工資" in message
    assert Vacancy.objects.count() == 0


def test_counter_posting_opens_at_once_and_folds_its_search_text(clerk, company):
    occupation = Occupation.objects.get(code="43")
    vacancy = post(clerk, company, title="臺北總公司會計助理", occupation=occupation,
                   description="使用 ＥＸＣＥＬ 製作報表")
    assert vacancy.status == VacancyStatus.OPEN and vacancy.verified_by == clerk
    assert "台北總公司會計助理" in vacancy.search_text
    assert "excel" in vacancy.search_text
    assert occupation.name in vacancy.search_text


def test_online_posting_waits_for_verification(clerk, company):
    user, _account = accounts.employer_signup(
        email="hr@example.tw", name="人資", password="Hsin-Yi-2023-tea", ubn=company.ubn,
        phone="02-1234-5678")
    vacancy = services.vacancy_post(channel=services.ONLINE, establishment=company,
                                    posted_by=user, title="門市人員", persons_wanted=2,
                                    wage_kind="hourly", wage_min=200, district="xinyi",
                                    valid_until=days(30))
    assert vacancy.status == VacancyStatus.PENDING and vacancy.verified_by is None
    with pytest.raises(services.StaleEdit):
        services.vacancy_verify(vacancy=vacancy, version=vacancy.version + 1, actor=clerk)
    services.vacancy_verify(vacancy=vacancy, version=vacancy.version, actor=clerk)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.verified_by == clerk
    with pytest.raises(ValidationError):
        services.vacancy_verify(vacancy=vacancy, version=vacancy.version, actor=clerk)


def test_validity_before_the_posting_date_and_bad_fields_are_refused(clerk, company):
    with pytest.raises(ValidationError) as exc:
        post(clerk, company, posted_on=days(-1), valid_until=days(-2), persons_wanted=0,
             wage_max=100, district="", title="")
    fields = exc.value.message_dict
    assert "有效期限不得早於登記日期" in fields["valid_until"][0]
    assert {"persons_wanted", "district", "title"} <= set(fields)
    assert Vacancy.objects.count() == 0


# ------------------------------------------------------------------------------- referrals


def test_a_referral_to_an_expired_vacancy_is_refused(clerk, company):
    seeker = register(clerk, registered_on=days(-90))
    vacancy = post(clerk, company, posted_on=days(-60), valid_until=days(-1))
    with pytest.raises(ValidationError) as exc:
        services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
    from labor.core.formatting import roc_date

    assert messages_of(exc, "vacancy") == [
        f"此職缺已逾有效期限（{roc_date(days(-1))}），不能推介。"]
    assert Referral.objects.count() == 0


def test_referrals_refused_twice_pending_or_to_a_seeker_not_active(clerk, company):
    seeker = register(clerk)
    vacancy = post(clerk, company)
    services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
    assert "不能重複推介" in messages_of(exc, "vacancy")[0]
    pending = post(clerk, company, title="出納")
    Vacancy.objects.filter(pk=pending.pk).update(status=VacancyStatus.PENDING)
    pending.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.referral_create(seeker=seeker, vacancy=pending, actor=clerk)
    assert "尚待本局審核" in messages_of(exc, "vacancy")[0]
    other = register(clerk, n=2)
    services.seeker_close(seeker=other, version=other.version, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        services.referral_create(seeker=other, vacancy=vacancy, actor=clerk)
    assert "已結案" in messages_of(exc, "seeker")[0]
    assert Referral.objects.count() == 1


def test_the_loop_refer_hired_placement_hire_placed_filled(clerk, company):
    seeker = register(clerk, registered_on=days(-10))
    vacancy = post(clerk, company, posted_on=days(-5), persons_wanted=1)
    referral = services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk,
                                        referred_on=days(-3))
    services.referral_outcome(referral=referral, result=ReferralResult.INTERVIEWED,
                              result_on=days(-2), actor=clerk)
    referral = services.referral_outcome(referral=referral, result=ReferralResult.HIRED,
                                         result_on=days(-1), starts_on=days(0), actor=clerk)
    assert referral.result == ReferralResult.HIRED and referral.interview_on == days(-2)
    placement = Placement.objects.get()
    assert placement.source == Placement.Source.REFERRAL and placement.referral == referral
    assert placement.establishment == company and placement.starts_on == days(0)
    hire = Hire.objects.get()
    assert hire.placement == placement and hire.vacancy == vacancy and hire.persons == 1
    seeker.refresh_from_db()
    vacancy.refresh_from_db()
    assert seeker.status == SeekerStatus.PLACED and seeker.closed_on == days(-1)
    assert vacancy.status == VacancyStatus.FILLED
    # A final result does not change again.
    with pytest.raises(ValidationError):
        services.referral_outcome(referral=referral, result=ReferralResult.NOT_HIRED,
                                  actor=clerk)


def test_a_vacancy_for_two_stays_open_after_one_hire(clerk, company):
    vacancy = post(clerk, company, persons_wanted=2)
    for n in (1, 2):
        seeker = register(clerk, n=n)
        referral = services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk)
        services.referral_outcome(referral=referral, result=ReferralResult.HIRED, actor=clerk)
        vacancy.refresh_from_db()
        assert vacancy.status == (VacancyStatus.OPEN if n == 1 else VacancyStatus.FILLED)


def test_a_hire_for_a_placed_seeker_is_refused_and_nothing_is_written(clerk, company):
    seeker = register(clerk)
    first = post(clerk, company)
    second = post(clerk, company, title="出納")
    one = services.referral_create(seeker=seeker, vacancy=first, actor=clerk)
    two = services.referral_create(seeker=seeker, vacancy=second, actor=clerk)
    services.referral_outcome(referral=one, result=ReferralResult.HIRED, actor=clerk)
    with pytest.raises(ValidationError) as exc:
        services.referral_outcome(referral=two, result=ReferralResult.HIRED, actor=clerk)
    assert "已就業" in messages_of(exc, "result")[0]
    two.refresh_from_db()
    assert two.result == ReferralResult.PENDING
    assert Placement.objects.count() == 1 and Hire.objects.count() == 1


def test_outcome_dates_are_checked(clerk, company):
    seeker = register(clerk, registered_on=days(-10))
    vacancy = post(clerk, company, posted_on=days(-5))
    referral = services.referral_create(seeker=seeker, vacancy=vacancy, actor=clerk,
                                        referred_on=days(-3))
    with pytest.raises(ValidationError) as exc:
        services.referral_outcome(referral=referral, result=ReferralResult.HIRED,
                                  result_on=days(-4), actor=clerk)
    assert "不得早於推介日期" in messages_of(exc, "result_on")[0]
    with pytest.raises(ValidationError) as exc:
        services.referral_outcome(referral=referral, result="pending", actor=clerk)
    assert messages_of(exc, "result")
    assert Placement.objects.count() == 0


def test_self_found_placement_marks_the_seeker_placed(clerk, company):
    seeker = register(clerk, registered_on=days(-20))
    placement = services.placement_self_found(seeker=seeker, version=seeker.version,
                                              placed_on=days(-1), ubn=company.ubn, actor=clerk)
    assert placement.source == Placement.Source.SELF_FOUND
    assert placement.establishment == company and placement.referral is None
    seeker.refresh_from_db()
    assert seeker.status == SeekerStatus.PLACED
    with pytest.raises(ValidationError):
        services.placement_self_found(seeker=seeker, version=seeker.version, actor=clerk)


def test_employer_reported_hires_fill_the_vacancy_and_not_beyond(clerk, company):
    vacancy = post(clerk, company, persons_wanted=3)
    services.hire_record(vacancy=vacancy, version=vacancy.version, persons=2, actor=clerk)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    with pytest.raises(ValidationError) as exc:
        services.hire_record(vacancy=vacancy, version=vacancy.version, persons=2, actor=clerk)
    assert "尚缺 1 人" in messages_of(exc, "persons")[0]
    with pytest.raises(services.StaleEdit):
        services.hire_record(vacancy=vacancy, version=vacancy.version - 1, persons=1)
    services.hire_record(vacancy=vacancy, version=vacancy.version, persons=1, actor=clerk)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED
    assert sum(h.persons for h in Hire.objects.all()) == 3


def test_page_views_are_counted_per_day_and_kind():
    day = dt.date(2023, 6, 30)
    for _ in range(3):
        PageViewDay.hit(PageKind.SEARCH, day)
    PageViewDay.hit(PageKind.VACANCY, day, n=5)
    PageViewDay.hit(PageKind.SEARCH, day + dt.timedelta(days=1))
    counts = {(r.day, r.kind): r.count for r in PageViewDay.objects.all()}
    assert counts == {(day, "search"): 3, (day, "vacancy"): 5,
                      (day + dt.timedelta(days=1), "search"): 1}
