"""Fixtures shared by the cross-app tests (and importable by any app's tests).

pytest applies this file to tests/ only; a test module under labor/ binds the fixtures it wants
at module level (pytest-django puts the project directory on sys.path)::

    from tests import conftest as shared

    staff_user = shared.staff_user

The factories create their own reference rows when missing (get_or_create), because tests
that use ``live_server`` or ``transactional_db`` flush the tables that migrations filled.
"""

import datetime as dt
from itertools import count

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from labor.core import identifiers
from labor.core.models import (
    District,
    Establishment,
    HeadcountRecord,
    Industry,
    Person,
    Role,
    StaffProfile,
    Unit,
)
from labor.core.reference import DISTRICTS, INDUSTRIES

STAFF_PASSWORD = "Labor-test-pass-2023"

_serial = count(1)


def make_ubn(n: int) -> str:
    """A valid 統一編號 (under the old divisible-by-10 rule, so valid on any date) from ``n``."""
    stem = f"{(n * 7919) % 10_000_000:07d}"
    for last in "0123456789":
        candidate = stem + last
        if identifiers.is_valid_ubn(candidate, on=dt.date(2020, 1, 1)):
            return candidate
    raise AssertionError("unreachable: one last digit always completes the sum")


def make_national_id(n: int, letter: str = "A", sex: str = "1") -> str:
    """A valid 身分證字號 from ``n``."""
    body = f"{sex}{(n * 104_729) % 10_000_000:07d}"
    for last in "0123456789":
        candidate = f"{letter}{body}{last}"
        if identifiers.is_valid_national_id(candidate):
            return candidate
    raise AssertionError("unreachable: one check digit always completes the sum")


def district(code: str = "daan") -> District:
    for row in DISTRICTS[settings.LABOR_CITY]:
        if row[0] == code:
            _code, name, name_en, postal = row
            break
    else:
        raise ValueError(f"no district {code!r} in {settings.LABOR_CITY}")
    obj, _created = District.objects.get_or_create(
        city=settings.LABOR_CITY, code=code,
        defaults={"name": name, "name_en": name_en, "postal_code": postal},
    )
    return obj


def industry(code: str = "C") -> Industry:
    name, name_en = next((n, e) for c, n, e in INDUSTRIES if c == code)
    obj, _created = Industry.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en}
    )
    return obj


def use_private_storage(settings, tmp_path):
    """Point the private storage (attachments, imports, generated documents) at the test's own
    temporary directory; returns it. Call it from a fixture with pytest-django's ``settings``."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(location)}},
    }
    return location


def permissions(*names: str) -> list[Permission]:
    """Permission rows from "app_label.codename" names."""
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


@pytest.fixture
def unit_factory(db):
    def make(code: str = "general-affairs", name: str = "綜合企劃科", lines=("general",),
             name_en: str = "General Affairs Section") -> Unit:
        unit, created = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "lines": list(lines)}
        )
        if not created and unit.lines != list(lines):
            unit.lines = list(lines)
            unit.save(update_fields=["lines"])
        return unit

    return make


@pytest.fixture
def staff_user(db, unit_factory):
    """A factory of bureau staff: ``staff_user(username, unit=..., perms=[...])``.

    Every user's password is ``STAFF_PASSWORD``. ``unit=None`` with ``profile=False`` makes
    an account without a staff profile (e.g. a superuser); ``perms`` are granted through a
    role, as in production.
    """

    def make(username: str | None = None, *, unit: Unit | None = None, perms=(),
             profile: bool = True, superuser: bool = False, first_name: str = "",
             last_name: str = "", title: str = "", password: str = STAFF_PASSWORD):
        username = username or f"staff{next(_serial)}"
        user_model = get_user_model()
        if superuser:
            user = user_model.objects.create_superuser(
                username=username, password=password, email=f"{username}@example.gov.tw",
                first_name=first_name, last_name=last_name,
            )
        else:
            user = user_model.objects.create_user(
                username=username, password=password, first_name=first_name,
                last_name=last_name,
            )
        if profile:
            staff = StaffProfile.objects.create(
                user=user, unit=unit or unit_factory(), title=title
            )
            if perms:
                role = Role.objects.create(code=f"role-{username}"[:32], name=f"{username} role")
                role.permissions.set(permissions(*perms))
                staff.roles.add(role)
        return user

    return make


@pytest.fixture
def establishment_factory(db):
    """``establishment_factory(name=..., headcounts=[(date, n), ...])`` → Establishment."""

    def make(name: str | None = None, *, ubn: str | None = None, district_code: str = "daan",
             industry_code: str = "C", address: str = "", representative: str = "",
             headcounts=()) -> Establishment:
        serial = next(_serial)
        est = Establishment.objects.create(
            ubn=ubn or make_ubn(serial),
            name=name or f"測試事業單位{serial}",
            industry=industry(industry_code),
            district=district(district_code),
            address=address,
            representative=representative,
        )
        for as_of, headcount in headcounts:
            HeadcountRecord.objects.create(establishment=est, as_of=as_of, headcount=headcount)
        return est

    return make


@pytest.fixture
def person_factory(db):
    """``person_factory(name=..., id_number=...)`` → Person with a valid national ID."""

    def make(name: str = "王小明", *, id_number: str | None = None, **fields) -> Person:
        return Person.objects.create(
            id_kind=Person.IdKind.NATIONAL_ID,
            id_number=id_number or make_national_id(next(_serial)),
            name=name,
            **fields,
        )

    return make
