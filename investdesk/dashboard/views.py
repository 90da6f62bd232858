from django.shortcuts import render

from investdesk.accounts.access import unit_view
from investdesk.dashboard import panels


@unit_view()
def index(request):
    return render(request, "dashboard/index.html", {"panels": panels.render_panels(request)})
