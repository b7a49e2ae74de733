"""``python -m akasse.web.manage``: Django's management commands with akasse's settings."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akasse.web.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
