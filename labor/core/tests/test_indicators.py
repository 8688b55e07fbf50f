"""The kernel's indicators and the selectors behind them, on a small fixture built with the ORM."""

import datetime as dt

import pytest

from labor.core import selectors
from labor.core.models import District, Establishment, HeadcountRecord, Industry
from labor.stats.periods import Period
from labor.stats.registry import registry

pytestmark = pytest.mark.django_db

H1 = Period.parse("2023H1")
YEAR = Period.parse("2023")
D = dt.date


def establishment(ubn: str, district: str, *records: tuple[dt.date, int], city="taipei"):
    est = Establishment.objects.create(
        ubn=ubn, name=f"測試公司{ubn}", industry=Industry.objects.get(code="C"),
        district=District.objects.get(city=city, code=district),
    )
    for as_of, headcount in records:
        HeadcountRecord.objects.create(establishment=est, as_of=as_of, headcount=headcount)
    return est


@pytest.fixture
def city():
    """Six establishments in Taipei whose headcounts move during 2023, one in another city."""
    District.objects.create(city="newtaipei", code="banqiao", name="板橋區", name_en="Banqiao")
    return {
        # 45 in January, 120 from August: 30-49 at the end of H1, 100-199 at the end of the year.
        "grower": establishment("10000001", "daan", (D(2023, 1, 31), 45), (D(2023, 8, 31), 120)),
        # Recorded on the last day of H1 (counts), then again the day after (does not, for H1).
        "edge": establishment("10000002", "daan", (D(2023, 6, 30), 300), (D(2023, 7, 1), 250)),
        "no_record": establishment("10000003", "xinyi"),
        # Its latest record before the end says 0: unknown, although it once had 10.
        "emptied": establishment("10000004", "xinyi", (D(2023, 1, 31), 10), (D(2023, 3, 31), 0)),
        # First recorded after H1.
        "late": establishment("10000005", "neihu", (D(2023, 8, 1), 60)),
        "small": establishment("10000006", "neihu", (D(2022, 12, 31), 29), (D(2024, 1, 31), 30)),
        "elsewhere": establishment("10000007", "banqiao", (D(2023, 1, 31), 500),
                                   city="newtaipei"),
    }


def values(period, prefix="establishments"):
    return {code: result.value for code, result in registry.compute_all(period, prefix).items()}


def test_an_establishment_counts_in_the_band_of_its_latest_headcount_before_the_period_end(city):
    h1 = selectors.establishments_with_headcount(on=H1.end).get(pk=city["grower"].pk)
    year = selectors.establishments_with_headcount(on=YEAR.end).get(pk=city["grower"].pk)
    assert (h1.headcount_on, h1.headcount_band) == (45, "30_49")
    assert (year.headcount_on, year.headcount_band) == (120, "100_199")


def test_the_band_counts_follow_the_records_at_each_period_end(city):
    assert values(H1, "establishments.by_headcount") == {
        "establishments.by_headcount.1_29": 1,  # small
        "establishments.by_headcount.30_49": 1,  # grower
        "establishments.by_headcount.50_99": 0,
        "establishments.by_headcount.100_199": 0,
        "establishments.by_headcount.200_299": 0,
        "establishments.by_headcount.300_plus": 1,  # edge, recorded on 30 June
        "establishments.by_headcount.unknown": 3,  # no_record, emptied, late
    }
    assert values(YEAR, "establishments.by_headcount") == {
        "establishments.by_headcount.1_29": 1,
        "establishments.by_headcount.30_49": 0,
        "establishments.by_headcount.50_99": 1,  # late
        "establishments.by_headcount.100_199": 1,  # grower
        "establishments.by_headcount.200_299": 1,  # edge
        "establishments.by_headcount.300_plus": 0,
        "establishments.by_headcount.unknown": 2,
    }


def test_an_as_of_period_takes_the_headcount_on_its_date(city):
    assert registry.compute("establishments.by_headcount.1_29", "asof:2024-01-30").value == 1
    assert registry.compute("establishments.by_headcount.30_49", "asof:2024-01-31").value == 1


def test_every_district_of_the_city_has_a_code_and_other_cities_are_left_out(city):
    counts = values(H1, "establishments.by_district")
    assert len(counts) == District.objects.filter(city="taipei").count() == 12
    assert counts["establishments.by_district.daan"] == 2
    assert counts["establishments.by_district.xinyi"] == 2
    assert counts["establishments.by_district.neihu"] == 2
    assert counts["establishments.by_district.beitou"] == 0
    assert "establishments.by_district.banqiao" not in counts
    assert values(H1)["establishments.total"] == 6


def test_a_new_district_adds_a_code_without_a_code_change(city):
    District.objects.create(city="taipei", code="newtown", name="新市區", name_en="Newtown",
                            sort_order=99)
    establishment("10000008", "newtown", (D(2023, 1, 31), 5))
    assert registry.compute("establishments.by_district.newtown", H1).value == 1
    assert registry.get("establishments.by_district.newtown").label == "新市區事業單位數"


def test_the_bands_and_the_districts_each_add_up_to_the_total(city):
    for period in (H1, YEAR, Period.parse("2022")):
        results = values(period)
        total = results.pop("establishments.total")
        bands = sum(v for c, v in results.items() if c.startswith("establishments.by_headcount"))
        districts = sum(v for c, v in results.items() if c.startswith("establishments.by_dist"))
        assert bands == districts == total == 6


def test_the_drill_down_lists_the_records_behind_each_figure(city):
    results = registry.compute_all(H1, "establishments")
    for code, result in results.items():
        assert result.records.count() == result.value, code
    unknown = results["establishments.by_headcount.unknown"].records
    assert {e.ubn for e in unknown} == {"10000003", "10000004", "10000005"}
    daan = results["establishments.by_district.daan"].records
    assert {(e.ubn, e.headcount_on) for e in daan} == {("10000001", 45), ("10000002", 300)}


def test_counting_takes_the_same_few_queries_however_many_establishments(
    city, django_assert_max_num_queries
):
    for n in range(40):
        establishment(f"2000{n:04d}", "wanhua", (D(2023, 1, 31), n * 10))
    # total: 1; bands: 1; districts: members 1 + districts 1 + counts 1.
    with django_assert_max_num_queries(5):
        results = values(H1)
    assert results["establishments.total"] == 46


@pytest.mark.parametrize(
    "headcount", [None, 0, 1, 29, 30, 49, 50, 99, 100, 199, 200, 299, 300, 5000]
)
def test_the_database_bands_a_headcount_as_the_python_rule_does(headcount):
    records = [(D(2023, 1, 1), headcount)] if headcount is not None else []
    est = establishment("30000001", "daan", *records)
    row = selectors.establishments_with_headcount(on=H1.end).get(pk=est.pk)
    assert row.headcount_band == selectors.band_of(headcount)


def test_band_boundaries_in_python():
    assert [selectors.band_of(n) for n in (None, 0, 1, 29, 30, 99, 100, 300)] == [
        "unknown", "unknown", "1_29", "1_29", "30_49", "50_99", "100_199", "300_plus"
    ]


def test_the_cross_table_by_district_and_band_adds_up_to_both_families(city):
    cross = selectors.count_by_district_and_band(on=YEAR.end)
    assert len(cross) == 12 * len(selectors.BAND_KEYS)
    assert cross[("daan", "100_199")] == 1
    assert cross[("daan", "200_299")] == 1
    assert cross[("neihu", "50_99")] == 1
    by_band = selectors.count_by_headcount_band(on=YEAR.end)
    for band in selectors.BAND_KEYS:
        assert sum(n for (_d, b), n in cross.items() if b == band) == by_band[band]


def test_only_establishments_that_existed_at_the_period_end_are_counted(city):
    opened_in_august = establishment("10000008", "daan", (D(2023, 8, 31), 40))
    opened_in_august.registered_on = D(2023, 8, 1)
    opened_in_august.save()
    closed_in_may = establishment("10000009", "daan", (D(2023, 1, 31), 80))
    closed_in_may.registered_on, closed_in_may.closed_on = D(2010, 1, 1), D(2023, 5, 1)
    closed_in_may.save()
    h1, year = values(H1), values(YEAR)
    # the six Taipei establishments of the fixture, plus the August one at the year end only
    assert h1["establishments.total"] == 6
    assert year["establishments.total"] == 7
    assert h1["establishments.by_district.daan"] == 2
    assert year["establishments.by_district.daan"] == 3
    assert values(Period.parse("asof:2023-04-30"))["establishments.by_headcount.50_99"] == 1
