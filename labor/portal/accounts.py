"""Accounts of the online services: citizens (民眾帳號) and employers (事業單位帳號).

A citizen account is a plain Django User whose username is the e-mail address (lower-cased)
and which has no StaffProfile, no staff flag and no superuser flag, so the staff workspace
refuses it (labor.core.permissions.is_workspace_user). Log-in uses the staff workspace's
lockout service (labor.core.login) through labor.portal.forms.CitizenLoginForm.

Employer accounts (事業單位帳號) are the same kind of User with an EmployerAccount row naming
the establishment they file for (labor.portal.models explains what such an account may see);
they log in on the same form with the same lockout.

The optional national ID given at sign-up is checked but not stored on the account: the
User table has no place for it and the portal keeps no personal IDs (see
``citizen_signup``). The online application form asks for it again, prefilled.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from labor.core import identifiers
from labor.core.permissions import is_workspace_user
from labor.core.validators import validate_national_id


def normalise_email(email: str) -> str:
    """E-mail addresses are the username: stripped and case-folded, so that "Amy@Example.tw"
    and "amy@example.tw" are one account (and one lockout counter, see core.login)."""
    return (email or "").strip().lower()


def is_citizen(user) -> bool:
    """A logged-in, active account of the public (not a staff member)."""
    return (
        getattr(user, "is_authenticated", False) and user.is_active
        and not is_workspace_user(user)
    )


@transaction.atomic
def citizen_signup(*, email: str, name: str, password: str, national_id: str = ""):
    """Create a citizen account; returns ``(user, national_id)`` with the ID compacted.

    Refuses (ValidationError keyed by field, zh-Hant): an e-mail already registered, an empty
    name, a password that fails settings.AUTH_PASSWORD_VALIDATORS, an invalid national ID.
    """
    user_model = get_user_model()
    email = normalise_email(email)
    name = (name or "").strip()
    errors: dict[str, list] = {}
    if not email:
        errors["email"] = [_("請填寫電子郵件。")]
    elif user_model.objects.filter(username__iexact=email).exists():
        errors["email"] = [_("此電子郵件已註冊，請直接登入。")]
    if not name:
        errors["name"] = [_("請填寫姓名。")]
    national_id = identifiers.compact(national_id) if national_id else ""
    if national_id:
        try:
            validate_national_id(national_id)
        except ValidationError as exc:
            errors["national_id"] = exc.messages
    try:
        # The validators compare the password with the account's own e-mail and name.
        validate_password(password, user_model(username=email, email=email, first_name=name))
    except ValidationError as exc:
        errors["password1"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # The full name goes into first_name with an empty last_name: the workspace
            # shows users as last_name + first_name (family name first, no space).
            user = user_model.objects.create_user(
                username=email, email=email, password=password, first_name=name[:150]
            )
    except IntegrityError:
        # Two sign-ups with one address at the same moment: the unique username decides.
        raise ValidationError({"email": [_("此電子郵件已註冊，請直接登入。")]}) from None
    return user, national_id


# ---------------------------------------------------------------- employer accounts


def employer_account(user):
    """The user's EmployerAccount (with its establishment), or None: a citizen account, a
    staff account and an anonymous visitor have none."""
    from labor.portal.models import EmployerAccount

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if is_workspace_user(user):
        return None
    return (EmployerAccount.objects.select_related("establishment", "establishment__district")
            .filter(user=user).first())


def is_employer(user) -> bool:
    """A logged-in, active public account that files for an establishment."""
    return employer_account(user) is not None


def registered_establishment(ubn: str, *, on=None):
    """The establishment with 統一編號 ``ubn``, open on ``on`` (today), for an employer account.

    Raises ValidationError (zh-Hant, on "ubn"): empty, malformed (check digit, by the rule in
    force on the day), not in the bureau's registry, or closed.
    """
    from django.utils import timezone

    from labor.core.models import Establishment

    on = on or timezone.localdate()
    value = identifiers.compact(ubn or "")
    if not value:
        raise ValidationError({"ubn": [_("請填寫統一編號。")]})
    if not identifiers.is_valid_ubn(value, on=on):
        raise ValidationError({"ubn": [
            _("統一編號「%(value)s」格式或檢查碼不正確，應為 8 位數字。") % {"value": value}]})
    establishment = Establishment.objects.filter(ubn=value).first()
    if establishment is None:
        raise ValidationError({"ubn": [_(
            "本局事業單位資料查無統一編號「%(value)s」。請確認號碼；新設立的事業單位請洽本局"
            "登錄資料後再註冊。") % {"value": value}]})
    if establishment.closed_on is not None and establishment.closed_on <= on:
        raise ValidationError({"ubn": [_("此事業單位已於本局資料登記歇業，無法註冊通報帳號。")]})
    return establishment


@transaction.atomic
def employer_signup(*, email: str, name: str, password: str, ubn: str, phone: str):
    """Create an employer account; returns ``(user, account)``.

    The 統一編號 must be valid and in the registry (``registered_establishment``); the
    contact's name and phone are required. The account proves nothing about the person's
    right to act for the company (no 工商憑證): it sees only its own filings (see
    labor.portal.models). Refuses, keyed by field: as ``citizen_signup``, plus "ubn" and
    "phone".
    """
    from labor.portal.models import EmployerAccount

    user_model = get_user_model()
    email = normalise_email(email)
    name = (name or "").strip()
    phone = (phone or "").strip()
    errors: dict[str, list] = {}
    if not email:
        errors["email"] = [_("請填寫電子郵件。")]
    elif user_model.objects.filter(username__iexact=email).exists():
        errors["email"] = [_("此電子郵件已註冊，請直接登入。")]
    if not name:
        errors["name"] = [_("請填寫聯絡人姓名。")]
    if not phone:
        errors["phone"] = [_("請填寫聯絡電話。")]
    establishment = None
    try:
        establishment = registered_establishment(ubn)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        validate_password(password, user_model(username=email, email=email, first_name=name))
    except ValidationError as exc:
        errors["password1"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(
                username=email, email=email, password=password, first_name=name[:150]
            )
    except IntegrityError:
        raise ValidationError({"email": [_("此電子郵件已註冊，請直接登入。")]}) from None
    account = EmployerAccount.objects.create(
        user=user, establishment=establishment, contact_name=name[:100], phone=phone[:32],
    )
    return user, account
