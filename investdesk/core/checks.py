"""System checks of our own: run by `manage.py check`, `runserver` and `migrate`."""

from django.conf import settings
from django.core.checks import Error, register

SECRET_KEY_MISSING = "investdesk.E001"


@register()
def secret_key_is_set(app_configs=None, **kwargs):
    if settings.DEBUG or settings._wrapped.SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is required when DEBUG is off",
            hint="Set the SECRET_KEY environment variable.",
            id=SECRET_KEY_MISSING,
        )
    ]


def require_secret_key() -> None:
    """Called where the system starts serving: no key, no start."""
    from django.core.exceptions import ImproperlyConfigured

    if not settings.DEBUG and not settings._wrapped.SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
