"""appeal_reminders: due-soon and overdue notices for open appeals, once each, never in a dry run."""

import io
from datetime import date

from django.core.management import call_command

from investdesk.core.models import Notification
from investdesk.outreach import services
from investdesk.outreach.models import Action
from investdesk.outreach.tests.conftest import make_appeal


def run(*args) -> str:
    out = io.StringIO()
    call_command("appeal_reminders", *args, stdout=out)
    return out.getvalue()


def test_overdue_appeals_reach_the_handler_and_the_director_once(people, key_ent):
    overdue = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent, handler=people.agent)
    soon = make_appeal(people.unit, key_ent, date(2022, 3, 10), actor=people.agent, handler=people.agent,
                       title="即将到期", deadline_workdays=5)  # fmt: skip
    done = make_appeal(people.unit, key_ent, date(2022, 3, 1), actor=people.agent, title="已解决")
    services.change_appeal(done, actor=people.agent, action=Action.RESOLVE, on=date(2022, 3, 2), text="已办")
    assert "3 notifications would be written" in run("--today", "2022-03-16", "--dry-run")
    assert Notification.objects.count() == 0
    run("--today", "2022-03-16")
    notices = {(n.user.username, n.kind, n.url.rstrip("/").rsplit("/", 1)[-1]) for n in Notification.objects.all()}
    assert soon.due_on == date(2022, 3, 17)  # one working day left on 16 March: due soon, not overdue
    assert notices == {
        ("zhangmin", "overdue", str(overdue.pk)),
        ("liqiang", "overdue", str(overdue.pk)),
        ("zhangmin", "due_soon", str(soon.pk)),
    }
    assert "0 notifications written" in run("--today", "2022-03-16", "--unit", "chenggong")
    assert Notification.objects.count() == 3


def test_a_due_soon_appeal_reaches_its_handler_only(people, key_ent):
    make_appeal(people.unit, key_ent, date(2022, 3, 10), actor=people.agent, handler=people.director,
                deadline_workdays=5)  # fmt: skip
    run("--today", "2022-03-15")
    assert list(Notification.objects.values_list("user__username", "kind")) == [("liqiang", "due_soon")]
