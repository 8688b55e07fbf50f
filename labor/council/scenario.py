"""The council report's part of the demo scenario: a short narrative for the scenario's half
year, written for the demo (not taken from the bureau's report), with every figure a
placeholder."""

from __future__ import annotations

from labor.core.scenarios import Part, Progress, Scenario
from labor.stats.periods import Period

NARRATIVE = {
    "preface": (
        "本局本期持續以「勞資關係和諧、勞動權益有保障」為施政主軸，勞資爭議調解案件之受理、"
        "排會及結案均於資訊系統中即時辦理，線上申請管道亦日趨普及。\n\n"
        "以下謹就本局本期各項工作成果與未來施政重點提出報告，敬請指教。"
    ),
    "rights.protection.disputes": (
        "本期協處勞資爭議計{disputes.cases_handled}件，和解率（含調解成立及自行和解撤案案件）"
        "為{disputes.settlement_rate}。本期受理之勞資爭議調解申請中，線上申請計"
        "{disputes.online_applications}件，占受理申請案件之{disputes.online_share}；"
        "現場義務律師諮詢服務計{disputes.lawyer_consultations}人次。"
    ),
    "rights.migrants.disputes": (
        "移工勞資爭議由專業律師擔任協調主持人，並由通譯協助勞雇雙方溝通。本期受理移工勞資爭議"
        "案件計{disputes.migrant_cases}件，召開協調會{disputes.migrant_coordination_meetings}"
        "場次，進入協調會之案件協調成功率約{disputes.migrant_coordination_success_rate}。"
    ),
    "appendix.establishments": (
        "本市事業單位截至期末共計{establishments.total}家，依員工人數級距分列如下表，"
        "作為各項輔導及檢查規劃之母體參考。"
    ),
    "innovations": (
        "勞資爭議調解申請全面線上化：民眾可於線上申請調解、查詢案件進度及下載調解紀錄，"
        "本局同仁於同一系統排定調解會議並通知當事人，減少紙本往返。"
    ),
    "priorities": (
        "持續將各業務之統計數據納入本系統，使工作報告所列數據均可追溯至業務紀錄，"
        "並逐步開放為開放資料。"
    ),
}


def narrative_load(scenario: Scenario, progress: Progress) -> int:
    from labor.council.services import narrative_save

    period = Period.of_half(scenario.as_of.year, 1 if scenario.as_of.month <= 6 else 2)
    for done, (key, text) in enumerate(NARRATIVE.items(), 1):
        narrative_save(period, key, text)
        progress("council.narrative", done, len(NARRATIVE))
    return len(NARRATIVE)


PARTS = [
    Part("council.narrative", narrative_load,
         requires=("disputes.cases", "disputes.lawyer_consultations", "core.establishments"),
         label="議會工作報告示範內文"),
]
