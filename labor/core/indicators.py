"""The kernel's indicators: establishments in total, by headcount band and by district.

Headcount is taken as of the period's end (see labor/core/selectors.py for the rule and the
``unknown`` band); the bands and the districts each add up to ``establishments.total``.
"""

from labor.core import selectors
from labor.stats.periods import Period
from labor.stats.registry import Member, Result, registry

_SCOPE = "本市各行政區登記、於期末仍存續之事業單位"


@registry.indicator(
    code="establishments.total",
    label="事業單位數",
    label_en="Establishments",
    unit="家",
    definition=f"{_SCOPE}家數（不分員工人數）。",
    definition_en="Establishments registered in the city's districts, of any size.",
)
def establishments_total(period: Period) -> Result:
    return Result.count(selectors.establishments_with_headcount(on=period.end))


def _band_members() -> list[Member]:
    members = [
        Member(
            key=band.key,
            label=f"員工{band.label}之事業單位數",
            label_en=f"Establishments with {band.label_en}",
            definition=f"本項：員工{band.label}。",
        )
        for band in selectors.HEADCOUNT_BANDS
    ]
    members.append(
        Member(
            key=selectors.UNKNOWN_BAND,
            label="員工人數不明之事業單位數",
            label_en="Establishments with unknown headcount",
            definition="本項：期末前無員工人數紀錄，或最近一筆紀錄為0人。",
        )
    )
    return members


@registry.family(
    prefix="establishments.by_headcount",
    label="各員工人數級距事業單位數",
    label_en="Establishments by headcount band",
    unit="家",
    definition=(
        f"{_SCOPE}，依期末（含當日）以前最近一筆員工人數紀錄分級；"
        "無紀錄或紀錄為0人者列「不明」。各級距合計等於事業單位總數。"
    ),
    definition_en=(
        "Establishments by the latest headcount record on or before the period's end; no "
        "record or 0 workers counts as unknown. The bands add up to the total."
    ),
    members=_band_members,
)
def establishments_by_headcount(period: Period) -> dict[str, Result]:
    counts = selectors.count_by_headcount_band(on=period.end)
    listed = selectors.establishments_with_headcount(on=period.end)
    return {key: Result.counted(n, listed.filter(headcount_band=key)) for key, n in counts.items()}


def _district_members() -> list[Member]:
    return [
        Member(
            key=district.code,
            label=f"{district.name}事業單位數",
            label_en=f"Establishments in {district.name_en}",
        )
        for district in selectors.city_districts()
    ]


@registry.family(
    prefix="establishments.by_district",
    label="各行政區事業單位數",
    label_en="Establishments by district",
    unit="家",
    definition=f"{_SCOPE}，依登記之行政區計數；各區合計等於事業單位總數。",
    definition_en=(
        "Establishments by the district they are registered in; one code per district of the "
        "configured city. The districts add up to the total."
    ),
    members=_district_members,
)
def establishments_by_district(period: Period) -> dict[str, Result]:
    counts = selectors.count_by_district(on=period.end)
    listed = selectors.establishments_with_headcount(on=period.end)
    return {
        code: Result.counted(n, listed.filter(district__code=code)) for code, n in counts.items()
    }


# --- cross-checks (labor/stats/crosschecks.py) -------------------------------------------------

registry.relation(
    "sum", "establishments.total", parts="establishments.by_headcount.*",
    description="各員工人數級距（含人數不明）事業單位數合計等於事業單位總數。",
)
registry.relation(
    "sum", "establishments.total", parts="establishments.by_district.*",
    description="各行政區事業單位數合計等於事業單位總數。",
)
