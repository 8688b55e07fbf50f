"""Declared cross-checks: every relation of the registry evaluated on a period's figures.

The relations are declared next to the indicators (``registry.relation(...)`` in an app's
``indicators.py``); here they are evaluated on computed results and the broken ones returned::

    results = registry.compute_all(period)            # the report's figures
    breaches = crosschecks.evaluate(period, results)  # reuses them; computes only what is missing

A breach carries the relation, the value the relation expects, the value the indicator has,
the values of its terms and a zh-Hant message naming the relation. ``manage.py indicators
PERIOD --check`` prints them and exits 1 when there is any.

Comparison is exact (counts and amounts are integers or Decimals): a ratio's expected value is
labor.core.formatting.percent of the summed numerator and denominator at the relation's
``places``, so a share truncated where it should be rounded is a breach. A share over a zero
denominator has no value (None), and the relation holds when the indicator has none either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from labor.core.formatting import count, percent
from labor.stats.periods import Period
from labor.stats.registry import Number, Registry, Relation, Result
from labor.stats.registry import registry as default_registry


@dataclass(frozen=True)
class Breach:
    """A relation that does not hold for a period."""

    relation: Relation
    expected: Number | None
    actual: Number | None
    message: str
    # The value of every code the relation read (family members expanded), for display.
    values: dict[str, Number | None] = field(default_factory=dict, compare=False)

    @property
    def formula(self) -> str:
        return self.relation.formula

    def as_dict(self) -> dict:
        return {
            "kind": self.relation.kind,
            "code": self.relation.code,
            "relation": self.relation.formula,
            "description": self.relation.description,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


def _sum(codes: list[str], values: Mapping[str, Number | None]) -> Number | None:
    terms = [values[c] for c in codes]
    if any(v is None for v in terms):
        return None
    return sum(terms)


def _text(value: Number | None) -> str:
    return _("無數值") if value is None else count(value)


def expected_value(relation: Relation, codes: dict[str, list[str]],
                   values: Mapping[str, Number | None]) -> Number | None:
    """What ``relation`` says its code's value must be, from its terms' values.
    ``codes`` maps each declared term to the codes it stands for."""

    def total(terms: tuple[str, ...]) -> Number | None:
        return _sum([c for term in terms for c in codes[term]], values)

    if relation.kind == "sum":
        return total(relation.parts)
    if relation.kind == "ratio":
        numerator, denominator = total(relation.numerator), total(relation.denominator)
        if numerator is None or denominator is None:
            return None
        return percent(numerator, denominator, places=relation.places)
    return total((relation.opening, *relation.change))


def message(relation: Relation, expected: Number | None, actual: Number | None) -> str:
    text = _("交叉檢核不成立：%(description)s（%(formula)s）%(code)s 為 %(actual)s，"
             "依關係應為 %(expected)s") % {
        "description": relation.description.rstrip("。"),
        "formula": relation.formula,
        "code": relation.code,
        "actual": _text(actual),
        "expected": _text(expected),
    }
    if expected is not None and actual is not None:
        text += _("，相差 %(difference)s") % {"difference": count(actual - expected)}
    return text + "。"


def evaluate(period: Period | str, results: Mapping[str, Result] | None = None, *,
             registry: Registry | None = None) -> list[Breach]:
    """The relations of ``registry`` (the platform's by default) that do not hold for
    ``period``. ``results`` are figures already computed for the period (a report's): they are
    used as they are, and only the codes they lack are computed."""
    registry = registry or default_registry
    period = Period.parse(period)
    relations = registry.relations()
    if not relations:
        return []
    indicators = registry.indicators()
    expanded: dict[Relation, dict[str, list[str]]] = {
        relation: {term: registry.expand(term, indicators)
                   for term in (relation.code, *relation.terms())}
        for relation in relations
    }
    needed = {c for terms in expanded.values() for codes in terms.values() for c in codes}
    results = dict(results or {})
    if missing := needed - set(results):
        results.update(registry.compute_codes(period, missing))
    values = {code: results[code].value for code in needed}

    breaches = []
    for relation, codes in expanded.items():
        expected = expected_value(relation, codes, values)
        actual = values[relation.code]
        if expected == actual:
            continue
        read = {c: values[c] for term in codes.values() for c in term}
        breaches.append(Breach(relation=relation, expected=expected, actual=actual,
                               message=message(relation, expected, actual), values=read))
    return breaches
