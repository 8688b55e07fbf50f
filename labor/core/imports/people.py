"""Pieces the import kinds of case files share for the persons and establishments a row
names: ID lists in one cell, names in the same order, the registry's persons found or added,
a name that must agree with the registry, accepted spellings of a label. Kept here rather
than in one line's kind, so that every line's kind reads the same cells the same way."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core import identifiers, validators
from labor.core.formatting import TAIPEI, mask_id
from labor.core.imports import cells
from labor.core.imports.kinds import CHUNK
from labor.core.models import Person

LIST_SEPARATOR = ";"
_LIST_SPLIT = re.compile(r"[;；]")
_NATIONAL_ID_SHAPE = re.compile(r"[A-Z][12][0-9]{8}")
_UI_NUMBER_SHAPE = re.compile(r"[A-Z][89A-D][0-9]{8}")


def options(labels: dict, *synonyms: tuple[str, str]) -> dict[str, str]:
    """Accepted spellings → stored value: each label, each code, and the synonyms given."""
    options = {label: str(value) for value, label in labels.items()}
    options.update({str(value): str(value) for value in labels})
    options.update(dict(synonyms))
    return options


def id_kind_of(id_number: str) -> str:
    """The kind of a personal ID by its shape (the file has no column for it)."""
    if _NATIONAL_ID_SHAPE.fullmatch(id_number):
        return Person.IdKind.NATIONAL_ID
    if _UI_NUMBER_SHAPE.fullmatch(id_number):
        return Person.IdKind.UI_NUMBER
    return Person.IdKind.PASSPORT


def at(day: dt.date, time: dt.time) -> dt.datetime:
    # Never in the future: a case received or closed today is stamped now at the latest.
    return min(dt.datetime.combine(day, time, tzinfo=TAIPEI), timezone.now())


def split_list(raw) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(cells.as_text(raw))]


def person_ids(raw) -> tuple[str, ...]:
    """One or more personal IDs separated by semicolons; a national ID or UI number must pass
    its check digit here; any other shape is taken for a passport number (only migrant
    workers' cases may have one, checked with the row)."""
    found = []
    for part in split_list(raw):
        id_number = identifiers.compact(part)
        if not id_number:
            raise cells.CellError(_("證號之間有空白項目，多人請以分號（;）分隔。"))
        id_kind = id_kind_of(id_number)
        try:
            validators.validate_person_id(id_kind, id_number)
        except ValidationError:
            if id_kind == Person.IdKind.PASSPORT:
                message = _(
                    "證號「%(value)s」不是有效的身分證字號、統一證號或護照號碼。"
                ) % {"value": part}
            else:
                message = _(
                    "證號「%(value)s」格式或檢查碼不正確。"
                ) % {"value": part}
            raise cells.CellError(message) from None
        if id_number in found:
            raise cells.CellError(_("證號「%(value)s」重複填寫。") % {"value": part})
        found.append(id_number)
    return tuple(found)


def person_names(raw) -> tuple[str, ...]:
    names = split_list(raw)
    if not all(names):
        raise cells.CellError(_("姓名之間有空白項目，多人請以分號（;）分隔。"))
    return tuple(names)


def establishment_ubn(raw) -> str:
    ubn = cells.ubn_text(raw)
    try:
        validators.validate_ubn(ubn)
    except ValidationError as exc:
        raise cells.CellError(" ".join(exc.messages)) from None
    return ubn


def find_or_add_persons(records) -> dict[str, Person]:
    """The applicants' persons by ID, creating the new ones (their history rows are written
    with the events, where the batch's user is known)."""
    wanted = {}
    for record in records:
        for id_number, name in zip(record.applicant_ids, record.applicant_names, strict=False):
            wanted.setdefault(id_number, (name, record))
    found = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), CHUNK):
        for person in Person.objects.filter(id_number__in=ids[start : start + CHUNK]):
            found[person.id_number] = person
    new = []
    for id_number in ids:
        if id_number in found:
            continue
        name, record = wanted[id_number]
        id_kind = id_kind_of(id_number)
        person = Person(id_kind=id_kind, id_number=id_number, name=name,
                        nationality="TW" if id_kind == Person.IdKind.NATIONAL_ID else "")
        new.append(person)
        record.new_persons.append(person)
    if new:
        Person.objects.bulk_create(new, batch_size=CHUNK)
        if any(person.pk is None for person in new):  # databases without RETURNING
            by_id = {p.id_number: p for p in
                     Person.objects.filter(id_number__in=[p.id_number for p in new])}
            for person in new:
                person.pk = by_id[person.id_number].pk
    found.update({person.id_number: person for person in new})
    return found


def name_problem(persons: dict, new_names: dict, id_number: str, name: str) -> str:
    """Why ``name`` cannot go with ``id_number``: not the registry's name for a known person,
    or not the name the file gave the same new person on an earlier row ("" when it can)."""
    person = persons.get(id_number)
    if person is not None:
        if person.name != name:
            return _(
                "申請人「%(name)s」與系統中證號 %(id)s 的姓名不同；請確認證號與姓名，"
                "或先以「個人」匯入更正姓名。"
            ) % {"name": name, "id": mask_id(id_number)}
        return ""
    first = new_names.setdefault(id_number, name)
    if first != name:
        return _(
            "證號 %(id)s 在檔案的其他列姓名為「%(first)s」，與此列的「%(name)s」不同。"
        ) % {"id": mask_id(id_number), "first": first, "name": name}
    return ""
