"""Demo users, one per role, all with the documented demo password."""

from django.contrib.auth import get_user_model

from investdesk.accounts.models import Membership, Role
from investdesk.core.demo_loader import DEMO_PASSWORD

USERS = [
    # username, full name (kept whole in first_name: Chinese names put the family name first), unit, role
    ("director", "李强", "chenggong", Role.DIRECTOR),
    ("agent", "张敏", "chenggong", Role.AGENT),
    ("agent2", "刘洋", "chenggong", Role.AGENT),  # a second agent: co-agents of a case
    ("finance", "王芳", "chenggong", Role.FINANCE),
    ("viewer", "赵磊", "chenggong", Role.VIEWER),
    ("admin", "周涛", "chenggong", Role.ADMIN),
    ("director2", "陈静", "demo2", Role.DIRECTOR),
]


def load(ctx) -> None:
    User = get_user_model()
    for username, full_name, unit_code, role in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = full_name, ""
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, unit=ctx.units[unit_code], defaults={"role": role, "is_active": True}
        )
        ctx.users[username] = user
    ctx.write(f"users: {', '.join(u[0] for u in USERS)} (password {DEMO_PASSWORD})")
