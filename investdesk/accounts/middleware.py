"""Resolve the unit a signed-in user is working in, once per request."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

SESSION_UNIT_KEY = "investdesk_unit_id"


class _UnitContext:
    """The user's active memberships and the current one (chosen in the session)."""

    def __init__(self, request):
        from investdesk.accounts.models import Membership

        self.memberships = []
        self.current = None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        self.memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("unit").order_by("unit__name")
        )
        wanted = request.session.get(SESSION_UNIT_KEY)
        for membership in self.memberships:
            if membership.unit_id == wanted:
                self.current = membership
                break
        else:
            # Without a choice in the session, the unit the user joined first.
            self.current = min(self.memberships, key=lambda m: m.pk) if self.memberships else None


class CurrentUnitMiddleware:
    """Sets request.unit_context (lazy); request.unit and request.membership follow from it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.unit_context = SimpleLazyObject(lambda: _UnitContext(request))
        return self.get_response(request)
