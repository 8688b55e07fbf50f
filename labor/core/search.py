"""The workspace's one search box: 統一編號, personal ID, case number, or a name.

The query is recognised by its shape, as people type it (spaces, dashes and letter case do not
matter): 8 digits are a 統一編號, a letter and nine characters a personal ID, year-prefix-number
a case number; anything else is looked up as part of an establishment's or a person's name.
An exact hit on a 統一編號 or a case number goes straight to its page.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from labor.core import identifiers, lines
from labor.core.formatting import mask_id
from labor.core.models import Case, Establishment, Person
from labor.core.permissions import visible_cases

MAX_QUERY_LENGTH = 100
MIN_NAME_LENGTH = 2
# Lists of people and cases are short on purpose: a search is for finding one record.
MAX_PERSONS = 50
MAX_CASES = 50

_CASE_NUMBER = re.compile(r"^(\d{2,3})([A-Z]{2,6})(\d{1,6})$")
_PERSONAL_ID = re.compile(r"^[A-Z][A-D0-9]\d{8}$")
_PASSPORT_LIKE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{5,20}$")


class Kind:
    UBN = "ubn"
    PERSONAL_ID = "personal_id"
    CASE_NUMBER = "case_number"
    NAME = "name"


@dataclass
class SearchOutcome:
    query: str
    kind: str
    redirect_to: str | None = None
    notices: list[str] = field(default_factory=list)
    establishments: QuerySet | None = None
    persons: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def display_query(self) -> str:
        """The query as pages may echo it: a personal ID masked, like everywhere else."""
        return mask_id(self.query) if self.kind == Kind.PERSONAL_ID else self.query

    @property
    def is_private(self) -> bool:
        """Whether the query itself is personal data (kept out of URLs and page titles)."""
        return self.kind == Kind.PERSONAL_ID

    @property
    def found_anything(self) -> bool:
        return bool(
            (self.establishments is not None and self.establishments.exists())
            or self.persons
            or self.cases
        )


def classify(query: str) -> tuple[str, str]:
    """(kind, normalised query). Case numbers are normalised to 112-GEN-000001.

    Identifiers are read after NFKC normalisation, so full-width digits and letters typed with
    a Chinese input method count; a name is kept as typed (names use full-width brackets).
    """
    compact = identifiers.compact(unicodedata.normalize("NFKC", query))
    if compact.isdigit() and compact.isascii():
        return Kind.UBN, compact
    if match := _CASE_NUMBER.match(compact):
        year, prefix, sequence = match.groups()
        return Kind.CASE_NUMBER, f"{int(year)}-{prefix}-{int(sequence):06d}"
    if _PERSONAL_ID.match(compact):
        return Kind.PERSONAL_ID, compact
    return Kind.NAME, " ".join(query.split())


def shape_error(query: str) -> str | None:
    """A zh-Hant message when the query cannot be searched at all, else None."""
    text = " ".join((query or "").split())
    if not text:
        return _("請輸入統一編號、身分證字號、案號或名稱。")
    if any(unicodedata.category(char) == "Cc" for char in text):
        return _("查詢文字含有控制字元，請重新輸入。")
    if len(text) > MAX_QUERY_LENGTH:
        return _("查詢文字過長（最多 %(max)s 個字）。") % {"max": MAX_QUERY_LENGTH}
    kind, value = classify(text)
    if kind == Kind.UBN and len(value) != 8:
        return _(
            "統一編號應為 8 位數字，您輸入了 %(count)s 位數字。若要依名稱查詢，請輸入名稱文字。"
        ) % {"count": len(value)}
    if kind == Kind.NAME and len(text) < MIN_NAME_LENGTH:
        return _("依名稱查詢請至少輸入 %(min)s 個字。") % {"min": MIN_NAME_LENGTH}
    return None


def global_search(*, user, query: str) -> SearchOutcome:
    """Look the query up; the caller has checked it with ``shape_error`` first."""
    kind, value = classify(query)
    handler = {
        Kind.UBN: _by_ubn,
        Kind.CASE_NUMBER: _by_case_number,
        Kind.PERSONAL_ID: _by_personal_id,
        Kind.NAME: _by_name,
    }[kind]
    outcome = SearchOutcome(query=value, kind=kind)
    handler(outcome, user)
    return outcome


def _by_ubn(outcome: SearchOutcome, user) -> None:
    ubn = outcome.query
    establishment = Establishment.objects.filter(ubn=ubn).first()
    if establishment is not None:
        outcome.redirect_to = reverse("core:establishment", args=[ubn])
        return
    if not identifiers.is_valid_ubn(ubn):
        outcome.notices.append(
            _("統一編號 %(ubn)s 的檢查碼不正確，請再確認是否輸入錯誤。") % {"ubn": ubn}
        )
    else:
        outcome.notices.append(_("查無統一編號 %(ubn)s 的事業單位。") % {"ubn": ubn})
    outcome.establishments = Establishment.objects.none()


def _by_case_number(outcome: SearchOutcome, user) -> None:
    number = outcome.query
    case = Case.objects.filter(number=number).first()
    if case is not None and visible_cases(user, Case.objects.filter(pk=case.pk)).exists():
        outcome.redirect_to = reverse("core:case", args=[case.number])
        return
    if case is not None:
        outcome.notices.append(
            _("案號 %(number)s 不在您可檢視的業務範圍內。") % {"number": number}
        )
        return
    prefix = number.split("-")[1]
    if prefix not in {line.prefix for line in lines.all_lines()}:
        outcome.notices.append(
            _("案號字軌「%(prefix)s」不存在，請確認案號（例如 112-GEN-000001）。")
            % {"prefix": prefix}
        )
    else:
        outcome.notices.append(_("查無案號 %(number)s。") % {"number": number})


def _by_personal_id(outcome: SearchOutcome, user) -> None:
    id_number = outcome.query
    outcome.persons = list(Person.objects.filter(id_number=id_number))
    valid = identifiers.is_valid_national_id(id_number) or identifiers.is_valid_ui_number(
        id_number
    )
    if outcome.persons:
        return
    if not valid:
        outcome.notices.append(
            _("證號 %(id)s 的格式或檢查碼不正確，請再確認是否輸入錯誤。")
            % {"id": _mask(id_number)}
        )
    else:
        outcome.notices.append(_("查無證號 %(id)s 的個人資料。") % {"id": _mask(id_number)})


def _by_name(outcome: SearchOutcome, user) -> None:
    text = outcome.query
    outcome.establishments = (
        Establishment.objects.filter(name__icontains=text)
        .select_related("industry", "district")
        .order_by("name", "ubn")
    )
    persons = Person.objects.filter(name__icontains=text)
    compact = identifiers.compact(text)
    if _PASSPORT_LIKE.match(compact):
        # Passport numbers have no shape of their own; an exact match is still a match.
        persons = persons | Person.objects.filter(id_number=compact)
    outcome.persons = list(persons.order_by("name", "id")[:MAX_PERSONS])
    outcome.cases = list(
        visible_cases(user, Case.objects.filter(summary__icontains=text))
        .order_by("-received_at")[:MAX_CASES]
    )
    if not outcome.found_anything:
        outcome.notices.append(_("查無符合「%(text)s」的資料。") % {"text": text})


def _mask(value: str) -> str:
    # Notices echo the query back; a personal ID is masked there as in every list.
    return mask_id(value)
