"""Demo units: the seed's 昆明市呈贡区投资服务中心 and a second unit for isolation checks."""

from investdesk.core.models import Unit

CHENGGONG = {
    "name": "昆明市呈贡区投资服务中心",
    "uscc": "12530121MB1E44219W",
    "address": "昆明市呈贡区呈祥街下沉广场政务服务中心C区",
    "phone": "67483280",
    "legal_rep": "孙浩",
    "funding_source": "财政全额拨款",
    "department": "昆明市呈贡区政务服务管理局",
    "profile": (
        "昆明市呈贡区投资服务中心为昆明市呈贡区人民政府直属事业单位，由昆明市呈贡区政务服务管理局管理，"
        "机构规格为正科级。主要负责全区投资审批服务相关政策的宣传，受理社会性投资项目业主委托代办申请，"
        "全程跟进并加强事前、事中、事后跟踪服务，协调解决代办服务中的具体事宜。"
    ),
}

DEMO2 = {
    "name": "演示区投资服务中心",
    "address": "演示区政务服务中心",
    "funding_source": "财政全额拨款",
    "profile": "用于演示多单位隔离的第二个单位。",
}


def load(ctx) -> None:
    for code, details in (("chenggong", CHENGGONG), ("demo2", DEMO2)):
        unit, created = Unit.objects.update_or_create(code=code, defaults=details)
        ctx.units[code] = unit
        ctx.write(f"unit {code}: {'created' if created else 'up to date'}")
