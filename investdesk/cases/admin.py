"""The cases in Django's admin (superusers only): for looking up rows, not for the daily work —
status changes go through the case pages and their services."""

from django.contrib import admin

from investdesk.cases.models import (
    AgencyCase,
    Blocker,
    BlockerAction,
    CaseEvent,
    CaseFile,
    CaseSequence,
    PlanItem,
    Rating,
    Rectification,
)


class ReadOnlyStatus(admin.ModelAdmin):
    """Statuses and dates of steps change only through the services (they write the events)."""

    readonly_fields = ("status",)


@admin.register(AgencyCase)
class AgencyCaseAdmin(ReadOnlyStatus):
    list_display = ("number", "unit", "status", "channel", "scope", "enterprise_name", "agent", "applied_on")
    list_filter = ("unit", "status", "channel", "scope")
    search_fields = ("number", "enterprise_name", "project_name", "project_code", "requester_name")
    raw_id_fields = ("enterprise", "project", "agent", "created_by")
    filter_horizontal = ("co_agents",)
    readonly_fields = (
        "status",
        "number",
        "accepted_on",
        "started_on",
        "completed_on",
        "visited_on",
        "closed_on",
        "status_changed_on",
    )


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ("case", "approval_item", "promised_workdays")
    list_filter = ("unit",)
    raw_id_fields = ("case", "approval_item")


@admin.register(Blocker)
class BlockerAdmin(admin.ModelAdmin):
    list_display = ("case", "department", "raised_on", "resolved_on")
    list_filter = ("unit",)
    raw_id_fields = ("case", "plan_item", "created_by")


@admin.register(BlockerAction)
class BlockerActionAdmin(admin.ModelAdmin):
    list_display = ("blocker", "kind", "taken_on")
    list_filter = ("unit", "kind")
    raw_id_fields = ("blocker", "created_by")


@admin.register(CaseFile)
class CaseFileAdmin(admin.ModelAdmin):
    list_display = ("filename", "case", "kind", "size", "uploaded_at")
    list_filter = ("unit", "kind")
    raw_id_fields = ("case", "uploaded_by")


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "transition", "from_status", "to_status", "on", "at", "actor")
    list_filter = ("unit", "kind")
    raw_id_fields = ("case", "actor")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("case", "level", "source", "is_default", "rated_at")
    list_filter = ("unit", "level", "source", "is_default")
    raw_id_fields = ("case", "rated_by")


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyStatus):
    list_display = ("case", "status", "responsible", "due_on", "followed_up_on", "closed_on")
    list_filter = ("unit", "status")
    raw_id_fields = ("case", "rating", "responsible")


@admin.register(CaseSequence)
class CaseSequenceAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "last")
    readonly_fields = ("unit", "year", "last")
