"""Django admin for the inspection line's plans and registries only: annual targets, projects
and their target lists, coverage plans, confined spaces and health-staffing reports.
Inspections, findings and penalties are worked in the staff pages, where the services check
the rules and write the case events; construction sites too (the pages keep an inspection
from falling before its site's start), so the admin shows them read-only."""

from django.contrib import admin

from labor.inspections.models import (
    ConfinedSpace,
    ConstructionSite,
    CoveragePlan,
    HealthStaffingReport,
    InspectionPlan,
    InspectionProject,
)


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "target"]
    list_filter = ["year", "kind"]


@admin.register(InspectionProject)
class InspectionProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "source", "domain", "unit", "code"]
    list_filter = ["year", "source", "domain"]
    search_fields = ["name", "theme", "code"]
    raw_id_fields = ["targets"]


@admin.register(CoveragePlan)
class CoveragePlanAdmin(admin.ModelAdmin):
    list_display = ["name", "min_headcount", "max_headcount", "starts_on", "deadline"]


@admin.register(ConstructionSite)
class ConstructionSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "contractor", "grade", "starts_on", "ends_on", "public"]
    list_filter = ["grade", "public"]
    search_fields = ["name", "contractor__name", "contractor__ubn"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConfinedSpace)
class ConfinedSpaceAdmin(admin.ModelAdmin):
    list_display = ["establishment", "space_kind", "description", "registered_on"]
    list_filter = ["space_kind"]
    search_fields = ["establishment__name", "establishment__ubn", "description"]
    raw_id_fields = ["establishment", "site"]


@admin.register(HealthStaffingReport)
class HealthStaffingReportAdmin(admin.ModelAdmin):
    list_display = ["establishment", "reported_on", "special_hazard_workers", "nurses",
                    "physicians"]
    search_fields = ["establishment__name", "establishment__ubn"]
    raw_id_fields = ["establishment"]
    date_hierarchy = "reported_on"
