"""Every change to employer notifications and early-warning lists. Module-level, keyword-only,
transactional.

Bad input raises ``django.core.exceptions.ValidationError`` with zh-Hant messages keyed by
field before anything is written; rows of an imported list are keyed ``rows-<i>-<field>``.
An establishment is named by its 統一編號 and must be in the registry. Permissions are checked
by views and the API, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core import identifiers, inputs
from labor.core.deadlines import period_end
from labor.core.errors import FieldErrors as _Errors
from labor.core.formatting import local_date
from labor.core.models import District, Establishment, ImportBatch
from labor.inspections import rules
from labor.notifications.models import (
    FilingChannel,
    FilmNotification,
    LayoffWarningEntry,
    LayoffWarningList,
    ReducedHoursAgreement,
    RiskyOperation,
    SupervisionVisit,
    UnreportedWork,
    WarningSource,
    WorkKind,
    WorkNotification,
)


def _today() -> dt.date:
    return local_date(timezone.now())


_date = inputs.date


def _text(value, field: str, errors: _Errors, *, required: bool = True,
          max_length: int = 200) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors.add(field, _("此欄位為必填。"))
    elif len(text) > max_length:
        errors.add(field, _("內容過長。"))
    return text


def _establishment(ubn, field: str, errors: _Errors, *, on: dt.date | None = None,
                   required: bool = True) -> Establishment | None:
    """The registered establishment with 統一編號 ``ubn``; a malformed or unknown number is a
    field error."""
    value = identifiers.compact(ubn or "")
    if not value:
        if required:
            errors.add(field, _("請填寫統一編號。"))
        return None
    if not identifiers.is_valid_ubn(value, on=on):
        errors.add(field, _("統一編號格式不正確。"))
        return None
    establishment = Establishment.objects.filter(ubn=value).first()
    if establishment is None:
        errors.add(field, _("查無此統一編號之事業單位。"))
    return establishment


def _period(starts_on, ends_on, errors: _Errors) -> tuple[dt.date | None, dt.date | None]:
    start = _date(starts_on, "starts_on", errors)
    end = _date(ends_on, "ends_on", errors)
    if start and end and not rules.notification_period_ok(start, end):
        errors.add("ends_on", _("結束日不得早於開始日。"))
    return start, end


# ---------------------------------------------------------------------------------------------
# Notifiable work
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def notification_file(
    *,
    kind: str,
    ubn: str,
    site_address: str,
    district: District | None,
    starts_on,
    ends_on,
    channel: str,
    contractor: str = "",
    filed_by=None,
    actor=None,
    submission_key: str | None = None,
    filed_at: dt.datetime | None = None,
) -> WorkNotification:
    """File a notification of notifiable work (online by the employer's account ``filed_by``,
    or at the counter by staff ``actor``).

    ``submission_key`` makes a filing idempotent: the same key again (a double click, a
    resent form, two requests racing) returns the notification the first one made.
    """
    submission_key = (submission_key or "").strip()[:64] or None
    if submission_key and (existing := _filed(submission_key)) is not None:
        return existing

    errors = _Errors()
    now = timezone.now()
    filed_at = filed_at or now
    if filed_at > now:
        errors.add("filed_at", _("通報時間不得晚於現在。"))
    if kind not in WorkKind.values:
        errors.add("kind", _("請選擇作業類別。"))
    if channel not in FilingChannel.values:
        errors.add("channel", _("通報管道不正確。"))
    elif channel == FilingChannel.ONLINE and filed_by is None:
        errors.add("filed_by", _("線上通報須由事業單位帳號提出。"))
    if district is None:
        errors.add("district", _("請選擇行政區。"))
    establishment = _establishment(ubn, "ubn", errors, on=local_date(filed_at))
    site_address = _text(site_address, "site_address", errors)
    contractor = _text(contractor, "contractor", errors, required=False)
    start, end = _period(starts_on, ends_on, errors)
    errors.raise_if_any()

    fields = dict(
        kind=kind, establishment=establishment, contractor=contractor,
        site_address=site_address, district=district, starts_on=start, ends_on=end,
        filed_at=filed_at, channel=channel, filed_by=filed_by, entered_by=actor,
        submission_key=submission_key,
    )
    if submission_key is None:
        return WorkNotification.objects.create(**fields)
    try:
        with transaction.atomic():
            return WorkNotification.objects.create(**fields)
    except IntegrityError:
        # A concurrent filing with the same key won the race: return its notification.
        existing = _filed(submission_key)
        if existing is None:
            raise
        return existing


def _filed(submission_key: str) -> WorkNotification | None:
    return WorkNotification.objects.filter(submission_key=submission_key).first()


def _inspection_of(*, establishment: Establishment, visited_on: dt.date, inspector, actor):
    """The OSH inspection record behind a supervision visit (findings, improvement notices and
    penalties are recorded on it, in labor/inspections)."""
    from labor.inspections import services as inspection_services
    from labor.inspections.models import Kind

    try:
        return inspection_services.inspection_record(
            kind=Kind.OSH, inspector=inspector, inspected_on=visited_on,
            establishment=establishment, actor=actor or inspector,
        )
    except ValidationError as exc:
        # The inspection's own fields are this form's: same names, except the date.
        raise ValidationError({
            ("visited_on" if field == "inspected_on" else field): messages
            for field, messages in exc.message_dict.items()
        }) from exc


@transaction.atomic
def supervision_record(*, notification: WorkNotification | None = None, visited_on, inspector,
                       kind: str = "", site_address: str = "", district: District | None = None,
                       ubn: str = "", actor=None) -> SupervisionVisit:
    """Record a supervision inspection (監督檢查) of notifiable work, with its OSH inspection
    record.

    Of a notification: on or after the day it was filed. Without one, the inspector found the
    work unreported: ``kind``, ``site_address`` and the employer's ``ubn`` are required, and an
    UnreportedWork row records the violation. Either way it counts in the kind's execution rate.
    """
    errors = _Errors()
    day = _date(visited_on, "visited_on", errors)
    if day:
        if day > _today():
            errors.add("visited_on", _("檢查日期不得晚於今天。"))
        elif notification is not None and day < local_date(notification.filed_at):
            errors.add("visited_on", _("檢查日期不得早於通報日期。"))
    if inspector is None:
        errors.add("inspector", _("請選擇檢查員。"))
    if notification is not None:
        kind = notification.kind
        establishment = notification.establishment
    else:
        if kind not in WorkKind.values:
            errors.add("kind", _("請選擇作業類別。"))
        site_address = _text(site_address, "site_address", errors)
        establishment = _establishment(ubn, "ubn", errors, on=day)
    errors.raise_if_any()
    inspection = _inspection_of(establishment=establishment, visited_on=day,
                                inspector=inspector, actor=actor)
    visit = SupervisionVisit.objects.create(kind=kind, notification=notification,
                                            inspection=inspection, visited_on=day,
                                            inspector=inspector)
    if notification is None:
        UnreportedWork.objects.create(kind=kind, site_address=site_address, district=district,
                                      found_on=day, establishment=establishment,
                                      recorded_by=actor or inspector, visit=visit)
    return visit


@transaction.atomic
def film_supervision_record(*, film_notification: FilmNotification, visited_on, inspector,
                            actor=None) -> SupervisionVisit:
    """Record an inspection of a production's notified risky shooting (with its OSH
    inspection record)."""
    errors = _Errors()
    day = _date(visited_on, "visited_on", errors)
    if day:
        if day > _today():
            errors.add("visited_on", _("檢查日期不得晚於今天。"))
        elif day < film_notification.filed_on:
            errors.add("visited_on", _("檢查日期不得早於通報日期。"))
    if inspector is None:
        errors.add("inspector", _("請選擇檢查員。"))
    errors.raise_if_any()
    inspection = _inspection_of(establishment=film_notification.establishment, visited_on=day,
                                inspector=inspector, actor=actor)
    return SupervisionVisit.objects.create(film_notification=film_notification,
                                           inspection=inspection, visited_on=day,
                                           inspector=inspector)


@transaction.atomic
def unreported_record(*, kind: str, site_address: str, found_on, district: District | None = None,
                      ubn: str = "", actor=None) -> UnreportedWork:
    """Record notifiable work found without a notification other than at a supervision
    inspection (e.g. on a complaint); the employer when known."""
    errors = _Errors()
    if kind not in WorkKind.values:
        errors.add("kind", _("請選擇作業類別。"))
    site_address = _text(site_address, "site_address", errors)
    day = _date(found_on, "found_on", errors)
    if day and day > _today():
        errors.add("found_on", _("查獲日期不得晚於今天。"))
    establishment = _establishment(ubn, "ubn", errors, on=day, required=False)
    errors.raise_if_any()
    return UnreportedWork.objects.create(kind=kind, site_address=site_address, district=district,
                                         found_on=day, establishment=establishment,
                                         recorded_by=actor)


# ---------------------------------------------------------------------------------------------
# Film and stage productions, reduced working hours
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def film_notify(*, production: str, ubn: str, operation: str, operation_on, location: str,
                filed_on=None, actor=None) -> FilmNotification:
    """Receive a production's notification of a risky shooting, made before the operation."""
    errors = _Errors()
    production = _text(production, "production", errors)
    if operation not in RiskyOperation.values:
        errors.add("operation", _("請選擇危險性作業類別。"))
    location = _text(location, "location", errors)
    filed = _date(filed_on, "filed_on", errors, required=False) or _today()
    if filed > _today():
        errors.add("filed_on", _("通報日期不得晚於今天。"))
    day = _date(operation_on, "operation_on", errors)
    if day and day < filed:
        errors.add("operation_on", _("危險性作業應於作業前通報，作業日期不得早於通報日期。"))
    establishment = _establishment(ubn, "ubn", errors, on=filed)
    errors.raise_if_any()
    return FilmNotification.objects.create(
        production=production, establishment=establishment, operation=operation,
        operation_on=day, location=location, filed_on=filed, entered_by=actor,
    )


@transaction.atomic
def reduced_hours_file(*, ubn: str, workers_affected, starts_on, ends_on, filed_on=None,
                       actor=None) -> ReducedHoursAgreement:
    """Receive an employer's report of a reduced-working-hours agreement."""
    errors = _Errors()
    filed = _date(filed_on, "filed_on", errors, required=False) or _today()
    if filed > _today():
        errors.add("filed_on", _("通報日期不得晚於今天。"))
    establishment = _establishment(ubn, "ubn", errors, on=filed)
    try:
        workers = int(str(workers_affected).replace(",", "").strip())
    except ValueError:
        workers = None
    if workers is None or workers < 1:
        errors.add("workers_affected", _("實施人數應為 1 以上的整數。"))
    start, end = _period(starts_on, ends_on, errors)
    errors.raise_if_any()
    return ReducedHoursAgreement.objects.create(
        establishment=establishment, workers_affected=workers, starts_on=start, ends_on=end,
        filed_on=filed, entered_by=actor,
    )


# ---------------------------------------------------------------------------------------------
# Layoff early-warning lists (大量解僱勞工保護法 art. 11)
# ---------------------------------------------------------------------------------------------


def visit_due(received_on: dt.date) -> dt.date:
    """The last day of the 7-day visit after a warning received on ``received_on``
    (行政程序法 art. 48 over the office calendar)."""
    return rules.early_warning_visit_due(received_on, period_end=period_end)


@transaction.atomic
def warning_list_import(*, source: str, received_on, file_name: str,
                        rows: Iterable[Mapping], batch: ImportBatch | None = None,
                        ) -> tuple[LayoffWarningList, int, int]:
    """Import an insurer's early-warning list: ``rows`` of {"ubn", "reason"}.

    Returns (the list, entries created, entries already known). All or nothing: any bad row
    refuses the whole file. Idempotent: the same file again reuses its list, and an
    establishment already warned by the same insurer in the same month (from this or another
    file, or twice in one file) is not added again.
    """
    errors = _Errors()
    if source not in WarningSource.values:
        errors.add("source", _("請選擇名單來源。"))
    day = _date(received_on, "received_on", errors)
    if day and day > _today():
        errors.add("received_on", _("收文日期不得晚於今天。"))
    file_name = _text(file_name, "file_name", errors, max_length=255)
    resolved: list[tuple[Establishment, str]] = []
    rows = list(rows)
    if not rows:
        errors.add("rows", _("名單沒有任何資料。"))
    for index, row in enumerate(rows):
        establishment = _establishment(row.get("ubn"), f"rows-{index}-ubn", errors, on=day)
        reason = _text(row.get("reason"), f"rows-{index}-reason", errors, required=False)
        if establishment is not None:
            resolved.append((establishment, reason))
    errors.raise_if_any()

    warning_list, _created = LayoffWarningList.objects.get_or_create(
        source=source, received_on=day, file_name=file_name, defaults={"batch": batch},
    )
    month = day.replace(day=1)
    due = visit_due(day)
    known = set(
        LayoffWarningEntry.objects.filter(source=source, received_month=month)
        .values_list("establishment_id", flat=True)
    )
    new = []
    for establishment, reason in resolved:
        if establishment.pk in known:
            continue
        known.add(establishment.pk)
        new.append(LayoffWarningEntry(
            warning_list=warning_list, source=source, received_month=month,
            establishment=establishment, reason=reason, visit_due_on=due,
        ))
    LayoffWarningEntry.objects.bulk_create(new)
    return warning_list, len(new), len(resolved) - len(new)


@transaction.atomic
def warning_letter_mark_sent(*, entry: LayoffWarningEntry, sent_on) -> LayoffWarningEntry:
    """Record the day the letter to a warned establishment was sent."""
    errors = _Errors()
    day = _date(sent_on, "sent_on", errors)
    if day:
        if day > _today():
            errors.add("sent_on", _("寄發日期不得晚於今天。"))
        elif day < entry.warning_list.received_on:
            errors.add("sent_on", _("寄發日期不得早於收文日期。"))
    errors.raise_if_any()
    entry = LayoffWarningEntry.objects.select_for_update().get(pk=entry.pk)
    entry.letter_sent_on = day
    entry.save(update_fields=["letter_sent_on"])
    return entry


@transaction.atomic
def warning_letters_mark_sent(*, entries: Iterable[LayoffWarningEntry], sent_on,
                              ) -> list[LayoffWarningEntry]:
    """Record the day the letters to several warned establishments were sent (a batch of
    letters printed from one list). Entries whose letter is already recorded as sent keep
    their date. Returns the entries marked now.

    Generating the letters never marks them sent: staff confirm the mailing with this action.
    """
    entries = list(entries)
    errors = _Errors()
    day = _date(sent_on, "sent_on", errors)
    if not entries:
        errors.add("sent_on", _("沒有可登錄寄發的函文。"))
    if day:
        if day > _today():
            errors.add("sent_on", _("寄發日期不得晚於今天。"))
        else:
            received = min((e.warning_list.received_on for e in entries), default=day)
            if day < received:
                errors.add("sent_on", _("寄發日期不得早於收文日期。"))
    errors.raise_if_any()
    pending = list(
        LayoffWarningEntry.objects.select_for_update()
        .filter(pk__in=[e.pk for e in entries], letter_sent_on__isnull=True)
        .order_by("pk")
    )
    for entry in pending:
        entry.letter_sent_on = day
        entry.save(update_fields=["letter_sent_on"])
    return pending


@transaction.atomic
def warning_visit_record(*, entry: LayoffWarningEntry, visited_on) -> LayoffWarningEntry:
    """Record the day the bureau visited a warned establishment (art. 11: within 7 days)."""
    errors = _Errors()
    day = _date(visited_on, "visited_on", errors)
    if day:
        if day > _today():
            errors.add("visited_on", _("訪視日期不得晚於今天。"))
        elif day < entry.warning_list.received_on:
            errors.add("visited_on", _("訪視日期不得早於收文日期。"))
    errors.raise_if_any()
    entry = LayoffWarningEntry.objects.select_for_update().get(pk=entry.pk)
    entry.visited_on = day
    entry.save(update_fields=["visited_on"])
    return entry


@transaction.atomic
def reduced_hours_file_online(*, filed_by, ubn: str, workers_affected, starts_on, ends_on,
                              ) -> tuple[ReducedHoursAgreement, bool]:
    """An employer's portal account reports a reduced-hours agreement online (the account is
    recorded as ``entered_by``). Returns (the agreement, created).

    The table has no submission key, so a double submission is recognised by its content:
    the same agreement (establishment, workers, period) sent again by the same account on the
    same day returns the first one. The account's row is locked while checking, so two
    requests racing make one agreement.
    """
    from django.contrib.auth import get_user_model

    if filed_by is None or not getattr(filed_by, "pk", None):
        raise ValidationError({"filed_by": [_("線上通報須由事業單位帳號提出。")]})
    get_user_model().objects.select_for_update().filter(pk=filed_by.pk).first()
    errors = _Errors()
    start, end = _period(starts_on, ends_on, errors)
    existing = None
    if start and end:
        existing = ReducedHoursAgreement.objects.filter(
            entered_by=filed_by, filed_on=_today(), establishment__ubn=identifiers.compact(ubn),
            workers_affected=workers_affected, starts_on=start, ends_on=end,
        ).first()
    if existing is not None:
        return existing, False
    return reduced_hours_file(ubn=ubn, workers_affected=workers_affected, starts_on=starts_on,
                              ends_on=ends_on, actor=filed_by), True
