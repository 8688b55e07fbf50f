"""The staff pages of labor disputes through the Django test client: the queue, the counter
entry, the case page with each action, downloads and the lawyer consultations."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from labor.core import services as core_services
from labor.core.deadlines import clear_calendar_cache
from labor.core.formatting import mask_id, roc_date
from labor.core.models import Attachment, Case, CaseEvent, PersonAccessLog
from labor.disputes import services
from labor.disputes.models import (
    Dispute,
    LawyerConsultation,
    LawyerSlot,
    Mediator,
    MediatorAssignment,
    MediatorConflict,
    Meeting,
    MeetingAttendance,
)
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

pytestmark = pytest.mark.django_db

WORK = "disputes.work_dispute"
ASSIGN = "disputes.assign_mediator"
FULL = "core.view_person_full"
STALE = "此案件已由他人更新，請重新載入後再操作。"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_calendar():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def private_dir(settings, tmp_path):
    return shared.use_private_storage(settings, tmp_path)


@pytest.fixture
def relations(unit_factory):
    return unit_factory("labor-relations", "勞資關係科", lines=("disputes", "migrant_disputes"))


@pytest.fixture
def officer(staff_user, relations):
    """Works disputes, assigns mediators and may see full IDs."""
    return staff_user("officer", unit=relations, perms=[WORK, ASSIGN, FULL],
                      last_name="陳", first_name="美玲")


@pytest.fixture
def clerk(staff_user, relations):
    """Works disputes but neither assigns mediators nor sees full IDs."""
    return staff_user("clerk", unit=relations, perms=[WORK])


@pytest.fixture
def reader(staff_user, relations):
    """Of the unit, without any disputes permission: read-only pages."""
    return staff_user("reader", unit=relations)


@pytest.fixture
def outsider(staff_user, unit_factory):
    unit = unit_factory("inspection", "勞動檢查處", lines=("inspections",))
    return staff_user("outsider", unit=unit, perms=[WORK, ASSIGN, FULL])


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司")


def worker(n: int = 1, **fields) -> dict:
    return {"kind": "person", "id_kind": "national_id",
            "id_number": shared.make_national_id(7000 + n), "name": f"勞工{n}", **fields}


def submit(employer, *, received_at=None, applicants=None, **overrides) -> Dispute:
    return services.dispute_submit(
        channel="counter", applicant_kind="worker",
        applicants=applicants or [worker()],
        respondents=[{"kind": "establishment", "ubn": employer.ubn}],
        items=[{"kind": "unpaid_wages", "amount_claimed": 52800}],
        received_at=received_at or timezone.now() - dt.timedelta(hours=1),
        **overrides,
    )


def reload(dispute) -> Dispute:
    return Dispute.objects.select_related("case").get(pk=dispute.pk)


def mediator(name="林調解", **fields) -> Mediator:
    return Mediator.objects.create(name=name, kind="bureau", **fields)


def assigned(dispute, actor, who=None) -> Dispute:
    services.mediator_assign(dispute=dispute, mediator=who or mediator(), actor=actor,
                             version=reload(dispute).version)
    return reload(dispute)


def scheduled(dispute, actor, *, days=3) -> Meeting:
    return services.meeting_schedule(
        dispute=dispute, starts_at=timezone.now() + dt.timedelta(days=days), room="第一調解室",
        actor=actor, version=reload(dispute).version)


def held(dispute, actor) -> Meeting:
    meeting = scheduled(dispute, actor)
    services.meeting_hold(meeting=meeting, actor=actor, version=reload(dispute).version,
                          attendance={p.pk: True for p in dispute.parties.all()})
    return meeting


def case_url(dispute) -> str:
    return reverse("disputes:case", args=[dispute.case.number])


def action_url(dispute, action) -> str:
    return reverse("disputes:action", args=[dispute.case.number, action])


def post_action(client, dispute, action, version=None, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data[f"{action}-version"] = reload(dispute).version if version is None else version
    return client.post(action_url(dispute, action), data)


def text(response) -> str:
    return response.content.decode()


# --- queue --------------------------------------------------------------------------------


def test_the_queue_lists_overdue_cases_first_then_due_soon_then_the_rest(
        client, officer, employer):
    today = timezone.localdate()
    later, soon, overdue = (submit(employer, applicants=[worker(n)]) for n in (1, 2, 3))
    for dispute, due_on in ((later, today + dt.timedelta(days=30)), (soon, today),
                            (overdue, today - dt.timedelta(days=1))):
        core_services.case_due_date_set(case=dispute.case, kind="mediator_designation",
                                        due_on=due_on)
    client.force_login(officer)
    html = text(client.get(reverse("disputes:queue")))
    positions = [html.index(d.case.number) for d in (overdue, soon, later)]
    assert positions == sorted(positions)
    assert "逾期" in html and "即將到期" in html
    assert roc_date(today - dt.timedelta(days=1)) in html


def test_the_queue_masks_personal_ids_and_shows_the_received_date_in_roc(
        client, officer, employer):
    dispute = submit(employer)
    person = dispute.parties.get(side="applicant").person
    client.force_login(officer)
    html = text(client.get(reverse("disputes:queue")))
    assert person.id_number not in html
    assert mask_id(person.id_number) in html
    assert roc_date(dispute.case.received_at) in html
    assert employer.name in html
    assert not PersonAccessLog.objects.exists()


def test_the_queue_shows_the_assigned_mediator_and_leaves_out_closed_cases(
        client, officer, employer):
    open_one = assigned(submit(employer, applicants=[worker(1)]), officer, mediator("張調解"))
    closed = submit(employer, applicants=[worker(2)])
    services.withdraw(dispute=closed, settled_between_parties=False,
                      on=timezone.localdate(), actor=officer, version=reload(closed).version)
    client.force_login(officer)
    html = text(client.get(reverse("disputes:queue")))
    assert "張調解" in html
    assert open_one.case.number in html
    assert closed.case.number not in html


def test_the_queue_filters_by_status_kind_and_mine(client, officer, clerk, employer):
    received = submit(employer, applicants=[worker(1)])
    mine = assigned(submit(employer, applicants=[worker(2)]), officer,
                    mediator("自己", user=officer))
    coordination = submit(employer, applicants=[worker(3)], kind="coordination",
                          interpreter_language="印尼語")
    client.force_login(officer)
    queue = reverse("disputes:queue")

    html = text(client.get(queue, {"status": "assigned"}))
    assert mine.case.number in html and received.case.number not in html
    html = text(client.get(queue, {"kind": "coordination"}))
    assert coordination.case.number in html and received.case.number not in html
    html = text(client.get(queue, {"mine": "on"}))
    assert mine.case.number in html and received.case.number not in html
    # An unknown filter value is ignored, not an error.
    response = client.get(queue, {"status": "nonsense"})
    assert response.status_code == 200 and received.case.number in text(response)


def test_the_queue_shows_only_cases_in_ones_scope(client, outsider, employer):
    dispute = submit(employer)
    client.force_login(outsider)
    html = text(client.get(reverse("disputes:queue")))
    assert dispute.case.number not in html
    assert "沒有符合條件" in html


def test_the_nav_links_to_disputes_only_for_staff_with_a_disputes_permission(
        client, clerk, reader):
    client.force_login(clerk)
    assert f'href="{reverse("disputes:queue")}"' in text(client.get(reverse("core:home")))
    client.force_login(reader)
    assert f'href="{reverse("disputes:queue")}"' not in text(client.get(reverse("core:home")))


def test_the_kernel_case_page_links_to_the_dispute_page(client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    html = text(client.get(reverse("core:case", args=[dispute.case.number])))
    assert f'href="{case_url(dispute)}"' in html


# --- counter entry ------------------------------------------------------------------------


def _management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def entry_data(employer, **overrides) -> dict:
    data = {
        "channel": "counter", "received_on": timezone.localdate().isoformat(),
        "kind": "mediation", "applicant_kind": "worker", "route": "mediator",
        "committee_size": "", "employment_start": "2020-03-01", "monthly_wage": "32000",
        "job_title": "作業員", "interpreter_language": "", "statement": "公司積欠薪資兩個月。",
        "submission_key": "counter-test-1",
        **_management("applicants", 2), **_management("respondents", 1),
        **_management("items", 3),
        "applicants-0-kind": "person", "applicants-0-name": "王小明",
        "applicants-0-id_kind": "national_id",
        "applicants-0-id_number": shared.make_national_id(501),
        "applicants-0-phone": "0912345678", "applicants-0-address": "臺北市大安區信義路三段1號",
        # A blank extra row is ignored.
        "applicants-1-kind": "person", "applicants-1-id_kind": "national_id",
        "respondents-0-kind": "establishment", "respondents-0-ubn": employer.ubn,
        "respondents-0-contact_name": "人資經理", "respondents-0-id_kind": "national_id",
        "items-0-kind": "unpaid_wages", "items-0-amount_claimed": "64000",
        "items-1-kind": "severance", "items-1-amount_claimed": "96000",
        "items-2-kind": "",
    }
    data.update(overrides)
    return data


def test_the_counter_entry_form_needs_the_work_permission(client, officer, reader):
    client.force_login(reader)
    assert client.get(reverse("disputes:new")).status_code == 403
    client.force_login(officer)
    response = client.get(reverse("disputes:new"))
    assert response.status_code == 200
    html = text(response)
    assert 'name="applicants-0-id_number"' in html
    assert 'name="submission_key"' in html


def test_a_counter_application_opens_a_case_with_its_parties_items_and_attachment(
        client, officer, employer, private_dir):
    client.force_login(officer)
    data = entry_data(employer)
    data["attachments"] = [SimpleUploadedFile("薪資單.pdf", PDF, "application/pdf")]
    response = client.post(reverse("disputes:new"), data)
    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case_url(dispute)
    assert dispute.case.channel == "counter"
    assert dispute.job_title == "作業員" and dispute.monthly_wage == 32000
    assert dispute.parties.filter(side="applicant").get().person.name == "王小明"
    assert dispute.parties.filter(side="respondent").get().establishment == employer
    assert sorted(dispute.items.values_list("amount_claimed", flat=True)) == [64000, 96000]
    assert Attachment.objects.get(case=dispute.case).original_name == "薪資單.pdf"
    assert dispute.case.due_dates.filter(kind="mediator_designation").exists()
    assert dispute.case.number in text(client.get(response["Location"]))


def test_a_mailed_application_keeps_its_received_date(client, officer, employer):
    client.force_login(officer)
    received_on = timezone.localdate() - dt.timedelta(days=2)
    client.post(reverse("disputes:new"),
                entry_data(employer, channel="mail", received_on=received_on.isoformat()))
    case = Dispute.objects.get().case
    assert case.channel == "mail"
    assert timezone.localtime(case.received_at).date() == received_on


def test_the_same_counter_form_sent_twice_makes_one_case(client, officer, employer):
    client.force_login(officer)
    first = client.post(reverse("disputes:new"), entry_data(employer))
    second = client.post(reverse("disputes:new"), entry_data(employer))
    assert Dispute.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"applicants-0-id_number": "A123456788"}, "格式或檢查碼不正確"),
    ({"items-0-amount_claimed": "-5"}, "金額不得為負數。"),
    ({"received_on": "2999-01-01"}, "收件日期不得晚於今天。"),
    ({"employment_start": "2999-01-01"}, "到職日不得晚於今天。"),
    ({"respondents-0-ubn": "12345678"}, "統一編號「12345678」格式或檢查碼不正確"),
    ({"route": "committee", "committee_size": ""}, "請選擇委員人數"),
    ({"applicants-0-name": "", "applicants-0-id_number": "", "applicants-0-phone": "",
      "applicants-0-address": ""}, "請至少填寫一位申請人。"),
    ({"applicants-0-name": ""}, "請填寫姓名。"),
    ({"items-0-kind": "", "items-0-amount_claimed": "", "items-1-kind": "",
      "items-1-amount_claimed": ""}, "請至少填寫一項爭議項目。"),
])
def test_bad_counter_input_is_refused_with_the_field_message_and_nothing_saved(
        client, officer, employer, overrides, message):
    client.force_login(officer)
    response = client.post(reverse("disputes:new"), entry_data(employer, **overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert not Dispute.objects.exists() and not Case.objects.exists()


def test_a_respondent_equal_to_the_applicant_is_refused_on_its_row(client, officer, employer):
    client.force_login(officer)
    same = shared.make_national_id(501)
    response = client.post(reverse("disputes:new"), entry_data(
        employer, **{"respondents-0-kind": "person", "respondents-0-name": "王小明",
                     "respondents-0-id_number": same, "respondents-0-ubn": ""}))
    assert response.status_code == 400
    html = text(response)
    assert "相對人不得與申請人相同。" in html
    # The message sits in the respondent's row, beside its ID field.
    row = html[html.index('name="respondents-0-kind"'):]
    assert row.index("相對人不得與申請人相同。") < row.index('name="respondents-0-id_number"')
    assert not Dispute.objects.exists()


def test_an_unregistered_respondent_needs_a_name_and_a_district(client, officer, employer):
    client.force_login(officer)
    ubn = shared.make_ubn(987654)
    response = client.post(reverse("disputes:new"),
                           entry_data(employer, **{"respondents-0-ubn": ubn}))
    assert response.status_code == 400
    assert "請填寫名稱以新增" in text(response)
    assert "請選擇行政區以新增" in text(response)
    response = client.post(reverse("disputes:new"), entry_data(
        employer, **{"respondents-0-ubn": ubn, "respondents-0-name": "新設有限公司",
                     "respondents-0-district": "daan"}))
    assert response.status_code == 302
    assert Dispute.objects.get().parties.get(side="respondent").establishment.name == "新設有限公司"


def test_a_wrong_type_attachment_is_refused_and_nothing_saved(
        client, officer, employer, private_dir):
    client.force_login(officer)
    data = entry_data(employer)
    data["attachments"] = [SimpleUploadedFile("薪資單.pdf", b"not a pdf at all", "application/pdf")]
    response = client.post(reverse("disputes:new"), data)
    assert response.status_code == 400
    assert "檔案內容與副檔名" in text(response)
    assert not Dispute.objects.exists() and not Attachment.objects.exists()


def test_posting_a_counter_application_without_the_permission_is_refused(
        client, reader, employer):
    client.force_login(reader)
    assert client.post(reverse("disputes:new"), entry_data(employer)).status_code == 403
    assert not Dispute.objects.exists()


# --- case page ----------------------------------------------------------------------------


def test_the_case_page_masks_ids_without_the_full_view_permission_and_logs_nothing(
        client, clerk, employer):
    dispute = submit(employer, statement="公司積欠薪資。")
    person = dispute.parties.get(side="applicant").person
    client.force_login(clerk)
    html = text(client.get(case_url(dispute)))
    assert mask_id(person.id_number) in html
    assert person.id_number not in html
    assert "公司積欠薪資。" in html and "積欠工資" in html
    assert not PersonAccessLog.objects.exists()


def test_a_full_id_shown_on_the_case_page_is_written_to_the_access_log(
        client, officer, employer):
    dispute = submit(employer)
    person = dispute.parties.get(side="applicant").person
    client.force_login(officer)
    html = text(client.get(case_url(dispute), REMOTE_ADDR="10.0.0.7"))
    assert person.id_number in html
    log = PersonAccessLog.objects.get()
    assert (log.person, log.user, log.ip_address) == (person, officer, "10.0.0.7")
    assert dispute.case.number in log.purpose


def test_the_case_page_shows_due_dates_timeline_and_meetings_in_zh_hant(
        client, officer, employer):
    dispute = assigned(submit(employer), officer, mediator("張調解"))
    scheduled(dispute, officer)
    client.force_login(officer)
    html = text(client.get(case_url(dispute)))
    for words in ("收件開案", "登錄申請內容", "指派調解人", "排定會議", "開始調解",
                  "勞資爭議處理法第12條第1項", "第一調解室", "已排定", "已完成"):
        assert words in html, words
    assert "mediator_assign" not in html
    assert "張調解" in html


def test_a_case_outside_ones_scope_is_forbidden(client, outsider, employer):
    dispute = submit(employer)
    client.force_login(outsider)
    response = client.get(case_url(dispute))
    assert response.status_code == 403
    assert "此案件不在您可檢視的業務範圍內" in text(response)
    response = post_action(client, dispute, "withdraw", settled_between_parties="no",
                           on=timezone.localdate().isoformat())
    assert response.status_code == 403
    assert reload(dispute).case.closed_at is None


def test_an_unknown_case_number_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("disputes:case", args=["112-DSP-999999"])).status_code == 404


def test_a_user_without_disputes_permissions_sees_a_read_only_page_and_may_not_post(
        client, reader, employer):
    dispute = submit(employer)
    who = mediator()
    client.force_login(reader)
    html = text(client.get(case_url(dispute)))
    assert "本頁僅供檢視" in html
    assert 'id="action-' not in html
    response = post_action(client, dispute, "assign", mediator=who.pk)
    assert response.status_code == 403
    assert not MediatorAssignment.objects.exists()


def test_assigning_a_mediator_needs_the_assign_permission(client, clerk, employer):
    dispute = submit(employer)
    who = mediator()
    client.force_login(clerk)
    assert 'id="action-assign"' not in text(client.get(case_url(dispute)))
    response = post_action(client, dispute, "assign", mediator=who.pk)
    assert response.status_code == 403
    assert "可指派調解人" in text(response)
    assert not MediatorAssignment.objects.exists()


# --- actions ------------------------------------------------------------------------------


def test_the_assign_form_proposes_the_first_candidate_and_explains_conflicts(
        client, officer, employer):
    dispute = submit(employer)
    mediator("甲調解")
    conflicted = mediator("乙調解")
    MediatorConflict.objects.create(mediator=conflicted, establishment=employer,
                                    reason="曾任資方代理人")
    client.force_login(officer)
    html = text(client.get(case_url(dispute)))
    form = html[html.index('id="action-assign"'):]
    proposed = '<span class="badge">建議</span>'
    assert form.count(proposed) == 1
    assert form.index("甲調解") < form.index(proposed) < form.index("乙調解")
    assert "乙調解" in form and "曾任資方代理人" in form
    assert f'value="{conflicted.pk}"' not in form


def test_assigning_a_mediator(client, officer, employer):
    dispute = submit(employer)
    who = mediator("甲調解")
    client.force_login(officer)
    response = post_action(client, dispute, "assign", mediator=who.pk, nominated_by="")
    assert response.status_code == 302
    assert response["Location"].startswith(case_url(dispute))
    dispute = reload(dispute)
    assert dispute.case.status == "assigned"
    assert dispute.assignments.get().mediator == who
    assert "已指派調解人 甲調解" in text(client.get(response["Location"]))


def test_assigning_without_choosing_a_mediator_is_a_400(client, officer, employer):
    dispute = submit(employer)
    mediator()
    client.force_login(officer)
    response = post_action(client, dispute, "assign", mediator="")
    assert response.status_code == 400
    assert "請選擇調解人。" in text(response)
    assert reload(dispute).case.status == "received"


def test_assigning_a_conflicted_mediator_is_refused_with_the_reason(client, officer, employer):
    dispute = submit(employer)
    conflicted = mediator("乙調解")
    MediatorConflict.objects.create(mediator=conflicted, establishment=employer,
                                    reason="曾任資方代理人")
    client.force_login(officer)
    response = post_action(client, dispute, "assign", mediator=conflicted.pk)
    assert response.status_code == 400
    assert "有利益衝突" in text(response)
    assert not MediatorAssignment.objects.exists()


def test_recording_an_objection(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    client.force_login(officer)
    response = post_action(client, dispute, "object", side="respondent", reason="曾為申請人代理人")
    assert response.status_code == 302
    assignment = MediatorAssignment.objects.get()
    assert assignment.end_reason == "objection"
    assert reload(dispute).case.status == "received"


def test_an_objection_without_a_reason_is_a_400(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    client.force_login(officer)
    response = post_action(client, dispute, "object", side="respondent", reason="")
    assert response.status_code == 400
    assert "請填寫迴避事由。" in text(response)
    assert MediatorAssignment.objects.get().ended_at is None


def test_scheduling_a_meeting(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    day = timezone.localdate() + dt.timedelta(days=5)
    client.force_login(officer)
    response = post_action(client, dispute, "schedule", date=day.isoformat(), time="14:30",
                           room="第二調解室")
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).date() == day
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    assert meeting.room == "第二調解室"
    assert reload(dispute).case.status == "scheduled"


@pytest.mark.parametrize(("fields", "message"), [
    ({"date": "2020-01-02", "time": "10:00", "room": "第二調解室"}, "開會時間不得早於現在。"),
    ({"date": "", "time": "10:00", "room": "第二調解室"}, "請填寫開會日期。"),
    ({"date": "2999-01-02", "time": "10:00", "room": ""}, "請填寫開會地點。"),
])
def test_scheduling_with_bad_input_is_a_400_with_the_field_message(
        client, officer, employer, fields, message):
    dispute = assigned(submit(employer), officer)
    client.force_login(officer)
    response = post_action(client, dispute, "schedule", **fields)
    assert response.status_code == 400
    html = text(response)
    assert message in html
    # The message is inside the schedule form.
    assert html.index('id="action-schedule"') < html.index(message)
    assert not Meeting.objects.exists()


def test_rescheduling_a_meeting(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    meeting = scheduled(dispute, officer)
    day = timezone.localdate() + dt.timedelta(days=9)
    client.force_login(officer)
    response = post_action(client, dispute, "reschedule", meeting=meeting.pk,
                           date=day.isoformat(), time="09:30", room="")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "rescheduled"
    new = Meeting.objects.get(status="scheduled")
    assert timezone.localtime(new.starts_at).date() == day
    assert new.room == "第一調解室"  # kept when left blank


def test_rescheduling_without_a_time_is_a_400(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    meeting = scheduled(dispute, officer)
    client.force_login(officer)
    response = post_action(client, dispute, "reschedule", meeting=meeting.pk,
                           date=(timezone.localdate() + dt.timedelta(days=9)).isoformat(),
                           time="", room="")
    assert response.status_code == 400
    assert "請填寫開會時間。" in text(response)
    assert Meeting.objects.get().status == "scheduled"


def test_holding_a_meeting_records_each_partys_attendance(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    meeting = scheduled(dispute, officer)
    applicant = dispute.parties.get(side="applicant")
    respondent = dispute.parties.get(side="respondent")
    client.force_login(officer)
    response = post_action(client, dispute, "hold", meeting=meeting.pk, notes="雙方陳述意見。",
                           **{f"party_{applicant.pk}": "yes", f"party_{respondent.pk}": "no"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.notes == "雙方陳述意見。"
    attendance = dict(MeetingAttendance.objects.values_list("party_id", "attended"))
    assert attendance == {applicant.pk: True, respondent.pk: False}


def test_holding_a_meeting_without_a_partys_attendance_is_a_400(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    meeting = scheduled(dispute, officer)
    applicant = dispute.parties.get(side="applicant")
    client.force_login(officer)
    response = post_action(client, dispute, "hold", meeting=meeting.pk,
                           **{f"party_{applicant.pk}": "yes"})
    assert response.status_code == 400
    assert f"請填寫 {employer.name} 的出席情形。" in text(response)
    assert Meeting.objects.get().status == "scheduled"
    assert not MeetingAttendance.objects.exists()


def test_recording_a_settlement_closes_the_case(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    held(dispute, officer)
    client.force_login(officer)
    response = post_action(client, dispute, "outcome", outcome="settled",
                           outcome_on=timezone.localdate().isoformat(), settled_amount="60000",
                           note="資方分兩期給付。")
    assert response.status_code == 302
    dispute = reload(dispute)
    assert (dispute.outcome, dispute.settled_amount) == ("settled", 60000)
    assert dispute.case.closed_at is not None
    html = text(client.get(case_url(dispute)))
    assert "調解成立" in html and "6萬元" in html
    assert 'id="action-' not in html  # a closed case offers no actions


@pytest.mark.parametrize(("fields", "message"), [
    ({"outcome": "settled", "settled_amount": ""}, "調解成立請填寫成立金額"),
    ({"outcome": "settled", "settled_amount": "-1"}, "金額不得為負數。"),
    ({"outcome": "not_settled", "outcome_on": "2999-01-01"}, "結果日期不得晚於今天。"),
    ({"outcome": "withdrawn", "settled_amount": "100"}, "只有調解成立或自行和解撤回可以登錄"),
])
def test_recording_an_outcome_with_bad_input_is_a_400(client, officer, employer, fields,
                                                       message):
    dispute = assigned(submit(employer), officer)
    held(dispute, officer)
    client.force_login(officer)
    data = {"outcome_on": timezone.localdate().isoformat(), "settled_amount": "", "note": "",
            **fields}
    response = post_action(client, dispute, "outcome", **data)
    assert response.status_code == 400
    assert message in text(response)
    assert reload(dispute).case.closed_at is None


def test_settling_before_any_meeting_is_refused(client, officer, employer):
    dispute = assigned(submit(employer), officer)
    client.force_login(officer)
    response = post_action(client, dispute, "outcome", outcome="settled",
                           outcome_on=timezone.localdate().isoformat(), settled_amount="1")
    assert response.status_code == 400
    assert "尚未召開會議" in text(response)


def test_withdrawing_after_the_parties_settled(client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    response = post_action(client, dispute, "withdraw", settled_between_parties="yes",
                           on=timezone.localdate().isoformat())
    assert response.status_code == 302
    dispute = reload(dispute)
    assert dispute.outcome == "withdrawn_settled"
    assert dispute.case.status == "closed"


def test_withdrawing_without_a_date_is_a_400(client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    response = post_action(client, dispute, "withdraw", settled_between_parties="no", on="")
    assert response.status_code == 400
    assert "請填寫撤回日期。" in text(response)
    assert reload(dispute).outcome == ""


@pytest.mark.parametrize("action", ["assign", "withdraw"])
def test_a_stale_version_is_a_409_and_changes_nothing(client, officer, employer, action):
    dispute = submit(employer)
    who = mediator()
    read = reload(dispute).version
    # Someone else saves the case in between.
    services.mediator_assign(dispute=dispute, mediator=mediator("他人指派"), actor=officer,
                             version=read)
    services.mediator_object(dispute=dispute, side="applicant", reason="另案", actor=officer,
                             version=reload(dispute).version)
    events = CaseEvent.objects.count()
    client.force_login(officer)
    fields = ({"mediator": who.pk} if action == "assign" else
              {"settled_between_parties": "no", "on": timezone.localdate().isoformat()})
    response = post_action(client, dispute, action, version=read, **fields)
    assert response.status_code == 409
    assert STALE in text(response)
    assert CaseEvent.objects.count() == events
    assert reload(dispute).case.closed_at is None
    assert not MediatorAssignment.objects.filter(mediator=who).exists()


def test_an_action_the_status_does_not_allow_is_a_400_with_the_reason(
        client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    response = post_action(client, dispute, "schedule",
                           date=(timezone.localdate() + dt.timedelta(days=3)).isoformat(),
                           time="10:00", room="第一調解室")
    assert response.status_code == 400
    assert "不能「排定會議」" in text(response)
    assert not Meeting.objects.exists()


def test_an_unknown_action_is_a_404(client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    assert client.post(action_url(dispute, "explode"), {}).status_code == 404


# --- downloads ----------------------------------------------------------------------------


def test_the_meeting_notice_downloads_per_party_as_odt(client, clerk, officer, employer):
    dispute = assigned(submit(employer), officer)
    meeting = scheduled(dispute, officer)
    respondent = dispute.parties.get(side="respondent")
    client.force_login(clerk)
    html = text(client.get(case_url(dispute)))
    url = reverse("disputes:meeting_notice",
                  args=[dispute.case.number, meeting.pk, respondent.pk, "odt"])
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]


def test_the_mediation_record_downloads_as_pdf_and_each_download_is_logged(
        client, officer, employer):
    dispute = assigned(submit(employer), officer)
    held(dispute, officer)
    client.force_login(officer)
    response = client.get(reverse("disputes:record", args=[dispute.case.number, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    person = dispute.parties.get(side="applicant").person
    assert PersonAccessLog.objects.filter(person=person, user=officer,
                                          purpose__contains="調解紀錄").exists()


def test_the_mediation_record_needs_the_full_view_permission(client, clerk, officer, employer):
    dispute = assigned(submit(employer), officer)
    held(dispute, officer)
    client.force_login(clerk)
    response = client.get(reverse("disputes:record", args=[dispute.case.number, "odt"]))
    assert response.status_code == 403
    assert not PersonAccessLog.objects.exists()


def test_an_unknown_document_format_is_a_404(client, officer, employer):
    dispute = submit(employer)
    client.force_login(officer)
    url = reverse("disputes:record", args=[dispute.case.number, "docx"])
    assert client.get(url).status_code == 404


# --- lawyer consultations -----------------------------------------------------------------


def _slot(days=3, capacity=2, **fields) -> LawyerSlot:
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return LawyerSlot.objects.create(starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                                     lawyer_name=fields.pop("lawyer_name", "黃律師"),
                                     location="本局 1 樓", capacity=capacity, **fields)


def test_the_lawyer_page_lists_slots_with_their_bookings(client, clerk):
    slot = _slot()
    LawyerConsultation.objects.create(slot=slot, name="李小華", topic="資遣費")
    client.force_login(clerk)
    html = text(client.get(reverse("disputes:lawyers")))
    assert "黃律師" in html and "李小華" in html and "資遣費" in html
    assert "已預約 1／2 人" in html


def test_the_lawyer_page_is_for_disputes_staff(client, staff_user, unit_factory):
    other = staff_user("other", unit=unit_factory("academy", "職能發展學院", lines=("training",)))
    client.force_login(other)
    assert client.get(reverse("disputes:lawyers")).status_code == 403


def test_creating_a_lawyer_slot(client, clerk):
    client.force_login(clerk)
    day = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(reverse("disputes:lawyers_action", args=["slot"]), {
        "slot-date": day.isoformat(), "slot-start": "14:00", "slot-end": "17:00",
        "slot-lawyer_name": "黃律師", "slot-location": "本局 1 樓", "slot-capacity": "6"})
    assert response.status_code == 302
    slot = LawyerSlot.objects.get()
    assert timezone.localtime(slot.starts_at).date() == day and slot.capacity == 6


def test_a_lawyer_slot_ending_before_it_starts_is_a_400(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("disputes:lawyers_action", args=["slot"]), {
        "slot-date": timezone.localdate().isoformat(), "slot-start": "14:00",
        "slot-end": "13:00", "slot-lawyer_name": "黃律師", "slot-location": "本局",
        "slot-capacity": "6"})
    assert response.status_code == 400
    assert "結束時間須晚於開始時間。" in text(response)
    assert not LawyerSlot.objects.exists()


def test_booking_a_lawyer_slot(client, clerk):
    slot = _slot()
    client.force_login(clerk)
    response = client.post(reverse("disputes:lawyers_action", args=["book"]),
                           {"slot": slot.pk, "name": "李小華", "phone": "0922000111",
                            "topic": "加班費"})
    assert response.status_code == 302
    assert LawyerConsultation.objects.get().name == "李小華"


@pytest.mark.parametrize(("name", "message"), [("", "請填寫預約人姓名。"),
                                               ("第三人", "此時段已額滿")])
def test_booking_with_bad_input_or_a_full_slot_is_a_400(client, clerk, name, message):
    slot = _slot(capacity=1)
    if name:
        LawyerConsultation.objects.create(slot=slot, name="已預約")
    client.force_login(clerk)
    response = client.post(reverse("disputes:lawyers_action", args=["book"]),
                           {"slot": slot.pk, "name": name})
    assert response.status_code == 400
    assert message in text(response)
    assert LawyerConsultation.objects.count() == (1 if name else 0)


def test_recording_lawyer_attendance(client, clerk):
    slot = _slot(days=-1)
    booking = LawyerConsultation.objects.create(slot=slot, name="李小華")
    client.force_login(clerk)
    html = text(client.get(reverse("disputes:lawyers")))
    assert f'id="attendance-{booking.pk}-attended_0"' in html
    response = client.post(reverse("disputes:lawyers_action", args=["attendance"]),
                           {"consultation": booking.pk, "attended": "yes"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.attended is True


def test_recording_attendance_before_the_session_is_a_400(client, clerk):
    booking = LawyerConsultation.objects.create(slot=_slot(days=2), name="李小華")
    client.force_login(clerk)
    response = client.post(reverse("disputes:lawyers_action", args=["attendance"]),
                           {"consultation": booking.pk, "attended": "yes"})
    assert response.status_code == 400
    assert "諮詢時段尚未開始" in text(response)
    booking.refresh_from_db()
    assert booking.attended is None


def test_lawyer_actions_need_the_work_permission(client, reader):
    slot = _slot()
    client.force_login(reader)
    response = client.post(reverse("disputes:lawyers_action", args=["book"]),
                           {"slot": slot.pk, "name": "李小華"})
    assert response.status_code == 403
    assert not LawyerConsultation.objects.exists()


def test_the_lawyer_page_lists_older_slots_from_a_chosen_date(client, clerk):
    old = _slot(days=-90, lawyer_name="吳律師")
    client.force_login(clerk)
    assert "吳律師" not in text(client.get(reverse("disputes:lawyers")))
    since = timezone.localtime(old.starts_at).date().isoformat()
    html = text(client.get(reverse("disputes:lawyers"), {"since": since}))
    assert "吳律師" in html
    # A date that does not parse falls back to the last 30 days rather than failing.
    assert client.get(reverse("disputes:lawyers"), {"since": "x"}).status_code == 200


def test_the_assign_form_folds_candidates_beyond_the_first_five(client, officer, employer):
    dispute = submit(employer)
    for n in range(7):
        mediator(f"調解人{n}")
    client.force_login(officer)
    html = text(client.get(case_url(dispute)))
    start = html.index('id="action-assign"')
    form = html[start:html.index("</form>", start)]
    folded = form[form.index("其他候選人（2 位）"):]
    assert form.count('type="radio" name="assign-mediator"') == 7
    assert folded.count('type="radio" name="assign-mediator"') == 2


def test_a_committee_is_named_member_by_member_until_complete(client, officer, employer):
    dispute = submit(employer, route="committee", committee_size=3)
    members = [mediator(f"委員{n}") for n in range(4)]
    client.force_login(officer)
    for member in members[:3]:
        assert 'id="action-assign"' in text(client.get(case_url(dispute)))
        assert post_action(client, dispute, "assign", mediator=member.pk).status_code == 302
    assert MediatorAssignment.objects.filter(ended_at__isnull=True).count() == 3
    assert 'id="action-assign"' not in text(client.get(case_url(dispute)))


def test_an_objection_on_a_committee_names_the_member(client, officer, employer):
    dispute = submit(employer, route="committee", committee_size=3)
    first, second = mediator("委員甲"), mediator("委員乙")
    assigned(dispute, officer, first)
    assigned(dispute, officer, second)
    client.force_login(officer)
    assert 'name="object-mediator"' in text(client.get(case_url(dispute)))
    response = post_action(client, dispute, "object", mediator=second.pk, side="applicant",
                           reason="曾為資方顧問")
    assert response.status_code == 302
    assert MediatorAssignment.objects.get(mediator=second).end_reason == "objection"
    assert MediatorAssignment.objects.get(mediator=first).ended_at is None
