"""The notification figures of the council report (seed/figures-2023H1.yaml:
``osh_notifications.*``, ``layoff_warning.*``, ``reduced_hours.*`` and the film productions of
``osh_inspection.*``).

Definitions (decided by the lead for issue 5, stated in each indicator's definition); P is the
period [start, end], both days included:

- **Notifiable work** by kind: lightweight roofs, scaffolding, and gondolas with rope access
  as one figure (the seed's ``gondola_rope``). Notified = notifications filed in P (Taipei
  date of ``filed_at``); supervised = supervision inspections of the kind made in P, notified
  or found unreported, whenever the notification was filed; execution rate = supervised ÷
  notified (labor/notifications/selectors.py, rules.execution_rate: one decimal, may exceed
  100); unreported = unreported work found in P.
- **Film productions**: a production is an establishment and a production name (one
  notification row per risky operation); counted when one of its rows was filed in P.
- **Layoff warnings**: the entries of the lists received in P; letter rate = entries whose
  letter was sent ÷ entries.
- **Reduced working hours**: agreements filed in P and the workers they affect (實施人次).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce

from labor.inspections import rules
from labor.inspections.models import ImprovementNotice
from labor.notifications import selectors
from labor.notifications.models import (
    FilmNotification,
    LayoffWarningEntry,
    ReducedHoursAgreement,
    SupervisionVisit,
    UnreportedWork,
    WorkKind,
)
from labor.stats.periods import MIN_YEAR, Period
from labor.stats.registry import Result, registry

# The seed's kinds: gondolas and rope access are one figure.
KINDS: dict[str, tuple[str, ...]] = {
    rules.LIGHTWEIGHT_ROOF: (WorkKind.LIGHTWEIGHT_ROOF,),
    rules.SCAFFOLDING: (WorkKind.SCAFFOLDING,),
    rules.GONDOLA_ROPE: (WorkKind.GONDOLA, WorkKind.ROPE_ACCESS),
}
_KIND_EN = {
    rules.LIGHTWEIGHT_ROOF: "lightweight roof work",
    rules.SCAFFOLDING: "scaffolding work",
    rules.GONDOLA_ROPE: "gondola and rope access work",
}
_ORDINANCE = "臺北市輕質屋頂與施工架及吊籠暨繩索作業通報自治條例"


def _range(period: Period) -> tuple:
    return (period.start, period.end)


def _filed_from(period: Period) -> dt.date:
    """The period's first day for the Taipei-datetime selectors: a cumulative period starts on
    ``date.min``, which has no Taipei midnight in UTC; no record is older than ROC year 1."""
    return max(period.start, dt.date(MIN_YEAR, 1, 1))


# --- osh_notifications -------------------------------------------------------------------------


def _notification_indicators(key: str) -> None:
    kinds = KINDS[key]
    name = rules.NOTIFIABLE_WORK[key]
    name_en = _KIND_EN[key]
    scope = "（吊籠作業與繩索作業合計）" if len(kinds) > 1 else ""
    prefix = f"osh_notifications.{key}"

    @registry.indicator(
        code=f"{prefix}.notified",
        label=f"{name}通報件數",
        label_en=f"Notifications of {name_en}",
        unit="件",
        definition=(
            f"依{_ORDINANCE}通報之{name}{scope}，通報時間（臺北時間）之日期在期間內者，"
            "不論線上或臨櫃通報。"
        ),
        definition_en=(
            f"Notifications of {name_en} filed in the period (Taipei date), online or at the "
            "counter."
        ),
    )
    def notified(period: Period) -> Result:
        return Result.count(selectors.notifications_filed(kinds, _filed_from(period), period.end))

    @registry.indicator(
        code=f"{prefix}.supervised",
        label=f"{name}監督檢查件數",
        label_en=f"Supervision inspections of {name_en}",
        unit="件",
        definition=(
            f"{name}{scope}之監督檢查，檢查日期在期間內者：不論所監督之通報於何時提出，查獲"
            "未通報作業之監督檢查亦計入；同一通報檢查2次計2件。"
        ),
        definition_en=(
            f"Supervision inspections of {name_en} made in the period, whenever the "
            "notification was filed, including those that found the work unreported."
        ),
    )
    def supervised(period: Period) -> Result:
        return Result.count(selectors.supervision_visits(kinds, period.start, period.end))

    @registry.indicator(
        code=f"{prefix}.execution_rate",
        label=f"{name}監督檢查執行率",
        label_en=f"Execution rate of supervision, {name_en}",
        unit="%",
        definition=(
            f"{name}監督檢查件數 ÷ 通報件數 × 100，四捨五入至小數1位；因查獲未通報作業之"
            "監督檢查亦計入分子，可逾100%；期間內無通報者無數值。"
        ),
        definition_en=(
            f"Supervision inspections / notifications of {name_en} in the period × 100, "
            "rounded half up to one place; may exceed 100 (inspections of unreported work "
            "count); none without notifications."
        ),
    )
    def execution_rate(period: Period) -> Result:
        start = _filed_from(period)
        rate = selectors.execution_rate(kinds, start, period.end)
        return Result(
            value=rate.value, numerator=rate.numerator, denominator=rate.denominator,
            records=selectors.supervision_visits(kinds, period.start, period.end),
            denominator_records=selectors.notifications_filed(kinds, start, period.end),
        )

    @registry.indicator(
        code=f"{prefix}.unreported",
        label=f"{name}未通報違規件數",
        label_en=f"Unreported {name_en} found",
        unit="件",
        definition=f"查獲未依規定通報之{name}{scope}，查獲日期在期間內者。",
        definition_en=f"Unreported {name_en} found in the period.",
    )
    def unreported(period: Period) -> Result:
        return Result.count(UnreportedWork.objects.filter(kind__in=kinds,
                                                          found_on__range=_range(period)))


for _key in KINDS:
    _notification_indicators(_key)


# --- film productions (osh_inspection) ----------------------------------------------------------


def _film_visits(period: Period) -> QuerySet[SupervisionVisit]:
    return SupervisionVisit.objects.filter(film_notification__isnull=False,
                                           visited_on__range=_range(period))


@registry.indicator(
    code="osh_inspection.film_notifications",
    label="影視業拍片危險性作業通報影片部數",
    label_en="Film productions notifying risky shooting",
    unit="件",
    definition=(
        "影視及舞台製作危險性作業通報（含本府文化局來函），通報日期在期間內者之影片部數："
        "同一事業單位之同一製作名稱為一部，通報多項危險性作業只計一次。"
    ),
    definition_en=(
        "Productions (an establishment and a production name) with a risky-shooting "
        "notification filed in the period; several operations of one production count once."
    ),
)
def film_notifications(period: Period) -> Result:
    rows = FilmNotification.objects.filter(filed_on__range=_range(period))
    n = rows.order_by().values("establishment_id", "production").distinct().count()
    return Result.counted(n, rows)


@registry.indicator(
    code="osh_inspection.film_inspections",
    label="影視業拍片作業檢查場次",
    label_en="Inspections of film productions' risky shooting",
    unit="場次",
    definition="依影視製作危險性作業通報所為之監督檢查，檢查日期在期間內者。",
    definition_en="Supervision visits of notified film productions made in the period.",
)
def film_inspections(period: Period) -> Result:
    return Result.count(_film_visits(period))


@registry.indicator(
    code="osh_inspection.film_improvement_notices",
    label="影視業拍片作業檢查通知改善場次",
    label_en="Film production inspections with an improvement notice",
    unit="場次",
    definition="影視業拍片作業檢查場次（同前項）中，其檢查紀錄開立限期改善通知者。",
    definition_en=(
        "Of the film production visits in the period, those whose inspection record carries "
        "an improvement notice."
    ),
)
def film_improvement_notices(period: Period) -> Result:
    noticed = ImprovementNotice.objects.filter(inspection_id=OuterRef("inspection_id"))
    return Result.count(_film_visits(period).filter(Exists(noticed)))


# --- layoff_warning ---------------------------------------------------------------------------


def _entries(period: Period) -> QuerySet[LayoffWarningEntry]:
    return LayoffWarningEntry.objects.filter(warning_list__received_on__range=_range(period))


@registry.indicator(
    code="layoff_warning.list_entries",
    label="勞、健保局預警名單筆數",
    label_en="Entries of the insurers' layoff early-warning lists",
    unit="件",
    definition=(
        "勞動部勞工保險局及衛生福利部中央健康保險署彙送之本轄預警通報名單，收文日期在期間內之"
        "名單所列事業單位筆數（同一來源同月重複者只列一筆）。"
    ),
    definition_en=(
        "Entries of the early-warning lists from the labour and health insurers received in "
        "the period."
    ),
)
def list_entries(period: Period) -> Result:
    return Result.count(_entries(period))


@registry.indicator(
    code="layoff_warning.letters_sent",
    label="預警名單已發函筆數",
    label_en="Early-warning entries sent a letter",
    unit="件",
    definition="預警名單筆數（同前項）中，已登錄函文寄發日者（不論寄發日期）。",
    definition_en="Of the entries above, those with the letter recorded as sent.",
)
def letters_sent(period: Period) -> Result:
    return Result.count(_entries(period).filter(letter_sent_on__isnull=False))


@registry.indicator(
    code="layoff_warning.letter_rate",
    label="預警名單函查率",
    label_en="Letter rate of the early-warning lists",
    unit="%",
    definition=(
        "預警名單已發函筆數 ÷ 預警名單筆數 × 100，四捨五入至小數2位（報告印「100％」）；"
        "期間內無名單者無數值。"
    ),
    definition_en=(
        "Entries sent a letter / entries of the lists received in the period × 100, rounded "
        "half up to 2 places; none without entries."
    ),
)
def letter_rate(period: Period) -> Result:
    entries = _entries(period)
    sent = entries.filter(letter_sent_on__isnull=False)
    return Result.ratio(sent.count(), entries.count(), records=sent,
                        denominator_records=entries)


# --- reduced_hours ------------------------------------------------------------------------------


def _agreements(period: Period) -> QuerySet[ReducedHoursAgreement]:
    return ReducedHoursAgreement.objects.filter(filed_on__range=_range(period))


@registry.indicator(
    code="reduced_hours.filings",
    label="減少工時備查件數",
    label_en="Reduced-working-hours agreements filed",
    unit="件",
    definition="事業單位通報之減少工時（減班休息）協議，通報日期在期間內者。",
    definition_en="Reduced-working-hours agreements reported by employers in the period.",
)
def filings(period: Period) -> Result:
    return Result.count(_agreements(period))


@registry.indicator(
    code="reduced_hours.persons",
    label="減少工時實施人次",
    label_en="Workers under reduced working hours (person-times)",
    unit="人次",
    definition=(
        "減少工時備查件數（同前項）各協議實施人數之合計；同一勞工列於不同協議者分別計入。"
    ),
    definition_en=(
        "The workers affected by the agreements filed in the period, added up (a worker in two "
        "agreements counts twice)."
    ),
)
def persons(period: Period) -> Result:
    agreements = _agreements(period)
    total = agreements.aggregate(n=Coalesce(Sum("workers_affected"), 0))["n"]
    return Result.amount(total, agreements)


# --- cross-checks (labor/stats/crosschecks.py) -------------------------------------------------

for _key in KINDS:
    registry.relation(
        "ratio", f"osh_notifications.{_key}.execution_rate",
        numerator=f"osh_notifications.{_key}.supervised",
        denominator=f"osh_notifications.{_key}.notified", places=1,
        description=(
            f"{rules.NOTIFIABLE_WORK[_key]}執行率等於監督檢查件數除以通報件數（四捨五入至小數1位）。"
        ),
    )
registry.relation(
    "ratio", "layoff_warning.letter_rate",
    numerator="layoff_warning.letters_sent", denominator="layoff_warning.list_entries",
    description="預警名單函查率等於已發函筆數除以名單筆數（四捨五入至小數2位）。",
)
