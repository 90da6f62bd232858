from django.contrib import admin

from investdesk.budget.models import Adjustment, BudgetLine, Expenditure


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "unit", "initial_yuan", "position")
    list_filter = ("unit",)
    raw_id_fields = ("project",)


@admin.register(Adjustment)
class AdjustmentAdmin(admin.ModelAdmin):
    list_display = ("line", "adjusted_on", "amount_yuan", "reason")
    list_filter = ("unit",)
    raw_id_fields = ("line", "pair", "created_by")


@admin.register(Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    list_display = ("voucher_number", "spent_on", "project", "line", "kind", "amount_yuan", "payee")
    list_filter = ("unit", "kind", "category")
    search_fields = ("voucher_number", "payee")
    raw_id_fields = ("project", "line", "refund_of", "created_by")
