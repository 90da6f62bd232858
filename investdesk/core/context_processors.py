from django.conf import settings

from investdesk.core import navigation
from investdesk.core.notify import unread_count


def shell(request):
    """What the base layout needs: the current unit, role, memberships and the menu."""
    context = getattr(request, "unit_context", None)
    membership = context.current if context is not None else None
    return {
        "current_membership": membership,
        "current_unit": membership.unit if membership else None,
        "memberships": context.memberships if context is not None else [],
        "nav_main": navigation.items_for(membership, "main", request.path),
        "nav_manage": navigation.items_for(membership, "manage"),
        "unit_perms": membership.permissions if membership else frozenset(),
        "unread_notifications": unread_count(request.user, membership.unit) if membership else 0,
        "debug_banner": settings.DEBUG,
    }
