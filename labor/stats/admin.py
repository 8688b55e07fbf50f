"""Report runs in the Django admin: read only. Runs are made, approved and published through
labor/stats/runs.py (the workspace), which enforces maker-checker and immutability."""

from django.contrib import admin

from labor.stats.models import FigureSnapshot, ReportRun


class FigureSnapshotInline(admin.TabularInline):
    model = FigureSnapshot
    fields = ["code", "label", "unit", "value", "numerator", "denominator",
              "definition_version", "record_model", "records_truncated"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = ["period", "status", "cut_off", "created_by", "approved_by", "published_at"]
    list_filter = ["status", "period"]
    search_fields = ["period", "note"]
    readonly_fields = ["period", "status", "created_at", "cut_off", "created_by", "approved_by",
                       "approved_at", "published_by", "published_at", "note"]
    inlines = [FigureSnapshotInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
