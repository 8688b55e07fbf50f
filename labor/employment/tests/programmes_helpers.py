"""Factories shared by the programmes' tests (test_programmes_*.py): seekers, vacancies,
referrals and placements are written with the ORM (the registry's services are another
helper's), priority-group memberships likewise."""

import datetime as dt
from itertools import count

from labor.core.models import Person, PriorityGroupMembership
from labor.employment.models import JobSeeker, Placement, Referral, Vacancy
from tests import conftest as shared

_serial = count(50_000)

D = dt.date
REGISTERED = D(2023, 1, 3)
POSTED, VALID_UNTIL = D(2023, 1, 2), D(2023, 12, 31)


def person(name: str = "陳小華", **fields) -> Person:
    return Person.objects.create(id_kind=Person.IdKind.NATIONAL_ID,
                                 id_number=shared.make_national_id(next(_serial)), name=name,
                                 **fields)


def member(person: Person, group: str, since: dt.date, until: dt.date | None = None):
    return PriorityGroupMembership.objects.create(person=person, group=group,
                                                  established_on=since, ended_on=until)


def seeker(person_: Person | None = None, *, registered_on: dt.date = REGISTERED,
           **fields) -> JobSeeker:
    return JobSeeker.objects.create(person=person_ or person(), registered_on=registered_on,
                                    channel="counter", **fields)


def vacancy(establishment, *, posted_on: dt.date = POSTED,
            valid_until: dt.date = VALID_UNTIL) -> Vacancy:
    return Vacancy.objects.create(
        establishment=establishment, title="行政助理", persons_wanted=2, wage_min=30000,
        district=shared.district("daan"), posted_on=posted_on, valid_until=valid_until,
        channel="counter", status="open")


def referral(seeker_: JobSeeker, vacancy_: Vacancy, on: dt.date) -> Referral:
    return Referral.objects.create(seeker=seeker_, vacancy=vacancy_, referred_on=on)


def placement(seeker_: JobSeeker, on: dt.date, *, establishment=None,
              starts_on: dt.date | None = None) -> Placement:
    return Placement.objects.create(seeker=seeker_, source=Placement.Source.SELF_FOUND,
                                    placed_on=on, starts_on=starts_on,
                                    establishment=establishment)
