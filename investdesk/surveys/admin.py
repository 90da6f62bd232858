from django.contrib import admin

from investdesk.surveys.models import Channel, InviteToken, Question, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "kind", "text", "required", "counts_for_rate")
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "year", "audience", "status", "opens_on", "closes_on")
    list_filter = ("unit", "year", "audience", "status")
    search_fields = ("title", "slug")
    inlines = [QuestionInline]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "unit", "position", "is_active")
    list_filter = ("unit", "is_active")


@admin.register(InviteToken)
class InviteTokenAdmin(admin.ModelAdmin):
    list_display = ("token", "survey", "label", "used")
    list_filter = ("unit", "used")
    raw_id_fields = ("survey",)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: answers are the respondents' and change through nobody."""

    list_display = ("survey", "answered_on", "channel", "audience")
    list_filter = ("unit", "audience", "answered_on")
    raw_id_fields = ("survey", "channel", "token")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
