"""Workspace pages of report runs (labor/stats/runs.py): the runs of a period, one run's
figures and freshness with its approve / publish actions, and the differences between two
runs of the same period.

Every staff member may look; creating, approving and publishing need stats.add_reportrun,
stats.approve_reportrun and stats.publish_reportrun. The services decide everything else
(maker-checker, the order of states); their zh-Hant messages are shown with a 400.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labor.core.formatting import count, format_percent, roc_date, twd_units
from labor.core.permissions import forbidden, workspace_view
from labor.stats import runs
from labor.stats.models import FigureSnapshot, ReportRun, RunStatus
from labor.stats.periods import Period
from labor.stats.registry import UnknownIndicator, registry
from labor.stats.views import default_period

ADD = "stats.add_reportrun"
APPROVE = "stats.approve_reportrun"
PUBLISH = "stats.publish_reportrun"
# Record ids shown per side of a difference; the count is always shown.
IDS_SHOWN = 20


# --- formatting -------------------------------------------------------------------------------


def roc_datetime(value: dt.datetime | None) -> str:
    """112年6月30日 14:05 (Taipei local time)."""
    if value is None:
        return ""
    return f"{roc_date(value)} {timezone.localtime(value):%H:%M}"


def age_text(age: dt.timedelta) -> str:
    """How long ago the cut-off was: 「3 天 4 小時」, 「5 小時 2 分鐘」, 「不到 1 分鐘」."""
    minutes = max(0, int(age.total_seconds() // 60))
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s 天 %(hours)s 小時") % {"days": count(days), "hours": hours}
    if hours:
        return _("%(hours)s 小時 %(minutes)s 分鐘") % {"hours": hours, "minutes": minutes}
    if minutes:
        return _("%(minutes)s 分鐘") % {"minutes": minutes}
    return _("不到 1 分鐘")


def _places(code: str, value: Decimal) -> int:
    try:
        declared = getattr(registry.get(code), "places", None)
    except UnknownIndicator:  # no longer registered
        declared = None
    if declared is not None:
        return declared
    return max(2, -int(value.normalize().as_tuple().exponent))


def figure_text(code: str, unit: str, value: Decimal | None) -> str:
    """A stored figure as the report prints it (— when there is none)."""
    if value is None:
        return "—"
    if unit == "%":
        return format_percent(value, _places(code, value))
    plain = value.normalize()
    if unit == "元" and plain == plain.to_integral_value():
        return twd_units(int(plain))
    return f"{count(plain)} {unit}".strip()


def difference_text(code: str, unit: str, diff: Decimal | None) -> str:
    if diff is None:
        return "—"
    sign = "+" if diff > 0 else "−" if diff < 0 else ""
    if unit == "%":
        places = _places(code, abs(diff))
        return _("%(diff)s 個百分點") % {"diff": f"{sign}{abs(diff):.{places}f}"}
    return sign + figure_text(code, unit, abs(diff))


# --- helpers ----------------------------------------------------------------------------------


def _period_or_none(text: str) -> tuple[Period | None, str]:
    if not text.strip():
        return default_period(), ""
    try:
        return Period.parse(text), ""
    except ValueError as error:
        return None, str(error)


def _messages(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages] \
        if hasattr(error, "error_dict") else list(error.messages)


def _run(pk: int) -> ReportRun:
    return get_object_or_404(
        ReportRun.objects.select_related("created_by", "approved_by", "published_by"), pk=pk
    )


@dataclass
class FigureRow:
    figure: FigureSnapshot

    @property
    def value(self) -> str:
        return figure_text(self.figure.code, self.figure.unit, self.figure.value)


# --- pages ------------------------------------------------------------------------------------


def _list_page(request, period, *, period_text="", period_error="", errors=(), status=200):
    return render(request, "stats/runs/list.html", {
        "period": period,
        "period_text": period_text if period_text else (period.code if period else ""),
        "period_error": period_error,
        "runs": list(runs.runs_for_period(period)) if period else [],
        "errors": list(errors),
        "can_add": request.user.has_perm(ADD),
    }, status=status)


@workspace_view
def run_list(request):
    """GET: the runs of ?period=; POST (stats.add_reportrun): a new run of that period."""
    if request.method == "POST":
        if not request.user.has_perm(ADD):
            return forbidden(request, _("您沒有建立報表批次的權限。"))
        text = request.POST.get("period", "")
        period, error = _period_or_none(text)
        if period is None:
            return _list_page(request, None, period_text=text, period_error=error, status=400)
        try:
            run = runs.run_create(period=period, actor=request.user,
                                  note=request.POST.get("note", "").strip())
        except ValidationError as exc:
            return _list_page(request, period, errors=_messages(exc), status=400)
        return redirect("stats:run_detail", pk=run.pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    text = request.GET.get("period", "")
    period, error = _period_or_none(text)
    if period is None:
        return _list_page(request, None, period_text=text, period_error=error, status=400)
    return _list_page(request, period)


def _detail_page(request, run: ReportRun, *, errors=(), status=200):
    figures = runs.run_figures(run)
    freshness = runs.run_freshness(run)
    labels = {code: figure.label for code, figure in figures.items()}
    others = [other for other in runs.runs_for_period(run.period) if other.pk != run.pk]
    user = request.user
    return render(request, "stats/runs/detail.html", {
        "run": run,
        "period": Period.parse(run.period),
        "rows": [FigureRow(figure) for figure in figures.values()],
        "freshness": freshness,
        "age": age_text(freshness.age),
        "cut_off": roc_datetime(run.cut_off),
        "changed": [(code, labels.get(code, code)) for code in freshness.changed],
        "new_codes": [(code, _label_of(code)) for code in freshness.new_codes],
        "gone_codes": [(code, labels.get(code, code)) for code in freshness.gone_codes],
        "others": others,
        "errors": list(errors),
        "can_approve": run.status == RunStatus.DRAFT and user.has_perm(APPROVE),
        "is_maker": user.pk == run.created_by_id,
        "can_publish": run.status == RunStatus.APPROVED and user.has_perm(PUBLISH),
        "times": {
            "created": roc_datetime(run.created_at),
            "approved": roc_datetime(run.approved_at),
            "published": roc_datetime(run.published_at),
        },
    }, status=status)


def _label_of(code: str) -> str:
    try:
        return registry.get(code).label
    except UnknownIndicator:
        return code


@workspace_view
def run_detail(request, pk: int):
    """One run: its figures, how fresh it is, its actions; ?other=<id> opens the comparison."""
    run = _run(pk)
    other = request.GET.get("other", "")
    if other:
        if not other.isdigit() or not ReportRun.objects.filter(
            pk=int(other), period=run.period
        ).exclude(pk=run.pk).exists():
            return _detail_page(
                request, run, errors=[_("請選擇同一統計期間之另一個報表批次。")], status=400
            )
        older, newer = sorted([run, ReportRun.objects.get(pk=int(other))],
                              key=lambda r: (r.cut_off, r.pk))
        return redirect("stats:run_diff", a=older.pk, b=newer.pk)
    return _detail_page(request, run)


def _action(request, pk: int, permission: str, service, refusal: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm(permission):
        return forbidden(request, refusal)
    run = _run(pk)
    try:
        service(run=run, actor=request.user)
    except ValidationError as exc:
        return _detail_page(request, run, errors=_messages(exc), status=400)
    return redirect("stats:run_detail", pk=run.pk)


@workspace_view
def run_approve(request, pk: int):
    return _action(request, pk, APPROVE, runs.run_approve, _("您沒有核定報表批次的權限。"))


@workspace_view
def run_publish(request, pk: int):
    return _action(request, pk, PUBLISH, runs.run_publish, _("您沒有公布報表批次的權限。"))


@dataclass
class ChangeRow:
    change: runs.FigureChange

    @property
    def old(self) -> str:
        c = self.change
        return figure_text(c.code, c.unit, c.old) if c.in_old else _("（無此指標）")

    @property
    def new(self) -> str:
        c = self.change
        return figure_text(c.code, c.unit, c.new) if c.in_new else _("（無此指標）")

    @property
    def difference(self) -> str:
        return difference_text(self.change.code, self.change.unit, self.change.difference)

    @property
    def added(self) -> list:
        return self.change.records_added[:IDS_SHOWN]

    @property
    def removed(self) -> list:
        return self.change.records_removed[:IDS_SHOWN]


@workspace_view
def run_diff(request, a: int, b: int):
    """What changed from run ``a`` to run ``b``: values, differences and the records behind."""
    older, newer = _run(a), _run(b)
    if older.pk == newer.pk:
        raise Http404
    context = {"older": older, "newer": newer, "ids_shown": IDS_SHOWN,
               "older_cut_off": roc_datetime(older.cut_off),
               "newer_cut_off": roc_datetime(newer.cut_off),
               "swap_url": reverse("stats:run_diff", kwargs={"a": newer.pk, "b": older.pk})}
    try:
        changes = runs.run_diff(older, newer)
    except ValidationError as exc:
        return render(request, "stats/runs/diff.html",
                      {**context, "errors": _messages(exc), "rows": []}, status=400)
    return render(request, "stats/runs/diff.html",
                  {**context, "rows": [ChangeRow(change) for change in changes], "errors": []})
