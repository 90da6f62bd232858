"""Every translatable string has its Chinese translation, and the compiled catalogue is current."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "investdesk" / "locale"
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _joined(lines: list[str]) -> str:
    return "".join(re.findall(r'"(.*)"', "\n".join(lines)))


def _entries(text: str):
    """(msgid, msgstr, fuzzy) for each entry of a .po file; plural forms are joined."""
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        split = next((n for n, line in enumerate(lines) if line.startswith("msgstr")), None)
        if split is None:
            continue
        yield _joined(lines[:split]), _joined(lines[split:]), "fuzzy" in block


def untranslated(po_text: str) -> list[str]:
    return [msgid for msgid, msgstr, fuzzy in _entries(po_text) if msgid and (not msgstr or fuzzy)]


def test_the_committed_catalogue_has_no_empty_or_fuzzy_entry():
    assert untranslated(PO.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by `make test`")
def test_every_string_in_the_code_is_in_the_catalogue_and_translated(tmp_path):
    # makemessages writes into the locale folder it finds beside the sources, so it runs on a copy.
    tree = tmp_path / "investdesk"
    shutil.copytree(ROOT / "investdesk", tree, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = (tree / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert untranslated(fresh) == [], "run `make messages` and translate these"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by `make test`")
def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages` to compile"


def test_every_audited_field_is_named_in_chinese():
    """The audit log shows each changed field by its verbose name: none may fall back to the
    English field name."""
    from auditlog.registry import auditlog
    from django.utils import translation

    english = []
    with translation.override("zh-hans"):
        for model in auditlog.get_models():
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                if not re.search(r"[\u4e00-\u9fff]", str(field.verbose_name)):
                    english.append(f"{model._meta.label}.{field.name}: {field.verbose_name}")
    assert english == []
