"""Every write of the cases module (STYLE.md habit 2), and what the portal may show.

A state change is one function with an explicit actor: it checks the step against
`models.TRANSITIONS` (statuses and roles), checks the step's own conditions, saves, writes
the `CaseEvent` and schedules notifications with `transaction.on_commit` — all in one
transaction. Data changes raise `ValidationError` keyed by field; refused steps raise
`Refused` with messages (`NotAllowed` when the actor's role may not take the step).

Portal-facing (stable): `create_case`, `rate_case`, `public_progress`, `Refused`.
"""

from investdesk.cases.services.common import (
    MAX_COMMENT,
    NotAllowed,
    Refused,
    available_transitions,
    directors_of,
    is_case_worker,
    may,
    membership_of,
    roles_of,
    staff_who_may_handle,
    update_settings,
)
from investdesk.cases.services.ratings import (
    close_rectification,
    give_default_rating,
    may_rectify,
    public_progress,
    rate_case,
    rating_window_end,
    record_rectification_followup,
    update_rectification,
)
from investdesk.cases.services.records import (
    CASE_FIELDS,
    assign_case,
    create_case,
    link_enterprise,
    next_number,
    set_mandate,
    update_case,
)
from investdesk.cases.services.steps import (
    PLAN_STATUSES,
    accept_case,
    archive_case,
    change_status,
    complete_case,
    pause_case,
    reject_case,
    resume_case,
    save_plan,
    start_case,
    terminate_case,
    visit_case,
)
from investdesk.cases.services.work import add_blocker, add_blocker_action, add_file, delete_file, resolve_blocker

__all__ = [
    "CASE_FIELDS",
    "MAX_COMMENT",
    "PLAN_STATUSES",
    "NotAllowed",
    "Refused",
    "accept_case",
    "add_blocker",
    "add_blocker_action",
    "add_file",
    "archive_case",
    "assign_case",
    "available_transitions",
    "change_status",
    "close_rectification",
    "complete_case",
    "create_case",
    "delete_file",
    "directors_of",
    "give_default_rating",
    "is_case_worker",
    "may",
    "membership_of",
    "link_enterprise",
    "may_rectify",
    "next_number",
    "pause_case",
    "public_progress",
    "rate_case",
    "rating_window_end",
    "record_rectification_followup",
    "reject_case",
    "resolve_blocker",
    "resume_case",
    "roles_of",
    "save_plan",
    "set_mandate",
    "staff_who_may_handle",
    "start_case",
    "terminate_case",
    "update_case",
    "update_rectification",
    "update_settings",
    "visit_case",
]
