from django.contrib import admin

from investdesk.projects.models import (
    ApprovalItem,
    CatalogueItem,
    Department,
    FollowUp,
    InvestmentProject,
    ProjectEvent,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "aliases", "unit", "position")
    list_filter = ("unit",)
    search_fields = ("name", "aliases")


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "project_code", "unit", "enterprise", "status", "key_level")
    list_filter = ("unit", "status", "key_level", "approval_type")
    search_fields = ("name", "project_code", "name_initials")
    raw_id_fields = ("enterprise", "created_by")


@admin.register(ApprovalItem)
class ApprovalItemAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "stage", "status", "accepted_on", "completed_on")
    list_filter = ("unit", "stage", "status")
    raw_id_fields = ("project",)


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "stage", "department", "time_limit_workdays", "applies_to", "is_active")
    list_filter = ("unit", "stage", "is_active")


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("project", "followed_on", "staff")
    list_filter = ("unit",)
    raw_id_fields = ("project", "staff", "created_by")


@admin.register(ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "from_status", "to_status", "on", "at", "actor")
    list_filter = ("unit", "kind")
    raw_id_fields = ("project", "item", "actor")
