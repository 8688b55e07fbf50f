"""The staff workspace pages of employer notifications (/notifications/): the overview, the
notifiable work filed (list, counter entry, page with its supervision inspections), work found
unreported, film productions' risky shooting, reduced-hours agreements and the layoff
early-warning lists with their letters.

Pages read through labor.notifications.selectors and write through
labor.notifications.services. Notifiable work, supervision and film need
notifications.work_notification; reduced hours and the warning lists need
notifications.work_layoff_warning (the overview shows each part to those who hold its
permission). Anonymous visitors are sent to the login page, staff without the permission get
a 403. A service's ValidationError comes back as field messages with a 400; nothing is
written.

A supervision inspection opens an OSH inspection record (labor.inspections); the page then
sends the inspector to that record, where findings and improvement notices are added. Links
to the inspections pages are reversed softly (``inspection_url``): the page still works where
those pages are not installed.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.downloads import CONTENT_TYPES, file_response
from labor.core.forms_base import apply_errors
from labor.core.imports.engine import format_error
from labor.core.permissions import forbidden, workspace_view
from labor.notifications import forms as nf
from labor.notifications import selectors, services
from labor.notifications.models import (
    FilingChannel,
    FilmNotification,
    LayoffWarningEntry,
    LayoffWarningList,
    ReducedHoursAgreement,
    SupervisionVisit,
    UnreportedWork,
    WorkKind,
    WorkNotification,
)

WORK = "notifications.work_notification"
LAYOFF = "notifications.work_layoff_warning"
PAGE_SIZE = 25
# Notified work starting within this many days is listed as "to supervise".
SUPERVISE_AHEAD_DAYS = 7
# A warned establishment's visit due within this many days is flagged "due soon".
DUE_SOON_DAYS = 2


REFUSALS = {
    WORK: gettext_lazy("辦理危險性作業通報及監督檢查需要「可辦理事業單位通報及監督檢查」權限。"),
    LAYOFF: gettext_lazy(
        "辦理大量解僱預警及減班休息需要「可辦理大量解僱預警及減班休息通報」權限。"),
}


def _refusal(perm: str) -> str:
    return str(REFUSALS[perm])


def requires(perm: str):
    """Staff only (anonymous: to the login page), holding ``perm`` (else 403)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                return forbidden(request, _refusal(perm))
            return view(request, *args, **kwargs)

        return workspace_view(wrapped)

    return decorate


def inspection_url(inspection) -> str:
    """The page of an inspection record, or "" where the inspections pages are not there."""
    if inspection is None:
        return ""
    try:
        return reverse("inspections:detail", kwargs={"number": inspection.case.number})
    except NoReverseMatch:
        return ""


def half_year(today: dt.date) -> tuple[dt.date, dt.date]:
    if today.month <= 6:
        return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)


def month(today: dt.date) -> tuple[dt.date, dt.date]:
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def _mark_warning(entry: LayoffWarningEntry, today: dt.date) -> LayoffWarningEntry:
    """``entry.state``: met (visited), overdue, due_soon or ok; for core/_due_badge.html."""
    if entry.visited_on:
        entry.state = "met"
    elif entry.visit_due_on < today:
        entry.state = "overdue"
    elif entry.visit_due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
        entry.state = "due_soon"
    else:
        entry.state = "ok"
    return entry


# --- overview -------------------------------------------------------------------------------


@require_GET
@workspace_view
def home(request):
    user = request.user
    can_work, can_layoff = user.has_perm(WORK), user.has_perm(LAYOFF)
    if not (can_work or can_layoff):
        return forbidden(request, _(
            "事業單位通報業務需要「可辦理事業單位通報及監督檢查」或「可辦理大量解僱預警及"
            "減班休息通報」權限。"))
    today = timezone.localdate()
    context = {"today": today, "can_work": can_work, "can_layoff": can_layoff}
    if can_work:
        month_start, month_end = month(today)
        half_start, half_end = half_year(today)
        counts = selectors.counts_by_kind(month_start, month_end)
        rates = []
        for kind, label in WorkKind.choices:
            rate = selectors.execution_rate(kind, half_start, half_end)
            rates.append({"kind": kind, "label": label, "count": counts[kind], "rate": rate})
        total = selectors.execution_rate(WorkKind.values, half_start, half_end)
        due = selectors.to_supervise(today, days_ahead=SUPERVISE_AHEAD_DAYS)
        context.update(
            month_start=month_start, month_end=month_end, half_start=half_start,
            half_end=half_end, rates=rates, total_rate=total,
            month_total=sum(counts.values()),
            to_supervise=list(due[:20]), to_supervise_count=due.count(),
            unreported_count=UnreportedWork.objects.filter(
                found_on__range=(half_start, half_end)).count(),
            supervise_days=SUPERVISE_AHEAD_DAYS,
        )
    if can_layoff:
        open_entries = selectors.warning_entries_open()
        context.update(
            warnings_open=[_mark_warning(e, today) for e in open_entries[:20]],
            warnings_open_count=open_entries.count(),
            warnings_overdue_count=open_entries.filter(visit_due_on__lt=today).count(),
            reduced=selectors.reduced_hours_totals(
                selectors.reduced_hours(start=month(today)[0], end=today)),
        )
    return render(request, "notifications/home.html", context)


# --- notifiable work ------------------------------------------------------------------------


@require_GET
@requires(WORK)
def notification_list(request):
    filters = nf.NotificationFilterForm(request.GET or None)
    values = filters.values()
    rows = selectors.notification_list(**values).order_by("-filed_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "filters": filters, "filtered": any(
            v for k, v in values.items() if k != "basis"),
    }, status=400 if filters.is_bound and filters.errors else 200)


@require_http_methods(["GET", "POST"])
@requires(WORK)
def notification_new(request):
    """Counter entry (臨櫃／郵寄) of a notification by staff."""
    if request.method == "GET":
        return render(request, "notifications/entry.html", {"form": nf.NotificationEntryForm()})
    form = nf.NotificationEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            notification = services.notification_file(
                kind=data["kind"], ubn=data["ubn"], site_address=data["site_address"],
                district=data["district"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                contractor=data["contractor"], channel=FilingChannel.COUNTER,
                actor=request.user, submission_key=str(data["submission_key"]),
                filed_at=form.filed_at(),
            )
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"filed_at": "filed_on"})
        else:
            messages.success(request, _("已登錄通報：%(kind)s，%(site)s。") % {
                "kind": notification.get_kind_display(), "site": notification.site_address})
            return redirect("notifications:detail", pk=notification.pk)
    return render(request, "notifications/entry.html", {"form": form}, status=400)


def _visits(queryset):
    return list(queryset.select_related("inspector", "inspection__case").order_by(
        "-visited_on", "-pk"))


def _detail_page(request, notification, *, form=None, status=200):
    visits = _visits(notification.visits)
    for visit in visits:
        visit.url = inspection_url(visit.inspection)
    return render(request, "notifications/detail.html", {
        "notification": notification,
        "visits": visits,
        "form": form or nf.VisitForm(),
        "failed": form is not None,
    }, status=status)


def _notification(pk) -> WorkNotification:
    return get_object_or_404(
        WorkNotification.objects.select_related("establishment", "district", "filed_by",
                                                "entered_by"), pk=pk)


@require_GET
@requires(WORK)
def notification_detail(request, pk: int):
    return _detail_page(request, _notification(pk))


def _after_visit(request, visit: SupervisionVisit, fallback: str):
    """To the inspection record, where the inspector adds findings; or back to ``fallback``."""
    url = inspection_url(visit.inspection)
    number = visit.inspection.case.number if visit.inspection else ""
    if url:
        messages.success(request, _(
            "已登錄監督檢查，檢查案號 %(number)s。請於本頁登錄檢查結果（違規事項、改善通知）。")
            % {"number": number})
        return redirect(url)
    messages.success(request, _("已登錄監督檢查，檢查案號 %(number)s。") % {"number": number})
    return redirect(fallback)


@require_POST
@requires(WORK)
def notification_supervise(request, pk: int):
    """Record a supervision inspection of the notified work (inspector: the current user)."""
    notification = _notification(pk)
    form = nf.VisitForm(request.POST)
    if form.is_valid():
        try:
            visit = services.supervision_record(
                notification=notification, visited_on=form.cleaned_data["visited_on"],
                inspector=request.user, actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_visit(request, visit,
                                reverse("notifications:detail", args=[notification.pk]))
    return _detail_page(request, notification, form=form, status=400)


def _unreported_page(request, form=None, status=200):
    rows = (UnreportedWork.objects.select_related("establishment", "district",
                                                  "visit__inspection__case")
            .order_by("-found_on", "-pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.url = inspection_url(row.visit.inspection if row.visit else None)
    return render(request, "notifications/unreported.html", {
        "page": page, "form": form or nf.UnreportedForm(), "failed": form is not None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@requires(WORK)
def unreported(request):
    """Notifiable work found without a notification: recorded with its supervision
    inspection (an OSH inspection record) and listed."""
    if request.method == "GET":
        return _unreported_page(request)
    form = nf.UnreportedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.supervision_record(
                notification=None, kind=data["kind"], site_address=data["site_address"],
                district=data["district"], ubn=data["ubn"], visited_on=data["visited_on"],
                inspector=request.user, actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_visit(request, visit, reverse("notifications:unreported"))
    return _unreported_page(request, form=form, status=400)


# --- film and stage productions -------------------------------------------------------------


def _film_page(request, form=None, status=200):
    rows = (FilmNotification.objects.select_related("establishment")
            .prefetch_related(Prefetch("visits", queryset=SupervisionVisit.objects.select_related(
                "inspection__case").order_by("visited_on"), to_attr="visit_list"))
            .order_by("-operation_on", "-pk"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/film.html", {
        "page": page, "form": form or nf.FilmForm(), "failed": form is not None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@requires(WORK)
def film(request):
    if request.method == "GET":
        return _film_page(request)
    form = nf.FilmForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.film_notify(
                production=data["production"], ubn=data["ubn"], operation=data["operation"],
                operation_on=data["operation_on"], location=data["location"],
                filed_on=data["filed_on"], actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登錄影視製作危險性作業通報：%(name)s。") % {
                "name": row})
            return redirect("notifications:film_detail", pk=row.pk)
    return _film_page(request, form=form, status=400)


def _film_detail_page(request, row, form=None, status=200):
    visits = _visits(row.visits)
    for visit in visits:
        visit.url = inspection_url(visit.inspection)
    others = (FilmNotification.objects.filter(production=row.production,
                                              establishment=row.establishment)
              .exclude(pk=row.pk).order_by("operation_on"))
    return render(request, "notifications/film_detail.html", {
        "row": row, "visits": visits, "others": others,
        "form": form or nf.VisitForm(), "failed": form is not None,
    }, status=status)


@require_GET
@requires(WORK)
def film_detail(request, pk: int):
    row = get_object_or_404(FilmNotification.objects.select_related("establishment"), pk=pk)
    return _film_detail_page(request, row)


@require_POST
@requires(WORK)
def film_supervise(request, pk: int):
    row = get_object_or_404(FilmNotification.objects.select_related("establishment"), pk=pk)
    form = nf.VisitForm(request.POST)
    if form.is_valid():
        try:
            visit = services.film_supervision_record(
                film_notification=row, visited_on=form.cleaned_data["visited_on"],
                inspector=request.user, actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_visit(request, visit, reverse("notifications:film_detail",
                                                        args=[row.pk]))
    return _film_detail_page(request, row, form=form, status=400)


# --- reduced working hours ------------------------------------------------------------------


def _reduced_page(request, form=None, status=200):
    today = timezone.localdate()
    default_start = month(today)[0]
    period = nf.PeriodForm(request.GET or None,
                           initial={"date_from": default_start, "date_to": today})
    start, end = period.values(default_start, today)
    rows = selectors.reduced_hours(start=start, end=end)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    online = set(
        ReducedHoursAgreement.objects.filter(
            pk__in=[r.pk for r in page.object_list],
            entered_by__employer_account__isnull=False).values_list("pk", flat=True)
    )
    for row in page.object_list:
        row.online = row.pk in online
    return render(request, "notifications/reduced_hours.html", {
        "page": page, "period": period, "start": start, "end": end,
        "totals": selectors.reduced_hours_totals(rows),
        "form": form or nf.ReducedHoursForm(), "failed": form is not None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@requires(LAYOFF)
def reduced_hours(request):
    if request.method == "GET":
        return _reduced_page(request)
    form = nf.ReducedHoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.reduced_hours_file(
                ubn=data["ubn"], workers_affected=data["workers_affected"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
                filed_on=data["filed_on"], actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登錄減班休息通報：%(name)s，%(n)s 人。") % {
                "name": row.establishment.name, "n": row.workers_affected})
            return redirect("notifications:reduced_hours")
    return _reduced_page(request, form=form, status=400)


# --- layoff early-warning lists -------------------------------------------------------------


def _warnings_page(request, form=None, status=200):
    lists = selectors.warning_lists().order_by("-received_on", "-pk")
    page = Paginator(lists, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    open_entries = selectors.warning_entries_open()
    return render(request, "notifications/warnings.html", {
        "page": page, "form": form or nf.WarningUploadForm(), "failed": form is not None,
        "open_entries": [_mark_warning(e, today) for e in open_entries[:50]],
        "open_count": open_entries.count(),
        "today": today,
    }, status=status)


def _import_errors(form, exc: ValidationError):
    """The service's errors on the upload form: a row's (``rows-<i>-<field>``) as
    「第 N 列「統一編號」：…」 above the form, the others at their field."""
    lines = getattr(form, "lines", [])
    headers = getattr(form, "headers", {})
    for key, messages_ in exc.message_dict.items():
        if key.startswith("rows-"):
            _rows, index, field = key.split("-", 2)
            line = lines[int(index)] if int(index) < len(lines) else None
            for message in messages_:
                form.add_error(None, format_error(line, headers.get(field, ""), message))
        elif key in ("rows", "file_name"):
            form.add_error("file", messages_)
        else:
            form.add_error(key if key in form.fields else None, messages_)


@require_http_methods(["GET", "POST"])
@requires(LAYOFF)
def warnings_page(request):
    """The lists received, the establishments still to visit, and the upload of a list."""
    if request.method == "GET":
        return _warnings_page(request)
    form = nf.WarningUploadForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            warning_list, created, known = services.warning_list_import(
                source=data["source"], received_on=data["received_on"],
                file_name=data["file"].name, rows=form.rows,
            )
        except ValidationError as exc:
            _import_errors(form, exc)
        else:
            if created == 0:
                messages.info(request, _(
                    "此名單的 %(n)s 家事業單位都已在本局同來源、同月份的預警名單中，沒有新增任何"
                    "資料（同一名單重複匯入不會重複建立）。") % {"n": known})
            elif known:
                messages.success(request, _(
                    "已匯入：新增 %(created)s 家；另 %(known)s 家已在同來源、同月份的名單中，未重複"
                    "新增。") % {"created": created, "known": known})
            else:
                messages.success(request, _("已匯入：新增 %(created)s 家事業單位。") % {
                    "created": created})
            return redirect("notifications:warning_list", pk=warning_list.pk)
    return _warnings_page(request, form=form, status=400)


def _warning_list_page(request, warning_list, *, bound=None, status=200):
    """``bound``: (entry pk or None for the whole list, action, form) of a failed action."""
    today = timezone.localdate()
    entries = [_mark_warning(e, today) for e in warning_list.entries.select_related(
        "establishment", "warning_list").order_by("visit_due_on", "establishment__ubn", "pk")]
    failed_entry, failed_action, failed_form = bound or (None, "", None)
    for entry in entries:
        entry.visit_form = entry.sent_form = None
        if entry.visited_on is None:
            entry.visit_form = nf.DateActionForm(
                label=_("訪視日期"), auto_id=f"visit-{entry.pk}-%s")
        if entry.letter_sent_on is None:
            entry.sent_form = nf.DateActionForm(
                label=_("寄發日期"), auto_id=f"sent-{entry.pk}-%s")
        if failed_entry == entry.pk:
            failed_form.auto_id = f"{failed_action}-{entry.pk}-%s"
            setattr(entry, "visit_form" if failed_action == "visit" else "sent_form",
                    failed_form)
    unsent = sum(1 for e in entries if e.letter_sent_on is None)
    mark_form = (failed_form if failed_entry is None and failed_form is not None
                 else nf.DateActionForm(label=_("寄發日期"), prefix="batch"))
    return render(request, "notifications/warning_list.html", {
        "warning_list": warning_list,
        "entries": entries,
        "unsent": unsent,
        "sent": len(entries) - unsent,
        "visited": sum(1 for e in entries if e.visited_on),
        "mark_form": mark_form,
        "failed": bound is not None,
        "today": today,
    }, status=status)


def _warning_list(pk) -> LayoffWarningList:
    return get_object_or_404(LayoffWarningList, pk=pk)


@require_GET
@requires(LAYOFF)
def warning_list(request, pk: int):
    return _warning_list_page(request, _warning_list(pk))


ENTRY_ACTIONS = ("visit", "sent")


@require_POST
@requires(LAYOFF)
def warning_entry_action(request, pk: int, action: str):
    """Mark one warned establishment visited, or its letter sent."""
    if action not in ENTRY_ACTIONS:
        raise Http404
    entry = get_object_or_404(LayoffWarningEntry.objects.select_related(
        "warning_list", "establishment"), pk=pk)
    label = _("訪視日期") if action == "visit" else _("寄發日期")
    form = nf.DateActionForm(request.POST, label=label)
    if form.is_valid():
        day = form.cleaned_data["on"]
        try:
            if action == "visit":
                services.warning_visit_record(entry=entry, visited_on=day)
                message = _("已登錄 %(name)s 訪視日期。")
            else:
                services.warning_letter_mark_sent(entry=entry, sent_on=day)
                message = _("已登錄 %(name)s 函文寄發日期。")
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"visited_on": "on", "sent_on": "on"})
        else:
            messages.success(request, message % {"name": entry.establishment.name})
            return redirect(reverse("notifications:warning_list",
                                    args=[entry.warning_list_id]) + f"#entry-{entry.pk}")
    return _warning_list_page(request, entry.warning_list, bound=(entry.pk, action, form),
                              status=400)


@require_POST
@requires(LAYOFF)
def warning_letters_mark_sent(request, pk: int):
    """Record that every letter of the list not yet marked was mailed on a day: an explicit
    action, never a side effect of downloading the letters."""
    warning_list = _warning_list(pk)
    form = nf.DateActionForm(request.POST, label=_("寄發日期"), prefix="batch")
    if form.is_valid():
        try:
            marked = services.warning_letters_mark_sent(
                entries=warning_list.entries.select_related("warning_list"),
                sent_on=form.cleaned_data["on"])
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"sent_on": "on"})
        else:
            messages.success(request, _("已登錄 %(n)s 件函文寄發日期。") % {"n": len(marked)})
            return redirect("notifications:warning_list", pk=warning_list.pk)
    return _warning_list_page(request, warning_list, bound=(None, "batch", form), status=400)


@require_GET
@requires(LAYOFF)
def warning_letter(request, pk: int, ext: str):
    """The letter to one warned establishment (ODT or PDF). Downloading marks nothing."""
    from labor.notifications import documents

    if ext not in CONTENT_TYPES:
        raise Http404
    entry = get_object_or_404(LayoffWarningEntry.objects.select_related(
        "warning_list", "establishment"), pk=pk)
    document = documents.warning_letter(entry)
    content_of = document.odt if ext == "odt" else document.pdf
    return file_response(request, content_of, document.filename(ext), ext,
                         back=reverse("notifications:warning_list", args=[entry.warning_list_id]),
                         back_label=_("回預警名單"))


@require_GET
@requires(LAYOFF)
def warning_letters(request, pk: int, ext: str):
    """Every letter of a list in one file, one letter from a new page (``?unsent=1``: only
    those not yet marked sent). Downloading marks nothing."""
    from labor.notifications import documents

    if ext not in CONTENT_TYPES:
        raise Http404
    warning_list = _warning_list(pk)
    entries = warning_list.entries.select_related("establishment", "warning_list")
    if request.GET.get("unsent"):
        entries = entries.filter(letter_sent_on__isnull=True)
    entries = list(entries.order_by("visit_due_on", "establishment__ubn", "pk"))
    back = reverse("notifications:warning_list", args=[warning_list.pk])
    if not entries:
        messages.info(request, _("沒有需要產生的函文。"))
        return redirect(back)
    batch = documents.warning_letters(warning_list, entries)
    content_of = batch.odt if ext == "odt" else batch.pdf
    return file_response(request, content_of, batch.filename(ext), ext, back=back,
                         back_label=_("回預警名單"))
