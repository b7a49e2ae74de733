"""Django settings, read from the environment.

Nothing here is safe to run in production by accident: DEBUG is off and there is no secret key
unless ``AKASSE_DEMO=true`` (the demo and the tests) supplies throwaway ones.

- ``DATABASE_URL``: e.g. ``postgres://user@host/db``; default an SQLite file ``akasse.sqlite3``
  in ``AKASSE_HOME`` (the current folder unless set).
- ``SECRET_KEY`` and ``AKASSE_CPR_KEY`` (the key that makes stored CPR numbers unreadable).
- ``AKASSE_AUDIT_KEY``: the key of the audit log's hash chain (``akasse audit verify``).
- ``AKASSE_DB_PREPARED``: on PostgreSQL, bind parameters on the server and prepare repeated
  statements (default true; false behind a pooler in transaction mode).
- ``AKASSE_TODAY``: the application's date (YYYY-MM-DD); the demo sets it to the last day of
  its simulated data. Default: the real date.
- ``AKASSE_OTP_REQUIRED``: staff (every role but members, and superusers) give a code from an
  authenticator app after the password (default true; false when ``AKASSE_DEMO=true``).
- ``AKASSE_LOGIN_ATTEMPTS`` and ``AKASSE_LOGIN_ADDRESS_ATTEMPTS``: failed logins before one
  username is locked from one address (default 5), and before one address is locked for every
  username (default 20), within ``AKASSE_LOGIN_WINDOW`` seconds (default 900).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from akasse.web.env import env_bool, env_int, env_list, env_str

# Generic admin and manager classes (ModelAdmin[Fund]) at run time, as the type stubs declare.
django_stubs_ext.monkeypatch()

DEMO = env_bool("AKASSE_DEMO", False)
DEBUG = env_bool("AKASSE_DEBUG", False)
HOME = Path(env_str("AKASSE_HOME", ".")).resolve()

_DEMO_SECRET = "akasse-demo-only-not-a-secret"
SECRET_KEY = env_str("SECRET_KEY", _DEMO_SECRET if DEMO else None)
CPR_KEY = env_str("AKASSE_CPR_KEY", _DEMO_SECRET if DEMO else None)
if not DEMO and _DEMO_SECRET in (SECRET_KEY, CPR_KEY):
    raise ImproperlyConfigured("The demo's keys cannot be used outside the demo.")

# Audit log: the key of its hash chain (akasse.web.audit.chain), AKASSE_AUDIT_KEY. Required
# outside the demo; kept apart from the database, since with it the hashes can be recomputed.
_DEMO_AUDIT_KEY = "akasse-demo-audit-key-not-a-secret"
AUDIT_KEY = env_str("AKASSE_AUDIT_KEY", _DEMO_AUDIT_KEY if DEMO else None)
if not DEMO and AUDIT_KEY == _DEMO_AUDIT_KEY:
    raise ImproperlyConfigured("The demo's audit key cannot be used outside the demo.")

_today = env_str("AKASSE_TODAY", "")
try:
    TODAY = dt.date.fromisoformat(_today) if _today else None
except ValueError:
    raise ImproperlyConfigured(f"AKASSE_TODAY={_today!r}: give a date as YYYY-MM-DD.") from None

# The profiling model (akasse profile train); without one the member page says so.
PROFILE_MODEL = Path(env_str("AKASSE_PROFILE_MODEL", str(HOME / "profilmodel.json")))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "akasse.web.accounts",
    "akasse.web.members",
    "akasse.web.casework",
    "akasse.web.jobs",
    "akasse.web.audit",
    "akasse.web.monitoring",
    "akasse.web.profiling",
    "akasse.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files stay cacheable and carry no policy.
    "csp.middleware.CSPMiddleware",
    "akasse.web.headers.PrivateResponses",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "akasse.web.language.DanishByDefault",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "akasse.web.accounts.two_factor.SecondFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "akasse.web.urls"
WSGI_APPLICATION = "akasse.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Django's model backend, reading the session's user with its caseworker in one prepared query.
AUTHENTICATION_BACKENDS = ["akasse.web.accounts.backends.UserBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "akasse.web.context.app",
            ]
        },
    }
]

# Database connections are kept for AKASSE_DB_CONN_MAX_AGE seconds and checked before a
# request reuses one, so that a restarted or failed-over database server costs no request
# after it is back (without the check the first request on each kept connection fails).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{HOME / 'akasse.sqlite3'}"),
        conn_max_age=env_int("AKASSE_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers beside one writer, and waits instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env_bool("AKASSE_DB_PREPARED", True):
    # PostgreSQL binds the parameters, and a statement run five times on a connection is
    # prepared there: the daily pages' queries are then planned once per connection rather
    # than once per request (about a fifth of the worklist's time). Behind a pooler in
    # transaction mode that cannot keep prepared statements: AKASSE_DB_PREPARED=false.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if env_bool("AKASSE_FAST_PASSWORDS", False)
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling, counted in the audit log (shared by every server process): failed
# attempts for one username from one address lock that pair, and failed attempts from one
# address for any usernames lock that address, within the window. Nobody elsewhere can lock
# a user out. Behind a reverse proxy, every request comes from the proxy's address: the
# proxy must then pass the client's address in REMOTE_ADDR.
LOGIN_ATTEMPTS = env_int("AKASSE_LOGIN_ATTEMPTS", 5)
LOGIN_ADDRESS_ATTEMPTS = env_int("AKASSE_LOGIN_ADDRESS_ATTEMPTS", 20)
LOGIN_WINDOW_SECONDS = env_int("AKASSE_LOGIN_WINDOW", 900)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: in the database, which every server process shares (never in one worker's
# memory), read with one prepared query; each user's sessions are recorded, so that logging
# out ends all of them and a new password every other one, in every process at once.
SESSION_ENGINE = "akasse.web.accounts.sessions"
# Two-factor authentication (django-otp, TOTP): every role but members, and superusers, give
# a code from an authenticator app after the password. Off in the demo and the tests.
OTP_REQUIRED = env_bool("AKASSE_OTP_REQUIRED", not DEMO)
OTP_TOTP_ISSUER = "akasse"
# The admin shows no device's key or QR code: an administrator resets a device, never sees it.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [Path(__file__).parent / "static"]
# Static files are served by WhiteNoise from the installed package (finders); set
# AKASSE_STATIC_ROOT and run collectstatic to serve compressed copies instead.
_static_root = env_str("AKASSE_STATIC_ROOT", "")
STATIC_ROOT = Path(_static_root) if _static_root else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sessions and cookies: HttpOnly, SameSite, short-lived; Secure unless serving plain HTTP on
# loopback (the demo and the tests).
SECURE = env_bool("AKASSE_SECURE_COOKIES", not DEMO)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("AKASSE_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The language cookie the footer's switch sets is guarded like the session cookie.
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = 0 if not SECURE else 31536000

# Content-Security-Policy (django-csp) and the other response headers (akasse.web.headers:
# no-store, Permissions-Policy). Scripts and styles only from the application's own static
# files, no inline code or style attributes anywhere (the Django admin included), nothing
# framed, forms posted only back to the application. The templates keep to it; a test scans
# them and a browser test checks that no page reports a violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("AKASSE_LOG_LEVEL", "WARNING")},
}
