"""Read queries of the inspection line: overdue construction sites, the art. 80-1 list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from labor.inspections import rules
from labor.inspections.models import ConstructionSite, Grade, Inspection, Penalty

_GRADE_ORDER = {grade: index for index, grade in enumerate(Grade.values)}


@dataclass(frozen=True)
class OverdueSite:
    site: ConstructionSite
    overdue: list[dt.date]  # due dates of windows that passed without an inspection


def sites_overdue(today: dt.date) -> list[OverdueSite]:
    """Sites with at least one inspection window (rules.inspections_due, by grade) that
    passed with no inspection of the site in it; high-risk sites first, then by name."""
    sites = list(ConstructionSite.objects.filter(starts_on__lt=today)
                 .select_related("contractor", "district"))
    dates: dict[int, list[dt.date]] = defaultdict(list)
    for site_id, day in (Inspection.objects.filter(site__in=sites)
                         .values_list("site_id", "inspected_on")):
        dates[site_id].append(day)
    found = []
    for site in sites:
        overdue = rules.inspections_due(site.starts_on, site.ends_on, site.grade,
                                        dates[site.pk], today)
        if overdue:
            found.append(OverdueSite(site, overdue))
    found.sort(key=lambda row: (_GRADE_ORDER[row.site.grade], row.site.name, row.site.pk))
    return found


@dataclass(frozen=True)
class PublishedPenalty:
    """A row of the 勞動基準法 art. 80-1 list of penalised employers."""

    penalty_id: int
    employer: str
    ubn: str
    representative: str
    decided_on: dt.date
    article: str  # the penalty's basis, e.g. 勞動基準法第79條第1項
    breached: str  # the provision breached, e.g. 勞動基準法第24條 ("" when not recorded)
    amount: int


def published_penalties() -> list[PublishedPenalty]:
    """Approved (or paid) fines that are published: employer's name, responsible person,
    decision date, article breached, amount; newest decision first."""
    rows = (Penalty.objects.filter(published=True,
                                   status__in=[Penalty.Status.APPROVED, Penalty.Status.PAID])
            .select_related("inspection__establishment", "inspection__site__contractor")
            .order_by("-decided_on", "-id"))
    result = []
    for penalty in rows:
        inspection = penalty.inspection
        employer = inspection.establishment or inspection.site.contractor
        result.append(PublishedPenalty(
            penalty_id=penalty.pk, employer=employer.name, ubn=employer.ubn,
            representative=employer.representative, decided_on=penalty.decided_on,
            article=rules.FINE_BASIS[penalty.article], breached=penalty.breached,
            amount=penalty.amount,
        ))
    return result
