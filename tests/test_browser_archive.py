"""In Chromium, across 一企一档 and projects: create an enterprise, add its project, complete an
approval item, and find the completion on the enterprise's timeline."""

import pytest

from investdesk.enterprises.models import Enterprise
from investdesk.projects.models import ApprovalItem, InvestmentProject
from tests.browser import login
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_archives_an_enterprise_adds_a_project_and_completes_an_approval_item(page, people):
    login(page, "zhangmin", PASSWORD)
    page.wait_for_url("**/dashboard/")

    page.click("a[data-nav=enterprises]")
    page.click("#create-link")
    page.fill("#enterprise-form input[name=uscc]", "91530114MA6K5U8X61")
    page.fill("#enterprise-form input[name=name]", "昆明云投新能源科技有限公司")
    page.click("#save-button")
    page.wait_for_selector("#timeline")
    enterprise = Enterprise.objects.get(unit=people.unit)
    assert enterprise.uscc == "91530114MA6K5U8X61"

    page.click("#add-project-link")
    page.fill("#project-form input[name=name]", "新能源电池组装基地")
    page.fill("#project-form input[name=project_code]", "2022-530114-38-03-123456")
    page.select_option("#project-form select[name=approval_type]", "filing")
    page.click("#save-project")
    page.wait_for_selector("#project-title")
    assert page.inner_text("#project-title") == "新能源电池组装基地"
    project = InvestmentProject.objects.get(unit=people.unit)
    assert project.enterprise_id == enterprise.pk

    item = ApprovalItem.objects.filter(project=project).order_by("stage", "position").first()
    page.click(f"tr[data-item='{item.pk}'] a[data-action=edit-item]")
    page.select_option("#item-form select[name=status]", "completed")
    page.fill("#item-form input[name=submitted_on]", "2022-09-28")
    page.fill("#item-form input[name=accepted_on]", "2022-09-29")
    page.fill("#item-form input[name=completed_on]", "2022-10-10")
    page.fill("#item-form input[name=document_number]", "呈发改备〔2022〕88号")
    page.click("#save-item")
    page.wait_for_selector(f"tr[data-item='{item.pk}'][data-status=completed]")
    item.refresh_from_db()
    assert (item.status, item.document_number) == ("completed", "呈发改备〔2022〕88号")

    page.click("#enterprise-link")
    page.wait_for_selector("#timeline")
    timeline = page.inner_text("#timeline")
    assert item.name in timeline
    assert "呈发改备〔2022〕88号" in timeline
    assert "新能源电池组装基地" in page.inner_text("#enterprise-projects")
