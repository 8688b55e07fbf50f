"""Declared cross-checks (labor/stats/crosschecks.py, ``registry.relation``).

The mechanics run on private registries with constant figures (the seed report's own slips:
the fund balance off by NT$270, a share over the wrong denominator); the platform's relations
run on small ORM fixtures, on a corrupted record, and on the demo scenario.
"""

import datetime as dt
import io
import json
from decimal import Decimal
from importlib import import_module
from itertools import count

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.core.management.base import CommandError

from labor.core import scenario as kernel
from labor.core import scenarios
from labor.core.formatting import TAIPEI
from labor.core.models import Case, District, Establishment, HeadcountRecord, Industry
from labor.disputes import scenario as disputes_scenario
from labor.disputes.models import LINE_MEDIATION, ApplicantKind, Dispute, Kind, Outcome
from labor.stats import crosschecks
from labor.stats.periods import Period
from labor.stats.registry import (
    DuplicateIndicator,
    IndicatorError,
    Member,
    Registry,
    Result,
    UnknownIndicator,
    registry,
)

# --- the mechanics, on private registries --------------------------------------------------


def constants(reg: Registry, values: dict, unit: str = "件", calls: list | None = None):
    """Declare one indicator per code returning a constant (counting calls if asked)."""
    for code, v in values.items():
        def compute(period, v=v, code=code):
            if calls is not None:
                calls.append(code)
            return Result(value=v, numerator=v)

        reg.indicator(code=code, label="測試", label_en="Test", unit=unit,
                      definition="測試用。")(compute)


def family(reg: Registry, prefix: str, values: dict, calls: list | None = None):
    def compute(period):
        if calls is not None:
            calls.append(prefix)
        return {k: Result.counted(v) for k, v in values.items()}

    reg.family(prefix=prefix, label="各類", label_en="By kind", unit="件", definition="測試用。",
               members=lambda: [Member(k, k, k) for k in values])(compute)


def test_a_sum_over_a_family_holds_and_breaks_naming_the_relation():
    reg = Registry()
    constants(reg, {"demo.total": 6})
    family(reg, "demo.by_kind", {"a": 1, "b": 2, "c": 3})
    relation = reg.relation("sum", "demo.total", parts="demo.by_kind.*",
                            description="各類合計等於總數。")
    assert relation.formula == "demo.total = Σ demo.by_kind.*"
    assert crosschecks.evaluate("2023H1", registry=reg) == []

    broken = Registry()
    constants(broken, {"demo.total": 7})
    family(broken, "demo.by_kind", {"a": 1, "b": 2, "c": 3})
    broken.relation("sum", "demo.total", parts="demo.by_kind.*", description="各類合計等於總數。")
    [breach] = crosschecks.evaluate("2023H1", registry=broken)
    assert (breach.expected, breach.actual) == (6, 7)
    assert breach.formula == "demo.total = Σ demo.by_kind.*"
    assert breach.values == {"demo.total": 7, "demo.by_kind.a": 1, "demo.by_kind.b": 2,
                             "demo.by_kind.c": 3}
    assert breach.message == (
        "交叉檢核不成立：各類合計等於總數（demo.total = Σ demo.by_kind.*）"
        "demo.total 為 7，依關係應為 6，相差 1。"
    )


def test_a_balance_catches_the_seed_reports_fund_slip_of_270():
    reg = Registry()
    constants(reg, {"fund.surplus_accumulated_2022": 721_406_226, "fund.surplus_2023": 10_808_083,
                    "fund.balance": 732_214_039}, unit="元")
    reg.relation("balance", "fund.balance", opening="fund.surplus_accumulated_2022",
                 change="fund.surplus_2023", description="基金餘額等於累積賸餘加本期賸餘。")
    [breach] = crosschecks.evaluate("2023H1", registry=reg)
    assert (breach.expected, breach.actual) == (732_214_309, 732_214_039)
    assert "fund.balance = fund.surplus_accumulated_2022 + fund.surplus_2023" in breach.message
    assert breach.message.endswith(
        "fund.balance 為 732,214,039，依關係應為 732,214,309，相差 -270。"
    )


def share_registry(share, numerator=957, denominator=1968, places=2) -> Registry:
    reg = Registry()
    constants(reg, {"demo.online": numerator, "demo.received": denominator})
    constants(reg, {"demo.online_share": share}, unit="%")
    reg.relation("ratio", "demo.online_share", numerator="demo.online",
                 denominator="demo.received", places=places, description="占比。")
    return reg


def test_a_ratio_is_rounded_half_up_to_its_places_and_exact():
    assert crosschecks.evaluate("2023H1", registry=share_registry(Decimal("48.63"))) == []
    # The share over cases handled (1,970) instead of applications received.
    [breach] = crosschecks.evaluate("2023H1", registry=share_registry(
        Decimal("48.63"), denominator=1970))
    assert breach.expected == Decimal("48.58")
    # Truncated where the relation rounds: 2/3 = 66.666… → 66.67, not 66.66.
    [breach] = crosschecks.evaluate("2023H1", registry=share_registry(
        Decimal("66.66"), numerator=2, denominator=3))
    assert breach.expected == Decimal("66.67")
    assert crosschecks.evaluate("2023H1", registry=share_registry(
        80, numerator=72, denominator=90, places=0)) == []
    # No denominator, no share: holds when the indicator has no value either.
    assert crosschecks.evaluate("2023H1", registry=share_registry(None, 0, 0)) == []
    [breach] = crosschecks.evaluate("2023H1", registry=share_registry(0, 0, 0))
    assert breach.expected is None and "依關係應為 無數值" in breach.message


def test_a_ratio_with_summed_terms_reads_each():
    reg = Registry()
    constants(reg, {"demo.handled": 4})
    family(reg, "demo.by_outcome", {"settled": 1, "withdrawn_settled": 1, "other": 2})
    constants(reg, {"demo.rate": 50}, unit="%")
    relation = reg.relation(
        "ratio", "demo.rate", numerator=["demo.by_outcome.settled",
                                         "demo.by_outcome.withdrawn_settled"],
        denominator="demo.handled", description="和解率。")
    assert relation.formula == (
        "demo.rate = (demo.by_outcome.settled + demo.by_outcome.withdrawn_settled) "
        "÷ demo.handled × 100"
    )
    assert crosschecks.evaluate("2023H1", registry=reg) == []


def test_given_results_are_reused_and_only_missing_codes_computed():
    calls = []
    reg = Registry()
    constants(reg, {"demo.total": 6, "demo.other": 1}, calls=calls)
    family(reg, "demo.by_kind", {"a": 1, "b": 5}, calls=calls)
    reg.relation("sum", "demo.total", parts="demo.by_kind.*", description="合計。")
    results = reg.compute_all("2023H1")
    calls.clear()
    assert crosschecks.evaluate("2023H1", results, registry=reg) == []
    assert calls == []
    # Given only the total: the family is computed once, the unrelated code not at all.
    assert crosschecks.evaluate("2023H1", {"demo.total": results["demo.total"]},
                                registry=reg) == []
    assert calls == ["demo.by_kind"]


def test_declarations_are_checked():
    reg = Registry()
    with pytest.raises(IndicatorError, match="kind"):
        reg.relation("difference", "demo.total", parts="demo.a", description="x")
    with pytest.raises(IndicatorError, match="parts is required"):
        reg.relation("sum", "demo.total", description="x")
    with pytest.raises(IndicatorError, match="denominator is required"):
        reg.relation("ratio", "demo.share", numerator="demo.a", description="x")
    with pytest.raises(IndicatorError, match="description"):
        reg.relation("sum", "demo.total", parts="demo.a", description="")
    with pytest.raises(IndicatorError, match="own terms"):
        reg.relation("sum", "demo.total", parts="demo.total", description="x")
    with pytest.raises(IndicatorError, match="not a code"):
        reg.relation("sum", "demo.total", parts="Demo A", description="x")
    reg.relation("sum", "demo.total", parts=["demo.a", "demo.b"], description="x")
    with pytest.raises(DuplicateIndicator):
        reg.relation("sum", "demo.total", parts=["demo.a", "demo.b"], description="again")


def test_a_relation_naming_an_undeclared_code_is_an_error():
    reg = Registry()
    constants(reg, {"demo.total": 1})
    reg.relation("sum", "demo.total", parts="demo.by_kind.*", description="合計。")
    with pytest.raises(UnknownIndicator, match=r"demo\.by_kind\.\*"):
        crosschecks.evaluate("2023H1", registry=reg)


# --- the platform's relations, on records ---------------------------------------------------

_serial = count(1)


def taipei(year, month, day, hour=10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TAIPEI)


def dispute(received_at, *, channel="counter", outcome="", outcome_on=None) -> Dispute:
    n = next(_serial)
    case = Case.objects.create(
        number=f"112-DSP-{n:06d}", line=LINE_MEDIATION, year=2023, sequence=n, channel=channel,
        status="closed" if outcome else "received", received_at=received_at,
        closed_at=taipei(outcome_on.year, outcome_on.month, outcome_on.day, 17)
        if outcome else None,
    )
    return Dispute.objects.create(case=case, kind=Kind.MEDIATION,
                                  applicant_kind=ApplicantKind.WORKER, outcome=outcome,
                                  outcome_on=outcome_on)


@pytest.fixture
def records(db):
    industry = Industry.objects.get(code="C")
    for ubn, district, headcount in [("10000001", "daan", 60), ("10000002", "shilin", 12),
                                     ("10000003", "daan", 0)]:
        est = Establishment.objects.create(
            ubn=ubn, name=f"公司{ubn}", industry=industry,
            district=District.objects.get(city="taipei", code=district),
        )
        HeadcountRecord.objects.create(establishment=est, as_of=dt.date(2023, 3, 1),
                                       headcount=headcount)
    handled = [dispute(taipei(2023, 2, 1), outcome=outcome, outcome_on=dt.date(2023, 4, 1))
               for outcome in Outcome.values]
    handled.append(dispute(taipei(2022, 12, 20), channel="online", outcome=Outcome.SETTLED,
                           outcome_on=dt.date(2023, 1, 10)))
    dispute(taipei(2023, 6, 1), channel="online")  # received, still open
    dispute(taipei(2023, 5, 2))
    return handled


def check(*args) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("indicators", *args, "--check", stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return out.getvalue() + str(exc), exc.returncode
    return out.getvalue(), 0


def test_the_platforms_relations_are_declared_on_indicators_that_exist(db):
    formulas = {r.formula for r in registry.relations()}
    assert formulas >= {
        "establishments.total = Σ establishments.by_headcount.*",
        "establishments.total = Σ establishments.by_district.*",
        "disputes.cases_handled = Σ disputes.handled_by_outcome.*",
        "disputes.online_share = disputes.online_applications ÷ disputes.applications_received"
        " × 100",
        "disputes.settlement_rate = (disputes.handled_by_outcome.settled + "
        "disputes.handled_by_outcome.withdrawn_settled) ÷ disputes.cases_handled × 100",
    }
    indicators = registry.indicators()
    for relation in registry.relations():
        for term in (relation.code, *relation.terms()):
            assert registry.expand(term, indicators), term


def test_handled_by_outcome_counts_each_outcome_from_one_query(records, django_assert_num_queries):
    family = registry.get("disputes.handled_by_outcome.settled").family
    with django_assert_num_queries(1):
        counts = family.evaluate(Period.parse("2023H1"))
    assert {k: r.value for k, r in counts.items()} == {
        "settled": 2, "not_settled": 1, "withdrawn": 1, "withdrawn_settled": 1, "transferred": 1,
    }
    assert set(counts["settled"].records) == {records[0], records[-1]}


def test_the_relations_hold_on_a_small_fixture_and_reuse_the_reports_figures(
        records, django_assert_max_num_queries):
    results = registry.compute_all("2023H1")
    assert results["disputes.cases_handled"].value == 6
    assert results["establishments.total"].value == 3
    with django_assert_max_num_queries(1):  # the districts (family members), no figure again
        assert crosschecks.evaluate("2023H1", results) == []
    assert crosschecks.evaluate("2023H1") == []
    text, code = check("2023H1")
    assert code == 0
    assert text.strip() == f"112年上半年：交叉檢核 {len(registry.relations())} 項關係皆成立。"


def test_a_handled_case_with_an_outcome_outside_the_list_breaks_the_sum(records):
    # An outcome the form never offers (an old import's code, a hand edit): handled, but in
    # no outcome.
    Dispute.objects.filter(pk=records[1].pk).update(outcome="mediated")

    [breach] = crosschecks.evaluate("2023H1")
    assert breach.relation.formula == "disputes.cases_handled = Σ disputes.handled_by_outcome.*"
    assert (breach.expected, breach.actual) == (5, 6)
    assert breach.message.startswith("交叉檢核不成立：各處理結果")
    assert "disputes.cases_handled 為 6，依關係應為 5，相差 1。" in breach.message

    text, code = check("2023H1")
    assert code == 1
    assert breach.message in text
    assert "交叉檢核有 1 項關係不成立" in text
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("indicators", "2023H1", "--check", "--json", stdout=out)
    [entry] = json.loads(out.getvalue())
    assert entry["relation"] == breach.relation.formula
    assert (entry["expected"], entry["actual"]) == (5, 6)


def test_a_dated_case_without_an_outcome_is_neither_handled_nor_in_an_outcome(records):
    # The model allows an outcome date without an outcome; selectors.handled() leaves such a
    # case out, so it is in neither side of the sum and the relations still hold.
    Dispute.objects.filter(pk=records[1].pk).update(outcome="")
    assert crosschecks.evaluate("2023H1") == []
    assert registry.compute("disputes.cases_handled", "2023H1").value == 5


# --- the demo scenario ------------------------------------------------------------------------


@pytest.fixture
def reference_data(db):
    """What the migrations load: transactional tests elsewhere may have flushed it."""
    import_module("labor.core.migrations.0002_reference_data").load(django_apps, None)
    import_module("labor.disputes.migrations.0002_committee_settings").load(django_apps, None)


def test_the_demo_scenario_has_no_breach_for_2023h1(reference_data):
    scenarios.load(scenarios.get_scenario("taipei-2023h1"),
                   parts=[*kernel.PARTS, *disputes_scenario.PARTS])
    results = registry.compute_all("2023H1")
    assert results["disputes.cases_handled"].value == 1970
    assert crosschecks.evaluate("2023H1", results) == []
    text, code = check("2023H1")
    assert code == 0, text


def test_the_council_report_lists_a_broken_relation_under_its_data_check(records, tmp_path):
    Dispute.objects.filter(pk=records[1].pk).update(outcome="mediated")
    [breach] = crosschecks.evaluate("2023H1")
    output = tmp_path / "report.html"
    call_command("council_report", "2023H1", "--format", "html", "--output", str(output),
                 stdout=io.StringIO())
    html = output.read_text(encoding="utf-8")
    assert "數據檢核" in html
    assert breach.message in html
