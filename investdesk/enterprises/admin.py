from django.contrib import admin

from investdesk.enterprises.models import Area, Attachment, Contact, Enterprise, ServicePlanItem, Tag


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class PlanItemInline(admin.TabularInline):
    model = ServicePlanItem
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "unit", "origin", "is_key", "key_level", "area", "status")
    list_filter = ("unit", "origin", "is_key", "key_level", "status")
    search_fields = ("name", "former_names", "uscc", "name_initials")
    raw_id_fields = ("liaison_leader", "service_officer")
    inlines = [ContactInline, PlanItemInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "position", "unit")
    list_filter = ("unit", "kind")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "unit")
    list_filter = ("unit",)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("filename", "enterprise", "size", "uploaded_at", "unit")
    list_filter = ("unit",)
