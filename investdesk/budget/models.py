"""The budget ledger of a performance project (经费): budget lines, adjustments and expenditures.

RULES.md §1: 预算执行率 = 全年执行数 ÷ 全年预算数. A line's 年初预算数 is typed once; every change
of the budget during the year is an `Adjustment` (dated, signed, with its reason), so the
line's 全年预算数 is its initial amount plus the adjustments dated up to the day asked about.
Spending is the sum of the `Expenditure` rows dated in the project's year; a refund (退回) is an
expenditure row of kind "refund" that reverses part of an earlier payment — it lowers the
spending, never the budget (an adjustment is a decision about the budget, a refund is not).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from investdesk.core.models import UnitScopedModel
from investdesk.performance.models import BudgetProject

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class BudgetLine(UnitScopedModel):
    """One line of a project's budget (印刷费, 差旅费, 会议费…) with its 年初预算数."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("budget project")
    )
    name = models.CharField(_("budget line"), max_length=100)
    initial_yuan = models.DecimalField(
        _("initial budget (yuan)"), validators=[MinValueValidator(0)], default=ZERO, **MONEY
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="budget_line_project_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.project_id and self.unit_id and self.project.unit_id != self.unit_id:
            raise ValidationError({"project": _("Choose a project of this unit.")})
        if self.project_id and self.name:
            same = BudgetLine.objects.filter(project_id=self.project_id, name=self.name.strip()).exclude(pk=self.pk)
            if same.exists():
                raise ValidationError({"name": _("The project already has a line of this name.")})


class Adjustment(UnitScopedModel):
    """A change of a line's budget during the year (预算调整): + adds, − takes away; the reason is required."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="adjustments", verbose_name=_("budget line")
    )
    adjusted_on = models.DateField(_("adjustment date"))
    amount_yuan = models.DecimalField(_("amount (yuan, + or −)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=300)
    # Both halves of a transfer between two lines point at each other, so they are shown and
    # deleted together and the project's total stays the same.
    pair = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("other half")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["adjusted_on", "pk"]
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        indexes = [models.Index(fields=["line", "adjusted_on"], name="budget_adjustment_line_date")]

    def __str__(self) -> str:
        return f"{self.adjusted_on} {self.line} {self.amount_yuan:+}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.amount_yuan is not None and self.amount_yuan == 0:
            errors.setdefault("amount_yuan", []).append(_("An adjustment of 0 changes nothing."))
        if not (self.reason or "").strip():
            errors.setdefault("reason", []).append(_("Give the reason for the adjustment."))
        if self.adjusted_on and self.line_id:
            year = self.line.project.year
            if self.adjusted_on.year != year:
                errors.setdefault("adjusted_on", []).append(
                    _("The adjustment must be dated in the budget year %(year)s.") % {"year": year}
                )
        if errors:
            raise ValidationError(errors)


class Kind(models.TextChoices):
    PAYMENT = "payment", _("payment")
    REFUND = "refund", _("refund")


class Category(models.TextChoices):
    """政府支出经济分类 (商品和服务支出, 302xx) — how the finance bureau classifies a payment."""

    OFFICE = "30201", _("30201 office expenses")
    PRINTING = "30202", _("30202 printing")
    CONSULTING = "30203", _("30203 consulting")
    FEES = "30204", _("30204 handling fees")
    POST = "30207", _("30207 post and telecommunications")
    PROPERTY = "30209", _("30209 property management")
    TRAVEL = "30211", _("30211 travel")
    MAINTENANCE = "30213", _("30213 maintenance")
    RENTAL = "30214", _("30214 rental")
    MEETING = "30215", _("30215 meetings")
    TRAINING = "30216", _("30216 training")
    RECEPTION = "30217", _("30217 official reception")
    MATERIALS = "30218", _("30218 special materials")
    LABOUR = "30226", _("30226 labour services")
    COMMISSIONED = "30227", _("30227 commissioned services")
    VEHICLE = "30231", _("30231 official vehicles")
    TRANSPORT = "30239", _("30239 other transport")
    OTHER = "30299", _("30299 other goods and services")


def attachment_path(instance: Expenditure, filename: str) -> str:
    """Under MEDIA_ROOT (outside the web root); a random name, the original one is kept in the row."""
    return f"units/{instance.unit_id}/budget/{uuid4().hex}{Path(filename).suffix.lower()}"


class Expenditure(UnitScopedModel):
    """One booked payment (or refund) of a budget line, with its voucher (记账凭证号)."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("budget project")
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("budget line")
    )
    kind = models.CharField(_("payment or refund"), max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    spent_on = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)  # of spent_on: vouchers restart each year
    amount_yuan = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    category = models.CharField(_("economic category"), max_length=8, choices=Category.choices)
    payee = models.CharField(_("payee"), max_length=200)
    voucher_number = models.CharField(_("voucher number"), max_length=40)
    refund_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("refund of"),
    )
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, max_length=300, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Required when the payment takes its line or the project above the budget (services.overspending).
    overspend_reason = models.TextField(_("reason for overspending"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "voucher_number"], name="budget_voucher_unit_year"),
            models.CheckConstraint(condition=Q(amount_yuan__gt=0), name="budget_expenditure_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["project", "spent_on"], name="budget_exp_project_date"),
            models.Index(fields=["project", "line", "spent_on"], name="budget_exp_project_line"),
            models.Index(fields=["project", "category", "spent_on"], name="budget_exp_project_category"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.spent_on} {self.amount_yuan}"

    @property
    def signed_yuan(self) -> Decimal:
        return -self.amount_yuan if self.kind == Kind.REFUND else self.amount_yuan

    @property
    def in_budget_year(self) -> bool:
        return self.spent_on.year == self.project.year

    def save(self, *args, **kwargs):
        if self.spent_on:
            self.year = self.spent_on.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        self._check_line(errors)
        self._check_date(errors)
        self._check_voucher(errors)
        self._check_refund(errors)
        if errors:
            raise ValidationError(errors)

    def _check_line(self, errors: dict) -> None:
        if self.line_id and self.project_id and self.line.project_id != self.project_id:
            errors.setdefault("line", []).append(_("Choose a line of this project."))

    def _check_date(self, errors: dict) -> None:
        if not self.spent_on or not self.project_id:
            return
        if self.spent_on > timezone.localdate():
            errors.setdefault("spent_on", []).append(_("The date is in the future."))
        elif self.spent_on.year < self.project.year:
            errors.setdefault("spent_on", []).append(
                _("The date is before the budget year %(year)s.") % {"year": self.project.year}
            )

    def _check_voucher(self, errors: dict) -> None:
        self.voucher_number = (self.voucher_number or "").strip()
        if not self.voucher_number or not self.spent_on:
            return
        same = Expenditure.objects.filter(
            unit_id=self.unit_id, year=self.spent_on.year, voucher_number=self.voucher_number
        ).exclude(pk=self.pk)
        if same.exists():
            errors.setdefault("voucher_number", []).append(
                _("The voucher number %(number)s is already used in %(year)s.")
                % {"number": self.voucher_number, "year": self.spent_on.year}
            )

    def _check_refund(self, errors: dict) -> None:
        if self.kind != Kind.REFUND:
            if self.refund_of_id:
                errors.setdefault("refund_of", []).append(_("Only a refund refers to an earlier payment."))
            return
        original = self.refund_of
        if original is None:
            errors.setdefault("refund_of", []).append(_("Name the payment this refund reverses."))
            return
        if original.kind != Kind.PAYMENT or original.line_id != self.line_id or original.pk == self.pk:
            errors.setdefault("refund_of", []).append(_("A refund reverses a payment of the same budget line."))
            return
        if self.spent_on and self.spent_on < original.spent_on:
            errors.setdefault("spent_on", []).append(_("A refund cannot be dated before its payment."))
        refunded = original.refunds.exclude(pk=self.pk).aggregate(total=Sum("amount_yuan"))["total"] or ZERO
        if self.amount_yuan is not None and refunded + self.amount_yuan > original.amount_yuan:
            errors.setdefault("amount_yuan", []).append(
                _("Refunds would exceed the payment of %(amount)s yuan.") % {"amount": f"{original.amount_yuan:.2f}"}
            )


def signed_sum(field_prefix: str = "") -> Coalesce:
    """Σ of the signed amounts — a refund counts negative — and 0 when there is no row."""
    amount = F(f"{field_prefix}amount_yuan")
    expression = Case(When(**{f"{field_prefix}kind": Kind.REFUND}, then=-amount), default=amount)
    return Coalesce(Sum(expression), ZERO, output_field=models.DecimalField(**MONEY))
