"""The standard approval catalogue a unit starts with (RULES.md §5, 国办发〔2019〕11号).

Four stages, each with its items, the department that handles them and a legal time limit in
working days. The limits are the usual published commitments of district approval services;
a unit changes them on its catalogue page. The catalogue is the unit's data (in Chinese, as
the departments name the items), not interface text.
"""

from __future__ import annotations

from dataclasses import dataclass

from investdesk.projects.models import AppliesTo, Stage

DRC = "区发展和改革局"
NR = "区自然资源局"
HC = "区住房和城乡建设局"
EE = "区生态环境局"


@dataclass(frozen=True)
class SeedItem:
    key: str
    stage: str
    name: str
    department: str
    limit: int
    applies_to: str = AppliesTo.ALL
    extension: int = 0
    basis: str = ""


SEED: tuple[SeedItem, ...] = (
    # 立项用地规划许可
    SeedItem(
        "approval",
        Stage.LAND_PLANNING,
        "项目审批（可行性研究报告批复）",
        DRC,
        20,
        AppliesTo.APPROVAL,
        basis="《政府投资条例》",
    ),
    SeedItem(
        "ratification",
        Stage.LAND_PLANNING,
        "项目核准",
        DRC,
        20,
        AppliesTo.RATIFICATION,
        extension=10,
        basis="《企业投资项目核准和备案管理条例》第十一条",
    ),
    SeedItem(
        "filing",
        Stage.LAND_PLANNING,
        "项目备案",
        DRC,
        3,
        AppliesTo.FILING,
        basis="《企业投资项目核准和备案管理条例》第十三条",
    ),
    SeedItem("site", Stage.LAND_PLANNING, "用地预审与选址意见书", NR, 20),
    SeedItem("eia", Stage.LAND_PLANNING, "环境影响评价审批（环评批复）", EE, 20),
    SeedItem("land_planning", Stage.LAND_PLANNING, "建设用地规划许可证", NR, 10),
    # 工程建设许可
    SeedItem("design_review", Stage.ENGINEERING, "设计方案审查", NR, 10),
    SeedItem("engineering_permit", Stage.ENGINEERING, "建设工程规划许可证", NR, 10),
    # 施工许可
    SeedItem("drawings", Stage.CONSTRUCTION, "施工图审查", HC, 10),
    SeedItem(
        "fire_design", Stage.CONSTRUCTION, "消防设计审查", HC, 15, basis="《建设工程消防设计审查验收管理暂行规定》"
    ),
    SeedItem("construction_permit", Stage.CONSTRUCTION, "施工许可证", HC, 7, basis="《建筑工程施工许可管理办法》"),
    # 竣工验收
    SeedItem("joint_acceptance", Stage.ACCEPTANCE, "联合验收（规划、土地、消防、人防、档案）", HC, 12),
    SeedItem("acceptance_filing", Stage.ACCEPTANCE, "竣工验收备案", HC, 5),
)
