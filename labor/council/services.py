"""State changes of the council report: saving a section's narrative."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from labor.stats.periods import Period
from labor.stats.registry import registry

from . import narrative, structure
from .models import NarrativeText


def known_codes() -> set[str]:
    return {indicator.code for indicator in registry.indicators()}


@transaction.atomic
def narrative_save(period: Period | str, section_key: str, text: str, user=None,
                   *, known: set[str] | None = None) -> tuple[NarrativeText, list]:
    """Save the narrative of ``section_key`` for ``period``; returns it with its review flags.

    Unknown placeholders are refused (ValidationError on ``text``); hand-typed numbers are
    accepted and returned as flags for review.
    """
    try:
        period = Period.parse(period)
    except ValueError as exc:
        raise ValidationError({"period": "統計期間格式不正確。"}) from exc
    if section_key not in structure.narrative_keys():
        raise ValidationError({"section_key": f"報告中沒有章節「{section_key}」。"})
    text = (text or "").replace("\r\n", "\n").strip()
    narrative.validate(text, known_codes() if known is None else known)
    row, _created = NarrativeText.objects.select_for_update().get_or_create(
        period_code=str(period), section_key=section_key,
        defaults={"text": text, "updated_by": user},
    )
    if not _created:
        row.text = text
        row.updated_by = user
        row.save(update_fields=["text", "updated_by", "updated_at"])
    return row, narrative.hand_typed_numbers(text, section_key)


def narratives(period: Period | str) -> dict[str, str]:
    period = Period.parse(period)
    return dict(NarrativeText.objects.filter(period_code=str(period))
                .values_list("section_key", "text"))
