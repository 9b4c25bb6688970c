"""Settings for Continuum.

Defaults run the whole service on an SQLite file under var/; set DATABASE_URL to use
PostgreSQL, the production database (for example postgres://continuum@localhost/continuum).
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from continuum.core.environment import env_flag, env_int, read_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONTINUUM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- DEBUG and the secret key (see docs/security.md) -------------------------------------------
# DEBUG only when asked for (`make dev` or DJANGO_DEBUG=1). With DEBUG off, a real secret key
# from DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE is required, or settings refuse to load.
DEBUG = env_flag(os.environ, "DJANGO_DEBUG", default=False)
SECRET_KEY = read_secret_key(os.environ, debug=DEBUG)
# --- end DEBUG and the secret key -------------------------------------------------------------
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # The API's Swagger UI, served from its own static files rather than a public CDN.
    "ninja",
    "simple_history",
    "continuum.core",
    "continuum.organisation",
    "continuum.people",
    "continuum.governance",
    "continuum.thresholds",
    "continuum.frontdoor",
    "continuum.socialwork",
    "continuum.earlyhelp",
    "continuum.directory",
    "continuum.returns",
    # Sign-in: lockout after repeated failures, second factor, the account pages.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "continuum.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # sign-in: request.user.is_verified()
    "continuum.core.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "continuum.account.middleware.SessionTimeoutMiddleware",  # sign-in: idle and 8-hour limits
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "continuum.core.middleware.ContinuumLoginRequiredMiddleware",
    "continuum.account.middleware.SecondFactorRequiredMiddleware",  # sign-in: after the login check
    # sign-in: after every other check, as django-axes asks (only the API's converter is inside)
    "axes.middleware.AxesMiddleware",
    # Last, so it sees every error response from the URL resolver and the API's views.
    "continuum.core.security.ApiProblemMiddleware",
]

ROOT_URLCONF = "continuum.urls"
WSGI_APPLICATION = "continuum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "continuum" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "continuum.core.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "continuum.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'continuum.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers carry on while the demo generator or a colleague writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    # Every transaction takes the write lock when it begins, so a transaction that read first
    # never has to upgrade to a writer (which SQLite refuses at once with "database is
    # locked", whatever the timeout); and a writer waits up to `timeout` seconds for another
    # writer to finish instead of failing. See docs/serving.md.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "continuum.core.errors.csrf_failure"

# Sign-in ----------------------------------------------------------------------------------
# Lockout, password rules, the second factor and session lifetimes (docs/signing-in.md).
# The middleware entries above marked "sign-in" belong with this block.
AUTHENTICATION_BACKENDS = [
    # Refuses any sign-in while the username or the address is locked out; it needs the request,
    # so every authenticate() call must pass one (the sign-in form does).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Wrong passwords: this many for one username locks that username...
AXES_FAILURE_LIMIT = int(os.environ.get("CONTINUUM_SIGN_IN_FAILURE_LIMIT", "5"))
# ...and this many from one address, across all usernames, locks the address.
CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("CONTINUUM_SIGN_IN_ADDRESS_FAILURE_LIMIT", "50")
)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(os.environ.get("CONTINUUM_SIGN_IN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "continuum.account.lockout.SignInAttempts"
AXES_LOCKOUT_CALLABLE = "continuum.account.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "continuum.account.lockout.client_address"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a TLS proxy every request comes from the proxy: name how many proxies in front of
# Continuum append to X-Forwarded-For, so that the address locked out is the person's.
CONTINUUM_TRUSTED_PROXIES = int(os.environ.get("CONTINUUM_TRUSTED_PROXIES", "0"))
# The second factor: TOTP (an authenticator app), required for every role but partner agencies.
OTP_TOTP_ISSUER = "Continuum"
# Signed out after this long without a request, and after 8 hours whatever happens; the
# session cookie ends when the browser closes.
CONTINUUM_IDLE_TIMEOUT_MINUTES = int(os.environ.get("CONTINUUM_IDLE_TIMEOUT_MINUTES", "30"))
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    BASE_DIR / "static" / "build",
    ("js", BASE_DIR / "static" / "js"),
]
WHITENOISE_USE_FINDERS = True

# Configuration as data: the local authority's teams, agencies and timescales.
CONTINUUM_AUTHORITY_CONFIG = BASE_DIR / "config" / "blackpool.toml"
# The DfE validators' own virtualenv (requirements/validators.in says why it is separate).
CONTINUUM_VALIDATORS_PYTHON = os.environ.get(
    "CONTINUUM_VALIDATORS_PYTHON", str(BASE_DIR / ".venv-validators" / "bin" / "python")
)
# How long a reason given to open a record outside one's own work stays valid.
CONTINUUM_BREAK_GLASS_HOURS = 8

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- HTTPS, security headers and the Content-Security-Policy (see docs/security.md) ------------
# With DEBUG off, HTTPS is assumed: behind a TLS proxy that sets X-Forwarded-Proto. Each can be
# turned off from the environment, as `make run` does for plain http on 127.0.0.1.
_HTTPS = not DEBUG
SECURE_SSL_REDIRECT = env_flag(os.environ, "DJANGO_SECURE_SSL_REDIRECT", default=_HTTPS)
if env_flag(os.environ, "DJANGO_SECURE_PROXY_SSL_HEADER", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int(
    os.environ, "DJANGO_SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60 if _HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag(
    os.environ, "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env_flag(os.environ, "DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env_flag(os.environ, "DJANGO_SESSION_COOKIE_SECURE", default=_HTTPS)
CSRF_COOKIE_SECURE = env_flag(os.environ, "DJANGO_CSRF_COOKIE_SECURE", default=_HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: scripts live in static/js, styles in the stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# --- end HTTPS, security headers and the Content-Security-Policy ------------------------------
