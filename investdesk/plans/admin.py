from django.contrib import admin

from investdesk.plans.models import Milestone, MilestoneEvent, StudyTrip


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "quarter", "owner", "due_on", "status", "done_on")
    list_filter = ("unit", "status", "quarter")
    raw_id_fields = ("project", "owner", "created_by")


@admin.register(MilestoneEvent)
class MilestoneEventAdmin(admin.ModelAdmin):
    list_display = ("milestone", "from_status", "to_status", "at", "actor")
    list_filter = ("unit",)
    raw_id_fields = ("milestone", "actor")


@admin.register(StudyTrip)
class StudyTripAdmin(admin.ModelAdmin):
    list_display = ("destination", "start_on", "end_on", "unit")
    list_filter = ("unit",)
    raw_id_fields = ("participants", "expenditures", "created_by")
