"""The dispute figures of the council report (seed/figures-2023H1.yaml, ``disputes.*``).

Definitions, decided here and stated in each indicator's definition:

- **Handled** (協處): a case of the line counts in the period of its outcome date
  (``Dispute.outcome_on``), whatever the outcome: settled, not settled, withdrawn, withdrawn
  after settling, transferred. A case received in December and closed in January is handled in
  January; an open case is not handled yet.
- **Received** (申請): a case counts in the period that holds the Taipei calendar date of its
  ``Case.received_at`` (an application sent at 00:30 on 1 January, Taipei time, is a January
  application whatever the server's time zone).
- **和解率** = (settled + withdrawn after the parties settled) / handled, as the report says in
  words; ``rules.settlement_counts`` is the one place that says which outcomes count.
- **Online share** = online applications / all applications received in the period (the
  seed's 48.63 % is 957 / 1,968 received, not 957 / 1,970 handled).
- **Lawyer consultations**: bookings marked attended, in the period of the slot's date.
- **Migrant-worker coordination** (勞動力重建運用處, ``Dispute.kind`` coordination, line
  ``migrant_disputes``): cases received in the period; coordination meetings held in the period
  (by ``Meeting.held_at``, which the services set to the meeting's time);
  success rate = cases settled at coordination / cases concluded in the period **that went to
  a coordination meeting** — the report: "其中共 90 件進入協調會，協調成功率約 80%". Printed
  as "約80%": rounded half up to a whole percent.

The queries are labor/disputes/selectors.py's (shared with the pages), except the success
rate's denominator, a private function here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import translation

from labor.disputes import selectors
from labor.disputes.models import Kind, Meeting, Outcome
from labor.stats.periods import Period
from labor.stats.registry import Member, Result, registry


def _coordinations_concluded(period: Period) -> QuerySet:
    """Coordination cases concluded in the period that went to a coordination meeting (one
    held, on any date). Not in selectors.py yet: the lead may move it there."""
    held = Meeting.objects.filter(dispute=OuterRef("pk"), status=Meeting.Status.HELD)
    return selectors.handled(period, Kind.COORDINATION).filter(Exists(held))


def _coordinations_succeeded(period: Period) -> QuerySet:
    """Of those, the ones settled. A settlement needs a held meeting (services.outcome_record),
    so these are exactly selectors.coordinations_succeeded; the filter says it outright."""
    return _coordinations_concluded(period).filter(outcome=Outcome.SETTLED)


# --- indicators -------------------------------------------------------------------------------

_HANDLED = (
    "本局受理之勞資爭議調解案件，處理結果（調解成立、不成立、撤回、自行和解撤回、移送）"
    "日期在期間內者"
)
_RECEIVED = "本局收件之勞資爭議調解申請案件，收件時間（臺北時間）之日期在期間內者"


@registry.indicator(
    code="disputes.cases_handled",
    label="協處勞資爭議件數",
    label_en="Labor disputes handled",
    unit="件",
    definition=f"{_HANDLED}；不論收件日期（前期收件、本期結案者計入），尚未結案者不計。",
    definition_en=(
        "Mediation cases whose outcome (settled, not settled, withdrawn, withdrawn after "
        "settling, transferred) is dated in the period, whenever they were received; open "
        "cases do not count."
    ),
)
def cases_handled(period: Period) -> Result:
    return Result.count(selectors.handled(period, Kind.MEDIATION))


def _outcome_members() -> list[Member]:
    """One member per outcome, labelled in zh-Hant (the source strings) and English (the
    catalog), whatever the active language."""
    members = []
    for outcome in Outcome:
        with translation.override(settings.LANGUAGE_CODE):
            label = str(outcome.label)
        with translation.override("en"):
            label_en = str(outcome.label)
        members.append(Member(key=outcome.value, label=f"協處勞資爭議件數：{label}",
                              label_en=f"Labor disputes handled: {label_en}",
                              definition=f"本項：處理結果為「{label}」。"))
    return members


@registry.family(
    prefix="disputes.handled_by_outcome",
    label="各處理結果協處勞資爭議件數",
    label_en="Labor disputes handled by outcome",
    unit="件",
    definition=f"{_HANDLED}，依處理結果分計；各結果合計應等於協處勞資爭議件數。",
    definition_en=(
        "Mediation cases with an outcome dated in the period, by outcome; the outcomes add up "
        "to the cases handled."
    ),
    members=_outcome_members,
)
def handled_by_outcome(period: Period) -> dict[str, Result]:
    handled = selectors.handled(period, Kind.MEDIATION)
    counts = dict.fromkeys(Outcome.values, 0)
    counts.update(
        handled.order_by().values("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    return {key: Result.counted(n, handled.filter(outcome=key)) for key, n in counts.items()}


@registry.indicator(
    code="disputes.applications_received",
    label="勞資爭議調解申請件數",
    label_en="Mediation applications received",
    unit="件",
    definition=f"{_RECEIVED}，不論受理管道。與協處件數不同：跨期案件依收件日與結案日分別計入。",
    definition_en=(
        "Mediation applications received in the period (Taipei date of receipt), by any "
        "channel. Differs from cases handled: a case counts where it was received here and "
        "where it was closed there."
    ),
)
def applications_received(period: Period) -> Result:
    return Result.count(selectors.received(period, Kind.MEDIATION))


@registry.indicator(
    code="disputes.settlement_rate",
    label="勞資爭議和解率",
    label_en="Dispute settlement rate",
    unit="%",
    definition=(
        "（調解成立件數＋自行和解撤回件數）÷ 協處勞資爭議件數 × 100，四捨五入至小數2位；"
        f"分子、分母皆為{_HANDLED}。依議會工作報告之定義（含調解成立及自行和解撤案），"
        "非「成立 ÷（成立＋不成立）」。"
    ),
    definition_en=(
        "(Settled + withdrawn after the parties settled) / cases handled × 100, rounded half "
        "up to 2 places, both over the mediation cases with an outcome dated in the period. "
        "The council report's definition, not settled / (settled + not settled)."
    ),
)
def settlement_rate(period: Period) -> Result:
    handled = selectors.handled(period, Kind.MEDIATION)
    settled = selectors.settled_or_withdrawn_settled(period)
    return Result.ratio(settled.count(), handled.count(), records=settled,
                        denominator_records=handled)


@registry.indicator(
    code="disputes.online_applications",
    label="線上勞資爭議調解申請件數",
    label_en="Online mediation applications",
    unit="件",
    definition=f"{_RECEIVED}，受理管道為線上申請者。",
    definition_en="Mediation applications received online in the period (Taipei date).",
)
def online_applications(period: Period) -> Result:
    return Result.count(selectors.online_received(period))


@registry.indicator(
    code="disputes.online_share",
    label="線上申請占總申請案件量比率",
    label_en="Share of mediation applications made online",
    unit="%",
    definition=(
        "線上勞資爭議調解申請件數 ÷ 勞資爭議調解申請件數（期間內收件，不論管道）× 100，"
        "四捨五入至小數2位。分母為收件數，非協處件數。"
    ),
    definition_en=(
        "Online applications / all mediation applications received in the period × 100, "
        "rounded half up to 2 places. The denominator is applications received, not cases "
        "handled."
    ),
)
def online_share(period: Period) -> Result:
    received = selectors.received(period, Kind.MEDIATION)
    online = selectors.online_received(period)
    return Result.ratio(online.count(), received.count(), records=online,
                        denominator_records=received)


@registry.indicator(
    code="disputes.lawyer_consultations",
    label="現場義務律師諮詢人次",
    label_en="On-site volunteer lawyer consultations",
    unit="人次",
    definition=(
        "現場義務律師諮詢之預約，登錄為到場者；依諮詢時段（臺北時間）之日期歸期。"
        "未到場及尚未登錄者不計。"
    ),
    definition_en=(
        "Bookings of on-site volunteer lawyer sessions recorded as attended, by the date of the "
        "session (Taipei time). No-shows and bookings not yet recorded do not count."
    ),
)
def lawyer_consultations(period: Period) -> Result:
    return Result.count(selectors.lawyer_consultations_attended(period))


@registry.indicator(
    code="disputes.migrant_cases",
    label="移工勞資爭議案件數",
    label_en="Migrant-worker dispute cases",
    unit="件",
    definition=(
        "勞動力重建運用處受理之移工勞資爭議協調案件，收件時間（臺北時間）之日期在期間內者。"
    ),
    definition_en=(
        "Migrant-worker dispute coordination cases (Labor Force Redevelopment Office) received "
        "in the period (Taipei date)."
    ),
)
def migrant_cases(period: Period) -> Result:
    return Result.count(selectors.received(period, Kind.COORDINATION))


@registry.indicator(
    code="disputes.migrant_coordination_meetings",
    label="移工勞資爭議協調會場次",
    label_en="Migrant-worker dispute coordination meetings held",
    unit="場次",
    definition=(
        "移工勞資爭議案件召開之協調會，登錄為已召開、召開時間（臺北時間）之日期在期間內者；"
        "改期、取消及尚未召開者不計。"
    ),
    definition_en=(
        "Coordination meetings of migrant-worker dispute cases recorded as held, by the date "
        "they were held (Taipei time); rescheduled, cancelled and future meetings do not count."
    ),
)
def migrant_coordination_meetings(period: Period) -> Result:
    return Result.count(selectors.coordination_meetings_held(period))


@registry.indicator(
    code="disputes.migrant_coordination_success_rate",
    label="移工勞資爭議協調成功率",
    label_en="Migrant-worker dispute coordination success rate",
    unit="%",
    definition=(
        "協調成立件數 ÷ 進入協調會之結案件數 × 100，四捨五入至整數（報告印「約80%」）。"
        "分母：移工勞資爭議案件曾召開協調會、處理結果日期在期間內者；分子：其中結果為成立者。"
        "未進入協調會即撤回或移送之案件不計入。"
    ),
    definition_en=(
        "Cases settled at coordination / cases concluded in the period that went to a "
        "coordination meeting × 100, rounded half up to a whole percent (the report prints "
        "\"about 80%\"). Cases withdrawn or transferred without a meeting do not count."
    ),
)
def migrant_coordination_success_rate(period: Period) -> Result:
    concluded = _coordinations_concluded(period)
    succeeded = _coordinations_succeeded(period)
    return Result.ratio(succeeded.count(), concluded.count(), records=succeeded,
                        denominator_records=concluded, places=0)


# --- cross-checks (labor/stats/crosschecks.py) -------------------------------------------------

registry.relation(
    "sum", "disputes.cases_handled", parts="disputes.handled_by_outcome.*",
    description="各處理結果（調解成立、不成立、撤回、自行和解撤回、移送）件數合計等於協處勞資爭議件數。",
)
registry.relation(
    "ratio", "disputes.online_share",
    numerator="disputes.online_applications", denominator="disputes.applications_received",
    description="線上申請占比等於線上申請件數除以申請件數（四捨五入至小數2位）。",
)
registry.relation(
    "ratio", "disputes.settlement_rate",
    numerator=["disputes.handled_by_outcome.settled",
               "disputes.handled_by_outcome.withdrawn_settled"],
    denominator="disputes.cases_handled",
    description="和解率等於調解成立與自行和解撤回件數之和除以協處勞資爭議件數（四捨五入至小數2位）。",
)
