"""The indicator registry: every figure of the council report is declared once, here or in an
app's ``indicators.py``, and nothing else computes figures.

An **indicator** has a dotted code (``disputes.settlement_rate``: the path of the figure in
seed/figures-2023H1.yaml), zh-Hant and English labels, a unit, a definition in words and a
compute function of a ``Period`` returning a ``Result``: the value with its numerator, its
denominator and the queryset of the records behind it, so that a figure and its drill-down
list come from one query definition.

A **family** is one declaration for a set of indicators that differ only by a key read from
data: ``establishments.by_district.<district>`` has one code per district of the configured
city, so adding a district adds a code without a code change. The family's compute function
returns every member's result from one (grouped) query; the registry computes it once per
period however many of its codes are asked for.

Declaring::

    from labor.stats.registry import Result, registry

    @registry.indicator(code="disputes.cases_handled", label="協處勞資爭議件數",
                        label_en="Disputes handled", unit="件", definition="...")
    def cases_handled(period):
        return Result.count(selectors.disputes_handled(period.start, period.end))

The registry imports every installed app's ``indicators`` module the first time it is read
(``autodiscover``). Registering a code twice is an error.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.module_loading import autodiscover_modules

from labor.core.formatting import percent
from labor.stats.periods import Period

# Counting units used by the council report (zh-Hant as printed → English). Adding a unit
# here is the only change a new kind of figure needs.
UNITS: dict[str, str] = {
    "件": "cases",
    "人": "persons",
    "人次": "person-times",
    "家": "establishments",
    "場次": "sessions",
    "元": "NT$",
    "%": "percent",
    "小時": "hours",
    "次": "times",
    "班": "classes",
    "所": "schools",
    "期": "issues",
    "則": "messages",
}

_SEGMENT = r"[a-z0-9_]+"
CODE_PATTERN = re.compile(rf"{_SEGMENT}(\.{_SEGMENT})+")
KEY_PATTERN = re.compile(_SEGMENT)

Number = int | Decimal


class IndicatorError(ImproperlyConfigured):
    """A declaration or a compute function breaks the registry's rules (a programming error)."""


class DuplicateIndicator(IndicatorError):
    pass


class UnknownIndicator(LookupError):
    pass


@dataclass(frozen=True)
class Result:
    """A computed figure.

    ``value`` is what the report prints. For a count, ``numerator`` is the count and
    ``denominator`` is None; for a percentage, value = numerator / denominator × 100 rounded
    half up (labor.core.formatting.percent), None when the denominator is 0. ``records`` are
    the records counted in the numerator (a queryset, not evaluated here);
    ``denominator_records`` those of the denominator, where there is one.
    """

    value: Number | None
    numerator: Number | None = None
    denominator: Number | None = None
    records: QuerySet | None = field(default=None, compare=False, repr=False)
    denominator_records: QuerySet | None = field(default=None, compare=False, repr=False)

    @classmethod
    def count(cls, records: QuerySet) -> Result:
        """The number of ``records`` (one COUNT query)."""
        n = records.count()
        return cls(value=n, numerator=n, records=records)

    @classmethod
    def counted(cls, n: int, records: QuerySet | None = None) -> Result:
        """A count already taken (for example by a family's grouped query) of ``records``."""
        return cls(value=n, numerator=n, records=records)

    @classmethod
    def ratio(
        cls,
        numerator: Number,
        denominator: Number,
        *,
        records: QuerySet | None = None,
        denominator_records: QuerySet | None = None,
        places: int = 2,
    ) -> Result:
        """A percentage, with the platform's one rounding rule."""
        return cls(
            value=percent(numerator, denominator, places=places),
            numerator=numerator,
            denominator=denominator,
            records=records,
            denominator_records=denominator_records,
        )

    @classmethod
    def amount(cls, value: Number, records: QuerySet | None = None) -> Result:
        """A sum (money, hours): the value is its own numerator."""
        return cls(value=value, numerator=value, records=records)


@dataclass(frozen=True)
class Member:
    """One code of a family: ``<prefix>.<key>``."""

    key: str
    label: str
    label_en: str
    definition: str = ""  # what distinguishes this member, appended to the family's definition


def _check_unit(code: str, unit: str) -> None:
    if unit not in UNITS:
        raise IndicatorError(f"{code}: unknown unit {unit!r}; use one of {', '.join(UNITS)}")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    label_en: str
    unit: str
    definition: str
    compute: Callable[[Period], Result] = field(repr=False)
    definition_en: str = ""
    # Bumped when the definition changes meaning, so that report snapshots say which one they used.
    version: int = 1
    family: Family | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if not CODE_PATTERN.fullmatch(self.code):
            raise IndicatorError(
                f"indicator code {self.code!r} must be dotted lower-case segments "
                "(a-z, 0-9, _), at least two"
            )
        _check_unit(self.code, self.unit)
        if not (self.label and self.label_en and self.definition):
            raise IndicatorError(f"{self.code}: label, label_en and definition are required")

    def evaluate(self, period: Period | str) -> Result:
        result = self.compute(Period.parse(period))
        if not isinstance(result, Result):
            raise IndicatorError(
                f"{self.code}: compute returned {type(result).__name__}, not a Result"
            )
        return result

    __call__ = evaluate


@dataclass(frozen=True)
class Family:
    prefix: str
    label: str
    label_en: str
    unit: str
    definition: str
    members: Callable[[], Iterable[Member]] = field(repr=False)
    compute: Callable[[Period], Mapping[str, Result]] = field(repr=False)
    definition_en: str = ""
    version: int = 1

    def __post_init__(self):
        if not (CODE_PATTERN.fullmatch(self.prefix) or KEY_PATTERN.fullmatch(self.prefix)):
            raise IndicatorError(f"family prefix {self.prefix!r} must be dotted lower-case")
        _check_unit(self.prefix, self.unit)

    def member_indicators(self) -> list[Indicator]:
        seen: set[str] = set()
        out = []
        for member in self.members():
            if not KEY_PATTERN.fullmatch(member.key):
                raise IndicatorError(f"{self.prefix}: member key {member.key!r} is not lower-case")
            if member.key in seen:
                raise DuplicateIndicator(f"{self.prefix}.{member.key} is declared twice")
            seen.add(member.key)
            definition = " ".join(filter(None, [self.definition, member.definition]))
            out.append(
                Indicator(
                    code=f"{self.prefix}.{member.key}",
                    label=member.label,
                    label_en=member.label_en,
                    unit=self.unit,
                    definition=definition,
                    definition_en=self.definition_en,
                    version=self.version,
                    compute=self._member_compute(member.key),
                    family=self,
                )
            )
        return out

    def _member_compute(self, key: str) -> Callable[[Period], Result]:
        def compute(period: Period) -> Result:
            return self.evaluate(period, expected={key})[key]

        return compute

    def evaluate(self, period: Period, expected: set[str] | None = None) -> Mapping[str, Result]:
        results = self.compute(period)
        if expected is None:
            expected = {m.key for m in self.members()}
        missing = expected - set(results)
        if missing:
            raise IndicatorError(f"{self.prefix}: compute returned no result for {sorted(missing)}")
        for key, result in results.items():
            if not isinstance(result, Result):
                raise IndicatorError(f"{self.prefix}.{key}: compute returned a non-Result")
        return results


def _under(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


class Registry:
    def __init__(self, module_name: str = "indicators"):
        self.module_name = module_name
        self._indicators: dict[str, Indicator] = {}
        self._families: dict[str, Family] = {}
        # Declarations in order, so that listings follow the apps' own order.
        self._order: list[Indicator | Family] = []
        self._discovered = False
        self._lock = threading.RLock()

    # Declaring --------------------------------------------------------------------------------

    def register(self, item: Indicator | Family) -> Indicator | Family:
        code = item.prefix if isinstance(item, Family) else item.code
        for existing in [*self._indicators, *self._families]:
            if existing == code:
                raise DuplicateIndicator(f"indicator code {code!r} is already registered")
            # A code is a leaf (a figure's path in the report's tree): it cannot also be a branch.
            if _under(code, existing) or _under(existing, code):
                raise DuplicateIndicator(f"{code!r} overlaps {existing!r}")
        if isinstance(item, Family):
            self._families[code] = item
        else:
            self._indicators[code] = item
        self._order.append(item)
        return item

    def indicator(self, *, code: str, label: str, label_en: str, unit: str, definition: str,
                  definition_en: str = "", version: int = 1):
        """Decorator: register ``compute(period) -> Result`` under ``code``."""

        def decorate(compute: Callable[[Period], Result]) -> Indicator:
            return self.register(
                Indicator(code=code, label=label, label_en=label_en, unit=unit,
                          definition=definition, definition_en=definition_en, version=version,
                          compute=compute)
            )

        return decorate

    def family(self, *, prefix: str, label: str, label_en: str, unit: str, definition: str,
               members: Callable[[], Iterable[Member]], definition_en: str = "",
               version: int = 1):
        """Decorator: register ``compute(period) -> {member key: Result}`` as the family
        ``prefix``; its codes are ``prefix.<key>`` for every member ``members()`` lists."""

        def decorate(compute: Callable[[Period], Mapping[str, Result]]) -> Family:
            return self.register(
                Family(prefix=prefix, label=label, label_en=label_en, unit=unit,
                       definition=definition, definition_en=definition_en, version=version,
                       members=members, compute=compute)
            )

        return decorate

    def autodiscover(self) -> None:
        with self._lock:
            if not self._discovered:
                autodiscover_modules(self.module_name)
                self._discovered = True

    # Reading ----------------------------------------------------------------------------------

    def declarations(self) -> list[Indicator | Family]:
        """Indicators and families as declared (families not expanded: no database access)."""
        self.autodiscover()
        return list(self._order)

    def indicators(self, prefix: str | None = None) -> list[Indicator]:
        """Every indicator, families expanded (reads their members, e.g. the districts).
        ``prefix`` keeps the codes equal to it or under it (``establishments.by_district``)."""
        out: list[Indicator] = []
        seen: set[str] = set()
        for item in self.declarations():
            if prefix and isinstance(item, Family) and not (
                _under(item.prefix, prefix) or _under(prefix, item.prefix)
            ):
                continue  # no need to read the members of a family that cannot match
            for indicator in item.member_indicators() if isinstance(item, Family) else [item]:
                if indicator.code in seen:
                    raise DuplicateIndicator(f"indicator code {indicator.code!r} is declared twice")
                seen.add(indicator.code)
                if not prefix or _under(indicator.code, prefix):
                    out.append(indicator)
        return out

    def get(self, code: str) -> Indicator:
        self.autodiscover()
        if code in self._indicators:
            return self._indicators[code]
        for indicator in self.indicators(code):
            if indicator.code == code:
                return indicator
        raise UnknownIndicator(code)

    def compute(self, code: str, period: Period | str) -> Result:
        return self.get(code).evaluate(period)

    def compute_all(self, period: Period | str, prefix: str | None = None) -> dict[str, Result]:
        """Every indicator's result for ``period`` (each family computed once), in
        declaration order."""
        period = Period.parse(period)
        indicators = self.indicators(prefix)
        family_results: dict[str, Mapping[str, Result]] = {}
        out: dict[str, Result] = {}
        for indicator in indicators:
            family = indicator.family
            if family is None:
                out[indicator.code] = indicator.evaluate(period)
                continue
            if family.prefix not in family_results:
                keys = {i.code.rsplit(".", 1)[1] for i in indicators if i.family is family}
                family_results[family.prefix] = family.evaluate(period, expected=keys)
            out[indicator.code] = family_results[family.prefix][indicator.code.rsplit(".", 1)[1]]
        return out


registry = Registry()
