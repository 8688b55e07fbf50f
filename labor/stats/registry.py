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

A **relation** is an arithmetic rule between indicators, declared once next to them and
checked on every computed report (labor/stats/crosschecks.py)::

    registry.relation("sum", "establishments.total", parts=["establishments.by_district.*"],
                      description="各行政區事業單位數合計等於事業單位總數。")
    registry.relation("ratio", "disputes.online_share",
                      numerator=["disputes.online_applications"],
                      denominator=["disputes.applications_received"], description="...")
    registry.relation("balance", "fund.balance", opening="fund.surplus_accumulated_2022",
                      change=["fund.surplus_2023"], description="...")

Kinds: ``sum`` (the code equals the sum of its parts; a part ``prefix.*`` stands for every
member of a family), ``ratio`` (the code, a percentage, equals Σ numerator ÷ Σ denominator
× 100 rounded half up to ``places`` decimals, labor.core.formatting.percent), ``balance``
(the closing code equals the opening code plus the period's change). The codes are resolved
when the relation is evaluated, so a relation may name another app's indicators.

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


RELATION_KINDS: dict[str, str] = {"sum": "加總", "ratio": "比率", "balance": "餘額"}
WILDCARD = ".*"


def _codes(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True)
class Relation:
    """``code`` = Σ ``parts`` (sum) | Σ ``numerator`` ÷ Σ ``denominator`` × 100 (ratio) |
    ``opening`` + Σ ``change`` (balance). A term ``prefix.*`` is every member of a family."""

    kind: str
    code: str
    description: str  # zh-Hant: what must hold, in the bureau's words
    parts: tuple[str, ...] = ()
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    opening: str = ""
    change: tuple[str, ...] = ()
    places: int = 2

    def __post_init__(self):
        if self.kind not in RELATION_KINDS:
            raise IndicatorError(
                f"relation on {self.code}: kind {self.kind!r} is not one of {list(RELATION_KINDS)}"
            )
        if not CODE_PATTERN.fullmatch(self.code):
            raise IndicatorError(f"relation on {self.code!r}: not an indicator code")
        needed = {
            "sum": {"parts": self.parts},
            "ratio": {"numerator": self.numerator, "denominator": self.denominator},
            "balance": {"opening": self.opening, "change": self.change},
        }[self.kind]
        for name, value in needed.items():
            if not value:
                raise IndicatorError(f"{self.kind} relation on {self.code}: {name} is required")
        for term in self.terms():
            if not CODE_PATTERN.fullmatch(term.removesuffix(WILDCARD)):
                raise IndicatorError(f"relation on {self.code}: term {term!r} is not a code")
            if term.removesuffix(WILDCARD) == self.code:
                raise IndicatorError(f"relation on {self.code}: the code is one of its own terms")
        if not self.description:
            raise IndicatorError(f"relation on {self.code}: a zh-Hant description is required")
        if self.places < 0:
            raise IndicatorError(f"relation on {self.code}: places must be 0 or more")

    def terms(self) -> tuple[str, ...]:
        """The terms on the right-hand side, as declared (wildcards not expanded)."""
        opening = (self.opening,) if self.opening else ()
        return (*self.parts, *self.numerator, *self.denominator, *opening, *self.change)

    @property
    def formula(self) -> str:
        """The relation in one line: ``disputes.online_share = a ÷ b × 100``; names it."""

        def total(terms: tuple[str, ...]) -> str:
            text = " + ".join(f"Σ {t}" if t.endswith(WILDCARD) else t for t in terms)
            return text

        if self.kind == "sum":
            right = total(self.parts)
        elif self.kind == "ratio":
            num, den = total(self.numerator), total(self.denominator)
            num = f"({num})" if len(self.numerator) > 1 else num
            den = f"({den})" if len(self.denominator) > 1 else den
            right = f"{num} ÷ {den} × 100"
        else:
            right = total((self.opening, *self.change))
        return f"{self.code} = {right}"

    def __str__(self) -> str:
        return self.formula


def _under(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


class Registry:
    def __init__(self, module_name: str = "indicators"):
        self.module_name = module_name
        self._indicators: dict[str, Indicator] = {}
        self._families: dict[str, Family] = {}
        # Declarations in order, so that listings follow the apps' own order.
        self._order: list[Indicator | Family] = []
        self._relations: list[Relation] = []
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

    def relation(self, kind: str, code: str, *, description: str,
                 parts: str | Iterable[str] = (), numerator: str | Iterable[str] = (),
                 denominator: str | Iterable[str] = (), opening: str = "",
                 change: str | Iterable[str] = (), places: int = 2) -> Relation:
        """Declare an arithmetic relation between indicators (see the module docstring)."""
        item = Relation(kind=kind, code=code, description=description, parts=_codes(parts),
                        numerator=_codes(numerator), denominator=_codes(denominator),
                        opening=opening, change=_codes(change), places=places)
        with self._lock:
            if any(r.formula == item.formula for r in self._relations):
                raise DuplicateIndicator(f"relation {item.formula!r} is already declared")
            self._relations.append(item)
        return item

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

    def relations(self) -> list[Relation]:
        """Every declared relation, in declaration order."""
        self.autodiscover()
        return list(self._relations)

    def expand(self, term: str, indicators: Iterable[Indicator] | None = None) -> list[str]:
        """The codes a relation term stands for: itself, or a family's members for
        ``prefix.*``. Raises UnknownIndicator for a code nobody declared."""
        known = [i.code for i in (self.indicators() if indicators is None else indicators)]
        if term.endswith(WILDCARD):
            prefix = term.removesuffix(WILDCARD)
            codes = [c for c in known if c.startswith(prefix + ".")]
        else:
            codes = [term] if term in known else []
        if not codes:
            raise UnknownIndicator(term)
        return codes

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
        return self._compute(Period.parse(period), self.indicators(prefix))

    def compute_codes(self, period: Period | str, codes: Iterable[str]) -> dict[str, Result]:
        """The results of ``codes`` only (each family computed once)."""
        wanted = set(codes)
        indicators = [i for i in self.indicators() if i.code in wanted]
        if missing := wanted - {i.code for i in indicators}:
            raise UnknownIndicator(", ".join(sorted(missing)))
        return self._compute(Period.parse(period), indicators)

    def _compute(self, period: Period, indicators: list[Indicator]) -> dict[str, Result]:
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


def json_number(value):
    """A figure as JSON has it: int stays int, a whole Decimal an int, else a float."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        return float(value)
    if isinstance(value, float):
        return value
    raise TypeError(f"not a number: {value!r}")
