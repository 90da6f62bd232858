"""Rows for the enterprise tests: valid credit codes from a counter, enterprises, contacts, sheets."""

from __future__ import annotations

import io
import itertools

import openpyxl
from stdnum.cn.uscc import calc_check_digit

from investdesk.enterprises.models import Area, Contact, Enterprise

_serial = itertools.count(1)
VALID = "91530114MA6K5U8X61"  # RULES.md §6: valid, synthetic, 呈贡
VALID_SHENZHEN = "914403001922038216"
PILOT = "91350203M0001QAY9B"  # fails the check but is legal


def uscc(n: int | None = None, region: str = "530114") -> str:
    body = f"91{region}MA{(n or next(_serial)):07d}"
    return body + calc_check_digit(body)


def enterprise(unit, name: str = "昆明呈贡示例科技有限公司", **fields) -> Enterprise:
    fields.setdefault("uscc", uscc())
    return Enterprise.objects.create(unit=unit, name=name, **fields)


def contact(company: Enterprise, name: str = "王经理", phone: str = "13812341234", post: str = "总经理") -> Contact:
    return Contact.objects.create(unit_id=company.unit_id, enterprise=company, name=name, phone=phone, post=post)


def area(unit, name: str = "吴家营街道", kind: str = "street") -> Area:
    return Area.objects.create(unit=unit, name=name, kind=kind)


def sheet(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_sheet(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]
