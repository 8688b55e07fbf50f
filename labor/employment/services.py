"""Every change to the employment service's registers: job seekers (求職登記), vacancies
(求才登記), referrals (推介) and their outcomes, placements (就業) and hires (求才僱用).
Module-level, keyword-only, transactional.

Conventions (as labor.disputes.services):

- Bad input raises ``django.core.exceptions.ValidationError`` with zh-Hant messages keyed by
  field, before anything is written; a later failure rolls the whole call back.
- A change to a registration or a vacancy takes the ``version`` the caller read; the row is
  re-read under ``select_for_update`` and a different version raises ``StaleEdit`` (HTTP 409
  at the edge). A referral's outcome is guarded by its result instead: only a referral still
  waiting (or interviewed) takes a result, so a second click or a second clerk is refused.
- Permissions are checked by the views and the API, not here.

The refusals the issue names: a vacancy paid below the minimum wage in force on its posting
date (dated settings ``minimum_wage.monthly`` / ``minimum_wage.hourly``, judged by
labor.employment.rules.wage_below_minimum), a person registered twice while a registration
is active, and a referral to a vacancy past its validity.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from labor.core import identifiers, validators
from labor.core.errors import FieldErrors as _Errors
from labor.core.formatting import local_date, roc_date
from labor.core.models import (
    District,
    Establishment,
    Person,
    PriorityGroup,
    PriorityGroupMembership,
    Unit,
)
from labor.core.settings_values import SettingMissing, dated_value
from labor.employment.models import (
    Education,
    Hire,
    Hours,
    JobSeeker,
    Occupation,
    Placement,
    Referral,
    ReferralResult,
    SeekerStatus,
    Vacancy,
    VacancyStatus,
    WageKind,
)

STALE_MESSAGE = N_("此資料已由他人更新，請重新載入後再操作。")
NAME_MISMATCH = N_("姓名與此證號在本局的資料不符，請確認；如已更名，請洽就業服務站。")

ONLINE, COUNTER = "online", "counter"
CHANNELS = (ONLINE, COUNTER)

MAX_LIST_ITEMS = 20
MAX_ITEM_LENGTH = 50
MAX_MONTHLY_WAGE = 10_000_000
MAX_HOURLY_WAGE = 100_000
MAX_PERSONS_WANTED = 9_999
MAX_EXPERIENCE_YEARS = 60

# Results a referral can take, from the result it has.
_NEXT_RESULTS = {
    ReferralResult.PENDING: {ReferralResult.INTERVIEWED, ReferralResult.HIRED,
                             ReferralResult.NOT_HIRED, ReferralResult.NO_SHOW,
                             ReferralResult.DECLINED},
    ReferralResult.INTERVIEWED: {ReferralResult.HIRED, ReferralResult.NOT_HIRED,
                                 ReferralResult.DECLINED},
}
FINAL_RESULTS = frozenset({ReferralResult.HIRED, ReferralResult.NOT_HIRED,
                           ReferralResult.NO_SHOW, ReferralResult.DECLINED})


class StaleEdit(ValidationError):
    """The registration or vacancy changed since the caller read it (optimistic lock)."""

    def __init__(self):
        super().__init__({NON_FIELD_ERRORS: [_(STALE_MESSAGE)]}, code="stale")


# ---------------------------------------------------------------------------------- helpers


def _today() -> dt.date:
    return local_date(timezone.now())


def _date(value, field: str, errors: _Errors, *, required: bool = True,
          default: dt.date | None = None) -> dt.date | None:
    if value is None or value == "":
        if default is not None:
            return default
        if required:
            errors.add(field, _("請填寫日期。"))
        return None
    if isinstance(value, dt.datetime):
        return local_date(value)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("日期格式不正確。"))
        return None


def _text(value, field: str, errors: _Errors, *, required: bool = False, max_length: int = 200,
          required_message: str | None = None) -> str:
    text = " ".join(str(value or "").split()) if max_length <= 200 else str(value or "").strip()
    if required and not text:
        errors.add(field, required_message or _("此欄位為必填。"))
    elif len(text) > max_length:
        errors.add(field, _("內容過長（最多 %(n)s 字）。") % {"n": max_length})
    return text


def _whole(value, field: str, errors: _Errors, *, minimum: int = 0, maximum: int,
           required: bool = True, required_message: str | None = None,
           invalid_message: str | None = None) -> int | None:
    """A whole number in [minimum, maximum]; None when not given (and not required)."""
    if value is None or value == "":
        if required:
            errors.add(field, required_message or _("此欄位為必填。"))
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        text = str(value).replace(",", "").strip()
        number = int(text) if text.isdigit() else None
    if number is None or number < minimum:
        errors.add(field, invalid_message or _("請填寫 %(n)s 以上的整數。") % {"n": minimum})
        return None
    if number > maximum:
        errors.add(field, _("數字過大，請確認。"))
        return None
    return number


def _choice(value, choices, field: str, errors: _Errors, *, default: str) -> str:
    value = value or default
    if value not in choices.values:
        errors.add(field, _("選項不正確。"))
        return default
    return value


def _string_list(values, field: str, errors: _Errors) -> list[str]:
    """Licences, skills or languages: trimmed, without blanks or repeats, in the given order.
    A single string is split at new lines, commas and 、."""
    if values is None:
        return []
    if isinstance(values, str):
        for separator in ("\r", "\n", "，", ",", "、", "；", ";"):
            values = values.replace(separator, "\n")
        values = values.split("\n")
    items: list[str] = []
    for value in values:
        text = " ".join(str(value or "").split())
        if text and text not in items:
            items.append(text)
    if len(items) > MAX_LIST_ITEMS:
        errors.add(field, _("最多填寫 %(n)s 項。") % {"n": MAX_LIST_ITEMS})
    if any(len(item) > MAX_ITEM_LENGTH for item in items):
        errors.add(field, _("每一項最多 %(n)s 字。") % {"n": MAX_ITEM_LENGTH})
    return items[:MAX_LIST_ITEMS]


def _occupation(value, field: str, errors: _Errors) -> Occupation | None:
    if value is None or value == "":
        return None
    if isinstance(value, Occupation):
        return value
    found = Occupation.objects.filter(code=str(value).strip()).first()
    if found is None:
        errors.add(field, _("職業代碼不正確。"))
    return found


def _occupations(values, field: str, errors: _Errors) -> list[Occupation]:
    found = []
    for value in values or ():
        occupation = _occupation(value, field, errors)
        if occupation is not None and occupation not in found:
            found.append(occupation)
    if len(found) > MAX_LIST_ITEMS:
        errors.add(field, _("最多選擇 %(n)s 項。") % {"n": MAX_LIST_ITEMS})
    return found


def _district(value, field: str, errors: _Errors, *, required: bool) -> District | None:
    if value is None or value == "":
        if required:
            errors.add(field, _("請選擇行政區。"))
        return None
    if isinstance(value, District):
        return value
    found = District.objects.filter(city=settings.LABOR_CITY, code=str(value).strip()).first()
    if found is None:
        errors.add(field, _("請選擇行政區。"))
    return found


def _districts(values, field: str, errors: _Errors) -> list[District]:
    found = []
    for value in values or ():
        district = _district(value, field, errors, required=False)
        if district is not None and district not in found:
            found.append(district)
    return found


def fold(text: str) -> str:
    """Search text folded by labor.employment.text.fold (臺/台 alike, full-width to
    half-width, Latin lower-cased); NFKC and lower-casing alone until that module exists."""
    try:
        from labor.employment.text import fold as text_fold
    except ImportError:  # pragma: no cover - the matching helper's module not there yet
        return " ".join(unicodedata.normalize("NFKC", text or "").replace("臺", "台")
                        .lower().split())
    return text_fold(text or "")


def search_text(*, title: str, occupation: Occupation | None, description: str) -> str:
    """What the public search and the matching look in: title, occupation and description."""
    parts = [title, occupation.name if occupation is not None else "", description]
    return fold(" ".join(part for part in parts if part))


def minimum_wage(on: dt.date) -> tuple[int, int]:
    """(monthly, hourly) minimum wage in force on ``on``; raises SettingMissing before the
    settings' first row."""
    return (int(dated_value("minimum_wage.monthly", on)),
            int(dated_value("minimum_wage.hourly", on)))


def _wage_below_minimum(amount: int, kind: str, monthly: int, hourly: int) -> bool:
    try:
        from labor.employment.rules import wage_below_minimum
    except ImportError:  # pragma: no cover - the matching helper's module not there yet
        return amount < (hourly if kind == WageKind.HOURLY else monthly)
    return wage_below_minimum(amount, kind, monthly, hourly)


def _lock_seeker(seeker: JobSeeker, version) -> JobSeeker:
    locked = JobSeeker.objects.select_for_update().select_related("person").get(pk=seeker.pk)
    if version is not None:
        _check_version(locked, version)
    return locked


def _lock_vacancy(vacancy: Vacancy, version) -> Vacancy:
    locked = (Vacancy.objects.select_for_update().select_related("establishment")
              .get(pk=vacancy.pk))
    if version is not None:
        _check_version(locked, version)
    return locked


def _check_version(row, version):
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise StaleEdit() from None
    if version != row.version:
        raise StaleEdit()


def _bump(row, *fields: str):
    row.version += 1
    row.save(update_fields=[*fields, "version"])


# ----------------------------------------------------------------------------- job seekers


_ID_WORDS = {
    Person.IdKind.NATIONAL_ID: N_("此身分證字號"),
    Person.IdKind.UI_NUMBER: N_("此統一證號"),
    Person.IdKind.PASSPORT: N_("此護照號碼"),
}


def active_registration(person: Person) -> JobSeeker | None:
    return (JobSeeker.objects.filter(person=person, status=SeekerStatus.ACTIVE)
            .order_by("-registered_on", "-pk").first())


def _duplicate_message(id_kind: str, existing: JobSeeker) -> str:
    return _("%(who)s已有求職登記（登記日期%(date)s），請勿重複登記。") % {
        "who": _(_ID_WORDS.get(id_kind, N_("此證號"))),
        "date": roc_date(existing.registered_on),
    }


def _same_name(one: str, two: str) -> bool:
    def norm(text):
        return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()

    return norm(one) == norm(two)


def _seeker_fields(data: dict, errors: _Errors) -> dict:
    """The wishes and qualifications of a registration, checked; the keys are the model's."""
    return {
        "desired_title": _text(data.get("desired_title"), "desired_title", errors,
                               max_length=100),
        "desired_occupations": _occupations(data.get("desired_occupations"),
                                            "desired_occupations", errors),
        "desired_districts": _districts(data.get("desired_districts"), "desired_districts",
                                        errors),
        "expected_wage": _whole(data.get("expected_wage"), "expected_wage", errors,
                                minimum=0, maximum=MAX_MONTHLY_WAGE, required=False,
                                invalid_message=_("希望月薪請填寫整數（元），或留空。")),
        "hours": _choice(data.get("hours"), Hours, "hours", errors, default=Hours.EITHER),
        "shifts_ok": bool(data.get("shifts_ok")),
        "education": _choice(data.get("education"), Education, "education", errors,
                             default=Education.NONE),
        "experience_years": _whole(data.get("experience_years") or 0, "experience_years",
                                   errors, maximum=MAX_EXPERIENCE_YEARS) or 0,
        "licences": _string_list(data.get("licences"), "licences", errors),
        "skills": _text(data.get("skills"), "skills", errors, max_length=1000),
        "languages": _string_list(data.get("languages"), "languages", errors),
    }


_SEEKER_FIELD_NAMES = ("desired_title", "desired_occupations", "desired_districts",
                       "expected_wage", "hours", "shifts_ok", "education", "experience_years",
                       "licences", "skills", "languages")


@transaction.atomic
def seeker_register(
    *,
    id_number: str,
    name: str,
    channel: str,
    id_kind: str = Person.IdKind.NATIONAL_ID,
    phone: str = "",
    email: str = "",
    address: str = "",
    birth_date=None,
    account=None,
    actor=None,
    unit: Unit | None = None,
    registered_on=None,
    priority_groups: Iterable[str] = (),
    **wishes,
) -> JobSeeker:
    """Register a job seeker (求職登記): online by the citizen ``account`` itself, or at the
    counter by staff ``actor`` (with their ``unit``).

    The person is found by ID or created; an existing person's name must match (a mistyped ID
    must not attach a registration to someone else), and the contact given replaces theirs.
    Refused while the person has an active registration. ``wishes`` are the registration's
    fields (desired_title, desired_occupations, desired_districts, expected_wage, hours,
    shifts_ok, education, experience_years, licences, skills, languages). ``priority_groups``
    (counter only: staff see the evidence) adds dated memberships the person does not hold.
    """
    unknown = set(wishes) - set(_SEEKER_FIELD_NAMES)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    errors = _Errors()
    today = _today()
    if channel not in CHANNELS:
        errors.add("channel", _("登記管道不正確。"))
    if channel == ONLINE and account is None:
        errors.add(NON_FIELD_ERRORS, _("線上登記需先登入民眾帳號。"))
    registered = _date(registered_on, "registered_on", errors, default=today)
    if registered and registered > today:
        errors.add("registered_on", _("登記日期不得晚於今天。"))
    id_number = identifiers.compact(id_number or "").upper()
    if not id_number:
        errors.add("id_number", _("請填寫身分證字號。"))
    else:
        try:
            validators.validate_person_id(id_kind, id_number)
        except ValidationError as exc:
            errors.merge(exc)
    name = _text(name, "name", errors, required=True, max_length=100,
                 required_message=_("請填寫姓名。"))
    phone = _text(phone, "phone", errors, required=True, max_length=32,
                  required_message=_("請填寫聯絡電話，推介時事業單位以此與您聯繫。"))
    email = _text(email, "email", errors, max_length=254)
    if email:
        try:
            from django.core.validators import validate_email

            validate_email(email)
        except ValidationError:
            errors.add("email", _("電子郵件格式不正確。"))
    address = _text(address, "address", errors, max_length=200)
    born = _date(birth_date, "birth_date", errors, required=False)
    if born and registered and born >= registered:
        errors.add("birth_date", _("出生日期不正確。"))
    groups = []
    for group in priority_groups or ():
        if group not in PriorityGroup.values:
            errors.add("priority_groups", _("特定對象類別不正確。"))
        elif group not in groups:
            groups.append(group)
    fields = _seeker_fields(wishes, errors)

    person = None
    if "id_number" not in errors and id_number:
        person = Person.objects.filter(id_number=id_number).first()
        if person is not None:
            if person.id_kind != id_kind:
                errors.add("id_kind", _("證件類別與本局資料不符，請確認。"))
            elif name and not _same_name(person.name, name):
                errors.add("name", _(NAME_MISMATCH))
            elif (existing := active_registration(person)) is not None:
                errors.add("id_number", _duplicate_message(id_kind, existing))
    errors.raise_if_any()

    if person is None:
        try:
            with transaction.atomic():
                person = Person.objects.create(
                    id_kind=id_kind, id_number=id_number, name=name, phone=phone, email=email,
                    address=address, birth_date=born,
                    nationality="TW" if id_kind == Person.IdKind.NATIONAL_ID else "",
                )
        except IntegrityError:
            # Created by another request a moment ago: take that one and check it again.
            person = Person.objects.get(id_number=id_number)
            if not _same_name(person.name, name):
                raise ValidationError({"name": [_(NAME_MISMATCH)]}) from None
    else:
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = []
        for attribute, value in (("phone", phone), ("email", email), ("address", address)):
            if value and getattr(person, attribute) != value:
                setattr(person, attribute, value)
                changed.append(attribute)
        if born and person.birth_date is None:
            person.birth_date = born
            changed.append("birth_date")
        if changed:
            person.save(update_fields=[*changed, "updated_at"])

    if unit is None and channel == COUNTER and actor is not None:
        from labor.core.permissions import staff_profile

        profile = staff_profile(actor)
        unit = profile.unit if profile is not None else None
    occupations = fields.pop("desired_occupations")
    districts = fields.pop("desired_districts")
    try:
        with transaction.atomic():
            seeker = JobSeeker.objects.create(
                person=person, account=account if channel == ONLINE else None,
                registered_on=registered, channel=channel, unit=unit, **fields,
            )
    except IntegrityError:
        # Another registration of the person became active meanwhile (the unique constraint).
        existing = active_registration(person)
        message = (_duplicate_message(id_kind, existing) if existing is not None
                   else _("此證號已有求職登記，請勿重複登記。"))
        raise ValidationError({"id_number": [message]}) from None
    seeker.desired_occupations.set(occupations)
    seeker.desired_districts.set(districts)
    for group in groups:
        held = PriorityGroupMembership.objects.filter(
            person=person, group=group, established_on__lte=registered,
        ).exclude(ended_on__lt=registered).exists()
        if not held:
            PriorityGroupMembership.objects.create(
                person=person, group=group, established_on=registered,
                evidence=_("求職登記時查驗（%(channel)s）") % {
                    "channel": _("臨櫃") if channel == COUNTER else _("線上")},
            )
    return seeker


@transaction.atomic
def seeker_update(*, seeker: JobSeeker, version, actor=None, phone: str | None = None,
                  **wishes) -> JobSeeker:
    """Change an active registration's wishes and qualifications (and the person's phone)."""
    unknown = set(wishes) - set(_SEEKER_FIELD_NAMES)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    seeker = _lock_seeker(seeker, version)
    errors = _Errors()
    if seeker.status != SeekerStatus.ACTIVE:
        errors.add(NON_FIELD_ERRORS, _("此求職登記目前為「%(status)s」，不能修改。") % {
            "status": seeker.get_status_display()})
    current = {name: getattr(seeker, name) for name in _SEEKER_FIELD_NAMES
               if name not in ("desired_occupations", "desired_districts")}
    current["desired_occupations"] = list(seeker.desired_occupations.all())
    current["desired_districts"] = list(seeker.desired_districts.all())
    current.update(wishes)
    fields = _seeker_fields(current, errors)
    if phone is not None:
        phone = _text(phone, "phone", errors, required=True, max_length=32,
                      required_message=_("請填寫聯絡電話。"))
    errors.raise_if_any()
    occupations = fields.pop("desired_occupations")
    districts = fields.pop("desired_districts")
    for name, value in fields.items():
        setattr(seeker, name, value)
    _bump(seeker, *fields)
    seeker.desired_occupations.set(occupations)
    seeker.desired_districts.set(districts)
    if phone is not None and phone != seeker.person.phone:
        seeker.person.phone = phone
        seeker.person.save(update_fields=["phone", "updated_at"])
    return seeker


@transaction.atomic
def seeker_close(*, seeker: JobSeeker, version, actor=None, closed_on=None) -> JobSeeker:
    """Close an active registration without a placement (the seeker withdrew, could not be
    reached, ...)."""
    seeker = _lock_seeker(seeker, version)
    errors = _Errors()
    closed = _date(closed_on, "closed_on", errors, default=_today())
    if seeker.status != SeekerStatus.ACTIVE:
        errors.add(NON_FIELD_ERRORS, _("此求職登記目前為「%(status)s」。") % {
            "status": seeker.get_status_display()})
    elif closed and closed < seeker.registered_on:
        errors.add("closed_on", _("結案日期不得早於登記日期（%(date)s）。") % {
            "date": roc_date(seeker.registered_on)})
    elif closed and closed > _today():
        errors.add("closed_on", _("結案日期不得晚於今天。"))
    errors.raise_if_any()
    seeker.status = SeekerStatus.CLOSED
    seeker.closed_on = closed
    _bump(seeker, "status", "closed_on")
    return seeker


# ------------------------------------------------------------------------------- vacancies


def _establishment(ubn, errors: _Errors, on: dt.date | None) -> Establishment | None:
    value = identifiers.compact(ubn or "")
    if not value:
        errors.add("ubn", _("請填寫統一編號。"))
        return None
    if not identifiers.is_valid_ubn(value, on=on):
        errors.add("ubn", _("統一編號「%(value)s」格式或檢查碼不正確，應為 8 位數字。")
                   % {"value": value})
        return None
    found = Establishment.objects.filter(ubn=value).first()
    if found is None:
        errors.add("ubn", _("本局事業單位資料查無統一編號「%(value)s」。") % {"value": value})
    return found


def _vacancy_fields(data: dict, errors: _Errors, posted: dt.date | None) -> dict:
    title = _text(data.get("title"), "title", errors, required=True, max_length=100,
                  required_message=_("請填寫職稱。"))
    occupation = _occupation(data.get("occupation"), "occupation", errors)
    wage_kind = _choice(data.get("wage_kind"), WageKind, "wage_kind", errors,
                        default=WageKind.MONTHLY)
    ceiling = MAX_HOURLY_WAGE if wage_kind == WageKind.HOURLY else MAX_MONTHLY_WAGE
    wage_min = _whole(data.get("wage_min"), "wage_min", errors, minimum=1, maximum=ceiling,
                      required_message=_("請填寫薪資（新臺幣元）。"),
                      invalid_message=_("薪資請填寫整數（新臺幣元）。"))
    wage_max = _whole(data.get("wage_max"), "wage_max", errors, minimum=1, maximum=ceiling,
                      required=False, invalid_message=_("薪資請填寫整數（新臺幣元），或留空。"))
    if wage_min is not None and wage_max is not None and wage_max < wage_min:
        errors.add("wage_max", _("薪資上限不得低於下限。"))
    if wage_min is not None and posted is not None:
        try:
            monthly, hourly = minimum_wage(posted)
        except SettingMissing:
            errors.add("posted_on", _("查無登記日期適用的最低工資，請確認日期。"))
        else:
            if _wage_below_minimum(wage_min, wage_kind, monthly, hourly):
                floor = hourly if wage_kind == WageKind.HOURLY else monthly
                errors.add("wage_min", _(
                    "薪資低於登記日（%(date)s）適用的最低工資：%(kind)s %(floor)s 元，"
                    "不能登記。") % {
                    "date": roc_date(posted), "kind": WageKind(wage_kind).label,
                    "floor": f"{floor:,}"})
    description = _text(data.get("description"), "description", errors, max_length=4000)
    return {
        "title": title,
        "occupation": occupation,
        "description": description,
        "persons_wanted": _whole(data.get("persons_wanted"), "persons_wanted", errors,
                                 minimum=1, maximum=MAX_PERSONS_WANTED,
                                 required_message=_("請填寫需求人數。"),
                                 invalid_message=_("需求人數應為 1 以上的整數。")),
        "wage_kind": wage_kind,
        "wage_min": wage_min,
        "wage_max": wage_max,
        "hours": _choice(data.get("hours"), Hours, "hours", errors, default=Hours.FULL_TIME),
        "shifts": bool(data.get("shifts")),
        "district": _district(data.get("district"), "district", errors, required=True),
        "address": _text(data.get("address"), "address", errors, max_length=200),
        "education_min": _choice(data.get("education_min"), Education, "education_min",
                                 errors, default=Education.NONE),
        "experience_min_years": _whole(data.get("experience_min_years") or 0,
                                       "experience_min_years", errors,
                                       maximum=MAX_EXPERIENCE_YEARS) or 0,
        "licences_required": _string_list(data.get("licences_required"), "licences_required",
                                          errors),
        "languages": _string_list(data.get("languages"), "languages", errors),
    }


_VACANCY_FIELD_NAMES = ("title", "occupation", "description", "persons_wanted", "wage_kind",
                        "wage_min", "wage_max", "hours", "shifts", "district", "address",
                        "education_min", "experience_min_years", "licences_required",
                        "languages")


@transaction.atomic
def vacancy_post(
    *,
    channel: str,
    valid_until,
    establishment: Establishment | None = None,
    ubn: str = "",
    posted_on=None,
    posted_by=None,
    actor=None,
    **fields,
) -> Vacancy:
    """Register a vacancy (求才登記): online by an employer's portal account ``posted_by``
    (for its ``establishment``; it waits for staff to verify it), or at the counter by staff
    ``actor`` (named by ``ubn`` or ``establishment``; open at once).

    Refused: a wage below the minimum wage in force on ``posted_on`` (today by default), a
    validity ending before the posting date, an establishment closed by then.
    """
    unknown = set(fields) - set(_VACANCY_FIELD_NAMES)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    errors = _Errors()
    today = _today()
    if channel not in CHANNELS:
        errors.add("channel", _("登記管道不正確。"))
    if channel == ONLINE and posted_by is None:
        errors.add(NON_FIELD_ERRORS, _("線上求才登記需先登入事業單位帳號。"))
    posted = _date(posted_on, "posted_on", errors, default=today)
    if posted and posted > today:
        errors.add("posted_on", _("登記日期不得晚於今天。"))
    if establishment is None:
        establishment = _establishment(ubn, errors, posted)
    if establishment is not None and establishment.closed_on is not None and posted \
            and establishment.closed_on <= posted:
        errors.add("ubn", _("此事業單位已於 %(date)s 歇業，不能登記求才。") % {
            "date": roc_date(establishment.closed_on)})
    until = _date(valid_until, "valid_until", errors)
    if until and posted and until < posted:
        errors.add("valid_until", _("有效期限不得早於登記日期（%(date)s）。") % {
            "date": roc_date(posted)})
    elif until and until < today and channel == ONLINE:
        # At the counter a past vacancy may be recorded (a late entry, the demo history).
        errors.add("valid_until", _("有效期限已過，請確認。"))
    values = _vacancy_fields(fields, errors, posted)
    errors.raise_if_any()
    now = timezone.now()
    online = channel == ONLINE
    vacancy = Vacancy.objects.create(
        establishment=establishment, posted_on=posted, valid_until=until, channel=channel,
        posted_by=posted_by if online else None,
        verified_by=None if online else actor, verified_at=None if online else now,
        status=VacancyStatus.PENDING if online else VacancyStatus.OPEN,
        search_text=search_text(title=values["title"], occupation=values["occupation"],
                                description=values["description"]),
        **values,
    )
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, version, actor=None, valid_until=None,
                   **fields) -> Vacancy:
    """Change a pending or open vacancy. The wage is judged against the minimum wage of its
    posting date, as when it was posted."""
    unknown = set(fields) - set(_VACANCY_FIELD_NAMES)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    vacancy = _lock_vacancy(vacancy, version)
    errors = _Errors()
    if vacancy.status not in (VacancyStatus.PENDING, VacancyStatus.OPEN):
        errors.add(NON_FIELD_ERRORS, _("此職缺目前為「%(status)s」，不能修改。") % {
            "status": vacancy.get_status_display()})
    current = {name: getattr(vacancy, name) for name in _VACANCY_FIELD_NAMES}
    current.update(fields)
    values = _vacancy_fields(current, errors, vacancy.posted_on)
    until = _date(valid_until, "valid_until", errors, default=vacancy.valid_until)
    if until and until < vacancy.posted_on:
        errors.add("valid_until", _("有效期限不得早於登記日期（%(date)s）。") % {
            "date": roc_date(vacancy.posted_on)})
    errors.raise_if_any()
    for name, value in values.items():
        setattr(vacancy, name, value)
    vacancy.valid_until = until
    vacancy.search_text = search_text(title=values["title"], occupation=values["occupation"],
                                      description=values["description"])
    _bump(vacancy, *values, "valid_until", "search_text")
    return vacancy


@transaction.atomic
def vacancy_verify(*, vacancy: Vacancy, version, actor) -> Vacancy:
    """Staff verify an online posting: it opens (and is searchable and matchable)."""
    vacancy = _lock_vacancy(vacancy, version)
    if vacancy.status != VacancyStatus.PENDING:
        raise ValidationError({NON_FIELD_ERRORS: [_("此職缺目前為「%(status)s」，不需審核。") % {
            "status": vacancy.get_status_display()}]})
    if vacancy.valid_until < _today():
        raise ValidationError({NON_FIELD_ERRORS: [_(
            "此職缺已逾有效期限（%(date)s），請先修改有效期限再審核。") % {
            "date": roc_date(vacancy.valid_until)}]})
    vacancy.status = VacancyStatus.OPEN
    vacancy.verified_by = actor
    vacancy.verified_at = timezone.now()
    _bump(vacancy, "status", "verified_by", "verified_at")
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, version, actor=None) -> Vacancy:
    """Close a pending or open vacancy (the employer stopped recruiting, a posting refused at
    verification)."""
    vacancy = _lock_vacancy(vacancy, version)
    if vacancy.status not in (VacancyStatus.PENDING, VacancyStatus.OPEN):
        raise ValidationError({NON_FIELD_ERRORS: [_("此職缺目前為「%(status)s」。") % {
            "status": vacancy.get_status_display()}]})
    vacancy.status = VacancyStatus.CLOSED
    _bump(vacancy, "status")
    return vacancy


def persons_hired(vacancy: Vacancy) -> int:
    return vacancy.hires.aggregate(n=Sum("persons"))["n"] or 0


def _fill_if_complete(vacancy: Vacancy):
    if vacancy.status == VacancyStatus.OPEN and persons_hired(vacancy) >= vacancy.persons_wanted:
        vacancy.status = VacancyStatus.FILLED
        _bump(vacancy, "status")


def referral_refusal(vacancy: Vacancy, on: dt.date) -> str | None:
    """Why ``vacancy`` cannot take a referral on ``on`` (zh-Hant), or None."""
    if vacancy.status == VacancyStatus.PENDING:
        return _("此職缺尚待本局審核，不能推介。")
    if vacancy.status == VacancyStatus.FILLED:
        return _("此職缺已補足，不能推介。")
    if vacancy.status == VacancyStatus.CLOSED:
        return _("此職缺已關閉，不能推介。")
    if vacancy.valid_until < on:
        return _("此職缺已逾有效期限（%(date)s），不能推介。") % {
            "date": roc_date(vacancy.valid_until)}
    if vacancy.posted_on > on:
        return _("推介日期早於職缺登記日期（%(date)s）。") % {"date": roc_date(vacancy.posted_on)}
    return None


# ------------------------------------------------------------------------------- referrals


@transaction.atomic
def referral_create(*, seeker: JobSeeker, vacancy: Vacancy, actor, referred_on=None,
                    interview_on=None) -> Referral:
    """Refer ``seeker`` to ``vacancy`` (推介). Refused: a vacancy not open, past its validity
    or pending verification; a seeker not actively registered; the same pair twice."""
    errors = _Errors()
    today = _today()
    on = _date(referred_on, "referred_on", errors, default=today)
    if on and on > today:
        errors.add("referred_on", _("推介日期不得晚於今天。"))
    interview = _date(interview_on, "interview_on", errors, required=False)
    if interview and on and interview < on:
        errors.add("interview_on", _("面試日期不得早於推介日期。"))
    errors.raise_if_any()
    seeker = _lock_seeker(seeker, None)
    vacancy = _lock_vacancy(vacancy, None)
    if seeker.status != SeekerStatus.ACTIVE:
        errors.add("seeker", _("求職人目前為「%(status)s」，不能推介。") % {
            "status": seeker.get_status_display()})
    elif on < seeker.registered_on:
        errors.add("referred_on", _("推介日期早於求職登記日期（%(date)s）。") % {
            "date": roc_date(seeker.registered_on)})
    if (refusal := referral_refusal(vacancy, on)) is not None:
        errors.add("vacancy", refusal)
    if Referral.objects.filter(seeker=seeker, vacancy=vacancy).exists():
        errors.add("vacancy", _("已推介此求職人至此職缺，不能重複推介。"))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            referral = Referral.objects.create(
                seeker=seeker, vacancy=vacancy, referred_on=on, referred_by=actor,
                interview_on=interview,
            )
    except IntegrityError:
        raise ValidationError({"vacancy": [_("已推介此求職人至此職缺，不能重複推介。")]}) from None
    return referral


def _place(*, seeker: JobSeeker, placed_on: dt.date, source: str, referral=None,
           establishment=None, starts_on=None) -> Placement:
    placement = Placement.objects.create(
        seeker=seeker, referral=referral, establishment=establishment, source=source,
        placed_on=placed_on, starts_on=starts_on,
    )
    seeker.status = SeekerStatus.PLACED
    seeker.closed_on = placed_on
    _bump(seeker, "status", "closed_on")
    return placement


@transaction.atomic
def referral_outcome(*, referral: Referral, result: str, result_on=None, actor=None,
                     interview_on=None, starts_on=None) -> Referral:
    """Record what came of a referral: interviewed (still waiting for the decision), hired,
    not hired, no show, declined by the seeker.

    Hired closes the loop on both sides in this one transaction: the seeker's placement
    (source referral) and the vacancy's hire, the registration marked placed, and the vacancy
    filled when its hires reach the persons wanted.
    """
    errors = _Errors()
    today = _today()
    referral = (Referral.objects.select_for_update().select_related("seeker", "vacancy")
                .get(pk=referral.pk))
    if result not in ReferralResult.values or result == ReferralResult.PENDING:
        errors.add("result", _("請選擇推介結果。"))
    elif result not in _NEXT_RESULTS.get(referral.result, ()):
        errors.add(NON_FIELD_ERRORS, _("此推介已登錄結果「%(result)s」，不能再變更。") % {
            "result": referral.get_result_display()})
    on = _date(result_on, "result_on", errors, default=today)
    if on and on < referral.referred_on:
        errors.add("result_on", _("結果日期不得早於推介日期（%(date)s）。") % {
            "date": roc_date(referral.referred_on)})
    elif on and on > today:
        errors.add("result_on", _("結果日期不得晚於今天。"))
    interview = _date(interview_on, "interview_on", errors, required=False)
    if interview and interview < referral.referred_on:
        errors.add("interview_on", _("面試日期不得早於推介日期。"))
    start = _date(starts_on, "starts_on", errors, required=False)
    if start and on and start < on:
        errors.add("starts_on", _("到職日期不得早於錄取日期。"))
    errors.raise_if_any()
    if result == ReferralResult.HIRED:
        seeker = _lock_seeker(referral.seeker, None)
        vacancy = _lock_vacancy(referral.vacancy, None)
        if seeker.status != SeekerStatus.ACTIVE:
            errors.add("result", _("求職人目前為「%(status)s」，不能再登錄錄取。") % {
                "status": seeker.get_status_display()})
        if vacancy.status == VacancyStatus.FILLED:
            errors.add("result", _("此職缺已補足（%(n)s 人），不能再登錄錄取。") % {
                "n": vacancy.persons_wanted})
        errors.raise_if_any()
        placement = _place(seeker=seeker, placed_on=on, source=Placement.Source.REFERRAL,
                           referral=referral, establishment=vacancy.establishment,
                           starts_on=start)
        Hire.objects.create(vacancy=vacancy, placement=placement, persons=1, hired_on=on)
        _fill_if_complete(vacancy)
    referral.result = result
    referral.result_on = on
    if interview:
        referral.interview_on = interview
    elif result == ReferralResult.INTERVIEWED and referral.interview_on is None:
        referral.interview_on = on
    referral.save(update_fields=["result", "result_on", "interview_on"])
    return referral


@transaction.atomic
def placement_self_found(*, seeker: JobSeeker, version, placed_on=None, actor=None,
                         ubn: str = "", starts_on=None) -> Placement:
    """A registered seeker found work on their own (自行就業) and told the service."""
    errors = _Errors()
    seeker = _lock_seeker(seeker, version)
    on = _date(placed_on, "placed_on", errors, default=_today())
    if seeker.status != SeekerStatus.ACTIVE:
        errors.add(NON_FIELD_ERRORS, _("此求職登記目前為「%(status)s」。") % {
            "status": seeker.get_status_display()})
    elif on and on < seeker.registered_on:
        errors.add("placed_on", _("就業日期不得早於求職登記日期（%(date)s）。") % {
            "date": roc_date(seeker.registered_on)})
    elif on and on > _today():
        errors.add("placed_on", _("就業日期不得晚於今天。"))
    start = _date(starts_on, "starts_on", errors, required=False)
    establishment = None
    if identifiers.compact(ubn or ""):
        establishment = _establishment(ubn, errors, on)
    errors.raise_if_any()
    return _place(seeker=seeker, placed_on=on, source=Placement.Source.SELF_FOUND,
                  establishment=establishment, starts_on=start)


@transaction.atomic
def hire_record(*, vacancy: Vacancy, version, persons, hired_on=None, actor=None) -> Hire:
    """Persons the employer reports hired into its vacancy without a referral (求才僱用).
    Refused beyond the persons still wanted; the vacancy is filled when none remain."""
    errors = _Errors()
    vacancy = _lock_vacancy(vacancy, version)
    on = _date(hired_on, "hired_on", errors, default=_today())
    if on and on < vacancy.posted_on:
        errors.add("hired_on", _("僱用日期不得早於職缺登記日期（%(date)s）。") % {
            "date": roc_date(vacancy.posted_on)})
    elif on and on > _today():
        errors.add("hired_on", _("僱用日期不得晚於今天。"))
    count = _whole(persons, "persons", errors, minimum=1, maximum=MAX_PERSONS_WANTED,
                   required_message=_("請填寫僱用人數。"),
                   invalid_message=_("僱用人數應為 1 以上的整數。"))
    if vacancy.status not in (VacancyStatus.OPEN, VacancyStatus.CLOSED):
        errors.add(NON_FIELD_ERRORS, _("此職缺目前為「%(status)s」，不能登錄僱用。") % {
            "status": vacancy.get_status_display()})
    elif count is not None:
        remaining = vacancy.persons_wanted - persons_hired(vacancy)
        if count > remaining:
            errors.add("persons", _(
                "僱用人數超過尚缺人數（需求 %(wanted)s 人，尚缺 %(left)s 人）。") % {
                "wanted": vacancy.persons_wanted, "left": max(remaining, 0)})
    errors.raise_if_any()
    hire = Hire.objects.create(vacancy=vacancy, persons=count, hired_on=on)
    _bump(vacancy)
    _fill_if_complete(vacancy)
    return hire
