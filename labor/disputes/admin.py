"""Django admin for the dispute line's rosters only: mediators (with their conflicts of
interest) and lawyer consultation slots. Cases are worked in the staff workspace, where the
services write their events; the admin would bypass them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from labor.disputes.models import LawyerSlot, Mediator, MediatorConflict


class MediatorConflictInline(admin.TabularInline):
    """Parties a mediator may not mediate for (e.g. was their representative)."""

    model = MediatorConflict
    extra = 0
    raw_id_fields = ["establishment", "person"]
    verbose_name = _("利益衝突")
    verbose_name_plural = _("利益衝突")


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "max_open_cases", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "organisation", "email"]
    raw_id_fields = ["user"]
    inlines = [MediatorConflictInline]


@admin.register(LawyerSlot)
class LawyerSlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "lawyer_name", "location", "capacity"]
    search_fields = ["lawyer_name", "location"]
    date_hierarchy = "starts_at"
