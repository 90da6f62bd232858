from django.contrib import admin

from investdesk.outreach.models import Appeal, AppealEvent, Consultation, Visit


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "enterprise", "unit", "purposes", "project")
    list_filter = ("unit",)
    raw_id_fields = ("enterprise", "project", "created_by")
    filter_horizontal = ("staff",)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("consulted_at", "channel", "topic", "enterprise", "project", "staff")
    list_filter = ("unit", "channel")
    raw_id_fields = ("enterprise", "project", "staff", "created_by")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("title", "enterprise", "unit", "raised_on", "status", "due_on", "department")
    list_filter = ("unit", "status", "category", "source")
    search_fields = ("title", "department", "reference")
    raw_id_fields = ("enterprise", "visit", "consultation", "handler", "created_by")


@admin.register(AppealEvent)
class AppealEventAdmin(admin.ModelAdmin):
    list_display = ("appeal", "kind", "action", "from_status", "to_status", "on", "at", "actor")
    list_filter = ("unit", "kind")
    raw_id_fields = ("appeal", "actor")
