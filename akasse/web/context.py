"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from akasse.web.clock import today


def app(request: HttpRequest) -> dict[str, Any]:
    return {"today": today(), "demo_date": settings.TODAY is not None}
