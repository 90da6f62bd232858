"""The self-evaluation and monitoring pages are one form each: what is typed is what is sent.

Regression (issue 10, defect 3): 提交主任审核 was a separate form, so the 偏差原因 typed in the
table were never sent; the page came back with the same errors and empty boxes.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from investdesk.performance import monitoring, services
from investdesk.performance.models import EvaluationLine, EvaluationStatus, MonitoringLine, SelfEvaluation
from tests.crawl import _Page

CONTENT_FORMS = {"evaluation-form", "review-form", "monitoring-form"}


def _content_forms(html: str):
    page = _Page()
    page.feed(html)
    page.close()
    return [form for form in page.forms if form.id in CONTENT_FORMS]


def assert_every_button_sends_the_fields_shown(html: str) -> int:
    """Every submit button of the page's forms sends every field a person can fill in on it."""
    forms = _content_forms(html)
    shown = {name for form in forms for name in form.visible}
    buttons = 0
    for form in forms:
        for name, value, label, _action in form.buttons:
            missing = shown - set(form.visible)
            assert not missing, f"the button “{label}” ({name}={value}) does not send {sorted(missing)}"
            buttons += 1
    return buttons


def _evaluation(seed_project, people) -> SelfEvaluation:
    seed_project.spent_yuan = Decimal("50000")  # 86.21 %: below 90 %, the execution needs a reason too
    seed_project.save()
    return services.create_evaluation(seed_project.table, actor=people.finance)


def _form(evaluation, **changes) -> dict:
    data = {
        "initial_budget_yuan": "58000",
        "budget_yuan": "58000",
        "spent_yuan": "50000",
        "goal_actual": "全年完成宣传、走访和代办任务",
        "project_lead": "李强",
        "finance_lead": "王芳",
    }
    data.update(changes)
    return data


def test_submitting_sends_the_typed_reasons_and_keeps_them_when_refused(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    line = EvaluationLine.objects.get(evaluation=evaluation, indicator__name="发布稿件数量")
    client = people.client_for(people.finance)
    url = reverse("performance:evaluation", args=[evaluation.pk])
    typed = {f"l{line.pk}-reason": "上半年通讯员空缺", f"l{line.pk}-measure": "增设两名通讯员"}

    response = client.post(url, _form(evaluation, action="submit", **typed))

    assert response.status_code == 200
    assert "上半年通讯员空缺</textarea>" in response.text and "增设两名通讯员</textarea>" in response.text
    assert 'data-field-problem="execution_reason"' in response.text  # the one thing missing, at its field
    assert f'data-row-problem="{line.indicator_id}"' not in response.text
    line.refresh_from_db()
    evaluation.refresh_from_db()
    assert (line.reason, line.measure, evaluation.status) == ("上半年通讯员空缺", "增设两名通讯员", "draft")
    assert evaluation.goal_actual == "全年完成宣传、走访和代办任务"

    response = client.post(url, _form(evaluation, action="submit", execution_reason="年底集中支付未到账", **typed))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.execution_reason) == (
        EvaluationStatus.SUBMITTED,
        Decimal("96.95"),
        "年底集中支付未到账",
    )


def test_every_missing_reason_is_shown_at_its_row_at_once(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="")
    response = people.client_for(people.finance).post(
        reverse("performance:evaluation", args=[evaluation.pk]), _form(evaluation, action="submit")
    )
    articles = evaluation.lines.get(indicator__name="发布稿件数量").indicator_id
    assert response.text.count("data-row-problem=") == 1
    assert f'data-row-problem="{articles}"' in response.text
    assert response.text.count('data-field-problem="execution_reason"') == 1
    assert response.text.count("<li>") >= 2  # the list at the top names both


def test_saving_alone_keeps_the_draft(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    response = people.client_for(people.finance).post(
        reverse("performance:evaluation", args=[evaluation.pk]), _form(evaluation, action="save", problems="人手紧")
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.problems) == ("draft", "人手紧")


def test_an_invalid_amount_saves_nothing_and_names_the_field(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    response = people.client_for(people.finance).post(
        reverse("performance:evaluation", args=[evaluation.pk]),
        _form(evaluation, action="submit", spent_yuan="-1", problems="人手紧"),
    )
    assert response.status_code == 200
    assert 'data-field-error="spent_yuan"' in response.text
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.problems, evaluation.spent_yuan) == ("draft", "", Decimal("50000.00"))


def test_the_page_warns_before_leaving_with_unsaved_input(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    page = people.client_for(people.finance).get(reverse("performance:evaluation", args=[evaluation.pk])).text
    assert 'id="evaluation-form" data-warn-unsaved' in page and "performance/unsaved.js" in page
    viewer = people.client_for(people.viewer).get(reverse("performance:evaluation", args=[evaluation.pk])).text
    assert "data-warn-unsaved" not in viewer


# --- every submit button sends the fields shown ----------------------------------------------


def test_the_draft_evaluation_page_has_one_form_for_save_and_submit(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    html = people.client_for(people.finance).get(reverse("performance:evaluation", args=[evaluation.pk])).text
    assert assert_every_button_sends_the_fields_shown(html) == 2
    (form,) = [f for f in _content_forms(html) if f.buttons]
    line = evaluation.lines.get(indicator__name="发布稿件数量")
    assert {f"l{line.pk}-reason", f"l{line.pk}-measure", "execution_reason"} <= set(form.visible)
    buttons = [(name, value) for name, value, _label, _action in form.buttons]
    assert buttons == [("action", "save"), ("action", "submit")]


def test_the_submitted_evaluation_page_sends_the_return_reason_with_both_review_buttons(seed_project, people):
    evaluation = _evaluation(seed_project, people)
    EvaluationLine.objects.filter(evaluation=evaluation).update(reason="已说明")
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(execution_reason="已说明")
    evaluation.refresh_from_db()
    services.submit_evaluation(evaluation, actor=people.finance)
    html = people.client_for(people.director).get(reverse("performance:evaluation", args=[evaluation.pk])).text
    assert assert_every_button_sends_the_fields_shown(html) == 2
    (review,) = [f for f in _content_forms(html) if f.id == "review-form"]
    assert review.visible == ["reason"]


@pytest.mark.parametrize("persona, frozen, buttons", [("finance", False, 2), ("director", True, 2)])
def test_the_monitoring_page_buttons_send_the_fields_shown(seed_project, people, persona, frozen, buttons):
    item = monitoring.create_monitoring(seed_project.table, actor=people.finance, months=7)
    MonitoringLine.objects.filter(monitoring=item).update(manual_actual="100%", cause="staff", measure="已说明")
    if frozen:
        item.spent_yuan = Decimal("40000")
        item.save()
        monitoring.submit_monitoring(item, actor=people.finance)
    html = people.client_for(getattr(people, persona)).get(reverse("performance:monitoring", args=[item.pk])).text
    assert assert_every_button_sends_the_fields_shown(html) == buttons
