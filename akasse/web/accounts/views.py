"""Log in (throttled), log out, change one's password, and the start page for each role."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from akasse.web.accounts.models import Role, User
from akasse.web.accounts.sessions import end_sessions, remember
from akasse.web.audit.log import client_address
from akasse.web.audit.models import AuditEvent

log = logging.getLogger(__name__)

PASSWORD_CHANGED = _("Din adgangskode er skiftet, og du er logget ud alle andre steder.")
TOO_MANY = _("For mange mislykkede forsøg. Vent %(minutes)d minutter, og prøv igen.")
TOO_MANY_HERE = _(
    "For mange mislykkede forsøg fra denne adresse. Vent %(minutes)d minutter, og prøv igen."
)


def normalised(username: str) -> str:
    """The name as Django's login compares it (NFKC, no surrounding space), case-folded, so
    that spelling variants of one username share one count."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def lockout(username: str, address: str | None) -> str | None:
    """Why a login is refused before the password is tried, or None: too many failures for
    this username from this address, or from this address for any usernames, within the
    window. Counted in the audit log, which every server process shares. Failures elsewhere
    never count: an attacker can lock only their own address, never the user."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    failed = AuditEvent.objects.filter(
        action=AuditEvent.Action.LOGIN_FAILED, what="login", at__gte=since, address=address
    )
    minutes = settings.LOGIN_WINDOW_SECONDS // 60
    if failed.filter(username=username).count() >= settings.LOGIN_ATTEMPTS:
        return TOO_MANY % {"minutes": minutes}
    if failed.count() >= settings.LOGIN_ADDRESS_ATTEMPTS:
        return TOO_MANY_HERE % {"minutes": minutes}
    return None


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing further attempts after too many failures for the same
    username from the same address, or from the same address, within the window."""

    def clean(self) -> dict[str, Any]:
        request = self.request
        assert request is not None
        username = normalised(str(self.data.get("username", "")))
        address = client_address(request)
        refused = lockout(username, address)
        if refused is not None:
            raise forms.ValidationError(refused, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            AuditEvent.objects.create(
                username=username,
                action=AuditEvent.Action.LOGIN_FAILED,
                what="login",
                address=address,
            )
            raise


class ThrottledAdminLoginForm(ThrottledLoginForm, AdminAuthenticationForm):
    """The admin's login, throttled and audited like the application's."""


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own new password, which ends every other session of theirs (in every
    server process); the one that changed it goes on."""

    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> HttpResponse:
        # The new password, the other sessions ended and the audit event: all or nothing.
        with transaction.atomic():
            response = super().form_valid(form)  # saved; this session has a new key
            user = form.user
            ended = end_sessions(user, keep=self.request.session.session_key)
            remember(self.request, user)
            AuditEvent.objects.create(
                user=user,
                username=user.get_username(),
                action=AuditEvent.Action.UPDATE,
                what="adgangskode",
                address=client_address(self.request),
            )
        messages.success(self.request, PASSWORD_CHANGED)
        log.info("password changed by user %s, %d other sessions ended", user.pk, ended)
        return response


HOME = {
    Role.CASEWORKER: "worklist",
    Role.TEAM_LEAD: "team",
    Role.FUND_ADMIN: "team",
    Role.JOBCENTRE: "jobcentre",
    Role.MEMBER: "my_case",
    Role.ANALYST: "analysis",
    Role.PRIVACY_OFFICER: "audit_search",
}


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return redirect("login")
    if user.role in HOME:
        return redirect(HOME[Role(user.role)])
    return redirect("admin:index") if user.is_staff else redirect("login")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers, and the benchmark's trivial anchor: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest page a logged-in user can ask for (session and user looked up, no case
    data): the benchmark's anchor for what every page costs before its own work."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """No icon: an empty answer browsers cache, instead of a logged 404 on every error page."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "public, max-age=86400"
    return response
