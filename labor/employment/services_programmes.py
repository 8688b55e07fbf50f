"""Every state change of the employment programmes: priority-group case management, community
employment service, the youth career centre, job redesign for seniors, recruitment events,
unemployment recognition and recruitment exams. Module-level, keyword-only, transactional (the
shape of labor/employment/services.py and labor/inspections/services.py).

- Bad input raises ``ValidationError`` with zh-Hant messages keyed by field, before anything
  is written; a refusal the issue names — a re-recognition before its date — says which date:
  「失業再認定日期未到（應於112年3月31日以後辦理）。」.
- State changes of a case-management case, a claim, a job-redesign application or an exam
  session take the ``version`` the caller read where two people could act on the same row at
  once (closing a case, recognition and re-recognition, a decision, exam results): the row is
  re-read under ``select_for_update`` and a different version raises ``StaleEdit`` (409).
  Adding a counselling session or an event's applicant cannot conflict and takes none.
- Every change of a case-management case writes a ``CaseEvent`` on its core.Case.
- Persons are found by their ID number (compacted, validated) or created with the name given;
  job seekers by the person's current registration (not closed).
- Permissions are checked by the views (employment.work_employment); the services enforce the
  rules that hold whoever calls: a job-redesign decision by someone other than its receiver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core import identifiers, validators
from labor.core import services as core_services
from labor.core.errors import FieldErrors as _Errors
from labor.core.formatting import TAIPEI, local_date, roc_date
from labor.core.models import (
    CaseEvent,
    Channel,
    District,
    Establishment,
    Person,
    PriorityGroup,
    PriorityGroupMembership,
)
from labor.core.settings_values import SettingMissing, dated_value
from labor.employment import rules_programmes as prules
from labor.employment import rules_unemployment as urules
from labor.employment.models import (
    CASE_LINE,
    HIRED_RESULTS,
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
    JobDevelopmentVisit,
    JobRedesignApplication,
    JobSearchRecord,
    JobSeeker,
    Occupation,
    Placement,
    PromotionPartner,
    PsychInstrument,
    PsychTest,
    RecruitmentEvent,
    RedesignDecision,
    RedesignMeasure,
    ReRecognition,
    SearchMethod,
    SeekerStatus,
    SeparationReason,
    StabilityFollowUp,
    TrainingOutcome,
    TrainingReferral,
    UnemploymentClaim,
    Vacancy,
    YouthEvent,
    YouthEventKind,
    YouthService,
    YouthServiceKind,
)

STALE_MESSAGE = N_("此筆資料已由他人更新，請重新載入後再操作。")
MAX_AMOUNT = 100_000_000
MAX_COUNT = 1_000_000
NOTES_LIMIT = 2000
# Job-search rows a re-recognition form offers (at least two are required).
MAX_JOB_SEARCHES = 10


class StaleEdit(ValidationError):
    """The row changed since the caller read it (optimistic lock): HTTP 409 at the edge."""

    def __init__(self):
        super().__init__({NON_FIELD_ERRORS: [_(STALE_MESSAGE)]}, code="stale")


# ---------------------------------------------------------------------------------- helpers


def _today() -> dt.date:
    return local_date(timezone.now())


def _date(value, field: str, errors: _Errors, *, required: bool = True,
          future_ok: bool = False) -> dt.date | None:
    """A date from a date, a datetime (Taipei day) or an ISO string; not after today unless
    ``future_ok``."""
    if value is None or value == "":
        if required:
            errors.add(field, _("請填寫日期。"))
        return None
    if isinstance(value, dt.datetime):
        day = local_date(value)
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors.add(field, _("日期格式不正確。"))
            return None
    if not future_ok and day > _today():
        errors.add(field, _("日期不得晚於今天。"))
        return None
    return day


def _text(value, field: str, errors: _Errors, *, required: bool = False, limit: int = 200,
          label: str = "") -> str:
    text = " ".join(str(value or "").split()) if limit <= 200 else str(value or "").strip()
    if required and not text:
        errors.add(field, _("請填寫%(label)s。") % {"label": label} if label
                   else _("此欄位為必填。"))
    elif len(text) > limit:
        errors.add(field, _("內容過長（最多 %(n)d 字）。") % {"n": limit})
    return text


def _whole(value, field: str, errors: _Errors, *, minimum: int = 0, maximum: int = MAX_COUNT,
           required: bool = True) -> int | None:
    if value is None or value == "":
        if required:
            errors.add(field, _("此欄位為必填。"))
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif not isinstance(value, bool):
        text = str(value).replace(",", "").strip()
        number = int(text) if text.isdigit() else None
    if number is None or number < minimum:
        errors.add(field, _("請填寫 %(n)d 以上的整數。") % {"n": minimum})
        return None
    if number > maximum:
        errors.add(field, _("數字過大，請確認。"))
        return None
    return number


def _choice(value, choices, field: str, errors: _Errors, *, label: str = "") -> str:
    if value in choices.values:
        return value
    if value in (None, ""):
        errors.add(field, _("請選擇%(label)s。") % {"label": label} if label
                   else _("請選擇一個選項。"))
    else:
        errors.add(field, _("選項不正確。"))
    return ""


def _check_version(row, version):
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if version != row.version:
        raise StaleEdit()


def _bump(row, *fields: str):
    row.version += 1
    row.save(update_fields=["version", *fields])


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _moment(day: dt.date, *, not_before: dt.datetime | None = None) -> dt.datetime:
    """When a thing dated ``day`` happened: now for today, else noon of that day (Taipei);
    never before ``not_before``."""
    now = timezone.now()
    at = now if day == local_date(now) else dt.datetime.combine(day, dt.time(12), tzinfo=TAIPEI)
    if not_before is not None and at < not_before:
        at = not_before
    return at


def _setting(key: str, on: dt.date, default: int) -> int:
    try:
        return int(dated_value(key, on))
    except SettingMissing:
        return default


def _guess_id_kind(id_number: str) -> str:
    if identifiers.is_valid_national_id(id_number):
        return Person.IdKind.NATIONAL_ID
    return Person.IdKind.UI_NUMBER


def _person(*, person, id_number, name, errors: _Errors, field: str = "id_number",
            create: bool = True) -> Person | None:
    """A Person given as such, or found by ID number (created with ``name`` when ``create``)."""
    if person is not None:
        if not isinstance(person, Person):
            errors.add(field, _("當事人不正確。"))
            return None
        return person
    id_number = identifiers.compact(id_number or "").upper()
    if not id_number:
        errors.add(field, _("請填寫身分證字號或統一證號。"))
        return None
    found = Person.objects.filter(id_number=id_number).first()
    if found is not None:
        return found
    kind = _guess_id_kind(id_number)
    try:
        validators.validate_person_id(kind, id_number)
    except ValidationError:
        errors.add(field, _("身分證字號或統一證號格式或檢查碼不正確。"))
        return None
    if not create:
        errors.add(field, _("查無此證號的當事人。"))
        return None
    name = _text(name, "name", errors, required=True, limit=100, label=_("姓名"))
    if not name:
        return None
    return Person(id_kind=kind, id_number=id_number, name=name,
                  nationality="TW" if kind == Person.IdKind.NATIONAL_ID else "")


def _save_person(person: Person | None) -> Person | None:
    """Create a person found-or-created by ``_person`` (after every check passed)."""
    if person is not None and person.pk is None:
        person, _created = Person.objects.get_or_create(
            id_number=person.id_number,
            defaults={"id_kind": person.id_kind, "name": person.name,
                      "nationality": person.nationality})
    return person


def current_registration(person: Person) -> JobSeeker | None:
    """The person's job-seeker registration that is not closed (the latest)."""
    return (JobSeeker.objects.filter(person=person).exclude(status=SeekerStatus.CLOSED)
            .order_by("-registered_on", "-pk").first())


def _seeker(*, seeker, id_number, errors: _Errors, field: str = "id_number") -> JobSeeker | None:
    if seeker is not None:
        if not isinstance(seeker, JobSeeker):
            errors.add(field, _("求職登記不正確。"))
            return None
        if seeker.status == SeekerStatus.CLOSED:
            errors.add(field, _("此求職登記已結案，請重新辦理求職登記。"))
            return None
        return seeker
    person = _person(person=None, id_number=id_number, name="", errors=errors, field=field,
                     create=False)
    if person is None:
        return None
    found = current_registration(person)
    if found is None:
        errors.add(field, _("此證號尚無有效的求職登記，請先辦理求職登記。"))
    return found


def _establishment(*, establishment=None, ubn="", errors: _Errors, field: str = "ubn",
                   required: bool = True) -> Establishment | None:
    if establishment is not None:
        if not isinstance(establishment, Establishment):
            errors.add(field, _("事業單位不正確。"))
            return None
        return establishment
    ubn = identifiers.compact(ubn or "")
    if not ubn:
        if required:
            errors.add(field, _("請填寫統一編號。"))
        return None
    if not ubn.isdigit() or len(ubn) != 8 or not identifiers.is_valid_ubn(ubn):
        errors.add(field, _("統一編號格式或檢查碼不正確，應為 8 位數字。"))
        return None
    found = Establishment.objects.filter(ubn=ubn).first()
    if found is None:
        errors.add(field, _("查無此統一編號的事業單位，請先建立事業單位資料。"))
    return found


def _instance(value, model, field: str, errors: _Errors, *, label: str):
    if value is None or value == "":
        return None
    if isinstance(value, model):
        return value
    try:
        return model.objects.get(pk=int(value))
    except (TypeError, ValueError, model.DoesNotExist):
        errors.add(field, _("%(label)s不正確。") % {"label": label})
        return None


def _create(model, field: str, message: str, **values):
    """Create a row; a unique constraint the checks missed (a concurrent request) becomes a
    field error instead of a 500."""
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except IntegrityError:
        raise ValidationError({field: [message]}) from None


# ---------------------------------------------------------------------- case management


def _case_event(employment_case: EmploymentCase, *, action: str, actor, new_values=None,
                old_values=None, note: str = "", from_status: str = "", to_status: str = ""):
    return CaseEvent.objects.create(
        case_id=employment_case.pk, at=timezone.now(), actor=actor,
        actor_kind=CaseEvent.ActorKind.PERSON if actor is not None else CaseEvent.ActorKind.SYSTEM,
        action=action, new_values=new_values or {}, old_values=old_values or {}, note=note,
        from_status=from_status, to_status=to_status,
    )


def holds_group(person: Person, group: str, on: dt.date) -> bool:
    """Whether ``person``'s membership of ``group`` was established on ``on`` and not ended."""
    return PriorityGroupMembership.objects.filter(
        person=person, group=group, established_on__lte=on,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on)).exists()


@transaction.atomic
def employment_case_open(*, groups: Iterable[str], opened_on, actor, seeker=None,
                         id_number: str = "", caseworker=None, assessment: str = "",
                         channel: str = Channel.COUNTER) -> EmploymentCase:
    """Open a case-management case for a registered seeker and the priority groups it serves.
    Refused: no current registration, no group, a group the person does not hold on the
    opening day (core.PriorityGroupMembership), a date before the registration or after today,
    a seeker who already has an open case."""
    errors = _Errors()
    seeker = _seeker(seeker=seeker, id_number=id_number, errors=errors)
    opened_on = _date(opened_on, "opened_on", errors)
    if seeker is not None and opened_on is not None and opened_on < seeker.registered_on:
        errors.add("opened_on", _("開案日期不得早於求職登記日期（%(date)s）。")
                   % {"date": roc_date(seeker.registered_on)})
    chosen: list[str] = []
    for group in groups or ():
        if group not in PriorityGroup.values:
            errors.add("groups", _("特定對象類別不正確。"))
        elif group not in chosen:
            chosen.append(group)
    if not chosen and "groups" not in errors:
        errors.add("groups", _("請選擇個案的特定對象類別。"))
    if seeker is not None and opened_on is not None:
        for group in chosen:
            if not holds_group(seeker.person, group, opened_on):
                errors.add("groups", _("求職人於開案日尚無「%(group)s」身分的認定紀錄，請先登錄"
                                       "特定對象身分。") % {"group": PriorityGroup(group).label})
        existing = (EmploymentCase.objects.filter(seeker=seeker, closed_on__isnull=True)
                    .select_related("case").first())
        if existing is not None:
            errors.add("id_number", _("此求職人已有服務中的個案（%(number)s）。")
                       % {"number": existing.case.number})
    if channel not in Channel.values:
        errors.add("channel", _("受理管道不正確。"))
    assessment = _text(assessment, "assessment", errors, limit=NOTES_LIMIT)
    caseworker = caseworker or actor
    if caseworker is None or not getattr(caseworker, "pk", None):
        errors.add("caseworker", _("請指定個案管理員。"))
    errors.raise_if_any()

    JobSeeker.objects.select_for_update().get(pk=seeker.pk)  # one case opening at a time
    if EmploymentCase.objects.filter(seeker=seeker, closed_on__isnull=True).exists():
        raise ValidationError({"id_number": [_("此求職人已有服務中的個案。")]})
    labels = "、".join(str(PriorityGroup(g).label) for g in chosen)
    case = core_services.case_open(
        line=CASE_LINE, channel=channel, status=CaseStatus.OPEN, actor=actor,
        received_at=_moment(opened_on), person=seeker.person, summary=labels,
        assigned_officer=caseworker, unit=seeker.unit,
    )
    employment_case = EmploymentCase.objects.create(
        case=case, seeker=seeker, opened_on=opened_on, assessment=assessment)
    EmploymentCaseGroup.objects.bulk_create(
        [EmploymentCaseGroup(employment_case=employment_case, group=g) for g in chosen])
    _case_event(employment_case, action="employment_case_open", actor=actor, new_values={
        "seeker": seeker.pk, "groups": chosen, "opened_on": opened_on.isoformat()})
    return employment_case


def _open_case_check(employment_case, errors: _Errors) -> EmploymentCase | None:
    if not isinstance(employment_case, EmploymentCase):
        errors.add(NON_FIELD_ERRORS, _("個案不正確。"))
        return None
    if employment_case.closed_on is not None:
        errors.add(NON_FIELD_ERRORS, _("個案已結案，不能再登錄服務。"))
    return employment_case


def _case_day(employment_case, value, field, errors) -> dt.date | None:
    day = _date(value, field, errors)
    if day is not None and employment_case is not None and day < employment_case.opened_on:
        errors.add(field, _("日期不得早於開案日期（%(date)s）。")
                   % {"date": roc_date(employment_case.opened_on)})
    return day


@transaction.atomic
def counselling_record(*, employment_case: EmploymentCase, kind: str, held_on, actor,
                       counsellor=None, notes: str = "") -> CounsellingSession:
    """A general (一般) or in-depth (深度) counselling session of an open case."""
    errors = _Errors()
    employment_case = _open_case_check(employment_case, errors)
    kind = _choice(kind, CounsellingKind, "kind", errors, label=_("諮詢類別"))
    held_on = _case_day(employment_case, held_on, "held_on", errors)
    notes = _text(notes, "notes", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    row = CounsellingSession.objects.create(
        employment_case=employment_case, kind=kind, held_on=held_on,
        counsellor=counsellor or actor, notes=notes)
    _case_event(employment_case, action="counselling", actor=actor,
                new_values={"kind": kind, "held_on": held_on.isoformat()})
    return row


@transaction.atomic
def psych_test_record(*, employment_case: EmploymentCase, instrument: str, tested_on, actor,
                      result_summary: str = "") -> PsychTest:
    errors = _Errors()
    employment_case = _open_case_check(employment_case, errors)
    instrument = _choice(instrument, PsychInstrument, "instrument", errors,
                         label=_("測驗工具"))
    tested_on = _case_day(employment_case, tested_on, "tested_on", errors)
    result_summary = _text(result_summary, "result_summary", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    row = PsychTest.objects.create(
        employment_case=employment_case, instrument=instrument, tested_on=tested_on,
        administered_by=actor, result_summary=result_summary)
    _case_event(employment_case, action="psych_test", actor=actor,
                new_values={"instrument": instrument, "tested_on": tested_on.isoformat()})
    return row


@transaction.atomic
def training_referral_record(*, employment_case: EmploymentCase, referred_on, course: str,
                             actor, provider: str = "") -> TrainingReferral:
    """A referral to vocational training (推介職業訓練) of an open case."""
    errors = _Errors()
    employment_case = _open_case_check(employment_case, errors)
    referred_on = _case_day(employment_case, referred_on, "referred_on", errors)
    course = _text(course, "course", errors, required=True, label=_("訓練課程"))
    provider = _text(provider, "provider", errors)
    errors.raise_if_any()
    row = TrainingReferral.objects.create(
        employment_case=employment_case, referred_on=referred_on, course=course,
        provider=provider, referred_by=actor)
    _case_event(employment_case, action="training_referral", actor=actor,
                new_values={"course": course, "referred_on": referred_on.isoformat()})
    return row


@transaction.atomic
def training_outcome_record(*, referral: TrainingReferral, outcome: str,
                            actor) -> TrainingReferral:
    errors = _Errors()
    outcome = _choice(outcome, TrainingOutcome, "outcome", errors, label=_("推介結果"))
    errors.raise_if_any()
    referral = _lock(TrainingReferral, referral.pk)
    old = referral.outcome
    referral.outcome = outcome
    referral.save(update_fields=["outcome"])
    _case_event(referral.employment_case, action="training_outcome", actor=actor,
                old_values={"outcome": old}, new_values={"outcome": outcome})
    return referral


def case_placements(employment_case: EmploymentCase):
    """The seeker's placements dated within the case (the case's 就業)."""
    rows = Placement.objects.filter(seeker_id=employment_case.seeker_id,
                                    placed_on__gte=employment_case.opened_on)
    if employment_case.closed_on is not None:
        rows = rows.filter(placed_on__lte=employment_case.closed_on)
    return rows


def placement_start(placement: Placement) -> dt.date:
    return placement.starts_on or placement.placed_on


@transaction.atomic
def follow_up_record(*, employment_case: EmploymentCase, placement, done_on, result: str,
                     actor, notes: str = "") -> StabilityFollowUp:
    """The 3-month stability follow-up of a case's placement (穩定就業3個月). "Stable" only
    once three months from the start of work have passed; once per placement."""
    errors = _Errors()
    if not isinstance(employment_case, EmploymentCase):
        errors.add(NON_FIELD_ERRORS, _("個案不正確。"))
        employment_case = None
    placement = _instance(placement, Placement, "placement", errors, label=_("就業紀錄"))
    if placement is None and "placement" not in errors:
        errors.add("placement", _("請選擇要追蹤的就業紀錄。"))
    if employment_case is not None and placement is not None and not case_placements(
            employment_case).filter(pk=placement.pk).exists():
        errors.add("placement", _("此就業紀錄不屬於本個案。"))
        placement = None
    if placement is not None and StabilityFollowUp.objects.filter(placement=placement).exists():
        errors.add("placement", _("此就業紀錄已完成穩定就業追蹤。"))
    result = _choice(result, FollowUpResult, "result", errors, label=_("追蹤結果"))
    done_on = _date(done_on, "done_on", errors)
    due_on = prules.stability_due_on(placement_start(placement)) if placement else None
    if placement is not None and done_on is not None:
        if done_on < placement.placed_on:
            errors.add("done_on", _("追蹤日期不得早於就業日期。"))
        elif result == FollowUpResult.STABLE and done_on < due_on:
            errors.add("result", _("到職未滿3個月，應於%(date)s以後才能確認穩定就業。")
                       % {"date": roc_date(due_on)})
    notes = _text(notes, "notes", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    row = _create(StabilityFollowUp, "placement", _("此就業紀錄已完成穩定就業追蹤。"),
                  employment_case=employment_case, placement=placement, due_on=due_on,
                  done_on=done_on, result=result, notes=notes, recorded_by=actor)
    _case_event(employment_case, action="follow_up", actor=actor, new_values={
        "placement": placement.pk, "result": result, "done_on": done_on.isoformat(),
        "due_on": due_on.isoformat()})
    return row


@transaction.atomic
def employment_case_close(*, employment_case: EmploymentCase, version, closed_on, reason: str,
                          actor, note: str = "") -> EmploymentCase:
    errors = _Errors()
    closed_on = _date(closed_on, "closed_on", errors)
    reason = _choice(reason, CloseReason, "reason", errors, label=_("結案原因"))
    note = _text(note, "note", errors, limit=NOTES_LIMIT)
    if closed_on is not None and closed_on < employment_case.opened_on:
        errors.add("closed_on", _("結案日期不得早於開案日期（%(date)s）。")
                   % {"date": roc_date(employment_case.opened_on)})
    errors.raise_if_any()
    locked = EmploymentCase.objects.select_for_update().select_related("case").get(
        pk=employment_case.pk)
    _check_version(locked, version)
    if locked.closed_on is not None:
        raise ValidationError({NON_FIELD_ERRORS: [_("個案已結案。")]})
    locked.closed_on = closed_on
    locked.close_reason = reason
    _bump(locked, "closed_on", "close_reason")
    core_services.case_transition(
        case=locked.case, to_status=CaseStatus.CLOSED, actor=actor, note=note, close=True,
        at=_moment(closed_on, not_before=locked.case.received_at))
    _case_event(locked, action="employment_case_close", actor=actor, new_values={
        "closed_on": closed_on.isoformat(), "reason": reason})
    return locked


# ---------------------------------------------------------------------------- community


@transaction.atomic
def community_contact_record(*, found_on, district, source: str, actor, person=None,
                             id_number: str = "", name: str = "", seeker=None,
                             notes: str = "") -> CommunityContact:
    """A job seeker found in the community (發掘社區中求職者, one row per finding)."""
    errors = _Errors()
    person = _person(person=person, id_number=id_number, name=name, errors=errors)
    found_on = _date(found_on, "found_on", errors)
    district = _instance(district, District, "district", errors, label=_("行政區"))
    if district is None and "district" not in errors:
        errors.add("district", _("請選擇行政區。"))
    source = _choice(source, CommunitySource, "source", errors, label=_("發掘管道"))
    if seeker is not None and (not isinstance(seeker, JobSeeker)
                               or (person is not None and seeker.person_id != person.pk)):
        errors.add("seeker", _("求職登記與求職者不符。"))
    notes = _text(notes, "notes", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    person = _save_person(person)
    if seeker is None:
        seeker = current_registration(person)
    return CommunityContact.objects.create(
        person=person, found_on=found_on, district=district, source=source, officer=actor,
        seeker=seeker, notes=notes)


def _community_day(contact, value, field, errors, label):
    day = _date(value, field, errors)
    if day is not None and isinstance(contact, CommunityContact) and day < contact.found_on:
        errors.add(field, _("%(label)s不得早於發掘日期（%(date)s）。")
                   % {"label": label, "date": roc_date(contact.found_on)})
    return day


@transaction.atomic
def community_job_offer_record(*, contact: CommunityContact, offered_on, title: str, actor,
                               vacancy=None, ubn: str = "", employer_name: str = "",
                               ) -> CommunityJobOffer:
    """A job offer provided to a community case (提供工作機會, one row = 人次)."""
    errors = _Errors()
    if not isinstance(contact, CommunityContact):
        errors.add(NON_FIELD_ERRORS, _("社區求職者不正確。"))
    offered_on = _community_day(contact, offered_on, "offered_on", errors, _("提供日期"))
    title = _text(title, "title", errors, required=True, limit=100, label=_("職稱"))
    vacancy = _instance(vacancy, Vacancy, "vacancy", errors, label=_("職缺"))
    establishment = (vacancy.establishment if vacancy is not None else
                     _establishment(ubn=ubn, errors=errors, required=False))
    employer_name = _text(employer_name, "employer_name", errors)
    if establishment is None and not employer_name and "ubn" not in errors:
        errors.add("employer_name", _("請填寫雇主統一編號或名稱。"))
    errors.raise_if_any()
    return CommunityJobOffer.objects.create(
        contact=contact, offered_on=offered_on, title=title, vacancy=vacancy,
        establishment=establishment, employer_name=employer_name or establishment.name)


@transaction.atomic
def community_placement_record(*, contact: CommunityContact, placed_on, actor, title: str = "",
                               ubn: str = "", employer_name: str = "",
                               placement=None) -> CommunityPlacement:
    """A community case placed in work (輔導就業成功, 人次)."""
    errors = _Errors()
    if not isinstance(contact, CommunityContact):
        errors.add(NON_FIELD_ERRORS, _("社區求職者不正確。"))
    placed_on = _community_day(contact, placed_on, "placed_on", errors, _("就業日期"))
    title = _text(title, "title", errors, limit=100)
    establishment = _establishment(ubn=ubn, errors=errors, required=False)
    employer_name = _text(employer_name, "employer_name", errors)
    if establishment is None and not employer_name and "ubn" not in errors:
        errors.add("employer_name", _("請填寫雇主統一編號或名稱。"))
    placement = _instance(placement, Placement, "placement", errors, label=_("就業紀錄"))
    if placement is not None and isinstance(contact, CommunityContact) \
            and placement.seeker.person_id != contact.person_id:
        errors.add("placement", _("就業紀錄與求職者不符。"))
    errors.raise_if_any()
    return _create(CommunityPlacement, "placement", _("此就業紀錄已登錄。"),
                   contact=contact, placed_on=placed_on, title=title,
                   establishment=establishment,
                   employer_name=employer_name or (establishment.name if establishment else ""),
                   placement=placement)


@transaction.atomic
def community_follow_up_record(*, community_placement: CommunityPlacement, done_on,
                               result: str, actor) -> CommunityPlacement:
    """The 3-month follow-up of a community placement; "stable" only once it is due."""
    errors = _Errors()
    done_on = _date(done_on, "done_on", errors)
    result = _choice(result, FollowUpResult, "result", errors, label=_("追蹤結果"))
    row = _lock(CommunityPlacement, community_placement.pk)
    if row.follow_up_on is not None:
        errors.add(NON_FIELD_ERRORS, _("此就業已完成追蹤。"))
    due_on = prules.stability_due_on(row.placed_on)
    if done_on is not None:
        if done_on < row.placed_on:
            errors.add("done_on", _("追蹤日期不得早於就業日期。"))
        elif result == FollowUpResult.STABLE and done_on < due_on:
            errors.add("result", _("到職未滿3個月，應於%(date)s以後才能確認穩定就業。")
                       % {"date": roc_date(due_on)})
    errors.raise_if_any()
    row.follow_up_on = done_on
    row.follow_up_result = result
    row.save(update_fields=["follow_up_on", "follow_up_result"])
    return row


@transaction.atomic
def job_development_visit_record(*, visited_on, district, shop_name: str, jobs_developed,
                                 actor, ubn: str = "") -> JobDevelopmentVisit:
    """A visit to a shop that developed ``jobs_developed`` job openings (開發工作機會)."""
    errors = _Errors()
    visited_on = _date(visited_on, "visited_on", errors)
    district = _instance(district, District, "district", errors, label=_("行政區"))
    if district is None and "district" not in errors:
        errors.add("district", _("請選擇行政區。"))
    establishment = _establishment(ubn=ubn, errors=errors, required=False)
    shop_name = _text(shop_name, "shop_name", errors, required=establishment is None,
                      label=_("店家名稱"))
    jobs_developed = _whole(jobs_developed, "jobs_developed", errors, maximum=10_000)
    errors.raise_if_any()
    return JobDevelopmentVisit.objects.create(
        visited_on=visited_on, district=district, establishment=establishment,
        shop_name=shop_name or establishment.name, jobs_developed=jobs_developed,
        officer=actor)


@transaction.atomic
def community_promotion_record(*, held_on, partner: str, place: str, district,
                               actor) -> CommunityPromotion:
    errors = _Errors()
    held_on = _date(held_on, "held_on", errors)
    partner = _choice(partner, PromotionPartner, "partner", errors, label=_("駐點對象"))
    place = _text(place, "place", errors, required=True, label=_("地點"))
    district = _instance(district, District, "district", errors, label=_("行政區"))
    if district is None and "district" not in errors:
        errors.add("district", _("請選擇行政區。"))
    errors.raise_if_any()
    return CommunityPromotion.objects.create(held_on=held_on, partner=partner, place=place,
                                             district=district)


# ------------------------------------------------------------------------------- youth


@transaction.atomic
def youth_service_record(*, kind: str, served_on, actor, person=None, id_number: str = "",
                         name: str = "", notes: str = "") -> YouthService:
    """An aptitude test or a career counselling at the youth career centre (1 人次). The
    person may stay unnamed (no ID given)."""
    errors = _Errors()
    kind = _choice(kind, YouthServiceKind, "kind", errors, label=_("服務類別"))
    served_on = _date(served_on, "served_on", errors)
    if person is not None or identifiers.compact(id_number or ""):
        person = _person(person=person, id_number=id_number, name=name, errors=errors)
    notes = _text(notes, "notes", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    return YouthService.objects.create(kind=kind, served_on=served_on,
                                       person=_save_person(person), counsellor=actor,
                                       notes=notes)


@transaction.atomic
def youth_event_record(*, kind: str, title: str, held_on, participants, actor, place: str = "",
                       co_organised: bool = False) -> YouthEvent:
    """A career event with its attendance (參加人次, counted at the door)."""
    errors = _Errors()
    kind = _choice(kind, YouthEventKind, "kind", errors, label=_("活動類別"))
    title = _text(title, "title", errors, required=True, label=_("活動名稱"))
    held_on = _date(held_on, "held_on", errors)
    participants = _whole(participants, "participants", errors, maximum=100_000)
    place = _text(place, "place", errors)
    errors.raise_if_any()
    return YouthEvent.objects.create(kind=kind, title=title, held_on=held_on, place=place,
                                     co_organised=bool(co_organised), participants=participants)


# ------------------------------------------------------------------------ job redesign


def _senior(person: Person, on: dt.date) -> bool:
    if person.birth_date is not None:
        return prules.senior_on(person.birth_date, on)
    return any(holds_group(person, g, on)
               for g in (PriorityGroup.MIDDLE_AGED, PriorityGroup.ELDERLY))


@transaction.atomic
def job_redesign_receive(*, received_on, measures: Iterable[str], amount_requested, actor,
                         person=None, id_number: str = "", name: str = "", ubn: str = "",
                         description: str = "") -> JobRedesignApplication:
    """Receive a job-redesign application for a worker aged 45 or more (中高齡者及高齡者)."""
    errors = _Errors()
    person = _person(person=person, id_number=id_number, name=name, errors=errors)
    received_on = _date(received_on, "received_on", errors)
    if person is not None and received_on is not None and not _senior(person, received_on):
        errors.add("id_number", _("職務再設計服務對象為45歲以上之中高齡者及高齡者；請確認出生"
                                  "日期或特定對象身分。"))
    establishment = _establishment(ubn=ubn, errors=errors, required=False)
    chosen = []
    for measure in measures or ():
        if measure not in RedesignMeasure.values:
            errors.add("measures", _("改善項目不正確。"))
        elif measure not in chosen:
            chosen.append(measure)
    if not chosen and "measures" not in errors:
        errors.add("measures", _("請選擇至少一項改善項目。"))
    amount_requested = _whole(amount_requested, "amount_requested", errors, minimum=1,
                              maximum=MAX_AMOUNT)
    description = _text(description, "description", errors, limit=NOTES_LIMIT)
    errors.raise_if_any()
    return JobRedesignApplication.objects.create(
        person=_save_person(person), establishment=establishment, received_on=received_on,
        measures=chosen, description=description, amount_requested=amount_requested,
        received_by=actor)


@transaction.atomic
def job_redesign_decide(*, application: JobRedesignApplication, version, decided_on,
                        approved: bool, actor, amount_approved=None) -> JobRedesignApplication:
    """Approve (with an amount up to the request) or reject; by someone other than the
    person who received the application (maker and checker)."""
    errors = _Errors()
    decided_on = _date(decided_on, "decided_on", errors)
    locked = _lock(JobRedesignApplication, application.pk)
    _check_version(locked, version)
    if locked.decision != RedesignDecision.PENDING:
        errors.add(NON_FIELD_ERRORS, _("此申請已核定。"))
    if actor is None or (locked.received_by_id is not None and actor.pk == locked.received_by_id):
        errors.add(NON_FIELD_ERRORS, _("核定人員不得為受理人員，請由另一位同仁核定。"))
    if decided_on is not None and decided_on < locked.received_on:
        errors.add("decided_on", _("核定日期不得早於受理日期（%(date)s）。")
                   % {"date": roc_date(locked.received_on)})
    amount = None
    if approved:
        amount = _whole(amount_approved, "amount_approved", errors, minimum=1,
                        maximum=MAX_AMOUNT)
        if amount is not None and amount > locked.amount_requested:
            errors.add("amount_approved", _("核定金額不得高於申請金額（%(amount)s元）。")
                       % {"amount": f"{locked.amount_requested:,}"})
    elif amount_approved not in (None, ""):
        errors.add("amount_approved", _("不予核定者不填核定金額。"))
    errors.raise_if_any()
    locked.decision = RedesignDecision.APPROVED if approved else RedesignDecision.REJECTED
    locked.decided_on = decided_on
    locked.amount_approved = amount
    locked.decided_by = actor
    _bump(locked, "decision", "decided_on", "amount_approved", "decided_by")
    return locked


# ----------------------------------------------------------------------------- events


@transaction.atomic
def event_create(*, kind: str, title: str, held_on, place: str, actor, district=None,
                 unit=None) -> RecruitmentEvent:
    """A job fair or recruitment event (it may be planned for a later date)."""
    errors = _Errors()
    kind = _choice(kind, EventKind, "kind", errors, label=_("活動類別"))
    title = _text(title, "title", errors, required=True, label=_("活動名稱"))
    held_on = _date(held_on, "held_on", errors, future_ok=True)
    place = _text(place, "place", errors, required=True, label=_("地點"))
    district = _instance(district, District, "district", errors, label=_("行政區"))
    errors.raise_if_any()
    return RecruitmentEvent.objects.create(kind=kind, title=title, held_on=held_on, place=place,
                                           district=district, unit=unit, created_by=actor)


def _job_fields(title, openings, occupation, errors: _Errors) -> dict:
    return {
        "title": _text(title, "title", errors, required=True, limit=100, label=_("職稱")),
        "openings": _whole(openings, "openings", errors, minimum=1, maximum=100_000),
        "occupation": _instance(occupation, Occupation, "occupation", errors, label=_("職業")),
    }


@transaction.atomic
def event_employer_add(*, event: RecruitmentEvent, actor, establishment=None, ubn: str = "",
                       title: str = "", openings=None, occupation=None,
                       vacancy=None) -> EventEmployer:
    """An employer joins an event with its first job type (職類) and openings."""
    errors = _Errors()
    establishment = _establishment(establishment=establishment, ubn=ubn, errors=errors)
    if establishment is not None and EventEmployer.objects.filter(
            event=event, establishment=establishment).exists():
        errors.add("ubn", _("此事業單位已參加本場活動。"))
    job = _job_fields(title, openings, occupation, errors)
    vacancy = _instance(vacancy, Vacancy, "vacancy", errors, label=_("求才登記"))
    errors.raise_if_any()
    employer = _create(EventEmployer, "ubn", _("此事業單位已參加本場活動。"),
                       event=event, establishment=establishment)
    EventJob.objects.create(employer=employer, vacancy=vacancy, **job)
    return employer


@transaction.atomic
def event_job_add(*, employer: EventEmployer, title: str, openings, actor, occupation=None,
                  vacancy=None) -> EventJob:
    errors = _Errors()
    job = _job_fields(title, openings, occupation, errors)
    vacancy = _instance(vacancy, Vacancy, "vacancy", errors, label=_("求才登記"))
    if vacancy is not None and vacancy.establishment_id != employer.establishment_id:
        errors.add("vacancy", _("求才登記不屬於此事業單位。"))
    errors.raise_if_any()
    return EventJob.objects.create(employer=employer, vacancy=vacancy, **job)


@transaction.atomic
def event_applicant_record(*, employer: EventEmployer, actor, person=None, id_number: str = "",
                           name: str = "", job=None, resume_received: bool = True,
                           interviewed: bool = False,
                           result: str = ApplicantResult.PENDING) -> EventApplicant:
    """A person who applied to an employer at an event: resume received and/or interviewed.
    The ID number is optional (a name alone will do); refused before the event's day."""
    errors = _Errors()
    if employer.event.held_on > _today():
        errors.add(NON_FIELD_ERRORS, _("活動尚未舉辦，不能登錄應徵紀錄。"))
    if person is not None or identifiers.compact(id_number or ""):
        person = _person(person=person, id_number=id_number, name=name, errors=errors)
        name = person.name if person is not None else name
    else:
        name = _text(name, "name", errors, required=True, limit=100, label=_("姓名"))
    job = _instance(job, EventJob, "job", errors, label=_("應徵職缺"))
    if job is not None and job.employer_id != employer.pk:
        errors.add("job", _("此職缺不屬於此廠商。"))
    if not resume_received and not interviewed:
        errors.add("resume_received", _("請勾選投遞履歷或現場面試。"))
    result = _choice(result or ApplicantResult.PENDING, ApplicantResult, "result", errors)
    if person is not None and person.pk and EventApplicant.objects.filter(
            employer=employer, person=person).exists():
        errors.add("id_number", _("此人已應徵此廠商。"))
    errors.raise_if_any()
    return _create(EventApplicant, "id_number", _("此人已應徵此廠商。"),
                   employer=employer, person=_save_person(person), name=name, job=job,
                   resume_received=bool(resume_received), interviewed=bool(interviewed),
                   result=result)


# ----------------------------------------------------------------------- unemployment


def unemployment_settings(on: dt.date) -> dict[str, int]:
    """The day counts in force on ``on`` (dated settings, defaults from the rules)."""
    return {
        "recognition_days": _setting("unemployment.recognition_days", on,
                                     urules.RECOGNITION_DAYS),
        "interval_days": _setting("unemployment.re_recognition_interval_days", on,
                                  urules.RE_RECOGNITION_INTERVAL_DAYS),
        "job_searches_min": _setting("unemployment.job_search_records_min", on,
                                     urules.JOB_SEARCH_RECORDS_MIN),
        "window_months": _setting("unemployment.application_window_months", on,
                                  urules.APPLICATION_WINDOW_MONTHS),
    }


def recognition_earliest(claim: UnemploymentClaim) -> dt.date:
    days = unemployment_settings(claim.applied_on)["recognition_days"]
    return urules.recognition_earliest(claim.applied_on, days)


def _lock_claim(claim: UnemploymentClaim, version) -> UnemploymentClaim:
    locked = (UnemploymentClaim.objects.select_for_update().select_related("seeker__person")
              .get(pk=claim.pk))
    _check_version(locked, version)
    return locked


@transaction.atomic
def claim_apply(*, applied_on, separated_on, separation_reason: str, actor, seeker=None,
                id_number: str = "", last_employer_ubn: str = "") -> UnemploymentClaim:
    """An application for unemployment recognition after an involuntary separation, with the
    job-seeker registration (就業保險法 art. 25 I). Refused: no current registration, a date
    before the registration or after today, a separation after the application or more than
    two years before it, an open claim of the same seeker."""
    errors = _Errors()
    seeker = _seeker(seeker=seeker, id_number=id_number, errors=errors)
    applied_on = _date(applied_on, "applied_on", errors)
    separated_on = _date(separated_on, "separated_on", errors)
    separation_reason = _choice(separation_reason, SeparationReason, "separation_reason", errors,
                                label=_("離職原因"))
    last_employer = _establishment(ubn=last_employer_ubn, errors=errors,
                                   field="last_employer_ubn", required=False)
    if seeker is not None and applied_on is not None and applied_on < seeker.registered_on:
        errors.add("applied_on", _("申請日期不得早於求職登記日期（%(date)s）。")
                   % {"date": roc_date(seeker.registered_on)})
    if applied_on is not None and separated_on is not None:
        months = unemployment_settings(applied_on)["window_months"]
        if separated_on > applied_on:
            errors.add("separated_on", _("離職日期不得晚於申請日期。"))
        elif not urules.application_in_time(separated_on, applied_on, months):
            errors.add("separated_on", _("離職已逾%(months)d個月，不得申請失業給付（就業保險法"
                                         "第25條第1項）。") % {"months": months})
    if seeker is not None and UnemploymentClaim.objects.filter(
            seeker=seeker, status__in=[ClaimStatus.APPLIED, ClaimStatus.RECOGNISED]).exists():
        errors.add("id_number", _("此求職人已有辦理中的失業認定申請。"))
    errors.raise_if_any()
    return _create(UnemploymentClaim, "id_number", _("此求職人已有辦理中的失業認定申請。"),
                   seeker=seeker, applied_on=applied_on, separated_on=separated_on,
                   separation_reason=separation_reason, last_employer=last_employer,
                   recorded_by=actor)


@transaction.atomic
def claim_recognise(*, claim: UnemploymentClaim, version, on, actor) -> UnemploymentClaim:
    """Recognise the unemployment (失業認定): from the 15th day of the registration (arts. 20 I,
    25 III), when the claimant was not placed in work meanwhile. The first re-recognition is
    due 30 days later (art. 29 I)."""
    errors = _Errors()
    on = _date(on, "on", errors)
    locked = _lock_claim(claim, version)
    if locked.status != ClaimStatus.APPLIED:
        raise ValidationError({NON_FIELD_ERRORS: [_("此申請已認定或已結束。")]})
    if on is not None:
        rules = unemployment_settings(locked.applied_on)
        earliest = urules.recognition_earliest(locked.applied_on, rules["recognition_days"])
        if on < earliest:
            errors.add("on", _("求職登記未滿%(days)d日，應於%(date)s以後辦理失業認定。")
                       % {"days": rules["recognition_days"], "date": roc_date(earliest)})
        elif Placement.objects.filter(seeker_id=locked.seeker_id,
                                      placed_on__range=(locked.applied_on, on)).exists():
            errors.add("on", _("申請後已推介就業，不予失業認定；請以「推介就業」結束本案。"))
    errors.raise_if_any()
    interval = unemployment_settings(on)["interval_days"]
    locked.status = ClaimStatus.RECOGNISED
    locked.recognised_on = on
    locked.recognised_by = actor
    locked.next_due_on = urules.next_re_recognition(on, interval)
    _bump(locked, "status", "recognised_on", "recognised_by", "next_due_on")
    return locked


def _job_searches(rows, previous_on: dt.date | None, on: dt.date | None,
                  errors: _Errors) -> list[dict]:
    """The job-search rows given (blank rows skipped), each checked at its own keys
    ``job_searches_<n>_<field>`` (n from 1)."""
    found = []
    for n, row in enumerate(list(rows or [])[:MAX_JOB_SEARCHES], start=1):
        row = row if isinstance(row, Mapping) else {}
        if not any(str(row.get(k) or "").strip() for k in ("searched_on", "employer_name",
                                                           "method", "result")):
            continue
        prefix = f"job_searches_{n}_"
        searched_on = _date(row.get("searched_on"), prefix + "searched_on", errors)
        if searched_on is not None and previous_on is not None and on is not None \
                and not urules.job_search_in_period(searched_on, previous_on, on):
            errors.add(prefix + "searched_on",
                       _("求職日期應在前次認定（%(previous)s）之後、本次再認定之前。")
                       % {"previous": roc_date(previous_on)})
        employer_name = _text(row.get("employer_name"), prefix + "employer_name", errors,
                              required=True, label=_("應徵單位"))
        method = _choice(row.get("method"), SearchMethod, prefix + "method", errors,
                         label=_("求職方式"))
        result = _text(row.get("result"), prefix + "result", errors, limit=100)
        found.append({"searched_on": searched_on, "employer_name": employer_name,
                      "method": method, "result": result})
    return found


def re_recognition_refusal(claim: UnemploymentClaim, on: dt.date) -> str | None:
    """The refusal of a re-recognition on ``on`` before its date, or None."""
    if claim.next_due_on is not None and urules.re_recognition_too_early(claim.next_due_on, on):
        return _("失業再認定日期未到（應於%(date)s以後辦理）。") % {
            "date": roc_date(claim.next_due_on)}
    return None


@transaction.atomic
def re_recognition_record(*, claim: UnemploymentClaim, version, on, job_searches, actor,
                          ) -> ReRecognition:
    """A re-recognition (失業再認定) on ``on``: not before its date (the previous recognition or
    re-recognition + 30 days), with at least two job-search records made since the previous
    one (art. 29). The next one is due 30 days after ``on``."""
    errors = _Errors()
    on = _date(on, "on", errors)
    locked = _lock_claim(claim, version)
    if locked.status != ClaimStatus.RECOGNISED:
        raise ValidationError({NON_FIELD_ERRORS: [
            _("此申請尚未認定失業或已結束，不能辦理再認定。")]})
    previous = locked.re_recognitions.order_by("-sequence").first()
    previous_on = previous.on if previous is not None else locked.recognised_on
    if on is not None:
        refusal = re_recognition_refusal(locked, on)
        if refusal:
            errors.add("on", refusal)
    rows = _job_searches(job_searches, previous_on, on, errors)
    minimum = unemployment_settings(on or _today())["job_searches_min"]
    if not urules.enough_job_searches(len(rows), minimum):
        errors.add("job_searches", _("每次失業再認定應至少提供%(n)d次求職紀錄（就業保險法第29條"
                                     "第3項）。") % {"n": minimum})
    errors.raise_if_any()
    row = _create(ReRecognition, NON_FIELD_ERRORS, _(STALE_MESSAGE),
                  claim=locked, sequence=(previous.sequence + 1 if previous else 1), on=on,
                  earliest_on=locked.next_due_on, recorded_by=actor)
    JobSearchRecord.objects.bulk_create([JobSearchRecord(re_recognition=row, **r) for r in rows])
    locked.next_due_on = urules.next_re_recognition(
        on, unemployment_settings(on)["interval_days"])
    _bump(locked, "next_due_on")
    return row


@transaction.atomic
def claim_training_refer(*, claim: UnemploymentClaim, referred_on, course: str, actor,
                         provider: str = "") -> ClaimTrainingReferral:
    """A claimant referred to vocational training (推介參加職業訓練)."""
    errors = _Errors()
    referred_on = _date(referred_on, "referred_on", errors)
    if claim.status == ClaimStatus.ENDED:
        errors.add(NON_FIELD_ERRORS, _("此申請已結束。"))
    if referred_on is not None and referred_on < claim.applied_on:
        errors.add("referred_on", _("推介日期不得早於申請日期（%(date)s）。")
                   % {"date": roc_date(claim.applied_on)})
    course = _text(course, "course", errors, required=True, label=_("訓練課程"))
    provider = _text(provider, "provider", errors)
    errors.raise_if_any()
    return ClaimTrainingReferral.objects.create(claim=claim, referred_on=referred_on,
                                                course=course, provider=provider,
                                                referred_by=actor)


@transaction.atomic
def claim_end(*, claim: UnemploymentClaim, version, ended_on, reason: str, actor,
              placement=None) -> UnemploymentClaim:
    """End a claim: helped into work (協助就業; linked to the seeker's placement in the claim's
    time, the given one or the latest), training, exhausted, stopped or withdrawn."""
    errors = _Errors()
    ended_on = _date(ended_on, "ended_on", errors)
    reason = _choice(reason, ClaimEnd, "reason", errors, label=_("結束原因"))
    locked = _lock_claim(claim, version)
    if locked.status == ClaimStatus.ENDED:
        raise ValidationError({NON_FIELD_ERRORS: [_("此申請已結束。")]})
    last = locked.re_recognitions.order_by("-sequence").values_list("on", flat=True).first()
    floor = last or locked.recognised_on or locked.applied_on
    if ended_on is not None and ended_on < floor:
        errors.add("ended_on", _("結束日期不得早於%(date)s。") % {"date": roc_date(floor)})
    placement = _instance(placement, Placement, "placement", errors, label=_("就業紀錄"))
    if placement is not None and placement.seeker_id != locked.seeker_id:
        errors.add("placement", _("就業紀錄與申請人不符。"))
    if placement is not None and reason != ClaimEnd.EMPLOYED:
        errors.add("placement", _("僅推介就業者連結就業紀錄。"))
    errors.raise_if_any()
    if reason == ClaimEnd.EMPLOYED and placement is None:
        placement = (Placement.objects.filter(
            seeker_id=locked.seeker_id, placed_on__range=(locked.applied_on, ended_on),
            unemployment_claim__isnull=True).order_by("-placed_on", "-pk").first())
    locked.status = ClaimStatus.ENDED
    locked.ended_on = ended_on
    locked.end_reason = reason
    locked.next_due_on = None
    locked.placement = placement
    try:
        with transaction.atomic():
            _bump(locked, "status", "ended_on", "end_reason", "next_due_on", "placement")
    except IntegrityError:
        raise ValidationError({"placement": [_("此就業紀錄已連結另一件失業認定。")]}) from None
    return locked


# ------------------------------------------------------------------------------ exams


@transaction.atomic
def exam_session_create(*, agency: str, title: str, positions, held_on, actor,
                        place: str = "") -> ExamSession:
    errors = _Errors()
    agency = _text(agency, "agency", errors, required=True, label=_("委託機關"))
    title = _text(title, "title", errors, required=True, label=_("甄選職務"))
    positions = _whole(positions, "positions", errors, minimum=1, maximum=10_000)
    held_on = _date(held_on, "held_on", errors, future_ok=True)
    place = _text(place, "place", errors)
    errors.raise_if_any()
    return ExamSession.objects.create(agency=agency, title=title, positions=positions,
                                      held_on=held_on, place=place, created_by=actor)


@transaction.atomic
def exam_applicant_add(*, session: ExamSession, applied_on, actor, person=None,
                       id_number: str = "", name: str = "") -> ExamApplicant:
    """A person applies (報名) for an exam session, on or before its day, once."""
    errors = _Errors()
    person = _person(person=person, id_number=id_number, name=name, errors=errors)
    applied_on = _date(applied_on, "applied_on", errors)
    if applied_on is not None and applied_on > session.held_on:
        errors.add("applied_on", _("報名日期不得晚於甄選日期（%(date)s）。")
                   % {"date": roc_date(session.held_on)})
    if person is not None and person.pk and ExamApplicant.objects.filter(
            session=session, person=person).exists():
        errors.add("id_number", _("此人已報名本場甄選。"))
    errors.raise_if_any()
    return _create(ExamApplicant, "id_number", _("此人已報名本場甄選。"),
                   session=session, person=_save_person(person), applied_on=applied_on)


@transaction.atomic
def exam_result_record(*, applicant: ExamApplicant, version, interviewed: bool, result: str,
                       actor, rank=None) -> ExamApplicant:
    """Mark an applicant interviewed and give the result: main list (正取, never more than the
    session's positions), reserve (備取) or not hired. ``version`` is the session's (the
    lists are the session's; two people ranking at once would overfill them)."""
    errors = _Errors()
    session = _lock(ExamSession, applicant.session_id)
    _check_version(session, version)
    applicant = ExamApplicant.objects.select_related("person").get(pk=applicant.pk)
    result = _choice(result or ExamResult.PENDING, ExamResult, "result", errors)
    if (interviewed or result != ExamResult.PENDING) and session.held_on > _today():
        errors.add(NON_FIELD_ERRORS, _("甄選尚未舉行，不能登錄面試或結果。"))
    if result in HIRED_RESULTS and not interviewed:
        errors.add("result", _("未參加面試者不得錄取。"))
    if result == ExamResult.MAIN:
        mains = session.applicants.filter(result=ExamResult.MAIN).exclude(pk=applicant.pk)
        if prules.main_list_full(mains.count(), session.positions):
            errors.add("result", _("正取人數已達錄取名額（%(n)d名），請列為備取。")
                       % {"n": session.positions})
    rank = _whole(rank, "rank", errors, minimum=1, maximum=10_000, required=False) \
        if result in HIRED_RESULTS else None
    if rank is not None and session.applicants.filter(result=result, rank=rank).exclude(
            pk=applicant.pk).exists():
        errors.add("rank", _("名次重複。"))
    errors.raise_if_any()
    applicant.interviewed = bool(interviewed)
    applicant.result = result
    applicant.rank = rank
    applicant.save(update_fields=["interviewed", "result", "rank"])
    _bump(session)
    return applicant
