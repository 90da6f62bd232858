"""Demo: online requests on the 不见面 portal of 昆明市呈贡区投资服务中心 — two waiting in the staff
inbox (submitted in the last days, so their acceptance deadline is ahead), two turned into
cases, one not accepted with its reason and one marked as a repeat.

Every write goes through the portal's services, as an investor's submission and the staff's
decision would. A request is recognised by its enterprise and contact, so a second run changes
nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from investdesk.cases import services as case_services
from investdesk.core.workdays import Calendar
from investdesk.portal import services
from investdesk.portal.models import EventKind, PortalRequest

# (enterprise, contact, phone, project, help, what staff did, days ago)
REQUESTS = [
    ("昆明滇池新材料科技有限公司", "杨晓东", "13708710001", "新型建材生产线", "帮办项目备案和用地预审", "new", 1),
    ("云南呈贡数字产业园管理有限公司", "李春梅", "13708710002", "数字产业园二期", "代办建设工程规划许可证", "new", 3),
    ("昆明斗南花卉冷链物流有限公司", "陈国庆", "13708710003", "花卉冷链仓储中心", "全程代办施工许可", "convert", 40),
    ("云南七甸智能制造有限公司", "周海燕", "13708710004", "智能装备总装车间", "帮办竣工联合验收", "convert", 25),
    ("昆明某某咨询服务部", "吴明辉", "13708710005", "代理记账", "代为办理工商注册", "reject", 20),
    ("云南呈贡数字产业园管理有限公司", "李春梅", "13708710002", "数字产业园二期", "重复提交：规划许可", "duplicate", 3),
]
REJECT_REASON = "本中心代办范围为社会投资项目审批手续，工商注册请到政务服务中心综合窗口办理。"


def _next_workday(unit, submitted_at) -> date:
    """The working day after the request (today at the latest, whatever holidays lie between)."""
    day = Calendar.for_unit(unit).add_workdays(timezone.localtime(submitted_at).date(), 1)
    return min(day, timezone.localdate())


def _answered_on(request: PortalRequest, day: date) -> None:
    at = min(timezone.make_aware(datetime.combine(day, time(10, 0))), timezone.now())
    PortalRequest.objects.filter(pk=request.pk).update(handled_at=at)
    request.events.exclude(kind=EventKind.SUBMITTED).update(at=at)


def _work_on(request: PortalRequest, ctx, *, handled_on: date) -> None:
    """The case of a converted request is accepted, assigned and under way, as the center would have it."""
    request.refresh_from_db()
    director, agent = ctx.users["director"], ctx.users["agent"]
    case = case_services.accept_case(request.case, actor=director, on=handled_on)
    case = case_services.assign_case(case, actor=director, agent=agent, on=handled_on)
    if case.needs_mandate:
        number = f"呈投代〔{handled_on.year}〕{case.pk}号"
        case = case_services.set_mandate(case, actor=agent, number=number, signed_on=handled_on)
    case_services.start_case(case, actor=agent, on=handled_on)


def load(ctx) -> None:
    unit = ctx.units["chenggong"]
    director = ctx.users["director"]
    existing = set(PortalRequest.objects.for_unit(unit).values_list("enterprise_name", "help_needed"))
    created = 0
    now = timezone.now()
    for enterprise, contact, phone, project, help_needed, decision, days_ago in REQUESTS:
        if (enterprise, help_needed) in existing:
            continue
        fields = {
            "enterprise_name": enterprise,
            "contact_name": contact,
            "phone": phone,
            "project_name": project,
            "help_needed": help_needed,
        }
        request = services.submit_request(unit, fields=fields, uploads=[], ip=None, user_agent="demo")
        submitted_at = now - timedelta(days=days_ago)
        PortalRequest.objects.filter(pk=request.pk).update(submitted_at=submitted_at)
        request.events.update(at=submitted_at)
        request.refresh_from_db()
        if decision == "convert":
            services.convert_request(request, actor=director, scope="full" if days_ago > 30 else "assist")
            _work_on(request, ctx, handled_on=_next_workday(unit, submitted_at))
        elif decision == "reject":
            services.reject_request(request, actor=director, reason=REJECT_REASON)
        elif decision == "duplicate":
            original = PortalRequest.objects.for_unit(unit).filter(phone=phone).exclude(pk=request.pk).first()
            services.mark_duplicate(request, actor=director, original=original)
        if decision != "new":  # answered the next working day, within the promised time
            _answered_on(request, _next_workday(unit, submitted_at))
        created += 1
    ctx.write(f"portal: {created} demo online requests created, {len(REQUESTS) - created} already there")
