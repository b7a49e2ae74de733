"""The analyst's and team lead's monitoring page: the fund's monitoring and survival figures
from the live database."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from akasse.web.access import current_user, roles
from akasse.web.accounts.models import Role
from akasse.web.monitoring.live import live_reports


@roles(Role.ANALYST, Role.TEAM_LEAD, Role.FUND_ADMIN)
def analysis(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if user.branch_id is not None:
        # The reports cover the whole fund (per branch and caseworker too); a user limited to
        # one branch may not see the others'.
        raise PermissionDenied(
            _("Opfølgningen dækker hele a-kassen; din adgang er til én afdeling.")
        )
    result = live_reports(user.fund_id)
    context = {
        "fund": user.fund_id or _("alle a-kasser"),
        "reports": result if isinstance(result, list) else [],
        "problem": result if isinstance(result, str) else None,
    }
    return render(request, "monitoring/analysis.html", context)
