"""Template filters for dates, money, percentages and identifiers.

Thin wrappers over ``labor.core.formatting`` (where the rules live). Bad or empty input shows
as "" rather than breaking the page.

    {% load labor_format %}
    {{ case.received_at|roc_date }}  {{ amount|twd }}  {{ amount|twd_units }}
    {{ rate|percent }}  {{ rate|percent:1 }}  {{ n|count }}  {{ person.id_number|mask_id }}
"""

from __future__ import annotations

from decimal import InvalidOperation

from django import template
from django.utils.translation import get_language

from labor.core import formatting

register = template.Library()

_BAD_INPUT = (TypeError, ValueError, InvalidOperation)


@register.filter
def roc_date(value):
    """2023-06-30 → 112年6月30日 (datetimes in Taipei local time)."""
    if value in (None, ""):
        return ""
    try:
        return formatting.roc_date(value)
    except _BAD_INPUT:
        return ""


@register.filter
def twd(value):
    """732214309 → NT$732,214,309."""
    if value in (None, ""):
        return ""
    try:
        return formatting.twd(value)
    except _BAD_INPUT:
        return ""


@register.filter
def twd_units(value):
    """721406226 → 7億2,140萬6,226元."""
    if value in (None, ""):
        return ""
    try:
        return formatting.twd_units(value)
    except _BAD_INPUT:
        return ""


@register.filter
def percent(value, places=2):
    """A percentage value: 55.891 → 55.89%; ``|percent:1`` → 55.9%."""
    if value in (None, ""):
        return ""
    try:
        return formatting.format_percent(value, int(places))
    except _BAD_INPUT:
        return ""


@register.filter
def count(value):
    """31663 → 31,663 (Django's zh-Hant locale would print 31663)."""
    try:
        return formatting.count(value)
    except _BAD_INPUT:
        return ""


@register.filter
def local_name(obj):
    """A reference row's name in the page's language: ``name_en`` on English pages when the row
    has one (districts, industries, units), the zh-Hant ``name`` otherwise."""
    if obj is None or obj == "":
        return ""
    english = getattr(obj, "name_en", "")
    if english and get_language() == "en":
        return english
    return getattr(obj, "name", str(obj))


@register.filter
def mask_id(value):
    """A123456789 → A12****789."""
    return formatting.mask_id(value)
