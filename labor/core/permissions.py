"""Who may enter the staff workspace and which records they may open.

Model permissions (a role's actions on a line of service) come from labor.core.auth; the
object-level rules here decide, for one record, whether a staff member may see it. Views,
the API and search all ask these functions, so the rule is written once.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _

from labor.core.models import Case

VIEW_PERSON_FULL = "core.view_person_full"
# Sees every case of every line (auditors, the bureau's management).
VIEW_ALL_CASES = "core.view_case"


def staff_profile(user):
    """The user's StaffProfile, or None (superusers and integration accounts may have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_profile
    except ObjectDoesNotExist:
        return None


def is_workspace_user(user) -> bool:
    """Bureau staff: a staff profile, Django's staff flag, or a superuser.

    Public accounts of the online services, when they come, have none of these, so being
    logged in alone never opens the workspace.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or staff_profile(user) is not None


def workspace_view(view):
    """Login required (redirect to the login page), then bureau staff only (403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_workspace_user(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def forbidden(request, message: str = ""):
    """A 403 page in the workspace's look, saying why in zh-Hant."""
    return render(
        request, "core/403.html",
        {"message": message or _("您沒有檢視此頁面的權限。如需權限，請洽單位主管或系統管理者。")},
        status=403,
    )


def can_view_person_full(user) -> bool:
    """The full record of a person (unmasked ID, contact details) needs its own permission."""
    return is_workspace_user(user) and user.has_perm(VIEW_PERSON_FULL)


def unit_lines(user) -> list[str]:
    profile = staff_profile(user)
    if profile is None:
        return []
    return list(profile.unit.lines or [])


def visible_cases(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases a staff member may open: their own, their unit's, and their unit's lines.

    Superusers and holders of core.view_case see all of them.
    """
    queryset = Case.objects.all() if queryset is None else queryset
    if not is_workspace_user(user):
        return queryset.none()
    if user.is_superuser or user.has_perm(VIEW_ALL_CASES):
        return queryset
    rule = Q(assigned_officer=user)
    profile = staff_profile(user)
    if profile is not None:
        rule |= Q(unit_id=profile.unit_id)
        if lines := unit_lines(user):
            rule |= Q(line__in=lines)
    return queryset.filter(rule)


def can_view_case(user, case: Case) -> bool:
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()
