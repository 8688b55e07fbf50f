"""Checking every row of an import, then writing all of it or none of it.

Why our own thin layer rather than django-import-export (DESIGN.md's first choice): the
rules here are (1) per-cell zh-Hant messages tied to the file's own headers and spreadsheet
row numbers, (2) duplicates within the file refused, (3) nothing written when any row fails,
or only the good rows with --skip-invalid, (4) unchanged rows not saved, (5) writes in bulk
with their history rows (simple_history's bulk_*_with_history) and (6) progress while large
files are checked. django-import-export 4.4 gives none of (2), (4)'s history-in-bulk, (5) or
(6) without overriding its row loop; its dry run writes and rolls back; it has no zh-Hant
locale and keys errors by model field. What it would still give us, reading CSV/XLSX and
writing them, is a few lines over csv and openpyxl (labor.core.imports.reading/exporting).

The flow, for every kind alike:

1. ``check``: parse each cell (labor.core.imports.cells), resolve foreign keys in bulk
   (one query per 500 rows), run the model's own field validators and clean() (the UBN and
   personal-ID checks live there), then mark rows whose natural key repeats in the file.
2. ``classify``: look the natural keys up and sort valid rows into create / update /
   unchanged, comparing only the columns the file has.
3. ``write`` (unless a dry run, and only when no row failed or invalid rows are skipped):
   inside one transaction, classify again against the rows as they are now, then
   bulk-create and bulk-update with history rows.

Checking happens outside the transaction so that a background import can report progress
(ImportBatch.processed_rows) while it runs; the write is one transaction, all or nothing.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from labor.core.formatting import mask_id
from labor.core.imports.cells import as_text
from labor.core.imports.kinds import CHUNK, Kind
from labor.core.imports.reading import Table

logger = logging.getLogger(__name__)

PROGRESS_EVERY = CHUNK
PREVIEW_ROWS = 20
# A key repeated on hundreds of rows would otherwise give each row a message listing them all.
_DUPLICATE_LINES_SHOWN = 10

CREATE, UPDATE, UNCHANGED, INVALID = "create", "update", "unchanged", "invalid"
ACTION_LABELS = {
    CREATE: gettext_lazy("新增"),
    UPDATE: gettext_lazy("更新"),
    UNCHANGED: gettext_lazy("未變更"),
    INVALID: gettext_lazy("錯誤"),
}


def format_error(row: int | None, column: str, message: str) -> str:
    """「第 3 列「統一編號」：…」, the one shape of every import message."""
    if row is None:
        return message
    if column:
        return _("第 %(row)s 列「%(column)s」：%(message)s") % {
            "row": row, "column": column, "message": message,
        }
    return _("第 %(row)s 列：%(message)s") % {"row": row, "message": message}


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number; None for the file as a whole
    column: str  # header, "" for the row or file as a whole
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return format_error(self.row, self.column, self.message)


@dataclass
class Row:
    line: int
    cells: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # attr (or NON_FIELD_ERRORS) → message
    key: tuple | None = None
    instance: object = None
    action: str = ""


@dataclass
class Outcome:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    written: bool = False
    # True when the rows were (or, in a dry run, would be) refused: nothing is written.
    refused: bool = False
    # True when the file as a whole could not be used (unreadable, wrong columns).
    file_error: bool = False


# --- checking ---------------------------------------------------------------------------

def _messages(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {name: " ".join(messages) for name, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: " ".join(exc.messages)}


def _validate(kind: Kind, row: Row, exclude: set[str]) -> None:
    instance = kind.build(row.values)
    try:
        instance.clean_fields(exclude=exclude | set(row.errors))
    except ValidationError as exc:
        for name, message in _messages(exc).items():
            row.errors.setdefault(name, message)
    if not row.errors:
        # clean() relates fields to each other (a personal ID checked against its kind);
        # with a field already wrong it would only repeat the same complaint.
        try:
            instance.clean()
        except ValidationError as exc:
            for name, message in _messages(exc).items():
                row.errors.setdefault(name, message)
    row.instance = instance


def _mark_duplicates(kind: Kind, rows: list[Row]) -> None:
    by_key = defaultdict(list)
    for row in rows:
        if any(attr in row.errors for attr in kind.key_attrs):
            continue
        row.key = kind.file_key(row.values)
        by_key[row.key].append(row)
    for group in by_key.values():
        if len(group) < 2:
            continue
        lines = "、".join(str(row.line) for row in group[:_DUPLICATE_LINES_SHOWN])
        if len(group) > _DUPLICATE_LINES_SHOWN:
            lines += _("等 %(n)s 列") % {"n": len(group)}
        key_headers = [kind.header_of(attr) for attr in kind.key_attrs]
        value = "、".join(as_text(group[0].cells.get(header)) for header in key_headers)
        message = _(
            "%(key)s「%(value)s」在檔案中重複出現（第 %(lines)s 列），同一筆資料只能出現一次。"
        ) % {"key": kind.key_label, "value": value, "lines": lines}
        for row in group:
            row.errors.setdefault(kind.key_attrs[0], message)


def check(kind: Kind, table: Table, progress: Callable[[int, int], None] | None = None
          ) -> list[Row]:
    """Every row parsed and validated, its errors attached. Reads the database, never writes."""
    present = [column for column in kind.columns if column.header in table.headers]
    present_attrs = {column.attr for column in present if column.attr}
    exclude = kind.clean_exclude() | {
        f.name for f in kind.model._meta.concrete_fields if f.name not in present_attrs
    }
    total = len(table.rows)
    rows: list[Row] = []
    for start in range(0, total, CHUNK):
        chunk = []
        for line, cells in table.rows[start : start + CHUNK]:
            values, errors = kind.parse(cells, present)
            chunk.append(Row(line=line, cells=cells, values=values, errors=errors))
        kind.prepare([row.values for row in chunk])
        for row in chunk:
            for attr, message in kind.resolve(row.values).items():
                row.errors.setdefault(attr, message)
            _validate(kind, row, exclude)
        rows.extend(chunk)
        if progress:
            progress(len(rows), total)
    _mark_duplicates(kind, rows)
    return rows


def row_errors(kind: Kind, rows: list[Row]) -> list[RowError]:
    order = {column.attr: index for index, column in enumerate(kind.columns)}
    found = []
    for row in rows:
        for attr in sorted(row.errors, key=lambda a: order.get(a, len(order))):
            column = "" if attr == NON_FIELD_ERRORS else kind.header_of(attr)
            found.append(RowError(row.line, column, row.errors[attr]))
    return found


# --- classifying and writing ------------------------------------------------------------

@dataclass
class Plan:
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    changed_fields: set = field(default_factory=set)
    unchanged: int = 0


def classify(kind: Kind, rows: list[Row], present_attrs: set[str]) -> Plan:
    model_fields = {f.name: f for f in kind.model._meta.concrete_fields}
    compared = [
        model_fields[attr] for attr in present_attrs
        if attr in model_fields and attr not in kind.key_attrs
    ]
    valid = [row for row in rows if not row.errors]
    existing = kind.existing([row.key for row in valid])
    plan = Plan()
    for row in valid:
        obj = existing.get(row.key)
        if obj is None:
            row.action = CREATE
            plan.creates.append(row.instance)
            continue
        changed = [
            f for f in compared if getattr(obj, f.attname) != getattr(row.instance, f.attname)
        ]
        if not changed:
            row.action = UNCHANGED
            plan.unchanged += 1
            continue
        for f in changed:
            setattr(obj, f.attname, getattr(row.instance, f.attname))
        row.action = UPDATE
        plan.updates.append(obj)
        plan.changed_fields.update(f.name for f in changed)
    return plan


def _is_audited(model) -> bool:
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return False
    return True


def write(kind: Kind, plan: Plan, *, user=None, reason: str = "") -> None:
    """Create and update in bulk. Audited models get their history rows in the same
    transaction (never a bare bulk_update or QuerySet.update: those leave no history)."""
    model = kind.model
    manager = model._default_manager
    audited = _is_audited(model)
    history = {"default_user": user, "default_change_reason": reason[:100]}
    if plan.creates:
        if audited:
            bulk_create_with_history(plan.creates, model, batch_size=CHUNK, **history)
        else:
            manager.bulk_create(plan.creates, batch_size=CHUNK)
    if plan.updates:
        fields = sorted(plan.changed_fields)
        # bulk_update does not run auto_now; the update time is part of the change.
        stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        now = timezone.now()
        for obj in plan.updates:
            for name in stamped:
                setattr(obj, name, now)
        fields += stamped
        if audited:
            bulk_update_with_history(plan.updates, model, fields, batch_size=CHUNK, **history)
        else:
            manager.bulk_update(plan.updates, fields, batch_size=CHUNK)


# --- one run ----------------------------------------------------------------------------

def _preview(kind: Kind, table: Table, rows: list[Row]) -> list[dict]:
    headers = [column.header for column in kind.columns if column.header in table.headers]
    shown = []
    for row in rows[:PREVIEW_ROWS]:
        cells = []
        for header in headers:
            value = as_text(row.cells.get(header))
            cells.append(mask_id(value) if header in kind.masked_headers else value)
        shown.append({"line": row.line, "action": row.action or INVALID, "cells": cells,
                      "errors": [str(e) for e in row_errors(kind, [row])]})
    return shown


def run(kind: Kind, table: Table, *, dry_run: bool, skip_invalid: bool, user=None,
        reason: str = "", progress: Callable[[int, int], None] | None = None) -> Outcome:
    outcome = Outcome(total_rows=len(table.rows), headers=[
        column.header for column in kind.columns if column.header in table.headers
    ])
    problems = kind.header_problems(table.headers)
    if problems:
        outcome.errors = [RowError(None, "", message) for message in problems]
        outcome.refused = outcome.file_error = True
        return outcome
    if progress:
        progress(0, outcome.total_rows)
    rows = check(kind, table, progress)
    present_attrs = {c.attr for c in kind.columns if c.attr and c.header in table.headers}
    outcome.errors = row_errors(kind, rows)
    outcome.invalid = sum(1 for row in rows if row.errors)
    outcome.refused = outcome.invalid > 0 and not skip_invalid
    for row in rows:
        if row.errors:
            row.action = INVALID
    if dry_run:
        plan = classify(kind, rows, present_attrs)
    elif outcome.refused:
        plan = Plan()
    else:
        try:
            with transaction.atomic():
                plan = classify(kind, rows, present_attrs)
                write(kind, plan, user=user, reason=reason)
        except DatabaseError as exc:
            logger.exception("import of %s refused by the database", kind.name)
            outcome.errors.append(RowError(None, "", _(
                "寫入資料庫時發生錯誤（%(detail)s），已全部復原，沒有寫入任何資料；"
                "可能有人同時匯入相同資料，請稍後重新匯入。"
            ) % {"detail": type(exc).__name__}))
            outcome.refused = True
            plan = Plan()
        else:
            outcome.written = True
    outcome.created = len(plan.creates)
    outcome.updated = len(plan.updates)
    outcome.unchanged = plan.unchanged
    outcome.preview = _preview(kind, table, rows)
    return outcome
