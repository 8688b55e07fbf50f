"""Litigation-subsidy applications (勞資爭議法律及生活費用補助): submission, review, the decision
per item (a maker proposes, another person approves), and the payments.

Conventions (docs/architecture.md, the issue-7 contract):

- Module-level, keyword-only, ``transaction.atomic``. Bad input raises
  ``django.core.exceptions.ValidationError`` with zh-Hant messages keyed by form field, before
  anything is written; a later failure rolls the whole call back.
  The i-th applicant / item of a submission is keyed ``applicants-<i>-<field>`` /
  ``items-<i>-<field>``; a decided item ``item-<pk>-approved`` / ``item-<pk>-reason``.
- The application's row is re-read under ``select_for_update`` by every service that changes
  it; the status workflow is ``rules.TRANSITIONS``; every step writes a ``CaseEvent``.
- Caps are the dated settings in force on the application's received date (Taipei).
- Approving locks the fund's cash account row (1101) before reading the available balance, so
  two approvals of the fund's last money serialise and the second is refused.
- Permissions are checked by views; maker ≠ checker is checked here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core import identifiers, inputs, validators
from labor.core import services as core_services
from labor.core.errors import FieldErrors
from labor.core.formatting import TAIPEI, count, local_date, roc_date
from labor.core.models import CaseEvent, Channel, Establishment, Person
from labor.core.settings_values import SettingMissing, dated_value
from labor.fund import rules
from labor.fund.models import (
    LINE,
    Account,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    JournalLine,
    Status,
)
from labor.fund.services import journal_post

CASH_ACCOUNT = "1101"
EXPENSE_ACCOUNT = {
    ItemKind.COURT_FEE: "5101",
    ItemKind.LAWYER_FEE: "5102",
    ItemKind.ENFORCEMENT_FEE: "5103",
    ItemKind.LIVING_EXPENSES: "5104",
}
ATTACHMENT_KINDS = {
    "mediation_record": N_("調解紀錄"),
    "income_list": N_("所得清單"),
    "asset_list": N_("財產清單"),
    "board_resolution": N_("理事會決議"),
    "complaint": N_("起訴狀"),
    "other": N_("其他"),
}
MAX_AMOUNT = 10**12
MAX_MONTHS = 120
INSTANCE_LABELS = {1: N_("第一審"), 2: N_("第二審"), 3: N_("第三審")}

_ACTION_LABELS = {
    "return_incomplete": N_("通知補正"),
    "complete": N_("資料齊全"),
    "committee": N_("登錄審查會議"),
    "propose": N_("擬定核定金額"),
    "send_back": N_("退回重審"),
    "approve": N_("核定"),
    "refuse": N_("不予補助"),
    "close": N_("結案"),
}


# ---------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return local_date(_now())


def _aware(value: dt.datetime) -> dt.datetime:
    """A naive datetime is Taipei local time."""
    return value.replace(tzinfo=TAIPEI) if timezone.is_naive(value) else value


_amount = partial(inputs.amount, required=True)


def _whole(value, field: str, errors: FieldErrors, *, low: int, high: int, message: str,
           required: bool = True) -> int | None:
    """A whole number in [low, high] (None when missing or wrong, with a field error)."""
    if value is None or value == "":
        if required:
            errors.add(field, message)
        return None
    if isinstance(value, bool):
        errors.add(field, message)
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.add(field, message)
        return None
    if not low <= number <= high:
        errors.add(field, message)
        return None
    return number


_date = inputs.date


def _not_future(day: dt.date | None, field: str, errors: FieldErrors) -> None:
    if day is not None and day > _today():
        errors.add(field, _("日期不得晚於今天。"))


def _not_before(day: dt.date | None, earliest: dt.date | None, field: str,
                errors: FieldErrors, message: str) -> None:
    if day is not None and earliest is not None and day < earliest:
        errors.add(field, message)


def _text(value, field: str, errors: FieldErrors, limit: int, *, label: str,
          required: bool = True) -> str:
    text = str(value or "").strip()
    if not text and required:
        errors.add(field, _("請輸入%(label)s。") % {"label": label})
    elif len(text) > limit:
        errors.add(field, _("%(label)s不得超過%(limit)d字。") % {"label": label, "limit": limit})
    return text


def _refuse(field: str, message: str, code: str = "invalid"):
    raise ValidationError({field: [message]}, code=code)


def received_on(application: Application) -> dt.date:
    """The application's received date (Taipei): the date its caps are read on."""
    return local_date(application.case.received_at)


def _event(*, application: Application, action: str, actor, new_values=None, old_values=None,
           note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(
        case_id=application.pk, at=_now(), actor=actor,
        actor_kind=CaseEvent.ActorKind.PERSON if actor is not None else CaseEvent.ActorKind.SYSTEM,
        action=action, new_values=new_values or {}, old_values=old_values or {}, note=note,
    )


def lock_application(application: Application | int) -> Application:
    """Re-read the application (and its case) under a row lock; bump its version."""
    pk = getattr(application, "pk", application)
    locked = Application.objects.select_for_update().select_related("case").get(pk=pk)
    locked.version += 1
    locked.save(update_fields=["version"])
    return locked


def _next_status(status: str, action: str) -> str:
    """rules.next_status, with a refusal as a ValidationError on ``status`` in zh-Hant."""
    try:
        return rules.next_status(status, action)
    except rules.TransitionRefused:
        message = _("申請案目前狀態為「%(status)s」，不能「%(action)s」。") % {
            "status": Status(status).label if status in Status.values else status,
            "action": _(_ACTION_LABELS.get(action, action)),
        }
        raise ValidationError({"status": [message]}, code="transition_refused") from None


def _move(*, application: Application, action: str, actor, note: str = "",
          at: dt.datetime | None = None) -> str:
    """Apply a workflow action (already checked): write the transition when the status changes."""
    current = application.case.status
    target = _next_status(current, action)
    if target != current:
        application.case = core_services.case_transition(
            case=application.case, to_status=target, actor=actor, note=note[:2000], at=at,
            close=target == Status.CLOSED,
        )
    return target


def _not_the_proposer(application: Application, actor) -> None:
    if actor is None or getattr(actor, "pk", None) is None:
        _refuse(NON_FIELD_ERRORS, _("核定須由登入之覆核人員辦理。"), "no_actor")
    if actor.pk == application.proposed_by_id:
        _refuse(NON_FIELD_ERRORS, _("核定須由擬辦人以外之人員覆核（擬辦人不得自行核定）。"),
                "checker_is_maker")


def item_label(item: Item) -> str:
    """「第一審律師費」, 「生活費用（6個月）」, 「強制執行費」."""
    label = str(ItemKind(item.kind).label)
    if item.instance:
        label = _("%(instance)s%(item)s") % {"instance": _(INSTANCE_LABELS[item.instance]),
                                               "item": label}
    if item.kind == ItemKind.LIVING_EXPENSES and item.months:
        label += _("（%(months)d個月）") % {"months": item.months}
    return label


# ---------------------------------------------------------------------------- caps


def caps_on(on: dt.date) -> rules.Caps:
    """The caps in force on ``on`` (dated settings fund.cap.*)."""
    values = {}
    for name, key in rules.CAP_SETTING_KEYS.items():
        try:
            values[name] = int(dated_value(key, on))
        except SettingMissing:
            _refuse(NON_FIELD_ERRORS,
                    _("查無%(date)s適用之補助上限設定（%(key)s），請洽系統管理者。")
                    % {"date": on.isoformat(), "key": key}, "cap_missing")
    return rules.Caps(**values)


def item_cap(item: Item, caps: rules.Caps | None = None) -> int:
    """The most that may be approved of ``item`` (caps on its application's received date)."""
    caps = caps or caps_on(received_on(item.application))
    return rules.item_cap(item.kind, instance=item.instance, months=item.months,
                          complex=item.complex, caps=caps)


def _cap_message(item: Item, cap: int, caps: rules.Caps) -> str:
    if item.kind == ItemKind.LAWYER_FEE:
        what = _("複雜案件律師費每審級上限") if item.complex else _("律師費每審級上限")
    elif item.kind == ItemKind.COURT_FEE:
        what = _("裁判費每審級上限")
    elif item.kind == ItemKind.ENFORCEMENT_FEE:
        what = _("強制執行費上限")
    else:
        what = _("生活費用上限（每月 %(month)s 元，最多 %(months)d 個月）") % {
            "month": count(caps.living_month), "months": caps.living_months}
    return _("核定金額超過%(what)s %(cap)s 元。") % {"what": what, "cap": count(cap)}


# ---------------------------------------------------------------------------- balance


def available_balance(on: dt.date | None = None) -> int:
    """The fund's money free for new approvals on ``on`` (today by default): the cash account's
    balance at the end of the day minus the commitments, i.e. what approved applications
    (decided on or before ``on``) still have to be paid (approved − disbursed, per item).

    Called by ``decision_approve`` after it has locked the cash account's row."""
    on = on or _today()
    cash = JournalLine.objects.filter(account__code=CASH_ACCOUNT,
                                      entry__posted_on__lte=on).aggregate(
        d=Sum("debit"), c=Sum("credit"))
    balance = rules.balance("asset", cash["d"] or 0, cash["c"] or 0)
    items = Item.objects.filter(application__case__status=Status.APPROVED,
                                application__decided_on__lte=on, approved__gt=0)
    approved = items.aggregate(s=Sum("approved"))["s"] or 0
    paid = Disbursement.objects.filter(item__in=items, paid_on__lte=on).aggregate(
        s=Sum("amount"))["s"] or 0
    return balance - (approved - paid)


def cash_low_point(on: dt.date) -> int:
    """The lowest balance of the cash account at the end of ``on`` or of any later day already
    posted: a payment dated ``on`` must fit under it, or a later payment would go uncovered."""
    cash = JournalLine.objects.filter(account__code=CASH_ACCOUNT)
    totals = cash.filter(entry__posted_on__lte=on).aggregate(d=Sum("debit"), c=Sum("credit"))
    running = low = rules.balance("asset", totals["d"] or 0, totals["c"] or 0)
    later = (cash.filter(entry__posted_on__gt=on).values("entry__posted_on")
             .annotate(d=Sum("debit"), c=Sum("credit")).order_by("entry__posted_on"))
    for day in later:
        running += (day["d"] or 0) - (day["c"] or 0)
        low = min(low, running)
    return low


def item_disbursed(item: Item, on: dt.date | None = None) -> int:
    """What was paid of ``item`` (up to ``on`` if given)."""
    payments = Disbursement.objects.filter(item=item)
    if on is not None:
        payments = payments.filter(paid_on__lte=on)
    return payments.aggregate(s=Sum("amount"))["s"] or 0


# ---------------------------------------------------------------------------- submission


def _id_kind(data: Mapping, id_number: str) -> str:
    given = str(data.get("id_kind") or "").strip()
    if given:
        return given
    if identifiers.is_valid_ui_number(id_number) and not identifiers.is_valid_national_id(
            id_number):
        return Person.IdKind.UI_NUMBER
    return Person.IdKind.NATIONAL_ID


def _resolve_applicants(applicants, applicant_kind: str, errors: FieldErrors) -> list[dict]:
    resolved = []
    applicants = list(applicants or ())
    if not applicants:
        errors.add("applicants", _("請填寫申請人。"))
        return resolved
    if applicant_kind == ApplicantKind.WORKER and len(applicants) != 1:
        errors.add("applicants", _("勞工個人申請應有一位申請人；多位勞工請選擇共同申請。"))
    elif applicant_kind == ApplicantKind.WORKERS and len(applicants) < 2:
        errors.add("applicants", _("多人共同申請應有兩位以上申請人。"))
    seen: set[str] = set()
    for index, data in enumerate(applicants):
        prefix = f"applicants-{index}-"
        if not isinstance(data, Mapping):
            errors.add(f"applicants-{index}", _("申請人資料格式不正確。"))
            continue
        id_number = identifiers.compact(data.get("id_number"))
        name = str(data.get("name") or "").strip()[:100]
        income = _amount(data.get("annual_income"), f"{prefix}annual_income", errors)
        assets = _amount(data.get("assets"), f"{prefix}assets", errors)
        phone = str(data.get("phone") or "").strip()[:32]
        address = str(data.get("address") or "").strip()[:200]
        if not id_number:
            errors.add(f"{prefix}id_number", _("請填寫身分證字號或統一證號。"))
            continue
        id_kind = _id_kind(data, id_number)
        try:
            validators.validate_person_id(id_kind, id_number)
        except ValidationError as exc:
            errors.merge(exc, prefix)
            continue
        if id_number in seen:
            errors.add(f"{prefix}id_number", _("同一申請人重複填寫。"))
            continue
        seen.add(id_number)
        person = Person.objects.filter(id_number=id_number).first()
        if person is None and not name:
            errors.add(f"{prefix}name", _("請填寫姓名。"))
            continue
        resolved.append({
            "person": person, "id_kind": id_kind, "id_number": id_number, "name": name,
            "annual_income": income, "assets": assets, "phone": phone, "address": address,
        })
    return resolved


def _resolve_items(items, errors: FieldErrors) -> list[dict]:
    resolved = []
    items = list(items or ())
    if not items:
        errors.add("items", _("請至少填寫一項申請補助項目。"))
        return resolved
    seen: set[tuple] = set()
    for index, data in enumerate(items):
        prefix = f"items-{index}-"
        if not isinstance(data, Mapping):
            errors.add(f"items-{index}", _("補助項目資料格式不正確。"))
            continue
        kind = str(data.get("kind") or "").strip()
        if kind not in ItemKind.values:
            errors.add(f"{prefix}kind", _("請選擇補助項目。"))
            continue
        instance = months = None
        if kind in rules.PER_INSTANCE:
            instance = _whole(data.get("instance"), f"{prefix}instance", errors, low=1, high=3,
                              message=_("裁判費及律師費請選擇審級（第一審至第三審）。"))
        if kind == ItemKind.LIVING_EXPENSES:
            months = _whole(data.get("months"), f"{prefix}months", errors, low=1,
                            high=MAX_MONTHS,
                            message=_("生活費用請填寫申請月數（1 至 %(max)d 個月）。")
                            % {"max": MAX_MONTHS})
        requested = _amount(data.get("requested"), f"{prefix}requested", errors)
        if requested == 0:
            errors.add(f"{prefix}requested", _("申請金額應大於 0 元。"))
            requested = None
        key = (kind, instance)
        if key in seen:
            errors.add(f"{prefix}kind", _("同一審級之同一補助項目重複填寫。"))
            continue
        seen.add(key)
        if requested is None or (kind in rules.PER_INSTANCE and instance is None) or (
                kind == ItemKind.LIVING_EXPENSES and months is None):
            continue
        resolved.append({"kind": kind, "instance": instance, "months": months,
                         "complex": bool(data.get("complex")) and kind == ItemKind.LAWYER_FEE,
                         "requested": requested})
    return resolved


def _resolve_dispute(dispute, errors: FieldErrors):
    from labor.disputes.models import Dispute
    from labor.disputes.models import Outcome as DisputeOutcome

    pk = getattr(dispute, "pk", dispute)
    try:
        found = Dispute.objects.select_related("case").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        errors.add("dispute", _("查無此勞資爭議調解案件。"))
        return None
    if found.outcome != DisputeOutcome.NOT_SETTLED:
        errors.add("dispute", _("所引勞資爭議案件（%(number)s）須為調解不成立之案件。")
                   % {"number": found.case.number})
        return None
    return found


def _dispute_respondent(dispute) -> Establishment | None:
    from labor.disputes.models import Side

    party = dispute.parties.filter(side=Side.RESPONDENT, establishment__isnull=False).first()
    return party.establishment if party else None


def _submitted(submission_key: str) -> Application | None:
    return Application.objects.select_related("case").filter(
        submission_key=submission_key).first()


@transaction.atomic
def application_submit(
    *,
    channel: str,
    applicant_kind: str,
    applicants: list,
    items: list,
    court: str,
    instance,
    case_type: str,
    no_other_subsidy: bool,
    dispute=None,
    mediation_reference: str = "",
    respondent: Establishment | None = None,
    respondent_name: str = "",
    lawsuit_number: str = "",
    claim_amount=None,
    statement: str = "",
    union_name: str = "",
    union_resolution_on=None,
    attachments: Iterable = (),
    actor=None,
    portal_user=None,
    submission_key: str | None = None,
    received_at: dt.datetime | None = None,
) -> Application:
    """Receive an application for the litigation subsidy (online or at the counter).

    It must follow a failed mediation (調解不成立): a dispute case of ours whose outcome is
    "not settled", or the record number of a mediation held elsewhere; carry the applicant's
    statement that no other public body subsidises the same costs; and, for a union, the
    date of the board resolution to bring the suit. Applicants are found or created by their ID
    (身分證字號 or 統一證號) with their declared income and assets; items are court and lawyer
    fees per instance (1-3), enforcement fees, and living expenses for a number of months.
    ``attachments`` are (kind, upload) pairs, all checked before anything is written.

    ``submission_key`` makes an online submission idempotent: the same key again returns the
    application the first one made (also when two requests race).
    """
    submission_key = (str(submission_key or "").strip()[:64]) or None
    if submission_key and (existing := _submitted(submission_key)) is not None:
        return existing

    errors = FieldErrors()
    now = _now()
    received_at = _aware(received_at) if received_at else now
    if received_at > now:
        errors.add("received_at", _("收件時間不得晚於現在。"))
    if channel not in Channel.values:
        errors.add("channel", _("受理管道不正確。"))
    if applicant_kind not in ApplicantKind.values:
        errors.add("applicant_kind", _("請選擇申請人身分。"))
    if court not in Court.values:
        errors.add("court", _("請選擇受訴法院。"))
    instance = _whole(instance, "instance", errors, low=1, high=3,
                      message=_("請選擇審級（第一審至第三審）。"))
    if case_type not in CaseType.values:
        errors.add("case_type", _("請選擇訴訟類別。"))
    if no_other_subsidy is not True:
        errors.add("no_other_subsidy", _("請切結本案未獲其他政府機關補助同一費用。"))

    mediation_reference = _text(mediation_reference, "mediation_reference", errors, 100,
                                label=_("調解紀錄字號"), required=False)
    found_dispute = None
    if dispute not in (None, ""):
        found_dispute = _resolve_dispute(dispute, errors)
    elif not mediation_reference:
        errors.add("dispute", _("請選擇調解不成立之勞資爭議案件，或填寫他處調解紀錄字號。"))

    union_name = _text(union_name, "union_name", errors, 200, label=_("工會名稱"),
                       required=applicant_kind == ApplicantKind.UNION)
    resolution_on = _date(union_resolution_on, "union_resolution_on", errors,
                          required=applicant_kind == ApplicantKind.UNION)
    if applicant_kind == ApplicantKind.UNION and "union_resolution_on" in errors:
        errors.by_field["union_resolution_on"] = [
            _("工會申請應附理事會決議，請填寫決議日期。")]
    _not_future(resolution_on, "union_resolution_on", errors)
    if applicant_kind != ApplicantKind.UNION:
        union_name, resolution_on = "", None

    if respondent is not None and not isinstance(respondent, Establishment):
        respondent = Establishment.objects.filter(pk=getattr(respondent, "pk", respondent)
                                                  ).first()
        if respondent is None:
            errors.add("respondent", _("查無此事業單位。"))
    respondent_name = _text(respondent_name, "respondent_name", errors, 200,
                            label=_("被告雇主名稱"), required=False)
    lawsuit_number = _text(lawsuit_number, "lawsuit_number", errors, 100,
                           label=_("法院案號"), required=False)
    claim = _amount(claim_amount, "claim_amount", errors, required=False)
    statement = str(statement or "").strip()

    resolved_applicants = _resolve_applicants(applicants, applicant_kind, errors)
    resolved_items = _resolve_items(items, errors)

    attachments = list(attachments or ())
    for index, pair in enumerate(attachments):
        try:
            kind, upload = pair
        except (TypeError, ValueError):
            errors.add("attachments", _("附件資料格式不正確。"))
            continue
        if kind not in ATTACHMENT_KINDS:
            errors.add("attachments", _("附件類別不正確：%(kind)s。") % {"kind": kind})
            continue
        try:
            core_services.attachment_check(upload=upload)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("attachments", f"{getattr(upload, 'name', index)}：{message}")
    errors.raise_if_any()

    if respondent is None and found_dispute is not None:
        respondent = _dispute_respondent(found_dispute)
    if respondent is not None and not respondent_name:
        respondent_name = respondent.name[:200]

    try:
        # A savepoint: if a request with the same submission_key wins a race, only this
        # attempt is undone (its case number too) and the winner is returned.
        with transaction.atomic():
            for data in resolved_applicants:
                if data["person"] is None:
                    data["person"], _created = Person.objects.get_or_create(
                        id_number=data["id_number"],
                        defaults={"id_kind": data["id_kind"], "name": data["name"],
                                  "phone": data["phone"], "address": data["address"],
                                  "nationality": "TW" if data["id_kind"] ==
                                  Person.IdKind.NATIONAL_ID else ""})
            kinds = "、".join(str(ItemKind(i["kind"]).label) for i in resolved_items)
            summary = f"{CaseType(case_type).label}：{kinds}"
            case = core_services.case_open(
                line=LINE, channel=channel, status=Status.SUBMITTED, received_at=received_at,
                actor=actor, person=resolved_applicants[0]["person"], establishment=respondent,
                summary=summary[:300],
            )
            application = Application.objects.create(
                case=case, applicant_kind=applicant_kind, union_name=union_name,
                union_resolution_on=resolution_on, dispute=found_dispute,
                mediation_reference=mediation_reference, respondent=respondent,
                respondent_name=respondent_name, court=court, instance=instance,
                case_type=case_type, lawsuit_number=lawsuit_number, claim_amount=claim,
                no_other_subsidy=True, statement=statement, portal_user=portal_user,
                submission_key=submission_key,
            )
    except IntegrityError:
        if submission_key and (winner := _submitted(submission_key)) is not None:
            return winner
        raise

    Applicant.objects.bulk_create([
        Applicant(application=application, person=a["person"], annual_income=a["annual_income"],
                  assets=a["assets"], phone=a["phone"], address=a["address"])
        for a in resolved_applicants
    ])
    Item.objects.bulk_create([Item(application=application, **i) for i in resolved_items])
    _event(application=application, action="application_submit", actor=actor,
           new_values={"applicant_kind": applicant_kind,
                       "applicants": len(resolved_applicants),
                       "items": [[i["kind"], i["instance"], i["requested"]]
                                 for i in resolved_items],
                       "dispute": found_dispute.pk if found_dispute else None,
                       "online": portal_user is not None})
    for kind, upload in attachments:
        core_services.attachment_add(upload=upload, case=case, kind=kind, actor=actor)
    return application


# ---------------------------------------------------------------------------- review


@transaction.atomic
def application_return_incomplete(*, application: Application, missing: str,
                                  actor) -> Application:
    """Ask the applicant to complete the file (補正): what is missing is recorded."""
    errors = FieldErrors()
    missing = _text(missing, "missing", errors, 2000, label=_("應補正事項"))
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "return_incomplete")
    application.missing = missing
    application.save(update_fields=["missing"])
    _move(application=application, action="return_incomplete", actor=actor, note=missing)
    return application


@transaction.atomic
def application_complete(*, application: Application, on, actor) -> Application:
    """The file is complete (資料齊全) on ``on``: the review starts."""
    errors = FieldErrors()
    day = _date(on, "on", errors)
    _not_future(day, "on", errors)
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "complete")
    _not_before(day, received_on(application), "on", errors, _("資料齊全日期不得早於收件日期。"))
    errors.raise_if_any()
    application.completed_on = day
    application.save(update_fields=["completed_on"])
    _move(application=application, action="complete", actor=actor)
    return application


@transaction.atomic
def committee_record(*, application: Application, meeting_on, resolution: str,
                     actor) -> Application:
    """Record the review committee's meeting date and resolution (審查會議決議)."""
    errors = FieldErrors()
    day = _date(meeting_on, "meeting_on", errors)
    _not_future(day, "meeting_on", errors)
    resolution = _text(resolution, "resolution", errors, 4000, label=_("審查會議決議"))
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "committee")
    _not_before(day, application.completed_on or received_on(application), "meeting_on",
                errors, _("審查會議日期不得早於收件或資料齊全日期。"))
    errors.raise_if_any()
    old = {"committee_on": application.committee_on.isoformat()
           if application.committee_on else None}
    application.committee_on = day
    application.committee_resolution = resolution
    application.save(update_fields=["committee_on", "committee_resolution"])
    _event(application=application, action="committee_record", actor=actor,
           old_values=old, new_values={"committee_on": day.isoformat()}, note=resolution[:2000])
    return application


@transaction.atomic
def decision_propose(*, application: Application, decisions: Mapping, actor) -> Application:
    """The officer (maker) proposes the amount of each item: at most what was asked and at
    most the item's cap on the application's received date; a lower amount (0: the item is
    refused) needs a reason. ``decisions`` maps each item's pk to (approved, reason)."""
    application = lock_application(application)
    _next_status(application.case.status, "propose")
    if actor is None or getattr(actor, "pk", None) is None:
        _refuse(NON_FIELD_ERRORS, _("擬辦須由登入之承辦人員辦理。"), "no_actor")
    errors = FieldErrors()
    items = {item.pk: item for item in application.items.all()}
    given: dict[int, tuple] = {}
    for key, value in dict(decisions or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in items:
            errors.add(NON_FIELD_ERRORS, _("補助項目不屬於本申請案。"))
            continue
        if isinstance(value, (tuple, list)) and len(value) == 2:
            given[pk] = tuple(value)
        else:
            given[pk] = (value, "")
    caps = caps_on(received_on(application))
    decided = {}
    for pk, item in items.items():
        field = f"item-{pk}-approved"
        if pk not in given:
            errors.add(field, _("請輸入核定金額（不予補助請填 0 並說明理由）。"))
            continue
        raw, reason = given[pk]
        approved = _amount(raw, field, errors)
        reason = _text(reason, f"item-{pk}-reason", errors, 300, label=_("理由"),
                       required=False)
        if approved is None:
            continue
        cap = rules.item_cap(item.kind, instance=item.instance, months=item.months,
                             complex=item.complex, caps=caps)
        problems = rules.decision_problems(item.requested, approved, cap)
        if rules.ABOVE_REQUESTED in problems:
            errors.add(field, _("核定金額不得超過申請金額 %(requested)s 元。")
                       % {"requested": count(item.requested)})
        if rules.ABOVE_CAP in problems:
            errors.add(field, _cap_message(item, cap, caps))
        if not problems and approved < item.requested and not reason:
            errors.add(f"item-{pk}-reason", _("核定金額低於申請金額或不予補助，請說明理由。"))
        decided[pk] = (approved, reason)
    errors.raise_if_any()
    for pk, (approved, reason) in decided.items():
        item = items[pk]
        item.approved = approved
        item.refusal_reason = reason
        item.save(update_fields=["approved", "refusal_reason"])
    application.proposed_by = actor
    application.proposed_at = _now()
    application.save(update_fields=["proposed_by", "proposed_at"])
    _event(application=application, action="decision_propose", actor=actor,
           new_values={str(pk): approved for pk, (approved, _r) in decided.items()})
    _move(application=application, action="propose", actor=actor)
    return application


def _total_approved(application: Application) -> int:
    return application.items.aggregate(s=Sum("approved"))["s"] or 0


def lock_cash_account() -> Account:
    """Lock the fund's cash account row: approvals of the fund's money serialise on it."""
    return Account.objects.select_for_update().get(code=CASH_ACCOUNT)


@transaction.atomic
def decision_approve(*, application: Application, actor, on=None) -> Application:
    """The checker (someone other than the proposer) approves the proposal on ``on``.

    Refused when the total approved is more than the fund's available balance (the cash
    account is locked first, so two approvals of the last money cannot both pass). An
    application whose every item was proposed at 0 is refused instead (不予補助)."""
    errors = FieldErrors()
    day = _date(on, "on", errors, required=False) or _today()
    _not_future(day, "on", errors)
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "approve")
    _not_the_proposer(application, actor)
    _not_before(day, received_on(application), "on", errors, _("核定日期不得早於收件日期。"))
    errors.raise_if_any()
    total = _total_approved(application)
    if total == 0:
        reasons = "；".join(f"{item_label(i)}：{i.refusal_reason}"
                           for i in application.items.all() if i.refusal_reason)
        application.refusal_reason = reasons or _("各補助項目均未核定。")
        application.decided_by = actor
        application.decided_on = day
        application.save(update_fields=["refusal_reason", "decided_by", "decided_on"])
        _event(application=application, action="decision_refuse", actor=actor,
               new_values={"decided_on": day.isoformat(), "total": 0})
        _move(application=application, action="refuse", actor=actor,
              note=application.refusal_reason)
        return application
    lock_cash_account()
    available = available_balance(day)
    if total > available:
        _refuse(NON_FIELD_ERRORS,
                _("超過基金可用餘額：核定總額 %(total)s 元，可用餘額 %(available)s 元。")
                % {"total": count(total), "available": count(available)},
                "above_available_balance")
    application.decided_by = actor
    application.decided_on = day
    application.save(update_fields=["decided_by", "decided_on"])
    _event(application=application, action="decision_approve", actor=actor,
           new_values={"decided_on": day.isoformat(), "total": total,
                       "available_before": available})
    _move(application=application, action="approve", actor=actor)
    return application


@transaction.atomic
def decision_refuse(*, application: Application, reason: str, actor, on=None) -> Application:
    """Refuse the whole application (不予補助) with a reason, at any stage before approval;
    a proposal is refused by someone other than its proposer."""
    errors = FieldErrors()
    reason = _text(reason, "reason", errors, 2000, label=_("不予補助理由"))
    day = _date(on, "on", errors, required=False) or _today()
    _not_future(day, "on", errors)
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "refuse")
    if application.case.status == Status.PROPOSED:
        _not_the_proposer(application, actor)
    _not_before(day, received_on(application), "on", errors, _("決定日期不得早於收件日期。"))
    errors.raise_if_any()
    application.refusal_reason = reason
    application.decided_by = actor
    application.decided_on = day
    application.save(update_fields=["refusal_reason", "decided_by", "decided_on"])
    _event(application=application, action="decision_refuse", actor=actor,
           new_values={"decided_on": day.isoformat()}, note=reason)
    _move(application=application, action="refuse", actor=actor, note=reason)
    return application


@transaction.atomic
def decision_send_back(*, application: Application, reason: str, actor) -> Application:
    """The checker sends the proposal back to the review (退回重審) with a reason; the
    proposed amounts stay as a draft for the next proposal."""
    errors = FieldErrors()
    reason = _text(reason, "reason", errors, 2000, label=_("退回理由"))
    errors.raise_if_any()
    application = lock_application(application)
    _next_status(application.case.status, "send_back")
    old = {"proposed_by": application.proposed_by_id}
    application.proposed_by = None
    application.proposed_at = None
    application.save(update_fields=["proposed_by", "proposed_at"])
    _event(application=application, action="decision_send_back", actor=actor,
           old_values=old, note=reason)
    _move(application=application, action="send_back", actor=actor, note=reason)
    return application


@transaction.atomic
def application_close(*, application: Application, actor,
                      at: dt.datetime | None = None) -> Application:
    """Close the case (結案): a refused application at any time; an approved one once the
    lawsuit's outcome is recorded and nothing is left to recover."""
    from labor.fund.services_recovery import claim_outstanding

    application = lock_application(application)
    _next_status(application.case.status, "close")
    if application.case.status == Status.APPROVED:
        if not application.outcome:
            _refuse("outcome", _("尚未登錄訴訟結果，不能結案。"), "no_outcome")
        if any(claim_outstanding(c) > 0 for c in application.recovery_claims.all()):
            _refuse(NON_FIELD_ERRORS, _("尚有應繳還款未清償，不能結案。"), "outstanding")
    _move(application=application, action="close", actor=actor,
          at=_aware(at) if at else None)
    return application


# ---------------------------------------------------------------------------- payments


@transaction.atomic
def disbursement_record(*, item: Item, paid_on, amount, actor) -> Disbursement:
    """Pay (part of) an approved item on ``paid_on``: never more than approved minus what was
    already paid, never more than the fund's cash on that day and every later day posted (the
    cash account's row is locked, as for approvals and the ledger's manual payments). Posts
    Dr the item's expense account (51xx) / Cr cash (1101)."""
    errors = FieldErrors()
    day = _date(paid_on, "paid_on", errors)
    _not_future(day, "paid_on", errors)
    number = _amount(amount, "amount", errors)
    if number == 0:
        errors.add("amount", _("撥付金額應大於 0 元。"))
    errors.raise_if_any()
    application = lock_application(item.application_id)
    item = Item.objects.get(pk=item.pk)
    if application.case.status != Status.APPROVED:
        _refuse("status", _("申請案須經核定補助後始得撥付。"), "not_approved")
    if not item.approved:
        _refuse("amount", _("此項目未核定補助，不能撥付。"), "item_not_approved")
    _not_before(day, application.decided_on, "paid_on", errors,
                _("撥付日期不得早於核定日期。"))
    left = item.approved - item_disbursed(item)
    if number > left:
        errors.add("amount", _("撥付金額超過核定未撥付金額 %(left)s 元（核定 %(approved)s 元）。")
                   % {"left": count(left), "approved": count(item.approved)})
    errors.raise_if_any()
    lock_cash_account()
    low = cash_low_point(day)
    if number > low:
        _refuse("amount", _("基金現金及銀行存款不足：%(on)s 起最低餘額為 %(low)s 元，不足撥付 "
                            "%(amount)s 元。") % {"on": roc_date(day), "low": count(low),
                                                "amount": count(number)}, "cash_short")
    label = item_label(item)
    entry = journal_post(
        posted_on=day, description=f"{application.case.number} {label} " + _("撥付"),
        lines=[(EXPENSE_ACCOUNT[item.kind], number, 0), (CASH_ACCOUNT, 0, number)],
        actor=actor,
    )
    payment = Disbursement.objects.create(item=item, paid_on=day, amount=number,
                                          journal_entry=entry, recorded_by=actor)
    _event(application=application, action="disbursement_record", actor=actor,
           new_values={"item": item.pk, "paid_on": day.isoformat(), "amount": number,
                       "entry": entry.pk})
    return payment


@transaction.atomic
def outcome_record(*, application: Application, outcome: str, on, note: str = "",
                   actor) -> Application:
    """Record how the lawsuit ended (judgment, settlement, withdrawal) on ``on``: what
    decides what must be paid back. It may be corrected until a recovery is assessed."""
    from labor.fund.models import Outcome

    errors = FieldErrors()
    if outcome not in Outcome.values:
        errors.add("outcome", _("請選擇訴訟結果。"))
    day = _date(on, "on", errors)
    _not_future(day, "on", errors)
    note = _text(note, "note", errors, 4000, label=_("說明"), required=False)
    errors.raise_if_any()
    application = lock_application(application)
    if application.case.status != Status.APPROVED:
        _refuse("status", _("僅核定補助之申請案可登錄訴訟結果。"), "not_approved")
    if application.recovery_claims.exists():
        _refuse("outcome", _("已認定應繳還款，不能變更訴訟結果。"), "already_assessed")
    _not_before(day, received_on(application), "on", errors,
                _("訴訟結果日期不得早於收件日期。"))
    errors.raise_if_any()
    old = {"outcome": application.outcome,
           "outcome_on": application.outcome_on.isoformat() if application.outcome_on else None}
    application.outcome = outcome
    application.outcome_on = day
    application.outcome_note = note
    application.save(update_fields=["outcome", "outcome_on", "outcome_note"])
    _event(application=application, action="outcome_record", actor=actor, old_values=old,
           new_values={"outcome": outcome, "outcome_on": day.isoformat()}, note=note[:2000])
    return application


def approved_items(application: Application):
    """The items of ``application`` with something approved."""
    return application.items.filter(Q(approved__gt=0))
