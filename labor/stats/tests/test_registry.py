import json
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest
from django.conf import settings

from labor.stats.periods import Period
from labor.stats.registry import (
    DuplicateIndicator,
    Family,
    Indicator,
    IndicatorError,
    Member,
    Registry,
    Result,
    UnknownIndicator,
)

H1 = Period.parse("2023H1")


def declare(reg: Registry, code: str, value=1, unit="件"):
    @reg.indicator(code=code, label="測試指標", label_en="Test", unit=unit, definition="測試用。")
    def compute(period):
        return Result(value=value, numerator=value)

    return compute


def test_a_declared_indicator_computes_a_result_for_a_period():
    reg = Registry()
    indicator = declare(reg, "demo.cases", value=7)
    assert isinstance(indicator, Indicator)
    assert reg.compute("demo.cases", "2023H1") == Result(value=7, numerator=7)
    assert indicator(H1).value == 7


def test_a_code_registered_twice_is_refused():
    reg = Registry()
    declare(reg, "demo.cases")
    with pytest.raises(DuplicateIndicator, match="already registered"):
        declare(reg, "demo.cases")


def test_a_code_cannot_be_both_a_figure_and_a_branch_of_figures():
    reg = Registry()
    declare(reg, "demo.cases")
    with pytest.raises(DuplicateIndicator, match="overlaps"):
        declare(reg, "demo.cases.online")


def test_a_code_under_a_family_prefix_is_refused():
    reg = Registry()
    reg.family(prefix="demo.by_kind", label="各類", label_en="By kind", unit="件",
               definition="測試用。", members=lambda: [])(lambda period: {})
    with pytest.raises(DuplicateIndicator, match="overlaps"):
        declare(reg, "demo.by_kind.extra")


@pytest.mark.parametrize("code", ["demo", "Demo.Cases", "demo.cases-online", "demo..cases", ""])
def test_a_code_that_is_not_dotted_lower_case_is_refused(code):
    with pytest.raises(IndicatorError):
        declare(Registry(), code)


def test_an_unknown_unit_is_refused():
    with pytest.raises(IndicatorError, match="unknown unit"):
        declare(Registry(), "demo.cases", unit="箱")


def test_labels_and_definition_are_required():
    with pytest.raises(IndicatorError, match="required"):
        Indicator(code="demo.cases", label="", label_en="x", unit="件", definition="x",
                  compute=lambda p: Result(value=0))


def test_a_compute_function_must_return_a_result():
    reg = Registry()
    reg.indicator(code="demo.bad", label="壞", label_en="Bad", unit="件",
                  definition="測試用。")(lambda period: 3)
    with pytest.raises(IndicatorError, match="not a Result"):
        reg.compute("demo.bad", H1)


def test_an_unknown_code_is_a_lookup_error():
    with pytest.raises(UnknownIndicator):
        Registry().get("demo.missing")


def test_a_bad_period_is_refused_before_computing():
    reg = Registry()
    declare(reg, "demo.cases")
    with pytest.raises(ValueError, match="半年別"):
        reg.compute("demo.cases", "2023H3")


def make_family(reg: Registry, keys, calls: list, results=None):
    @reg.family(
        prefix="demo.by_kind", label="各類件數", label_en="Cases by kind", unit="件",
        definition="依類別計數。",
        members=lambda: [Member(key=k, label=f"{k}類件數", label_en=f"{k} cases") for k in keys],
    )
    def compute(period):
        calls.append(period)
        return results if results is not None else {k: Result.counted(i) for i, k in
                                                    enumerate(keys)}

    return compute


def test_a_family_adds_one_code_per_member_read_from_data():
    reg = Registry()
    keys = ["alpha", "beta"]
    family = make_family(reg, keys, [])
    assert isinstance(family, Family)
    assert [i.code for i in reg.indicators()] == ["demo.by_kind.alpha", "demo.by_kind.beta"]
    keys.append("gamma")  # a new row in the reference data
    assert reg.get("demo.by_kind.gamma").label == "gamma類件數"
    assert reg.compute("demo.by_kind.gamma", H1).value == 2


def test_a_family_is_computed_once_per_period_for_all_its_codes():
    reg = Registry()
    calls = []
    make_family(reg, ["alpha", "beta", "gamma"], calls)
    declare(reg, "demo.total", value=3)
    results = reg.compute_all(H1)
    assert list(results) == ["demo.by_kind.alpha", "demo.by_kind.beta", "demo.by_kind.gamma",
                             "demo.total"]
    assert [r.value for r in results.values()] == [0, 1, 2, 3]
    assert calls == [H1]


def test_a_family_member_without_a_result_is_an_error():
    reg = Registry()
    make_family(reg, ["alpha", "beta"], [], results={"alpha": Result.counted(1)})
    with pytest.raises(IndicatorError, match="beta"):
        reg.compute_all(H1)


def test_a_family_member_declared_twice_is_refused():
    reg = Registry()
    make_family(reg, ["alpha", "alpha"], [])
    with pytest.raises(DuplicateIndicator, match="alpha"):
        reg.indicators()


def test_the_code_prefix_matches_whole_segments():
    reg = Registry()
    declare(reg, "demo.cases")
    declare(reg, "demo.cases_online")
    declare(reg, "other.cases")
    assert [i.code for i in reg.indicators("demo.cases")] == ["demo.cases"]
    assert [i.code for i in reg.indicators("demo")] == ["demo.cases", "demo.cases_online"]
    assert reg.indicators("dem") == []


def test_a_percentage_is_rounded_half_up_with_its_parts_kept():
    result = Result.ratio(3383, 4170)
    assert result.value == Decimal("81.13")  # 81.127...; the printed report truncates to 81.12
    assert (result.numerator, result.denominator) == (3383, 4170)
    assert Result.ratio(1, 8, places=1).value == Decimal("12.5")
    assert Result.ratio(1, 800).value == Decimal("0.13")  # 0.125 rounds up


def test_a_percentage_over_nothing_has_no_value():
    assert Result.ratio(0, 0).value is None


@pytest.mark.django_db
def test_a_count_result_carries_the_records_it_counted():
    from labor.core.models import District

    records = District.objects.filter(city="taipei")
    result = Result.count(records)
    assert result.value == result.numerator == 12
    assert result.denominator is None
    assert result.records is records


def test_the_default_registry_finds_the_kernel_indicators_by_itself():
    # A fresh interpreter: nothing has imported labor.core.indicators before the registry is read.
    script = textwrap.dedent(
        """
        import json, sys, django
        django.setup()
        from labor.stats.registry import Family, registry
        before = "labor.core.indicators" in sys.modules
        codes = [d.prefix if isinstance(d, Family) else d.code for d in registry.declarations()]
        print(json.dumps({"before": before, "after": "labor.core.indicators" in sys.modules,
                          "codes": codes}))
        """
    )
    env = {"DJANGO_SETTINGS_MODULE": "labor.settings_test", "PATH": "/usr/bin:/bin",
           "LABOR_VAR_DIR": "/tmp/labor-registry-test"}
    out = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,
                         capture_output=True, text=True, check=True, timeout=60)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] is False
    assert seen["after"] is True
    assert {"establishments.total", "establishments.by_headcount",
            "establishments.by_district"} <= set(seen["codes"])

