"""The performance pages, persona by persona."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from investdesk.performance.lib.tables import parse_xlsx
from investdesk.performance.models import (
    BudgetProject,
    EvaluationLine,
    EvaluationStatus,
    ImportDraft,
    Indicator,
    SelfEvaluation,
    TargetTable,
)
from investdesk.performance.tests.conftest import import_seed
from investdesk.performance.tests.fixtures.tables_seed import SEED_INDICATORS, SEED_PATH


def _upload(client, content: bytes, name: str = "seed.txt", **extra):
    data = {"file": SimpleUploadedFile(name, content), **extra}
    return client.post(reverse("performance:import"), data)


def test_finance_imports_the_seed_through_preview_and_confirm(people):
    client = people.client_for(people.finance)
    response = _upload(client, SEED_PATH.read_bytes())
    assert response.status_code == 302
    draft = ImportDraft.objects.get()
    assert BudgetProject.objects.count() == 0  # nothing saved before the preview is confirmed
    preview = client.get(response["Location"])
    assert preview.text.count("<tr>\n      <td>") == 11
    assert "完成量不足目标值的80%时得0分" in preview.text
    confirmed = client.post(response["Location"], {})
    project = BudgetProject.objects.get()
    assert confirmed["Location"] == reverse("performance:project", args=[project.pk])
    assert list(project.table.indicators.values_list("name", flat=True)) == [i.name for i in SEED_INDICATORS]
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()


def test_pasted_text_imports_too(people):
    client = people.client_for(people.director)
    text = "三级指标|指标性质|指标值|度量单位|评（扣）分标准\n宣传材料|≥|100|份|完成量未达80%的该项计0分\n"
    response = client.post(reverse("performance:import"), {"text": text, "year": "2023", "name": "宣传经费"})
    client.post(response["Location"], {})
    project = BudgetProject.objects.get()
    assert (project.year, project.name) == (2023, "宣传经费")


def test_an_unreadable_file_shows_the_errors_and_saves_nothing(people):
    client = people.client_for(people.finance)
    response = _upload(client, "三级指标|指标性质|指标值\n宣传材料|约等于|100\n".encode(), "bad.txt")
    assert response.status_code == 200
    assert "第2行" in response.text and "约等于" in response.text
    assert ImportDraft.objects.count() == 0 and BudgetProject.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("table.pdf", b"%PDF-1.4", "只接受 .txt、.docx、.xlsx 文件"),
        ("big.txt", b"x" * (5 * 1024 * 1024 + 1), "超过 5 MB"),
    ],
)
def test_wrong_file_types_and_sizes_are_refused(people, name, content, message):
    response = _upload(people.client_for(people.finance), content, name)
    assert response.status_code == 200
    assert message in response.text
    assert ImportDraft.objects.count() == 0


def test_an_empty_import_form_says_what_is_missing(people):
    response = people.client_for(people.finance).post(reverse("performance:import"), {})
    assert response.status_code == 200
    assert ImportDraft.objects.count() == 0


def test_importing_an_existing_project_needs_the_replace_choice(people):
    import_seed(people.unit)
    client = people.client_for(people.finance)
    response = _upload(client, SEED_PATH.read_bytes())
    page = client.get(response["Location"])
    assert 'name="replace"' in page.text
    refused = client.post(response["Location"], {})
    assert refused.status_code == 200
    assert TargetTable.objects.count() == 1
    client.post(response["Location"], {"replace": "on"})
    assert TargetTable.objects.count() == 1 and BudgetProject.objects.count() == 1


@pytest.mark.parametrize("persona", ["agent", "viewer", "admin"])
def test_only_director_and_finance_import(people, persona):
    response = _upload(people.client_for(getattr(people, persona)), SEED_PATH.read_bytes())
    assert response.status_code == 403
    assert ImportDraft.objects.count() == 0


def test_a_draft_belongs_to_the_person_who_uploaded_it(people):
    response = _upload(people.client_for(people.finance), SEED_PATH.read_bytes())
    assert people.client_for(people.director).get(response["Location"]).status_code == 404


def test_everyone_in_the_unit_reads_the_table_with_live_scores(seed_project, people):
    page = people.client_for(people.viewer).get(reverse("performance:project", args=[seed_project.pk]))
    assert page.status_code == 200
    assert 'id="live-total">97.33<' in page.text
    assert 'id="live-grade">优<' in page.text
    assert 'rowspan="6"' in page.text  # 产出指标 over its six indicators, as in the official layout
    assert 'data-action="actual"' not in page.text  # the viewer has no edit buttons


def test_the_project_page_shows_the_overall_goal_across_its_years(seed_project, people):
    for year in (2023, 2024):
        BudgetProject.objects.create(
            unit=people.unit,
            year=year,
            name=seed_project.name,
            overall_goal=seed_project.overall_goal,
            goal_start_year=2022,
            goal_end_year=2024,
        )
    BudgetProject.objects.create(unit=people.other_unit, year=2023, name=seed_project.name)
    page = people.client_for(people.viewer).get(reverse("performance:project", args=[seed_project.pk])).text
    goal_years = page.split('id="goal-years"')[1].split("</ul>")[0]
    assert [y for y in ("2022", "2023", "2024") if y in goal_years] == ["2022", "2023", "2024"]
    assert goal_years.count("<li") == 3


def test_entering_an_actual_with_evidence(seed_project, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    indicator = seed_project.table.indicators.get(position=2)
    client = people.client_for(people.finance)
    url = reverse("performance:indicator_actual", args=[indicator.pk])
    response = client.post(
        url,
        {"manual_actual": "52", "note": "年度台账", "evidence": SimpleUploadedFile("台账.pdf", b"%PDF-1.4 evidence")},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.manual_actual, indicator.actual_note) == ("52", "年度台账")
    download = client.get(reverse("performance:indicator_evidence", args=[indicator.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"


def test_evidence_of_a_forbidden_type_is_refused_and_nothing_changes(seed_project, people):
    indicator = seed_project.table.indicators.get(position=2)
    response = people.client_for(people.finance).post(
        reverse("performance:indicator_actual", args=[indicator.pk]),
        {"manual_actual": "52", "evidence": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert 'data-field-error="evidence"' in response.text
    indicator.refresh_from_db()
    assert indicator.manual_actual == "40" and not indicator.evidence


def test_editing_an_indicator_with_bad_rule_json_changes_nothing(seed_project, people):
    indicator = seed_project.table.indicators.get(position=1)
    data = {
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": "改名",
        "operator": ">=",
        "target": "100",
        "measure_unit": "份",
        "kind": "quantitative",
        "rule_text": indicator.rule_text,
        "rule_json": "{not json",
    }
    response = people.client_for(people.director).post(reverse("performance:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 200
    assert 'data-field-error="rule_json"' in response.text
    indicator.refresh_from_db()
    assert indicator.name == "公开发放的宣传材料数量"


def test_a_quantitative_indicator_needs_a_numeric_target(seed_project, people):
    indicator = seed_project.table.indicators.get(position=1)
    data = {
        "level1": indicator.level1,
        "name": indicator.name,
        "operator": ">=",
        "target": "很多",
        "measure_unit": "份",
        "kind": "quantitative",
        "rule_text": "",
    }
    response = people.client_for(people.director).post(reverse("performance:indicator_edit", args=[indicator.pk]), data)
    assert 'data-field-error="target"' in response.text
    indicator.refresh_from_db()
    assert indicator.target == "100"


def test_the_rule_preview_speaks_plain_words(people):
    response = people.client_for(people.director).post(
        reverse("performance:rule_preview"), {"rule_text": "由专家打分", "operator": ">=", "target": "10"}
    )
    assert 'data-rule-flag="1"' in response.text
    assert "由专家打分" in response.text


def test_weights_form_refuses_a_wrong_total(seed_project, people):
    url = reverse("performance:weights", args=[seed_project.pk])
    response = people.client_for(people.finance).post(url, {"w0": "50", "w1": "30", "w2": "5"})
    assert response.status_code == 200
    seed_project.table.refresh_from_db()
    assert seed_project.table.level1_weights == {}


def test_the_target_table_export_reimports_to_the_same_table(seed_project, people):
    response = people.client_for(people.viewer).get(reverse("performance:table_export", args=[seed_project.pk, "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    parsed = parse_xlsx(response.content)
    assert [(i.name, i.operator, i.target, i.rule_text) for i in parsed.indicators] == [
        (i.name, i.operator, i.target, i.rule_text) for i in SEED_INDICATORS
    ]
    assert (parsed.project.name, parsed.project.year, parsed.project.budget_yuan) == (
        "投资服务中心经费",
        2022,
        Decimal("58000.00"),
    )


def test_the_self_evaluation_flow_in_pages(seed_project, people):
    finance, director = people.client_for(people.finance), people.client_for(people.director)
    response = finance.post(reverse("performance:evaluation_create", args=[seed_project.pk]), {"period": "year_end"})
    evaluation = SelfEvaluation.objects.get()
    assert response["Location"] == reverse("performance:evaluation", args=[evaluation.pk])
    page = finance.get(response["Location"]).text
    assert 'id="submission-problems"' in page
    line = EvaluationLine.objects.get(evaluation=evaluation, indicator__name="发布稿件数量")
    form = {
        "months_elapsed": "12",
        "initial_budget_yuan": "58000",
        "budget_yuan": "58000",
        "spent_yuan": "52200",
        "project_lead": "李强",
        "finance_lead": "王芳",
        f"l{line.pk}-reason": "下半年人手不足",
        f"l{line.pk}-measure": "增加通讯员",
    }
    assert finance.post(response["Location"], form).status_code == 302
    finance.post(reverse("performance:evaluation_transition", args=[evaluation.pk, "submit"]))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.grade) == ("submitted", Decimal("97.33"), "优")
    # finance may not approve; the director may
    assert (
        finance.post(reverse("performance:evaluation_transition", args=[evaluation.pk, "approve"])).status_code == 403
    )
    director.post(reverse("performance:evaluation_transition", args=[evaluation.pk, "approve"]))
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED
    export = director.get(reverse("performance:evaluation_export", args=[evaluation.pk, "xlsx"]))
    from investdesk.performance.lib.evaluation_writers import read_self_evaluation_xlsx

    sheet = read_self_evaluation_xlsx(export.content)
    assert (sheet.total, sheet.grade, sheet.project_lead) == (Decimal("97.33"), "优", "李强")
    assert [r.name for r in sheet.rows] == [i.name for i in SEED_INDICATORS]


def test_a_viewer_cannot_change_an_evaluation(seed_project, people):
    people.client_for(people.finance).post(
        reverse("performance:evaluation_create", args=[seed_project.pk]), {"period": "year_end"}
    )
    evaluation = SelfEvaluation.objects.get()
    viewer = people.client_for(people.viewer)
    assert viewer.get(reverse("performance:evaluation", args=[evaluation.pk])).status_code == 200
    assert viewer.post(reverse("performance:evaluation", args=[evaluation.pk]), {"problems": "x"}).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.problems == ""


def test_the_project_list_keeps_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    client = people.client_for(people.viewer)

    def add_projects(start, count):
        for n in range(start, start + count):
            project = BudgetProject.objects.create(unit=people.unit, year=2000 + n % 30, name=f"项目{n}")
            table = TargetTable.objects.create(unit=people.unit, project=project)
            Indicator.objects.create(
                unit=people.unit,
                table=table,
                position=1,
                level1="产出指标",
                name="x",
                operator=">=",
                target="1",
                kind="quantitative",
            )
            SelfEvaluation.objects.create(unit=people.unit, table=table)

    add_projects(0, 10)
    with django_assert_max_num_queries(20) as baseline:
        assert client.get(reverse("performance:index")).status_code == 200
    add_projects(10, 100)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        page = client.get(reverse("performance:index"))
    assert page.text.count("项目1") >= 10


def test_the_dashboard_shows_this_years_total(seed_project, people):
    page = people.client_for(people.agent).get(reverse("dashboard:index")).text
    assert 'id="dashboard-total">97.33<' in page


_ = io


SETTINGS_FORM = {
    "execution_points": "10",
    "w_output": "40",
    "w_benefit": "40",
    "w_satisfaction": "10",
    "execution_reason_below": "90",
    "overshoot_reason_at": "130",
    "g_excellent": "90",
    "g_good": "80",
    "g_pass": "60",
    "reverse_variant": "ratio",
    "light_red_below": "60",
    "light_green_at": "80",
    "monitoring_months": "6",
}


def test_the_admin_changes_the_scoring_settings_and_scores_follow(seed_project, people):
    response = people.client_for(people.admin).post(reverse("performance:settings"), SETTINGS_FORM)
    assert response.status_code == 302
    people.unit.refresh_from_db()
    assert people.unit.settings["scoring"]["level1_weights"] == {"产出指标": "40", "效益指标": "40", "满意度指标": "10"}
    assert people.unit.settings["scoring"]["monitoring_months"] == 6
    from investdesk.performance import services

    weights = [row[2].weight for row in services.score_table(seed_project.table).rows]
    assert weights[6] == Decimal("13.34")


@pytest.mark.parametrize(
    "change, field",
    [({"w_output": "50"}, "w_output"), ({"g_good": "95"}, "g_good"), ({"light_green_at": "50"}, "light_green_at")],
)
def test_bad_scoring_settings_are_refused_naming_the_field(people, change, field):
    response = people.client_for(people.admin).post(reverse("performance:settings"), {**SETTINGS_FORM, **change})
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in response.text
    people.unit.refresh_from_db()
    assert "scoring" not in people.unit.settings


@pytest.mark.parametrize("persona", ["director", "finance", "agent", "viewer"])
def test_only_the_admin_changes_scoring_settings(people, persona):
    client = people.client_for(getattr(people, persona))
    assert client.get(reverse("performance:settings")).status_code == 200
    assert client.post(reverse("performance:settings"), SETTINGS_FORM).status_code == 403
    people.unit.refresh_from_db()
    assert "scoring" not in people.unit.settings


def test_a_negative_amount_is_refused_naming_the_field(seed_project, people):
    response = people.client_for(people.finance).post(
        reverse("performance:project_edit", args=[seed_project.pk]),
        {"name": seed_project.name, "year": "2022", "spent_yuan": "-5", "budget_yuan": "58000"},
    )
    assert response.status_code == 200
    assert 'data-field-error="spent_yuan"' in response.text
    seed_project.refresh_from_db()
    assert seed_project.spent_yuan == Decimal("52200")
