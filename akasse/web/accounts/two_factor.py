"""Two-factor authentication for staff: after the password, a 6-digit code from an
authenticator app (TOTP, django-otp). A staff user without an app is shown a QR code to set
one up and confirms it with one code. Until the code is given, every page but these, the
login and the logout sends them to the code page (``OTP_REQUIRED``; off in the demo).

Wrong codes are throttled by django-otp (1, 2, 4, 8, ... seconds after each failure in a row)
and recorded in the audit log. An administrator resets a user's app in the admin: the user
sets up a new one at their next login.
"""

from __future__ import annotations

import math
from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_otp import login as otp_login  # type: ignore[import-untyped]
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from akasse.web.accounts.models import User
from akasse.web.accounts.sessions import end_sessions, remember
from akasse.web.audit.log import client_address
from akasse.web.audit.models import AuditEvent

# Pages an unverified staff user may open: the way in and out.
OPEN = frozenset(
    {"login", "logout", "otp_verify", "otp_setup", "healthz", "favicon", "set_language"}
    | {"admin:logout"}
)
DEVICE_NAME = "Autentificeringsapp"


def _staff(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.needs_second_factor else None


def _unverified_staff(request: HttpRequest) -> User | None:
    user = _staff(request)
    return None if user is None or user.is_verified() else user  # type: ignore[attr-defined]


class SecondFactorRequired:
    """Sends a staff user who has given their password but not yet their code to the code
    page, from every page but those in ``OPEN`` (the admin too). After django-otp's
    ``OTPMiddleware``, which tells whether the session's user is verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.OTP_REQUIRED:
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN or _unverified_staff(request) is None:
            return None
        htmx = getattr(request, "htmx", None)
        if htmx:
            # An htmx request would swap the code page into a part of the page: the browser
            # goes to the code page instead, and back to the whole page after it.
            page = htmx.current_url_abs_path or request.get_full_path()
            target = redirect_to_login(page, reverse("otp_verify"))
            return HttpResponseClientRedirect(target.url)
        return redirect_to_login(request.get_full_path(), reverse("otp_verify"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode fra appen"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Skriv de 6 cifre, som appen viser."))
        return code


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _with_next(name: str, request: HttpRequest) -> HttpResponseRedirect:
    return redirect_to_login(_next(request), reverse(name))


def _check(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> str | None:
    """None if the code is the device's current one; otherwise why not, audited."""
    allowed, info = device.verify_is_allowed()
    if allowed and verify_token(user, device.persistent_id, code) is not None:
        return None
    AuditEvent.objects.create(
        user=user,
        username=user.get_username(),
        action=AuditEvent.Action.LOGIN_FAILED,
        what="totp" if allowed else "totp: for mange forsøg",
        address=client_address(request),
    )
    if allowed:
        return _("Koden er forkert. Skriv den kode, appen viser nu (den skifter hvert 30. sekund).")
    wait = max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))
    return ngettext(
        "For mange forkerte koder. Vent %(seconds)d sekund, og prøv igen.",
        "For mange forkerte koder. Vent %(seconds)d sekunder, og prøv igen.",
        wait,
    ) % {"seconds": wait}


def _verified(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    """The session is the verified user's from now on, under a new key."""
    otp_login(request, device)
    request.session.cycle_key()
    remember(request, user)
    return redirect(_next(request))


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code page, after the password."""
    user = _staff(request)
    if user is None or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return _with_next("otp_setup", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = _check(request, user, device, form.cleaned_data["code"])
        if refused is None:
            return _verified(request, user, device)
        form.add_error("code", refused)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Setting up the authenticator app: a QR code and the key in text, confirmed with one
    code. Only for a user with no app yet: a new app replaces one only after a reset."""
    user = _staff(request)
    if user is None or user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return _with_next("otp_verify", request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refused = _check(request, user, device, form.cleaned_data["code"])
        if refused is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(request, _("Appen er sat op. Næste gang beder vi om en kode fra den."))
            return _verified(request, user, device)
        form.add_error("code", refused)
    key = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR-kode til autentificeringsappen")
    )
    context = {
        "form": form,
        "next": _next(request),
        "qr": mark_safe(qr),  # segno escapes what it draws; the URL is our own
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return render(request, "accounts/otp_setup.html", context)


def reset(user: User) -> int:
    """Remove the user's authenticator apps and end their sessions: at their next login they
    set up a new app. Returns how many apps were removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    end_sessions(user)
    return int(removed)
