"""Every write of the budget ledger (STYLE.md habit 2): one function per change, explicit actor.

Each validates the whole row (a ValidationError names the field), saves in one transaction and
logs who did it; the field-level history is in the audit trail (core.audit).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from investdesk.budget.models import ZERO, Adjustment, BudgetLine, Expenditure, Kind, signed_sum
from investdesk.core.money import format_yuan
from investdesk.enterprises import files
from investdesk.performance.models import BudgetProject

log = logging.getLogger(__name__)

LINE_FIELDS = ("name", "initial_yuan", "position", "note")
ADJUSTMENT_FIELDS = ("adjusted_on", "amount_yuan", "reason")
EXPENDITURE_FIELDS = (
    "line",
    "kind",
    "spent_on",
    "amount_yuan",
    "category",
    "payee",
    "voucher_number",
    "note",
    "overspend_reason",
)


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check(instance) -> None:
    # The unit is set by the service from the parent row, never by input.
    instance.full_clean(exclude=["unit"])


# --- budget lines -------------------------------------------------------------------------------


@transaction.atomic
def save_line(project: BudgetProject, *, actor, fields: dict, line: BudgetLine | None = None) -> BudgetLine:
    line = line or BudgetLine(unit_id=project.unit_id, project=project)
    for name in LINE_FIELDS:
        if name in fields:
            setattr(line, name, fields[name].strip() if isinstance(fields[name], str) else fields[name])
    _check(line)
    _line_not_below_spending(line)
    line.save()
    log.info("budget line %s of project %s saved by %s", line.pk, project.pk, actor)
    return line


def _line_not_below_spending(line: BudgetLine) -> None:
    """A line's full-year budget never goes below zero (its adjustments are signed)."""
    if not line.pk:
        return
    adjusted = line.adjustments.aggregate(total=Sum("amount_yuan"))["total"] or ZERO
    if line.initial_yuan + adjusted < 0:
        raise ValidationError(
            {"initial_yuan": _("With its adjustments the line's full-year budget would be negative.")}
        )


@transaction.atomic
def delete_line(line: BudgetLine, *, actor) -> None:
    if line.expenditures.exists() or line.adjustments.exists():
        raise ValidationError(
            _("The line “%(name)s” has expenditures or adjustments and cannot be deleted.") % {"name": line.name}
        )
    log.info("budget line %s (%s) of project %s deleted by %s", line.pk, line.name, line.project_id, actor)
    line.delete()


# --- adjustments ---------------------------------------------------------------------------------


@transaction.atomic
def add_adjustment(line: BudgetLine, *, actor, fields: dict, counterpart: BudgetLine | None = None) -> Adjustment:
    """A change of the line's budget; with a counterpart line, a transfer: the opposite amount
    is booked on that line with the same date and reason, so the project's total is unchanged."""
    amount = Decimal(fields.get("amount_yuan") or 0)
    adjustment = checked_adjustment(line, actor=actor, fields=fields, amount=amount)
    if counterpart is None:
        adjustment.save()
    else:
        check_counterpart(line, counterpart)
        other = checked_adjustment(counterpart, actor=actor, fields=fields, amount=-amount)
        adjustment.save()
        other.pair = adjustment
        other.save()
        adjustment.pair = other
        adjustment.save(update_fields=["pair"])
    log.info("budget adjustment %s on line %s by %s", adjustment.pk, line.pk, actor)
    return adjustment


def check_counterpart(line: BudgetLine, counterpart: BudgetLine) -> None:
    if counterpart.pk == line.pk or counterpart.project_id != line.project_id:
        raise ValidationError({"counterpart": _("Choose another line of the same project.")})


def checked_adjustment(
    line: BudgetLine, *, actor, fields: dict, amount: Decimal, booked: Decimal | None = None
) -> Adjustment:
    """The unsaved adjustment `add_adjustment` saves, after its checks. `booked` is the sum of
    the line's adjustments when the caller knows it (an import adds its own earlier rows)."""
    adjustment = Adjustment(unit_id=line.unit_id, line=line, created_by=_actor(actor))
    for name in ADJUSTMENT_FIELDS:
        if name in fields:
            setattr(adjustment, name, fields[name])
    adjustment.amount_yuan = amount
    adjustment.reason = (adjustment.reason or "").strip()
    _check(adjustment)
    if booked is None:
        booked = line.adjustments.aggregate(total=Sum("amount_yuan"))["total"] or ZERO
    if line.initial_yuan + booked + amount < 0:
        raise ValidationError(
            {
                "amount_yuan": _("The line “%(name)s” has %(left)s yuan of budget; it cannot give more.")
                % {"name": line.name, "left": f"{line.initial_yuan + booked:.2f}"}
            }
        )
    return adjustment


@transaction.atomic
def delete_adjustment(adjustment: Adjustment, *, actor) -> None:
    """Deletes a transfer's other half too; refused when a line would be left negative."""
    halves = [adjustment] + ([adjustment.pair] if adjustment.pair_id else [])
    for half in halves:
        line = half.line
        adjusted = line.adjustments.aggregate(total=Sum("amount_yuan"))["total"] or ZERO
        if line.initial_yuan + adjusted - half.amount_yuan < 0:
            raise ValidationError(
                _("Without this adjustment the line “%(name)s” would have a negative budget.") % {"name": line.name}
            )
    Adjustment.objects.filter(pk__in=[h.pk for h in halves]).update(pair=None)
    for half in halves:
        log.info("budget adjustment %s on line %s deleted by %s", half.pk, half.line_id, actor)
        half.delete()


# --- expenditures -----------------------------------------------------------------------------------


def _read_upload(upload) -> tuple[bytes, callable]:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    return head, read_all


def check_upload(upload) -> None:
    """The shared attachment rules (enterprises/files.py): type, size, content that matches the name."""
    head, read_all = _read_upload(upload)
    try:
        files.check_attachment(upload.name, head, upload.size, read_all)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from None


def _apply_expenditure(expenditure: Expenditure, fields: dict, refund_of: Expenditure | None) -> None:
    for name in EXPENDITURE_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(expenditure, name, value.strip() if isinstance(value, str) else value)
    expenditure.refund_of = refund_of if expenditure.kind == Kind.REFUND else None
    if expenditure.spent_on:
        expenditure.year = expenditure.spent_on.year


def _store(expenditure: Expenditure, upload) -> str | None:
    """Save the file; return its stored name so a failed save can remove it again."""
    if upload is None:
        return None
    check_upload(upload)
    expenditure.attachment_name = upload.name[-255:]
    expenditure.attachment.save(upload.name, upload, save=False)
    return expenditure.attachment.name


def _save_with_file(expenditure: Expenditure, upload, old_file: str | None) -> None:
    stored = _store(expenditure, upload)
    try:
        expenditure.save()
    except Exception:
        if stored:
            expenditure.attachment.storage.delete(stored)
        raise
    if stored and old_file:
        _remove_file_after_commit(expenditure.attachment.storage, old_file)


def _remove_file_after_commit(storage, name: str) -> None:
    def remove() -> None:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove the replaced budget attachment %s", name)

    transaction.on_commit(remove)


# --- overspending ---------------------------------------------------------------------------------------


@dataclass
class Ledger:
    """A project's budget and spending in its year, per line and in all (full-year budgets)."""

    line_budget: dict[int, Decimal]
    line_spent: dict[int, Decimal] = field(default_factory=dict)

    @property
    def budget(self) -> Decimal:
        return sum(self.line_budget.values(), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum(self.line_spent.values(), ZERO)


def ledger(project: BudgetProject, *, excluding: Expenditure | None = None) -> Ledger:
    """Three grouped queries; `excluding` leaves out the row being edited (its new amount is added by the caller)."""
    initial = dict(BudgetLine.objects.filter(project=project).values_list("pk", "initial_yuan"))
    adjusted = dict(
        Adjustment.objects.filter(line__project=project)
        .values_list("line_id")
        .annotate(total=Sum("amount_yuan"))
        .order_by()
    )
    rows = Expenditure.objects.filter(project=project, year=project.year)
    if excluding is not None and excluding.pk:
        rows = rows.exclude(pk=excluding.pk)
    spent = dict(rows.values_list("line_id").annotate(total=signed_sum()).order_by())
    found = Ledger({pk: amount + adjusted.get(pk, ZERO) for pk, amount in initial.items()})
    found.line_spent = {pk: spent.get(pk, ZERO) for pk in initial}
    return found


def counted(expenditure: Expenditure) -> Decimal:
    """What the row adds to its project's spending: a refund counts negative, another year nothing."""
    if not expenditure.spent_on or expenditure.amount_yuan is None:
        return ZERO
    return expenditure.signed_yuan if expenditure.spent_on.year == expenditure.project.year else ZERO


def overspending(expenditure: Expenditure, found: Ledger) -> list[str]:
    """Warnings when the row takes its line or the project above the budget (`found` without the row).

    Only a payment counted in the budget year can overspend; a refund never does."""
    amount = counted(expenditure)
    if amount <= 0:
        return []
    warnings = []
    line_budget = found.line_budget.get(expenditure.line_id, ZERO)
    line_spent = found.line_spent.get(expenditure.line_id, ZERO) + amount
    if line_spent > line_budget:
        warnings.append(
            _("The budget line “%(name)s” would be overspent: budget %(budget)s, spent %(spent)s, %(over)s over.")
            % {
                "name": expenditure.line.name,
                "budget": format_yuan(line_budget),
                "spent": format_yuan(line_spent),
                "over": format_yuan(line_spent - line_budget),
            }
        )
    spent = found.spent + amount
    if spent > found.budget:
        warnings.append(
            _("The project would be overspent: budget %(budget)s, spent %(spent)s, %(over)s over.")
            % {
                "budget": format_yuan(found.budget),
                "spent": format_yuan(spent),
                "over": format_yuan(spent - found.budget),
            }
        )
    return warnings


def _check_overspending(expenditure: Expenditure) -> None:
    """An overspending payment saves only with its reason; one that does not overspend keeps none."""
    warnings = overspending(expenditure, ledger(expenditure.project, excluding=expenditure))
    expenditure.overspend_reason = (expenditure.overspend_reason or "").strip()
    if not warnings:
        expenditure.overspend_reason = ""
    elif not expenditure.overspend_reason:
        raise ValidationError({"overspend_reason": [*warnings, _("Write the reason for overspending to save it.")]})


@transaction.atomic
def add_expenditure(
    project: BudgetProject, *, actor, fields: dict, refund_of: Expenditure | None = None, upload=None
) -> Expenditure:
    expenditure = Expenditure(unit_id=project.unit_id, project=project, created_by=_actor(actor))
    _apply_expenditure(expenditure, fields, refund_of)
    _check(expenditure)
    _check_overspending(expenditure)
    _save_with_file(expenditure, upload, None)
    log.info("expenditure %s (%s) of project %s booked by %s", expenditure.pk, expenditure, project.pk, actor)
    return expenditure


@transaction.atomic
def update_expenditure(
    expenditure: Expenditure,
    *,
    actor,
    fields: dict,
    refund_of: Expenditure | None = None,
    upload=None,
    remove_attachment: bool = False,
) -> Expenditure:
    old_file = expenditure.attachment.name or None
    _apply_expenditure(expenditure, fields, refund_of)
    if expenditure.refunds.exists() and (expenditure.kind != Kind.PAYMENT or _refunded_too_much(expenditure)):
        raise ValidationError({"amount_yuan": _("Its refunds would exceed this payment.")})
    _check(expenditure)
    _check_overspending(expenditure)
    if remove_attachment and upload is None and old_file:
        expenditure.attachment, expenditure.attachment_name = "", ""
        _remove_file_after_commit(Expenditure.attachment.field.storage, old_file)
    _save_with_file(expenditure, upload, old_file)
    log.info("expenditure %s of project %s changed by %s", expenditure.pk, expenditure.project_id, actor)
    return expenditure


@transaction.atomic
def book_checked(expenditures: list[Expenditure], *, actor) -> None:
    """Save rows an import has just checked row by row (the whole row, its voucher, its refund);
    the constraints catch a voucher booked by someone else in between, and the import rolls back."""
    vouchers = Counter((e.year, e.voucher_number) for e in expenditures)
    if any(n > 1 for n in vouchers.values()):
        raise ValidationError(_("The voucher number appears more than once in the file."))
    for expenditure in expenditures:
        expenditure.created_by = _actor(actor)
        expenditure.save()


def _refunded_too_much(expenditure: Expenditure) -> bool:
    refunded = expenditure.refunds.aggregate(total=Sum("amount_yuan"))["total"] or ZERO
    return refunded > (expenditure.amount_yuan or ZERO)


@transaction.atomic
def delete_expenditure(expenditure: Expenditure, *, actor) -> None:
    if expenditure.refunds.exists():
        raise ValidationError(
            _("The payment %(number)s has refunds: delete them first.") % {"number": expenditure.voucher_number}
        )
    name = expenditure.attachment.name
    log.info(
        "expenditure %s (%s) of project %s deleted by %s", expenditure.pk, expenditure, expenditure.project_id, actor
    )
    expenditure.delete()
    if name:
        _remove_file_after_commit(Expenditure.attachment.field.storage, name)


def find_payment(project: BudgetProject, voucher: str, year: int | None = None) -> Expenditure | None:
    """The payment a refund names by its voucher number (the latest year first)."""
    found = Expenditure.objects.filter(project=project, kind=Kind.PAYMENT, voucher_number=voucher.strip())
    if year is not None:
        found = found.filter(year=year)
    return found.order_by("-year").first()
