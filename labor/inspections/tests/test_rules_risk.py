"""The risk-based selection and the site's next due date as pure functions (no database)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labor.inspections import rules
from labor.inspections.rules import RiskFacts, RiskWeights

D = dt.date
TODAY = D(2023, 6, 30)


def facts(key=1, **fields):
    fields.setdefault("size_band", "1_29")
    fields.setdefault("industry", "G")
    return RiskFacts(key=key, **fields)


def codes(score):
    return {reason.code: reason.points for reason in score.reasons}


# --- one establishment's score --------------------------------------------------------------


def test_a_small_shop_inspected_this_year_scores_nothing_and_has_no_reasons():
    score = rules.risk_score(facts(last_inspected_on=D(2023, 2, 1)), TODAY)
    assert score.score == 0
    assert score.reasons == ()


def test_every_criterion_gives_its_stated_points_with_the_fact_behind_it():
    score = rules.risk_score(facts(size_band="50_99", industry="M", penalties=1,
                                   last_inspected_on=D(2020, 6, 30), complaints=2,
                                   long_hours=True), TODAY)
    weights = rules.DEFAULT_RISK_WEIGHTS
    assert codes(score) == {
        rules.RISK_SIZE: weights.size_band["50_99"],
        rules.RISK_INDUSTRY: weights.industry["M"],
        rules.RISK_PENALTIES: weights.per_penalty,
        rules.RISK_UNINSPECTED_YEARS: 3 * weights.per_year_uninspected,
        rules.RISK_COMPLAINTS: 2 * weights.per_complaint,
        rules.RISK_LONG_HOURS: weights.long_hours,
    }
    assert score.score == sum(codes(score).values())
    values = {reason.code: reason.value for reason in score.reasons}
    assert values[rules.RISK_SIZE] == "50_99"
    assert values[rules.RISK_INDUSTRY] == "M"
    assert values[rules.RISK_UNINSPECTED_YEARS] == 3
    assert values[rules.RISK_COMPLAINTS] == 2


def test_never_inspected_scores_more_than_any_time_since_an_inspection():
    never = rules.risk_score(facts(), TODAY)
    long_ago = rules.risk_score(facts(last_inspected_on=D(1990, 1, 1)), TODAY)
    assert codes(never) == {rules.RISK_NEVER_INSPECTED: 5}
    assert codes(long_ago) == {rules.RISK_UNINSPECTED_YEARS: 5}  # capped
    assert never.score >= long_ago.score


def test_caps_keep_one_fact_from_deciding_alone():
    score = rules.risk_score(facts(penalties=10, complaints=40,
                                   last_inspected_on=D(2023, 1, 1)), TODAY)
    assert codes(score) == {rules.RISK_PENALTIES: 9, rules.RISK_COMPLAINTS: 6}


def test_years_since_the_last_inspection_are_whole_years():
    assert rules.full_years_between(D(2020, 7, 1), TODAY) == 2
    assert rules.full_years_between(D(2020, 6, 30), TODAY) == 3
    assert rules.full_years_between(D(2020, 2, 29), D(2021, 2, 28)) == 0
    assert rules.full_years_between(D(2020, 2, 29), D(2021, 3, 1)) == 1
    with pytest.raises(ValueError):
        rules.risk_score(facts(last_inspected_on=D(2023, 7, 1)), TODAY)


def test_unknown_band_and_unlisted_industry_give_no_points():
    score = rules.risk_score(facts(size_band="unknown", industry="Z",
                                   last_inspected_on=TODAY), TODAY)
    assert score.score == 0


def test_weights_are_parameters():
    weights = RiskWeights(size_band={"1_29": 7}, industry={}, per_penalty=0, penalty_cap=0,
                          never_inspected=0, per_year_uninspected=0, uninspected_cap=0,
                          per_complaint=0, complaint_cap=0, long_hours=0)
    assert rules.risk_score(facts(penalties=3), TODAY, weights).score == 7
    with pytest.raises(ValueError):
        RiskWeights(size_band={}, industry={"M": -1}, per_penalty=0, penalty_cap=0,
                    never_inspected=0, per_year_uninspected=0, uninspected_cap=0,
                    per_complaint=0, complaint_cap=0, long_hours=0)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rules.risk_score(facts(penalties=-1), TODAY)
    with pytest.raises(TypeError):
        rules.risk_score(facts(complaints=1.5), TODAY)


# --- the ranking ----------------------------------------------------------------------------


def test_ranking_puts_the_highest_score_first_and_breaks_ties_by_inspection_age():
    ranked = rules.rank_by_risk([
        facts(1, last_inspected_on=D(2023, 1, 1)),  # 0
        facts(2, size_band="300_plus", penalties=2, last_inspected_on=D(2023, 1, 1)),  # 9
        facts(3, long_hours=True, last_inspected_on=D(2021, 6, 1)),  # 4 + 2
        facts(4, long_hours=True, last_inspected_on=D(2019, 6, 1)),  # 4 + 4
        facts(5, industry="F", size_band="30_49", last_inspected_on=D(2022, 6, 1)),  # 2+1+1
        facts(6),  # never inspected: 5
        facts(7, long_hours=True, last_inspected_on=D(2022, 6, 29)),  # 4 + 1
    ], TODAY)
    assert [s.key for s in ranked] == [2, 4, 3, 6, 7, 5, 1]
    assert [s.score for s in ranked] == [9, 8, 6, 5, 5, 4, 0]


def test_equal_scores_never_inspected_first_then_oldest_inspection_then_key():
    ranked = rules.rank_by_risk([
        facts(9, size_band="300_plus", last_inspected_on=D(2023, 1, 1)),  # 3
        facts(8, size_band="300_plus", last_inspected_on=D(2022, 12, 1)),  # 3
        facts(3, industry="M", last_inspected_on=D(2023, 1, 1)),  # 3
    ], TODAY)
    assert [s.key for s in ranked] == [8, 3, 9]


@given(st.lists(st.builds(
    RiskFacts, key=st.integers(1, 10_000),
    size_band=st.sampled_from(["1_29", "30_49", "50_99", "100_199", "200_299", "300_plus",
                               "unknown"]),
    industry=st.sampled_from(["C", "F", "G", "I", "M", "N"]),
    penalties=st.integers(0, 20), complaints=st.integers(0, 20), long_hours=st.booleans(),
    last_inspected_on=st.one_of(st.none(), st.dates(D(2000, 1, 1), TODAY)),
), max_size=30, unique_by=lambda f: f.key))
def test_ranking_is_ordered_and_each_score_is_the_sum_of_its_reasons(items):
    ranked = rules.rank_by_risk(items, TODAY)
    assert sorted(s.key for s in ranked) == sorted(f.key for f in items)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    for score in ranked:
        assert score.score == sum(r.points for r in score.reasons)
        assert all(r.points > 0 for r in score.reasons)
    assert rules.rank_by_risk(list(reversed(items)), TODAY) == ranked


# --- a site's next due date -----------------------------------------------------------------


def test_next_due_is_the_current_window_until_it_is_inspected():
    start, end = D(2023, 1, 1), D(2023, 12, 31)
    # High risk: monthly windows; on 2023-03-10 the March window is due on 03-31.
    assert rules.next_inspection_due_date(start, end, "high", [], D(2023, 3, 10)) \
        == D(2023, 3, 31)
    # Inspected in March: April's window is next.
    assert rules.next_inspection_due_date(start, end, "high", [D(2023, 3, 2)],
                                          D(2023, 3, 10)) == D(2023, 4, 30)
    # General: every 4 months, windows Jan-Apr, May-Aug, Sep-Dec.
    assert rules.next_inspection_due_date(start, end, "general", [D(2023, 2, 1)],
                                          D(2023, 3, 10)) == D(2023, 8, 31)


def test_next_due_before_the_start_and_after_the_end():
    start, end = D(2023, 7, 15), D(2023, 9, 10)
    assert rules.next_inspection_due_date(start, end, "medium", [], D(2023, 1, 1)) \
        == D(2023, 9, 10)  # the one window, cut at the site's end
    assert rules.next_inspection_due_date(start, end, "medium", [], D(2023, 9, 11)) is None
    assert rules.next_inspection_due_date(start, end, "medium", [D(2023, 8, 1)],
                                          D(2023, 8, 2)) is None
