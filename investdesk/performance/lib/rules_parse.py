"""Parser of the 评（扣）分标准 sentences of a 绩效目标表 into rule data.

Pure Python. A rule is a JSON-ready dict ``{"terms": [...], "full_score": "100" | None,
"source_text": "..."}``; each term is ``{"type": ..., **parameters}`` with Decimals as strings
(see rules.py for the list of types). The parser is a set of regular expressions run over the
full-width-folded sentence in a fixed order; each match is masked out, and whatever is left
(other than punctuation and filler such as 该项/的/扣完为止) is reported as not understood, so a
sentence is never silently scored 0 or full.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal

from investdesk.performance.lib.rules_text import cn_number, fmt, normalise_text

log = logging.getLogger(__name__)

MASK = "\x00"
NUM = r"\d+(?:\.\d+)?"
HAN = r"[\u4e00-\u9fff]"
# A subject or label starts where the previous character is not Chinese (start, punctuation,
# a masked match), so "服务企业满意度未超过90%" yields the whole "服务企业满意度".
START = r"(?<![\u4e00-\u9fff])"
UNIT = r"(?:个百分点|百分点|%|人次|工作日|万元|[个次件篇份家项天日人条场期户批幅部元])"
INCL = r"(?:\((?:含|不含)[^()]{0,12}\))"
TAIL = r"(?:的|者|时)?\s*,?\s*"
AWARD = (
    r"(?:(?:该项|此项|本项|该指标|本指标)(?:指标)?)?(?:得分)?"
    r"(?:不得分|不计分|(?:得|计|记|给|评|为)\s*(?:满分|零分|" + NUM + r"\s*(?:分|%(?:的?分值)?)))"
)
REF = r"(?:年度指标值|年度目标值?|目标值|指标值|计划值|计划数|目标|计划|预期)"

VERBS_BELOW_INCL = ("未超过", "不超过", "不高于", "不大于", "<=", "≤")
VERBS_BELOW_EXCL = (
    "未达到",
    "没有达到",
    "达不到",
    "未达",
    "不足",
    "低于",
    "少于",
    "小于",
    "不到",
    "未满",
    "<",
)
VERBS_ABOVE_INCL = ("大于等于", "达到", "不低于", "不少于", ">=", "≥")
VERBS_ABOVE_EXCL = ("超过", "高于", "大于", "多于", ">")
_VERBS = sorted(VERBS_BELOW_INCL + VERBS_BELOW_EXCL + VERBS_ABOVE_INCL + VERBS_ABOVE_EXCL, key=len, reverse=True)
VERB = "(?:" + "|".join(re.escape(v) for v in _VERBS) + ")"

DIR_ABOVE = ("超过", "超出", "高于", "多于", "多", "增加", "提高", "上升", "延迟", "延误", "推迟", "逾期")
DIR_BELOW = ("少于", "少", "低于", "降低", "减少", "下降", "不足", "未达", "差")
_DIRS = "|".join(sorted(DIR_ABOVE + DIR_BELOW, key=len, reverse=True))

FULL_RE = re.compile(r"(?:该项|本项|此项|该指标|本指标)?(?:满分|总分)(?:为|是)?\s*(?P<n>" + NUM + r")\s*分")
FORMULA_RE = re.compile(
    r"得分\s*[=为]\s*\(?\s*(?P<a>实际(?:完成)?值|实际完成数|实际数|完成值|目标值|指标值|计划值|目标数)\s*[/÷]\s*"
    r"(?P<b>实际(?:完成)?值|实际完成数|实际数|完成值|目标值|指标值|计划值|目标数)\s*\)?\s*[×*xX]\s*"
    r"(?:100%\s*[×*xX]\s*)?(?:该项|本项|该指标)?(?:指标)?(?:分值|权重|满分)"
)
PROPORTIONAL_RE = re.compile(
    r"(?:(?:未完成|未达到(?:目标值?)?|未达标|否则)(?:的)?\s*,?\s*)?按(?:照)?(?:实际)?(?:完成)?(?:比例|比率|程度|进度)(?:计算)?(?:得分|计分|给分|赋分|打分|折算得分|折算)"
    r"(?P<cap>\s*,?\s*(?:(?:最高|最多)?不(?:得)?(?:超过|高于)(?:该项|本项)?满分|(?:最高|最多)(?:得|计)?满分|以满分为限))?"
)
PER_UNIT_RE = re.compile(
    START
    + r"(?P<subj>"
    + HAN
    + r"*?)每(?P<dir>"
    + _DIRS
    + r")(?:目标值?|计划)?\s*(?P<n>"
    + NUM
    + r"|[一二两三四五六七八九十半])?\s*(?P<unit>"
    + UNIT
    + r")?(?:的)?\s*,?\s*"
    r"(?P<act>扣除|扣|减|加|奖励|增加)\s*(?P<pts>" + NUM + r")\s*分"
    r"(?:\s*,?\s*(?:最多|最高|上限|封顶|累计最多|累计不超过|最高不超过|不超过)(?:扣除|扣|加|加至|扣至)?\s*(?P<max>"
    + NUM
    + r")\s*分)?"
)
DEVIATION_RE = re.compile(
    r"(?P<d1>超出|超过|高于|低于|少于|偏离|偏差|上下浮动)(?:\((?P<d2>超出|超过|高于|低于|少于)\)|或(?P<d3>超出|超过|高于|低于|少于))?"
    r"(?P<ref>"
    + HAN
    + r"{0,12}?)(?:的)?\s*(?P<n>"
    + NUM
    + r")\s*%\s*"
    + INCL
    + r"?(?:及以上|以上)?"
    + TAIL
    + r"(?:该项)?(?:扣除|扣|减)\s*(?P<ded>"
    + NUM
    + r")\s*分"
)
BAND_VERB_RE = re.compile(
    START
    + r"(?P<subj>"
    + HAN
    + r"*?)(?:在)?(?P<verb>"
    + VERB
    + r")"
    + REF
    + r"?(?:的)?\s*(?P<n>"
    + NUM
    + r")\s*(?P<unit>"
    + UNIT
    + r")?\s*(?P<inc>"
    + INCL
    + r")?(?:及以上|以上|及以下|以下)?"
    + TAIL
    + r"(?P<award>"
    + AWARD
    + r")"
)
BAND_RANGE_RE = re.compile(
    START
    + r"(?P<subj>"
    + HAN
    + r"*?)(?:在|介于)?(?P<a>"
    + NUM
    + r")\s*(?P<ua>"
    + UNIT
    + r")?\s*(?P<ia>"
    + INCL
    + r")?\s*(?:-|~|—|–|至|到)\s*(?P<b>"
    + NUM
    + r")\s*(?P<ub>"
    + UNIT
    + r")?\s*(?P<ib>"
    + INCL
    + r")?\s*(?:之间|以内|区间内|范围内)?"
    + TAIL
    + r"(?P<award>"
    + AWARD
    + r")"
)
BAND_OPEN_RE = re.compile(
    START
    + r"(?P<subj>"
    + HAN
    + r"*?)(?:在)?(?P<n>"
    + NUM
    + r")\s*(?P<unit>"
    + UNIT
    + r")?\s*(?P<i1>"
    + INCL
    + r")?\s*(?P<dir>及以上|或以上|以上|及以下|或以下|以下)\s*(?P<i2>"
    + INCL
    + r")?"
    + TAIL
    + r"(?P<award>"
    + AWARD
    + r")"
)
BAND_DOUBLE_RE = re.compile(
    r"(?P<a>"
    + NUM
    + r")\s*(?P<ua>"
    + UNIT
    + r")?\s*(?P<op1><=|≤|<)\s*(?P<subj>"
    + HAN
    + r"{1,12}?)\s*(?P<op2><=|≤|<)\s*"
    r"(?P<b>" + NUM + r")\s*(?P<ub>" + UNIT + r")?" + TAIL + r"(?P<award>" + AWARD + r")"
)
FULL_AT_TARGET_RE = re.compile(
    r"(?:实际(?:完成)?值|实际完成数|完成值|实际数)\s*(?:≥|>=|达到|不低于|大于等于|大于或等于)\s*"
    r"(?:年度)?(?:目标值|指标值|目标|计划值|计划数)" + TAIL + r"(?P<award>得满分|计满分)"
)
LABEL_RE = re.compile(
    START
    + r"(?P<label>"
    + HAN
    + r"{1,12}?)(?:的)?\s*(?P<award>(?:得|计|记|给)\s*(?:满分|零分|"
    + NUM
    + r"\s*(?:分|%(?:的?分值)?))|不得分|不计分|得分)(?=$|[,;。\s\x00])"
)
_LEADING_FILLER = re.compile(r"^(?:如果|若是|若|如|当|对于|凡|其中|并且|且|或者|或|则|否则|其余|另外)+")
_FILLER_RE = re.compile(
    r"^(?:该项|此项|本项|该指标|本指标|指标|的|否则|其余|其他|扣完为止|扣完即止|扣满为止|扣至0分为止|扣至零分为止|"
    r"扣分扣完为止|以此类推|依此类推|为止|分|满分|计分|评分标准|按默认公式计分)+$"
)
_NOT_LABELS = {"该项", "此项", "本项", "该指标", "本指标", "否则", "其余", "其他", "以上", "以下", "满分"}
_SPLIT_RE = re.compile(r"[\x00,;。:、()!?\"'“”‘’\[\]\n]+")
_RATE_SUFFIXES = ("率", "度")


@dataclass
class RuleParse:
    """The outcome of parsing one 评（扣）分标准 sentence."""

    rule: dict
    understood: bool
    unparsed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "rule": self.rule,
            "understood": self.understood,
            "unparsed": list(self.unparsed),
            "warnings": list(self.warnings),
        }


@dataclass
class _Hit:
    start: int
    kind: str
    data: dict


def default_rule(text: str | None = None) -> dict:
    """The rule used when a sentence says nothing the parser can execute."""
    return {"terms": [{"type": "default"}], "full_score": None, "source_text": text or ""}


def _award(text: str) -> dict | None:
    """{"points": "5"} or {"percent": "80"} from 得5分 / 得80% / 不得分; None above 100%."""
    text = text.replace(" ", "")
    if "不得分" in text or "不计分" in text or "零分" in text:
        return {"points": "0"}
    if "满分" in text:
        return {"percent": "100"}
    match = re.search(NUM + r"(?=%)", text)
    if match:
        return {"percent": fmt(match.group())} if Decimal(match.group()) <= 100 else None
    match = re.search(NUM + r"(?=分)", text)
    if match:
        return {"points": fmt(match.group())}
    return {"percent": "100"}  # "完成得分": the points of the item, i.e. full


def _subject(raw: str | None) -> str:
    return _LEADING_FILLER.sub("", raw or "").rstrip("的")


def measure_for(subject: str, has_percent: bool, measure_unit: str | None) -> str:
    """Whether a threshold applies to the completion ratio ("ratio") or to the raw value.

    A percent on a rate (满意度, 知晓率, 执行率) is the rate itself; on a quantity (完成量,
    关注量, 数量) or on 完成率 it is the completion ratio actual ÷ target. Without a subject the
    indicator's own unit decides: an indicator measured in % is a rate.
    """
    if not has_percent:
        return "value"
    if "完成" in subject or subject.endswith(("量", "数")):
        return "ratio"
    if subject.endswith(_RATE_SUFFIXES):
        return "value"
    if measure_unit and "%" in normalise_text(measure_unit):
        return "value"
    return "ratio"


def _incl_mark(text: str | None) -> bool | None:
    """True for (含…), False for (不含…), None when the bound is not marked."""
    if not text:
        return None
    return not text.startswith("(不含")


def _band_from_verb(m: re.Match) -> dict:
    verb, value = m.group("verb"), fmt(m.group("n"))
    mark = _incl_mark(m.group("inc"))
    below = verb in VERBS_BELOW_INCL or verb in VERBS_BELOW_EXCL
    inclusive = mark if mark is not None else verb in VERBS_BELOW_INCL + VERBS_ABOVE_INCL
    band = {"min": None, "min_inclusive": False, "max": None, "max_inclusive": False}
    side = "max" if below else "min"
    band[side], band[f"{side}_inclusive"], band[f"{side}_explicit"] = value, inclusive, True
    return band


def _band_from_range(m: re.Match) -> dict:
    low, high = fmt(m.group("a")), fmt(m.group("b"))
    ia, ib = _incl_mark(m.group("ia")), _incl_mark(m.group("ib"))
    return {
        "min": low,
        "min_inclusive": True if ia is None else ia,
        "min_explicit": ia is not None,
        "max": high,
        "max_inclusive": True if ib is None else ib,
        "max_explicit": ib is not None,
    }


def _band_from_double(m: re.Match) -> dict:
    """ "90%≤完成率<95%": both bounds explicit, inclusive where the sign says ≤."""
    return {
        "min": fmt(m.group("a")),
        "min_inclusive": m.group("op1") != "<",
        "min_explicit": True,
        "max": fmt(m.group("b")),
        "max_inclusive": m.group("op2") != "<",
        "max_explicit": True,
    }


def _band_from_open(m: re.Match) -> dict:
    # 以上/以下 include the number itself (民法典第1259条) unless (不含) says otherwise.
    mark = _incl_mark(m.group("i1") or m.group("i2"))
    side = "min" if "以上" in m.group("dir") else "max"
    band = {"min": None, "min_inclusive": False, "max": None, "max_inclusive": False}
    band[side], band[f"{side}_inclusive"] = fmt(m.group("n")), True if mark is None else mark
    band[f"{side}_explicit"] = mark is not None
    return band


def _band_hit(m: re.Match, maker, unit_groups: tuple[str, ...]) -> dict | None:
    has_percent = any((m.group(g) or "").endswith(("%", "百分点")) for g in unit_groups)
    band = maker(m)
    band["award"] = _award(m.group("award"))
    if band["award"] is None:
        return None
    unit = next((m.group(g) for g in unit_groups if m.group(g)), "") or ""
    return {"subject": _subject(m.group("subj")), "has_percent": has_percent, "unit": unit, "band": band}


def _deviation_hit(m: re.Match) -> dict | None:
    ref = m.group("ref") or ""
    if not re.search(r"预算|目标|计划|指标|标准|金额|基数|年初", ref) and m.group("d1") not in (
        "偏离",
        "偏差",
        "上下浮动",
    ):
        return None  # "满意度低于90%扣5分" deducts on a rate; it is no deviation from an amount
    words = {m.group("d1"), m.group("d2") or m.group("d3") or m.group("d1")}
    above = bool(words & {"超出", "超过", "高于"})
    below = bool(words & {"低于", "少于"})
    if words & {"偏离", "偏差", "上下浮动"} or (above and below):
        direction = "both"
    else:
        direction = "above" if above else "below"
    return {
        "direction": direction,
        "reference": ref.rstrip("的"),
        "at": fmt(m.group("n")),
        "deduct": fmt(m.group("ded")),
    }


def _per_unit_hit(m: re.Match, measure_unit: str | None) -> dict | None:
    step = cn_number(m.group("n")) or Decimal(1)
    if step <= 0:
        return None
    unit = m.group("unit") or ""
    subject = _subject(m.group("subj"))
    has_percent = unit.endswith(("%", "百分点"))
    kind = "per_unit_deduction" if m.group("act") in ("扣除", "扣", "减") else "bonus_per_unit"
    term: dict = {
        "type": kind,
        "measure": measure_for(subject, has_percent, measure_unit),
        "direction": "above" if m.group("dir") in DIR_ABOVE else "below",
        "step": fmt(step),
        "unit": unit,
    }
    if subject:
        term["subject"] = subject
    limit = fmt(m.group("max")) if m.group("max") else None
    if kind == "per_unit_deduction":
        term.update(deduct=fmt(m.group("pts")), max_deduct=limit)
    else:
        term.update(add=fmt(m.group("pts")), max_add=limit)
    return term


def _formula_hit(m: re.Match) -> dict | None:
    actual_words = ("实际", "完成值", "实际数")
    a_actual = any(w in m.group("a") for w in actual_words)
    b_actual = any(w in m.group("b") for w in actual_words)
    if a_actual and not b_actual:
        return {"type": "proportional", "cap": True}
    if b_actual and not a_actual:
        return {"type": "inverse_ratio"}
    return None


def _scan(masked: str, regex: re.Pattern, kind: str, build, hits: list[_Hit]) -> str:
    """Collect the matches that `build` accepts and mask them so later patterns skip them."""
    spans = []
    for m in regex.finditer(masked):
        data = build(m)
        if data is not None:
            hits.append(_Hit(m.start(), kind, data))
            spans.append(m.span())
    for start, end in spans:
        masked = masked[:start] + MASK * (end - start) + masked[end:]
    return masked


def _find_hits(text: str, measure_unit: str | None) -> tuple[list[_Hit], str]:
    """Run every pattern in priority order; return the hits and the masked remainder."""
    hits: list[_Hit] = []
    masked = text
    scans = [
        (FULL_RE, "full", lambda m: {"full_score": fmt(m.group("n"))} if Decimal(m.group("n")) > 0 else None),
        (FORMULA_RE, "term", _formula_hit),
        (PROPORTIONAL_RE, "term", lambda m: {"type": "proportional", "cap": bool(m.group("cap"))}),
        (PER_UNIT_RE, "term", lambda m: _per_unit_hit(m, measure_unit)),
        (DEVIATION_RE, "deviation", _deviation_hit),
        (BAND_DOUBLE_RE, "band", lambda m: _band_hit(m, _band_from_double, ("ua", "ub"))),
        (BAND_VERB_RE, "band", lambda m: _band_hit(m, _band_from_verb, ("unit",))),
        (BAND_RANGE_RE, "band", lambda m: _band_hit(m, _band_from_range, ("ua", "ub"))),
        (BAND_OPEN_RE, "band", lambda m: _band_hit(m, _band_from_open, ("unit",))),
        (FULL_AT_TARGET_RE, "label", lambda m: {"label": "达到目标值", "award": {"percent": "100"}}),
        (LABEL_RE, "label", _label_hit),
    ]
    for regex, kind, build in scans:
        masked = _scan(masked, regex, kind, build, hits)
    hits.sort(key=lambda h: h.start)
    return hits, masked


def _label_hit(m: re.Match) -> dict | None:
    label, award = _subject(m.group("label")), _award(m.group("award"))
    if not label or label in _NOT_LABELS or award is None:
        return None
    return {"label": label, "award": award}


def _unparsed(masked: str) -> list[str]:
    """The fragments left after masking, without punctuation and filler."""
    fragments = [f.strip() for f in _SPLIT_RE.split(masked)]
    return [f for f in fragments if f and not _FILLER_RE.match(f)]


# --- assembling hits into terms -------------------------------------------------------------

GATE_TYPES = ("completion_floor", "value_gate")
ADDON_TYPES = ("bonus_per_unit",)
REPLACING_TYPES = (
    "deviation_bands",
    "bands",
    "per_unit_deduction",
    "proportional",
    "inverse_ratio",
    "categorical",
    "binary",
)
_MET_WORDS = ("完成", "达到", "达成", "达标", "实现")


def _resolve_overlaps(bands: list[dict]) -> None:
    """Give a shared boundary to one band only.

    A bound marked (含) wins over an unmarked one; between two unmarked bounds the band that starts
    at the value keeps it (statistics' 上限不在内), so "90%以上…，80%-90%…" puts 90 in the first.
    """
    for upper in bands:
        for lower in bands:
            if upper is lower or upper["min"] is None or lower["max"] is None:
                continue
            if Decimal(upper["min"]) != Decimal(lower["max"]):
                continue
            if not (upper["min_inclusive"] and lower["max_inclusive"]):
                continue
            if lower.get("max_explicit") and not upper.get("min_explicit"):
                upper["min_inclusive"] = False
            else:
                lower["max_inclusive"] = False


def _band_terms(hits: list[_Hit], measure_unit: str | None) -> list[tuple[int, dict]]:
    """Threshold clauses → one bands term, or gates when every clause is open below.

    "完成量未达80%的该项计0分" alone is a floor that adds to the default formula; next to
    "90%以上得10分" the same clause is one band of a rule that fixes the whole score.
    """
    if not hits:
        return []
    subject = next((h.data["subject"] for h in hits if h.data["subject"]), "")
    has_percent = any(h.data["has_percent"] for h in hits)
    measure = measure_for(subject, has_percent, measure_unit)
    if all(h.data["band"]["min"] is None for h in hits):
        return [(h.start, _gate_term(h.data, measure_unit)) for h in hits]
    bands = [dict(h.data["band"]) for h in hits]
    _resolve_overlaps(bands)
    for band in bands:
        band.pop("min_explicit", None)
        band.pop("max_explicit", None)
    unit = "%" if measure == "ratio" else next((h.data["unit"] for h in hits if h.data["unit"]), "")
    term = {"type": "bands", "measure": measure, "subject": subject, "unit": unit, "bands": bands}
    return [(hits[0].start, term)]


def _gate_term(data: dict, measure_unit: str | None) -> dict:
    band = data["band"]
    measure = measure_for(data["subject"], data["has_percent"], measure_unit)
    term = {
        "type": "completion_floor" if measure == "ratio" else "value_gate",
        "subject": data["subject"],
        "threshold": band["max"],
        "inclusive": bool(band["max_inclusive"]),
        "award": band["award"],
    }
    if measure == "value":
        term["unit"] = data["unit"]
    return term


def _deviation_term(hits: list[_Hit]) -> list[tuple[int, dict]]:
    if not hits:
        return []
    directions = {h.data["direction"] for h in hits}
    direction = directions.pop() if len(directions) == 1 else "both"
    bands = sorted(({"at": h.data["at"], "deduct": h.data["deduct"]} for h in hits), key=lambda b: Decimal(b["at"]))
    term = {
        "type": "deviation_bands",
        "direction": direction,
        "reference": hits[0].data["reference"],
        "bands": bands,
    }
    return [(hits[0].start, term)]


def _is_unmet_label(label: str) -> bool:
    return label in ("否", "无") or (label.startswith(("未", "没", "不")) and any(w in label for w in _MET_WORDS))


def _is_met_label(label: str) -> bool:
    return label in ("是", "有") or (not label.startswith(("未", "没", "不")) and any(w in label for w in _MET_WORDS))


def _label_terms(hits: list[_Hit]) -> list[tuple[int, dict]]:
    """Label → points clauses: a met/unmet pair is binary, anything else categorical."""
    if not hits:
        return []
    labels = [h.data["label"] for h in hits]
    met = [h for h in hits if _is_met_label(h.data["label"])]
    unmet = [h for h in hits if _is_unmet_label(h.data["label"])]
    if len(met) <= 1 and len(unmet) <= 1 and len(met) + len(unmet) == len(hits):
        term = {
            "type": "binary",
            "met_label": met[0].data["label"] if met else None,
            "unmet_label": unmet[0].data["label"] if unmet else None,
            "met_award": met[0].data["award"] if met else {"percent": "100"},
            "unmet_award": unmet[0].data["award"] if unmet else {"points": "0"},
        }
    else:
        if len(set(labels)) != len(labels):
            return []  # the same label twice with different points cannot be executed
        term = {
            "type": "categorical",
            "options": [{"label": h.data["label"], "award": h.data["award"]} for h in hits],
        }
    return [(hits[0].start, term)]


def _full_at_target(term: dict) -> bool:
    """ "达到目标值得满分" alone (no unmet side): it restates what the other term already gives."""
    full = {"percent": "100"}
    if term["type"] == "binary":
        return term.get("unmet_label") is None and term["met_award"] == full
    if term["type"] == "bands":
        bands = term["bands"]
        return len(bands) == 1 and bands[0]["max"] is None and bands[0]["award"] == full
    return False


def _absorb(terms: list[dict]) -> list[dict]:
    """Fold a bare "full at target" clause into the term that says what happens below it.

    "完成率达到100%得满分，每降低1%扣1分": the deduction counts from the clause's 100% of the
    completion ratio. "达到目标值得满分" alone is the first half of the default formula, so it
    leaves the default in force rather than inventing 0 below target.
    """
    replacing = [t for t in terms if t["type"] in REPLACING_TYPES]
    redundant = [t for t in replacing if _full_at_target(t)]
    if not redundant:
        return terms
    others = [t for t in replacing if not _full_at_target(t)]
    if not others:
        keep = [t for t in redundant if t["type"] == "bands"][:1]  # a threshold of its own stays
        return [t for t in terms if not _full_at_target(t) or any(t is k for k in keep)]
    for term in others:
        band = next((r for r in redundant if r["type"] == "bands"), None)
        if term["type"] in ("per_unit_deduction", "bonus_per_unit") and band is not None:
            _take_reference(term, band)
    return [t for t in terms if not any(t is r for r in redundant)]


def _take_reference(term: dict, band_term: dict) -> None:
    """A per-unit term next to "X达到N得满分" counts its units from N, on X's measure."""
    if not term.get("subject") and band_term.get("subject"):
        term["subject"] = band_term["subject"]
        if term.get("unit", "").endswith(("%", "百分点")):
            term["measure"] = band_term["measure"]
    if term["measure"] == band_term["measure"]:
        term["reference"] = band_term["bands"][0]["min"]


def _order(term: dict) -> int:
    """Gates first, then the formula that fixes the score, then bonuses."""
    kind = term["type"]
    return 0 if kind in GATE_TYPES else 2 if kind in ADDON_TYPES else 1


def _assemble(hits: list[_Hit], measure_unit: str | None) -> tuple[list[dict], str | None]:
    by_kind: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    placed: list[tuple[int, dict]] = [(h.start, h.data) for h in by_kind.get("term", [])]
    placed += _deviation_term(by_kind.get("deviation", []))
    placed += _band_terms(by_kind.get("band", []), measure_unit)
    placed += _label_terms(by_kind.get("label", []))
    placed.sort(key=lambda item: (_order(item[1]), item[0]))
    terms = _absorb([term for _, term in placed])
    full_hits = by_kind.get("full", [])
    full_score = full_hits[-1].data["full_score"] if full_hits else None
    return terms, full_score


def parse_rule(
    text: str | None,
    *,
    operator: str | None = None,
    target: str | None = None,
    measure_unit: str | None = None,
) -> RuleParse:
    """Turn a 评（扣）分标准 sentence into rule data; never raises.

    `measure_unit` decides whether a bare percent threshold is a rate or a completion ratio;
    `operator` and `target` only feed warnings. Whatever is not understood is listed in
    `unparsed` and named in a warning, and the default formula stays in force for it.
    """
    try:
        return _parse(text, operator=operator, target=target, measure_unit=measure_unit)
    except Exception as exc:  # a parser bug must not break an import or a page
        log.exception("scoring-rule parser failed on %r", text)
        return RuleParse(
            default_rule(text),
            False,
            [text or ""],
            [f"评分标准解析出错（{type(exc).__name__}），按默认公式计分"],
        )


def _parse(text: str | None, *, operator: str | None, target: str | None, measure_unit: str | None) -> RuleParse:
    source = text if isinstance(text, str) else ""
    folded = normalise_text(source).strip()
    if not folded:
        return RuleParse(default_rule(source), True)
    hits, masked = _find_hits(folded, measure_unit)
    terms, full_score = _assemble(hits, measure_unit)
    unparsed = _unparsed(masked)
    if not hits and not full_score and not unparsed:
        unparsed = [folded]
    warnings = _warnings(terms, unparsed, operator, target)
    if full_score is None and _mixes_full_and_points(terms):
        warnings.append("评分标准同时写了“满分”和具体分数，但未写明满分分值，文中分数按本指标分值计")
    if not any(t["type"] in REPLACING_TYPES for t in terms):
        terms.append({"type": "default"})
    terms.sort(key=_order)
    rule = {"terms": terms, "full_score": full_score, "source_text": source}
    from investdesk.performance.lib.rules import validate_rule  # rules imports this module

    problems = validate_rule(rule)
    if problems:
        # The pieces were read but do not make one rule (two clauses both fixing the score,
        # say): never guess between them, keep the default formula and say why.
        warnings = [*warnings, *problems, "评分标准的各条款相互矛盾，按默认公式计分"]
        return RuleParse(default_rule(source), False, [source], warnings)
    return RuleParse(rule, not unparsed, unparsed, warnings)


def _mixes_full_and_points(terms: list[dict]) -> bool:
    awards = [b["award"] for t in terms if t["type"] == "bands" for b in t["bands"]]
    awards += [o["award"] for t in terms if t["type"] == "categorical" for o in t["options"]]
    awards += [t[k] for t in terms if t["type"] == "binary" for k in ("met_award", "unmet_award")]
    return any(a.get("percent") == "100" for a in awards) and any(
        Decimal(a["points"]) > 0 for a in awards if "points" in a
    )


def _warnings(terms: list[dict], unparsed: list[str], operator: str | None, target: str | None) -> list[str]:
    warnings = []
    executable = [t for t in terms if t["type"] != "default"]
    tail = "该部分未计入评分规则" if executable else "按默认公式计分"
    for fragment in unparsed:
        warnings.append(f"未能识别：“{fragment}”，{tail}")
    needs_target = {"completion_floor", "deviation_bands", "proportional", "inverse_ratio"}
    if target is not None and not str(target).strip() and any(t["type"] in needs_target for t in terms):
        warnings.append("评分标准按目标值计算，但未填写指标值")
    if operator and operator.strip() in ("qualitative", "定性") and executable:
        warnings.append("定性指标的评分标准需要数值实际值；填写等级时按等级计分")
    return warnings
