"""Breadcrumbs on every form and import preview (e.g. 一企一档 › 昆明某公司 › 编辑): one tag,
`{% breadcrumbs %}`, rendering includes/breadcrumbs.html."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from investdesk.projects.tests.conftest import make_enterprise

ROOT = Path(__file__).resolve().parent.parent / "investdesk"
FORM_PAGE = re.compile(r"(form|import|preview|settings|edit|copy|weights|actual|plan|confirm_delete|password_change)")
TRAIL = re.compile(r'<ol class="breadcrumb[^"]*" id="breadcrumbs">(.*?)</ol>', re.S)
ITEM = re.compile(r'<li class="breadcrumb-item[^"]*"[^>]*>(?:<a href="([^"]*)">)?([^<]*)')


def form_templates() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.glob("*/templates/*/**/*.html"))
        if FORM_PAGE.search(path.stem) and not path.name.startswith("_")
    ]


def trail(html: str) -> list[tuple[str, str]]:
    found = TRAIL.search(html)
    assert found, "the page has no breadcrumbs"
    return [(label.strip(), href) for href, label in ITEM.findall(found.group(1))]


def test_every_form_and_preview_template_uses_the_one_breadcrumb_tag():
    templates = form_templates()
    assert len(templates) >= 50
    missing = [str(p.relative_to(ROOT)) for p in templates if "{% breadcrumbs" not in p.read_text(encoding="utf-8")]
    assert missing == []
    by_hand = [str(p.relative_to(ROOT)) for p in templates if 'class="breadcrumb ' in p.read_text(encoding="utf-8")]
    assert by_hand == []


def test_the_tag_links_names_and_paths_and_leaves_the_current_page_unlinked():
    html = Template(
        '{% load investdesk %}{% breadcrumbs "一企一档" "enterprises:list" name "/enterprises/7/" "编辑" %}'
    ).render(Context({"name": "昆明某公司"}))
    assert trail(html) == [("一企一档", "/enterprises/"), ("昆明某公司", "/enterprises/7/"), ("编辑", "")]
    assert 'aria-current="page">编辑' in html


def test_a_label_without_its_link_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load investdesk %}{% breadcrumbs "一企一档" "编辑" %}').render(Context())


@pytest.mark.django_db
def test_the_enterprise_form_shows_archive_enterprise_and_edit(people):
    enterprise = make_enterprise(people.unit, "昆明某公司")
    client = people.client_for(people.agent)
    edit = client.get(reverse("enterprises:edit", args=[enterprise.pk])).content.decode()
    assert trail(edit) == [
        ("一企一档", "/enterprises/"),
        ("昆明某公司", f"/enterprises/{enterprise.pk}/"),
        ("编辑", ""),
    ]
    new = client.get(reverse("enterprises:create")).content.decode()
    assert trail(new) == [("一企一档", "/enterprises/"), ("新建企业档案", "")]
    contact = client.get(reverse("enterprises:contact_create", args=[enterprise.pk])).content.decode()
    assert trail(contact)[:2] == [("一企一档", "/enterprises/"), ("昆明某公司", f"/enterprises/{enterprise.pk}/")]


@pytest.mark.django_db
def test_an_import_preview_leads_back_to_the_upload_and_the_list(people):
    client = people.client_for(people.agent)
    upload = client.get(reverse("enterprises:import")).content.decode()
    assert trail(upload) == [("一企一档", "/enterprises/"), ("导入企业", "")]
