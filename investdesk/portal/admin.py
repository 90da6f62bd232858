from django.contrib import admin

from investdesk.portal.models import LookupFailure, PortalAttachment, PortalRequest, RequestEvent


class AttachmentInline(admin.TabularInline):
    model = PortalAttachment
    extra = 0
    readonly_fields = ("filename", "size", "uploaded_at")
    fields = ("filename", "size", "uploaded_at")


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ("kind", "at", "actor", "note")


@admin.register(PortalRequest)
class PortalRequestAdmin(admin.ModelAdmin):
    list_display = ("tracking_number", "enterprise_name", "project_name", "status", "submitted_at", "unit")
    list_filter = ("unit", "status")
    search_fields = ("tracking_number", "enterprise_name", "project_name", "uscc", "contact_name")
    readonly_fields = ("tracking_number", "submitted_at", "client_ip", "user_agent")
    raw_id_fields = ("case", "duplicate_of", "handled_by")
    inlines = [AttachmentInline, EventInline]


@admin.register(LookupFailure)
class LookupFailureAdmin(admin.ModelAdmin):
    list_display = ("client_ip", "at", "unit")
    list_filter = ("unit",)
