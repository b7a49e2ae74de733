"""Django set up for the commands that run outside a server. Each command calls
``setup_django`` when it runs, so ``akasse --help`` and the engines' commands never load
Django."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akasse.web.settings")
    import django  # noqa: PLC0415  (loaded only by the commands that need it)

    django.setup()
