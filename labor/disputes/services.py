"""Every state change of a labor dispute. Module-level, keyword-only, transactional.

Conventions (docs/architecture.md, the contract in disputes-contract.md):

- Bad input raises ``django.core.exceptions.ValidationError`` with zh-Hant messages keyed by
  field, before anything is written; a later failure rolls the whole call back.
  Fields of the i-th party or item are keyed ``applicants-<i>-<field>``,
  ``respondents-<i>-<field>``, ``items-<i>-<field>`` (the names of a Django formset with
  those prefixes); a whole list is keyed ``applicants`` / ``respondents`` / ``items``.
- Every service that changes a dispute takes the ``version`` the caller read; the row is
  re-read under ``select_for_update`` and a different version raises ``StaleEdit``, so two
  staff saving the same case at once never overwrite each other silently.
- Every step writes a ``CaseEvent`` (through labor.core.services or directly).
- Staff permissions are checked by views and the API, not here; the workflow is: services
  refuse an action the case's status does not allow (``rules.next_status``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core import identifiers, inputs, validators
from labor.core import services as core_services
from labor.core.errors import FieldErrors as _Errors
from labor.core.formatting import TAIPEI, local_date
from labor.core.models import (
    Case,
    CaseDueDate,
    CaseEvent,
    Channel,
    District,
    Establishment,
    Industry,
    Person,
)
from labor.core.settings_values import SettingMissing, dated_value
from labor.disputes import rules
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    ApplicantKind,
    Dispute,
    DisputeItem,
    DisputeParty,
    ItemKind,
    Kind,
    LawyerConsultation,
    LawyerSlot,
    Mediator,
    MediatorAssignment,
    MediatorConflict,
    Meeting,
    MeetingAttendance,
    Outcome,
    Route,
    Side,
    Status,
)

STALE_MESSAGE = N_("此案件已由他人更新，請重新載入後再操作。")

# An establishment created from an application (not found in the registry) is filed under
# this industry section until staff correct it, and flagged so that they can find it.
UNREGISTERED_INDUSTRY = "S"
UNREGISTERED_FLAG = "registry_unverified"


class StaleEdit(ValidationError):
    """The dispute changed since the caller read it (optimistic lock)."""

    def __init__(self):
        super().__init__({NON_FIELD_ERRORS: [_(STALE_MESSAGE)]}, code="stale")


# ---------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return local_date(_now())


def _aware(value: dt.datetime) -> dt.datetime:
    """A naive datetime is Taipei local time."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=TAIPEI)
    return value


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


MAX_AMOUNT = 10**12  # NT$1兆: far above any claim, below the columns' limits
MAX_MONTHLY_WAGE = 10**8


_amount = inputs.amount


def _days(key: str, on: dt.date) -> int | None:
    """A period's day count in force on ``on`` (None before the setting's first row)."""
    try:
        return int(dated_value(rules.SETTING_KEYS[key], on))
    except SettingMissing:
        return None


def _set_due(*, case: Case, kind: str, start: dt.date, rule, actor) -> CaseDueDate | None:
    days = _days(kind, start)
    if days is None:
        return None
    return core_services.case_due_date_set(
        case=case, kind=kind, due_on=rule(start, days), basis=rules.BASIS[kind], actor=actor
    )


def _event(*, dispute: Dispute, action: str, actor, at=None, new_values=None, old_values=None,
           note: str = "", from_status: str = "", to_status: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case_id=dispute.pk, at=at or _now(), actor=actor,
        actor_kind=CaseEvent.ActorKind.PERSON if actor is not None else CaseEvent.ActorKind.SYSTEM,
        action=action, new_values=new_values or {}, old_values=old_values or {}, note=note,
        from_status=from_status, to_status=to_status,
    )


def _lock(dispute: Dispute, version) -> Dispute:
    """Re-read the dispute (and its case) under a row lock and check the caller's version."""
    locked = Dispute.objects.select_for_update().select_related("case").get(pk=dispute.pk)
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if version != locked.version:
        raise StaleEdit()
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


_ACTION_LABELS = {
    "assign": N_("指派調解人"),
    "add_member": N_("選定調解委員"),
    "object": N_("聲請調解人迴避"),
    "schedule": N_("排定會議"),
    "reschedule": N_("會議改期"),
    "hold": N_("登錄會議召開"),
    "record_outcome": N_("登錄處理結果"),
    "withdraw": N_("撤回"),
}


def _next_status(status: str, action: str) -> str:
    """rules.next_status, with a refusal as a ValidationError on ``status`` in zh-Hant."""
    try:
        return rules.next_status(status, action)
    except rules.TransitionRefused:
        message = _("案件目前狀態為「%(status)s」，不能「%(action)s」。") % {
            "status": Status(status).label if status in Status.values else status,
            "action": _(_ACTION_LABELS.get(action, action)),
        }
        raise ValidationError({"status": [message]}, code="transition_refused") from None


def _move(*, dispute: Dispute, action: str, actor, at=None, note: str = "",
          close: bool = False) -> str:
    """Apply a workflow action: refuse it when the status does not allow it; write the
    transition (and its event) when the status changes. Returns the new status."""
    current = dispute.case.status
    target = _next_status(current, action)
    if target != current or close:
        dispute.case = core_services.case_transition(
            case=dispute.case, to_status=target, actor=actor, note=note, at=at, close=close
        )
    return target


# ---------------------------------------------------------------------------- submission


def _clean_text(data: Mapping, name: str, limit: int) -> str:
    return str(data.get(name) or "").strip()[:limit]


def _resolve_party(data: Mapping, *, side: str, prefix: str, errors: _Errors) -> dict | None:
    """Check one PartyInput; find its person or establishment (not creating anything yet).

    Returns a dict with ``kind``, ``identity`` (for duplicates and respondent == applicant),
    the found ``person``/``establishment`` or the fields to create one, and contact fields.
    """
    if not isinstance(data, Mapping):
        errors.add(prefix.rstrip("-"), _("當事人資料格式不正確。"))
        return None
    kind = str(data.get("kind") or "").strip()
    contact = {
        "contact_name": _clean_text(data, "contact_name", 100),
        "phone": _clean_text(data, "phone", 32),
        "email": _clean_text(data, "email", 254),
        "address": _clean_text(data, "address", 200),
    }
    if contact["email"]:
        try:
            validate_email(contact["email"])
        except ValidationError:
            errors.add(f"{prefix}email", _("電子郵件格式不正確。"))
    name = _clean_text(data, "name", 200)
    resolved = {"kind": kind, "side": side, "contact": contact, "prefix": prefix,
                "person": None, "establishment": None, "union_name": "", "create": None}
    if kind == "person":
        id_kind = str(data.get("id_kind") or Person.IdKind.NATIONAL_ID)
        id_number = identifiers.compact(data.get("id_number"))
        if not id_number:
            errors.add(f"{prefix}id_number", _("請填寫證號（身分證字號、統一證號或護照號碼）。"))
            return None
        try:
            validators.validate_person_id(id_kind, id_number)
        except ValidationError as exc:
            errors.merge(exc, prefix)
            return None
        resolved["identity"] = ("person", id_number)
        resolved["person"] = Person.objects.filter(id_number=id_number).first()
        if resolved["person"] is None:
            if not name:
                errors.add(f"{prefix}name", _("請填寫姓名。"))
                return None
            resolved["create"] = {
                "id_kind": id_kind, "id_number": id_number, "name": name[:100],
                "phone": contact["phone"], "email": contact["email"],
                "address": contact["address"],
                "nationality": "TW" if id_kind == Person.IdKind.NATIONAL_ID else "",
            }
        return resolved
    if kind == "establishment":
        ubn = identifiers.compact(data.get("ubn"))
        if not ubn:
            errors.add(f"{prefix}ubn", _("請填寫統一編號。"))
            return None
        if not identifiers.is_valid_ubn(ubn):
            errors.add(f"{prefix}ubn",
                       _("統一編號「%(value)s」格式或檢查碼不正確，應為 8 位數字。")
                       % {"value": ubn})
            return None
        resolved["identity"] = ("establishment", ubn)
        resolved["establishment"] = Establishment.objects.filter(ubn=ubn).first()
        if resolved["establishment"] is None:
            district_code = str(data.get("district_code") or "").strip()
            district = None
            if district_code:
                district = District.objects.filter(
                    city=settings.LABOR_CITY, code=district_code
                ).first()
            missing = False
            if not name:
                errors.add(f"{prefix}name", _("此統一編號不在事業單位名冊中，請填寫事業單位名稱。"))
                missing = True
            if district is None:
                errors.add(f"{prefix}district_code",
                           _("此統一編號不在事業單位名冊中，請選擇事業單位所在行政區。"))
                missing = True
            industry_code = str(data.get("industry_code") or UNREGISTERED_INDUSTRY).strip()
            industry = Industry.objects.filter(code=industry_code.upper()).first()
            if industry is None:
                errors.add(f"{prefix}industry_code", _("行業代碼不正確。"))
                missing = True
            if missing:
                return None
            resolved["create"] = {
                "ubn": ubn, "name": name, "district": district, "industry": industry,
                "address": contact["address"], "phone": contact["phone"],
                "risk_flags": [UNREGISTERED_FLAG],
            }
        return resolved
    if kind == "union":
        union_name = _clean_text(data, "union_name", 200) or name
        if not union_name:
            errors.add(f"{prefix}union_name", _("請填寫工會名稱。"))
            return None
        resolved["union_name"] = union_name
        resolved["identity"] = ("union", union_name)
        return resolved
    errors.add(f"{prefix}kind", _("當事人類別不正確（個人、事業單位或工會）。"))
    return None


_IDENTITY_FIELD = {"person": "id_number", "establishment": "ubn", "union": "union_name"}

_APPLICANT_PARTY_KIND = {
    ApplicantKind.WORKER: "person",
    ApplicantKind.WORKERS: "person",
    ApplicantKind.UNION: "union",
    ApplicantKind.EMPLOYER: "establishment",
}


def _resolve_items(items, errors: _Errors) -> list[dict]:
    resolved = []
    if not items:
        errors.add("items", _("請至少填寫一項爭議項目。"))
        return resolved
    for index, item in enumerate(items):
        prefix = f"items-{index}-"
        if not isinstance(item, Mapping):
            errors.add(f"items-{index}", _("爭議項目資料格式不正確。"))
            continue
        kind = str(item.get("kind") or "").strip()
        if kind not in ItemKind.values:
            errors.add(f"{prefix}kind", _("請選擇爭議項目。"))
            continue
        amount = _amount(item.get("amount_claimed"), f"{prefix}amount_claimed", errors)
        resolved.append({"kind": kind, "amount_claimed": amount,
                         "note": _clean_text(item, "note", 200)})
    return resolved


def _materialise(party: dict) -> dict:
    """Create the person or establishment a party needs (found-or-created by its key)."""
    create = party["create"]
    if create is None:
        return party
    if party["kind"] == "person":
        person, _created = Person.objects.get_or_create(
            id_number=create["id_number"],
            defaults={k: v for k, v in create.items() if k != "id_number"},
        )
        party["person"] = person
    else:
        establishment, _created = Establishment.objects.get_or_create(
            ubn=create["ubn"], defaults={k: v for k, v in create.items() if k != "ubn"}
        )
        party["establishment"] = establishment
    return party


def _submitted(submission_key: str) -> Dispute | None:
    """The dispute an earlier submission with this key made, if any."""
    return Dispute.objects.filter(submission_key=submission_key).first()


@transaction.atomic
def dispute_submit(
    *,
    channel: str,
    kind: str = Kind.MEDIATION,
    applicant_kind: str,
    applicants: list,
    respondents: list,
    items: list,
    statement: str = "",
    employment_start=None,
    monthly_wage=None,
    job_title: str = "",
    interpreter_language: str = "",
    route: str = Route.MEDIATOR,
    committee_size: int | None = None,
    attachments: Iterable = (),
    actor=None,
    portal_user=None,
    submission_key: str | None = None,
    received_at: dt.datetime | None = None,
) -> Dispute:
    """Receive an application for mediation (or a migrant worker's dispute for coordination).

    Persons are found or created by their (compacted, validated) ID number; establishments by
    統一編號; a respondent establishment not in the registry is created only when its name and
    ``district_code`` are given (``industry_code`` optional: it is then filed under section S
    and flagged ``registry_unverified`` for staff to correct). ``attachments`` are uploaded
    files, all checked before anything is written.

    ``submission_key`` makes an online submission idempotent: the same key again (a double
    click, a resent form, even two requests racing) returns the dispute the first one made.
    """
    submission_key = (submission_key or "").strip()[:64] or None
    if submission_key and (existing := _submitted(submission_key)) is not None:
        return existing

    errors = _Errors()
    now = _now()
    received_at = _aware(received_at) if received_at else now
    if received_at > now:
        errors.add("received_at", _("收件時間不得晚於現在。"))
    received_on = local_date(received_at)
    if channel not in Channel.values:
        errors.add("channel", _("受理管道不正確。"))
    if kind not in Kind.values:
        errors.add("kind", _("案件類別不正確。"))
    if applicant_kind not in ApplicantKind.values:
        errors.add("applicant_kind", _("請選擇申請人身分。"))
    if route not in Route.values:
        errors.add("route", _("請選擇調解方式。"))
    if isinstance(committee_size, str) and committee_size.strip().isdigit():
        committee_size = int(committee_size)
    if route == Route.COMMITTEE:
        if committee_size not in (3, 5):
            errors.add("committee_size", _("調解委員會應由 3 人或 5 人組成。"))
    elif committee_size not in (None, ""):
        errors.add("committee_size", _("只有調解委員會方式需要填寫委員人數。"))
    else:
        committee_size = None
    employment_start = _as_date(employment_start)
    if employment_start and employment_start > _today():
        errors.add("employment_start", _("到職日不得晚於今天。"))
    monthly_wage = _amount(monthly_wage, "monthly_wage", errors, maximum=MAX_MONTHLY_WAGE)

    resolved_applicants, resolved_respondents = [], []
    if not applicants:
        errors.add("applicants", _("請填寫申請人。"))
    for index, data in enumerate(applicants or ()):
        party = _resolve_party(data, side=Side.APPLICANT, prefix=f"applicants-{index}-",
                               errors=errors)
        if party is None:
            continue
        expected = _APPLICANT_PARTY_KIND.get(applicant_kind)
        if expected and party["kind"] != expected:
            errors.add(f"applicants-{index}-kind",
                       _("申請人類別與申請人身分不符（勞工為個人、工會為工會、雇主為事業單位）。"))
            continue
        resolved_applicants.append(party)
    if not respondents:
        errors.add("respondents", _("請填寫相對人。"))
    for index, data in enumerate(respondents or ()):
        party = _resolve_party(data, side=Side.RESPONDENT, prefix=f"respondents-{index}-",
                               errors=errors)
        if party is not None:
            resolved_respondents.append(party)
    seen: dict[tuple, str] = {}
    for party in resolved_applicants + resolved_respondents:
        key = party["identity"]
        if key in seen:
            field = party["prefix"] + _IDENTITY_FIELD[key[0]]
            if seen[key] != party["side"]:
                errors.add(field, _("相對人不得與申請人相同。"))
            else:
                errors.add(field, _("同一當事人重複填寫。"))
        else:
            seen[key] = party["side"]
    resolved_items = _resolve_items(items, errors)
    attachments = list(attachments or ())
    for index, upload in enumerate(attachments):
        try:
            core_services.attachment_check(upload=upload)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("attachments", f"{getattr(upload, 'name', index)}：{message}")
    errors.raise_if_any()

    line = LINE_COORDINATION if kind == Kind.COORDINATION else LINE_MEDIATION
    try:
        # A savepoint: if another request with the same submission_key wins the race, only
        # this attempt is undone (its case number too), and the winner is returned.
        with transaction.atomic():
            parties = [_materialise(p) for p in resolved_applicants + resolved_respondents]
            first_person = next((p["person"] for p in parties
                                 if p["person"] and p["side"] == Side.APPLICANT), None)
            establishments = [p["establishment"] for p in parties if p["establishment"]]
            respondent_est = [p["establishment"] for p in parties
                              if p["establishment"] and p["side"] == Side.RESPONDENT]
            summary = "、".join(str(ItemKind(i["kind"]).label) for i in resolved_items)
            case = core_services.case_open(
                line=line, channel=channel, status=Status.RECEIVED, received_at=received_at,
                actor=actor, person=first_person,
                establishment=(respondent_est or establishments or [None])[0],
                summary=summary[:300],
            )
            dispute = Dispute.objects.create(
                case=case, kind=kind, applicant_kind=applicant_kind, route=route,
                committee_size=committee_size, employment_start=employment_start,
                monthly_wage=monthly_wage, job_title=str(job_title or "").strip()[:100],
                statement=str(statement or "").strip(),
                interpreter_language=str(interpreter_language or "").strip()[:32],
                portal_user=portal_user, submission_key=submission_key,
            )
    except IntegrityError:
        if submission_key and (winner := _submitted(submission_key)) is not None:
            return winner
        raise

    for party in parties:
        DisputeParty.objects.create(
            dispute=dispute, side=party["side"], person=party["person"],
            establishment=party["establishment"], union_name=party["union_name"],
            **party["contact"],
        )
    DisputeItem.objects.bulk_create(
        [DisputeItem(dispute=dispute, **item) for item in resolved_items]
    )
    _event(dispute=dispute, action="dispute_submit", actor=actor, at=received_at,
           new_values={"kind": kind, "route": route, "applicant_kind": applicant_kind,
                       "applicants": len(resolved_applicants),
                       "respondents": len(resolved_respondents),
                       "items": [i["kind"] for i in resolved_items],
                       "online": portal_user is not None})
    if kind == Kind.MEDIATION:
        if route == Route.MEDIATOR:
            _set_due(case=case, kind=rules.DUE_MEDIATOR_DESIGNATION, start=received_on,
                     rule=rules.mediator_designation_due, actor=actor)
        else:
            _set_due(case=case, kind=rules.DUE_COMMITTEE_MEMBER_NAMING, start=received_on,
                     rule=rules.committee_member_naming_due, actor=actor)
    for upload in attachments:
        core_services.attachment_add(upload=upload, case=case, kind="application", actor=actor)
    return dispute


# ---------------------------------------------------------------------------- mediators


def _party_refs(dispute: Dispute) -> tuple[set[int], set[int]]:
    rows = DisputeParty.objects.filter(dispute=dispute).values_list("person_id",
                                                                    "establishment_id")
    persons = {p for p, _e in rows if p}
    establishments = {e for _p, e in rows if e}
    return persons, establishments


def _conflicts(dispute: Dispute):
    persons, establishments = _party_refs(dispute)
    return MediatorConflict.objects.filter(
        Q(person_id__in=persons) | Q(establishment_id__in=establishments)
    )


def _open_workload_filter() -> Q:
    return Q(assignments__ended_at__isnull=True,
             assignments__dispute__case__closed_at__isnull=True)


def mediator_candidates(*, dispute: Dispute) -> list[Mediator]:
    """Active mediators who may take the case, least busy first, then best expertise match.

    Left out: a mediator with a conflict of interest with any party, one a party objected to
    on this case, and one already on it. Each mediator carries ``workload`` (open cases) and
    ``expertise_matches`` (how many of the dispute's item kinds are in their expertise).
    """
    excluded = set(_conflicts(dispute).values_list("mediator_id", flat=True))
    excluded |= set(
        MediatorAssignment.objects.filter(dispute=dispute)
        .filter(Q(end_reason=MediatorAssignment.EndReason.OBJECTION) | Q(ended_at__isnull=True))
        .values_list("mediator_id", flat=True)
    )
    item_kinds = set(DisputeItem.objects.filter(dispute=dispute).values_list("kind", flat=True))
    # Coordinators take the migrant unit's coordination cases; mediators take mediations.
    roster = Mediator.objects.filter(active=True)
    if dispute.kind == Kind.COORDINATION:
        roster = roster.filter(kind=Mediator.Kind.COORDINATOR)
    else:
        roster = roster.exclude(kind=Mediator.Kind.COORDINATOR)
    mediators = list(
        roster.exclude(pk__in=excluded)
        .annotate(workload=Count("assignments", filter=_open_workload_filter(), distinct=True))
    )
    for mediator in mediators:
        mediator.expertise_matches = len(item_kinds & set(mediator.expertise or []))
    mediators.sort(key=lambda m: (m.workload, -m.expertise_matches, m.name, m.pk))
    return mediators


@transaction.atomic
def mediator_assign(*, dispute: Dispute, mediator: Mediator | int, actor, version,
                    nominated_by: str = "", at: dt.datetime | None = None) -> Dispute:
    """Designate the mediator (mediator route) or a committee member (committee route).

    Refuses a mediator not on the roster, one with a conflict of interest with a party, and
    one a party has objected to on this case. Marks the due date "mediator_designation" met and
    sets "mediation_start" (art. 12: 7 days from designation). ``at`` is for imports only.
    """
    dispute = _lock(dispute, version)
    at = _aware(at) if at else _now()
    action = "add_member" if (dispute.route == Route.COMMITTEE
                              and dispute.case.status == Status.ASSIGNED) else "assign"
    _next_status(dispute.case.status, action)
    errors = _Errors()
    mediator = Mediator.objects.filter(pk=getattr(mediator, "pk", mediator)).first()
    if mediator is None:
        errors.add("mediator", _("請選擇調解人。"))
        errors.raise_if_any()
    if not mediator.active:
        errors.add("mediator", _("此調解人已不在名冊中。"))
    conflict = _conflicts(dispute).filter(mediator=mediator).first()
    if conflict is not None:
        errors.add("mediator", _("調解人「%(name)s」與當事人有利益衝突（%(reason)s），不得指派。")
                   % {"name": mediator.name, "reason": conflict.reason})
    assignments = MediatorAssignment.objects.filter(dispute=dispute, mediator=mediator)
    if assignments.filter(end_reason=MediatorAssignment.EndReason.OBJECTION).exists():
        errors.add("mediator", _("當事人已對調解人「%(name)s」聲請迴避，請改派其他調解人。")
                   % {"name": mediator.name})
    elif assignments.filter(ended_at__isnull=True).exists():
        errors.add("mediator", _("調解人「%(name)s」已指派於本案。") % {"name": mediator.name})
    active = MediatorAssignment.objects.filter(dispute=dispute, ended_at__isnull=True).count()
    if dispute.route == Route.COMMITTEE and active >= (dispute.committee_size or 0):
        errors.add("mediator", _("調解委員會已滿 %(n)s 人。") % {"n": dispute.committee_size})
    if nominated_by not in ("", *Side.values):
        errors.add("nominated_by", _("推薦方不正確。"))
    if at < dispute.case.received_at:
        errors.add("at", _("指派時間不得早於收件時間。"))
    errors.raise_if_any()

    MediatorAssignment.objects.create(dispute=dispute, mediator=mediator,
                                      nominated_by=nominated_by, assigned_at=at,
                                      assigned_by=actor)
    _move(dispute=dispute, action=action, actor=actor, at=at, note=mediator.name)
    _event(dispute=dispute, action="mediator_assign", actor=actor, at=at,
           new_values={"mediator": mediator.pk, "name": mediator.name,
                       "nominated_by": nominated_by})
    on = local_date(at)
    if dispute.kind == Kind.MEDIATION:
        if dispute.route == Route.MEDIATOR:
            core_services.case_due_date_meet(case=dispute.case,
                                             kind=rules.DUE_MEDIATOR_DESIGNATION, on=on,
                                             actor=actor)
            _set_due(case=dispute.case, kind=rules.DUE_MEDIATION_START, start=on,
                     rule=rules.mediation_start_due, actor=actor)
        elif active + 1 == dispute.committee_size:
            core_services.case_due_date_meet(case=dispute.case,
                                             kind=rules.DUE_COMMITTEE_MEMBER_NAMING, on=on,
                                             actor=actor)
            _set_due(case=dispute.case, kind=rules.DUE_COMMITTEE_CONVENE, start=on,
                     rule=rules.committee_convene_due, actor=actor)
    return dispute


@transaction.atomic
def mediator_object(*, dispute: Dispute, side: str, reason: str, actor, version,
                    mediator: Mediator | None = None, at: dt.datetime | None = None) -> Dispute:
    """A party objects to the mediator (聲請迴避): the assignment ends (reason objection) and
    the case waits for another mediator (status received; scheduled meetings are cancelled).
    On the committee route, name the member objected to with ``mediator`` when there are
    several; the case goes back to received only when no member is left."""
    dispute = _lock(dispute, version)
    at = _aware(at) if at else _now()
    target = _next_status(dispute.case.status, "object")
    errors = _Errors()
    if side not in Side.values:
        errors.add("side", _("請選擇聲請迴避的當事人。"))
    reason = str(reason or "").strip()
    if not reason:
        errors.add("reason", _("請填寫聲請迴避的理由。"))
    active = MediatorAssignment.objects.select_for_update().filter(dispute=dispute,
                                                                   ended_at__isnull=True)
    if mediator is not None:
        active = active.filter(mediator=mediator)
    active = list(active)
    if not active:
        errors.add("mediator", _("本案目前沒有指派中的調解人。"))
    elif len(active) > 1:
        errors.add("mediator", _("請選擇聲請迴避的調解委員。"))
    errors.raise_if_any()

    assignment = active[0]
    assignment.ended_at = at
    assignment.end_reason = MediatorAssignment.EndReason.OBJECTION
    assignment.end_note = f"{Side(side).label}：{reason}"[:200]
    assignment.save(update_fields=["ended_at", "end_reason", "end_note"])
    remaining = MediatorAssignment.objects.filter(dispute=dispute, ended_at__isnull=True)
    if not remaining.exists():
        Meeting.objects.filter(dispute=dispute, status=Meeting.Status.SCHEDULED).update(
            status=Meeting.Status.CANCELLED
        )
        if target != dispute.case.status:
            _move(dispute=dispute, action="object", actor=actor, at=at, note=reason)
    _event(dispute=dispute, action="mediator_object", actor=actor, at=at,
           old_values={"mediator": assignment.mediator_id,
                       "name": assignment.mediator.name},
           new_values={"side": side}, note=reason)
    return dispute


# ---------------------------------------------------------------------------- meetings


def _check_meeting_time(starts_at, *, dispute: Dispute, allow_past: bool,
                        errors: _Errors) -> dt.datetime | None:
    if not isinstance(starts_at, dt.datetime):
        errors.add("starts_at", _("請填寫開會日期與時間。"))
        return None
    starts_at = _aware(starts_at)
    if not allow_past and starts_at < _now():
        errors.add("starts_at", _("開會時間不得早於現在。"))
    elif starts_at < dispute.case.received_at:
        errors.add("starts_at", _("開會時間不得早於收件時間。"))
    return starts_at


def _check_room(room, errors: _Errors) -> str:
    room = str(room or "").strip()
    if not room:
        errors.add("room", _("請填寫開會地點。"))
    elif len(room) > 100:
        errors.add("room", _("開會地點最多 100 字。"))
    return room


@transaction.atomic
def meeting_schedule(*, dispute: Dispute, starts_at: dt.datetime, room: str, actor, version,
                     allow_past: bool = False) -> Meeting:
    """Fix a mediation (or coordination) meeting. A time before now is refused unless
    ``allow_past`` (imports and the demo scenario only)."""
    dispute = _lock(dispute, version)
    _next_status(dispute.case.status, "schedule")
    errors = _Errors()
    starts_at = _check_meeting_time(starts_at, dispute=dispute, allow_past=allow_past,
                                    errors=errors)
    room = _check_room(room, errors)
    if Meeting.objects.filter(dispute=dispute, status=Meeting.Status.SCHEDULED).exists():
        errors.add("starts_at", _("本案已有排定的會議，請改期或先登錄會議召開。"))
    errors.raise_if_any()
    meeting = Meeting.objects.create(dispute=dispute, kind=dispute.kind, starts_at=starts_at,
                                     room=room)
    _move(dispute=dispute, action="schedule", actor=actor)
    _event(dispute=dispute, action="meeting_schedule", actor=actor,
           new_values={"meeting": meeting.pk, "starts_at": starts_at.isoformat(), "room": room})
    return meeting


@transaction.atomic
def meeting_reschedule(*, meeting: Meeting, starts_at: dt.datetime, room: str | None = None,
                       actor, version, allow_past: bool = False) -> Meeting:
    """Move a scheduled meeting: the old row becomes "rescheduled", a new row is returned."""
    dispute = _lock(meeting.dispute, version)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _next_status(dispute.case.status, "reschedule")
    errors = _Errors()
    if meeting.status != Meeting.Status.SCHEDULED:
        errors.add("meeting", _("只有已排定的會議可以改期。"))
    starts_at = _check_meeting_time(starts_at, dispute=dispute, allow_past=allow_past,
                                    errors=errors)
    room = _check_room(meeting.room if room is None else room, errors)
    errors.raise_if_any()
    meeting.status = Meeting.Status.RESCHEDULED
    meeting.save(update_fields=["status"])
    new = Meeting.objects.create(dispute=dispute, kind=meeting.kind, starts_at=starts_at,
                                 room=room)
    _event(dispute=dispute, action="meeting_reschedule", actor=actor,
           old_values={"meeting": meeting.pk, "starts_at": meeting.starts_at.isoformat(),
                       "room": meeting.room},
           new_values={"meeting": new.pk, "starts_at": starts_at.isoformat(), "room": room})
    return new


@transaction.atomic
def meeting_hold(*, meeting: Meeting, attendance: Mapping, notes: str = "", actor,
                 version) -> Meeting:
    """Record that a scheduled meeting took place, with who attended.

    ``attendance`` maps DisputeParty ids to True/False. The meeting counts as held at its
    scheduled time (or now, when recorded before that time). On the mediator route the first
    meeting marks "mediation_start" met and sets "proposal" (art. 12: 10 days from the
    meeting); on the committee route it marks "committee_convene" met.
    """
    dispute = _lock(meeting.dispute, version)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _next_status(dispute.case.status, "hold")
    errors = _Errors()
    if meeting.status != Meeting.Status.SCHEDULED:
        errors.add("meeting", _("只有已排定的會議可以登錄召開。"))
    party_ids = set(DisputeParty.objects.filter(dispute=dispute).values_list("pk", flat=True))
    records = {}
    for key, attended in (attendance or {}).items():
        try:
            party_id = int(key)
        except (TypeError, ValueError):
            party_id = None
        if party_id not in party_ids:
            errors.add("attendance", _("出席紀錄中有不屬於本案的當事人。"))
            break
        records[party_id] = bool(attended)
    errors.raise_if_any()

    now = _now()
    meeting.held_at = meeting.starts_at if meeting.starts_at <= now else now
    meeting.status = Meeting.Status.HELD
    meeting.notes = str(notes or "").strip()
    meeting.save(update_fields=["held_at", "status", "notes"])
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, party_id=pid, attended=attended)
         for pid, attended in sorted(records.items())]
    )
    _event(dispute=dispute, action="meeting_hold", actor=actor,
           new_values={"meeting": meeting.pk, "held_at": meeting.held_at.isoformat(),
                       "attendance": {str(k): v for k, v in sorted(records.items())}})
    on = local_date(meeting.held_at)
    if dispute.kind == Kind.MEDIATION:
        if dispute.route == Route.MEDIATOR:
            core_services.case_due_date_meet(case=dispute.case, kind=rules.DUE_MEDIATION_START,
                                             on=on, actor=actor)
            if not CaseDueDate.objects.filter(case=dispute.case,
                                              kind=rules.DUE_PROPOSAL).exists():
                _set_due(case=dispute.case, kind=rules.DUE_PROPOSAL, start=on,
                         rule=rules.proposal_due, actor=actor)
        else:
            core_services.case_due_date_meet(case=dispute.case,
                                             kind=rules.DUE_COMMITTEE_CONVENE, on=on,
                                             actor=actor)
    return meeting


# ---------------------------------------------------------------------------- outcomes


def _closing_time(outcome_on: dt.date, case: Case) -> dt.datetime:
    """When the case closes: now for an outcome of today; for an earlier outcome date (an
    import, a late entry) the end of that office day, never before the case was received."""
    now = _now()
    if outcome_on >= local_date(now):
        return now
    closing = dt.datetime.combine(outcome_on, dt.time(17, 0), tzinfo=TAIPEI)
    return max(closing, case.received_at)


@transaction.atomic
def outcome_record(*, dispute: Dispute, outcome: str, outcome_on, settled_amount=None,
                   note: str = "", actor, version) -> Dispute:
    """Record the result and close the case.

    Settled (成立) and not settled (不成立) need a held meeting; settled needs the settled
    amount (0 or more). An amount is accepted only for settled and withdrawn after the parties
    settled. ``outcome_on`` may be neither in the future nor before the case was received.
    """
    dispute = _lock(dispute, version)
    errors = _Errors()
    if outcome not in Outcome.values:
        errors.add("outcome", _("請選擇處理結果。"))
        errors.raise_if_any()
    _next_status(dispute.case.status, rules.outcome_action(outcome))
    try:
        outcome_on = _as_date(outcome_on)
    except ValueError:
        outcome_on = None
    if outcome_on is None:
        errors.add("outcome_on", _("請填寫結果日期。"))
    elif outcome_on > _today():
        errors.add("outcome_on", _("結果日期不得晚於今天。"))
    elif outcome_on < local_date(dispute.case.received_at):
        errors.add("outcome_on", _("結果日期不得早於收件日期。"))
    if rules.outcome_requires_meeting(outcome) and not Meeting.objects.filter(
        dispute=dispute, status=Meeting.Status.HELD
    ).exists():
        errors.add("outcome", _("尚未召開會議，不能登錄「%(outcome)s」。")
                   % {"outcome": Outcome(outcome).label})
    amount = _amount(settled_amount, "settled_amount", errors)
    if amount is not None and not rules.outcome_allows_amount(outcome):
        errors.add("settled_amount", _("只有調解成立或自行和解撤回可以登錄成立金額。"))
    if outcome == Outcome.SETTLED and amount is None and "settled_amount" not in errors.by_field:
        errors.add("settled_amount", _("調解成立請填寫成立金額（無金額請填 0）。"))
    errors.raise_if_any()

    at = _closing_time(outcome_on, dispute.case)
    dispute.outcome = outcome
    dispute.outcome_on = outcome_on
    dispute.settled_amount = amount
    dispute.outcome_note = str(note or "").strip()
    dispute.save(update_fields=["outcome", "outcome_on", "settled_amount", "outcome_note"])
    Meeting.objects.filter(dispute=dispute, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED
    )
    if rules.outcome_requires_meeting(outcome):
        # Settled or not, the mediation ended with the parties deciding on a proposal: the
        # art. 12 proposal period was met on the outcome date.
        core_services.case_due_date_meet(case=dispute.case, kind=rules.DUE_PROPOSAL,
                                         on=outcome_on, actor=actor)
    _move(dispute=dispute, action=rules.outcome_action(outcome), actor=actor, at=at,
          note=str(Outcome(outcome).label), close=True)
    _event(dispute=dispute, action="outcome_record", actor=actor, at=at,
           new_values={"outcome": outcome, "outcome_on": outcome_on.isoformat(),
                       "settled_amount": amount}, note=dispute.outcome_note)
    return dispute


def withdraw(*, dispute: Dispute, settled_between_parties: bool, on, actor, version,
             settled_amount=None, note: str = "") -> Dispute:
    """The applicant withdraws: 自行和解撤回 when the parties settled between themselves,
    otherwise 撤回. Allowed in any open status."""
    outcome = Outcome.WITHDRAWN_SETTLED if settled_between_parties else Outcome.WITHDRAWN
    return outcome_record(dispute=dispute, outcome=outcome, outcome_on=on,
                          settled_amount=settled_amount, note=note, actor=actor,
                          version=version)


# ---------------------------------------------------------------------------- lawyers


@transaction.atomic
def lawyer_slot_create(*, starts_at: dt.datetime, ends_at: dt.datetime, lawyer_name: str,
                       location: str, capacity: int = 6, actor=None) -> LawyerSlot:
    """Open a session of free on-site legal advice (現場義務律師諮詢)."""
    errors = _Errors()
    if not isinstance(starts_at, dt.datetime):
        errors.add("starts_at", _("請填寫開始時間。"))
    if not isinstance(ends_at, dt.datetime):
        errors.add("ends_at", _("請填寫結束時間。"))
    if not errors and _aware(ends_at) <= _aware(starts_at):
        errors.add("ends_at", _("結束時間應晚於開始時間。"))
    lawyer_name = str(lawyer_name or "").strip()
    if not lawyer_name:
        errors.add("lawyer_name", _("請填寫律師姓名。"))
    location = str(location or "").strip()
    if not location:
        errors.add("location", _("請填寫地點。"))
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        capacity = 0
    if capacity < 1 or capacity > 100:
        errors.add("capacity", _("名額應為 1 至 100 人。"))
    errors.raise_if_any()
    return LawyerSlot.objects.create(starts_at=_aware(starts_at), ends_at=_aware(ends_at),
                                     lawyer_name=lawyer_name[:100], location=location[:100],
                                     capacity=capacity)


@transaction.atomic
def lawyer_consultation_book(*, slot: LawyerSlot, name: str, phone: str = "",
                             topic: str = "") -> LawyerConsultation:
    """Book a place in a slot; a full slot is refused (the slot row is locked while counting)."""
    slot = LawyerSlot.objects.select_for_update().get(pk=slot.pk)
    errors = _Errors()
    name = str(name or "").strip()
    if not name:
        errors.add("name", _("請填寫姓名。"))
    if slot.bookings.count() >= slot.capacity:
        errors.add("slot", _("此時段已額滿，請選擇其他時段。"))
    errors.raise_if_any()
    return LawyerConsultation.objects.create(slot=slot, name=name[:100],
                                             phone=str(phone or "").strip()[:32],
                                             topic=str(topic or "").strip()[:200])


@transaction.atomic
def lawyer_attendance_record(*, consultation: LawyerConsultation,
                             attended: bool) -> LawyerConsultation:
    """Record whether the booked person came; only once the session has begun."""
    consultation = LawyerConsultation.objects.select_for_update().select_related("slot").get(
        pk=consultation.pk
    )
    if consultation.slot.starts_at > _now():
        raise ValidationError({"attended": [_("諮詢時段尚未開始，不能登錄出席。")]})
    consultation.attended = bool(attended)
    consultation.save(update_fields=["attended"])
    return consultation
