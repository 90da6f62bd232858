"""The one permission map: what each role may do. Every view checks against it."""

from __future__ import annotations

from investdesk.accounts.models import Role

# Permissions are "<area>.<action>". "view" is reading anything of one's own unit.
VIEW = "view"
AUDIT_VIEW = "audit.view"
UNIT_MANAGE = "unit.manage"
PERFORMANCE_EDIT = "performance.edit"
PERFORMANCE_APPROVE = "performance.approve"
LEDGER_EDIT = "ledger.edit"
BUDGET_EDIT = "budget.edit"
PERSONAL_DATA_VIEW = "personal_data.view"
REFERENCE_MANAGE = "reference.manage"  # the unit's reference lists (streets and parks, catalogues)

ALL_PERMISSIONS = frozenset(
    {
        VIEW,
        AUDIT_VIEW,
        UNIT_MANAGE,
        PERFORMANCE_EDIT,
        PERFORMANCE_APPROVE,
        LEDGER_EDIT,
        BUDGET_EDIT,
        PERSONAL_DATA_VIEW,
        REFERENCE_MANAGE,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.DIRECTOR: frozenset(
        {
            VIEW,
            AUDIT_VIEW,
            PERFORMANCE_EDIT,
            PERFORMANCE_APPROVE,
            LEDGER_EDIT,
            BUDGET_EDIT,
            PERSONAL_DATA_VIEW,
            REFERENCE_MANAGE,
        }
    ),
    Role.AGENT: frozenset({VIEW, LEDGER_EDIT, PERSONAL_DATA_VIEW}),
    Role.FINANCE: frozenset({VIEW, PERFORMANCE_EDIT, BUDGET_EDIT}),
    Role.VIEWER: frozenset({VIEW}),
    Role.ADMIN: frozenset({VIEW, AUDIT_VIEW, UNIT_MANAGE, PERSONAL_DATA_VIEW, REFERENCE_MANAGE}),
}


def role_can(role: str, permission: str) -> bool:
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
