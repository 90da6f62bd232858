"""好差评 (RULES.md §4): ratings, default ratings, the rectification of every 差评, and what the
requester sees on the portal."""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.cases.conf import CaseSettings, settings_for
from investdesk.cases.models import (
    BAD_LEVELS,
    RATEABLE_STATUSES,
    AgencyCase,
    CaseEvent,
    CaseStatus,
    EventKind,
    Rating,
    RatingLevel,
    RatingSource,
    Rectification,
    RectificationStatus,
)
from investdesk.cases.services.common import (
    MAX_COMMENT,
    Refused,
    actor_or_none,
    directors_of,
    is_case_worker,
    local_today,
    membership_of,
    not_future,
    require_worker,
    staff_who_may_handle,
    write_event,
)
from investdesk.core.notify import Notice, notify
from investdesk.core.workdays import Calendar
from investdesk.projects.models import ItemStatus

log = logging.getLogger(__name__)


# --- ratings (好差评) and rectifications -------------------------------------------------------------


def rating_window_end(
    case: AgencyCase, calendar: Calendar | None = None, conf: CaseSettings | None = None
) -> date | None:
    """The last day the requester may rate: N working days after 办结 (then 基本满意 by default)."""
    if case.completed_on is None:
        return None
    calendar = calendar or Calendar.for_unit(case.unit_id)
    conf = conf or settings_for(case.unit)
    return calendar.add_workdays(case.completed_on, conf.rating_window_workdays)


def _rating_checks(case: AgencyCase, level: str, source: str, actor, on: date) -> list[str]:
    problems = []
    if case.status not in RATEABLE_STATUSES:
        problems.append(
            _("Only a completed case can be rated; this one is “%(status)s”.") % {"status": case.get_status_display()}
        )
    if Rating.objects.filter(case=case).exists():
        problems.append(_("This case has already been rated; a rating is given once."))
    if level not in RatingLevel.values:
        problems.append(_("Rating: choose one of the five levels."))
    if source == RatingSource.PHONE and not is_case_worker(case, actor):
        problems.append(_("Only the director and the case's agents record a rating taken by phone."))
    if source == RatingSource.PORTAL and actor_or_none(actor) is not None:
        problems.append(_("A rating from the portal is given by the requester, not by staff."))
    if on > local_today():
        problems.append(_("Date: %(day)s is in the future.") % {"day": on})
    if problems or case.completed_on is None:
        return problems
    if on < case.completed_on:
        problems.append(_("Date: a rating cannot be before the completion (%(day)s).") % {"day": case.completed_on})
    end = rating_window_end(case)
    if on > end:
        problems.append(
            _("The rating window closed on %(day)s; the case is rated “basically satisfied” by default.") % {"day": end}
        )
    return problems


@transaction.atomic
def rate_case(
    case: AgencyCase, *, level: str, comment: str = "", source: str, actor=None, on: date | None = None
) -> Rating:
    """The requester's rating of a completed case (办结, 已回访 or 归档), once.

    `source` is "portal" (the requester, actor None) or "phone" (taken on a follow-up call and
    recorded by the case's agent or the director). The requester may rate until the rating
    window closes (N working days after 办结); after it the case gets 基本满意 by default
    (`give_default_rating`), and a rating — the requester's own or the default — is final.
    A 差评 opens the rectification record. Raises Refused; nothing is saved then.
    """
    if source not in (RatingSource.PORTAL, RatingSource.PHONE):
        raise Refused([_("Source: a rating comes from the portal or a phone call.")])
    case = AgencyCase.objects.select_for_update(of=("self",)).select_related("unit", "agent").get(pk=case.pk)
    on = on or local_today()
    problems = _rating_checks(case, level, source, actor, on)
    if problems:
        raise Refused(problems)
    rated_at = timezone.now() if on == local_today() else _at(on, time(12, 0))
    rating = _save_rating(case, level=level, comment=(comment or "").strip()[:MAX_COMMENT], source=source,
                          actor=actor, rated_at=rated_at)  # fmt: skip
    log.info("case %s rated %s (%s) by %s", case.number, level, source, actor or "the requester")
    return rating


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _save_rating(case: AgencyCase, *, level: str, comment: str, source: str, actor, rated_at: datetime) -> Rating:
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                unit_id=case.unit_id,
                case=case,
                level=level,
                comment=comment,
                source=source,
                is_default=source == RatingSource.DEFAULT,
                rated_at=rated_at,
                rated_by=actor_or_none(actor),
            )
    except IntegrityError:  # a concurrent rating of the same case won
        raise Refused([_("This case has already been rated; a rating is given once.")]) from None
    on = timezone.localtime(rated_at).date()
    write_event(case, EventKind.RATING, actor=actor, on=on, to_status="", note=comment, public=True,
           public_text=level)  # fmt: skip
    if level in BAD_LEVELS:
        _open_rectification(case, rating, on)
    return rating


def _open_rectification(case: AgencyCase, rating: Rating, on: date) -> Rectification:
    conf = settings_for(case.unit)
    due = Calendar.for_unit(case.unit_id).add_workdays(on, conf.rectification_workdays)
    rectification = Rectification.objects.create(
        unit_id=case.unit_id, case=case, rating=rating, responsible=case.agent, opened_on=on, due_on=due
    )
    write_event(case, EventKind.RECTIFICATION, actor=None, on=on, note=_("Rectification due %(day)s") % {"day": due})
    transaction.on_commit(lambda: _notify_bad_rating(case, rectification))
    return rectification


def _notify_bad_rating(case: AgencyCase, rectification: Rectification) -> None:
    notice = Notice(
        key=f"case:{case.pk}:bad-rating:{rectification.pk}",
        kind="bad_rating",
        title=_("Bad rating on case %(number)s: rectify by %(day)s")
        % {"number": case.number, "day": rectification.due_on},
        body=case.display_enterprise,
        url=reverse("cases:rectification", args=[rectification.pk]),
    )
    try:
        notify(case.unit, [*directors_of(case.unit), rectification.responsible], notice)
    except Exception:
        log.exception("could not notify the bad rating of case %s", case.number)


@transaction.atomic
def give_default_rating(case: AgencyCase, *, today: date | None = None) -> Rating | None:
    """基本满意 by default for a completed case not rated within the window; None when not due.

    Dated on the window's last day, so a late run of the command gives the same rating.
    """
    case = AgencyCase.objects.select_for_update(of=("self",)).select_related("unit", "agent").get(pk=case.pk)
    today = today or local_today()
    if case.status not in RATEABLE_STATUSES or Rating.objects.filter(case=case).exists():
        return None
    end = rating_window_end(case)
    if end is None or today <= end:
        return None
    rating = _save_rating(
        case, level=RatingLevel.BASIC, comment="", source=RatingSource.DEFAULT, actor=None,
        rated_at=_at(end, time(23, 59)),
    )  # fmt: skip
    log.info("case %s rated “basic” by default (window closed %s)", case.number, end)
    return rating


def may_rectify(rectification: Rectification, actor) -> bool:
    """Whether the actor may work on the rectification: its responsible person (still of the unit),
    the director or the case's agents."""
    case = rectification.case
    if rectification.responsible_id and rectification.responsible_id == getattr(actor, "pk", None):
        if membership_of(actor, case.unit_id) is not None:
            return True
    return is_case_worker(case, actor)


def _require_rectifier(rectification: Rectification, actor) -> None:
    if not may_rectify(rectification, actor):
        require_worker(rectification.case, actor)


def _open_for(rectification: Rectification, actor) -> Rectification:
    """The rectification locked for a change, once the actor may make it and it is still open."""
    locked = Rectification.objects.select_for_update(of=("self",)).select_related("case").get(pk=rectification.pk)
    _require_rectifier(locked, actor)
    if not locked.is_open:
        raise Refused([_("This rectification is closed.")])
    return locked


@transaction.atomic
def update_rectification(rectification: Rectification, *, actor, responsible, measures: str) -> Rectification:
    """Name the responsible person and the measures (the director or the case's agents)."""
    rectification = _open_for(rectification, actor)
    if responsible is None or not staff_who_may_handle(rectification.unit_id).filter(pk=responsible.pk).exists():
        raise ValidationError({"responsible": [_("Choose an agent or director of this unit.")]})
    rectification.responsible, rectification.measures = responsible, (measures or "").strip()
    rectification.save(update_fields=["responsible", "measures"])
    write_event(rectification.case, EventKind.RECTIFICATION, actor=actor, note=rectification.measures)
    return rectification


@transaction.atomic
def record_rectification_followup(
    rectification: Rectification, *, actor, followed_up_on: date | None, follow_up_note: str
) -> Rectification:
    """The follow-up (回访) of a 差评: when the requester was called and what was said."""
    rectification = _open_for(rectification, actor)
    errors: dict[str, list] = {}
    note = (follow_up_note or "").strip()
    if not note:
        errors["follow_up_note"] = [_("Say what the requester said on the follow-up.")]
    followed_up_on = followed_up_on or local_today()
    not_future(followed_up_on, "followed_up_on", errors)
    if followed_up_on < rectification.opened_on:
        errors.setdefault("followed_up_on", []).append(_("The follow-up cannot be before the bad rating."))
    if errors:
        raise ValidationError(errors)
    rectification.followed_up_on, rectification.follow_up_note = followed_up_on, note
    rectification.save(update_fields=["followed_up_on", "follow_up_note"])
    write_event(rectification.case, EventKind.RECTIFICATION, actor=actor, on=followed_up_on, note=note)
    return rectification


@transaction.atomic
def close_rectification(
    rectification: Rectification, *, actor, result: str, requester_reply: str, closed_on: date | None = None
) -> Rectification:
    """Close the rectification with its result and the requester's reply; it needs the follow-up."""
    rectification = _open_for(rectification, actor)
    errors: dict[str, list] = {}
    if rectification.followed_up_on is None:
        errors["followed_up_on"] = [_("Record the follow-up with the requester first.")]
    result, requester_reply = (result or "").strip(), (requester_reply or "").strip()
    if not result:
        errors["result"] = [_("Say what was rectified.")]
    if not requester_reply:
        errors["requester_reply"] = [_("Record the requester's reply.")]
    closed_on = closed_on or local_today()
    not_future(closed_on, "closed_on", errors)
    if rectification.followed_up_on and closed_on < rectification.followed_up_on:
        errors.setdefault("closed_on", []).append(_("The rectification cannot close before its follow-up."))
    if errors:
        raise ValidationError(errors)
    rectification.result, rectification.requester_reply = result, requester_reply
    rectification.status, rectification.closed_on = RectificationStatus.DONE, closed_on
    rectification.save(update_fields=["result", "requester_reply", "status", "closed_on"])
    write_event(rectification.case, EventKind.RECTIFICATION, actor=actor, on=closed_on, note=result)
    log.info("rectification %s of case %s closed by %s", rectification.pk, rectification.case.number, actor)
    return rectification


# --- what the requester sees ----------------------------------------------------------------------


def _public_text(event: CaseEvent) -> str:
    if event.kind == EventKind.APPLIED:
        return _("Your request has been received.")
    if event.kind == EventKind.ASSIGNED:
        return _("Your agent: %(name)s.") % {"name": event.public_text}
    if event.kind == EventKind.RATING:
        if event.public_text in RatingLevel.values:
            level = RatingLevel(event.public_text).label
            return _("Rating recorded: %(level)s.") % {"level": level}
        return _("Rating recorded.")
    texts = {
        "accept": _("Your request has been accepted."),
        "reject": _("Your request was not accepted: %(reason)s"),
        "start": _("Your agent has started the work."),
        "pause": _("Paused, waiting for you: %(reason)s"),
        "resume": _("The work has resumed."),
        "complete": _("Completed; the documents have been handed over to you."),
        "visit": _("Follow-up visit made."),
        "archive": _("The case has been archived."),
        "terminate": _("The case was terminated: %(reason)s"),
    }
    text = texts.get(event.transition, "")
    return text % {"reason": event.public_text} if "%(reason)s" in text else text


def public_progress(case: AgencyCase) -> list[dict]:
    """What the requester may see on the portal, oldest first: [{"at", "status", "text"}].

    Status steps, the agent's name (no phone number), the completion of each planned approval
    item and the rating; no internal note, blocker or staff detail.
    """
    events = list(case.events.filter(public=True).order_by("on", "at", "id"))
    items = [
        (p.approval_item.completed_on, p.approval_item.name)
        for p in case.plan_items.select_related("approval_item")
        if p.approval_item.status == ItemStatus.COMPLETED and p.approval_item.completed_on
    ]
    entries: list[tuple] = [(e.on, 0, n, e) for n, e in enumerate(events)]
    entries += [(day, 1, n, name) for n, (day, name) in enumerate(items)]
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    status = CaseStatus.APPLIED
    progress = []
    for day, kind, _n, entry in entries:
        if kind == 1:
            text = _("Approval item “%(item)s” completed.") % {"item": entry}
            progress.append({"at": day, "status": str(CaseStatus(status).label), "text": text})
            continue
        if entry.kind == EventKind.STATUS and entry.to_status:
            status = entry.to_status
        progress.append({"at": day, "status": str(CaseStatus(status).label), "text": _public_text(entry)})
    return progress
