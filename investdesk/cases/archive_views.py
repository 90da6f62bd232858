"""建档: the 一企一档 record of an enterprise that asked for help before it was archived, made from
what the case (or the online request, see portal.staff_views.archive) already holds.

The page is the archive's own enterprise form, filled in with the name and credit code, plus the
contact person; saving creates the enterprise and the contact (enterprises.services) and links the
record back, all in one transaction. When the credit code is already in the archive, the page
offers to link that record instead of creating a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.accounts.access import unit_view
from investdesk.accounts.permissions import LEDGER_EDIT
from investdesk.cases import services
from investdesk.cases.models import AgencyCase
from investdesk.cases.views import _case
from investdesk.core.identifiers import normalise_uscc
from investdesk.core.web import form_errors
from investdesk.enterprises import services as enterprises
from investdesk.enterprises.forms import ContactForm, EnterpriseForm
from investdesk.enterprises.models import Enterprise

log = logging.getLogger(__name__)


@dataclass
class Source:
    """Where the enterprise's data comes from, and how the new or found record is linked back."""

    label: str  # "case CHENGGONG-2022-0001 · 云南…有限公司"
    back_url: str
    name: str
    uscc: str
    contact_name: str
    contact_phone: str
    link: Callable[[Enterprise], object]  # raises ValidationError / services.Refused to refuse


def existing_record(unit, uscc: str) -> Enterprise | None:
    code = normalise_uscc(uscc or "")
    return Enterprise.objects.for_unit(unit).filter(uscc=code).first() if code else None


def _create_and_link(request, source: Source, form: EnterpriseForm, contact: ContactForm) -> Enterprise:
    with transaction.atomic():
        enterprise = enterprises.create_enterprise(
            request.unit,
            actor=request.user,
            fields=form.model_fields(),
            tags=form.tags(),
            confirm_similar=form.cleaned_data["confirm_similar"],
        )
        if contact.cleaned_data.get("name"):
            fields = {name: contact.cleaned_data[name] for name in ContactForm.Meta.fields}
            try:
                enterprises.save_contact(enterprise, actor=request.user, fields=fields)
            except ValidationError as exc:
                form_errors(contact, exc)
                raise
        source.link(enterprise)
    return enterprise


def archive_page(request, source: Source):
    """GET: the filled-in form (or the existing record to link); POST: create and link, or link."""
    found = existing_record(request.unit, source.uscc)
    if found is not None:
        if request.method == "POST":
            try:
                source.link(found)
            except (ValidationError, services.Refused) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    messages.error(request, message)
            else:
                messages.success(request, _("Linked to the enterprise record %(name)s.") % {"name": found.name})
            return redirect(source.back_url)
        return render(request, "cases/archive_enterprise.html", {"source": source, "found": found})
    initial = {"name": source.name, "uscc": source.uscc, "archived_on": timezone.localdate()}
    form = EnterpriseForm(
        request.POST or None, instance=Enterprise(unit=request.unit), unit=request.unit, initial=initial
    )
    contact = ContactForm(
        request.POST or None,
        prefix="contact",
        initial={"name": source.contact_name, "phone": source.contact_phone},
    )
    contact.fields["name"].required = False
    similar = []
    if request.method == "POST":
        if form.is_valid() and contact.is_valid():
            try:
                enterprise = _create_and_link(request, source, form, contact)
            except enterprises.SimilarNames as exc:
                form.ask("confirm_similar")
                similar = exc.matches
            except ValidationError as exc:
                if not contact.errors:
                    form_errors(form, exc, renamed={"registered_capital": "registered_capital_wan"})
            except services.Refused as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("%(name)s has been archived and linked.") % {"name": enterprise.name})
                return redirect(source.back_url)
        form.after_validation()
    context = {"source": source, "form": form, "contact_form": contact, "similar": similar, "enterprise": None}
    return render(request, "cases/archive_enterprise.html", context, status=400 if request.method == "POST" else 200)


@unit_view(LEDGER_EDIT)
def case_archive(request, pk: int):
    """建档 from a case whose enterprise is not in the archive yet."""
    case: AgencyCase = _case(request, pk)
    if case.enterprise_id:
        return redirect("enterprises:detail", pk=case.enterprise_id)
    if not case.enterprise_name and not case.uscc:
        raise PermissionDenied("the case names no enterprise")

    def link(enterprise):
        services.link_enterprise(case, actor=request.user, enterprise=enterprise)
        log.info("case %s archived its enterprise as %s", case.number, enterprise.pk)

    source = Source(
        label=_("case %(number)s") % {"number": case.number},
        back_url=case_detail_url(case),
        name=case.enterprise_name,
        uscc=case.uscc,
        contact_name=case.requester_name,
        contact_phone=case.requester_phone,
        link=link,
    )
    return archive_page(request, source)


def case_detail_url(case: AgencyCase) -> str:
    return reverse("cases:detail", args=[case.pk])
