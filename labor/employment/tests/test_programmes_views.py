"""The programmes' staff pages (/employment/programmes/): permissions, the case page with its
timeline and forms, follow-ups due, events with participants, the unemployment claim page
(a re-recognition refused before its date: 400, the message at its field, nothing written; a
stale one: 409), exam sessions; masked IDs in lists."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from labor.employment import services_programmes as services
from labor.employment.models import (
    CounsellingSession,
    EmploymentCase,
    EventApplicant,
    EventEmployer,
    ExamApplicant,
    ExamSession,
    RecruitmentEvent,
    ReRecognition,
    UnemploymentClaim,
)
from labor.employment.tests import programmes_helpers as h
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory

pytestmark = pytest.mark.django_db

PERM = "employment.work_employment"
NAMES = ["home", "cases", "case_new", "follow_ups", "events", "claims", "claim_new", "exams"]


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def url(name, *args):
    return reverse(f"employment_programmes:{name}", args=args)


@pytest.fixture
def officer(staff_user):
    return staff_user("emp-officer", perms=[PERM], last_name="張", first_name="個管")


@pytest.fixture
def client_in(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def employment_case(officer):
    seeker = h.seeker(registered_on=days(-120))
    h.member(seeker.person, "sole_earner", days(-400))
    return services.employment_case_open(seeker=seeker, groups=["sole_earner"],
                                         opened_on=days(-100), actor=officer)


@pytest.fixture
def recognised_claim(officer):
    """A claim recognised 20 days ago: its first re-recognition is due in 10 days."""
    seeker = h.seeker(registered_on=days(-34))
    claim = services.claim_apply(seeker=seeker, applied_on=days(-34), separated_on=days(-40),
                                 separation_reason="closure", actor=officer)
    return services.claim_recognise(claim=claim, version=claim.version, on=days(-20),
                                    actor=officer)


# ------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_go_to_the_login_page(client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", NAMES)
def test_staff_without_the_permission_get_a_403(client, staff_user, name):
    client.force_login(staff_user("other"))
    response = client.get(url(name))
    assert response.status_code == 403
    assert "可辦理就業服務" in response.content.decode()


@pytest.mark.parametrize("name", NAMES)
def test_each_page_opens_for_employment_staff(client_in, name):
    assert client_in.get(url(name)).status_code == 200


def test_a_post_without_the_permission_writes_nothing(client, staff_user, employment_case):
    client.force_login(staff_user("other"))
    response = client.post(url("case_action", employment_case.case.number, "counselling"),
                           {"kind": "general", "held_on": days(-1).isoformat()})
    assert response.status_code == 403
    assert not CounsellingSession.objects.exists()


# ---------------------------------------------------------------------- case management


def test_opening_a_case_from_the_form(client_in, officer):
    seeker = h.seeker(registered_on=days(-10))
    h.member(seeker.person, "middle_aged", days(-1000))
    response = client_in.post(url("case_new"), {
        "id_number": seeker.person.id_number.lower(), "groups": ["middle_aged"],
        "opened_on": days(-1).isoformat(), "assessment": "希望從事行政工作"})
    row = EmploymentCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case", row.case.number)


def test_opening_a_case_for_a_group_not_held_is_a_400_at_its_field(client_in):
    seeker = h.seeker(registered_on=days(-10))
    response = client_in.post(url("case_new"), {
        "id_number": seeker.person.id_number, "groups": ["homeless"],
        "opened_on": days(-1).isoformat()})
    assert response.status_code == 400
    form = response.context["form"]
    assert "遊民" in " ".join(form.errors["groups"])
    assert not EmploymentCase.objects.exists()


def test_the_case_page_shows_the_timeline_and_masks_the_id(client_in, employment_case):
    response = client_in.get(url("case", employment_case.case.number))
    body = response.content.decode()
    assert response.status_code == 200
    person = employment_case.seeker.person
    assert person.id_number not in body
    assert person.id_number[:3] in body
    assert "案件歷程" in body and "開案（特定對象）" in body
    assert "獨力負擔家計者" in body


def test_counselling_is_recorded_from_the_case_page(client_in, employment_case):
    response = client_in.post(url("case_action", employment_case.case.number, "counselling"),
                              {"kind": "in_depth", "held_on": days(-1).isoformat(),
                               "notes": "討論職涯方向"})
    assert response.status_code == 302
    session = CounsellingSession.objects.get()
    assert (session.kind, session.held_on) == ("in_depth", days(-1))
    page = client_in.get(url("case", employment_case.case.number)).content.decode()
    assert "深度就業諮詢" in page


def test_counselling_in_the_future_is_a_400_with_its_message(client_in, employment_case):
    response = client_in.post(url("case_action", employment_case.case.number, "counselling"),
                              {"kind": "general", "held_on": days(3).isoformat()})
    assert response.status_code == 400
    assert "日期不得晚於今天" in response.content.decode()
    assert not CounsellingSession.objects.exists()


def test_closing_with_a_stale_version_is_a_409(client_in, employment_case):
    response = client_in.post(url("case_action", employment_case.case.number, "close"),
                              {"closed_on": days(-1).isoformat(), "reason": "placed",
                               "version": employment_case.version + 5})
    assert response.status_code == 409
    employment_case.refresh_from_db()
    assert employment_case.closed_on is None


def test_an_unknown_case_action_is_a_404(client_in, employment_case):
    response = client_in.post(url("case_action", employment_case.case.number, "teleport"), {})
    assert response.status_code == 404


def test_follow_ups_due_are_listed_and_recorded(client_in, employment_case, establishment_factory):
    firm = establishment_factory("穩定公司")
    placed = h.placement(employment_case.seeker, days(-95), establishment=firm)
    listing = client_in.get(url("follow_ups")).content.decode()
    assert employment_case.case.number in listing and "穩定公司" in listing
    response = client_in.post(url("case_action", employment_case.case.number, "follow_up"),
                              {"placement": placed.pk, "done_on": days(-1).isoformat(),
                               "result": "stable"})
    assert response.status_code == 302
    assert employment_case.case.number not in client_in.get(url("follow_ups")).content.decode()


def test_stable_before_three_months_is_a_400_at_the_result(client_in, employment_case):
    placed = h.placement(employment_case.seeker, days(-30))
    response = client_in.post(url("case_action", employment_case.case.number, "follow_up"),
                              {"placement": placed.pk, "done_on": days(-1).isoformat(),
                               "result": "stable"})
    assert response.status_code == 400
    assert "未滿3個月" in " ".join(response.context["forms"]["follow_up"].errors["result"])


# ----------------------------------------------------------------------------- events


def test_an_event_with_its_employers_and_applicants(client_in, establishment_factory):
    firm = establishment_factory("博覽會公司")
    response = client_in.post(url("events"), {"kind": "large", "title": "春季就業博覽會",
                                              "held_on": days(-2).isoformat(),
                                              "place": "市府大樓"})
    event = RecruitmentEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == url("event", event.pk)
    assert client_in.post(url("event_employer", event.pk), {
        "ubn": firm.ubn, "title": "門市人員", "openings": "12"}).status_code == 302
    employer = EventEmployer.objects.get()
    assert client_in.post(url("event_job", event.pk, employer.pk), {
        f"job{employer.pk}-title": "倉管", f"job{employer.pk}-openings": "3"}).status_code == 302
    person = h.person("應徵甲")
    assert client_in.post(url("event_applicant", event.pk), {
        "employer": employer.pk, "id_number": person.id_number, "resume_received": "on",
        "result": "pending"}).status_code == 302
    page = client_in.get(url("event", event.pk)).content.decode()
    assert "博覽會公司" in page and "倉管" in page and "應徵甲" in page
    assert person.id_number not in page
    listing = client_in.get(url("events")).content.decode()
    assert "春季就業博覽會" in listing


def test_an_event_with_a_bad_ubn_is_a_400_and_nothing_written(client_in):
    event = services.event_create(kind="small", title="小型徵才", held_on=days(-1),
                                  place="站", actor=None)
    response = client_in.post(url("event_employer", event.pk), {
        "ubn": "12345678", "title": "店員", "openings": "1"})
    assert response.status_code == 400
    assert response.context["forms"]["employer"].errors["ubn"]
    assert not EventEmployer.objects.exists()


def test_an_event_form_without_a_kind_is_a_400(client_in):
    response = client_in.post(url("events"), {"title": "某活動", "held_on": days(1).isoformat(),
                                              "place": "站"})
    assert response.status_code == 400
    assert "請選擇活動類別" in response.content.decode()
    assert not RecruitmentEvent.objects.exists()


def test_an_applicant_without_resume_or_interview_is_a_400(client_in, establishment_factory):
    event = services.event_create(kind="small", title="小型徵才", held_on=days(-1),
                                  place="站", actor=None)
    employer = services.event_employer_add(event=event, establishment=establishment_factory(),
                                           title="店員", openings=1, actor=None)
    response = client_in.post(url("event_applicant", event.pk), {
        "employer": employer.pk, "name": "某人", "result": "pending"})
    assert response.status_code == 400
    assert response.context["forms"]["applicant"].errors["resume_received"]
    assert not EventApplicant.objects.exists()


# ----------------------------------------------------------------------- unemployment


def re_recognition_post(claim, on, *rows):
    data = {"on": on.isoformat(), "version": claim.version}
    for n, (day, employer, method) in enumerate(rows, start=1):
        data.update({f"job_searches_{n}_searched_on": day.isoformat(),
                     f"job_searches_{n}_employer_name": employer,
                     f"job_searches_{n}_method": method})
    return data


def test_a_claim_is_received_from_the_form(client_in):
    seeker = h.seeker(registered_on=days(-1))
    response = client_in.post(url("claim_new"), {
        "id_number": seeker.person.id_number, "applied_on": days(-1).isoformat(),
        "separated_on": days(-5).isoformat(), "separation_reason": "layoff"})
    claim = UnemploymentClaim.objects.get()
    assert response.status_code == 302 and response["Location"] == url("claim", claim.pk)
    page = client_in.get(url("claim", claim.pk)).content.decode()
    assert "尚未認定" in page


def test_a_re_recognition_before_its_date_is_a_400_at_its_field(client_in, recognised_claim):
    claim = recognised_claim
    response = client_in.post(url("claim_action", claim.pk, "re_recognise"), re_recognition_post(
        claim, today(), (days(-10), "甲公司", "interview"), (days(-5), "乙公司", "resume")))
    assert response.status_code == 400
    form = response.context["forms"]["re_recognise"]
    expected = services.roc_date(claim.next_due_on)
    assert form.errors["on"] == [f"失業再認定日期未到（應於{expected}以後辦理）。"]
    assert not ReRecognition.objects.exists()


def test_the_claim_page_warns_before_the_date(client_in, recognised_claim):
    page = client_in.get(url("claim", recognised_claim.pk)).content.decode()
    assert "失業再認定日期未到" in page


def test_a_re_recognition_on_its_date_with_two_searches(client_in, officer):
    seeker = h.seeker(registered_on=days(-44))
    claim = services.claim_apply(seeker=seeker, applied_on=days(-44), separated_on=days(-50),
                                 separation_reason="layoff", actor=officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=days(-30),
                                     actor=officer)
    listing = client_in.get(url("claims")).content.decode()
    assert "今日" in listing and seeker.person.name in listing
    assert seeker.person.id_number not in listing
    response = client_in.post(url("claim_action", claim.pk, "re_recognise"), re_recognition_post(
        claim, today(), (days(-20), "甲公司", "interview"), (days(-3), "乙公司", "online")))
    assert response.status_code == 302
    row = ReRecognition.objects.get()
    assert row.job_searches.count() == 2
    claim.refresh_from_db()
    assert claim.next_due_on == days(30)


def test_a_re_recognition_with_one_search_is_a_400(client_in, officer):
    seeker = h.seeker(registered_on=days(-44))
    claim = services.claim_apply(seeker=seeker, applied_on=days(-44), separated_on=days(-50),
                                 separation_reason="layoff", actor=officer)
    claim = services.claim_recognise(claim=claim, version=claim.version, on=days(-30),
                                     actor=officer)
    response = client_in.post(url("claim_action", claim.pk, "re_recognise"), re_recognition_post(
        claim, today(), (days(-20), "甲公司", "interview")))
    assert response.status_code == 400
    assert "至少提供2次求職紀錄" in response.content.decode()
    assert not ReRecognition.objects.exists()


def test_a_stale_recognition_is_a_409(client_in, officer):
    seeker = h.seeker(registered_on=days(-20))
    claim = services.claim_apply(seeker=seeker, applied_on=days(-20), separated_on=days(-25),
                                 separation_reason="layoff", actor=officer)
    response = client_in.post(url("claim_action", claim.pk, "recognise"),
                              {"on": today().isoformat(), "version": claim.version + 1})
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.status == "applied"


def test_ending_a_claim_as_helped_into_work(client_in, recognised_claim):
    claim = recognised_claim
    response = client_in.post(url("claim_action", claim.pk, "end"), {
        "ended_on": today().isoformat(), "reason": "employed", "version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.end_reason) == ("ended", "employed")


# ------------------------------------------------------------------------------ exams


def test_an_exam_session_with_applicants_and_results(client_in):
    response = client_in.post(url("exams"), {"agency": "臺北市立圖書館", "title": "約聘館員",
                                             "positions": "1",
                                             "held_on": days(-1).isoformat()})
    session = ExamSession.objects.get()
    assert response.status_code == 302
    assert client_in.post(url("exam_applicant", session.pk), {
        "id_number": "A123456789", "name": "報名甲",
        "applied_on": days(-5).isoformat()}).status_code == 302
    applicant = ExamApplicant.objects.get()
    session.refresh_from_db()
    prefix = f"a{applicant.pk}"
    response = client_in.post(url("exam_result", session.pk, applicant.pk), {
        f"{prefix}-interviewed": "on", f"{prefix}-result": "main", f"{prefix}-rank": "1",
        f"{prefix}-version": session.version})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.interviewed, applicant.result) == (True, "main")
    page = client_in.get(url("exam", session.pk)).content.decode()
    assert "A123456789" not in page and "報名甲" in page


def test_hiring_without_an_interview_is_a_400(client_in, officer):
    session = services.exam_session_create(agency="社會局", title="工友", positions=2,
                                           held_on=days(-1), actor=officer)
    applicant = services.exam_applicant_add(session=session, person=h.person(),
                                            applied_on=days(-3), actor=officer)
    prefix = f"a{applicant.pk}"
    response = client_in.post(url("exam_result", session.pk, applicant.pk), {
        f"{prefix}-result": "reserve", f"{prefix}-version": session.version})
    assert response.status_code == 400
    assert "未參加面試者不得錄取" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.result == "pending"


def test_an_exam_form_with_no_positions_is_a_400(client_in):
    response = client_in.post(url("exams"), {"agency": "社會局", "title": "工友",
                                             "positions": "0", "held_on": days(5).isoformat()})
    assert response.status_code == 400
    assert not ExamSession.objects.exists()
