"""Read queries of the kernel, shared by pages, the API and indicators.

Selectors return querysets (or small dicts of counts taken by one grouped query), so that a
figure and the list of records behind it come from the same query definition.

Headcount "as of" a date is the latest HeadcountRecord dated on or before that date. An
establishment with no such record, or whose latest record says 0, falls in the band
``unknown``: it is outside every statutory threshold the bands serve (work rules at 30,
health staff at 50, lactation rooms at 100, ...) and a 0 usually means "no insured workers
reported", not a verified count. So the bands partition the establishments: their counts add
up to the total.

An establishment exists on a date when it was registered on or before it (or its registration
date is unknown) and had not closed by then (``closed_on`` is the first day it no longer
exists). "As of" figures count only the establishments that existed on the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from labor.core.models import District, Establishment, HeadcountRecord


@dataclass(frozen=True)
class HeadcountBand:
    key: str
    low: int
    high: int | None  # inclusive; None: no upper bound
    label: str  # zh-Hant, "50至99人"
    label_en: str


# The bands the council report and the Occupational Safety and Health rules use.
HEADCOUNT_BANDS: tuple[HeadcountBand, ...] = (
    HeadcountBand("1_29", 1, 29, "1至29人", "1–29 workers"),
    HeadcountBand("30_49", 30, 49, "30至49人", "30–49 workers"),
    HeadcountBand("50_99", 50, 99, "50至99人", "50–99 workers"),
    HeadcountBand("100_199", 100, 199, "100至199人", "100–199 workers"),
    HeadcountBand("200_299", 200, 299, "200至299人", "200–299 workers"),
    HeadcountBand("300_plus", 300, None, "300人以上", "300 or more workers"),
)
UNKNOWN_BAND = "unknown"
BAND_KEYS: tuple[str, ...] = (*(band.key for band in HEADCOUNT_BANDS), UNKNOWN_BAND)


def band_of(headcount: int | None) -> str:
    """The band key of a headcount, by the same rule as the database expression below."""
    if not headcount:
        return UNKNOWN_BAND
    for band in HEADCOUNT_BANDS:
        if band.high is None or headcount <= band.high:
            return band.key
    raise AssertionError("the last band has no upper bound")


def _city(city: str | None) -> str:
    return city or settings.LABOR_CITY


def city_districts(*, city: str | None = None) -> QuerySet[District]:
    """The districts of the configured city, in the city's own order."""
    return District.objects.filter(city=_city(city)).order_by("sort_order", "code")


def city_establishments(
    *, city: str | None = None, on: dt.date | None = None
) -> QuerySet[Establishment]:
    """Establishments registered in one of the configured city's districts; with ``on``,
    only those that existed on that date."""
    establishments = Establishment.objects.filter(district__city=_city(city))
    if on is not None:
        establishments = establishments.filter(
            Q(registered_on__isnull=True) | Q(registered_on__lte=on),
            Q(closed_on__isnull=True) | Q(closed_on__gt=on),
        )
    return establishments


def latest_headcount(*, on: dt.date) -> Subquery:
    """The headcount of the establishment in the outer query as of ``on`` (NULL if none).

    Served by the (establishment, as_of) unique index: one index probe per establishment.
    """
    return Subquery(
        HeadcountRecord.objects.filter(establishment=OuterRef("pk"), as_of__lte=on)
        .order_by("-as_of")
        .values("headcount")[:1]
    )


def _band_of_headcount() -> Case:
    whens = [When(headcount__lt=HEADCOUNT_BANDS[0].low, then=Value(UNKNOWN_BAND))]
    whens += [
        When(headcount__lte=band.high, then=Value(band.key))
        for band in HEADCOUNT_BANDS
        if band.high is not None
    ]
    return Case(*whens, default=Value(HEADCOUNT_BANDS[-1].key), output_field=CharField())


def latest_headcount_band(*, on: dt.date) -> Coalesce:
    """The band key of the establishment in the outer query as of ``on``.

    The band is computed inside the subquery: a CASE over ``latest_headcount`` outside it would
    repeat the correlated subquery once per WHEN (SQL has no way to name it once), making
    the grouped count several times slower.
    """
    band = (
        HeadcountRecord.objects.filter(establishment=OuterRef("pk"), as_of__lte=on)
        .order_by("-as_of")
        .annotate(band=_band_of_headcount())
        .values("band")[:1]
    )
    return Coalesce(Subquery(band), Value(UNKNOWN_BAND), output_field=CharField())


def establishments_with_headcount(
    *, on: dt.date, city: str | None = None
) -> QuerySet[Establishment]:
    """The city's establishments annotated with ``headcount_on`` (int or None) and
    ``headcount_band`` (a key of BAND_KEYS) as of ``on``; district and industry joined."""
    return (
        city_establishments(city=city, on=on)
        .select_related("district", "industry")
        .annotate(headcount_on=latest_headcount(on=on), headcount_band=latest_headcount_band(on=on))
    )


def establishments_in_band(
    *, on: dt.date, band: str, city: str | None = None
) -> QuerySet[Establishment]:
    if band not in BAND_KEYS:
        raise ValueError(f"unknown headcount band {band!r}")
    return establishments_with_headcount(on=on, city=city).filter(headcount_band=band)


def establishments_in_district(
    *, on: dt.date, district: str, city: str | None = None
) -> QuerySet[Establishment]:
    return establishments_with_headcount(on=on, city=city).filter(district__code=district)


def count_by_headcount_band(*, on: dt.date, city: str | None = None) -> dict[str, int]:
    """{band key: establishments} for every band, zeros included. One query."""
    rows = (
        establishments_with_headcount(on=on, city=city)
        .order_by()
        .values("headcount_band")
        .annotate(n=Count("pk"))
        .values_list("headcount_band", "n")
    )
    counts = dict.fromkeys(BAND_KEYS, 0)
    counts.update(rows)
    return counts


def count_by_district(*, on: dt.date | None = None, city: str | None = None) -> dict[str, int]:
    """{district code: establishments} for every district of the city, zeros included, in the
    city's order; with ``on``, those that existed on that date. Two queries."""
    counts = dict.fromkeys(city_districts(city=city).values_list("code", flat=True), 0)
    rows = (
        city_establishments(city=city, on=on)
        .order_by()
        .values("district__code")
        .annotate(n=Count("pk"))
        .values_list("district__code", "n")
    )
    counts.update(rows)
    return counts


def count_by_district_and_band(
    *, on: dt.date, city: str | None = None
) -> dict[tuple[str, str], int]:
    """{(district code, band key): establishments}, every pair, zeros included: the
    cross-table a page shows. Two queries."""
    districts = list(city_districts(city=city).values_list("code", flat=True))
    counts = {(d, b): 0 for d in districts for b in BAND_KEYS}
    rows = (
        establishments_with_headcount(on=on, city=city)
        .order_by()
        .values("district__code", "headcount_band")
        .annotate(n=Count("pk"))
        .values_list("district__code", "headcount_band", "n")
    )
    counts.update({(d, b): n for d, b, n in rows})
    return counts
