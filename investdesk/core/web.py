"""Small helpers every app's views share: service errors onto forms, list URLs, downloads."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.http import HttpResponse

from investdesk.core.tabular import XLSX_CONTENT_TYPE


def field_label(name: str, form=None, models=()) -> str:
    """The verbose name of a model field, looked up on the form's model first, else the name itself."""
    candidates = [type(form.instance)] if getattr(form, "instance", None) is not None else []
    for model in [*candidates, *models]:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except (AttributeError, FieldDoesNotExist):
            continue
    return name


def form_errors(form, exc: ValidationError, *, renamed: dict | None = None, models=(), bare=()) -> None:
    """A service's ValidationError onto the form: on its field when the form has it (after
    `renamed`), otherwise on the form with the field's name in front, so no message is lost.
    Names in `bare` carry messages that already say what they are about: no name in front."""
    renamed = renamed or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        target = renamed.get(name, name)
        if target in form.fields:
            for message in errors:
                form.add_error(target, message)
            continue
        prefix = "" if name == NON_FIELD_ERRORS or name in bare else f"{field_label(name, form, models)}："
        for message in errors:
            form.add_error(None, prefix + message)


def query_without_page(request) -> str:
    """The list's filters as a query string, for pagination and export links."""
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
