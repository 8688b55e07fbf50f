"""The staff pages of the fund's ledger (/fund/ledger/): the journal with the form for manual
entries, one entry with its reversal, the chart of accounts with balances, and the month's and
year's statements (HTML and CSV).

Seeing the pages needs bureau staff (login, else the login page) with fund.view_journalentry
(403 otherwise); posting and reversing need fund.post_entry (a POST without it is a 403, and
the pages show no such forms). Pages read through labor.fund.selectors_ledger and write through
labor.fund.services; a refusal comes back as the form's zh-Hant field messages with a 400 and
nothing written.
"""

from __future__ import annotations

import csv
import io
import re
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from labor.core.forms_base import apply_errors
from labor.core.permissions import forbidden, workspace_view
from labor.core.views import not_found
from labor.fund import selectors_ledger as ledger
from labor.fund import services
from labor.fund.forms_ledger import ManualEntryForm, OnDateForm, ReverseForm
from labor.fund.models import Account, JournalEntry
from labor.stats.periods import Period

VIEW = "fund.view_journalentry"
POST = "fund.post_entry"
PAGE_SIZE = 25
STATEMENT_PERIOD = re.compile(r"\d{4}(-\d{2})?")


def can_post(user) -> bool:
    return user.has_perm(POST)


def ledger_view(view):
    """Workspace staff (login, else the login page; 403 for others), then the ledger's view
    permission (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            return forbidden(request, _("基金帳務頁面需要「可檢視分錄」權限。"))
        return view(request, *args, **kwargs)

    return workspace_view(wrapped)


def refuse_post(request):
    return forbidden(request, _("登錄及沖正基金分錄需要「可登錄及沖正基金分錄」權限。"))


def _render(request, template: str, context: dict, status: int = 200):
    """Render a ledger page; the menu's statement link opens this month's statement."""
    today = timezone.localdate()
    context.setdefault("statement_month", Period.of_month(today.year, today.month).code)
    return render(request, template, context, status=status)


def _with_sources(entries):
    for entry in entries:
        entry.application = ledger.application_of(entry)
        entry.line_list = list(entry.lines.all())
    return entries


# --- the journal -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ledger_view
def journal(request):
    form = None
    status = 200
    if request.method == "POST":
        if not can_post(request.user):
            return refuse_post(request)
        form = ManualEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.manual_entry_post(
                    kind=data["kind"], posted_on=data["posted_on"], amount=data["amount"],
                    description=data["description"], actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc, aliases={"lines": None})
            else:
                messages.success(request, _("已登錄分錄 #%(pk)s。") % {"pk": entry.pk})
                return redirect("fund_ledger:entry", pk=entry.pk)
        status = 400
    elif can_post(request.user):
        form = ManualEntryForm(initial={"posted_on": timezone.localdate()})
    account = request.GET.get("account", "").strip()
    account_obj = Account.objects.filter(code=account).first() if account else None
    page = Paginator(ledger.journal(account=account_obj.code if account_obj else None),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    _with_sources(page.object_list)
    today = timezone.localdate()
    return _render(request, "fund/ledger_journal.html", {
        "page": page,
        "form": form,
        "has_errors": status >= 400,
        "account": account_obj,
        "balance": ledger.balance(today),
        "today": today,
        "kinds": services.MANUAL_KINDS,
    }, status=status)


# --- one entry -------------------------------------------------------------------------------


def _entry_page(request, pk: int, form=None, status=200):
    try:
        entry = ledger.entry(pk)
    except JournalEntry.DoesNotExist:
        return not_found(request, _("查無此分錄。"))
    _with_sources([entry])
    problem = services.reversal_problem(entry)
    if form is None and can_post(request.user) and not problem:
        form = ReverseForm()
    lines = entry.line_list
    return _render(request, "fund/ledger_entry.html", {
        "entry": entry,
        "lines": lines,
        "debit_total": sum(line.debit for line in lines),
        "credit_total": sum(line.credit for line in lines),
        "form": form,
        "problem": problem,
        "has_errors": status >= 400,
    }, status=status)


@require_GET
@ledger_view
def entry(request, pk: int):
    return _entry_page(request, pk)


@require_POST
@ledger_view
def reverse(request, pk: int):
    if not can_post(request.user):
        return refuse_post(request)
    original = JournalEntry.objects.filter(pk=pk).first()
    if original is None:
        return not_found(request, _("查無此分錄。"))
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = services.manual_reverse(entry=original,
                                               posted_on=form.cleaned_data["posted_on"],
                                               actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已沖正分錄 #%(pk)s，沖正分錄為 #%(new)s。") % {
                "pk": original.pk, "new": reversal.pk})
            return redirect("fund_ledger:entry", pk=reversal.pk)
    return _entry_page(request, pk, form=form, status=400)


# --- accounts --------------------------------------------------------------------------------


@require_GET
@ledger_view
def accounts(request):
    today = timezone.localdate()
    form = OnDateForm(request.GET or None)
    on = today
    status = 200
    if form.is_bound:
        if form.is_valid():
            on = form.cleaned_data["on"] or today
        else:
            status = 400
    else:
        form = OnDateForm(initial={"on": today})
    return _render(request, "fund/ledger_accounts.html", {
        "form": form,
        "on": on,
        "rows": ledger.accounts_with_balances(on),
        "balance": ledger.balance(on),
        "year_to_date_surplus": ledger.year_to_date_surplus(on),
        "has_errors": status >= 400,
    }, status=status)


# --- statements ------------------------------------------------------------------------------


def _statement_period(text: str) -> Period | None:
    if not STATEMENT_PERIOD.fullmatch(text):
        return None
    try:
        return Period.parse(text)
    except ValueError:
        return None


@require_GET
@ledger_view
def statement(request, period: str):
    parsed = _statement_period(period)
    if parsed is None:
        return not_found(request, _("報表期間須為年（如 2023）或月（如 2023-06）。"))
    fmt = request.GET.get("format", "html")
    if fmt not in ("html", "csv"):
        return not_found(request, _("不支援的報表格式。"))
    report = ledger.statement(parsed)
    if fmt == "csv":
        return _statement_csv(report)
    today = timezone.localdate()
    return _render(request, "fund/statement.html", {
        "statement": report,
        "period": parsed,
        "is_month": parsed.kind == "month",
        "previous": report.previous,
        "next": report.next if report.next.start <= today else None,
    })


def _statement_csv(report: ledger.Statement) -> HttpResponse:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    period = report.period
    writer.writerow(["期間", "區分", "科目代碼", "科目名稱", "金額（元）"])

    def row(section, amount, account=None):
        writer.writerow([period.code, section, account.code if account else "",
                         account.name if account else "", amount])

    row(f"期初基金餘額（{report.opening_on.isoformat()}）", report.opening)
    for total in report.income:
        row("收入", total.amount, total.account)
    row("收入合計", report.income_total)
    for total in report.expense:
        row("支出", total.amount, total.account)
    row("支出合計", report.expense_total)
    row("本期賸餘（短絀）", report.surplus)
    for total in report.equity:
        row("基金餘額直接增減", total.amount, total.account)
    row(f"期末基金餘額（{period.end.isoformat()}）", report.closing)
    if period.kind == "month":
        row("本年度截至期末賸餘", report.year_to_date_surplus)
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fund-statement-{period.code}.csv"'
    return response
