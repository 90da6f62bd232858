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
