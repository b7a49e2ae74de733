"""Response headers for personal data: nothing the application answers is kept by a browser or
a proxy cache, and pages may not use the browser's devices.

Pages, the handover PDF, the .ics invitation and exports all carry CPR-masked but personal
data, and a shared computer's browser cache or back button would keep them after logout. So
every response gets ``Cache-Control: no-store`` except the few that hold no personal data and
are worth caching: static files (served by WhiteNoise before this middleware runs) and the
paths in ``CACHEABLE_PATHS``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

# The liveness check ("ok", asked often) and the empty favicon: nothing personal in them.
CACHEABLE_PATHS = ("/healthz/", "/favicon.ico")

# Browser features the application never uses, denied to the page and to anything framed in it
# (a script that slipped in cannot open the camera or ask for the location). Only features
# Chromium and Firefox recognise: an unknown name is a console error in every page.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


class PrivateResponses:
    """``Cache-Control: no-store`` and ``Permissions-Policy`` on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Replaces any caching a view asked for: a "max-age" beside "no-store" would only
        # confuse, and nothing here may be stored.
        cacheable = request.path_info in CACHEABLE_PATHS
        if not cacheable and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response
