"""Citizen accounts of the online services (民眾帳號).

A citizen account is a plain Django User whose username is the e-mail address (lower-cased)
and which has no StaffProfile, no staff flag and no superuser flag, so the staff workspace
refuses it (labor.core.permissions.is_workspace_user). Log-in uses the staff workspace's
lockout service (labor.core.login) through labor.portal.forms.CitizenLoginForm.

The optional national ID given at sign-up is checked but not stored on the account: the
User table has no place for it and the portal has no table of its own yet (see
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
