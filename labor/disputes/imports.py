"""Import kind ``disputes``: the bureau's past labor-dispute cases (勞資爭議歷史案件), one row
per case, keyed by 案號.

A past case is already concluded, so it does not walk the workflow (no due dates, mediators
or meetings): the import writes its rows directly, in the engine's one transaction: the
core.Case (closed, numbered as the bureau numbered it), the Dispute, its parties and items,
the applicants' Person rows when they are new, and one CaseEvent ``import`` per case naming
the batch and the user who ran it. The CaseNumberSequence of each line and year is kept at or
above every imported number, so that cases received later are numbered after them.

The engine (labor.core.imports.engine) checks, compares and writes *one model's* rows. A past
case is one row of the file spread over five tables, so the kind's model is ``PastCase``, the
case as the file has it (one attribute per column), which gives the engine what it uses of a
model: ``_meta.concrete_fields`` (the columns it compares), a manager whose ``bulk_create`` /
``bulk_update`` write the tables, and, because the engine hands the batch's user and reason
only to audited models, a ``history`` whose ``bulk_history_create`` writes the CaseEvent rows
(the case's history) and the new persons' history rows.

A case received in this system (not imported) is never changed by an import: a row that
repeats it exactly is "unchanged" (so an export re-imports cleanly); a row that differs is
refused.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from labor.core import lines
from labor.core.formatting import ROC_EPOCH_OFFSET, local_date, mask_id
from labor.core.imports import cells
from labor.core.imports.kinds import CHUNK, Column, Kind, register
from labor.core.imports.people import (
    LIST_SEPARATOR,
    id_kind_of,
    name_problem,
)
from labor.core.imports.people import at as _at
from labor.core.imports.people import establishment_ubn as respondent_ubn
from labor.core.imports.people import find_or_add_persons as _persons
from labor.core.imports.people import options as _options
from labor.core.imports.people import person_ids as applicant_ids
from labor.core.imports.people import person_names as applicant_names
from labor.core.imports.people import split_list as _split
from labor.core.models import (
    Case,
    CaseEvent,
    CaseNumberSequence,
    Channel,
    Establishment,
    Person,
)
from labor.disputes.models import (
    LINE_COORDINATION,
    LINE_MEDIATION,
    ApplicantKind,
    Dispute,
    DisputeItem,
    DisputeParty,
    ItemKind,
    Outcome,
    Route,
    Side,
    Status,
)
from labor.disputes.models import Kind as DisputeKind

IMPORT_ACTION = "import"
# Above any claim or settlement; below the database column's limit (a 500 otherwise).
MAX_AMOUNT = 10**12
# A past case's times of day are not in the file: received at the office's opening, closed at
# its end (as labor.disputes.services does for an outcome dated before today).
RECEIVED_TIME = dt.time(9, 0)
CLOSED_TIME = dt.time(17, 0)

# --- the file's vocabulary (zh-Hant whatever the page's language: the file's own words) -----

CHANNEL_LABELS = {
    Channel.ONLINE: "線上",
    Channel.COUNTER: "臨櫃",
    Channel.MAIL: "郵寄",
    Channel.REFERRAL: "轉介",
    Channel.EX_OFFICIO: "依職權",
}
KIND_LABELS = {DisputeKind.MEDIATION: "調解", DisputeKind.COORDINATION: "移工協調"}
APPLICANT_KIND_LABELS = {
    ApplicantKind.WORKER: "勞工",
    ApplicantKind.WORKERS: "勞工（多人共同申請）",
    ApplicantKind.UNION: "工會",
}
ITEM_LABELS = {
    ItemKind.UNPAID_WAGES: "積欠工資",
    ItemKind.OVERTIME: "加班費",
    ItemKind.SEVERANCE: "資遣費",
    ItemKind.DISMISSAL: "解僱爭議",
    ItemKind.INJURY_COMPENSATION: "職業災害補償",
    ItemKind.PENSION: "退休金提繳",
    ItemKind.INSURANCE: "勞健保",
    ItemKind.OTHER: "其他",
}
OUTCOME_LABELS = {
    Outcome.SETTLED: "成立",
    Outcome.NOT_SETTLED: "不成立",
    Outcome.WITHDRAWN: "撤回",
    Outcome.WITHDRAWN_SETTLED: "自行和解撤回",
    Outcome.TRANSFERRED: "移送／其他",
}




CHANNELS = _options(CHANNEL_LABELS)
KINDS = _options(KIND_LABELS, ("移工爭議協調", DisputeKind.COORDINATION),
                 ("勞資爭議調解", DisputeKind.MEDIATION))
APPLICANT_KINDS = _options(APPLICANT_KIND_LABELS, ("勞工(多人共同申請)", ApplicantKind.WORKERS),
                           ("多人共同申請", ApplicantKind.WORKERS))
ITEMS = _options(ITEM_LABELS)
OUTCOMES = _options(
    OUTCOME_LABELS,
    ("調解成立", Outcome.SETTLED), ("協調成立", Outcome.SETTLED),
    ("調解不成立", Outcome.NOT_SETTLED), ("協調不成立", Outcome.NOT_SETTLED),
    ("和解撤回", Outcome.WITHDRAWN_SETTLED),
    ("移送/其他", Outcome.TRANSFERRED), ("移送", Outcome.TRANSFERRED),
    ("其他", Outcome.TRANSFERRED),
)
# An amount is recorded only for these outcomes (as labor.disputes.services.outcome_record).
OUTCOMES_WITH_AMOUNT = frozenset({Outcome.SETTLED, Outcome.WITHDRAWN_SETTLED})

_NUMBER = re.compile(r"(?P<year>[0-9]{2,3})-(?P<prefix>[A-Z]{3})-(?P<sequence>[0-9]{6})")


def line_of_kind(kind: str) -> str:
    return LINE_COORDINATION if kind == DisputeKind.COORDINATION else LINE_MEDIATION


def _prefixes() -> dict[str, str]:
    return {lines.get(line).prefix: line for line in (LINE_MEDIATION, LINE_COORDINATION)}


def number_parts(number: str) -> tuple[str, int, int]:
    """(line, AD year, sequence) of a case number that case_number() accepted."""
    match = _NUMBER.fullmatch(number)
    return (_prefixes()[match["prefix"]], int(match["year"]) + ROC_EPOCH_OFFSET,
            int(match["sequence"]))






# --- cells ---------------------------------------------------------------------------------


def case_number(raw) -> str:
    number = unicodedata.normalize("NFKC", cells.as_text(raw)).upper().replace(" ", "")
    match = _NUMBER.fullmatch(number)
    if match is None:
        raise cells.CellError(_(
            "案號「%(value)s」不符合本系統的案號格式（民國年-類別代碼-6 位流水號，"
            "如 112-DSP-000123），無法沿用；請確認案號。"
        ) % {"value": cells.as_text(raw)})
    prefixes = _prefixes()
    if match["prefix"] not in prefixes:
        raise cells.CellError(_(
            "案號「%(value)s」不是勞資爭議案件的案號，類別代碼應為 %(prefixes)s。"
        ) % {"value": number, "prefixes": "、".join(prefixes)})
    if int(match["year"]) == 0 or int(match["sequence"]) == 0:
        raise cells.CellError(
            _("案號「%(value)s」的年度或流水號不可為 0。") % {"value": number}
        )
    return number



def applicant_kind(raw) -> str:
    if unicodedata.normalize("NFKC", cells.as_text(raw)) in {"雇主", "employer"}:
        raise cells.CellError(_(
            "雇主申請的案件無法以此格式匯入（相對人為勞工，此格式沒有其證號欄位），"
            "請於系統中逐案登錄。"
        ))
    return cells.choice(APPLICANT_KINDS, label="申請人身分",
                        shown=list(APPLICANT_KIND_LABELS.values()))(raw)








def dispute_items(raw) -> tuple[str, ...]:
    parse = cells.choice(ITEMS, label="爭議項目", shown=list(ITEM_LABELS.values()))
    found = []
    for part in _split(raw):
        if not part:
            raise cells.CellError(_("爭議項目之間有空白項目，請以分號（;）分隔。"))
        kind = parse(part)
        if kind in found:
            raise cells.CellError(_("爭議項目「%(value)s」重複填寫。") % {"value": part})
        found.append(kind)
    return tuple(found)


_amount = cells.integer(minimum=0, maximum=MAX_AMOUNT)


def amounts(raw) -> tuple[int | None, ...]:
    """One amount per item, in the items' order; an item without a claimed amount is left
    empty between the semicolons (``50000;;12000``)."""
    found = tuple(_amount(part) if part else None for part in _split(raw))
    # No amount at all is the same as an empty cell (and as the database keeps it).
    return found if any(amount is not None for amount in found) else ()


# --- the record the engine handles ---------------------------------------------------------

# Attribute → the value of an empty optional cell (and of a column the file leaves out).
DEFAULTS = {
    "number": "",
    "received_on": None,
    "channel": "",
    "kind": "",
    "applicant_kind": "",
    "applicant_ids": (),
    "applicant_names": (),
    "respondent_ubn": "",
    "items": (),
    "amounts": (),
    "outcome": "",
    "outcome_on": None,
    "settled_amount": None,
}


class _Field:
    """What the engine reads of a model field."""

    def __init__(self, name: str):
        self.name = self.attname = name


class _Meta:
    simple_history_manager_attribute = "history"
    concrete_fields = tuple(_Field(name) for name in DEFAULTS)

    def get_fields(self):
        return self.concrete_fields


class _Writer:
    """PastCase's "manager": writes the cases' tables (labor.core.imports.engine.write)."""

    model = None  # PastCase, set below (simple_history checks the manager's model)

    def bulk_create(self, records, batch_size=None, ignore_conflicts=False):
        past_cases_create(records)
        return records

    def bulk_update(self, records, fields, batch_size=None):
        past_cases_update(records)
        return len(records)


class _History:
    """PastCase's "history": the CaseEvent of each case, with the batch's user and reason."""

    def bulk_history_create(self, records, batch_size=None, update=False, default_user=None,
                            default_change_reason=None, default_date=None,
                            custom_historical_attrs=None):
        past_cases_record(records, user=default_user, reason=default_change_reason or "")
        return records


class PastCase:
    """A past case as one row of the file has it. ``number`` is its natural key."""

    _meta = _Meta()
    objects = _default_manager = _Writer()
    history = _History()

    def __init__(self, **values):
        for name, default in DEFAULTS.items():
            setattr(self, name, values.get(name, default))
        self.pk = None
        # Set on records read from the database (PastCaseKind.existing):
        self.case: Case | None = None
        self.imported = False  # the case came in through this import
        self.original: dict = {}  # the values as read, for the event's old values
        # Set by the writers, for the event:
        self.changes: dict = {}
        self.new_persons: list[Person] = []

    def values(self) -> dict:
        return {name: getattr(self, name) for name in DEFAULTS}

    @property
    def line(self) -> str:
        return line_of_kind(self.kind)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        limit = 200 if self.applicant_kind == ApplicantKind.UNION else 100
        if "applicant_names" not in exclude and any(len(n) > limit for n in
                                                     self.applicant_names):
            errors["applicant_names"] = _("姓名或名稱最多 %(n)s 字。") % {"n": limit}
        if errors:
            raise ValidationError(errors)

    def clean(self):
        """The row's columns against each other (each cell was checked on its own)."""
        errors = {}
        line, year, _sequence = number_parts(self.number)
        if line != self.line:
            errors["number"] = _(
                "案號「%(number)s」的類別代碼與類別「%(kind)s」不符（調解為 %(dsp)s，"
                "移工協調為 %(mdc)s）。"
            ) % {"number": self.number, "kind": KIND_LABELS[self.kind],
                 "dsp": lines.get(LINE_MEDIATION).prefix,
                 "mdc": lines.get(LINE_COORDINATION).prefix}
        elif year != self.received_on.year:
            errors["number"] = _(
                "案號「%(number)s」的年度（%(year)s 年）與收件日期的年度（民國 %(received)s 年）"
                "不符；案號以收件年度編列。"
            ) % {"number": self.number, "year": year - ROC_EPOCH_OFFSET,
                 "received": self.received_on.year - ROC_EPOCH_OFFSET}
        self._clean_applicants(errors)
        if self.amounts and len(self.amounts) != len(self.items):
            errors["amounts"] = _(
                "請求金額有 %(amounts)s 筆，爭議項目有 %(items)s 項；請依爭議項目的順序"
                "逐項填寫（以分號分隔，無金額的項目留空），或整欄留空。"
            ) % {"amounts": len(self.amounts), "items": len(self.items)}
        if self.outcome_on < self.received_on:
            errors["outcome_on"] = _(
                "結果日期（%(outcome)s）不得早於收件日期（%(received)s）。"
            ) % {"outcome": self.outcome_on.isoformat(),
                 "received": self.received_on.isoformat()}
        if self.settled_amount is not None and self.outcome not in OUTCOMES_WITH_AMOUNT:
            errors["settled_amount"] = _(
                "只有處理結果為成立或自行和解撤回的案件可以填寫成立金額。"
            )
        if errors:
            raise ValidationError(errors)

    def _clean_applicants(self, errors: dict) -> None:
        ids, names = self.applicant_ids, self.applicant_names
        if self.applicant_kind == ApplicantKind.UNION:
            if ids:
                errors["applicant_ids"] = _(
                    "申請人為工會時，申請人證號請留空（工會以名稱登錄）。"
                )
            if len(names) != 1:
                errors["applicant_names"] = _("申請人為工會時，請填寫一個工會名稱。")
            return
        if not ids:
            errors["applicant_ids"] = _("申請人為勞工時，請填寫申請人的證號。")
            return
        if self.applicant_kind == ApplicantKind.WORKER and len(ids) > 1:
            errors["applicant_ids"] = _(
                "申請人身分為「勞工」時只能有一位申請人；多人請填「勞工（多人共同申請）」。"
            )
        elif self.kind != DisputeKind.COORDINATION and any(
            id_kind_of(id_number) == Person.IdKind.PASSPORT for id_number in ids
        ):
            errors["applicant_ids"] = _(
                "調解案件的申請人證號應為身分證字號或統一證號；護照號碼只用於移工協調案件。"
            )
        if len(names) != len(ids):
            errors["applicant_names"] = _(
                "申請人姓名有 %(names)s 個，證號有 %(ids)s 個；請依證號的順序逐一填寫姓名。"
            ) % {"names": len(names), "ids": len(ids)}


_Writer.model = PastCase


# --- reading cases back -------------------------------------------------------------------


def _record_of(case: Case, dispute: Dispute | None, *, imported: bool) -> PastCase:
    """The case as a row of the file would write it."""
    record = PastCase(number=case.number, received_on=local_date(case.received_at),
                      channel=case.channel)
    record.case = case
    record.pk = case.pk
    record.imported = imported
    if dispute is None:
        # A case of the line without a dispute: nothing a row could equal.
        record.kind = "?"
        record.original = record.values()
        return record
    parties = list(dispute.parties.all())
    applicants = [p for p in parties if p.side == Side.APPLICANT]
    respondents = [p for p in parties if p.side == Side.RESPONDENT]
    items = list(dispute.items.all())
    record.kind = dispute.kind
    record.applicant_kind = dispute.applicant_kind
    record.applicant_ids = tuple(p.person.id_number for p in applicants if p.person_id)
    record.applicant_names = tuple(
        p.person.name if p.person_id else p.establishment.name if p.establishment_id
        else p.union_name for p in applicants
    )
    # Anything but one respondent establishment cannot be written in one 統一編號 cell.
    record.respondent_ubn = LIST_SEPARATOR.join(
        p.establishment.ubn if p.establishment_id else "?" for p in respondents
    )
    record.items = tuple(item.kind for item in items)
    claimed = tuple(item.amount_claimed for item in items)
    record.amounts = claimed if any(a is not None for a in claimed) else ()
    record.outcome = dispute.outcome
    record.outcome_on = dispute.outcome_on
    record.settled_amount = dispute.settled_amount
    record.original = record.values()
    return record


def past_cases_read(numbers) -> dict[str, PastCase]:
    """The cases with these numbers, as records, by number."""
    numbers = sorted(set(numbers))
    found = {}
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        imported = set(
            CaseEvent.objects.filter(case__number__in=chunk, action=IMPORT_ACTION)
            .values_list("case__number", flat=True)
        )
        cases = (
            Case.objects.filter(number__in=chunk)
            .select_related("dispute")
            .prefetch_related("dispute__parties__person", "dispute__parties__establishment",
                              "dispute__items")
        )
        for case in cases:
            found[case.number] = _record_of(case, getattr(case, "dispute", None),
                                            imported=case.number in imported)
    return found


# --- writing ------------------------------------------------------------------------------


def _refuse(message: str):
    # A DatabaseError: the engine rolls the whole import back and reports it (a concurrent
    # change between the check and the write; the check refuses these rows itself).
    raise IntegrityError(message)


def _lock_sequences(records) -> dict[tuple[str, int], CaseNumberSequence]:
    """The number sequences of the records' lines and years, locked (in a fixed order) until
    the import commits, so that case_open cannot issue a number meanwhile."""
    locked = {}
    for line, year in sorted({number_parts(r.number)[:2] for r in records}):
        CaseNumberSequence.objects.get_or_create(line=line, year=year)
        locked[(line, year)] = CaseNumberSequence.objects.select_for_update().get(
            line=line, year=year
        )
    return locked




def _establishments(records) -> dict[str, Establishment]:
    ubns = sorted({record.respondent_ubn for record in records})
    found = {}
    for start in range(0, len(ubns), CHUNK):
        for est in Establishment.objects.filter(ubn__in=ubns[start : start + CHUNK]):
            found[est.ubn] = est
    for ubn in ubns:
        if ubn not in found:
            _refuse(f"establishment {ubn} no longer exists")
    return found


def _summary(items) -> str:
    # As labor.disputes.services.dispute_submit writes it.
    return "、".join(str(ItemKind(kind).label) for kind in items)[:300]


def _case_times(record: PastCase) -> tuple[dt.datetime, dt.datetime]:
    received_at = _at(record.received_on, RECEIVED_TIME)
    return received_at, max(_at(record.outcome_on, CLOSED_TIME), received_at)


def _parties_and_items(record: PastCase, dispute: Dispute, persons, establishments):
    if record.applicant_kind == ApplicantKind.UNION:
        applicants = [DisputeParty(dispute=dispute, side=Side.APPLICANT,
                                   union_name=record.applicant_names[0])]
    else:
        applicants = [DisputeParty(dispute=dispute, side=Side.APPLICANT,
                                   person=persons[id_number])
                      for id_number in record.applicant_ids]
    respondent = DisputeParty(dispute=dispute, side=Side.RESPONDENT,
                              establishment=establishments[record.respondent_ubn])
    claimed = record.amounts or (None,) * len(record.items)
    items = [DisputeItem(dispute=dispute, kind=kind, amount_claimed=amount)
             for kind, amount in zip(record.items, claimed, strict=True)]
    return [*applicants, respondent], items


def _first_person(record: PastCase, persons) -> Person | None:
    return persons[record.applicant_ids[0]] if record.applicant_ids else None


def past_cases_create(records: list[PastCase]) -> None:
    """Write new past cases: Case, Dispute, parties, items; new persons; the sequences."""
    if not records:
        return
    sequences = _lock_sequences(records)
    persons = _persons(records)
    establishments = _establishments(records)
    cases = []
    for record in records:
        line, year, sequence = number_parts(record.number)
        received_at, closed_at = _case_times(record)
        cases.append(Case(
            number=record.number, line=line, year=year, sequence=sequence,
            channel=record.channel, status=Status.CLOSED, received_at=received_at,
            closed_at=closed_at, establishment=establishments[record.respondent_ubn],
            person=_first_person(record, persons), summary=_summary(record.items),
        ))
    # A number issued meanwhile by case_open (before the sequences were locked) fails the
    # unique constraint here: the engine then rolls everything back and says so.
    Case.objects.bulk_create(cases, batch_size=CHUNK)
    if any(case.pk is None for case in cases):  # databases without RETURNING
        by_number = Case.objects.in_bulk([c.number for c in cases], field_name="number")
        cases = [by_number[case.number] for case in cases]
    disputes, parties, items = [], [], []
    for record, case in zip(records, cases, strict=True):
        record.case, record.pk = case, case.pk
        dispute = Dispute(case=case, kind=record.kind, applicant_kind=record.applicant_kind,
                          route=Route.MEDIATOR, outcome=record.outcome,
                          outcome_on=record.outcome_on, settled_amount=record.settled_amount)
        disputes.append(dispute)
        case_parties, case_items = _parties_and_items(record, dispute, persons, establishments)
        parties += case_parties
        items += case_items
    Dispute.objects.bulk_create(disputes, batch_size=CHUNK)
    DisputeParty.objects.bulk_create(parties, batch_size=CHUNK)
    DisputeItem.objects.bulk_create(items, batch_size=CHUNK)
    highest = defaultdict(int)
    for record in records:
        line, year, sequence = number_parts(record.number)
        highest[(line, year)] = max(highest[(line, year)], sequence)
    for key, sequence in highest.items():
        counter = sequences[key]
        if counter.last_value < sequence:
            counter.last_value = sequence
            counter.save(update_fields=["last_value"])


def past_cases_update(records: list[PastCase]) -> None:
    """Rewrite imported cases whose row changed (the engine set the new values)."""
    if not records:
        return
    for record in records:
        if not record.imported:
            # The check refuses such rows; this one became a live case after the check.
            _refuse(f"case {record.number} was not imported and is not changed by an import")
    persons = _persons(records)
    establishments = _establishments(records)
    for record in records:
        new = record.values()
        record.changes = {name: (record.original[name], value) for name, value in new.items()
                          if record.original[name] != value}
        case = record.case
        dispute = case.dispute
        case.received_at, case.closed_at = _case_times(record)
        case.channel = record.channel
        case.establishment = establishments[record.respondent_ubn]
        case.person = _first_person(record, persons)
        case.summary = _summary(record.items)
        case.save(update_fields=["received_at", "closed_at", "channel", "establishment",
                                 "person", "summary"])
        dispute.applicant_kind = record.applicant_kind
        dispute.outcome = record.outcome
        dispute.outcome_on = record.outcome_on
        dispute.settled_amount = record.settled_amount
        # Whoever has the case open must reload it rather than save over the import.
        dispute.version += 1
        dispute.save(update_fields=["applicant_kind", "outcome", "outcome_on",
                                    "settled_amount", "version"])
        if {"applicant_kind", "applicant_ids", "applicant_names", "respondent_ubn", "items",
                "amounts"} & record.changes.keys():
            dispute.parties.all().delete()
            dispute.items.all().delete()
            parties, items = _parties_and_items(record, dispute, persons, establishments)
            DisputeParty.objects.bulk_create(parties)
            DisputeItem.objects.bulk_create(items)


def _shown(name: str, value):
    """A value as the event keeps it: dates as text, personal IDs masked."""
    if name == "applicant_ids":
        return [mask_id(id_number) for id_number in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def past_cases_record(records: list[PastCase], *, user, reason: str) -> None:
    """One CaseEvent ``import`` per case, and the history rows of the persons it created."""
    actor_kind = CaseEvent.ActorKind.PERSON if user is not None else CaseEvent.ActorKind.SYSTEM
    now = timezone.now()
    events = []
    for record in records:
        if record.original:
            old = {name: _shown(name, old) for name, (old, _new) in record.changes.items()}
            new = {name: _shown(name, new) for name, (_old, new) in record.changes.items()}
        else:
            old, new = {}, {name: _shown(name, value) for name, value in record.values().items()}
        events.append(CaseEvent(case_id=record.pk, at=now, actor=user, actor_kind=actor_kind,
                                action=IMPORT_ACTION, from_status=Status.CLOSED if old else "",
                                to_status=Status.CLOSED, old_values=old, new_values=new,
                                note=reason))
    CaseEvent.objects.bulk_create(events, batch_size=CHUNK)
    created = [person for record in records for person in record.new_persons]
    if created:
        Person.history.bulk_history_create(created, batch_size=CHUNK, default_user=user,
                                           default_change_reason=reason[:100])


# --- the kind -----------------------------------------------------------------------------


@register
class PastCaseKind(Kind):
    name = "disputes"
    label = _l("勞資爭議歷史案件")
    model = PastCase
    key_attrs = ("number",)
    key_label = "案號"
    masked_headers = frozenset({"申請人證號"})
    columns = (
        Column("案號", "number", case_number, required=True,
               format=_l("民國年-DSP 或 MDC-6 位流水號，沿用為本系統案號"),
               example="112-DSP-000123"),
        Column("收件日期", "received_on", cells.date_between(), required=True,
               format=_l("日期（西元或民國），不得晚於今天；年度須與案號相同"),
               example="112/03/01"),
        Column("受理管道", "channel",
               cells.choice(CHANNELS, label="受理管道", shown=list(CHANNEL_LABELS.values())),
               required=True, format=_l("線上、臨櫃、郵寄、轉介或依職權"), example="臨櫃"),
        Column("類別", "kind",
               cells.choice(KINDS, label="類別", shown=list(KIND_LABELS.values())),
               required=True, format=_l("調解（案號 DSP）或移工協調（案號 MDC）"),
               example="調解"),
        Column("申請人身分", "applicant_kind", applicant_kind, required=True,
               format=_l("勞工、勞工（多人共同申請）或工會"), example="勞工"),
        Column("申請人證號", "applicant_ids", applicant_ids, empty=(),
               format=_l("身分證字號或統一證號（移工協調亦可為護照號碼），多人以分號分隔；"
                         "工會留空"),
               example="A123456789"),
        Column("申請人姓名", "applicant_names", applicant_names, required=True,
               format=_l("依證號順序，多人以分號分隔；工會填工會名稱"), example="王小明"),
        Column("相對人統一編號", "respondent_ubn", respondent_ubn, required=True,
               format=_l("8 位數字；事業單位須已存在"), example="22099131"),
        Column("爭議項目", "items", dispute_items, required=True,
               format=_l("積欠工資、加班費、資遣費、解僱爭議、職業災害補償、退休金提繳、"
                         "勞健保或其他，多項以分號分隔"),
               example="積欠工資;資遣費"),
        Column("請求金額", "amounts", amounts, empty=(),
               format=_l("依爭議項目順序逐項填寫的整數金額（元），以分號分隔"),
               example="52800;120000"),
        Column("處理結果", "outcome",
               cells.choice(OUTCOMES, label="處理結果", shown=list(OUTCOME_LABELS.values())),
               required=True, format=_l("成立、不成立、撤回、自行和解撤回或移送／其他"),
               example="成立"),
        Column("結果日期", "outcome_on", cells.date_between(), required=True,
               format=_l("日期（西元或民國），不得晚於今天，亦不得早於收件日期"),
               example="112/03/20"),
        Column("成立金額", "settled_amount", _amount, empty=None,
               format=_l("整數金額（元）；只用於成立或自行和解撤回"), example="150000"),
    )

    def __init__(self):
        self.establishments: dict[str, Establishment] = {}
        self.persons: dict[str, Person] = {}
        self.cases: dict[str, PastCase] = {}
        # The name the file gives a personal ID not yet in the registry, so that two rows
        # cannot create one person under two names.
        self.new_names: dict[str, str] = {}

    @classmethod
    def import_permissions(cls):
        return ("disputes.add_dispute", "disputes.change_dispute")

    @classmethod
    def export_permissions(cls):
        # The file holds the applicants' full personal IDs.
        return ("disputes.view_dispute", "core.view_person_full")

    # --- checking ---------------------------------------------------------------------
    def prepare(self, rows_values):
        ubns = {v["respondent_ubn"] for v in rows_values if "respondent_ubn" in v}
        ubns = sorted(ubns - self.establishments.keys())
        for start in range(0, len(ubns), CHUNK):
            for est in Establishment.objects.filter(ubn__in=ubns[start : start + CHUNK]):
                self.establishments[est.ubn] = est
        ids = {i for v in rows_values for i in v.get("applicant_ids", ())}
        ids = sorted(ids - self.persons.keys())
        for start in range(0, len(ids), CHUNK):
            for person in Person.objects.filter(id_number__in=ids[start : start + CHUNK]):
                self.persons[person.id_number] = person
        numbers = {v["number"] for v in rows_values if "number" in v}
        self.cases.update(past_cases_read(numbers - self.cases.keys()))

    def resolve(self, values):
        errors = {}
        ubn = values.get("respondent_ubn")
        if ubn and ubn not in self.establishments:
            errors["respondent_ubn"] = _(
                "查無統一編號「%(value)s」的事業單位，請先匯入事業單位。"
            ) % {"value": ubn}
        ids, names = values.get("applicant_ids", ()), values.get("applicant_names", ())
        if len(ids) == len(names):
            for id_number, name in zip(ids, names, strict=True):
                message = self._name_problem(id_number, name)
                if message:
                    errors["applicant_names"] = message
                    break
        number = values.get("number")
        existing = self.cases.get(number)
        if existing is not None and not existing.imported:
            differs = any(getattr(existing, attr) != value for attr, value in values.items()
                          if attr in DEFAULTS)
            if differs:
                errors["number"] = _(
                    "案號「%(number)s」是本系統受理的案件，不能以匯入修改；"
                    "請確認案號，或於案件頁面辦理。"
                ) % {"number": number}
        return errors

    def _name_problem(self, id_number: str, name: str) -> str:
        return name_problem(self.persons, self.new_names, id_number, name)

    # --- existing rows ----------------------------------------------------------------
    def existing(self, keys):
        return {(number,): record
                for number, record in past_cases_read(key[0] for key in keys).items()}

    # --- export -----------------------------------------------------------------------
    def export_queryset(self):
        """Concluded cases that one row can hold: workers or a union against one
        establishment (an employer's application, or a person as respondent, is left out)."""
        respondent = Q(parties__side=Side.RESPONDENT)
        return (
            Dispute.objects.exclude(outcome="")
            .filter(applicant_kind__in=list(APPLICANT_KIND_LABELS))
            .annotate(
                respondents=Count("parties", filter=respondent),
                respondent_establishments=Count(
                    "parties", filter=respondent & Q(parties__establishment__isnull=False)
                ),
            )
            .filter(respondents=1, respondent_establishments=1)
            .select_related("case")
            .prefetch_related("parties__person", "parties__establishment", "items")
            .order_by("case__number")
        )

    def export_row(self, obj):
        record = _record_of(obj.case, obj, imported=False)
        return [
            record.number,
            record.received_on.isoformat(),
            CHANNEL_LABELS.get(record.channel, record.channel),
            KIND_LABELS.get(record.kind, record.kind),
            APPLICANT_KIND_LABELS.get(record.applicant_kind, record.applicant_kind),
            LIST_SEPARATOR.join(record.applicant_ids),
            LIST_SEPARATOR.join(record.applicant_names),
            record.respondent_ubn,
            LIST_SEPARATOR.join(ITEM_LABELS[kind] for kind in record.items),
            LIST_SEPARATOR.join("" if a is None else str(a) for a in record.amounts),
            OUTCOME_LABELS.get(record.outcome, record.outcome),
            record.outcome_on.isoformat(),
            "" if record.settled_amount is None else str(record.settled_amount),
        ]
