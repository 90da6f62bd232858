"""A new year's table does not take over (issue 10, defect 8): an imported or copied table is a
draft until adopted (启用); pages show the latest year in force with a year switch; copying or
importing next year's table keeps last year's ledger bindings, rules and weights."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from investdesk.performance import services
from investdesk.performance.lib.tables import parse_table_file
from investdesk.performance.models import BudgetProject, Indicator, SelfEvaluation, TableStatus
from investdesk.performance.tests.fixtures.tables_seed import SEED_PATH

MATERIALS = "公开发放的宣传材料数量"
METRIC = "publicity.materials_distributed"


def import_2023(unit, actor=None) -> BudgetProject:
    result = parse_table_file(SEED_PATH.name, SEED_PATH.read_bytes())
    return services.import_table(unit, result, actor=actor, year=2023, source_name="2023.txt")


@pytest.fixture
def bound_2022(seed_project):
    """The 2022 table in force, its materials indicator bound to the publicity ledger."""
    indicator = seed_project.table.indicators.get(name=MATERIALS)
    services.set_actual(indicator, actor=None, metric=METRIC, manual_actual="", note="")
    return seed_project


def test_importing_next_years_table_makes_a_draft_that_does_not_take_over(bound_2022, people):
    project = import_2023(people.unit, people.finance)
    assert project.table.status == TableStatus.DRAFT
    assert services.in_force_year(people.unit) == 2022
    client = people.client_for(people.agent)
    dashboard = client.get(reverse("dashboard:index")).text
    assert "2022年绩效目标 · 投资服务中心经费" in dashboard and 'id="dashboard-draft"' not in dashboard
    index = client.get(reverse("performance:index")).text
    assert f'href="{reverse("performance:project", args=[bound_2022.pk])}"' in index
    assert f'data-draft="{project.pk}"' in index  # listed apart, to be adopted
    assert index.count(f'href="{reverse("performance:project", args=[project.pk])}"') == 1  # only there


def test_the_year_switch_shows_another_year(bound_2022, people):
    project = import_2023(people.unit)
    client = people.client_for(people.viewer)
    dashboard = client.get(reverse("dashboard:index"), {"year": "2023"}).text
    assert "2023年绩效目标 · 投资服务中心经费" in dashboard and 'id="dashboard-draft"' in dashboard
    assert '<option value="2023" selected>' in dashboard
    index = client.get(reverse("performance:index"), {"year": "2023"}).text
    assert f'href="{reverse("performance:project", args=[project.pk])}"' in index
    assert f'href="{reverse("performance:project", args=[bound_2022.pk])}"' not in index
    every = client.get(reverse("performance:index"), {"year": ""}).text
    assert f'href="{reverse("performance:project", args=[bound_2022.pk])}"' in every


def test_an_import_carries_the_ledger_bindings_over_by_indicator_name(bound_2022, people):
    project = import_2023(people.unit)
    bindings = dict(project.table.indicators.values_list("name", "metric"))
    assert bindings[MATERIALS] == METRIC
    assert sum(1 for metric in bindings.values() if metric) == 1


def test_finance_adopts_the_draft_and_it_takes_over(bound_2022, people):
    project = import_2023(people.unit)
    client = people.client_for(people.finance)
    page = client.get(reverse("performance:project", args=[project.pk])).text
    assert 'id="draft-notice"' in page and 'id="adopt-table"' in page
    assert 'id="start-evaluation"' not in page and 'id="new-monitoring"' not in page
    response = client.post(reverse("performance:table_adopt", args=[project.pk]))
    assert response.status_code == 302
    project.table.refresh_from_db()
    assert (project.table.status, project.table.adopted_by) == (TableStatus.IN_FORCE, people.finance)
    assert services.in_force_year(people.unit) == 2023
    assert "2023年绩效目标 · 投资服务中心经费" in client.get(reverse("dashboard:index")).text
    with pytest.raises(services.Refused, match="已经启用"):
        services.adopt_table(project.table, actor=people.finance)


@pytest.mark.parametrize("persona", ["agent", "viewer"])
def test_only_director_and_finance_adopt(bound_2022, people, persona):
    project = import_2023(people.unit)
    client = people.client_for(getattr(people, persona))
    assert 'id="adopt-table"' not in client.get(reverse("performance:project", args=[project.pk])).text
    assert client.post(reverse("performance:table_adopt", args=[project.pk])).status_code == 403
    project.table.refresh_from_db()
    assert project.table.status == TableStatus.DRAFT


def test_a_draft_table_cannot_be_evaluated(people):
    project = import_2023(people.unit)
    with pytest.raises(services.Refused, match="启用"):
        services.create_evaluation(project.table, actor=people.finance)
    assert SelfEvaluation.objects.count() == 0


def test_the_director_copies_last_years_table_as_next_years_draft(bound_2022, people):
    services.set_level1_weights(
        bound_2022.table,
        actor=None,
        weights={"产出指标": Decimal(40), "效益指标": Decimal(40), "满意度指标": Decimal(10)},
    )
    indicator = bound_2022.table.indicators.get(position=2)
    services.update_indicator(indicator, actor=None, fields={"target": "55"})
    client = people.client_for(people.director)
    response = client.post(reverse("performance:table_copy", args=[bound_2022.pk]))
    copy = BudgetProject.objects.get(unit=people.unit, year=2023)
    assert response["Location"] == reverse("performance:project", args=[copy.pk])
    assert (copy.name, copy.table.status, copy.table.level1_weights) == (
        "投资服务中心经费",
        TableStatus.DRAFT,
        {"产出指标": "40", "效益指标": "40", "满意度指标": "10"},
    )
    fields = ("name", "operator", "target", "rule", "rule_set_by_hand", "metric", "weight")
    assert list(copy.table.indicators.values_list(*fields)) == list(bound_2022.table.indicators.values_list(*fields))
    assert not copy.table.indicators.exclude(manual_actual="").exists()  # last year's values stay there
    assert (copy.spent_yuan, copy.initial_budget_yuan) == (None, None)
    assert services.in_force_year(people.unit) == 2022
    page = client.get(reverse("performance:project", args=[bound_2022.pk])).text
    assert 'id="next-year-link"' in page and 'id="copy-table"' not in page
    again = client.post(reverse("performance:table_copy", args=[bound_2022.pk]), follow=True)
    assert "已存在" in again.text and BudgetProject.objects.filter(year=2023).count() == 1


def test_a_viewer_cannot_copy(bound_2022, people):
    assert (
        people.client_for(people.viewer).post(reverse("performance:table_copy", args=[bound_2022.pk])).status_code
        == 403
    )
    assert not BudgetProject.objects.filter(year=2023).exists()
    assert Indicator.objects.filter(table__project__year=2023).count() == 0


def test_import_targets_makes_a_draft_unless_told_to_adopt(people):
    out = io.StringIO()
    call_command("import_targets", str(SEED_PATH), "--unit", "chenggong", stdout=out, stderr=io.StringIO())
    assert "(a draft" in out.getvalue()
    assert BudgetProject.objects.get().table.status == TableStatus.DRAFT
    call_command("import_targets", str(SEED_PATH), "--unit", "chenggong", "--replace", "--adopt", stdout=out)
    assert BudgetProject.objects.get().table.status == TableStatus.IN_FORCE
