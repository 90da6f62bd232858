"""The enterprise pages, persona by persona."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investdesk.core.models import ImportUpload
from investdesk.enterprises import files, sheet
from investdesk.enterprises.models import Attachment, Contact, Enterprise, PlanStatus, ServicePlanItem, Tag
from investdesk.enterprises.tests.factories import PILOT, VALID, VALID_SHENZHEN, area, contact, enterprise, read_sheet
from investdesk.enterprises.tests.factories import sheet as make_sheet
from investdesk.enterprises.tests.factories import uscc as make_uscc

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def form_data(**fields) -> dict:
    data = {"uscc": VALID, "name": "昆明呈贡新建科技有限公司", "origin": "local", "status": "operating"}
    data["archived_on"] = "2022-06-01"
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


# --- list and navigation ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["agent", "director", "finance", "viewer", "admin"])
def test_every_role_of_the_unit_sees_the_list_and_the_menu_entry(people, who):
    enterprise(people.unit, name="昆明列表科技有限公司")
    enterprise(people.other_unit, name="外单位企业有限公司")
    client = people.client_for(getattr(people, who))
    response = client.get(reverse("enterprises:list"))
    assert response.status_code == 200
    assert "昆明列表科技有限公司" in response.text
    assert "外单位企业有限公司" not in response.text
    assert 'data-nav="enterprises"' in response.text and "一企一档" in response.text
    assert ('id="create-link"' in response.text) is (who in ("agent", "director"))


def test_the_list_keeps_a_fixed_number_of_queries_at_10_and_1000_rows(people):
    street = area(people.unit)
    tag = Tag.objects.create(unit=people.unit, name="专精特新")

    def add(count: int, start: int) -> None:
        made = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    unit=people.unit,
                    uscc=make_uscc(start + n),
                    name=f"批量企业{start + n:05d}有限公司",
                    area=street,
                    service_officer=people.agent,
                    is_key=n % 2 == 0,
                    key_level="district" if n % 2 == 0 else "",
                )
                for n in range(count)
            ]
        )
        Contact.objects.bulk_create(
            [Contact(unit=people.unit, enterprise=e, name="王经理", phone="13812345678") for e in made]
        )
        Enterprise.tags.through.objects.bulk_create([Enterprise.tags.through(enterprise=e, tag=tag) for e in made])

    client = people.client_for(people.viewer)
    url = reverse("enterprises:list") + "?q=批量&origin=local&key_level=key"
    add(10, 100000)
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(990, 200000)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["page"].paginator.count == 500
    assert len(response.context["page"].object_list) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_search_by_pinyin_initials_former_name_and_credit_code(people):
    enterprise(people.unit, name="昆明滇池花卉有限公司", uscc=VALID)
    enterprise(people.unit, name="云南七彩科技有限公司", former_names="呈贡七彩电子经营部", uscc=VALID_SHENZHEN)
    enterprise(people.unit, name="云南金马物流有限公司")
    client = people.client_for(people.viewer)

    def names(query: str) -> list[str]:
        response = client.get(reverse("enterprises:list"), {"q": query})
        return sorted(e.name for e in response.context["page"].object_list)

    assert names("kmdchh") == ["昆明滇池花卉有限公司"]
    assert names("DCHH") == ["昆明滇池花卉有限公司"]
    assert names("七彩电子") == ["云南七彩科技有限公司"]
    assert names("cgqcdz") == ["云南七彩科技有限公司"]  # initials of the former name
    assert names("6k5u8x") == ["昆明滇池花卉有限公司"]
    assert names("914403001922038216") == ["云南七彩科技有限公司"]
    assert names("物流") == ["云南金马物流有限公司"]
    assert names("不存在") == []


def test_the_filters_narrow_the_list(people):
    street, park = area(people.unit, "斗南街道"), area(people.unit, "呈贡信息产业园区", "park")
    tag = Tag.objects.create(unit=people.unit, name="专精特新")
    a = enterprise(people.unit, name="甲有限公司", is_key=True, key_level="city", origin="foreign", area=street)
    enterprise(
        people.unit, name="乙有限公司", origin="domestic_external", area=park, industry_division="65", scale="small"
    )
    enterprise(people.unit, name="丙有限公司", status="moved_out")
    a.tags.add(tag)
    client = people.client_for(people.viewer)

    def names(**params) -> list[str]:
        response = client.get(reverse("enterprises:list"), params)
        return sorted(e.name for e in response.context["page"].object_list)

    assert names(key_level="key") == names(key_level="city") == ["甲有限公司"]
    assert names(key_level="province") == []
    assert names(key_level="none") == ["丙有限公司", "乙有限公司"]
    assert names(origin="external") == ["乙有限公司", "甲有限公司"]
    assert names(origin="foreign") == ["甲有限公司"]
    assert names(area=park.pk) == ["乙有限公司"]
    assert names(industry_section="I") == ["乙有限公司"]
    assert names(tag=tag.pk) == ["甲有限公司"]
    assert names(scale="small") == ["乙有限公司"]
    assert names(status="moved_out") == ["丙有限公司"]
    other_area = area(people.other_unit, "外单位街道")
    assert len(names(area=other_area.pk)) == 3  # another unit's id filters nothing and shows nothing of it


# --- create and edit ----------------------------------------------------------------------------------


def test_the_agent_archives_an_enterprise_and_lands_on_its_page(people):
    street = area(people.unit)
    client = people.client_for(people.agent)
    response = client.post(
        reverse("enterprises:create"),
        form_data(
            registered_capital_wan="500",
            industry_section="I",
            industry_division="65",
            area=street.pk,
            is_key="on",
            key_level="district",
            service_officer=people.agent.pk,
            tags_text="专精特新、规上企业",
        ),
    )
    made = Enterprise.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprises:detail", args=[made.pk])
    assert (made.registered_capital, made.area, made.key_level) == (5000000, street, "district")
    page = client.get(response["Location"])
    assert "昆明呈贡新建科技有限公司" in page.text and "500.00" in page.text
    assert "建档" in page.text  # the timeline starts with the creation


@pytest.mark.parametrize("who", ["finance", "viewer", "admin"])
def test_roles_without_ledger_rights_cannot_create_or_edit(people, who):
    company = enterprise(people.unit)
    client = people.client_for(getattr(people, who))
    assert client.get(reverse("enterprises:create")).status_code == 403
    assert client.post(reverse("enterprises:create"), form_data(uscc=VALID_SHENZHEN)).status_code == 403
    assert client.post(reverse("enterprises:edit", args=[company.pk]), form_data(name="改名")).status_code == 403
    assert Enterprise.objects.count() == 1 and Enterprise.objects.get().name == company.name


def test_an_invalid_credit_code_is_shown_on_its_field_and_nothing_is_saved(people):
    response = people.client_for(people.agent).post(reverse("enterprises:create"), form_data(uscc="123"))
    assert response.status_code == 200
    assert 'data-field-error="uscc"' in response.text
    assert "“123”不是有效的统一社会信用代码" in response.text
    assert 'name="confirm_uscc" id="id_confirm_uscc" class="form-check-input' not in response.text
    assert Enterprise.objects.count() == 0


def test_a_pilot_code_is_saved_only_after_the_confirmation_is_ticked(people):
    client = people.client_for(people.agent)
    first = client.post(reverse("enterprises:create"), form_data(uscc=PILOT))
    assert first.status_code == 200
    assert 'data-field-error="uscc"' in first.text and "校验位" in first.text
    assert 'type="checkbox" name="confirm_uscc"' in first.text
    assert Enterprise.objects.count() == 0
    second = client.post(reverse("enterprises:create"), form_data(uscc=PILOT, confirm_uscc="on"))
    assert second.status_code == 302
    assert Enterprise.objects.get().uscc_confirmed is True
    # Editing it later does not ask again.
    made = Enterprise.objects.get()
    edit = client.get(reverse("enterprises:edit", args=[made.pk]))
    assert 'name="confirm_uscc" value="True"' in edit.text


def test_a_duplicate_credit_code_is_refused_on_its_field(people):
    enterprise(people.unit, name="已有企业有限公司", uscc=VALID)
    response = people.client_for(people.director).post(reverse("enterprises:create"), form_data(name="新企业有限公司"))
    assert response.status_code == 200
    assert 'data-field-error="uscc"' in response.text and "已在档案中：已有企业有限公司" in response.text
    assert Enterprise.objects.count() == 1


def test_a_similar_name_warns_and_saves_after_confirmation(people):
    existing = enterprise(people.unit, name="云南省昆明市呈贡区云投建设有限公司", uscc=VALID_SHENZHEN)
    client = people.client_for(people.agent)
    data = form_data(name="云投建设(集团)股份有限公司")
    first = client.post(reverse("enterprises:create"), data)
    assert first.status_code == 200
    assert 'id="similar-warning"' in first.text and existing.name in first.text
    assert 'type="checkbox" name="confirm_similar"' in first.text
    assert Enterprise.objects.count() == 1
    second = client.post(reverse("enterprises:create"), {**data, "confirm_similar": "on"})
    assert second.status_code == 302
    assert Enterprise.objects.filter(name="云投建设（集团）股份有限公司").exists()


def test_a_division_of_another_section_is_refused(people):
    response = people.client_for(people.agent).post(
        reverse("enterprises:create"), form_data(industry_section="C", industry_division="48")
    )
    assert 'data-field-error="industry_division"' in response.text
    assert Enterprise.objects.count() == 0


def test_the_timeline_shows_the_changes_with_before_and_after(people):
    client = people.client_for(people.agent)
    client.post(reverse("enterprises:create"), form_data(legal_rep="张三"))
    made = Enterprise.objects.get()
    response = client.post(
        reverse("enterprises:edit", args=[made.pk]), form_data(legal_rep="李四", tags_text="专精特新")
    )
    assert response.status_code == 302
    page = client.get(reverse("enterprises:detail", args=[made.pk]))
    timeline = page.text.split('id="timeline"')[1]
    assert "法人代表：张三 → 李四" in timeline
    assert "标签：∅ → 专精特新" in timeline
    assert "张敏" in timeline  # who changed it
    assert timeline.index("修改") < timeline.index("建档")  # newest first
    assert [e.title for e in page.context["timeline"]] == ["修改", "修改", "建档"]


# --- contacts and masking -----------------------------------------------------------------------------


def test_the_viewer_sees_masked_phones_in_the_list_the_page_and_the_export(people):
    company = enterprise(people.unit, name="昆明号码测试有限公司")
    contact(company, "王经理", "13812345678")
    client = people.client_for(people.viewer)
    for url in (reverse("enterprises:list"), reverse("enterprises:detail", args=[company.pk])):
        text = client.get(url).text
        assert "138****5678" in text and "13812345678" not in text
    rows = read_sheet(client.get(reverse("enterprises:export")).content)
    assert rows[1][19] == "138****5678"


def test_the_agent_sees_whole_phones(people):
    company = enterprise(people.unit)
    contact(company, "王经理", "13812345678")
    client = people.client_for(people.agent)
    assert "13812345678" in client.get(reverse("enterprises:list")).text
    assert "13812345678" in client.get(reverse("enterprises:detail", args=[company.pk])).text
    assert read_sheet(client.get(reverse("enterprises:export")).content)[1][19] == "13812345678"


def test_a_contact_with_a_bad_phone_is_refused_on_its_field(people):
    company = enterprise(people.unit)
    client = people.client_for(people.agent)
    url = reverse("enterprises:contact_create", args=[company.pk])
    bad = client.post(url, {"name": "王经理", "post": "总经理", "phone": "12345"})
    assert 'data-field-error="phone"' in bad.text
    assert Contact.objects.count() == 0
    good = client.post(url, {"name": "王经理", "post": "总经理", "phone": "0871-67483280"})
    assert good.status_code == 302
    saved = Contact.objects.get()
    client.post(reverse("enterprises:contact_edit", args=[saved.pk]), {"name": "王总", "phone": "13912345678"})
    assert Contact.objects.get().name == "王总"
    client.post(reverse("enterprises:contact_delete", args=[saved.pk]))
    assert Contact.objects.count() == 0


# --- attachments ------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, company, name: str, content: bytes):
    url = reverse("enterprises:attachment_create", args=[company.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "description": "营业执照"})


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("setup.exe", EXE, "“setup.exe”：只接受 .pdf、"),
        ("营业执照.pdf", EXE, "“营业执照.pdf”不是 PDF 文件：文件内容与扩展名不符。"),
        ("合同.docx", b"PK\x03\x04not really a docx", "“合同.docx”不是 DOCX 文件"),
        ("说明.txt", EXE, "“说明.txt”不是 TXT 文件"),
        ("空.pdf", b"", "所提交的是空文件。"),
    ],
)
def test_forbidden_or_disguised_files_are_refused(people, media, name, content, message):
    company = enterprise(people.unit)
    response = upload(people.client_for(people.agent), company, name, content)
    assert response.status_code == 200
    assert 'data-field-error="file"' in response.text and message in response.text
    assert Attachment.objects.count() == 0
    assert list(media.rglob("*.*")) == []


def test_a_file_over_the_limit_is_refused(people, media, monkeypatch):
    monkeypatch.setattr(files, "MAX_ATTACHMENT_BYTES", 100)
    response = upload(people.client_for(people.agent), enterprise(people.unit), "大.pdf", PDF + b"x" * 100)
    assert "“大.pdf”超过 0 MB。" in response.text
    assert Attachment.objects.count() == 0


def test_an_allowed_file_is_stored_outside_the_web_root_and_served_only_to_the_unit(people, media):
    company = enterprise(people.unit)
    response = upload(people.client_for(people.agent), company, "营业执照.pdf", PDF)
    assert response.status_code == 302
    stored = Attachment.objects.get()
    assert stored.filename == "营业执照.pdf" and stored.size == len(PDF)
    path = Path(stored.file.path)
    assert path.is_relative_to(media / f"units/{people.unit.pk}/enterprises/{company.pk}")
    url = reverse("enterprises:attachment_download", args=[stored.pk])
    download = people.client_for(people.viewer).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert people.client_for(people.outsider).get(url).status_code == 404
    people.client_for(people.agent).post(reverse("enterprises:attachment_delete", args=[stored.pk]))
    assert Attachment.objects.count() == 0


def test_a_real_docx_is_accepted(people, media):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = upload(people.client_for(people.agent), enterprise(people.unit), "方案.docx", buffer.getvalue())
    assert response.status_code == 302
    assert Attachment.objects.get().filename == "方案.docx"


# --- service plan ------------------------------------------------------------------------------------------


def test_the_agent_plans_a_service_and_an_overdue_item_is_marked(people):
    company = enterprise(people.unit)
    client = people.client_for(people.agent)
    past = (date.today() - timedelta(days=3)).isoformat()
    response = client.post(
        reverse("enterprises:plan_item_create", args=[company.pk]),
        {"content": "协助申报专精特新", "owner": people.agent.pk, "due_on": past, "status": "planned"},
    )
    assert response.status_code == 302
    page = client.get(reverse("enterprises:detail", args=[company.pk]))
    assert 'data-overdue="1"' in page.text and "已逾期" in page.text
    item = ServicePlanItem.objects.get()
    client.post(
        reverse("enterprises:plan_item_edit", args=[item.pk]),
        {"content": item.content, "owner": people.agent.pk, "due_on": past, "status": "done"},
    )
    item.refresh_from_db()
    assert (item.status, item.done_on) == (PlanStatus.DONE, date.today())
    refused = client.post(
        reverse("enterprises:plan_item_edit", args=[item.pk]),
        {"content": item.content, "status": "cancelled"},
    )
    assert 'data-field-error="status"' in refused.text
    assert ServicePlanItem.objects.get().status == PlanStatus.DONE


# --- import, template, export -----------------------------------------------------------------------------


def test_import_through_upload_preview_and_confirm(people):
    client = people.client_for(people.agent)
    data = make_sheet(
        [["统一社会信用代码", "企业名称"], [VALID, "昆明导入甲有限公司"], [VALID_SHENZHEN, "昆明导入乙有限公司"]]
    )
    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("台账.xlsx", data)})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "昆明导入甲有限公司" in preview.text and 'id="import-confirm-button"' in preview.text
    assert Enterprise.objects.count() == 0
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == ["昆明导入乙有限公司", "昆明导入甲有限公司"]
    assert ImportUpload.objects.count() == 0


def test_a_bad_import_shows_every_row_and_offers_no_save(people):
    client = people.client_for(people.agent)
    data = make_sheet([["统一社会信用代码", "企业名称", "成立日期"], ["bad", "甲", ""], [VALID, "乙", "2022-13-01"]])
    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("台账.xlsx", data)})
    preview = client.get(response["Location"])
    assert 'data-row="2"' in preview.text and 'data-row="3"' in preview.text
    assert 'id="import-confirm-button"' not in preview.text
    client.post(response["Location"])
    assert Enterprise.objects.count() == 0


def test_only_xlsx_files_are_taken_for_import(people):
    response = people.client_for(people.agent).post(
        reverse("enterprises:import"), {"file": SimpleUploadedFile("台账.xls", b"x")}
    )
    assert 'data-field-error="file"' in response.text
    assert ImportUpload.objects.count() == 0


def test_the_preview_belongs_to_who_uploaded_it(people):
    data = make_sheet([["统一社会信用代码", "企业名称"], [VALID, "甲"]])
    mine = ImportUpload.objects.create(
        unit=people.unit, kind="enterprises", created_by=people.agent, filename="a.xlsx", data=data
    )
    assert (
        people.client_for(people.director).get(reverse("enterprises:import_preview", args=[mine.pk])).status_code == 404
    )


def test_the_template_and_the_filtered_export_download(people):
    enterprise(people.unit, name="重点甲有限公司", is_key=True, key_level="city")
    enterprise(people.unit, name="普通乙有限公司")
    client = people.client_for(people.viewer)
    template = client.get(reverse("enterprises:template"))
    assert read_sheet(template.content)[0][0] == "统一社会信用代码*"
    export = client.get(reverse("enterprises:export"), {"key_level": "key"})
    assert "attachment" in export["Content-Disposition"]
    assert [row[1] for row in read_sheet(export.content)[1:]] == ["重点甲有限公司"]


# --- streets and parks ---------------------------------------------------------------------------------------


def test_the_director_keeps_the_streets_and_parks_and_others_only_read_them(people):
    director = people.client_for(people.director)
    response = director.post(reverse("enterprises:areas"), {"name": "七甸街道", "kind": "street", "position": 1})
    assert response.status_code == 302
    street = Enterprise._meta.get_field("area").related_model.objects.get()
    duplicate = director.post(reverse("enterprises:areas"), {"name": "七甸街道", "kind": "street", "position": 2})
    assert 'data-field-error="name"' in duplicate.text
    agent = people.client_for(people.agent)
    assert "七甸街道" in agent.get(reverse("enterprises:areas")).text
    assert (
        agent.post(reverse("enterprises:areas"), {"name": "洛龙街道", "kind": "street", "position": 2}).status_code
        == 403
    )
    assert agent.post(reverse("enterprises:area_delete", args=[street.pk])).status_code == 403
    director.post(
        reverse("enterprises:area_edit", args=[street.pk]), {"name": "七甸街道办", "kind": "street", "position": 1}
    )
    street.refresh_from_db()
    assert street.name == "七甸街道办"
    director.post(reverse("enterprises:area_delete", args=[street.pk]))
    assert not type(street).objects.exists()


def test_the_pages_switch_to_english(people):
    company = enterprise(people.unit, is_key=True, key_level="province", origin="foreign")
    client = people.client_for(people.director)
    client.cookies["django_language"] = "en"
    listing = client.get(reverse("enterprises:list"))
    assert "Enterprise archive" in listing.text and "province key" in listing.text
    page = client.get(reverse("enterprises:detail", args=[company.pk]))
    assert "Tailored service plan" in page.text and "foreign-invested" in page.text
    template = read_sheet(client.get(reverse("enterprises:template")).content)
    assert template[0][:2] == ["Unified social credit code*", "Enterprise name*"]
    # An English sheet imports into a Chinese session: headers and choices are read in both languages.
    english = make_sheet(
        [["Unified social credit code", "Enterprise name", "Enterprise origin"], [VALID, "甲", "local"]]
    )
    assert [r.enterprise.origin for r in sheet.plan_import(people.unit, english).rows] == ["local"]
