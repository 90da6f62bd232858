"""Where the archive and the projects meet: search by project code, the enterprise page's section."""

from django.urls import reverse

from investdesk.projects.tests.conftest import code, make_enterprise, make_project


def test_the_enterprise_list_finds_an_enterprise_by_its_project_code(people):
    first = make_enterprise(people.unit, "昆明呈祥智能制造有限公司", n=1)
    make_enterprise(people.unit, "云南金马物流有限公司", n=2)
    make_project(people.unit, first, project_code=code(778899))
    response = people.client_for(people.viewer).get(reverse("enterprises:list"), {"q": "778899"})
    assert [e.name for e in response.context["page"].object_list] == ["昆明呈祥智能制造有限公司"]


def test_the_enterprise_page_lists_its_projects_and_offers_to_add_one_to_editors(people, project):
    url = reverse("enterprises:detail", args=[project.enterprise_id])
    agent_page = people.client_for(people.agent).get(url).text
    section = agent_page.split('id="enterprise-projects"')[1].split("</ul>")[0]
    assert project.name in section
    assert f'href="{reverse("projects:create")}?enterprise={project.enterprise_id}"' in agent_page
    viewer_page = people.client_for(people.viewer).get(url).text
    assert 'id="add-project-link"' not in viewer_page
    assert project.name in viewer_page
