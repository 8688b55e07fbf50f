"""Services of the dispute line on the database: submission, mediators, meetings, outcomes,
lawyer consultations, and the selectors the pages and figures read."""

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from labor.core.deadlines import clear_calendar_cache
from labor.core.models import (
    Attachment,
    Case,
    CaseDueDate,
    CaseEvent,
    CaseNumberSequence,
    Establishment,
    Person,
)
from labor.disputes import selectors, services
from labor.disputes.models import (
    Dispute,
    DisputeItem,
    DisputeParty,
    LawyerConsultation,
    Mediator,
    MediatorAssignment,
    MediatorConflict,
    Meeting,
    MeetingAttendance,
)
from labor.stats.periods import Period
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory

TAIPEI = dt.timezone(dt.timedelta(hours=8))
FRIDAY = dt.datetime(2023, 6, 2, 10, 0, tzinfo=TAIPEI)
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
def officer(staff_user):
    return staff_user("mediation-officer")


@pytest.fixture
def employer(establishment_factory):
    return establishment_factory("大安精密股份有限公司")


def worker(n: int = 1, **fields) -> dict:
    return {"kind": "person", "id_kind": "national_id",
            "id_number": shared.make_national_id(9000 + n), "name": f"勞工{n}",
            "phone": "0912345678", **fields}


def against(establishment) -> dict:
    return {"kind": "establishment", "ubn": establishment.ubn, "contact_name": "人資經理"}


def submit(employer, **overrides):
    kwargs = {
        "channel": "counter",
        "applicant_kind": "worker",
        "applicants": [worker()],
        "respondents": [against(employer)],
        "items": [{"kind": "unpaid_wages", "amount_claimed": 52800},
                  {"kind": "severance", "amount_claimed": 80000}],
        "statement": "公司積欠兩個月薪資。",
        "received_at": FRIDAY,
    }
    kwargs.update(overrides)
    return services.dispute_submit(**kwargs)


def counts():
    return {model.__name__: model.objects.count()
            for model in (Case, Dispute, DisputeParty, DisputeItem, Person, Establishment,
                          Attachment, CaseEvent, CaseDueDate)}


def refused(**kwargs) -> dict:
    """Submit expecting a refusal; nothing may have been written. Returns the field errors."""
    before = counts()
    with pytest.raises(ValidationError) as excinfo:
        submit(**kwargs)
    assert counts() == before
    return excinfo.value.message_dict


def reload(dispute) -> Dispute:
    return Dispute.objects.select_related("case").get(pk=dispute.pk)


def mediator(name="林調解", **fields) -> Mediator:
    return Mediator.objects.create(name=name, kind="bureau", **fields)


def assigned(dispute, who, actor, at=None):
    return services.mediator_assign(dispute=dispute, mediator=who, actor=actor,
                                    version=reload(dispute).version, at=at)


def scheduled(dispute, actor, starts_at=None):
    dispute = reload(dispute)
    return services.meeting_schedule(
        dispute=dispute, starts_at=starts_at or FRIDAY + dt.timedelta(days=5), room="第一調解室",
        actor=actor, version=dispute.version, allow_past=True,
    )


def held(meeting, actor, attendance=None):
    dispute = reload(meeting.dispute)
    return services.meeting_hold(meeting=meeting, attendance=attendance or {}, actor=actor,
                                 version=dispute.version)


def through_a_meeting(employer, officer):
    dispute = submit(employer)
    assigned(dispute, mediator(), officer, at=FRIDAY + dt.timedelta(days=1))
    held(scheduled(dispute, officer), officer)
    return reload(dispute)


# --- submission ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_submission_opens_a_numbered_case_with_parties_items_and_the_designation_due(
    employer, officer,
):
    dispute = submit(employer, actor=officer)
    case = dispute.case
    assert case.number == "112-DSP-000001"
    assert case.line == "disputes"
    assert case.status == "received"
    assert case.establishment == employer
    assert case.person.name == "勞工1"
    assert dispute.parties.filter(side="applicant").count() == 1
    assert dispute.parties.get(side="respondent").establishment == employer
    assert sorted(dispute.items.values_list("kind", "amount_claimed")) == [
        ("severance", 80000), ("unpaid_wages", 52800)
    ]
    due = CaseDueDate.objects.get(case=case)
    # Received Friday 2023-06-02: three days end on Monday 2023-06-05.
    assert (due.kind, due.due_on, due.met_on) == ("mediator_designation", dt.date(2023, 6, 5),
                                                  None)
    assert "第12條" in due.basis
    assert list(case.events.values_list("action", flat=True)) == [
        "open", "dispute_submit", "due_date"
    ]


@pytest.mark.django_db
def test_a_coordination_case_is_numbered_in_the_migrant_line(employer):
    dispute = submit(employer, kind="coordination", interpreter_language="印尼語",
                     applicants=[worker(kind="person", id_kind="passport", id_number="B1234567")])
    assert dispute.case.number.startswith("112-MDC-")
    assert dispute.interpreter_language == "印尼語"


@pytest.mark.django_db
def test_a_known_person_is_found_by_the_compacted_id_number_not_duplicated(
    employer, person_factory,
):
    known = person_factory("陳大文", id_number=shared.make_national_id(77))
    typed = " " + known.id_number.lower()[:4] + "-" + known.id_number[4:] + " "
    dispute = submit(employer, applicants=[worker(id_number=typed, name="")])
    assert dispute.parties.get(side="applicant").person == known
    assert Person.objects.filter(id_number=known.id_number).count() == 1


@pytest.mark.django_db
def test_a_group_of_workers_joins_one_case_against_one_employer(employer):
    dispute = submit(employer, applicant_kind="workers",
                     applicants=[worker(1), worker(2), worker(3)])
    assert dispute.parties.filter(side="applicant").count() == 3
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_an_invalid_national_id_is_refused_on_its_field_and_nothing_is_saved(employer):
    errors = refused(employer=employer, applicants=[worker(id_number="A123456788")])
    assert list(errors) == ["applicants-0-id_number"]
    assert "身分證字號" in errors["applicants-0-id_number"][0]


@pytest.mark.django_db
def test_an_invalid_ubn_is_refused_on_its_field_and_nothing_is_saved(employer):
    errors = refused(employer=employer,
                     respondents=[{"kind": "establishment", "ubn": "00501502"}])
    assert list(errors) == ["respondents-0-ubn"]
    assert "統一編號" in errors["respondents-0-ubn"][0]


@pytest.mark.django_db
def test_an_unregistered_respondent_needs_its_name_and_district(employer):
    ubn = shared.make_ubn(4242)
    errors = refused(employer=employer, respondents=[{"kind": "establishment", "ubn": ubn}])
    assert set(errors) == {"respondents-0-name", "respondents-0-district_code"}
    assert "行政區" in errors["respondents-0-district_code"][0]


@pytest.mark.django_db
def test_an_unregistered_respondent_with_name_and_district_is_created_and_flagged(employer):
    ubn = shared.make_ubn(4243)
    dispute = submit(employer, respondents=[
        {"kind": "establishment", "ubn": ubn, "name": "未登記小吃店", "district_code": "wanhua"}
    ])
    created = Establishment.objects.get(ubn=ubn)
    assert created.name == "未登記小吃店"
    assert created.district.code == "wanhua"
    assert services.UNREGISTERED_FLAG in created.risk_flags
    assert dispute.case.establishment == created


@pytest.mark.django_db
def test_missing_applicants_and_respondents_are_refused(employer):
    errors = refused(employer=employer, applicants=[], respondents=[])
    assert set(errors) == {"applicants", "respondents"}


@pytest.mark.django_db
def test_an_application_without_items_is_refused(employer):
    assert set(refused(employer=employer, items=[])) == {"items"}


@pytest.mark.django_db
def test_a_respondent_who_is_the_applicant_is_refused(employer):
    errors = refused(employer=employer, respondents=[worker()])
    assert errors == {"respondents-0-id_number": ["相對人不得與申請人相同。"]}


@pytest.mark.django_db
def test_an_employer_cannot_apply_against_itself(employer):
    errors = refused(employer=employer, applicant_kind="employer",
                     applicants=[against(employer)], respondents=[against(employer)])
    assert errors == {"respondents-0-ubn": ["相對人不得與申請人相同。"]}


@pytest.mark.django_db
def test_future_dates_are_refused(employer):
    later = timezone.now() + dt.timedelta(days=2)
    errors = refused(employer=employer, received_at=later, employment_start=later.date())
    assert set(errors) == {"received_at", "employment_start"}


@pytest.mark.django_db
def test_negative_amounts_are_refused(employer):
    errors = refused(employer=employer, monthly_wage=-1,
                     items=[{"kind": "overtime", "amount_claimed": -500}])
    assert set(errors) == {"monthly_wage", "items-0-amount_claimed"}
    assert errors["monthly_wage"] == ["金額不得為負數。"]


@pytest.mark.django_db
def test_a_committee_must_have_three_or_five_members(employer):
    assert set(refused(employer=employer, route="committee", committee_size=4)) == {
        "committee_size"
    }


@pytest.mark.django_db
def test_an_oversize_attachment_is_refused_and_nothing_is_saved(employer, private_dir,
                                                                 settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    errors = refused(employer=employer, attachments=[
        SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    ])
    assert list(errors) == ["attachments"]
    assert "big.pdf" in errors["attachments"][0]
    assert "檔案過大" in errors["attachments"][0]
    assert not (private_dir.exists() and any(p.is_file() for p in private_dir.rglob("*")))


@pytest.mark.django_db
def test_a_wrong_type_attachment_is_refused_and_nothing_is_saved(employer, private_dir):
    errors = refused(employer=employer, attachments=[
        SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
    ])
    assert "不接受此檔案類型" in errors["attachments"][0]


@pytest.mark.django_db
def test_a_valid_attachment_is_stored_with_the_case(employer, private_dir):
    dispute = submit(employer, attachments=[SimpleUploadedFile("薪資單.pdf", PDF)])
    attachment = Attachment.objects.get(case=dispute.case)
    assert attachment.original_name == "薪資單.pdf"
    assert attachment.kind == "application"


@pytest.mark.django_db
def test_the_same_submission_key_twice_makes_one_case(employer, staff_user):
    applicant = staff_user("portal-applicant", profile=False)
    first = submit(employer, channel="online", portal_user=applicant, submission_key="k-123")
    again = submit(employer, channel="online", portal_user=applicant, submission_key="k-123")
    assert again.pk == first.pk
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_submission_losing_the_race_for_its_key_returns_the_winner_and_uses_no_number(
    employer, monkeypatch,
):
    first = submit(employer, submission_key="k-race")
    # The second request looked before the first committed, so its first look-up missed;
    # its insert then meets the unique key, and the look-up after that finds the winner.
    calls = []
    original = Dispute.objects.filter

    def lookup(key):
        calls.append(key)
        return None if len(calls) == 1 else original(submission_key=key).first()

    monkeypatch.setattr(services, "_submitted", lookup)
    again = submit(employer, submission_key="k-race")
    assert again.pk == first.pk
    assert calls == ["k-race", "k-race"]
    assert Case.objects.count() == 1
    # The loser's case number was rolled back with it: the next case gets 000002.
    assert submit(employer).case.number == "112-DSP-000002"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's in-memory test database is not shared between threads",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_requests_racing_with_one_submission_key_make_one_case(employer, monkeypatch):
    both_looked = threading.Barrier(2)
    real = services._submitted
    seen = threading.local()

    def lookup(key):
        found = real(key)
        if not getattr(seen, "once", False):
            seen.once = True
            both_looked.wait(timeout=10)  # both requests have missed before either writes
        return found

    monkeypatch.setattr(services, "_submitted", lookup)
    results, errors = [], []

    def send():
        try:
            results.append(submit(employer, channel="online", submission_key="k-threads").pk)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert Case.objects.count() == 1
    assert CaseNumberSequence.objects.get(line="disputes", year=2023).last_value == 1


# --- mediators -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assigning_a_mediator_meets_the_designation_and_sets_the_start_due(employer, officer):
    dispute = submit(employer)
    version = dispute.version
    dispute = assigned(dispute, mediator(), officer, at=dt.datetime(2023, 6, 5, 9, 0,
                                                                    tzinfo=TAIPEI))
    assert dispute.case.status == "assigned"
    assert dispute.version == version + 1
    dues = {d.kind: d for d in CaseDueDate.objects.filter(case=dispute.case)}
    assert dues["mediator_designation"].met_on == dt.date(2023, 6, 5)
    # Designated Monday 2023-06-05: mediation starts by Monday 2023-06-12.
    assert dues["mediation_start"].due_on == dt.date(2023, 6, 12)
    assert dues["mediation_start"].met_on is None
    assert dispute.case.events.filter(action="mediator_assign").count() == 1
    assert dispute.case.events.filter(action="due_date_met").count() == 1


@pytest.mark.django_db
def test_a_mediator_with_a_conflict_of_interest_is_refused_and_not_proposed(employer, officer):
    dispute = submit(employer)
    conflicted = mediator("王前代理")
    MediatorConflict.objects.create(mediator=conflicted, establishment=employer,
                                    reason="曾任相對人之代理人")
    free = mediator("李中立")
    assert services.mediator_candidates(dispute=dispute) == [free]
    with pytest.raises(ValidationError) as excinfo:
        assigned(dispute, conflicted, officer)
    assert "利益衝突" in excinfo.value.message_dict["mediator"][0]
    assert "曾任相對人之代理人" in excinfo.value.message_dict["mediator"][0]
    assert not MediatorAssignment.objects.exists()
    assert reload(dispute).case.status == "received"
    assert reload(dispute).version == dispute.version


@pytest.mark.django_db
def test_a_conflict_with_an_applicant_person_counts_too(employer, officer):
    dispute = submit(employer)
    conflicted = mediator()
    MediatorConflict.objects.create(
        mediator=conflicted, person=dispute.parties.get(side="applicant").person,
        reason="親屬",
    )
    assert services.mediator_candidates(dispute=dispute) == []


@pytest.mark.django_db
def test_after_an_objection_another_mediator_is_proposed_and_assigned(employer, officer):
    dispute = submit(employer)
    first, second = mediator("甲調解人"), mediator("乙調解人")
    dispute = assigned(dispute, first, officer)
    dispute = services.mediator_object(dispute=dispute, side="respondent", reason="曾有糾紛",
                                       actor=officer, version=dispute.version)
    assert dispute.case.status == "received"
    ended = MediatorAssignment.objects.get(mediator=first)
    assert ended.end_reason == "objection"
    assert ended.ended_at is not None
    assert services.mediator_candidates(dispute=dispute) == [second]
    with pytest.raises(ValidationError) as excinfo:
        assigned(dispute, first, officer)
    assert "迴避" in excinfo.value.message_dict["mediator"][0]
    dispute = assigned(dispute, second, officer)
    assert dispute.case.status == "assigned"
    assert list(
        MediatorAssignment.objects.filter(ended_at__isnull=True).values_list("mediator__name",
                                                                             flat=True)
    ) == ["乙調解人"]


@pytest.mark.django_db
def test_an_objection_needs_a_reason_and_an_assigned_mediator(employer, officer):
    dispute = submit(employer)
    with pytest.raises(ValidationError) as excinfo:
        services.mediator_object(dispute=dispute, side="applicant", reason="", actor=officer,
                                 version=dispute.version)
    assert "status" in excinfo.value.message_dict  # nothing to object to while received
    dispute = assigned(dispute, mediator(), officer)
    with pytest.raises(ValidationError) as excinfo:
        services.mediator_object(dispute=dispute, side="applicant", reason=" ", actor=officer,
                                 version=dispute.version)
    assert list(excinfo.value.message_dict) == ["reason"]


@pytest.mark.django_db
def test_candidates_are_ordered_by_workload_then_by_expertise(employer, establishment_factory,
                                                              officer):
    busy = mediator("忙碌", expertise=["unpaid_wages", "severance"])
    expert = mediator("專精", expertise=["unpaid_wages", "severance"])
    mediator("一般", expertise=["insurance"])
    mediator("部分", expertise=["severance"])
    retired = mediator("離冊", active=False)
    for n in range(2):
        other = submit(establishment_factory(), applicants=[worker(50 + n)])
        assigned(other, busy, officer)
    closed = submit(establishment_factory(), applicants=[worker(60)])
    assigned(closed, expert, officer)
    services.withdraw(dispute=reload(closed), settled_between_parties=False,
                      on=dt.date(2023, 6, 9), actor=officer, version=reload(closed).version)
    dispute = submit(employer)
    candidates = services.mediator_candidates(dispute=dispute)
    assert retired not in candidates
    # Closed cases are no workload: expert (0, 2 matches), partly (0, 1), generalist (0, 0),
    # then busy (2 open cases).
    assert [m.name for m in candidates] == ["專精", "部分", "一般", "忙碌"]
    assert [m.workload for m in candidates] == [0, 0, 0, 2]
    assert [m.expertise_matches for m in candidates] == [2, 1, 0, 2]


@pytest.mark.django_db
def test_a_second_mediator_on_the_mediator_route_is_refused(employer, officer):
    dispute = assigned(submit(employer), mediator("甲"), officer)
    with pytest.raises(ValidationError) as excinfo:
        assigned(dispute, mediator("乙"), officer)
    assert "status" in excinfo.value.message_dict


@pytest.mark.django_db
def test_a_committee_takes_its_members_up_to_its_size(employer, officer):
    dispute = submit(employer, route="committee", committee_size=3)
    assert CaseDueDate.objects.get(case=dispute.case).kind == "committee_member_naming"
    for name in ("甲", "乙", "丙"):
        dispute = assigned(dispute, mediator(name), officer,
                           at=dt.datetime(2023, 6, 5, 9, 0, tzinfo=TAIPEI))
    dues = {d.kind: d for d in CaseDueDate.objects.filter(case=dispute.case)}
    assert dues["committee_member_naming"].met_on == dt.date(2023, 6, 5)
    # [U] setting disputes.committee_convene_days = 14: Monday 06-05 + 14 = Monday 06-19.
    assert dues["committee_convene"].due_on == dt.date(2023, 6, 19)
    with pytest.raises(ValidationError) as excinfo:
        assigned(dispute, mediator("丁"), officer)
    assert "已滿" in excinfo.value.message_dict["mediator"][0]


# --- optimistic lock ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_changes(employer, officer):
    dispute = submit(employer)
    stale_version = dispute.version
    assigned(dispute, mediator("先到"), officer)  # another officer saved first
    before = counts()
    current = reload(dispute)
    with pytest.raises(services.StaleEdit) as excinfo:
        services.meeting_schedule(dispute=dispute, starts_at=FRIDAY + dt.timedelta(days=3),
                                  room="A", actor=officer, version=stale_version,
                                  allow_past=True)
    assert excinfo.value.messages == ["此案件已由他人更新，請重新載入後再操作。"]
    assert isinstance(excinfo.value, ValidationError)
    assert counts() == before
    assert not Meeting.objects.exists()
    after = reload(dispute)
    assert (after.version, after.case.status) == (current.version, current.case.status)


@pytest.mark.django_db
def test_every_changing_service_checks_the_version(employer, officer):
    dispute = through_a_meeting(employer, officer)
    stale = dispute.version - 1
    calls = [
        lambda: services.mediator_object(dispute=dispute, side="applicant", reason="x",
                                         actor=officer, version=stale),
        lambda: services.outcome_record(dispute=dispute, outcome="not_settled",
                                        outcome_on=dt.date(2023, 6, 9), actor=officer,
                                        version=stale),
        lambda: services.withdraw(dispute=dispute, settled_between_parties=True,
                                  on=dt.date(2023, 6, 9), actor=officer, version=stale),
        lambda: services.meeting_schedule(dispute=dispute, starts_at=FRIDAY, room="A",
                                          actor=officer, version=None, allow_past=True),
    ]
    for call in calls:
        with pytest.raises(services.StaleEdit):
            call()
    assert reload(dispute).version == dispute.version


# --- meetings --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_cannot_be_scheduled_before_a_mediator_is_assigned(employer, officer):
    dispute = submit(employer)
    with pytest.raises(ValidationError) as excinfo:
        scheduled(dispute, officer)
    assert "status" in excinfo.value.message_dict
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_meeting_in_the_past_is_refused_unless_allowed_for_imports(employer, officer):
    dispute = assigned(submit(employer), mediator(), officer)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_schedule(dispute=dispute, starts_at=timezone.now() - dt.timedelta(hours=1),
                                  room="A", actor=officer, version=dispute.version)
    assert list(excinfo.value.message_dict) == ["starts_at"]
    meeting = services.meeting_schedule(
        dispute=dispute, starts_at=timezone.now() + dt.timedelta(days=3), room="第二調解室",
        actor=officer, version=dispute.version,
    )
    assert meeting.status == "scheduled"
    assert reload(dispute).case.status == "scheduled"


@pytest.mark.django_db
def test_rescheduling_keeps_the_old_meeting_as_rescheduled_and_adds_a_new_one(employer,
                                                                             officer):
    dispute = assigned(submit(employer), mediator(), officer)
    meeting = scheduled(dispute, officer)
    moved = services.meeting_reschedule(
        meeting=meeting, starts_at=FRIDAY + dt.timedelta(days=7), actor=officer,
        version=reload(dispute).version, allow_past=True,
    )
    meeting.refresh_from_db()
    assert meeting.status == "rescheduled"
    assert (moved.status, moved.room) == ("scheduled", "第一調解室")
    assert moved.pk != meeting.pk


@pytest.mark.django_db
def test_holding_the_meeting_records_attendance_and_sets_the_proposal_due(employer, officer):
    dispute = submit(employer)
    assigned(dispute, mediator(), officer, at=dt.datetime(2023, 6, 5, 9, 0, tzinfo=TAIPEI))
    meeting = scheduled(dispute, officer,
                        starts_at=dt.datetime(2023, 6, 9, 14, 0, tzinfo=TAIPEI))
    parties = {p.side: p.pk for p in reload(dispute).parties.all()}
    meeting = held(meeting, officer, {parties["applicant"]: True, parties["respondent"]: False})
    assert meeting.status == "held"
    assert meeting.held_at == dt.datetime(2023, 6, 9, 14, 0, tzinfo=TAIPEI)
    assert dict(MeetingAttendance.objects.values_list("party_id", "attended")) == {
        parties["applicant"]: True, parties["respondent"]: False
    }
    dues = {d.kind: d for d in CaseDueDate.objects.filter(case=dispute.case)}
    assert dues["mediation_start"].met_on == dt.date(2023, 6, 9)
    # Friday 2023-06-09 + 10 = Monday 06-19.
    assert dues["proposal"].due_on == dt.date(2023, 6, 19)


@pytest.mark.django_db
def test_attendance_of_a_party_of_another_case_is_refused(employer, officer):
    other = submit(employer, applicants=[worker(31)])
    dispute = assigned(submit(employer), mediator(), officer)
    meeting = scheduled(dispute, officer)
    with pytest.raises(ValidationError) as excinfo:
        held(meeting, officer, {other.parties.first().pk: True})
    assert list(excinfo.value.message_dict) == ["attendance"]
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


# --- outcomes --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "amount"),
    [("settled", 120000), ("not_settled", None), ("withdrawn", None),
     ("withdrawn_settled", 50000), ("transferred", None)],
)
def test_each_outcome_closes_the_case_on_its_date(employer, officer, outcome, amount):
    dispute = through_a_meeting(employer, officer)
    dispute = services.outcome_record(dispute=dispute, outcome=outcome,
                                      outcome_on=dt.date(2023, 6, 12), settled_amount=amount,
                                      actor=officer, version=dispute.version)
    dispute = reload(dispute)
    assert dispute.case.status == "closed"
    assert dispute.outcome == outcome
    assert dispute.outcome_on == dt.date(2023, 6, 12)
    assert dispute.settled_amount == amount
    assert dispute.case.closed_at == dt.datetime(2023, 6, 12, 17, 0, tzinfo=TAIPEI)
    assert dispute.case.events.filter(action="outcome_record").count() == 1
    assert dispute.case.events.filter(action="transition", to_status="closed").count() == 1


@pytest.mark.django_db
def test_an_outcome_recorded_today_closes_the_case_now(employer, officer):
    dispute = through_a_meeting(employer, officer)
    before = timezone.now()
    services.outcome_record(dispute=dispute, outcome="not_settled",
                            outcome_on=timezone.localdate(), actor=officer,
                            version=dispute.version)
    assert reload(dispute).case.closed_at >= before


@pytest.mark.django_db
@pytest.mark.parametrize("settled", [True, False])
def test_withdrawal_closes_the_case_from_received(employer, officer, settled):
    dispute = submit(employer)
    services.withdraw(dispute=dispute, settled_between_parties=settled,
                      on=dt.date(2023, 6, 5), actor=officer, version=dispute.version)
    dispute = reload(dispute)
    assert dispute.case.status == "closed"
    assert dispute.case.closed_at is not None
    assert dispute.outcome == ("withdrawn_settled" if settled else "withdrawn")


@pytest.mark.django_db
def test_a_settlement_without_a_held_meeting_is_refused(employer, officer):
    dispute = assigned(submit(employer), mediator(), officer)
    scheduled(dispute, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.outcome_record(dispute=reload(dispute), outcome="settled",
                                outcome_on=dt.date(2023, 6, 9), settled_amount=1000,
                                actor=officer, version=reload(dispute).version)
    assert "尚未召開會議" in excinfo.value.message_dict["outcome"][0]
    assert reload(dispute).case.status == "scheduled"
    assert reload(dispute).case.closed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "on", "amount", "field"),
    [
        ("settled", dt.date(2023, 6, 12), None, "settled_amount"),
        ("settled", dt.date(2023, 6, 12), -1, "settled_amount"),
        ("not_settled", dt.date(2023, 6, 12), 1000, "settled_amount"),
        ("withdrawn", dt.date(2023, 6, 12), 1000, "settled_amount"),
        ("settled", dt.date(2023, 6, 1), 1000, "outcome_on"),  # before receipt
        ("settled", None, 1000, "outcome_on"),
        ("maybe", dt.date(2023, 6, 12), None, "outcome"),
    ],
)
def test_bad_outcomes_are_refused_and_the_case_stays_open(employer, officer, outcome, on,
                                                          amount, field):
    dispute = through_a_meeting(employer, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.outcome_record(dispute=dispute, outcome=outcome, outcome_on=on,
                                settled_amount=amount, actor=officer, version=dispute.version)
    assert field in excinfo.value.message_dict
    after = reload(dispute)
    assert (after.case.status, after.case.closed_at, after.outcome) == ("scheduled", None, "")
    assert after.version == dispute.version


@pytest.mark.django_db
def test_an_outcome_in_the_future_is_refused(employer, officer):
    dispute = through_a_meeting(employer, officer)
    with pytest.raises(ValidationError) as excinfo:
        services.outcome_record(dispute=dispute, outcome="not_settled",
                                outcome_on=timezone.localdate() + dt.timedelta(days=1),
                                actor=officer, version=dispute.version)
    assert list(excinfo.value.message_dict) == ["outcome_on"]


@pytest.mark.django_db
def test_a_closed_case_takes_no_second_outcome(employer, officer):
    dispute = submit(employer)
    dispute = services.withdraw(dispute=dispute, settled_between_parties=False,
                                on=dt.date(2023, 6, 5), actor=officer, version=dispute.version)
    with pytest.raises(ValidationError) as excinfo:
        services.withdraw(dispute=dispute, settled_between_parties=True,
                          on=dt.date(2023, 6, 6), actor=officer, version=dispute.version)
    assert "status" in excinfo.value.message_dict
    assert reload(dispute).outcome == "withdrawn"


# --- lawyer consultations -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_lawyer_slot_refuses_another_booking():
    start = timezone.now() - dt.timedelta(hours=2)
    slot = services.lawyer_slot_create(starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                       lawyer_name="張律師", location="勞動局1樓", capacity=2)
    first = services.lawyer_consultation_book(slot=slot, name="甲", topic="資遣費")
    services.lawyer_consultation_book(slot=slot, name="乙")
    with pytest.raises(ValidationError) as excinfo:
        services.lawyer_consultation_book(slot=slot, name="丙")
    assert "額滿" in excinfo.value.message_dict["slot"][0]
    assert LawyerConsultation.objects.count() == 2
    assert services.lawyer_attendance_record(consultation=first, attended=True).attended is True


@pytest.mark.django_db
def test_a_lawyer_slot_must_end_after_it_starts_and_attendance_waits_for_it():
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.lawyer_slot_create(starts_at=start, ends_at=start, lawyer_name="張律師",
                                    location="A")
    assert list(excinfo.value.message_dict) == ["ends_at"]
    slot = services.lawyer_slot_create(starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                       lawyer_name="張律師", location="A")
    booking = services.lawyer_consultation_book(slot=slot, name="甲")
    with pytest.raises(ValidationError):
        services.lawyer_attendance_record(consultation=booking, attended=True)


# --- selectors -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_online_applicant_sees_only_their_own_disputes(employer, staff_user):
    mine_user = staff_user("applicant-a", profile=False)
    theirs_user = staff_user("applicant-b", profile=False)
    mine = submit(employer, channel="online", portal_user=mine_user)
    submit(employer, channel="online", portal_user=theirs_user, applicants=[worker(2)])
    assert list(selectors.portal_disputes(mine_user)) == [mine]
    assert not selectors.portal_disputes(AnonymousUser()).exists()


@pytest.mark.django_db
def test_the_queue_puts_overdue_then_due_soon_first(employer, staff_user, officer):
    later = submit(employer, applicants=[worker(1)],
                   received_at=dt.datetime(2023, 6, 12, 9, 0, tzinfo=TAIPEI))  # due 06-15
    overdue = submit(employer, applicants=[worker(2)])  # due 06-05
    soon = submit(employer, applicants=[worker(3)],
                  received_at=dt.datetime(2023, 6, 8, 9, 0, tzinfo=TAIPEI))  # due 06-12
    closed = submit(employer, applicants=[worker(4)])
    services.withdraw(dispute=closed, settled_between_parties=False, on=dt.date(2023, 6, 2),
                      actor=officer, version=closed.version)
    superuser = staff_user("auditor", profile=False, superuser=True)
    rows = list(selectors.queue(superuser, today=dt.date(2023, 6, 9)))
    assert [r.pk for r in rows] == [overdue.pk, soon.pk, later.pk]
    assert [r.urgency for r in rows] == [selectors.OVERDUE, selectors.DUE_SOON, selectors.LATER]
    assert rows[0].next_due_kind == "mediator_designation"
    assert rows[1].next_due_on == dt.date(2023, 6, 12)


@pytest.mark.django_db
def test_staff_see_disputes_through_their_units_lines(employer, staff_user, unit_factory):
    dispute = submit(employer)
    clerk = staff_user("clerk", unit=unit_factory("disputes-unit", "勞資爭議科",
                                                  lines=("disputes",)))
    outsider = staff_user("outsider", unit=unit_factory("fund-unit", "基金科", lines=("fund",)))
    assert list(selectors.disputes_for_user(clerk)) == [dispute]
    assert not selectors.disputes_for_user(outsider).exists()


@pytest.mark.django_db
def test_the_figures_count_received_handled_settled_and_online(employer, officer, staff_user):
    period = Period.parse("2023H1")
    settled = through_a_meeting(employer, officer)
    services.outcome_record(dispute=settled, outcome="settled", outcome_on=dt.date(2023, 6, 12),
                            settled_amount=1, actor=officer, version=settled.version)
    online = submit(employer, channel="online", applicants=[worker(2)],
                    portal_user=staff_user("applicant", profile=False))
    services.withdraw(dispute=online, settled_between_parties=True, on=dt.date(2023, 6, 20),
                      actor=officer, version=online.version)
    not_settled = through_a_meeting_with(employer, officer, worker(3))
    services.outcome_record(dispute=not_settled, outcome="not_settled",
                            outcome_on=dt.date(2023, 7, 3), actor=officer,
                            version=not_settled.version)
    # Received 2023-06-30 23:30 in Taipei (15:30Z): still in the first half.
    submit(employer, applicants=[worker(4)],
           received_at=dt.datetime(2023, 6, 30, 15, 30, tzinfo=dt.UTC))
    submit(employer, applicants=[worker(5)], kind="coordination")
    assert selectors.received(period).count() == 4
    assert selectors.received(period, "coordination").count() == 1
    assert selectors.handled(period).count() == 2
    assert selectors.settled_or_withdrawn_settled(period).count() == 2
    assert selectors.online_received(period).count() == 1
    assert selectors.handled(Period.parse("2023Q3")).count() == 1


def through_a_meeting_with(employer, officer, applicant):
    dispute = submit(employer, applicants=[applicant])
    assigned(dispute, mediator(f"調解人{applicant['name']}"), officer)
    held(scheduled(dispute, officer), officer)
    return reload(dispute)


@pytest.mark.django_db
def test_coordination_figures_count_meetings_held_and_successes(employer, officer):
    period = Period.parse("2023H1")
    dispute = submit(employer, kind="coordination")
    assigned(dispute, mediator(), officer)
    held(scheduled(dispute, officer), officer)
    services.outcome_record(dispute=reload(dispute), outcome="settled",
                            outcome_on=dt.date(2023, 6, 20), settled_amount=0, actor=officer,
                            version=reload(dispute).version)
    assert selectors.coordination_meetings_held(period).count() == 1
    assert selectors.coordinations_succeeded(period).count() == 1
    assert selectors.handled(period, "coordination").count() == 1
    assert selectors.handled(period).count() == 0
    # Coordination is not a statutory mediation: no art. 12 due dates.
    assert not CaseDueDate.objects.filter(case=dispute.case).exists()


@pytest.mark.django_db
def test_lawyer_consultations_count_attended_bookings_in_the_period():
    start = dt.datetime(2023, 3, 1, 14, 0, tzinfo=TAIPEI)
    slot = services.lawyer_slot_create(starts_at=start, ends_at=start + dt.timedelta(hours=3),
                                       lawyer_name="張律師", location="A")
    came = services.lawyer_consultation_book(slot=slot, name="甲")
    absent = services.lawyer_consultation_book(slot=slot, name="乙")
    services.lawyer_attendance_record(consultation=came, attended=True)
    services.lawyer_attendance_record(consultation=absent, attended=False)
    services.lawyer_consultation_book(slot=slot, name="丙")
    assert selectors.lawyer_consultations_attended(Period.parse("2023H1")).count() == 1
    assert selectors.lawyer_consultations_attended(Period.parse("2023H2")).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity", "1e30", "12.5", True])
def test_an_amount_that_is_not_a_whole_sum_of_money_is_refused(employer, amount):
    errors = refused(employer=employer,
                     items=[{"kind": "overtime", "amount_claimed": amount}])
    assert list(errors) == ["items-0-amount_claimed"]


# --- the roster in the admin ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_mediator_roster_and_lawyer_slots_open_in_the_admin_with_conflicts_inline(
    client, staff_user, employer,
):
    client.force_login(staff_user("admin", profile=False, superuser=True))
    who = mediator("林調解")
    MediatorConflict.objects.create(mediator=who, establishment=employer, reason="曾任代理人")
    for url in ("/admin/disputes/mediator/", f"/admin/disputes/mediator/{who.pk}/change/",
                "/admin/disputes/mediator/add/", "/admin/disputes/lawyerslot/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/admin/disputes/mediator/{who.pk}/change/").content.decode()
    assert "曾任代理人" in page


@pytest.mark.django_db
def test_a_settlement_meets_the_proposal_due_date_on_its_outcome_date(employer, officer):
    from labor.disputes.rules import DUE_PROPOSAL

    dispute = through_a_meeting(employer, officer)
    services.outcome_record(dispute=dispute, outcome="settled", outcome_on=dt.date(2023, 6, 12),
                            settled_amount=1000, actor=officer, version=dispute.version)
    assert dispute.case.due_dates.get(kind=DUE_PROPOSAL).met_on == dt.date(2023, 6, 12)
