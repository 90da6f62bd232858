"""Fill empty msgstr entries of the Chinese catalogue from a JSON dict {msgid: msgstr}.

Usage: python tools/fill_po.py translations.json  (then `make messages` compiles the .mo)
Entries already translated are left alone; the script prints the msgids still empty.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "investdesk" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'(?P<head>(?:^#.*\n)*)(?P<ctx>msgctxt .*\n)?msgid (?P<id>(?:".*"\n)+)'
    r'(?P<plural>msgid_plural (?:".*"\n)+)?(?P<str>(?:msgstr(?:\[\d\])? (?:".*"\n)+)+)',
    re.M,
)


def unquote(block: str) -> str:
    return "".join(json.loads(line) for line in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8")) if path != "-" else {}
    source = PO.read_text(encoding="utf-8")
    missing = []

    def fill(match: re.Match) -> str:
        msgid = unquote(match["id"])
        fuzzy = "fuzzy" in match["head"]
        current = unquote(match["str"].split("msgstr", 1)[1]) if not match["plural"] else "x"
        if not msgid or (current and not fuzzy):
            return match.group(0)
        if msgid in translations:
            # msgmerge's fuzzy guesses are never kept: such entries are translated anew.
            head = re.sub(r"^#\| .*\n", "", match["head"], flags=re.M)
            head = head.replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, ")
            return f"{head}{match['ctx'] or ''}msgid {match['id']}msgstr {quote(translations[msgid])}\n"
        missing.append(msgid)
        return match.group(0)

    PO.write_text(ENTRY.sub(fill, source), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "-")
