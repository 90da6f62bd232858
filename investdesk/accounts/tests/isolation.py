from investdesk.accounts.models import Membership, Role
from tests.isolation import Row
from tests.personas import make_user


def _member(unit, marker):
    user = make_user(f"member-{unit.code}", f"成员{marker}", unit, Role.AGENT)
    return Membership.objects.get(user=user, unit=unit)


SPECS = {
    "accounts:member_change": Row(_member),
}
