"""The public list of penalised employers (勞動基準法 art. 80-1; 職業安全衛生法 art. 49 for
OSH Act fines): no login, searchable by name or 統一編號, paged, and the same rows as an
open-data CSV.

Only approved or paid fines that are published appear (selectors.published_penalty_rows); a
proposed fine never does. The rows carry what the law says to publish (employer's name,
responsible person, decision date, provision breached, legal basis, amount) and the
employer's 統一編號, a business number; no personal ID is ever shown.

Open data: UTF-8 with a BOM, comma-separated, CRLF, one zh-Hant header row whose column
names are fixed here (not translated, so that they stay stable for the portals that read
them), ISO dates, plain integer amounts (the conventions of labor/stats/opendata.py).
"""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from labor.inspections import selectors
from labor.inspections.forms import PenalisedSearchForm
from labor.inspections.views_plans import csv_cell

PAGE_SIZE = 20
# The open-data columns, in order. Changing a name breaks the readers: add, never rename.
OPEN_DATA_COLUMNS = ("處分日期", "事業單位名稱", "統一編號", "負責人", "違反條文", "法律依據",
                     "罰鍰金額")


@require_GET
def penalised_list(request):
    form = PenalisedSearchForm(request.GET or None)
    query = form.query()
    rows = selectors.published_penalty_rows(query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/penalised.html", {
        "form": form, "query": query, "page": page, "today": timezone.localdate(),
    })


@require_GET
def penalised_open_data(request):
    query = PenalisedSearchForm(request.GET or None).query()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(OPEN_DATA_COLUMNS)
    for row in selectors.published_penalty_rows(query):
        writer.writerow([row.decided_on.isoformat(), csv_cell(row.employer), row.ubn,
                         csv_cell(row.representative), csv_cell(row.breached), row.article,
                         row.amount])
    response = HttpResponse(("\ufeff" + out.getvalue()).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="penalised-employers.csv"'
    return response
