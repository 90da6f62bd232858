"""The audit middleware: who (the signed-in user) and from where (the client IP) for every change."""

from __future__ import annotations

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address a trusted proxy put in X-Forwarded-For.

    X-Forwarded-For is only believed behind PROXY_COUNT proxies that we run ourselves;
    otherwise any client could write a false address into the audit trail.
    """
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies and _is_ip(hops[-proxies]):
            return hops[-proxies]
    remote = request.META.get("REMOTE_ADDR")
    return remote if _is_ip(remote) else None


def _is_ip(value: str | None) -> bool:
    """Only a real address goes into the audit trail (PostgreSQL's inet column refuses anything else)."""
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True


class AuditMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch.

    Django's own middleware follows the browser's Accept-Language; a center's staff use the
    system in Chinese whatever browser they were given, so only the explicit choice counts.
    The language is active for this request only: the thread goes back to what it had.
    """

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            return self.process_response(request, response)
