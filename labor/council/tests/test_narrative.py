"""Placeholders, hand-typed numbers, unknown codes and sections without data."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from labor.council import narrative, report, structure
from labor.council.figures import Figure, FigureSet
from labor.council.models import NarrativeText
from labor.council.services import narrative_save
from labor.stats.periods import Period
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

FIGURES = {
    "disputes.cases_handled": Figure("disputes.cases_handled", "協處勞資爭議件數", "件", 1970),
    "disputes.settlement_rate": Figure("disputes.settlement_rate", "和解率", "%",
                                       Decimal("55.89")),
    "disputes.migrant_coordination_success_rate": Figure(
        "disputes.migrant_coordination_success_rate", "協調成功率", "%", Decimal("80")),
    "fund.balance": Figure("fund.balance", "基金餘額", "元", 732214309),
    "disputes.online_share": Figure("disputes.online_share", "占比", "%", None),
}


def test_placeholders_are_rendered_in_the_units_form():
    text = ("協處{disputes.cases_handled}件，和解率{disputes.settlement_rate}，約"
            "{disputes.migrant_coordination_success_rate}；餘額{fund.balance}；{disputes.online_share}")
    assert narrative.render(text, FIGURES) == (
        "協處1,970件，和解率55.89%，約80%；餘額7億3,221萬4,309元；（無資料）")


def test_hand_typed_numbers_are_flagged_but_dates_and_ordinals_are_not():
    text = ("112年1月1日至6月30日協處{disputes.cases_handled}件，第2次會議於第14屆提出，"
            "另現場諮詢1,260人次，和解率55.89%。\n1. 列點\n(2) 列點")
    flags = narrative.hand_typed_numbers(text, "k")
    assert [f.number for f in flags] == ["1,260", "55.89"]
    assert all(f.section_key == "k" for f in flags)


@pytest.mark.django_db
def test_unknown_placeholder_is_refused_and_hand_typed_number_returned_as_flag():
    with pytest.raises(ValidationError) as exc:
        narrative_save("2023H1", "rights.protection.disputes", "計{disputes.no_such_code}件")
    assert "未知的指標代碼：{disputes.no_such_code}" in exc.value.message_dict["text"][0]
    assert not NarrativeText.objects.exists()

    row, flags = narrative_save("2023H1", "rights.protection.disputes",
                                "計{disputes.cases_handled}件，另有1,234件")
    assert row.text.startswith("計{disputes.cases_handled}")
    assert [f.number for f in flags] == ["1,234"]

    with pytest.raises(ValidationError):
        narrative_save("2023H1", "no.such.section", "x")


@pytest.mark.django_db
def test_workspace_page_saves_flags_and_refuses_unknown_placeholders(client, staff_user):
    client.force_login(staff_user("writer"))
    url = reverse("council:workspace", args=["2023H1"])
    response = client.post(url, {"section_key": "preface", "text": "前言計{disputes.bogus}件"})
    assert response.status_code == 400
    assert "未知的指標代碼：{disputes.bogus}" in response.content.decode()

    response = client.post(url, {"section_key": "preface", "text": "本期受理987件。"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "987" in page and "待檢視之手動輸入數字" in page
    assert "手動輸入之數字「987」" in page
    assert structure.NOT_YET_NOTE in page
    for fmt in ("odt", "docx", "pdf", "html"):
        assert reverse("council:download", args=["2023H1", fmt]) in page


def test_sections_without_data_carry_the_note_and_no_numbers():
    period = Period.parse("2023H1")
    figures = FigureSet(period=period, figures=dict(FIGURES),
                        cut_off=dt.datetime(2023, 7, 1, tzinfo=dt.UTC), source="測試")
    built = report.build(figures, {"rights.protection.fund": "餘額{fund.balance}"})
    assert "rights.protection.disputes" in built.sections_without_data  # codes missing
    assert "rights.protection.fund" in built.sections_without_data  # not all fund codes
    texts = [getattr(b, "text", None) for b in built.spec.blocks]
    for key in built.sections_without_data:
        section = structure.get(key)
        if section.level >= 4:
            assert f"{section.heading}：{structure.NOT_YET_NOTE}" in texts
        else:
            index = texts.index(section.heading)
            assert texts[index + 1] == structure.NOT_YET_NOTE
        if section.table:  # the caption stays (table numbering), no data table follows it
            caption = next(i for i, t in enumerate(texts) if t and t.startswith(
                f"表{section.table.number}："))
            following = built.spec.blocks[caption + 1]
            assert not hasattr(following, "header")
    # No figure of a section without data is printed anywhere.
    body = "\n".join(t for t in texts if t)
    assert "7億3,221萬4,309元" not in body
    assert not re.search(r"表\d：.*\n.*\d{1,3},\d{3}", body)
