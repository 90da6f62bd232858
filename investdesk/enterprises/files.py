"""What an attachment may be: allowed types, a size limit, and content that matches its extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".zip")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97–2003)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".doc": (_OLE,),
    ".xls": (_OLE,),
    ".zip": _ZIP,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
}
# The part every Office Open XML file of the kind holds.
_OOXML_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Executables and scripts, whatever their name says.
_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def check_attachment(name: str, head: bytes, size: int, read_all=None) -> None:
    """Raise ValidationError naming the file when its type, size or content is not acceptable.

    `head` is the first bytes of the file; `read_all` returns the whole content, needed only to
    look inside .docx and .xlsx archives.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationError(
            _("“%(name)s”: only %(types)s files are accepted.") % {"name": name, "types": "、".join(ALLOWED_TYPES)},
            code="type",
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="size",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if not _content_matches(suffix, head, read_all):
        raise ValidationError(
            _("“%(name)s” is not a %(type)s file: its content does not match its name.")
            % {"name": name, "type": suffix.lstrip(".").upper()},
            code="content",
        )


def _content_matches(suffix: str, head: bytes, read_all) -> bool:
    if head.startswith(_EXECUTABLE):
        return False
    if suffix == ".txt":
        return b"\x00" not in head
    if not head.startswith(_MAGIC[suffix]):
        return False
    part = _OOXML_PART.get(suffix)
    if part is None or read_all is None:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(read_all())) as archive:
            return part in archive.namelist()
    except zipfile.BadZipFile:
        return False
