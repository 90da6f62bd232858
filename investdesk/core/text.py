"""Names: the key used to spot similar enterprise names, and pinyin initials for search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Longest first, so that 有限责任公司 goes before 有限公司 and 公司.
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "分公司", "公司", "股份", "集团")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_SPACES = re.compile(r"[\s\u3000·.,，、]+")
# Region prefixes: a province, city, district or county name at the start of the name.
_REGION = re.compile(
    r"^(?:中国|云南省|云南|昆明市|昆明|呈贡区|呈贡|[\u4e00-\u9fff]{2,3}(?:省|自治区|市|自治州|区|县))+"
)


def normalise(text: str | None) -> str:
    """Full-width to half-width, trimmed, inner white space folded: what people type differently."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def name_key(name: str | None) -> str:
    """The comparable core of an enterprise name (RULES.md §6 / issue: similar names).

    Removed: brackets and what they hold, spaces and punctuation, 有限公司 / 有限责任公司 / 股份
    and similar legal forms, and the region prefix (云南省昆明市呈贡区…).
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = _BRACKETS.sub("", text.replace("（", "(").replace("）", ")"))
    text = _SPACES.sub("", text)
    text = _REGION.sub("", text)
    for suffix in _SUFFIXES:
        text = text.replace(suffix, "")
    return text.lower()


@lru_cache(maxsize=4096)
def initials(text: str | None) -> str:
    """Pinyin initials of the Chinese characters, letters and digits kept: 呈贡投服 → cgtf."""
    if not text:
        return ""
    letters = lazy_pinyin(normalise(text), style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
    return "".join(ch for part in letters for ch in part.lower() if ch.isalnum())


def sentences(*parts: str) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    from django.utils.translation import gettext as _

    found = [str(p) for p in parts if p]
    text = found[0] if found else ""
    for part in found[1:]:
        text = _("%(sentence)s %(next)s") % {"sentence": text, "next": part}
    return text
