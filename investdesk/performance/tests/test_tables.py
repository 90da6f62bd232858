"""Tests of the pure 绩效目标表 parser (no database, no Django)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from investdesk.performance.lib.tables import (
    INTERNAL_ERROR,
    ParsedIndicator,
    ParsedProject,
    ParseIssue,
    ParseResult,
    normalise_operator,
    parse_docx,
    parse_table_file,
    parse_text,
    parse_xlsx,
    split_target,
)
from investdesk.performance.tests.fixtures.tables_seed import (
    SEED_ANNUAL_GOAL,
    SEED_INDICATORS,
    SEED_OVERALL_GOAL,
    SEED_PATH,
    SEED_UNIT,
    build_seed_docx,
    build_seed_xlsx,
)

SHARED_SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "000_82a9b2ebbd693ac0.txt"


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def without_source(indicators: list[ParsedIndicator]) -> list[ParsedIndicator]:
    return [dataclasses.replace(indicator, source="") for indicator in indicators]


def messages(issues: list[ParseIssue]) -> list[str]:
    return [str(issue) for issue in issues]


# ------------------------------------------------------------------ the seed


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared/ is not beside the repository")
def test_the_fixture_is_an_exact_copy_of_the_shared_seed() -> None:
    assert SEED_PATH.read_bytes() == SHARED_SEED.read_bytes()


def test_it_imports_the_seeds_eleven_indicators_field_by_field() -> None:
    result = parse_text(seed_text())

    assert result.errors == []
    assert result.warnings == []
    assert result.ok is True
    assert len(result.indicators) == 11
    for parsed, expected in zip(result.indicators, SEED_INDICATORS, strict=True):
        assert parsed == expected


def test_it_reads_the_seeds_first_indicator_exactly() -> None:
    first = parse_text(seed_text()).indicators[0]

    assert first == ParsedIndicator(
        level1="产出指标",
        level2="数量指标",
        name="公开发放的宣传材料数量",
        operator=">=",
        target="100",
        measure_unit="份（部、个、幅、条）",
        kind="quantitative",
        rule_text="完成量未达80%的该项计0分，满分100分。",
        description="反映制作宣传横幅、宣传册等的数量情况。",
        basis="2021年工作总结",
        weight=None,
        source="第98行",
    )


def test_it_reads_the_seeds_special_rows() -> None:
    by_name = {i.name: i for i in parse_text(seed_text()).indicators}

    cost = by_name["严格按照厉行节约，控制支出成本"]
    assert (cost.level2, cost.operator, cost.target, cost.measure_unit, cost.kind) == (
        "成本指标",
        "=",
        "100",
        "%",
        "qualitative",
    )
    efficiency = by_name["提高投资项目审批及服务效率"]
    assert (efficiency.operator, efficiency.target) == (">", "90")
    assert by_name["媒体关注量"].description == (
        "反映通过相关媒体、网络等宣传形成点赞、关注、转发量的情况。\n"
        "（具体应用时指标名称可根据具体项目主要的宣传方式进行具体化，比如主要通过官方网站宣传，"
        "则可设置成官方网站点击浏览量。）"
    )


def test_it_reads_the_seeds_project_header() -> None:
    project = parse_text(seed_text()).project

    assert project.name == "投资服务中心经费"
    assert project.unit_name == SEED_UNIT
    assert project.department is None
    assert project.year == 2022
    assert project.budget_yuan == Decimal("58000.00")
    assert (project.overall_goal_start_year, project.overall_goal_end_year) == (2022, 2024)
    assert project.overall_goal == SEED_OVERALL_GOAL
    assert project.annual_goal == SEED_ANNUAL_GOAL
    assert project.annual_goal.startswith("一、保障区投资服务中心")
    assert len(project.annual_goal.split("\n")) == 4
    assert project.funding_text == "全年安排资金5.8万元。"
    assert project.basis.startswith("关于明确昆明市呈贡区投资服务中心有关机构编制事项的通知（呈编通〔2019〕5号）")
    assert project.basis.endswith("等文件。")
    assert project.overview.startswith("投资服务中心经费用于保障区投资服务中心日常工作正常开展")
    assert [line[:3] for line in project.content.split("\n")] == ["（一）", "（二）", "（三）"]
    assert project.plan.startswith("投资服务中心经费项目开展时间为2022年1月1日至2022年12月31日")
    assert project.effect.startswith("通过项目的开展")
    assert project.effect.endswith("便利化的营商环境。")


def test_it_reads_the_seeds_unit_info() -> None:
    info = parse_text(seed_text()).project.unit_info

    assert set(info) == {"uscc", "address", "phone", "legal_rep", "funding_source", "profile"}
    assert info["uscc"] == "12530121MB1E44219W"
    assert info["address"] == "昆明市呈贡区呈祥街下沉广场政务服务中心C区"
    assert info["phone"] == "67483280"
    assert info["legal_rep"] == "孙浩"
    assert info["funding_source"] == "财政全额拨款"
    assert info["profile"].startswith("昆明市呈贡区投资服务中心为昆明市呈贡区人民政府直属事业单位")


def test_the_seed_result_is_json_ready() -> None:
    data = parse_text(seed_text()).to_dict()

    assert data["project"]["name"] == "投资服务中心经费"
    assert data["project"]["unit"] == SEED_UNIT
    assert data["project"]["year"] == 2022
    assert data["project"]["budget_yuan"] == "58000.00"
    assert data["project"]["overall_goal_years"] == [2022, 2024]
    assert data["project"]["department"] is None
    assert data["warnings"] == [] and data["errors"] == []
    assert data["indicators"][0] == {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "公开发放的宣传材料数量",
        "operator": ">=",
        "target": "100",
        "measure_unit": "份（部、个、幅、条）",
        "kind": "quantitative",
        "rule_text": "完成量未达80%的该项计0分，满分100分。",
        "description": "反映制作宣传横幅、宣传册等的数量情况。",
        "basis": "2021年工作总结",
        "weight": None,
        "source": "第98行",
    }


def test_it_reads_the_seed_saved_with_windows_line_endings_and_a_bom() -> None:
    data = ("\ufeff" + seed_text().replace("\n", "\r\n")).encode("utf-8")

    result = parse_table_file("SEED.TXT", data)

    assert result.indicators == SEED_INDICATORS


def test_it_reads_the_seed_saved_as_gb18030() -> None:
    result = parse_table_file("seed.txt", seed_text().encode("gb18030"))

    assert result.indicators == SEED_INDICATORS
    assert result.project.budget_yuan == Decimal("58000.00")


# ------------------------------------------------------------------ Word and Excel


def test_a_word_table_with_merged_cells_gives_the_seeds_indicators() -> None:
    result = parse_docx(build_seed_docx())

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == without_source(SEED_INDICATORS)
    assert result.indicators[0].source == "表1 第3行"


def test_a_word_table_repeating_the_level_text_in_every_row_reads_the_same() -> None:
    result = parse_docx(build_seed_docx(merge=False))

    assert without_source(result.indicators) == without_source(SEED_INDICATORS)


def test_it_reads_the_project_header_from_word_paragraphs() -> None:
    project = parse_docx(build_seed_docx()).project

    assert project.name == "投资服务中心经费"
    assert project.unit_name == SEED_UNIT
    assert project.year == 2022
    assert project.budget_yuan == Decimal("58000.00")
    assert project.overall_goal == SEED_OVERALL_GOAL
    assert (project.overall_goal_start_year, project.overall_goal_end_year) == (2022, 2024)
    assert project.annual_goal == SEED_ANNUAL_GOAL


def test_an_excel_grid_with_merged_cells_gives_the_seeds_indicators() -> None:
    result = parse_xlsx(build_seed_xlsx())

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == without_source(SEED_INDICATORS)
    assert result.indicators[0].source == "Sheet1 第8行"


def test_it_reads_the_official_excel_header_rows() -> None:
    project = parse_xlsx(build_seed_xlsx()).project

    assert project.name == "投资服务中心经费"
    assert project.department == "昆明市呈贡区人民政府"
    assert project.unit_info == {"department": "昆明市呈贡区人民政府"}
    assert project.unit_name == SEED_UNIT
    assert project.year == 2022
    assert project.budget_yuan == Decimal("58000.00")
    assert project.overall_goal == SEED_OVERALL_GOAL
    assert (project.overall_goal_start_year, project.overall_goal_end_year) == (2022, 2024)
    assert project.annual_goal == SEED_ANNUAL_GOAL


def test_a_word_file_with_the_header_block_as_its_own_table() -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("项目支出绩效目标表（2023年度）")
    header = document.add_table(rows=3, cols=4)
    for row, cells in enumerate(
        [
            ["项目名称", "示例项目", "", ""],
            ["主管部门", "示例局", "实施单位", "示例中心"],
            ["项目资金（万元）", "年度资金总额", "12.5", ""],
        ]
    ):
        for col, text in enumerate(cells):
            header.cell(row, col).text = text
    header.cell(0, 1).merge(header.cell(0, 3))
    grid = document.add_table(rows=2, cols=4)
    for col, text in enumerate(["三级指标", "指标性质", "指标值", "评（扣）分标准"]):
        grid.cell(0, col).text = text
    for col, text in enumerate(["走访企业", "≥", "45个", "未达80%计0分"]):
        grid.cell(1, col).text = text
    buffer = io.BytesIO()
    document.save(buffer)

    result = parse_docx(buffer.getvalue())

    assert result.errors == [] and result.warnings == []
    project = result.project
    assert (project.name, project.department, project.unit_name) == ("示例项目", "示例局", "示例中心")
    assert (project.year, project.budget_yuan) == (2023, Decimal("125000.00"))
    assert [(i.name, i.operator, i.target, i.measure_unit, i.source) for i in result.indicators] == [
        ("走访企业", ">=", "45", "个", "表2 第2行")
    ]


def _xlsx(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "目标"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_numbers_read_as_written_and_errors_name_the_cell() -> None:
    data = _xlsx(
        [
            ["三级指标", "指标性质", "指标值", "度量单位", "指标属性", "评（扣）分标准", "分值"],
            ["比例", "≥", 0.5, "%", "定量指标", "未达计0分", 10.0],
            ["数量", "≥", 100.0, "个", "定量指标", "未达计0分", 80],
            ["坏值", "≥", "很多", "个", "定量指标", "未达计0分", 10],
        ]
    )

    result = parse_xlsx(data)

    assert [(i.name, i.target, i.weight) for i in result.indicators] == [
        ("比例", "0.5", Decimal("10")),
        ("数量", "100", Decimal("80")),
    ]
    assert messages(result.errors) == ["目标!C4：指标值“很多”不是数字"]


def test_an_excel_workbook_is_read_from_the_sheet_holding_the_grid() -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "封面"
    workbook.active.append(["填报说明"])
    sheet = workbook.create_sheet("目标表")
    sheet.append(["项目名称", "第二页项目"])
    sheet.append(["三级指标", "指标值", "评（扣）分标准"])
    sheet.append(["走访企业", "≥45个", "未达80%计0分"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = parse_xlsx(buffer.getvalue())

    assert result.project.name == "第二页项目"
    assert [(i.name, i.target, i.source) for i in result.indicators] == [("走访企业", "45", "目标表 第3行")]


# ------------------------------------------------------------------ other text layouts

EXPECTED_SMALL = [
    ParsedIndicator(
        "产出指标", "数量指标", "走访企业", ">=", "45", "个", "quantitative", "未达80%计0分", None, None, None
    ),
    ParsedIndicator(
        "产出指标", "数量指标", "稿件数量", ">=", "50", "篇", "quantitative", "未达80%计0分", None, None, None
    ),
    ParsedIndicator(
        "效益指标", "社会效益指标", "知晓率", ">=", "80", "%", "qualitative", "未达80%计0分", None, None, None
    ),
]


def test_it_reads_a_markdown_pipe_table_with_header_lines() -> None:
    text = """项目名称：示例项目
实施单位：示例中心
资金总额：12.5万元

| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 指标属性 | 评（扣）分标准 |
|---|---|---|:---:|---|---|---|---|
| 产出指标 | 数量指标 | 走访企业 | ≥ | 45 | 个 | 定量指标 | 未达80%计0分 |
| | | 稿件数量 | ＞＝ | 50 | 篇 | 定量指标 | 未达80%计0分 |
| 效益指标 | | | | | | | |
| | 社会效益指标 | 知晓率 | 不低于 | 80 | % | 定性指标 | 未达80%计0分 |
"""
    result = parse_text(text)

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == EXPECTED_SMALL
    assert [i.source for i in result.indicators] == ["第7行", "第8行", "第10行"]
    assert (result.project.name, result.project.unit_name) == ("示例项目", "示例中心")
    assert result.project.budget_yuan == Decimal("125000.00")


def test_it_reads_one_row_per_line_with_tabs() -> None:
    text = (
        "项目名称\t表格复制\n"
        "预算资金：125000元\n"
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t指标属性\t评（扣）分标准\n"
        "产出指标\t数量指标\t走访企业\t>=\t45\t个\t定量指标\t未达80%计0分\n"
        "\t\t稿件数量\t>=\t50\t篇\t定量指标\t未达80%计0分\n"
        "效益指标\t社会效益指标\t知晓率\t>=\t80\t%\t定性指标\t未达80%计0分\n"
    )
    result = parse_text(text)

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == EXPECTED_SMALL
    assert result.project.name == "表格复制"
    assert result.project.budget_yuan == Decimal("125000.00")


def test_a_spreadsheet_copy_keeps_line_breaks_inside_quoted_cells() -> None:
    text = '三级指标\t指标值\t评（扣）分标准\n走访企业\t≥45个\t"第一句\n第二句"\n稿件\t50篇\t未达计0分\n'

    result = parse_text(text)

    assert [(i.name, i.operator, i.target, i.measure_unit, i.rule_text) for i in result.indicators] == [
        ("走访企业", ">=", "45", "个", "第一句\n第二句"),
        ("稿件", "=", "50", "篇", "未达计0分"),
    ]
    assert messages(result.warnings) == ["第4行：指标“稿件”没有指标性质，按“=”处理"]


def test_it_reads_cells_separated_by_runs_of_spaces() -> None:
    text = """项目名称：PDF项目    资金：3万
一级指标  二级指标  三级指标  指标性质  指标值  度量单位  指标属性  评（扣）分标准
产出指标  数量指标  走访企业  >=  45  个  定量指标  未达80%计0分
稿件数量  ≥  50  篇  定量指标  未达80%计0分
效益指标
社会效益指标
知晓率　大于等于　80　%　定性指标　未达80%计0分
"""
    result = parse_text(text)

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == EXPECTED_SMALL
    assert (result.project.name, result.project.budget_yuan) == ("PDF项目", Decimal("30000.00"))


def test_it_reads_one_cell_per_line_without_tabs() -> None:
    text = """项目名称：一行一格
年度：2023

一级指标
二级指标
三级指标
指标性质
指标值
度量单位
指标属性
评（扣）分标准

产出指标
数量指标
走访企业
≥
45
个
定量指标
未达80%计0分

稿件数量
≥
50
篇
定量指标
未达80%计0分

效益指标
社会效益指标

知晓率
≥
80
%
定性指标
未达80%计0分
"""
    result = parse_text(text)

    assert result.errors == [] and result.warnings == []
    assert without_source(result.indicators) == EXPECTED_SMALL
    assert [i.source for i in result.indicators] == ["第13行", "第22行", "第32行"]
    assert (result.project.name, result.project.year) == ("一行一格", 2023)


def test_columns_are_mapped_by_name_in_any_order_with_a_weight_column() -> None:
    text = """| 三级指标 | 分值 | 指标值 | 评分标准 | 一级指标 | 二级指标 | 指标内容 | 数据来源 |
| 走访企业 | 30 | ≥45个 | 未达80%计0分 | 产出指标 | 数量指标 | 走访次数 | 台账 |
| 满意度 | 60 | ≥90% | 未超过90%计0分 | 满意度指标 | 服务对象满意度指标 | 问卷 | 调查 |
"""
    result = parse_text(text)

    assert result.errors == []
    assert without_source(result.indicators) == [
        ParsedIndicator(
            "产出指标",
            "数量指标",
            "走访企业",
            ">=",
            "45",
            "个",
            "quantitative",
            "未达80%计0分",
            "走访次数",
            "台账",
            Decimal("30"),
        ),
        ParsedIndicator(
            "满意度指标",
            "服务对象满意度指标",
            "满意度",
            ">=",
            "90",
            "%",
            "quantitative",
            "未超过90%计0分",
            "问卷",
            "调查",
            Decimal("60"),
        ),
    ]
    assert result.warnings == []


def test_weights_adding_up_to_ninety_or_a_hundred_raise_no_warning() -> None:
    text = "三级指标|指标值|评分标准|分值\nA|≥1|r|50\nB|≥2|r|40\n"
    other = "三级指标|指标值|评分标准|分值\nA|≥1|r|50\nB|≥2|r|30\n"

    assert parse_text(text).warnings == []
    assert messages(parse_text(other).warnings) == ["分值合计为80，应为100（或扣除预算执行率10分后的90）"]


def test_operator_and_unit_in_the_target_cell_fill_empty_columns() -> None:
    text = """三级指标|指标性质|指标值|度量单位|评分标准
A||≥100份||r
B|<=|≤5%||r
C|=|=100%|%|r
D||不低于95%||r
E||１００||r
"""
    result = parse_text(text)

    assert [(i.name, i.operator, i.target, i.measure_unit, i.kind) for i in result.indicators] == [
        ("A", ">=", "100", "份", "quantitative"),
        ("B", "<=", "5", "%", "quantitative"),
        ("C", "=", "100", "%", "quantitative"),
        ("D", ">=", "95", "%", "quantitative"),
        ("E", "=", "100", None, "quantitative"),
    ]
    assert messages(result.warnings) == ["第6行：指标“E”没有指标性质，按“=”处理"]


def test_a_qualitative_indicator_keeps_its_text_target() -> None:
    text = (
        "三级指标|指标性质|指标值|指标属性|评分标准\n"
        "群众满意度|定性|好|定性指标|好/较好/一般/较差\n"
        "规范性||基本规范||r\n"
    )

    result = parse_text(text)

    assert [(i.name, i.operator, i.target, i.kind) for i in result.indicators] == [
        ("群众满意度", "qualitative", "好", "qualitative"),
        ("规范性", "qualitative", "基本规范", "qualitative"),
    ]
    assert result.errors == [] and result.warnings == []


def test_budget_in_wan_alone_and_a_title_year() -> None:
    text = "项目支出绩效目标表（2024年度）\n项目资金：3.25万\n三级指标|指标值|评分标准\nA|≥1|r\n"

    project = parse_text(text).project

    assert (project.year, project.budget_yuan) == (2024, Decimal("32500.00"))


# ------------------------------------------------------------------ operators and targets

OPERATOR_SPELLINGS = [
    *[(s, ">=") for s in ("≥", ">=", "＞＝", "≧", "大于等于", "不低于", "不少于", "＞=", ">＝")],
    *[(s, "<=") for s in ("≤", "<=", "＜＝", "≦", "小于等于", "不高于", "不超过", "不多于")],
    *[(s, "=") for s in ("=", "＝", "等于")],
    *[(s, ">") for s in (">", "＞", "大于", "高于", "超过")],
    *[(s, "<") for s in ("<", "＜", "小于", "低于", "少于")],
    ("定性", "qualitative"),
    (" ≥ ", ">="),
    ("约等于", None),
    ("", None),
    (None, None),
    ("大约", None),
]


@pytest.mark.parametrize(("spelling", "expected"), OPERATOR_SPELLINGS)
def test_it_normalises_every_operator_spelling(spelling: str | None, expected: str | None) -> None:
    assert normalise_operator(spelling) == expected


@pytest.mark.parametrize(("spelling", "expected"), [(s, e) for s, e in OPERATOR_SPELLINGS if e and s])
def test_every_operator_spelling_works_in_the_operator_column(spelling: str, expected: str) -> None:
    result = parse_text(f"三级指标|指标性质|指标值|评分标准\n指标|{spelling}|80|r\n")

    assert result.errors == []
    assert result.indicators[0].operator == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("≥100份", (">=", "100", "份")),
        ("=100%", ("=", "100", "%")),
        ("≤5%", ("<=", "5", "%")),
        ("10辆", (None, "10", "辆")),
        ("100", (None, "100", None)),
        ("好", (None, "好", None)),
        ("１００", (None, "100", None)),
        ("＞＝１００％", (">=", "100", "%")),
        ("不低于95%", (">=", "95", "%")),
        ("95%以上", (">=", "95", "%")),
        ("5%以内", ("<=", "5", "%")),
        ("≥ 5.5 万元", (">=", "5.5", "万元")),
        ("≥100份（部、个、幅、条）", (">=", "100", "份（部、个、幅、条）")),
        ("1,000人次", (None, "1000", "人次")),
        ("大于等于90", (">=", "90", None)),
        ("≥良好", (">=", "良好", None)),
        ("定性", ("qualitative", None, None)),
        ("", (None, None, None)),
        ("   ", (None, None, None)),
        ("100-200", (None, "100-200", None)),
    ],
)
def test_it_splits_target_cells(cell: str, expected: tuple[str | None, str | None, str | None]) -> None:
    assert split_target(cell) == expected


# ------------------------------------------------------------------ errors and warnings


def test_an_unreadable_operator_is_an_error_naming_its_line_and_drops_only_that_row() -> None:
    text = seed_text().replace("\t>=\n\t50\n\t篇（次）", "\t约等于\n\t50\n\t篇（次）")

    result = parse_text(text)

    assert messages(result.errors) == ["第112行：指标性质“约等于”无法识别"]
    assert result.errors[0].location == "第112行"
    assert result.errors[0].message == "指标性质“约等于”无法识别"
    expected = [i.name for i in SEED_INDICATORS if i.name != "发布稿件数量"]
    assert [i.name for i in result.indicators] == expected
    assert result.ok is False


def test_a_quantitative_target_that_is_not_a_number_is_an_error() -> None:
    text = (
        "三级指标|指标性质|指标值|指标属性|评分标准\n"
        "走访企业|≥|abc|定量指标|r\n"
        "稿件|≥|50|定量指标|r\n"
        "空目标|≥||定量指标|r\n"
    )

    result = parse_text(text)

    assert messages(result.errors) == ["第2行：指标值“abc”不是数字", "第4行：定量指标“空目标”没有指标值"]
    assert [i.name for i in result.indicators] == ["稿件"]


def test_a_bad_weight_is_an_error_naming_the_cell() -> None:
    result = parse_text("三级指标|指标值|评分标准|分值\nA|≥1|r|十分\nB|≥2|r|90\n")

    assert messages(result.errors) == ["第2行：分值“十分”不是数字"]
    assert [i.name for i in result.indicators] == ["B"]


def test_missing_rules_and_unknown_kinds_are_warnings() -> None:
    result = parse_text("三级指标|指标值|指标属性|评分标准\nA|≥1|说不清|\n")

    assert messages(result.warnings) == [
        "第2行：指标属性“说不清”无法识别，按指标值判断",
        "第2行：指标“A”没有评（扣）分标准",
    ]
    assert result.indicators[0].kind == "quantitative"
    assert result.ok is True


def test_text_without_an_indicator_grid_is_an_error() -> None:
    result = parse_text("项目名称：只有表头\n这里没有表格。\n")

    assert messages(result.errors) == ["未找到绩效指标表：没有“三级指标”表头行"]
    assert result.indicators == []
    assert result.project.name == "只有表头"
    assert result.ok is False


def test_a_grid_without_indicator_rows_is_an_error() -> None:
    result = parse_text("三级指标|指标值\n|\n")

    assert messages(result.errors) == ["第1行：绩效指标表中没有可导入的指标"]


def test_a_header_without_a_target_column_is_an_error() -> None:
    result = parse_text("三级指标|指标性质|评分标准\nA|≥|r\n")

    assert messages(result.errors)[0] == "第1行：表头缺少“指标值”列"


def test_parse_issue_renders_location_and_message() -> None:
    assert str(ParseIssue("第12行", "指标值“abc”不是数字")) == "第12行：指标值“abc”不是数字"
    assert str(ParseIssue("", "未找到绩效指标表")) == "未找到绩效指标表"


def test_an_empty_result_is_not_ok() -> None:
    assert ParseResult(ParsedProject(), [], [], []).ok is False


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("table.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”（table.pdf），请使用 .txt、.docx 或 .xlsx"),
        ("table", b"x", "不支持的文件类型“无扩展名”（table），请使用 .txt、.docx 或 .xlsx"),
        ("table.docx", b"not a zip", "无法读取Word文件：文件已损坏或不是 .docx 格式"),
        ("table.DOCX", b"PK\x03\x04broken", "无法读取Word文件：文件已损坏或不是 .docx 格式"),
        ("table.xlsx", b"not a zip", "无法读取Excel文件：文件已损坏或不是 .xlsx 格式"),
        ("table.txt", b"\xff\xff\xff\xff", "无法识别文件“table.txt”的文字编码（应为 UTF-8 或 GB18030）"),
    ],
)
def test_unreadable_files_are_errors_not_exceptions(filename: str, data: bytes, expected: str) -> None:
    result = parse_table_file(filename, data)

    assert messages(result.errors) == [expected]
    assert result.indicators == []


def test_it_dispatches_on_the_extension_in_any_case() -> None:
    assert without_source(parse_table_file("a.DocX", build_seed_docx()).indicators) == without_source(SEED_INDICATORS)
    assert without_source(parse_table_file("a.XLSX", build_seed_xlsx()).indicators) == without_source(SEED_INDICATORS)


def test_a_docx_zip_without_a_document_is_an_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")

    data = buffer.getvalue()
    assert messages(parse_docx(data).errors) == ["无法读取Word文件：文件已损坏或不是 .docx 格式"]
    assert messages(parse_xlsx(data).errors) == ["无法读取Excel文件：文件已损坏或不是 .xlsx 格式"]


# ------------------------------------------------------------------ never raise

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRAGMENTS = st.sampled_from(
    [
        "\t",
        "\n",
        "\n\n",
        "|",
        "  ",
        "　",
        "三级指标",
        "一级指标",
        "二级指标",
        "指标值",
        "指标性质",
        "分值",
        "评（扣）分标准",
        "产出指标",
        "≥",
        "定性",
        "100",
        "%",
        "空",
        "项目名称：",
        "资金总额：",
        "万元",
        "总体目标(2022年-2024年)",
        "年度目标",
        "abc",
        "---",
        '"',
        "\r",
        "\x00",
    ]
)


def assert_clean_result(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    assert INTERNAL_ERROR not in messages(result.errors)
    assert result.ok == (not result.errors and bool(result.indicators))
    result.to_dict()


@FUZZ
@given(st.text())
def test_parse_text_never_raises_on_any_text(text: str) -> None:
    assert_clean_result(parse_text(text))


@FUZZ
@given(st.lists(FRAGMENTS, max_size=80).map("".join))
def test_parse_text_never_raises_on_table_like_text(text: str) -> None:
    assert_clean_result(parse_text(text))


@FUZZ
@given(st.binary())
def test_parse_docx_and_xlsx_never_raise_on_random_bytes(data: bytes) -> None:
    assert_clean_result(parse_docx(data))
    assert_clean_result(parse_xlsx(data))
    assert_clean_result(parse_table_file("x.txt", data))


SEED_DOCX = build_seed_docx()
SEED_XLSX = build_seed_xlsx()


def _corrupt(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in edits:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


EDITS = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8)


@FUZZ
@given(EDITS, st.integers(min_value=0, max_value=len(SEED_DOCX)))
def test_parse_docx_never_raises_on_a_corrupted_docx(edits: list[tuple[int, int]], cut: int) -> None:
    assert_clean_result(parse_docx(_corrupt(SEED_DOCX, edits)[: max(cut, 1)]))


@FUZZ
@given(EDITS, st.integers(min_value=0, max_value=len(SEED_XLSX)))
def test_parse_xlsx_never_raises_on_a_corrupted_xlsx(edits: list[tuple[int, int]], cut: int) -> None:
    assert_clean_result(parse_xlsx(_corrupt(SEED_XLSX, edits)[: max(cut, 1)]))
