from django.contrib import admin

from investdesk.publicity.models import Article, Batch, Engagement, Material


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ("title", "material_type", "unit")
    list_filter = ("unit", "material_type")
    search_fields = ("title",)


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("material", "batch_on", "printed_copies", "distributed_copies", "cost_yuan")
    list_filter = ("unit",)
    raw_id_fields = ("material", "created_by")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "channel", "published_on", "unit")
    list_filter = ("unit", "channel")
    search_fields = ("title", "url")
    raw_id_fields = ("staff", "created_by")


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("article", "taken_on", "views", "likes", "follows", "shares", "comments", "source")
    list_filter = ("unit", "source")
    raw_id_fields = ("article", "created_by")
