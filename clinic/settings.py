"""Harmony settings, read from the environment.

Production (DJANGO_DEBUG off, the default) fails closed: a missing or default secret key, or no allowed hosts,
stops start-up instead of running insecurely. Development and tests turn DJANGO_DEBUG on explicitly.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def load_dotenv(path: Path) -> None:
    """Development convenience: KEY=VALUE lines of a git-ignored .env fill in what the environment lacks.

    `make run` and `make test` write DJANGO_DEBUG=1 there, so `manage.py` works in a developer's checkout. A
    production host has no .env (it sets real environment variables) and so still fails closed below.
    """
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("\"'"))


load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif SECRET_KEY == _DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is the development default; set a real secret in production.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "clinic.views.core.csrf_failure"  # Django's page, logged as a security event

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "csp",
    "axes",
    "simple_history",
    # Two-factor sign-in (mfa): django-otp's authenticator-app (TOTP) and backup-code devices.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The project package (settings, urls, roles, navigation, demo data), then the apps from the bottom up:
    # catalog <- patients, stock <- planning <- photos, consents, records <- followups, outcomes. No app imports
    # from one above it (lint-imports, pyproject.toml).
    "clinic",
    "accesslog",  # the read log and the sessions list: below every app, so every app may write to it
    "mfa",  # two-factor sign-in and re-authentication: below every app, so every signature may re-check a code
    "catalog",
    "patients",
    "stock",
    "planning",
    "photos",
    "consents",
    "records",
    "followups",
    "outcomes",
    "exports",  # the patient's whole record as PDF and JSON: reads every app, so it sits above them all
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clinic.middleware.PermissionsPolicyMiddleware",  # on every response, static files included
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clinic.middleware.SecurityEventMiddleware",  # every 403 to the security log, with the user refused
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Two-factor: OTPMiddleware marks the user verified from the session; mfa's sends the unverified to the code
    # page, and those whose role needs a device but have none to enrol (mfa/access.py).
    "django_otp.middleware.OTPMiddleware",
    "mfa.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The idle and absolute session limits (accesslog.sessions), after auth and messages: it signs out and says why.
    "clinic.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "clinic.middleware.NeverCacheAuthenticatedMiddleware",
    # Axes goes last so it sees the outcome of the login views above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"
ASGI_APPLICATION = "clinic.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.navigation",
            ],
            # Harmony's display filters (doses, money, dates) in every template without a {% load %}.
            "builtins": ["clinic.templatetags.harmony"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# How dates and times are written and typed ("2 Dec 2026, 14:30"; dd/mm/yyyy): clinic/formats/en_GB/formats.py, read
# by the admin, `|date`, form widgets and clinic/formatting.py alike.
FORMAT_MODULE_PATH = ["clinic.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Patient photos are private: they live outside any public URL and are served by a permission-checked view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("HARMONY_PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/media-not-served/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict Content-Security-Policy: no inline scripts or styles anywhere. data: images are Bootstrap's own
# embedded SVG icons (form-select arrows, checkboxes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],  # no page uses <base>: an injected one cannot re-point relative URLs
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The client's real address (login throttling and the security log, clinic.security.client_address): how many
# reverse proxies we run in front of the app (nginx alone: 1). 0 ignores X-Forwarded-For, which anyone can send.
HARMONY_PROXY_COUNT = int(os.environ.get("HARMONY_PROXY_COUNT", "0") or "0")
if HARMONY_PROXY_COUNT < 0:
    raise ImproperlyConfigured("HARMONY_PROXY_COUNT must be 0 or the number of reverse proxies in front of Harmony.")

# Login throttling (django-axes), each parameter set with its own limit of failures within the cool-off
# (clinic.security.LoginThrottleHandler): one username from one address after 5 (typos; a colleague at the clinic's
# shared address still signs in); one username from any address after 20 (a guess at one account spread over many
# addresses); one address after 50 whatever the usernames (spraying one password over every account). A lock ends
# 15 minutes after the last failure counted, and failures while locked are not counted, so a stranger can delay a
# colleague's sign-in by the cool-off but never keep the account shut; `manage.py axes_reset_username` ends it now.
HARMONY_LOGIN_THROTTLES = [(("username", "ip_address"), 5), (("username",), 20), (("ip_address",), 50)]
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters, _ in HARMONY_LOGIN_THROTTLES]
AXES_FAILURE_LIMIT = HARMONY_LOGIN_THROTTLES[0][1]  # the scale the handler compares each set's count against
AXES_HANDLER = "clinic.security.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "clinic.security.axes_client_address"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HARMONY_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "clinic.views.locked_out"
AXES_RESET_ON_SUCCESS = True

# Flash messages name patients ("Zoë Martin is registered."): keep them server-side, not in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-": browsers accept these cookies only if Secure, for Path=/ and without a Domain, so no subdomain
    # or plain-HTTP page can set or overwrite them. Development over HTTP keeps Django's plain names.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "harmony@localhost")
# SMTP in production (password resets, the patients' aftercare): the host, port, login and TLS from the environment.
# A short timeout, so a mail server that does not answer delays a page by seconds, never hangs it.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set DJANGO_EMAIL_USE_TLS or DJANGO_EMAIL_USE_SSL, not both.")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))

# How the clinic names itself and its currency on screens and printed plans.
HARMONY_CLINIC_NAME = os.environ.get("HARMONY_CLINIC_NAME", "Harmony aesthetic clinic")
HARMONY_CURRENCY_SYMBOL = os.environ.get("HARMONY_CURRENCY_SYMBOL", "£")

# How many days a patient's signed consent to a kind of treatment stays in force (see consents): a session after
# that needs a new signature. Read when a consent is signed, so a change applies to consents signed from then on.
_CONSENT_DAYS = os.environ.get("HARMONY_CONSENT_VALID_DAYS", "").strip() or "365"
if not _CONSENT_DAYS.isdigit() or int(_CONSENT_DAYS) < 1:
    raise ImproperlyConfigured(
        f"HARMONY_CONSENT_VALID_DAYS must be a whole number of days above zero: {_CONSENT_DAYS!r}."
    )
HARMONY_CONSENT_VALID_DAYS = int(_CONSENT_DAYS)

# Photo upload limits (clinic settings; see photos).
HARMONY_PHOTO_MAX_BYTES = int(os.environ.get("HARMONY_PHOTO_MAX_BYTES", str(20 * 1024 * 1024)))
HARMONY_PHOTO_MAX_PIXELS = int(os.environ.get("HARMONY_PHOTO_MAX_PIXELS", str(40_000_000)))
HARMONY_PHOTO_KEEP_ORIGINAL = env_bool("HARMONY_PHOTO_KEEP_ORIGINAL", False)
# Production hand-off for photo bytes: "" serves through Django, "x-accel" emits X-Accel-Redirect for nginx.
HARMONY_PHOTO_SERVE_MODE = os.environ.get("HARMONY_PHOTO_SERVE_MODE", "")

# Two-factor sign-in (mfa): the name authenticator apps show, the admin never displays a device's secret, and how
# long re-entering the password (and a code) before an export or an archive stays valid.
OTP_TOTP_ISSUER = HARMONY_CLINIC_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
HARMONY_REAUTH_SECONDS = 5 * 60


def env_positive_int(name: str, default: int | None) -> int | None:
    """A whole number above zero from the environment; empty means `default`. Anything else stops start-up."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number above zero, or empty; it is {value!r}.")
    return int(value)


# Stock (see stock). An opened toxin vial's beyond-use time, in hours after opening, as the clinic's own policy: empty
# (the default) follows each product's label (Product.use_within_hours, §2b). The §2b consensus row allows a clinic
# policy longer than the label; setting this applies it to every toxin.
HARMONY_VIAL_USE_HOURS = env_positive_int("HARMONY_VIAL_USE_HOURS", None)
# A product is flagged as low on stock below this many packages, unless its stock setting says otherwise.
HARMONY_LOW_STOCK_PACKAGES = env_positive_int("HARMONY_LOW_STOCK_PACKAGES", 1)

# Session limits (accesslog.sessions, enforced by clinic.sessions.SessionLimitsMiddleware): signed out after this many
# minutes without a request (a warning shows 2 minutes before), and this many hours after signing in whatever the
# activity. The cookie lives as long as the absolute limit; the server refuses the session past either limit.
HARMONY_IDLE_MINUTES = env_positive_int("HARMONY_IDLE_MINUTES", 30)
HARMONY_SESSION_MAX_HOURS = env_positive_int("HARMONY_SESSION_MAX_HOURS", 12)
HARMONY_IDLE_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = HARMONY_SESSION_MAX_HOURS * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Sign-ins, failures, lockouts, 403s, two-factor and exports (clinic/security.py): kept whatever the root
        # level, so an audit can show who did what, when and from where. No patient data goes into them.
        "harmony.security": {"level": "INFO"},
        # WeasyPrint (clinic/pdf.py) reports every CSS property it skips (Bootstrap's screen-only ones) as a warning.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
