"""Permissions granted through a staff member's roles."""

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission


class RoleBackend(BaseBackend):
    """Grants the permissions of every Role on the user's StaffProfile (no authentication)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cache_name = "_role_perm_cache"
        if not hasattr(user_obj, cache_name):
            perms = Permission.objects.filter(
                role__staff__user=user_obj
            ).values_list("content_type__app_label", "codename")
            setattr(user_obj, cache_name, {f"{app}.{code}" for app, code in perms})
        return getattr(user_obj, cache_name)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
