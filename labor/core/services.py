"""Every state change of the kernel's records. Module-level, keyword-only, transactional."""

import codecs
import datetime as dt
import hashlib
import secrets
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core import lines
from labor.core.formatting import local_date
from labor.core.models import (
    ApiToken,
    Attachment,
    Case,
    CaseDueDate,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    Establishment,
    HeadcountRecord,
    Person,
    PersonAccessLog,
)


def roc_year(year: int) -> int:
    return year - 1911


def format_case_number(*, line: str, year: int, sequence: int) -> str:
    """``112-DSP-000123``: ROC year, the line's prefix, a six-digit sequence."""
    return f"{roc_year(year)}-{lines.get(line).prefix}-{sequence:06d}"


def _next_sequence(*, line: str, year: int) -> int:
    # The counter row is locked until the surrounding transaction ends, so the number and the
    # case are committed together or not at all: numbers are gap-free and never reused.
    seq, _created = CaseNumberSequence.objects.get_or_create(line=line, year=year)
    seq = CaseNumberSequence.objects.select_for_update().get(pk=seq.pk)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return seq.last_value


def _actor_kind(actor):
    return CaseEvent.ActorKind.PERSON if actor is not None else CaseEvent.ActorKind.SYSTEM


@transaction.atomic
def case_open(
    *,
    line: str,
    channel: str,
    status: str,
    received_at: dt.datetime | None = None,
    actor=None,
    establishment: Establishment | None = None,
    person: Person | None = None,
    summary: str = "",
    unit=None,
    assigned_officer=None,
) -> Case:
    """Open a case in a line of service, numbering it within the year it was received."""
    lines.get(line)  # refuse unknown lines early
    if channel not in Channel.values:
        raise ValidationError({"channel": _("受理管道不正確。")}, code="invalid_channel")
    received_at = received_at or timezone.now()
    # The year is Taipei's, whatever time zone the request activated: 2023-12-31T17:00Z is
    # received on 2024-01-01 and numbered in 2024 (113-…).
    year = local_date(received_at).year
    sequence = _next_sequence(line=line, year=year)
    case = Case.objects.create(
        number=format_case_number(line=line, year=year, sequence=sequence),
        line=line,
        year=year,
        sequence=sequence,
        channel=channel,
        status=status,
        received_at=received_at,
        establishment=establishment,
        person=person,
        summary=summary,
        unit=unit,
        assigned_officer=assigned_officer,
    )
    CaseEvent.objects.create(
        case=case,
        at=received_at,
        actor=actor,
        actor_kind=_actor_kind(actor),
        action="open",
        to_status=status,
        new_values={"channel": channel},
    )
    return case


@transaction.atomic
def case_transition(*, case: Case, to_status: str, actor=None, note: str = "",
                    at: dt.datetime | None = None, close: bool = False) -> Case:
    """Move a case to another status, stamping the change. Lines validate the transition
    against their own table before calling this."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    at = at or timezone.now()
    if close and at < case.received_at:
        # The database refuses it too (case_closed_after_received), but as a 500.
        raise ValidationError(
            {"closed_at": _("結案時間不得早於收件時間。")}, code="closed_before_received"
        )
    from_status = case.status
    case.status = to_status
    fields = ["status"]
    if close:
        case.closed_at = at
        fields.append("closed_at")
    case.save(update_fields=fields)
    CaseEvent.objects.create(
        case=case, at=at, actor=actor, actor_kind=_actor_kind(actor), action="transition",
        from_status=from_status, to_status=to_status, note=note,
    )
    return case


@transaction.atomic
def case_assign(*, case: Case, officer, actor=None) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = case.assigned_officer_id
    case.assigned_officer = officer
    case.save(update_fields=["assigned_officer"])
    CaseEvent.objects.create(
        case=case, actor=actor, actor_kind=_actor_kind(actor), action="assign",
        old_values={"assigned_officer": old}, new_values={"assigned_officer": officer.pk},
    )
    return case


@transaction.atomic
def case_due_date_set(*, case: Case, kind: str, due_on: dt.date, basis: str = "",
                      actor=None) -> CaseDueDate:
    due, _created = CaseDueDate.objects.update_or_create(
        case=case, kind=kind, defaults={"due_on": due_on, "basis": basis}
    )
    CaseEvent.objects.create(
        case=case, actor=actor, actor_kind=_actor_kind(actor), action="due_date",
        new_values={"kind": kind, "due_on": due_on.isoformat(), "basis": basis},
    )
    return due


_SNIFF_BYTES = 8192


def _check_upload(upload) -> tuple[str, str | None]:
    """Refuse files of a type we do not accept, whose content is not what the name says,
    or that are too large. Returns (extension, sniffed MIME type)."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.ATTACHMENT_ALLOWED_TYPES
    if ext not in allowed:
        raise ValidationError(
            {"file": _("不接受此檔案類型（.%(ext)s），可上傳：%(allowed)s。")
             % {"ext": ext or "?", "allowed": "、".join(sorted(allowed))}},
            code="file_type",
        )
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {"file": _("檔案過大（%(size)s 位元組），上限為 %(max)s 位元組。")
             % {"size": f"{upload.size:,}", "max": f"{settings.ATTACHMENT_MAX_BYTES:,}"}},
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError({"file": _("檔案是空的。")}, code="file_empty")
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    expected = allowed[ext]
    if expected is None:
        # An incremental decoder accepts a multi-byte character cut at the end of the sample
        # (final=False) but nothing else that is not UTF-8; a file shorter than the sample
        # was read whole, so there it must end cleanly too.
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(head, final=len(head) < _SNIFF_BYTES)
        except UnicodeDecodeError:
            raise ValidationError(
                {"file": _("檔案內容不是 UTF-8 文字檔。")}, code="file_content"
            ) from None
        return ext, "text/plain" if ext == "txt" else "text/csv"
    kind = filetype.guess(head)
    sniffed = kind.mime if kind else None
    # OOXML and ODF are zip files; filetype may only recognise the zip container.
    if sniffed != expected and not (
        sniffed == "application/zip" and ext in {"docx", "xlsx", "odt", "ods"}
    ):
        raise ValidationError(
            {"file": _("檔案內容與副檔名（.%(ext)s）不符。") % {"ext": ext}}, code="file_content"
        )
    return ext, expected


@transaction.atomic
def attachment_add(*, upload, case: Case | None = None, kind: str = "", actor=None) -> Attachment:
    """Store an uploaded file in private storage after checking its type and size."""
    ext, content_type = _check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        case=case, kind=kind, original_name=PurePath(upload.name).name[-255:],
        content_type=content_type, size=upload.size, sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    # The stored name is random: the original name is data, never a path.
    attachment.file.save(f"{secrets.token_hex(16)}.{ext}", upload, save=False)
    try:
        attachment.save()
    except Exception:
        # The row was refused: do not leave its file behind in private storage.
        attachment.file.delete(save=False)
        raise
    if case is not None:
        CaseEvent.objects.create(
            case=case, actor=actor, actor_kind=_actor_kind(actor), action="attachment_add",
            new_values={"attachment": attachment.pk, "name": attachment.original_name},
        )
    return attachment


def person_access_log(*, person: Person, user, purpose: str, ip_address: str | None = None):
    """Record a full view of a person's record. Called by every view that shows one."""
    return PersonAccessLog.objects.create(
        person=person, user=user, purpose=purpose[:200], ip_address=ip_address
    )


@transaction.atomic
def headcount_record(*, establishment: Establishment, as_of: dt.date, headcount: int,
                     source: str = "") -> HeadcountRecord:
    record, _created = HeadcountRecord.objects.update_or_create(
        establishment=establishment, as_of=as_of,
        defaults={"headcount": headcount, "source": source},
    )
    return record


@transaction.atomic
def api_token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the clear text is returned once and never stored."""
    raw = secrets.token_urlsafe(32)
    # A token beginning with "-" would make its prefix look like an option to
    # ``revoke_api_token`` (argparse), so one in 64 tokens could not be revoked by prefix.
    while raw.startswith("-"):
        raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=hashlib.sha256(raw.encode()).hexdigest(), prefix=raw[:8]
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, prefix: str) -> list[ApiToken]:
    """Revoke the live tokens whose clear text begins with ``prefix`` (its first 8 characters,
    kept for this purpose). Returns the tokens revoked; none is an error for the caller."""
    tokens = list(
        ApiToken.objects.select_for_update().filter(prefix=prefix[:8], revoked_at__isnull=True)
    )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return tokens


def attachment_check(*, upload) -> None:
    """Check an upload as ``attachment_add`` would (type, content, size) without storing it.

    For services that take several files with other records: check them all before writing
    anything, so that a refused file leaves neither rows nor stored files behind.
    """
    _check_upload(upload)


@transaction.atomic
def case_due_date_meet(*, case: Case, kind: str, on: dt.date, actor=None) -> CaseDueDate | None:
    """Record that the due date ``kind`` of ``case`` was met on ``on`` (first time only).

    Returns the due date, or None when the case has no due date of that kind.
    """
    due = CaseDueDate.objects.select_for_update().filter(case=case, kind=kind).first()
    if due is None or due.met_on is not None:
        return due
    due.met_on = on
    due.save(update_fields=["met_on"])
    CaseEvent.objects.create(
        case=case, actor=actor, actor_kind=_actor_kind(actor), action="due_date_met",
        new_values={"kind": kind, "met_on": on.isoformat(), "due_on": due.due_on.isoformat()},
    )
    return due
