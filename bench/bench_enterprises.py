"""How long importing and exporting 10,000 enterprises take (一企一档 Excel import and export).

Run with `make bench` (or `.venv/bin/python bench/bench_enterprises.py`). It uses a throw-away
SQLite database under /tmp, or the database in BENCH_DATABASE_URL (e.g. a scratch PostgreSQL
database), generates a sheet of 10,000 enterprises with a contact, a street, a service officer
and tags each, and prints the time of each step. The import should stay under 10 s.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp(prefix="investdesk-bench-")) / "bench.sqlite3"
os.environ.update(
    DJANGO_SETTINGS_MODULE="investdesk.settings",
    DEBUG="1",
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{DB}",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from stdnum.cn.uscc import calc_check_digit  # noqa: E402

from investdesk.accounts.models import Membership, Role  # noqa: E402
from investdesk.core.models import Unit  # noqa: E402
from investdesk.enterprises import queries, sheet  # noqa: E402
from investdesk.enterprises.models import Area, Enterprise  # noqa: E402

ROWS = 10_000
LIMIT_SECONDS = 10


def generated_sheet(rows: int) -> bytes:
    headers = [c.header for c in sheet.columns()]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    ws = book.add_worksheet()
    ws.write_row(0, 0, headers)
    trades = ["科技", "物流", "花卉", "生物医药", "建设工程", "食品", "电子", "商贸"]
    for n in range(1, rows + 1):
        body = f"91530114MA{n:07d}"
        values = {
            "统一社会信用代码": body + calc_check_digit(body),
            "企业名称": f"昆明基准{n:05d}{trades[n % len(trades)]}有限公司",
            "法定代表人": "张三",
            "注册资本（万元）": 100 + n % 900,
            "成立日期": f"20{10 + n % 12}-0{1 + n % 9}-1{n % 9}",
            "行业大类": "65",
            "注册地址": f"昆明市呈贡区春融街{n}号",
            "所属街道/园区": "吴家营街道" if n % 2 else "呈贡信息产业园区",
            "企业来源": ["本地", "外来内资", "外资"][n % 3],
            "重点企业": "是" if n % 5 == 0 else "否",
            "重点级别": "区重点" if n % 5 == 0 else "",
            "服务专员": "张敏",
            "联系人": "王经理",
            "联系人职务": "总经理",
            "联系电话": f"138{n:08d}",
            "标签": "专精特新、规上企业" if n % 7 == 0 else "规上企业",
            "建档日期": "2022-03-01",
        }
        ws.write_row(n, 0, [values.get(h, "") for h in headers])
    book.close()
    return buffer.getvalue()


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<58} {seconds:7.2f} s")
    return result, seconds


def main() -> None:
    call_command("migrate", verbosity=0)
    unit = Unit.objects.create(name="基准测试单位", code=f"bench{os.getpid()}")
    for name in ("吴家营街道", "呈贡信息产业园区"):
        Area.objects.create(unit=unit, name=name)
    agent = get_user_model().objects.create_user(f"bench-agent-{os.getpid()}", first_name="张敏")
    Membership.objects.create(user=agent, unit=unit, role=Role.AGENT)
    print(f"database: {django.db.connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    data, _ = timed(f"generate a sheet of {ROWS:,} enterprises", lambda: generated_sheet(ROWS))
    print(f"{'sheet size':<58} {len(data) / 1e6:7.2f} MB")
    plan, read_s = timed("import 1: read and check every row (the preview)", lambda: sheet.plan_import(unit, data))
    assert plan.ok, plan.errors[:5]
    _, save_s = timed("import 2: save all in one transaction", lambda: sheet.commit_import(unit, plan, actor=agent))
    total = read_s + save_s
    verdict = "OK" if total < LIMIT_SECONDS else f"OVER the {LIMIT_SECONDS} s target"
    print(f"{'import total (read, check, save)':<58} {total:7.2f} s  {verdict}")
    assert Enterprise.objects.for_unit(unit).count() == ROWS
    rows = queries.base_queryset(unit)
    exported, _ = timed(
        f"export {ROWS:,} enterprises (.xlsx, phones shown)",
        lambda: sheet.export(rows.iterator(chunk_size=2000), show_phones=True),
    )
    timed(
        f"export {ROWS:,} enterprises (.xlsx, phones masked)",
        lambda: sheet.export(rows.iterator(chunk_size=2000), show_phones=False),
    )
    print(f"{'export size':<58} {len(exported) / 1e6:7.2f} MB")
    other = Unit.objects.create(name="基准测试单位二", code=f"bench2{os.getpid()}")
    for name in ("吴家营街道", "呈贡信息产业园区"):
        Area.objects.create(unit=other, name=name)
    Membership.objects.create(user=agent, unit=other, role=Role.AGENT)
    again, _ = timed("re-read the export in another unit (round trip)", lambda: sheet.plan_import(other, exported))
    assert again.ok and len(again.rows) == ROWS


if __name__ == "__main__":
    main()
