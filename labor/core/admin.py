"""Django admin for reference data and staff set-up only.

Cases, persons and establishments are worked in the staff workspace, where services write
their events and every full view of a person is logged; the admin would bypass both.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from labor.core.models import (
    DatedSetting,
    District,
    Industry,
    OfficeCalendarDay,
    Role,
    StaffProfile,
    Unit,
)

admin.site.site_header = _("勞動局業務系統：參考資料管理")
admin.site.site_title = _("參考資料管理")
admin.site.index_title = _("參考資料")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "city", "code", "postal_code", "sort_order"]
    list_filter = ["city"]
    search_fields = ["name", "name_en", "code", "postal_code"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(DatedSetting)
class DatedSettingAdmin(SimpleHistoryAdmin):
    list_display = ["key", "city", "effective_from", "value", "unit", "certainty", "source"]
    list_filter = ["certainty", "city"]
    search_fields = ["key", "source"]
    date_hierarchy = "effective_from"


@admin.register(OfficeCalendarDay)
class OfficeCalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_rest_day", "remark"]
    list_filter = ["is_rest_day"]
    search_fields = ["remark"]
    date_hierarchy = "date"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    filter_horizontal = ["permissions"]


class StaffProfileInline(admin.StackedInline):
    """A staff member's unit and roles, edited with the user account."""

    model = StaffProfile
    can_delete = False
    filter_horizontal = ["roles"]
    autocomplete_fields = ["unit"]


User = get_user_model()


class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffProfileInline]
    list_display = [*UserAdmin.list_display, "staff_unit"]
    list_select_related = ["staff_profile__unit"]

    @admin.display(description=_("單位"))
    def staff_unit(self, user):
        profile = getattr(user, "staff_profile", None)
        return profile.unit if profile else "—"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
