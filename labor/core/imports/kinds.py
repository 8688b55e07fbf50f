"""What an import kind declares: its columns, its natural key, how it finds existing rows
and how it writes a row out again for export.

A kind is a small class; the engine (labor.core.imports.engine) does the rest the same way
for every kind. Apps add kinds in their own ``imports.py`` with ``@register``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from labor.core.imports.cells import CellError, is_empty

CHUNK = 500


def _quoted(headers) -> str:
    return "、".join(f"「{header}」" for header in headers)


@dataclass(frozen=True)
class Column:
    header: str  # zh-Hant, exactly as in the file's first row
    attr: str | None  # model field it fills; None: read and ignored (e.g. 星期)
    parse: Callable[[Any], Any] | None = None
    required: bool = False
    empty: Any = ""  # the value of an empty optional cell
    format: str = ""  # for docs/import-formats.md and the page's help
    example: str = ""


class Kind:
    """One kind of record that can be imported and exported."""

    name: ClassVar[str]
    label: ClassVar[str]  # zh-Hant, lazily translated
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    key_attrs: ClassVar[tuple[str, ...]]
    key_label: ClassVar[str]  # the natural key in words, for the duplicate message
    masked_headers: ClassVar[frozenset[str]] = frozenset()
    # Beyond add_/change_/view_<model>: e.g. full personal IDs need view_person_full.
    extra_export_permissions: ClassVar[tuple[str, ...]] = ()

    # --- permissions ------------------------------------------------------------------
    @classmethod
    def _perm(cls, action: str) -> str:
        return f"{cls.model._meta.app_label}.{action}_{cls.model._meta.model_name}"

    @classmethod
    def import_permissions(cls) -> tuple[str, ...]:
        # An import both creates and updates rows.
        return (cls._perm("add"), cls._perm("change"))

    @classmethod
    def export_permissions(cls) -> tuple[str, ...]:
        return (cls._perm("view"), *cls.extra_export_permissions)

    @classmethod
    def can_import(cls, user) -> bool:
        return user.has_perms(cls.import_permissions())

    @classmethod
    def can_export(cls, user) -> bool:
        return user.has_perms(cls.export_permissions())

    # --- headers ------------------------------------------------------------------------
    @classmethod
    def headers(cls) -> list[str]:
        return [column.header for column in cls.columns]

    @classmethod
    def header_problems(cls, headers: Iterable[str]) -> list[str]:
        """File-level problems with the first row: missing required or unknown columns.

        Unknown columns are refused rather than ignored, so that a misspelt optional
        column (「負責人姓名」 for 「負責人」) is not silently dropped.
        """
        headers = list(headers)
        known = set(cls.headers())
        missing = [c.header for c in cls.columns if c.required and c.header not in headers]
        unknown = [header for header in headers if header not in known]
        problems = []
        if missing:
            problems.append(_("缺少必要欄位：%(headers)s。") % {"headers": _quoted(missing)})
        if unknown:
            problems.append(_("無法辨識的欄位：%(headers)s。") % {"headers": _quoted(unknown)})
        if problems:
            problems.append(
                _("「%(label)s」的欄位為：%(known)s；請確認資料類別是否選對。")
                % {"label": cls.label, "known": _quoted(cls.headers())}
            )
        return problems

    @classmethod
    def header_of(cls, attr: str) -> str:
        for column in cls.columns:
            if column.attr == attr:
                return column.header
        return ""

    # --- one row ------------------------------------------------------------------------
    def parse(self, cells: dict, present: list[Column]) -> tuple[dict, dict]:
        """(values by attr, messages by attr) for one row's cells."""
        values, errors = {}, {}
        for column in present:
            if column.attr is None:
                continue
            raw = cells.get(column.header)
            if is_empty(raw):
                if column.required:
                    errors[column.attr] = _("此欄必填。")
                else:
                    values[column.attr] = column.empty
                continue
            try:
                values[column.attr] = column.parse(raw) if column.parse else raw
            except CellError as exc:
                errors[column.attr] = exc.message
        return values, errors

    def prepare(self, rows_values: list[dict]) -> None:
        """Load in bulk what ``resolve`` looks up (called once per chunk of rows)."""

    def resolve(self, values: dict) -> dict:
        """Replace looked-up values (codes, numbers) by model instances, in place.
        Returns messages by attr for values that match nothing."""
        return {}

    def file_key(self, values: dict) -> tuple:
        return tuple(values[attr] for attr in self.key_attrs)

    def build(self, values: dict) -> models.Model:
        return self.model(**values)

    def clean_exclude(self) -> set[str]:
        """Fields the model's full_clean must not check: foreign keys resolved here (the
        model would query once per row)."""
        return set()

    # --- existing rows ------------------------------------------------------------------
    def existing(self, keys: list[tuple]) -> dict[tuple, models.Model]:
        """Existing rows by natural key. The default: a single-field key named like the
        model field."""
        (attr,) = self.key_attrs
        found = {}
        for start in range(0, len(keys), CHUNK):
            chunk = [key[0] for key in keys[start : start + CHUNK]]
            for obj in self.model._default_manager.filter(**{f"{attr}__in": chunk}):
                found[(getattr(obj, attr),)] = obj
        return found

    # --- export -------------------------------------------------------------------------
    def export_queryset(self):
        return self.model._default_manager.all()

    def export_row(self, obj) -> list[str]:
        raise NotImplementedError


_KINDS: dict[str, type[Kind]] = {}
_discovered = False


def register(kind: type[Kind]) -> type[Kind]:
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"import kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind
    return kind


def _discover() -> None:
    global _discovered
    if not _discovered:
        # The kernel's kinds, then every installed app's imports module.
        from labor.core.imports import (  # noqa: F401
            establishments,
            headcounts,
            office_calendar,
            persons,
        )

        autodiscover_modules("imports")
        _discovered = True


def all_kinds() -> list[type[Kind]]:
    _discover()
    return list(_KINDS.values())


def get_kind(name: str) -> type[Kind]:
    _discover()
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(
            _("沒有「%(name)s」這種匯入資料類別，可用：%(known)s。")
            % {"name": name, "known": "、".join(_KINDS)}
        ) from None
