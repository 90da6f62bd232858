"""English mode (issue 10, defect 11): grades, survey channels and the module menu in the
interface language, while what is stored and printed by the command line stays as it is."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from investdesk.core import navigation
from investdesk.performance.grades import grade_label
from investdesk.performance.tests.conftest import adopted_seed
from investdesk.surveys import services as survey_services
from investdesk.surveys.models import Channel
from investdesk.surveys.tests.conftest import answer, make_survey

pytestmark = pytest.mark.django_db


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def test_grades_show_in_the_interface_language_and_unknown_names_as_they_are():
    with translation.override("en"):
        assert [grade_label(g) for g in ("优", "良", "中", "差")] == ["Excellent", "Good", "Fair", "Poor"]
        assert (grade_label("A级"), grade_label(None)) == ("A级", "")
    with translation.override("zh-hans"):
        assert [grade_label(g) for g in ("优", "良", "中", "差")] == ["优", "良", "中", "差"]


def test_the_target_table_shows_its_grade_in_english_and_stores_it_in_chinese(people):
    project = adopted_seed(people.unit)
    client = people.client_for(people.director)
    chinese = client.get(reverse("performance:project", args=[project.pk])).content.decode()
    grade = re.search(r'id="live-grade">([^<]*)<', chinese).group(1)
    assert grade in ("优", "良", "中", "差")
    shown = re.search(
        r'id="live-grade">([^<]*)<',
        english(client).get(reverse("performance:project", args=[project.pk])).content.decode(),
    )
    assert shown.group(1) == {"优": "Excellent", "良": "Good", "中": "Fair", "差": "Poor"}[grade]


def test_survey_results_name_the_channels_in_english(people):
    survey_services.ensure_channels(people.unit)
    survey = make_survey(people.unit)
    answer(survey, ["satisfied"], channel=Channel.objects.for_unit(people.unit).get(code="wechat"))
    client = english(people.client_for(people.director))
    results = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    channels = re.search(r'id="by-channel">.*?</table>', results, re.S).group(0)
    assert "WeChat official account" in channels and "公众号" not in channels
    detail = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert re.search(r'data-poster="wechat">WeChat official account<', detail)


def test_the_module_menu_has_short_english_labels_and_its_chinese_names(people):
    membership = people.director.memberships.get()
    with translation.override("en"):
        english_labels = [str(i["label"]) for i in navigation.items_for(membership)]
    with translation.override("zh-hans"):
        chinese_labels = [str(i["label"]) for i in navigation.items_for(membership)]
    assert "Targets" in english_labels and "绩效目标" in chinese_labels
    assert max(len(label) for label in english_labels) <= 12, english_labels
    assert len(chinese_labels) == len(english_labels) >= 11
