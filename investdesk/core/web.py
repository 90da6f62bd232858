"""Small helpers every app's views share: service errors onto forms, list URLs, downloads."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Case, F, QuerySet, Value, When
from django.http import HttpResponse
from django.utils.html import format_html

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


SORT_PARAM = "sort"


@dataclass(frozen=True)
class ListSort:
    """A list's `?sort=key` / `?sort=-key`, checked against the columns it may be sorted by.

    `columns` maps each key the user may ask for to the model fields it orders by; any other
    value is ignored and the list keeps its own order. `filters` is the list's query string
    without page and sort, so header links keep the filters and pagination keeps the sort.
    """

    columns: dict[str, tuple]
    key: str = ""
    descending: bool = False
    filters: str = ""
    links: dict[str, str] = field(default_factory=dict)

    @property
    def param(self) -> str:
        return f"{'-' if self.descending else ''}{self.key}" if self.key else ""

    @property
    def query(self) -> str:
        """Filters and sort, without the page: what pagination and export links carry."""
        parts = [self.filters] if self.filters else []
        if self.key:
            parts.append(urlencode({SORT_PARAM: self.param}))
        return "&".join(parts)

    @property
    def hidden_input(self) -> str:
        """Keeps the sort when the filter form is sent again."""
        if not self.key:
            return ""
        return format_html('<input type="hidden" name="{}" value="{}">', SORT_PARAM, self.param)

    def apply(self, rows: QuerySet) -> QuerySet:
        """The rows in the asked order (the primary key breaks ties, so pages never overlap)."""
        if not self.key:
            return rows
        order = []
        for column in self.columns[self.key]:
            expression = F(column) if isinstance(column, str) else column
            order.append(expression.desc(nulls_last=True) if self.descending else expression.asc(nulls_last=True))
        return rows.order_by(*order, "-pk" if self.descending else "pk")


def choice_order(name: str, choices) -> Case:
    """Orders a choice field by its declared order (a status pipeline), not by its stored code."""
    values = [value for value, _label in choices]
    return Case(*(When(**{name: value}, then=Value(i)) for i, value in enumerate(values)), default=Value(len(values)))


def list_sort(request, columns: dict) -> ListSort:
    """Read `?sort=` against the whitelist `columns`: key → a field name, an expression, or a
    tuple of them to order by.

    Each column header links to its key; the active column's link turns the order around.
    """
    columns = {k: tuple(v) if isinstance(v, tuple | list) else (v,) for k, v in columns.items()}
    asked = request.GET.get(SORT_PARAM, "").strip()
    key = asked.removeprefix("-")
    if key not in columns:
        key, descending = "", False
    else:
        descending = asked.startswith("-")
    filters = urlencode([(k, v) for k, v in request.GET.items() if k not in ("page", SORT_PARAM) and v])
    links = {}
    for name in columns:
        wanted = f"-{name}" if name == key and not descending else name
        links[name] = "&".join([*([filters] if filters else []), urlencode({SORT_PARAM: wanted})])
    return ListSort(columns=columns, key=key, descending=descending, filters=filters, links=links)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
