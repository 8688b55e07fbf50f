"""Read queries of the fund's litigation subsidies and its recovery book, shared by the pages
and the indicators (labor/fund/indicators.py). The ledger's queries are selectors_ledger.py's.

- **Received** in a period: the Taipei calendar date of ``Case.received_at`` is in it.
- **Approved** in a period: ``decided_on`` is in it, the application was approved (a state
  change to 核定補助 is recorded; it may be closed since) and its approved items add up to
  more than 0. A refusal, or an approval of every item at 0 (a refusal by the services), is
  not an approval.
- **The recovery book on a date D** (催繳帳): the claims assessed on or before D, each with
  its outstanding amount on D = the claim minus its repayments and reclassifications (轉列)
  dated on or before D; a claim is open while that is more than 0. An application is in the
  book while one of its claims is open.
- **Movements** in a period: repayments and reclassifications dated in it.

Every function returns a queryset (or a dict of totals read by one grouped query); the one
exception, ``book_summary``, adds up the rows of ``book_claims`` it is given, so that the page
and the API that list those rows do not read them twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from labor.core.formatting import TAIPEI, percent
from labor.core.models import CaseEvent
from labor.fund.models import (
    Applicant,
    Application,
    CaseType,
    Item,
    ItemKind,
    RecoveryClaim,
    RecoveryMovement,
    Status,
)

OPEN_STATUSES = (Status.SUBMITTED, Status.INCOMPLETE, Status.REVIEW, Status.PROPOSED)


def _base() -> QuerySet[Application]:
    return Application.objects.select_related("case")


def _bounds(period) -> tuple[dt.datetime | None, dt.datetime]:
    """Aware [start, end) datetimes of a period's inclusive Taipei dates (no lower bound for a
    cumulative period)."""
    start = None
    if period.start > dt.date.min:
        start = dt.datetime.combine(period.start, dt.time.min, tzinfo=TAIPEI)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=TAIPEI)
    return start, end


def _moments(field: str, period) -> Q:
    start, end = _bounds(period)
    rule = Q(**{f"{field}__lt": end})
    if start is not None:
        rule &= Q(**{f"{field}__gte": start})
    return rule


def _days(field: str, period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _sum(field: str) -> Coalesce:
    return Coalesce(Sum(field), Value(0), output_field=IntegerField())


# ---------------------------------------------------------------------------- applications


def queue(status: str | Iterable[str] | None = None) -> QuerySet[Application]:
    """Applications by status (default: those still to be decided), oldest received first,
    with the amounts asked for and approved (``requested_total``, ``approved_total``)."""
    statuses = OPEN_STATUSES if status is None else (
        (status,) if isinstance(status, str) else tuple(status))
    return with_totals(_base().filter(case__status__in=statuses)).order_by(
        "case__received_at", "pk")


def with_totals(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``requested_total`` and ``approved_total`` (Σ of the items; 0 when none)."""
    requested = Item.objects.filter(application=OuterRef("pk")).values("application").annotate(
        t=Sum("requested")).values("t")
    approved = Item.objects.filter(application=OuterRef("pk")).values("application").annotate(
        t=Sum("approved")).values("t")
    return queryset.annotate(
        requested_total=Coalesce(Subquery(requested), Value(0), output_field=IntegerField()),
        approved_total=Coalesce(Subquery(approved), Value(0), output_field=IntegerField()),
    )


def received(period) -> QuerySet[Application]:
    """Applications received in the period (Taipei date of ``Case.received_at``)."""
    return _base().filter(_moments("case__received_at", period))


def _was_approved() -> Exists:
    return Exists(CaseEvent.objects.filter(case_id=OuterRef("pk"), to_status=Status.APPROVED))


def approved(period) -> QuerySet[Application]:
    """Applications approved in the period: decided in it, approved (still or since closed),
    with approved items adding up to more than 0; annotated with the totals."""
    return with_totals(_base().filter(
        _days("decided_on", period), case__status__in=(Status.APPROVED, Status.CLOSED),
    ).filter(_was_approved())).filter(approved_total__gt=0)


def approved_applicants(period) -> QuerySet[Applicant]:
    """The applicants (one row per person and application) of the applications approved in
    the period."""
    return Applicant.objects.select_related("person").filter(
        application__in=approved(period).values("pk"))


def approved_items(period) -> QuerySet[Item]:
    """The items of the applications approved in the period."""
    return Item.objects.filter(application__in=approved(period).values("pk"))


def approved_amount(period) -> int:
    return int(approved_items(period).aggregate(t=_sum("approved"))["t"])


def approved_by_case_type(period) -> dict[str, int]:
    """Applications approved in the period per case type (every type, 0 when none)."""
    counts = dict.fromkeys(CaseType.values, 0)
    rows = (Application.objects.filter(pk__in=approved(period).values("pk"))
            .values_list("case_type").annotate(n=Count("pk")).order_by())
    for case_type, n in rows:
        counts[case_type] = n
    return counts


# ---------------------------------------------------------------------------- recovery book


def _moved(on: dt.date) -> Subquery:
    return Subquery(
        RecoveryMovement.objects.filter(claim=OuterRef("pk"), on__lte=on)
        .values("claim").annotate(t=Sum("amount")).values("t"))


def claims(on: dt.date) -> QuerySet[RecoveryClaim]:
    """Every claim assessed on or before ``on``, annotated with ``moved`` (repaid and
    reclassified on or before ``on``) and ``outstanding`` (the claim minus ``moved``)."""
    return (RecoveryClaim.objects.select_related("item", "application__case")
            .filter(assessed_on__lte=on)
            .annotate(moved=Coalesce(_moved(on), Value(0), output_field=IntegerField()))
            .annotate(outstanding=ExpressionWrapper(F("amount") - F("moved"),
                                                    output_field=IntegerField())))


def open_claims(on: dt.date) -> QuerySet[RecoveryClaim]:
    """The claims with something outstanding on ``on``."""
    return claims(on).filter(outstanding__gt=0)


def book(on: dt.date) -> QuerySet[Application]:
    """The applications in the recovery book on ``on`` (a claim open), annotated with
    ``outstanding`` (Σ of their open claims' outstanding amounts), oldest case first."""
    owed = Subquery(
        RecoveryClaim.objects.filter(application=OuterRef("pk"), assessed_on__lte=on)
        .values("application").annotate(t=Sum("amount")).values("t"))
    paid = Subquery(
        RecoveryMovement.objects.filter(claim__application=OuterRef("pk"), on__lte=on,
                                        claim__assessed_on__lte=on)
        .values("claim__application").annotate(t=Sum("amount")).values("t"))
    return (_base()
            .filter(pk__in=open_claims(on).values("application"))
            .annotate(owed=Coalesce(owed, Value(0), output_field=IntegerField()),
                      moved=Coalesce(paid, Value(0), output_field=IntegerField()))
            .annotate(outstanding=ExpressionWrapper(F("owed") - F("moved"),
                                                    output_field=IntegerField()))
            .order_by("case__received_at", "pk"))


def with_movements(queryset: QuerySet[RecoveryClaim], on: dt.date) -> QuerySet[RecoveryClaim]:
    """Annotate each claim with ``repaid`` and ``reclassified``: its repayments and its
    reclassifications (轉列) dated on or before ``on``, apart (0 when none)."""

    def moved(kind):
        return Coalesce(Subquery(
            RecoveryMovement.objects.filter(claim=OuterRef("pk"), on__lte=on, kind=kind)
            .values("claim").annotate(t=Sum("amount")).values("t")),
            Value(0), output_field=IntegerField())

    return queryset.annotate(repaid=moved(RecoveryMovement.Kind.REPAYMENT),
                             reclassified=moved(RecoveryMovement.Kind.RECLASSIFICATION))


def book_claims(on: dt.date) -> QuerySet[RecoveryClaim]:
    """The recovery book on ``on`` claim by claim (``open_claims``), each with its repayments
    and reclassifications up to that day apart (``with_movements``), oldest case first."""
    return with_movements(open_claims(on), on).order_by("application__case__received_at",
                                                        "item_id")


# The book's outstanding amount by item as the council report shares it out (indicators.py,
# BOOK_PARTS): court fees, third-instance lawyer fees, living expenses, and the rest.
SHARE_GROUPS = [
    ("court_fees", gettext_lazy("裁判費")),
    ("third_instance_lawyer_fees", gettext_lazy("第三審律師費")),
    ("living_expenses", gettext_lazy("生活費用")),
    ("other", gettext_lazy("其他（強制執行費、第一、二審律師費）")),
]


def share_group(kind: str, instance) -> str:
    """The SHARE_GROUPS key of an item of ``kind`` (and ``instance``)."""
    if kind == ItemKind.COURT_FEE:
        return "court_fees"
    if kind == ItemKind.LAWYER_FEE and instance == 3:
        return "third_instance_lawyer_fees"
    if kind == ItemKind.LIVING_EXPENSES:
        return "living_expenses"
    return "other"


def book_summary(claims: Iterable[RecoveryClaim]) -> dict:
    """The totals of ``book_claims`` rows: ``cases`` (applications), ``claimed``, ``repaid``,
    ``reclassified`` and ``outstanding``, and ``shares``: per SHARE_GROUPS entry its key,
    label, outstanding ``amount`` and ``share`` of the whole outstanding amount (a percentage
    rounded half up to 2 decimals; None when nothing is outstanding)."""
    claims = list(claims)
    total = sum(int(claim.outstanding) for claim in claims)
    by_group = dict.fromkeys((key for key, _label in SHARE_GROUPS), 0)
    for claim in claims:
        by_group[share_group(claim.item.kind, claim.item.instance)] += int(claim.outstanding)
    return {
        "cases": len({claim.application_id for claim in claims}),
        "claimed": sum(int(claim.amount) for claim in claims),
        "repaid": sum(int(claim.repaid) for claim in claims),
        "reclassified": sum(int(claim.reclassified) for claim in claims),
        "outstanding": total,
        "shares": [{"key": key, "label": label, "amount": by_group[key],
                    "share": percent(by_group[key], total) if total else None}
                   for key, label in SHARE_GROUPS],
    }


def outstanding_by_item(on: dt.date) -> dict[tuple[str, int | None], int]:
    """The book's outstanding amounts on ``on`` per (item kind, instance): fees per instance,
    enforcement fees and living expenses with instance None."""
    out: dict[tuple[str, int | None], int] = {}
    for kind, instance, outstanding in open_claims(on).values_list(
            "item__kind", "item__instance", "outstanding"):
        key = (kind, instance)
        out[key] = out.get(key, 0) + int(outstanding)
    return out


def outstanding_by_kind(on: dt.date) -> dict[str, int]:
    """The book's outstanding amounts on ``on`` per item kind (every kind, 0 when none)."""
    out = dict.fromkeys(ItemKind.values, 0)
    for (kind, _instance), amount in outstanding_by_item(on).items():
        out[kind] += amount
    return out


# ---------------------------------------------------------------------------- movements


def movements(period) -> QuerySet[RecoveryMovement]:
    """Repayments and reclassifications dated in the period."""
    return RecoveryMovement.objects.select_related("claim__item", "claim__application__case") \
        .filter(_days("on", period))


def movements_by_kind(period) -> dict[str, int]:
    """Σ of the period's repayments and reclassifications per item kind (every kind)."""
    out = dict.fromkeys(ItemKind.values, 0)
    rows = (RecoveryMovement.objects.filter(_days("on", period))
            .values_list("claim__item__kind").annotate(t=Sum("amount")).order_by())
    for kind, total in rows:
        out[kind] = int(total)
    return out
