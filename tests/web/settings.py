"""Settings for the tests: the demo's throwaway keys, fast password hashing, and the database
from ``DATABASE_URL`` (SQLite in memory unless the PostgreSQL run sets it)."""

import os

os.environ.setdefault("AKASSE_DEMO", "true")
os.environ.setdefault("AKASSE_FAST_PASSWORDS", "true")

from akasse.web.settings import *  # noqa: F403

# The tests log in with a password only (client.login); the two-factor tests turn this on.
OTP_REQUIRED = False
