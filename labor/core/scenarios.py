"""The demo scenario registry: how each app's part of a scenario is found and loaded.

A *scenario* (``taipei-2023h1``) is a world of records described by a few parameters: the city,
the day its figures describe (``as_of``), the years its history covers, a size ``scale`` and a
random seed. Each app contributes *parts* to it in its own ``scenario.py``::

    # labor/disputes/scenario.py
    from labor.core.scenarios import Part

    def load_disputes(scenario, progress):
        ...            # create records through bulk helpers or services
        return rows    # how many rows were written

    PARTS = [Part("disputes.cases", load_disputes, requires=("core.establishments",))]

How it works, and why:

- Discovery: every installed app's ``scenario`` module is imported (the app-registry way
  ``autodiscover_modules`` does it) and its ``PARTS`` list read. A declared list rather than a
  registering decorator, so that importing a module twice or in a test cannot register twice.
- Order: parts run in dependency order (``requires`` names other parts); among parts free to run,
  INSTALLED_APPS order then declaration order. A missing or circular requirement is a
  configuration error, raised before anything is written.
- Once only: each loaded part is recorded in ``core.ScenarioPart`` (scenario, part, rows) in the
  same transaction as its rows. Loading again skips recorded parts, so a re-run costs seconds
  and a new app's part is added to an existing demo database by running the command again.
- All or nothing per part: a part runs in one transaction; if it fails, none of its rows stay
  and it is not recorded, and the parts after it are not attempted.
- Determinism: a part draws random numbers only from ``scenario.rng(part_name)``, seeded from
  the scenario and the part's name, so that the same parameters give the same records on every
  machine and a new part never shifts another part's numbers.
- Scale: ``scenario.scaled(scale=K, years=N)`` is the same world K times larger over N years
  ending at the scenario's last year (bench/generate.py); its name records the parameters. One
  database holds one scenario: loading a second one into it is refused.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from graphlib import CycleError, TopologicalSorter
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from labor.core.models import ScenarioPart

# progress(label, done, total): called while a part loads; the command prints it.
Progress = Callable[[str, int, int], None]


def no_progress(label: str, done: int, total: int) -> None:
    pass


class ScenarioError(Exception):
    """A scenario cannot be loaded: unknown name, or another scenario already in the database."""


class PartFailed(ScenarioError):
    """A part raised while loading; its transaction was rolled back and it is not recorded."""

    def __init__(self, part: str, error: BaseException):
        super().__init__(f"part {part} failed and was rolled back: {error!r}")
        self.part = part


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str  # zh-Hant, for people
    city: str  # District.city code
    city_label: str  # 臺北市: addresses are written with it
    as_of: dt.date  # the day the scenario's figures describe
    first_year: int
    last_year: int
    seed: int
    scale: float = 1.0

    def count(self, n: int) -> int:
        """``n`` records of the full-size scenario, at this scenario's scale."""
        return round(n * self.scale)

    def rng(self, part: str) -> random.Random:
        # Seeded by the base scenario and the part only: the scale changes how many draws are
        # made, not the stream they come from.
        return random.Random(f"{self.seed}:{part}")

    def month_ends(self) -> list[dt.date]:
        """The last day of every month the scenario's history covers."""
        return [
            dt.date(year, month, calendar.monthrange(year, month)[1])
            for year in range(self.first_year, self.last_year + 1)
            for month in range(1, 13)
        ]

    def change_reason(self, part: str) -> str:
        """The history_change_reason written on audited rows a part creates in bulk."""
        return f"示範情境 {self.name}（{part}）"

    def scaled(self, *, scale: float = 1.0, years: int | None = None) -> Scenario:
        """The same world ``scale`` times larger, its history covering ``years`` years that end
        with the scenario's last year."""
        if scale <= 0:
            raise ScenarioError("scale must be positive")
        years = years or (self.last_year - self.first_year + 1)
        if years < 1:
            raise ScenarioError("years must be at least 1")
        first_year = min(self.last_year - years + 1, self.as_of.year)
        if scale == self.scale and first_year == self.first_year:
            return self
        return replace(
            self, name=f"{self.name}@x{scale:g}-y{years}", scale=scale, first_year=first_year
        )


@dataclass(frozen=True)
class Part:
    """One app's contribution to a scenario. ``load(scenario, progress)`` returns rows written."""

    name: str  # "<app label>.<what>", e.g. "core.establishments"
    load: Callable[[Scenario, Progress], int]
    requires: tuple[str, ...] = ()
    label: str = ""  # zh-Hant, shown while loading
    # The base scenarios the part belongs to (None: every scenario).
    scenarios: tuple[str, ...] | None = None

    def belongs_to(self, scenario: Scenario) -> bool:
        base = scenario.name.split("@", 1)[0]
        return self.scenarios is None or base in self.scenarios


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario(
            name="taipei-2023h1",
            label="臺北市 112 年上半年",
            city="taipei",
            city_label="臺北市",
            as_of=dt.date(2023, 6, 30),
            first_year=2022,
            last_year=2023,
            seed=2023_06_30,
        ),
    ]
}


def get_scenario(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        known = ", ".join(sorted(SCENARIOS))
        raise ScenarioError(f"unknown scenario {name!r}; known scenarios: {known}") from None


def discover_parts() -> list[Part]:
    """Every installed app's ``scenario.PARTS``, in dependency order."""
    declared: list[Part] = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "scenario"):
            module = import_module(f"{app_config.name}.scenario")
            declared.extend(getattr(module, "PARTS", ()))
    return order_parts(declared)


def order_parts(parts: Iterable[Part]) -> list[Part]:
    parts = list(parts)
    by_name: dict[str, Part] = {}
    for part in parts:
        if part.name in by_name:
            raise ImproperlyConfigured(f"scenario part {part.name!r} declared twice")
        by_name[part.name] = part
    position = {name: i for i, name in enumerate(by_name)}
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for part in parts:
        for required in part.requires:
            if required not in by_name:
                raise ImproperlyConfigured(
                    f"scenario part {part.name!r} requires {required!r}, which no app declares"
                )
        sorter.add(part.name, *part.requires)
    try:
        sorter.prepare()
    except CycleError as exc:
        raise ImproperlyConfigured(f"scenario parts require each other: {exc.args[1]}") from None
    ordered: list[Part] = []
    ready: list[str] = []
    while sorter.is_active():
        ready.extend(sorter.get_ready())
        # One at a time, so that declaration order decides among parts that are free to run.
        ready.sort(key=position.__getitem__)
        first = ready.pop(0)
        ordered.append(by_name[first])
        sorter.done(first)
    return ordered


@dataclass
class PartResult:
    part: str
    rows: int
    skipped: bool
    seconds: float = 0.0


@dataclass
class LoadResult:
    scenario: Scenario
    parts: list[PartResult] = field(default_factory=list)

    @property
    def loaded_rows(self) -> int:
        return sum(p.rows for p in self.parts if not p.skipped)


def loaded_parts(scenario: Scenario) -> set[str]:
    return set(
        ScenarioPart.objects.filter(scenario=scenario.name).values_list("part", flat=True)
    )


def is_loaded(scenario: Scenario, parts: Iterable[Part] | None = None) -> bool:
    parts = discover_parts() if parts is None else parts
    wanted = {p.name for p in parts if p.belongs_to(scenario)}
    return wanted <= loaded_parts(scenario)


def load(
    scenario: Scenario,
    *,
    progress: Progress = no_progress,
    log: Callable[[str], None] = lambda message: None,
    parts: Iterable[Part] | None = None,
) -> LoadResult:
    """Load every part of ``scenario`` not yet recorded as loaded, each in its own transaction."""
    parts = discover_parts() if parts is None else order_parts(parts)
    others = (
        ScenarioPart.objects.exclude(scenario=scenario.name)
        .values_list("scenario", flat=True)
        .distinct()
    )
    if other := others.first():
        raise ScenarioError(
            f"this database already holds scenario {other!r}; "
            f"load {scenario.name!r} into an empty database"
        )
    done = loaded_parts(scenario)
    result = LoadResult(scenario=scenario)
    for part in parts:
        if not part.belongs_to(scenario):
            continue
        if part.name in done:
            log(f"{part.name}: already loaded, skipped")
            result.parts.append(PartResult(part.name, 0, skipped=True))
            continue
        started = time.perf_counter()
        try:
            with transaction.atomic():
                rows = part.load(scenario, progress)
                ScenarioPart.objects.create(scenario=scenario.name, part=part.name, rows=rows)
        except Exception as exc:
            raise PartFailed(part.name, exc) from exc
        seconds = time.perf_counter() - started
        label = f" {part.label}" if part.label else ""
        log(f"{part.name}{label}: {rows:,} rows in {seconds:.1f} s")
        result.parts.append(PartResult(part.name, rows, skipped=False, seconds=seconds))
    return result


class StreamProgress:
    """Progress on a stream (stderr): rewrites one line on a terminal, prints every tenth
    otherwise, so that logs from `make run` in CI stay short."""

    def __init__(self, stream=None, *, steps: int = 10):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.steps = steps
        self._last: tuple[str, int] | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        total = max(total, 1)
        step = done * self.steps // total
        if not self.tty and self._last == (label, step) and done < total:
            return
        self._last = (label, step)
        text = f"  {label} {done:,}/{total:,}"
        if self.tty:
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{text}\x1b[K{end}")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
