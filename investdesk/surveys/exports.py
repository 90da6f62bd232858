"""Excel exports: a survey's answers (one row per response) and its invitation codes.

An anonymous survey's export has no personal column at all (no name, phone, code or time); for the
others the phone is masked unless the reader may see personal data.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from investdesk.core.identifiers import mask_phone
from investdesk.core.tabular import Column, export_xlsx
from investdesk.surveys.models import Answer, InviteToken, Level, Option, QuestionKind, Response, Survey

LEVEL_NAMES = dict(Level.choices)


def _answer_cells(survey: Survey) -> dict[int, dict[int, str]]:
    """Per response, per question: the answer as text (several options joined with “、”)."""
    labels = dict(Option.objects.filter(question__survey=survey).values_list("id", "label"))
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    rows = Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "level", "option_id", "text", "correct"
    )
    for response_id, question_id, level, option_id, text, correct in rows.order_by("id"):
        if level:
            value = str(LEVEL_NAMES.get(level, level))
        elif option_id:
            value = labels.get(option_id, "")
            if correct is not None:
                value += "（√）" if correct else "（×）"
        else:
            value = text
        cells[response_id][question_id].append(value)
    return {r: {q: "、".join(v) for q, v in per.items()} for r, per in cells.items()}


def answers_xlsx(survey: Survey, *, show_personal: bool) -> bytes:
    questions = list(survey.questions.all())
    cells = _answer_cells(survey)
    responses = list(Response.objects.filter(survey=survey).select_related("channel", "token").order_by("id"))
    columns = [
        Column("number", _("No."), export=lambda r: r.number, width=8),
        Column("answered_on", _("Date"), export=lambda r: r.answered_on, width=12),
        Column("channel", _("Channel"), export=lambda r: r.channel.name if r.channel else ""),
        Column("audience", _("Audience"), export=lambda r: r.get_audience_display()),
    ]
    if not survey.anonymous:
        columns += [
            Column("name", _("Name"), export=lambda r: r.respondent_name),
            Column(
                "phone",
                _("Phone"),
                export=lambda r: r.respondent_phone if show_personal else mask_phone(r.respondent_phone),
            ),
            Column(
                "submitted_at",
                _("Submitted at"),
                export=lambda r: (
                    timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else ""
                ),
                width=18,
            ),
            Column("token", _("Invitation code"), export=lambda r: r.token.token if r.token else ""),
        ]
    for n, q in enumerate(questions, 1):
        header = f"{n}. {q.text}"
        if q.kind == QuestionKind.KNOWLEDGE:
            header += _(" (knowledge)")
        columns.append(Column(f"q{q.pk}", header, export=_cell(cells, q.pk), width=24))
    for number, response in enumerate(responses, 1):
        response.number = number
    return export_xlsx(columns, responses, _("Answers"))


def _cell(cells: dict, question_id: int):
    return lambda response: cells.get(response.pk, {}).get(question_id, "")


def tokens_xlsx(survey: Survey, url_for) -> bytes:
    columns = [
        Column("token", _("Invitation code")),
        Column("url", _("Link"), export=lambda t: url_for(t), width=60),
        Column("label", _("Note")),
        Column("used", _("Used"), export=lambda t: t.used, width=8),
    ]
    return export_xlsx(columns, InviteToken.objects.filter(survey=survey).order_by("id"), _("Invitation codes"))
