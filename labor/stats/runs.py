"""Report runs: services (create, approve, publish) and selectors (freshness, differences).

Callers (the council report, the workspace pages)::

    run = run_create(period="2023H1", actor=request.user)   # snapshots every indicator
    run_values(run)            # {code: Decimal | None}, what the report prints
    run_approve(run=run, actor=checker)                      # not the maker
    run_publish(run=run, actor=checker)                      # only an approved run
    run_freshness(run)         # how old the cut-off is, which figures would differ now
    run_diff(older, newer)     # [FigureChange]: value change and the records behind it

State changes raise ``ValidationError`` with zh-Hant messages keyed by field ("actor",
"run", "period"); the edge turns them into a 4xx.

The cut-off is the time the run starts computing. The indicators are computed inside the run's
transaction, so a figure never sees half of a concurrent import; on PostgreSQL under READ
COMMITTED two figures may still see different committed states if an import commits meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.stats.models import RECORD_IDS_LIMIT, FigureSnapshot, ReportRun, RunStatus
from labor.stats.periods import Period
from labor.stats.registry import Indicator, Result, registry

__all__ = [
    "FigureChange",
    "RunFreshness",
    "definition_version",
    "run_approve",
    "run_create",
    "run_diff",
    "run_figures",
    "run_freshness",
    "run_publish",
    "run_values",
    "runs_for_period",
]


# Helpers ----------------------------------------------------------------------------------------


def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # defined in a shell or built in: fall back to its name
        return getattr(function, "__qualname__", repr(function))


def definition_version(indicator: Indicator) -> str:
    """A short hash of what the figure means: its definition, label, unit, declared version
    and the source code of the function that computes it (a family's shared function for a
    family member)."""
    compute = indicator.family.compute if indicator.family is not None else indicator.compute
    text = "\x1f".join(
        [
            indicator.code,
            indicator.definition,
            indicator.label,
            indicator.unit,
            str(indicator.version),
            _source(compute),
        ]
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_PLACES = Decimal("0.000001")  # FigureSnapshot's decimal places


def _decimal(value) -> Decimal | None:
    """A figure as stored: a Decimal with the snapshot's six decimal places."""
    if value is None:
        return None
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(_PLACES)


def _record_ids(records: QuerySet | None) -> tuple[list, bool, str]:
    """(ids up to the limit in primary-key order, whether the list was cut, app_label.model)."""
    if records is None:
        return [], False, ""
    ids = list(records.order_by("pk").values_list("pk", flat=True)[: RECORD_IDS_LIMIT + 1])
    truncated = len(ids) > RECORD_IDS_LIMIT
    ids = [pk if isinstance(pk, int) else str(pk) for pk in ids[:RECORD_IDS_LIMIT]]
    return ids, truncated, records.model._meta.label_lower


def _parse_period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}, code="invalid_period") from exc


def _snapshot(run: ReportRun, indicator: Indicator, result: Result) -> FigureSnapshot:
    ids, truncated, model = _record_ids(result.records)
    return FigureSnapshot(
        run=run,
        code=indicator.code,
        label=indicator.label,
        unit=indicator.unit,
        value=_decimal(result.value),
        numerator=_decimal(result.numerator),
        denominator=_decimal(result.denominator),
        definition=indicator.definition,
        definition_version=definition_version(indicator),
        record_ids=ids,
        records_truncated=truncated,
        record_model=model,
    )


# Services ---------------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, period: Period | str, actor, note: str = "") -> ReportRun:
    """A draft run of ``period``: every registered indicator computed now and snapshotted."""
    period = _parse_period(period)
    cut_off = timezone.now()
    results = registry.compute_all(period)
    indicators = {indicator.code: indicator for indicator in registry.indicators()}
    run = ReportRun.objects.create(
        period=str(period), cut_off=cut_off, created_by=actor, note=note
    )
    FigureSnapshot.objects.bulk_create(
        [_snapshot(run, indicators[code], result) for code, result in results.items()],
        batch_size=200,
    )
    return run


def _locked_run(run: ReportRun) -> ReportRun:
    return ReportRun.objects.select_for_update().get(pk=run.pk)


@transaction.atomic
def run_approve(*, run: ReportRun, actor) -> ReportRun:
    """Approve a draft run; the approver must not be its maker (maker-checker)."""
    locked = _locked_run(run)
    if locked.status != RunStatus.DRAFT:
        raise ValidationError({"run": _("僅草稿狀態之報表批次可核定。")}, code="not_draft")
    if actor is None or actor.pk == locked.created_by_id:
        raise ValidationError(
            {"actor": _("報表批次須由製表人以外之人員核定。")}, code="maker_checker"
        )
    locked.status = RunStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    run.refresh_from_db()
    return run


@transaction.atomic
def run_publish(*, run: ReportRun, actor) -> ReportRun:
    """Publish an approved run; from then on it never changes."""
    locked = _locked_run(run)
    if locked.status != RunStatus.APPROVED:
        raise ValidationError({"run": _("僅已核定之報表批次可公布。")}, code="not_approved")
    locked.status = RunStatus.PUBLISHED
    locked.published_by = actor
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at"])
    run.refresh_from_db()
    return run


# Selectors --------------------------------------------------------------------------------------


def runs_for_period(period: Period | str) -> QuerySet[ReportRun]:
    """The runs of a period, newest first."""
    return ReportRun.objects.filter(period=str(_parse_period(period))).select_related(
        "created_by", "approved_by", "published_by"
    )


def run_latest_published(period: Period | str) -> ReportRun | None:
    return runs_for_period(period).filter(status=RunStatus.PUBLISHED).first()


def run_figures(run: ReportRun) -> dict[str, FigureSnapshot]:
    """The run's snapshots by code, in the order they were computed (declaration order)."""
    return {figure.code: figure for figure in run.figures.order_by("pk")}


def _plain(value: Decimal | None, unit: str) -> int | Decimal | None:
    """A stored figure as computed: an int for a count or an amount without fractions, else
    the Decimal without the storage's trailing zeros (55.890000 → 55.89)."""
    if value is None:
        return None
    if unit != "%" and value == value.to_integral_value():
        return int(value)
    return value.normalize()


def run_values(run: ReportRun) -> dict[str, int | Decimal | None]:
    """``{code: value}`` of the run as the report prints it (see ``_plain``), without loading
    the record ids."""
    rows = run.figures.order_by("pk").values_list("code", "value", "unit")
    return {code: _plain(value, unit) for code, value, unit in rows}


@dataclass(frozen=True)
class RunFreshness:
    """How fresh a run is: the age of its cut-off and the figures that would differ now."""

    cut_off: dt.datetime
    checked_at: dt.datetime
    changed: list[str] = field(default_factory=list)  # codes whose value differs now
    new_codes: list[str] = field(default_factory=list)  # registered since the run
    gone_codes: list[str] = field(default_factory=list)  # in the run, no longer registered

    @property
    def age(self) -> dt.timedelta:
        return self.checked_at - self.cut_off

    @property
    def is_current(self) -> bool:
        return not (self.changed or self.new_codes or self.gone_codes)


def run_freshness(run: ReportRun) -> RunFreshness:
    """Recompute every indicator of the run's period and compare the values with the run's."""
    checked_at = timezone.now()
    stored = run_values(run)
    results = registry.compute_all(run.period)
    now = {code: _decimal(result.value) for code, result in results.items()}
    return RunFreshness(
        cut_off=run.cut_off,
        checked_at=checked_at,
        changed=[code for code in stored if code in now and stored[code] != now[code]],
        new_codes=[code for code in now if code not in stored],
        gone_codes=[code for code in stored if code not in now],
    )


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs between two runs (``old`` or ``new`` is None when the code is
    only in one of them)."""

    code: str
    label: str
    unit: str
    old: Decimal | None
    new: Decimal | None
    records_added: list = field(default_factory=list)
    records_removed: list = field(default_factory=list)
    definition_changed: bool = False
    in_old: bool = True
    in_new: bool = True

    @property
    def difference(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return self.new - self.old


def _sorted(ids) -> list:
    return sorted(ids, key=lambda pk: (isinstance(pk, str), pk))


def run_diff(a: ReportRun, b: ReportRun) -> list[FigureChange]:
    """The figures that differ from run ``a`` (older) to run ``b`` (newer) of the same period:
    value, definition version or the records behind the figure. In ``b``'s order, then the
    codes only ``a`` has."""
    if a.period != b.period:
        raise ValidationError(
            {"run": _("僅能比較同一統計期間之報表批次。")}, code="different_periods"
        )
    old = run_figures(a)
    new = run_figures(b)
    changes = []
    for code in [*new, *(c for c in old if c not in new)]:
        before, after = old.get(code), new.get(code)
        ids_before = set(before.record_ids) if before else set()
        ids_after = set(after.record_ids) if after else set()
        old_value = before.value if before else None
        new_value = after.value if after else None
        definition_changed = bool(
            before and after and before.definition_version != after.definition_version
        )
        if (
            before is not None
            and after is not None
            and old_value == new_value
            and ids_before == ids_after
            and not definition_changed
        ):
            continue
        shown = after or before
        changes.append(
            FigureChange(
                code=code,
                label=shown.label,
                unit=shown.unit,
                old=old_value,
                new=new_value,
                records_added=_sorted(ids_after - ids_before),
                records_removed=_sorted(ids_before - ids_after),
                definition_changed=definition_changed,
                in_old=before is not None,
                in_new=after is not None,
            )
        )
    return changes
