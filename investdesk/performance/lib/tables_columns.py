"""Indicator-grid column names: which header text means which field.

Columns are mapped by name, never by position, so tables with another column order or an
extra 分值 column read the same. Matching is on the header text with blanks removed and
full-width brackets made ASCII; the order of the checks matters because names overlap
("绩效指标值设定依据及数据来源" contains "指标值").
"""

from __future__ import annotations

import re

FIELDS = (
    "level1",
    "level2",
    "name",
    "operator",
    "target",
    "measure_unit",
    "kind",
    "rule_text",
    "description",
    "basis",
    "weight",
)

_BRACKETS = str.maketrans({"（": "(", "）": ")", "：": ":", "【": "[", "】": "]"})


def normalise_label(text: str) -> str:
    """Header/label text without blanks, with ASCII brackets and no trailing colon."""
    return re.sub(r"\s+", "", text.translate(_BRACKETS)).rstrip(":")


def _contains(label: str, *needles: str) -> bool:
    return any(needle in label for needle in needles)


def column_field(text: str | None) -> str | None:
    """The indicator field a header cell names, or None when it names none."""
    label = normalise_label(text or "")
    if not label or len(label) > 30:
        return None
    if _contains(label, "设定依据", "数据来源") or label == "依据":
        return "basis"
    if _contains(label, "分标准", "评分", "扣分", "计分"):
        return "rule_text"
    if label.startswith("分值") or _contains(label, "权重") or label in ("指标分值", "分数"):
        return "weight"
    if label.startswith("一级指标"):
        return "level1"
    if label.startswith("二级指标"):
        return "level2"
    if label.startswith("三级指标") or label in ("指标名称", "绩效指标名称"):
        return "name"
    if _contains(label, "指标性质", "运算符", "比较符"):
        return "operator"
    if _contains(label, "度量单位", "计量单位") or label == "单位":
        return "measure_unit"
    if _contains(label, "指标属性", "指标类型", "定量/定性"):
        return "kind"
    if _contains(label, "指标内容", "指标解释", "指标说明"):
        return "description"
    if _contains(label, "指标值", "目标值"):
        return "target"
    return None
