"""Read queries of the employment service: the staff's work lists, the registers, the public
job bank's search, and what a citizen or an employer account may see of its own records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Count, Prefetch, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from labor.core import identifiers
from labor.core.formatting import local_date
from labor.employment.models import (
    Hire,
    Hours,
    JobSeeker,
    Referral,
    ReferralResult,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
)

AWAITING_RESULTS = (ReferralResult.PENDING, ReferralResult.INTERVIEWED)
# A public search counts at most this many matches (the page says "more than ..."), so that a
# broad search stops reading rows once it has enough.
SEARCH_COUNT_CAP = 1000


def today() -> dt.date:
    return local_date(timezone.now())


# ------------------------------------------------------------------------------- vacancies


def open_vacancies(on: dt.date | None = None) -> QuerySet[Vacancy]:
    """Vacancies open (verified, not filled or closed) and valid on ``on`` (today)."""
    on = on or today()
    return Vacancy.objects.filter(status=VacancyStatus.OPEN, valid_until__gte=on,
                                  posted_on__lte=on)


def is_public(vacancy: Vacancy, on: dt.date | None = None) -> bool:
    on = on or today()
    return (vacancy.status == VacancyStatus.OPEN and vacancy.posted_on <= on
            <= vacancy.valid_until)


def _contains_word(rows: QuerySet, word: str) -> QuerySet:
    """Rows whose search text contains ``word``. On PostgreSQL the bigram index of migration
    0006 narrows the rows first (every bigram of the word must be among the row's); the
    substring test then decides."""
    if len(word) >= 2 and connection.vendor == "postgresql":
        rows = rows.filter(RawSQL(
            'employment_bigrams("employment_vacancy"."search_text") @> employment_bigrams(%s)',
            [word], output_field=BooleanField()))
    return rows.filter(search_text__contains=word)


def fold_query(text: str) -> list[str]:
    """The words of a search, folded as the vacancies' search text (labor.employment.text.fold):
    "臺北 會計" → ["台北", "會計"]. Every word must occur."""
    from labor.employment.services import fold

    return [word for word in fold(text or "").split() if word][:5]


def public_search(*, q: str = "", district=None, hours: str = "",
                  on: dt.date | None = None) -> QuerySet[Vacancy]:
    """The public job bank's search: open, valid vacancies whose title, occupation or
    description contains every word of ``q`` (folded: 會計 finds 會計助理, 台北 finds 臺北), in
    ``district``, with ``hours`` (a vacancy for either full or part time fits both), newest
    first."""
    rows = open_vacancies(on)
    for word in fold_query(q):
        rows = _contains_word(rows, word)
    if district is not None:
        rows = rows.filter(district=district)
    if hours in (Hours.FULL_TIME, Hours.PART_TIME):
        rows = rows.filter(hours__in=[hours, Hours.EITHER])
    return (rows.select_related("establishment", "district", "occupation")
            .order_by("-posted_on", "-pk"))


def capped_count(rows: QuerySet, cap: int = SEARCH_COUNT_CAP) -> tuple[int, bool]:
    """(count, capped): at most ``cap`` rows are counted."""
    found = rows.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


def vacancy_list(*, q: str = "", status: str = "", district=None, ubn: str = "",
                 channel: str = "", on: dt.date | None = None) -> QuerySet[Vacancy]:
    """Staff's vacancy register. ``status`` may also be "expired" (open, past validity)."""
    on = on or today()
    rows = Vacancy.objects.all()
    if status == "expired":
        rows = rows.filter(status=VacancyStatus.OPEN, valid_until__lt=on)
    elif status == VacancyStatus.OPEN:
        rows = rows.filter(status=VacancyStatus.OPEN, valid_until__gte=on)
    elif status in VacancyStatus.values:
        rows = rows.filter(status=status)
    for word in fold_query(q):
        rows = _contains_word(rows, word)
    if district is not None:
        rows = rows.filter(district=district)
    if ubn := identifiers.compact(ubn or ""):
        rows = rows.filter(establishment__ubn=ubn)
    if channel:
        rows = rows.filter(channel=channel)
    return (rows.select_related("establishment", "district", "occupation")
            .order_by("-posted_on", "-pk"))


def pending_vacancies() -> QuerySet[Vacancy]:
    """Online postings waiting for staff to verify them, oldest first."""
    return (Vacancy.objects.filter(status=VacancyStatus.PENDING)
            .select_related("establishment", "district", "posted_by")
            .order_by("posted_on", "pk"))


def hired_counts(vacancies) -> dict[int, int]:
    """Persons hired per vacancy id."""
    ids = [v.pk for v in vacancies]
    return dict(Hire.objects.filter(vacancy_id__in=ids).values("vacancy_id")
                .annotate(n=Sum("persons")).values_list("vacancy_id", "n"))


# ----------------------------------------------------------------------------- job seekers


def seeker_list(*, name: str = "", status: str = "", channel: str = "",
                id_number: str = "") -> QuerySet[JobSeeker]:
    rows = JobSeeker.objects.all()
    if status in SeekerStatus.values:
        rows = rows.filter(status=status)
    if channel:
        rows = rows.filter(channel=channel)
    if name := (name or "").strip():
        rows = rows.filter(person__name__contains=name)
    if id_number := identifiers.compact(id_number or "").upper():
        rows = rows.filter(person__id_number=id_number)
    return rows.select_related("person", "unit").order_by("-registered_on", "-pk")


def recent_registrations(days: int = 7, on: dt.date | None = None) -> QuerySet[JobSeeker]:
    on = on or today()
    return seeker_list().filter(registered_on__gte=on - dt.timedelta(days=days - 1),
                                registered_on__lte=on)


def seeker_referrals(seeker: JobSeeker) -> QuerySet[Referral]:
    return (seeker.referrals.select_related("vacancy__establishment", "vacancy__district",
                                            "referred_by")
            .order_by("-referred_on", "-pk"))


def vacancy_referrals(vacancy: Vacancy) -> QuerySet[Referral]:
    return (vacancy.referrals.select_related("seeker__person", "referred_by")
            .order_by("-referred_on", "-pk"))


def referrals_awaiting() -> QuerySet[Referral]:
    """Referrals whose result is not in yet, oldest first."""
    return (Referral.objects.filter(result__in=AWAITING_RESULTS)
            .select_related("seeker__person", "vacancy__establishment")
            .order_by("referred_on", "pk"))


@dataclass(frozen=True)
class HomeCounts:
    active_seekers: int
    open_vacancies: int
    persons_wanted: int
    pending_vacancies: int
    referrals_awaiting: int
    registered_today: int
    placed_this_month: int


def home_counts(on: dt.date | None = None) -> HomeCounts:
    on = on or today()
    month_start = on.replace(day=1)
    open_rows = open_vacancies(on).aggregate(n=Count("pk"), persons=Sum("persons_wanted"))
    from labor.employment.models import Placement

    return HomeCounts(
        active_seekers=JobSeeker.objects.filter(status=SeekerStatus.ACTIVE).count(),
        open_vacancies=open_rows["n"] or 0,
        persons_wanted=open_rows["persons"] or 0,
        pending_vacancies=Vacancy.objects.filter(status=VacancyStatus.PENDING).count(),
        referrals_awaiting=Referral.objects.filter(result__in=AWAITING_RESULTS).count(),
        registered_today=JobSeeker.objects.filter(registered_on=on).count(),
        placed_this_month=Placement.objects.filter(placed_on__range=(month_start, on)).count(),
    )


# ------------------------------------------------------------------- the public's own records


def citizen_registrations(user) -> QuerySet[JobSeeker]:
    """The registrations a citizen account made online, newest first (a counter registration
    is not linked to any account: nothing proves who an account belongs to)."""
    if not getattr(user, "is_authenticated", False):
        return JobSeeker.objects.none()
    return (JobSeeker.objects.filter(account=user)
            .select_related("person")
            .prefetch_related(Prefetch(
                "referrals", queryset=Referral.objects.select_related(
                    "vacancy__establishment", "vacancy__district").order_by("-referred_on",
                                                                            "-pk"),
                to_attr="referral_list"))
            .order_by("-registered_on", "-pk"))


def employer_vacancies(user) -> QuerySet[Vacancy]:
    """The vacancies an employer account posted itself (labor.portal.models: an account sees
    only its own filings, never the company's other postings)."""
    if not getattr(user, "is_authenticated", False):
        return Vacancy.objects.none()
    return (Vacancy.objects.filter(posted_by=user)
            .select_related("establishment", "district", "occupation")
            .annotate(referral_count=Count("referrals"))
            .order_by("-posted_on", "-pk"))


def employer_referrals(vacancy: Vacancy) -> QuerySet[Referral]:
    """Referrals to one of the account's vacancies, with what the employer may see of the
    seeker (the view shows name, phone and qualifications, never the ID or the address)."""
    return (Referral.objects.filter(vacancy=vacancy)
            .select_related("seeker__person")
            .prefetch_related("seeker__desired_occupations")
            .order_by("-referred_on", "-pk"))

