"""Import kind ``fund_applications``: the bureau's past litigation-subsidy applications
(勞工權益基金訴訟補助歷史案件), one row per item, the rows of one application grouped by
原案號.

Going live, the recovery book (催繳帳冊, cumulative over the years) and the history must be in
the system. A past application does not walk the workflow: the import writes its rows
directly, in the engine's one transaction, as labor.disputes.imports does for past disputes:
the core.Case (line "fund"), the Application (approved or closed, with its ``legacy_number``),
its applicants (persons found or created by ID), its items (decided as decided: the caps are
not applied to past decisions), one legacy Disbursement per paid item (no journal entry: past
payments are inside the ledger's opening balance), a RecoveryClaim per item with something to
pay back, legacy repayments and reclassifications (轉列), and one CaseEvent ``import`` per
application naming the batch.

The engine (labor.core.imports.engine) handles *one model's* rows; the kind's model is
``PastItem``, one row of the file (one attribute per column), keyed by (原案號, 補助項目, 項目審級).
Its "manager" groups the rows by 原案號 and writes the tables; its "history" writes the case
events and the new persons' history rows (see labor.disputes.imports for the pattern).

An imported application is never changed by an import: a row that repeats an imported item is
"unchanged"; a row that differs from it is refused; a row for a new item of an imported
application (the same case columns) adds the item. An application received in this system has
no 原案號 and is never matched; its case number is never taken (an imported application keeps
the bureau's number only when no case has it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

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
from labor.core.models import Case, CaseEvent, CaseNumberSequence, Channel, Establishment, Person
from labor.core.services import format_case_number
from labor.fund import rules
from labor.fund.models import (
    LINE,
    Applicant,
    ApplicantKind,
    Application,
    CaseType,
    Court,
    Disbursement,
    Item,
    ItemKind,
    Outcome,
    RecoveryBasis,
    RecoveryClaim,
    RecoveryMovement,
    Status,
)

IMPORT_ACTION = "import"
MAX_AMOUNT = 10**12
MAX_MONTHS = 120
RECEIVED_TIME = dt.time(9, 0)
CLOSED_TIME = dt.time(17, 0)
# Stored with each reclassification imported (data, in the bureau's language).
RECLASSIFICATION_REASON = "系統啟用前已轉列"

# --- the file's vocabulary (zh-Hant whatever the page's language: the file's own words) -----

APPLICANT_KIND_LABELS = {
    ApplicantKind.WORKER: "勞工",
    ApplicantKind.WORKERS: "勞工（多人共同申請）",
    ApplicantKind.UNION: "工會",
}
COURT_LABELS = {
    Court.TAIPEI: "臺灣臺北地方法院",
    Court.SHILIN: "臺灣士林地方法院",
    Court.NEW_TAIPEI: "臺灣新北地方法院",
    Court.HIGH: "臺灣高等法院",
    Court.SUPREME: "最高法院",
    Court.OTHER: "其他法院",
}
INSTANCE_LABELS = {1: "第一審", 2: "第二審", 3: "第三審"}
CASE_TYPE_LABELS = {
    CaseType.DISMISSAL: "解僱",
    CaseType.OCCUPATIONAL_INJURY: "職災",
    CaseType.PLANT_CLOSURE: "關廠",
    CaseType.UNPAID_WAGES: "積欠工資",
    CaseType.OTHER: "其他",
}
ITEM_LABELS = {
    ItemKind.COURT_FEE: "裁判費",
    ItemKind.LAWYER_FEE: "律師費",
    ItemKind.ENFORCEMENT_FEE: "強制執行費",
    ItemKind.LIVING_EXPENSES: "生活費用",
}
OUTCOME_LABELS = {
    Outcome.WON: "判決勝訴",
    Outcome.PARTLY_WON: "判決一部勝訴",
    Outcome.LOST: "判決敗訴",
    Outcome.SETTLED: "訴訟上和解",
    Outcome.WITHDRAWN: "撤回起訴",
}
YES_NO_LABELS = {True: "是", False: "否"}
BASIS_OF_OUTCOME = {
    Outcome.WON: RecoveryBasis.JUDGMENT,
    Outcome.PARTLY_WON: RecoveryBasis.JUDGMENT,
    Outcome.LOST: RecoveryBasis.JUDGMENT,
    Outcome.SETTLED: RecoveryBasis.SETTLEMENT,
    Outcome.WITHDRAWN: RecoveryBasis.WITHDRAWAL,
}

APPLICANT_KINDS = _options(APPLICANT_KIND_LABELS, ("勞工(多人共同申請)", ApplicantKind.WORKERS),
                           ("多人共同申請", ApplicantKind.WORKERS))
COURTS = _options(COURT_LABELS, ("臺北地方法院", Court.TAIPEI), ("士林地方法院", Court.SHILIN),
                  ("新北地方法院", Court.NEW_TAIPEI), ("高等法院", Court.HIGH))
INSTANCES = {label: str(value) for value, label in INSTANCE_LABELS.items()}
INSTANCES.update({str(value): str(value) for value in INSTANCE_LABELS})
INSTANCES.update({"一審": "1", "二審": "2", "三審": "3"})
CASE_TYPES = _options(CASE_TYPE_LABELS, ("職業災害", CaseType.OCCUPATIONAL_INJURY),
                      ("解僱爭議", CaseType.DISMISSAL))
ITEMS = _options(ITEM_LABELS, ("生活費", ItemKind.LIVING_EXPENSES))
OUTCOMES = _options(OUTCOME_LABELS, ("勝訴", Outcome.WON), ("一部勝訴", Outcome.PARTLY_WON),
                    ("敗訴", Outcome.LOST), ("和解", Outcome.SETTLED),
                    ("撤回", Outcome.WITHDRAWN))
YES_NO = {"是": "1", "否": "", "Y": "1", "N": "", "yes": "1", "no": ""}

_NUMBER = re.compile(r"(?P<year>[0-9]{2,3})-LRF-(?P<sequence>[0-9]{6})")

# --- cells ---------------------------------------------------------------------------------


def legacy_number(raw) -> str:
    number = cells.as_text(raw)
    if len(number) > 64:
        raise cells.CellError(_("原案號最多 64 字。"))
    return number


def _choice(options: dict, labels: dict, label: str):
    return cells.choice(options, label=label, shown=list(labels.values()))


def instance(label: str):
    parse = cells.choice(INSTANCES, label=label, shown=list(INSTANCE_LABELS.values()))
    return lambda raw: int(parse(raw))


def yes_no(raw) -> bool:
    return bool(cells.choice(YES_NO, label="是否", shown=["是", "否"])(raw))


def text_up_to(limit: int):
    def parse(raw) -> str:
        value = cells.as_text(raw)
        if len(value) > limit:
            raise cells.CellError(_("最多 %(n)s 字。") % {"n": limit})
        return value

    return parse


_amount = cells.integer(minimum=0, maximum=MAX_AMOUNT)
_requested = cells.integer(minimum=1, maximum=MAX_AMOUNT)
_months = cells.integer(minimum=1, maximum=MAX_MONTHS)

# --- the record the engine handles ---------------------------------------------------------

# The application's columns: the same on every row of one 原案號.
CASE_DEFAULTS = {
    "legacy_number": "",
    "received_on": None,
    "applicant_kind": "",
    "applicant_ids": (),
    "applicant_names": (),
    "union_name": "",
    "respondent_ubn": "",
    "respondent_name": "",
    "court": "",
    "instance": None,
    "case_type": "",
    "lawsuit_number": "",
    "decided_on": None,
    "outcome": "",
    "outcome_on": None,
    "closed": False,
}
# The item's columns.
ITEM_DEFAULTS = {
    "item_kind": "",
    "item_instance": None,
    "months": None,
    "complex": False,
    "requested": None,
    "approved": None,
    "paid": 0,
    "claim": 0,
    "repaid": 0,
    "reclassified": 0,
}
DEFAULTS = {**CASE_DEFAULTS, **ITEM_DEFAULTS}


class _Field:
    def __init__(self, name: str):
        self.name = self.attname = name


class _Meta:
    app_label = "fund"
    model_name = "application"
    simple_history_manager_attribute = "history"
    concrete_fields = tuple(_Field(name) for name in DEFAULTS)

    def get_fields(self):
        return self.concrete_fields


class _Writer:
    model = None  # PastItem, set below

    def bulk_create(self, records, batch_size=None, ignore_conflicts=False):
        past_items_create(records)
        return records

    def bulk_update(self, records, fields, batch_size=None):
        # The check refuses every row that differs from an imported item; one that changed
        # between the check and the write rolls the import back.
        _refuse("an imported application is not changed by an import")


class _History:
    def bulk_history_create(self, records, batch_size=None, update=False, default_user=None,
                            default_change_reason=None, default_date=None,
                            custom_historical_attrs=None):
        past_items_record(records, user=default_user, reason=default_change_reason or "")
        return records


class PastItem:
    """One row of the file: an item of a past application, with the application's columns."""

    _meta = _Meta()
    objects = _default_manager = _Writer()
    history = _History()

    def __init__(self, **values):
        for name, default in DEFAULTS.items():
            setattr(self, name, values.get(name, default))
        self.pk = None
        self.application: Application | None = None  # set on records read or written
        self.new_persons: list[Person] = []
        self.added_to_existing = False

    def values(self) -> dict:
        return {name: getattr(self, name) for name in DEFAULTS}

    @property
    def item_key(self) -> tuple:
        return (self.item_kind, self.item_instance)

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        if "applicant_names" not in exclude and any(len(n) > 100 for n in self.applicant_names):
            raise ValidationError({"applicant_names": _("姓名或名稱最多 %(n)s 字。") % {"n": 100}})

    def clean(self):
        """The row's columns against each other (each cell was checked on its own)."""
        errors = {}
        self._clean_applicants(errors)
        self._clean_item(errors)
        if self.decided_on < self.received_on:
            errors["decided_on"] = _("核定日期（%(day)s）不得早於收件日期（%(received)s）。") % {
                "day": self.decided_on.isoformat(), "received": self.received_on.isoformat()}
        if bool(self.outcome) != bool(self.outcome_on):
            errors["outcome_on" if self.outcome else "outcome"] = _(
                "訴訟結果與訴訟結果日期須一併填寫。")
        elif self.outcome_on and self.outcome_on < self.received_on:
            errors["outcome_on"] = _(
                "訴訟結果日期（%(day)s）不得早於收件日期（%(received)s）。"
            ) % {"day": self.outcome_on.isoformat(), "received": self.received_on.isoformat()}
        # The amounts, each within the one before (caps are not applied: past decisions stand).
        if self.approved > self.requested:
            errors["approved"] = _(
                "核定金額（%(approved)s 元）不得超過申請金額（%(requested)s 元）。"
            ) % {"approved": self.approved, "requested": self.requested}
        elif self.paid > self.approved:
            errors["paid"] = _(
                "已撥付金額（%(paid)s 元）不得超過核定金額（%(approved)s 元）。"
            ) % {"paid": self.paid, "approved": self.approved}
        elif self.claim > self.paid:
            errors["claim"] = _(
                "應繳還金額（%(claim)s 元）不得超過已撥付金額（%(paid)s 元）。"
            ) % {"claim": self.claim, "paid": self.paid}
        elif self.repaid + self.reclassified > self.claim:
            errors["repaid"] = _(
                "已繳還金額與已轉列金額合計（%(moved)s 元）不得超過應繳還金額（%(claim)s 元）。"
            ) % {"moved": self.repaid + self.reclassified, "claim": self.claim}
        elif self.claim and not self.outcome:
            errors["claim"] = _("有應繳還金額時，請填寫訴訟結果及訴訟結果日期。")
        elif self.closed and self.claim > self.repaid + self.reclassified:
            errors["closed"] = _(
                "結案的案件不得尚有未清償的應繳還款（此項目尚欠 %(left)s 元）。"
            ) % {"left": self.claim - self.repaid - self.reclassified}
        if errors:
            raise ValidationError(errors)

    def _clean_applicants(self, errors: dict) -> None:
        ids, names = self.applicant_ids, self.applicant_names
        if any(id_kind_of(id_number) == Person.IdKind.PASSPORT for id_number in ids):
            errors["applicant_ids"] = _("申請人證號應為身分證字號或統一證號。")
        elif self.applicant_kind == ApplicantKind.WORKER and len(ids) != 1:
            errors["applicant_ids"] = _(
                "申請人身分為「勞工」時只能有一位申請人；多人請填「勞工（多人共同申請）」。")
        elif self.applicant_kind == ApplicantKind.WORKERS and len(ids) < 2:
            errors["applicant_ids"] = _("多人共同申請應有兩位以上申請人。")
        if len(names) != len(ids):
            errors["applicant_names"] = _(
                "申請人姓名有 %(names)s 個，證號有 %(ids)s 個；請依證號的順序逐一填寫姓名。"
            ) % {"names": len(names), "ids": len(ids)}
        if self.applicant_kind == ApplicantKind.UNION and not self.union_name:
            errors["union_name"] = _("申請人為工會時，請填寫工會名稱。")
        elif self.applicant_kind != ApplicantKind.UNION and self.union_name:
            errors["union_name"] = _("只有申請人為工會時填寫工會名稱。")

    def _clean_item(self, errors: dict) -> None:
        if self.item_kind in rules.PER_INSTANCE:
            if self.item_instance is None:
                errors["item_instance"] = _("裁判費及律師費請填寫項目審級（第一審至第三審）。")
        elif self.item_instance is not None:
            errors["item_instance"] = _("只有裁判費及律師費填寫項目審級。")
        if self.item_kind == ItemKind.LIVING_EXPENSES:
            if self.months is None:
                errors["months"] = _("生活費用請填寫月數（1 至 %(max)d 個月）。") % {
                    "max": MAX_MONTHS}
        elif self.months is not None:
            errors["months"] = _("只有生活費用填寫月數。")
        if self.complex and self.item_kind != ItemKind.LAWYER_FEE:
            errors["complex"] = _("只有律師費可以標示複雜案件。")


_Writer.model = PastItem

CASE_ATTRS = tuple(CASE_DEFAULTS)
ITEM_ATTRS = tuple(ITEM_DEFAULTS)

# --- reading imported applications back ----------------------------------------------------


def _case_values(application: Application) -> dict:
    case = application.case
    persons = [applicant.person for applicant in application.applicants.all()]
    return {
        "legacy_number": application.legacy_number,
        "received_on": local_date(case.received_at),
        "applicant_kind": application.applicant_kind,
        "applicant_ids": tuple(person.id_number for person in persons),
        "applicant_names": tuple(person.name for person in persons),
        "union_name": application.union_name,
        "respondent_ubn": application.respondent.ubn if application.respondent_id else "",
        "respondent_name": application.respondent_name,
        "court": application.court,
        "instance": application.instance,
        "case_type": application.case_type,
        "lawsuit_number": application.lawsuit_number,
        "decided_on": application.decided_on,
        "outcome": application.outcome,
        "outcome_on": application.outcome_on,
        "closed": case.status == Status.CLOSED,
    }


def _item_values(item: Item) -> dict:
    """The item as the file has it: only what was imported (legacy rows) is read, so that
    payments and repayments recorded in the system since do not make a row differ."""
    claim = getattr(item, "recovery_claim", None)
    moved = defaultdict(int)
    if claim is not None:
        for movement in claim.movements.all():
            if movement.legacy:
                moved[movement.kind] += movement.amount
    return {
        "item_kind": item.kind,
        "item_instance": item.instance,
        "months": item.months,
        "complex": item.complex,
        "requested": item.requested,
        "approved": item.approved,
        "paid": sum(d.amount for d in item.disbursements.all() if d.legacy),
        "claim": claim.amount if claim is not None else 0,
        "repaid": moved[RecoveryMovement.Kind.REPAYMENT],
        "reclassified": moved[RecoveryMovement.Kind.RECLASSIFICATION],
    }


def past_applications_read(numbers) -> dict[str, tuple[dict, dict[tuple, PastItem]]]:
    """The imported applications with these 原案號: (case values, item records by item key)."""
    numbers = sorted({number for number in numbers if number})
    found = {}
    for start in range(0, len(numbers), CHUNK):
        applications = (
            Application.objects.filter(legacy_number__in=numbers[start : start + CHUNK])
            .select_related("case", "respondent")
            .prefetch_related("applicants__person", "items__disbursements",
                              "items__recovery_claim__movements")
        )
        for application in applications:
            case_values = _case_values(application)
            items = {}
            for item in application.items.all():
                record = PastItem(**case_values, **_item_values(item))
                record.application = application
                record.pk = application.pk
                items[record.item_key] = record
            found[application.legacy_number] = (case_values, items)
    return found


# --- writing ------------------------------------------------------------------------------


def _refuse(message: str):
    # A DatabaseError: the engine rolls the whole import back and reports it.
    raise IntegrityError(message)


def _kept_number(record: PastItem) -> tuple[int, int] | None:
    """(AD year, sequence) of a 原案號 that has our case numbers' form for its year."""
    number = unicodedata.normalize("NFKC", record.legacy_number).upper().replace(" ", "")
    match = _NUMBER.fullmatch(number)
    if match is None:
        return None
    year, sequence = int(match["year"]) + ROC_EPOCH_OFFSET, int(match["sequence"])
    if year != record.received_on.year or sequence == 0:
        return None
    return year, sequence


def _numbers(firsts: list[PastItem]) -> dict[str, tuple[int, int]]:
    """(AD year, sequence) for each new application: the bureau's number when it has our form,
    its year of receipt and no case has it; the year's next number otherwise. The sequences are
    locked until the import commits and raised above every number used."""
    sequences = {}
    for year in sorted({record.received_on.year for record in firsts}):
        CaseNumberSequence.objects.get_or_create(line=LINE, year=year)
        sequences[year] = CaseNumberSequence.objects.select_for_update().get(line=LINE,
                                                                            year=year)
    wanted = {record.legacy_number: _kept_number(record) for record in firsts}
    candidates = {format_case_number(line=LINE, year=kept[0], sequence=kept[1]): number
                  for number, kept in wanted.items() if kept}
    taken = set(Case.objects.filter(number__in=list(candidates)).values_list("number",
                                                                             flat=True))
    numbers = {}
    for case_number, legacy in candidates.items():
        if case_number not in taken:
            numbers[legacy] = wanted[legacy]
            counter = sequences[wanted[legacy][0]]
            counter.last_value = max(counter.last_value, wanted[legacy][1])
    for record in sorted(firsts, key=lambda r: (r.received_on, r.legacy_number)):
        if record.legacy_number not in numbers:
            counter = sequences[record.received_on.year]
            counter.last_value += 1
            numbers[record.legacy_number] = (record.received_on.year, counter.last_value)
    for counter in sequences.values():
        counter.save(update_fields=["last_value"])
    return numbers


def _establishments(records) -> dict[str, Establishment]:
    ubns = sorted({record.respondent_ubn for record in records if record.respondent_ubn})
    found = {est.ubn: est for est in Establishment.objects.filter(ubn__in=ubns)}
    for ubn in ubns:
        if ubn not in found:
            _refuse(f"establishment {ubn} no longer exists")
    return found


def _summary(record: PastItem, group: list[PastItem]) -> str:
    kinds = "、".join(dict.fromkeys(ITEM_LABELS[r.item_kind] for r in group))
    return f"{CASE_TYPE_LABELS[record.case_type]}：{kinds}"[:300]


def _case_times(record: PastItem) -> tuple[dt.datetime, dt.datetime | None]:
    received_at = _at(record.received_on, RECEIVED_TIME)
    if not record.closed:
        return received_at, None
    last = max(record.decided_on, record.outcome_on or record.decided_on)
    return received_at, max(_at(last, CLOSED_TIME), received_at)


def _new_applications(groups: dict[str, list[PastItem]], persons, establishments) -> None:
    firsts = [group[0] for group in groups.values()]
    numbers = _numbers(firsts)
    cases = []
    for record in firsts:
        year, sequence = numbers[record.legacy_number]
        received_at, closed_at = _case_times(record)
        cases.append(Case(
            number=format_case_number(line=LINE, year=year, sequence=sequence), line=LINE,
            year=year, sequence=sequence, channel=Channel.COUNTER,
            status=Status.CLOSED if record.closed else Status.APPROVED,
            received_at=received_at, closed_at=closed_at,
            establishment=establishments.get(record.respondent_ubn),
            person=persons[record.applicant_ids[0]],
            summary=_summary(record, groups[record.legacy_number]),
        ))
    # A number issued meanwhile fails the unique constraint: the engine rolls back.
    Case.objects.bulk_create(cases, batch_size=CHUNK)
    if any(case.pk is None for case in cases):  # databases without RETURNING
        by_number = Case.objects.in_bulk([c.number for c in cases], field_name="number")
        cases = [by_number[case.number] for case in cases]
    applications, applicants = [], []
    for record, case in zip(firsts, cases, strict=True):
        application = Application(
            case=case, applicant_kind=record.applicant_kind, union_name=record.union_name,
            respondent=establishments.get(record.respondent_ubn),
            respondent_name=record.respondent_name, court=record.court,
            instance=record.instance, case_type=record.case_type,
            lawsuit_number=record.lawsuit_number, decided_on=record.decided_on,
            outcome=record.outcome, outcome_on=record.outcome_on,
            legacy_number=record.legacy_number,
        )
        applications.append(application)
        # Income and assets are not in the past records: 0 (unknown).
        applicants += [Applicant(application=application, person=persons[id_number],
                                 annual_income=0, assets=0)
                       for id_number in record.applicant_ids]
        for member in groups[record.legacy_number]:
            member.application = application
    Application.objects.bulk_create(applications, batch_size=CHUNK)
    Applicant.objects.bulk_create(applicants, batch_size=CHUNK)


def _items(records: list[PastItem]) -> None:
    """Each record's item, its legacy payment, its claim and the claim's legacy movements."""
    items = [Item(application=record.application, kind=record.item_kind,
                  instance=record.item_instance, months=record.months, complex=record.complex,
                  requested=record.requested, approved=record.approved)
             for record in records]
    Item.objects.bulk_create(items, batch_size=CHUNK)
    payments, claims, claimed = [], [], []
    for record, item in zip(records, items, strict=True):
        if record.paid:
            payments.append(Disbursement(item=item, paid_on=record.decided_on,
                                         amount=record.paid, legacy=True))
        if record.claim:
            claims.append(RecoveryClaim(application=record.application, item=item,
                                        basis=BASIS_OF_OUTCOME[record.outcome],
                                        assessed_on=record.outcome_on, amount=record.claim))
            claimed.append(record)
    Disbursement.objects.bulk_create(payments, batch_size=CHUNK)
    RecoveryClaim.objects.bulk_create(claims, batch_size=CHUNK)
    movements = []
    for record, claim in zip(claimed, claims, strict=True):
        # The file has no dates for them: dated the day the claim was assessed.
        if record.repaid:
            movements.append(RecoveryMovement(claim=claim, kind=RecoveryMovement.Kind.REPAYMENT,
                                              on=claim.assessed_on, amount=record.repaid,
                                              legacy=True))
        if record.reclassified:
            movements.append(RecoveryMovement(
                claim=claim, kind=RecoveryMovement.Kind.RECLASSIFICATION, on=claim.assessed_on,
                amount=record.reclassified, reason=RECLASSIFICATION_REASON, legacy=True))
    RecoveryMovement.objects.bulk_create(movements, batch_size=CHUNK)


def past_items_create(records: list[PastItem]) -> None:
    """Write new items, creating their applications when the 原案號 is new."""
    if not records:
        return
    groups: dict[str, list[PastItem]] = defaultdict(list)
    for record in records:
        groups[record.legacy_number].append(record)
    existing = {a.legacy_number: a for a in
                Application.objects.filter(legacy_number__in=list(groups))
                .select_related("case")}
    new = {number: group for number, group in groups.items() if number not in existing}
    for number, application in existing.items():
        for record in groups[number]:
            record.application = application
            record.added_to_existing = True
    if new:
        _new_applications(new, _persons(records), _establishments(records))
    _items(records)
    for record in records:
        record.pk = record.application.pk


def _event_item(record: PastItem) -> list:
    return [record.item_kind, record.item_instance, record.months, record.requested,
            record.approved, record.paid, record.claim, record.repaid, record.reclassified]


def past_items_record(records: list[PastItem], *, user, reason: str) -> None:
    """One CaseEvent ``import`` per application written, and the new persons' history rows."""
    actor_kind = CaseEvent.ActorKind.PERSON if user is not None else CaseEvent.ActorKind.SYSTEM
    now = timezone.now()
    groups: dict[int, list[PastItem]] = defaultdict(list)
    for record in records:
        groups[record.pk].append(record)
    events = []
    for pk, group in groups.items():
        first = group[0]
        new_values = {"items": [_event_item(record) for record in group]}
        if first.added_to_existing:
            status = first.application.case.status
            from_status = status
        else:
            status = Status.CLOSED if first.closed else Status.APPROVED
            from_status = ""
            new_values.update({
                "legacy_number": first.legacy_number,
                "applicant_ids": [mask_id(id_number) for id_number in first.applicant_ids],
                "decided_on": first.decided_on.isoformat(),
                "outcome": first.outcome,
            })
        events.append(CaseEvent(case_id=pk, at=now, actor=user, actor_kind=actor_kind,
                                action=IMPORT_ACTION, from_status=from_status,
                                to_status=status, new_values=new_values, note=reason))
    CaseEvent.objects.bulk_create(events, batch_size=CHUNK)
    created = [person for record in records for person in record.new_persons]
    if created:
        Person.history.bulk_history_create(created, batch_size=CHUNK, default_user=user,
                                           default_change_reason=reason[:100])


# --- the kind -----------------------------------------------------------------------------


@register
class PastFundItemKind(Kind):
    name = "fund_applications"
    label = _l("勞工權益基金訴訟補助歷史案件")
    model = PastItem
    key_attrs = ("legacy_number", "item_kind", "item_instance")
    key_label = "原案號、補助項目及項目審級"
    masked_headers = frozenset({"申請人證號"})
    columns = (
        Column("原案號", "legacy_number", legacy_number, required=True,
               format=_l("局內原案號，同一案件的各項目列填相同案號"), example="112-補-0031"),
        Column("收件日期", "received_on", cells.date_between(), required=True,
               format=_l("日期（西元或民國），不得晚於今天"), example="112/03/01"),
        Column("申請人身分", "applicant_kind",
               _choice(APPLICANT_KINDS, APPLICANT_KIND_LABELS, "申請人身分"), required=True,
               format=_l("勞工、勞工（多人共同申請）或工會"), example="勞工"),
        Column("申請人證號", "applicant_ids", applicant_ids, required=True,
               format=_l("身分證字號或統一證號，多人以分號分隔"), example="A123456789"),
        Column("申請人姓名", "applicant_names", applicant_names, required=True,
               format=_l("依證號順序，多人以分號分隔"), example="王小明"),
        Column("工會名稱", "union_name", text_up_to(200),
               format=_l("申請人為工會時填寫"), example=""),
        Column("被告雇主統一編號", "respondent_ubn", respondent_ubn,
               format=_l("8 位數字；填寫時事業單位須已存在"), example="22099131"),
        Column("被告雇主名稱", "respondent_name", text_up_to(200), required=True,
               format=_l("最多 200 字"), example="好工作股份有限公司"),
        Column("受訴法院", "court", _choice(COURTS, COURT_LABELS, "受訴法院"), required=True,
               format=_l("臺灣臺北地方法院、臺灣士林地方法院、臺灣新北地方法院、臺灣高等法院、"
                         "最高法院或其他法院"),
               example="臺灣臺北地方法院"),
        Column("審級", "instance", instance("審級"), required=True,
               format=_l("第一審、第二審或第三審"), example="第一審"),
        Column("訴訟類別", "case_type", _choice(CASE_TYPES, CASE_TYPE_LABELS, "訴訟類別"),
               required=True, format=_l("解僱、職災、關廠、積欠工資或其他"), example="解僱"),
        Column("法院案號", "lawsuit_number", text_up_to(100),
               format=_l("最多 100 字"), example="112年度勞訴字第1號"),
        Column("核定日期", "decided_on", cells.date_between(), required=True,
               format=_l("日期（西元或民國），不得早於收件日期"), example="112/03/15"),
        Column("補助項目", "item_kind", _choice(ITEMS, ITEM_LABELS, "補助項目"), required=True,
               format=_l("裁判費、律師費、強制執行費或生活費用"), example="裁判費"),
        Column("項目審級", "item_instance", instance("項目審級"), empty=None,
               format=_l("裁判費及律師費填第一審至第三審；其他項目留空"), example="第一審"),
        Column("月數", "months", _months, empty=None,
               format=_l("生活費用的月數（1 至 120）；其他項目留空"), example=""),
        Column("複雜案件", "complex", yes_no, empty=False,
               format=_l("是或否（只用於律師費）；空白為否"), example="否"),
        Column("申請金額", "requested", _requested, required=True,
               format=_l("整數金額（元），大於 0"), example="30000"),
        Column("核定金額", "approved", _amount, required=True,
               format=_l("整數金額（元），不得超過申請金額"), example="30000"),
        Column("已撥付金額", "paid", _amount, empty=0,
               format=_l("整數金額（元），不得超過核定金額；空白為 0"), example="30000"),
        Column("訴訟結果", "outcome", _choice(OUTCOMES, OUTCOME_LABELS, "訴訟結果"),
               format=_l("判決勝訴、判決一部勝訴、判決敗訴、訴訟上和解或撤回起訴"),
               example="判決勝訴"),
        Column("訴訟結果日期", "outcome_on", cells.date_between(), empty=None,
               format=_l("日期（西元或民國）；有訴訟結果時必填"), example="112/09/01"),
        Column("應繳還金額", "claim", _amount, empty=0,
               format=_l("整數金額（元），不得超過已撥付金額；空白為 0"), example="30000"),
        Column("已繳還金額", "repaid", _amount, empty=0,
               format=_l("整數金額（元）；與已轉列金額合計不得超過應繳還金額"), example="10000"),
        Column("已轉列金額", "reclassified", _amount, empty=0,
               format=_l("整數金額（元）"), example="0"),
        Column("結案", "closed", yes_no, required=True,
               format=_l("是或否；結案的案件不得尚有未清償的應繳還款"), example="否"),
    )

    def __init__(self):
        self.establishments: dict[str, Establishment] = {}
        self.persons: dict[str, Person] = {}
        self.imported: dict[str, tuple[dict, dict]] = {}
        self.new_names: dict[str, str] = {}
        # The case columns of each 原案號's first row in the file.
        self.first_rows: dict[str, dict] = {}

    @classmethod
    def import_permissions(cls):
        return ("fund.add_application", "fund.change_application")

    @classmethod
    def export_permissions(cls):
        # The file holds the applicants' full personal IDs.
        return ("fund.view_application", "core.view_person_full")

    def file_key(self, values):
        return tuple(values.get(attr, DEFAULTS[attr]) for attr in self.key_attrs)

    # --- checking ---------------------------------------------------------------------
    def prepare(self, rows_values):
        ubns = {v["respondent_ubn"] for v in rows_values if v.get("respondent_ubn")}
        ubns = sorted(ubns - self.establishments.keys())
        for start in range(0, len(ubns), CHUNK):
            for est in Establishment.objects.filter(ubn__in=ubns[start : start + CHUNK]):
                self.establishments[est.ubn] = est
        ids = {i for v in rows_values for i in v.get("applicant_ids", ())}
        ids = sorted(ids - self.persons.keys())
        for start in range(0, len(ids), CHUNK):
            for person in Person.objects.filter(id_number__in=ids[start : start + CHUNK]):
                self.persons[person.id_number] = person
        numbers = {v["legacy_number"] for v in rows_values if v.get("legacy_number")}
        self.imported.update(past_applications_read(numbers - self.imported.keys()))

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
        number = values.get("legacy_number")
        if not number:
            return errors
        case_values = {attr: values[attr] for attr in CASE_ATTRS if attr in values}
        first = self.first_rows.setdefault(number, case_values)
        for attr, value in case_values.items():
            if attr in first and first[attr] != value:
                errors.setdefault(attr, _(
                    "與檔案中原案號「%(number)s」的其他列不同；同一案件各列的案件欄位須相同。"
                ) % {"number": number})
        imported = self.imported.get(number)
        if imported is not None:
            imported_case, imported_items = imported
            item = imported_items.get(self.file_key(values)[1:])
            compared = imported_case | (item.values() if item is not None else {})
            for attr, value in values.items():
                if attr in compared and attr != "legacy_number" and compared[attr] != value:
                    errors.setdefault(attr, _(
                        "原案號「%(number)s」已匯入，此欄與已匯入的資料不同；已匯入的案件不以"
                        "匯入修改，請於案件頁面辦理。"
                    ) % {"number": number})
        return errors

    def _name_problem(self, id_number: str, name: str) -> str:
        return name_problem(self.persons, self.new_names, id_number, name)

    # --- existing rows ----------------------------------------------------------------
    def existing(self, keys):
        found = {}
        for number, (_case, items) in past_applications_read(k[0] for k in keys).items():
            for item_key, record in items.items():
                found[(number, *item_key)] = record
        return found

    # --- export -----------------------------------------------------------------------
    def export_queryset(self):
        """The items of imported applications (those received here are not past records)."""
        return (Item.objects.exclude(application__legacy_number="")
                .select_related("application__case", "application__respondent")
                .prefetch_related("application__applicants__person", "disbursements",
                                  "recovery_claim__movements")
                .order_by("application__legacy_number", "pk"))

    def export_row(self, obj):
        record = PastItem(**_case_values(obj.application), **_item_values(obj))

        def day(value):
            return value.isoformat() if value else ""

        def number(value):
            return "" if value is None else str(value)

        return [
            record.legacy_number, day(record.received_on),
            APPLICANT_KIND_LABELS.get(record.applicant_kind, record.applicant_kind),
            LIST_SEPARATOR.join(record.applicant_ids),
            LIST_SEPARATOR.join(record.applicant_names),
            record.union_name, record.respondent_ubn, record.respondent_name,
            COURT_LABELS.get(record.court, record.court), INSTANCE_LABELS[record.instance],
            CASE_TYPE_LABELS.get(record.case_type, record.case_type), record.lawsuit_number,
            day(record.decided_on), ITEM_LABELS.get(record.item_kind, record.item_kind),
            INSTANCE_LABELS.get(record.item_instance, ""), number(record.months),
            YES_NO_LABELS[record.complex], number(record.requested), number(record.approved),
            str(record.paid), OUTCOME_LABELS.get(record.outcome, ""), day(record.outcome_on),
            str(record.claim), str(record.repaid), str(record.reclassified),
            YES_NO_LABELS[record.closed],
        ]
