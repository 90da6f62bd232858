from investdesk.accounts.models import Membership, Role
from tests.isolation import Row
from tests.personas import make_user


def _member(unit, marker):
    user = make_user(f"member-{unit.code}", f"成员{marker}", unit, Role.AGENT)
    return Membership.objects.get(user=user, unit=unit)


SPECS = {
    "accounts:member_change": Row(_member),
}


def _calendar_day(unit, marker):
    from datetime import date

    from investdesk.core.models import CalendarDay

    return CalendarDay.objects.create(unit=unit, date=date(2027, 10, 1), is_workday=False, note=f"国庆{marker}")


SPECS["accounts:calendar_delete"] = Row(_calendar_day)


def _notification(unit, marker):
    from django.contrib.auth import get_user_model

    from investdesk.core.models import Notification

    owner = get_user_model().objects.filter(memberships__unit=unit).first()
    return Notification.objects.create(unit=unit, user=owner, key=f"k{marker}", kind="test", title=f"通知{marker}")


SPECS["accounts:notification_open"] = Row(_notification)
