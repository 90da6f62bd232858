"""How the isolation test reaches the budget URLs with another unit's rows."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from investdesk.budget import services
from investdesk.budget.models import Adjustment, BudgetLine, Category, Expenditure, Kind
from investdesk.core.models import ImportUpload
from investdesk.performance.models import BudgetProject
from tests.isolation import Row


def project(unit, marker):
    found = BudgetProject.objects.for_unit(unit).filter(name=f"经费{marker}").first()
    if found:
        return found
    # 2021: the performance helper takes the unit's first 2022 project as its own (with a table).
    made = BudgetProject.objects.create(unit=unit, year=2021, name=f"经费{marker}", budget_yuan=Decimal("1000"))
    line = services.save_line(made, actor=None, fields={"name": f"科目{marker}", "initial_yuan": Decimal("1000")})
    other = services.save_line(made, actor=None, fields={"name": "会议费", "initial_yuan": Decimal("500")})
    services.add_adjustment(
        line,
        actor=None,
        counterpart=other,
        fields={"adjusted_on": date(2021, 5, 1), "amount_yuan": Decimal("10"), "reason": marker},
    )
    services.add_expenditure(
        made,
        actor=None,
        fields={
            "line": line,
            "kind": Kind.PAYMENT,
            "spent_on": date(2021, 3, 1),
            "amount_yuan": Decimal("10"),
            "category": Category.PRINTING,
            "payee": marker,
            "voucher_number": marker,
            "note": marker,
        },
    )
    return made


def line(unit, marker):
    return BudgetLine.objects.get(project=project(unit, marker), name=f"科目{marker}")


def adjustment(unit, marker):
    return Adjustment.objects.filter(line__project=project(unit, marker)).first()


def expenditure(unit, marker):
    found = Expenditure.objects.get(project=project(unit, marker))
    Expenditure.objects.filter(pk=found.pk).update(attachment="units/x/budget/secret.pdf", attachment_name=marker)
    return found


def upload(unit, marker):
    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return ImportUpload.objects.create(
        unit=unit,
        kind=f"budget.expenditures.{project(unit, marker).pk}",
        created_by=owner,
        filename=f"{marker}.xlsx",
        data=b"x",
    )


SPECS = {
    "budget:project": Row(project),
    "budget:line_create": Row(project),
    "budget:line_export": Row(project),
    "budget:line_import": Row(project),
    "budget:adjustment_create": Row(project),
    "budget:adjustment_export": Row(project),
    "budget:adjustment_import": Row(project),
    "budget:expenditure_create": Row(project),
    "budget:expenditure_export": Row(project),
    "budget:expenditure_import": Row(project),
    "budget:line_edit": Row(line),
    "budget:line_delete": Row(line),
    "budget:adjustment_delete": Row(adjustment),
    "budget:expenditure_edit": Row(expenditure),
    "budget:expenditure_delete": Row(expenditure),
    "budget:expenditure_file": Row(expenditure),
    "budget:import_preview": Row(upload),
}
