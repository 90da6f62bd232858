"""The print view of an enterprise's archive page (一企一档, /enterprises/<id>/print/): one A4 sheet
with the record's fields, its contacts, its service plan, what other apps list on the page (its
projects, cases, visits…), the file names and the whole timeline.

Same entry as the enterprise page: any role of the unit may read it; phones are masked unless
the role may see personal data.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from investdesk.accounts.access import can, get_for_unit, unit_view
from investdesk.accounts.permissions import PERSONAL_DATA_VIEW
from investdesk.enterprises import queries, sections
from investdesk.enterprises.timeline import entries_for

# The printed timeline goes further back than the page's: it is the paper file.
TIMELINE_LIMIT = 500


@unit_view()
def enterprise_print(request, pk: int):
    enterprise = get_for_unit(queries.base_queryset(request.unit), request, pk=pk)
    today = timezone.localdate()
    plan_items = list(enterprise.plan_items.select_related("owner"))
    context = {
        "unit": request.unit,
        "enterprise": enterprise,
        "contacts": enterprise.contacts.all(),
        "attachments": enterprise.attachments.all(),
        "plan_items": [(item, item.is_overdue(today)) for item in plan_items],
        "sections": sections.render_sections(request, enterprise),
        "timeline": entries_for(enterprise, limit=TIMELINE_LIMIT),
        "show_phones": can(request, PERSONAL_DATA_VIEW),
        "printed_at": timezone.localtime(),
        "printed_by": request.user.get_full_name() or request.user.username,
    }
    return render(request, "enterprises/print.html", context)
