"""The public job bank (台北人力銀行, /online/jobs/): vacancy search and vacancy pages, no login.

Only vacancies open and valid today are shown (verified by staff, not filled or closed,
within their validity); any other number answers 404. The pages show the employer's name,
the job and its conditions, never a person. Each page view is counted by the platform itself
(labor.employment.models.PageViewDay: one row per day and kind of page, atomic increments),
the job bank's page-view figure of table 4.

The search folds the words typed as the vacancies' search text is folded
(labor.employment.text.fold): 會計 finds 會計助理, 台北 and 臺北 are one. A broad search is
counted up to selectors.SEARCH_COUNT_CAP rows ("more than 1,000"), so that it never reads the
whole table to print a number.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from labor.core.models import District
from labor.employment import selectors
from labor.employment.forms import district_choices
from labor.employment.models import Hours, Vacancy
from labor.employment.models.jobbank import PageKind, PageViewDay

PAGE_SIZE = 20
MAX_QUERY = 50


def _count_view(kind: str) -> None:
    PageViewDay.hit(kind, selectors.today())


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, selectors.SEARCH_COUNT_CAP // PAGE_SIZE))


@require_GET
def search(request):
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    district_code = (request.GET.get("district") or "").strip()
    hours = (request.GET.get("hours") or "").strip()
    district = None
    if district_code:
        district = District.objects.filter(city=settings.LABOR_CITY, code=district_code).first()
    if hours not in (Hours.FULL_TIME, Hours.PART_TIME):
        hours = ""
    today = selectors.today()
    rows = selectors.public_search(q=q, district=district, hours=hours, on=today)
    total, capped = selectors.capped_count(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(_page_number(request.GET.get("page")), pages)
    start = (number - 1) * PAGE_SIZE
    # The page's ids first (the sort carries two columns, not whole rows), then their rows.
    ids = list(rows.values_list("pk", flat=True)[start:start + PAGE_SIZE])
    found = Vacancy.objects.select_related("establishment", "district").in_bulk(ids)
    results = [found[pk] for pk in ids if pk in found]
    _count_view(PageKind.SEARCH)
    return render(request, "portal/jobs/search.html", {
        "q": q, "district_code": district.code if district else "", "hours": hours,
        "district_choices": district_choices(),
        "hours_choices": [(Hours.FULL_TIME, Hours.FULL_TIME.label),
                          (Hours.PART_TIME, Hours.PART_TIME.label)],
        "results": results, "total": total, "capped": capped, "cap": selectors.SEARCH_COUNT_CAP,
        "number": number, "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
        "searched": bool(q or district or hours),
        "first_index": start + 1,
    })


@require_GET
def vacancy(request, pk: int):
    today = selectors.today()
    row = (Vacancy.objects.select_related("establishment", "district", "occupation")
           .filter(pk=pk).first())
    if row is None or not selectors.is_public(row, today):
        return render(request, "portal/jobs/vacancy_gone.html", status=404)
    _count_view(PageKind.VACANCY)
    return render(request, "portal/jobs/vacancy.html", {"vacancy": row, "today": today})

