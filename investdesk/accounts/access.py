"""The unit- and role-checked entry to every view (STYLE.md habit 4).

`unit_view(permission)` decorates a view: it demands a signed-in user with an active
membership whose role grants `permission`, and sets `request.unit` and `request.membership`.
`get_for_unit(model_or_qs, request, pk=...)` reaches one row of the request's unit or 404s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from investdesk.accounts.permissions import VIEW


def current_membership(request: HttpRequest):
    context = getattr(request, "unit_context", None)
    return context.current if context is not None else None


def unit_view(permission: str = VIEW) -> Callable:
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = current_membership(request)
            if membership is None:
                raise PermissionDenied("no active membership")
            if not membership.can(permission):
                raise PermissionDenied(f"role {membership.role} lacks {permission}")
            request.membership = membership
            request.unit = membership.unit
            return view(request, *args, **kwargs)

        wrapper.unit_permission = permission
        return wrapper

    return decorator


def require(request: HttpRequest, permission: str) -> None:
    """Check a further permission inside a view (e.g. a write on a page everyone may read)."""
    if not request.membership.can(permission):
        raise PermissionDenied(f"role {request.membership.role} lacks {permission}")


def can(request: HttpRequest, permission: str) -> bool:
    membership = getattr(request, "membership", None) or current_membership(request)
    return bool(membership and membership.can(permission))


def get_for_unit(model_or_queryset, request: HttpRequest, **lookup) -> models.Model:
    """One row of the request's unit; any other unit's row is a 404, never a leak."""
    queryset = model_or_queryset
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return queryset.filter(unit=request.unit).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("not found in this unit") from None
