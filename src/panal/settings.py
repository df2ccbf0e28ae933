"""Panal settings: one file, driven by environment variables (each one is documented in README.md)."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PANAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PANAL_ENV = os.environ.get("PANAL_ENV", "local")
PRODUCTION = PANAL_ENV == "production"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key and PRODUCTION and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
        # The same bar as Django's security.W009, but refused at start instead of a warning nobody reads.
        raise ImproperlyConfigured(
            "SECRET_KEY es demasiado débil para producción: use al menos 50 caracteres aleatorios "
            '(p. ej. python3 -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY es obligatoria cuando PANAL_ENV=production.")
    # A local run keeps one generated key so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
PORT = int(os.environ.get("PORT", "8000"))
PANAL_REGION = os.environ.get("PANAL_REGION", "06")
# Semana check-in opens this many minutes before an activity starts and closes when it ends.
EVENTS_CHECKIN_OPENS_MINUTES_BEFORE = int(os.environ.get("EVENTS_CHECKIN_OPENS_MINUTES_BEFORE", "60"))
PANAL_BASE_URL = os.environ.get("PANAL_BASE_URL", f"http://127.0.0.1:{PORT}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "csp",  # issue 10: Content-Security-Policy (settings below)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_q",  # the background job queue (panal.core.jobs)
    "rules.apps.AutodiscoverRulesConfig",
    "panal.core",
    "panal.territory",
    "panal.reference",
    "panal.registry",
    "panal.identity",
    "panal.catalog",
    "panal.eligibility",
    "panal.events",
    "panal.networks",
    "panal.applications",
    "panal.portfolio",
    "panal.outcomes",
    "panal.dashboard",
    "panal.opendata",
    "panal.privacy",
    "panal.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "panal.core.middleware.RequestSanityMiddleware",  # issue 10: invalid text → 4xx before any view (security)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "panal.identity.middleware.StaffSecondFactorMiddleware",
    "panal.core.ratelimit.AnonymousWriteThrottleMiddleware",  # issue 10: 429 past the limits below (security)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "panal.urls"
WSGI_APPLICATION = "panal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "panal.core.context_processors.site",
            ],
            "builtins": ["panal.core.templatetags.panal_format"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "panal.sqlite3"}}


def _sqlite_settings(database: dict) -> None:
    """How Panal runs on SQLite, whether it is the default file or `DATABASE_URL=sqlite:///…`."""
    # Reuse each thread's connection: opening one re-runs the PRAGMAs below on every request.
    database["CONN_MAX_AGE"] = 600
    database["CONN_HEALTH_CHECKS"] = True
    database["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout
        # instead of failing with "database is locked" when one upgrades a read lock.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=30000;PRAGMA foreign_keys=ON;"
        ),
        **database.get("OPTIONS", {}),
    }


for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        _sqlite_settings(_database)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "panal.core.backends.EmailBackend",  # issue 10: ModelBackend with one e-mail case rule everywhere
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "panal.core.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "panal.core.backends.lockout_response"  # JSON on the API, the page elsewhere
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # its admin pages are English only; `panal axes_reset` lifts a lockout
# Lock per account, not per IP: public offices and telecentres share one address behind NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- ClaveÚnica (docs/claveunica.md) ----------------------------------------------------------------
# mock: Panal's own fake provider at /dev/claveunica/ (the default on a local machine); live: the real one;
# off: no ClaveÚnica. Production never runs the fake provider: it would let anyone log in as anyone.
# In production the default is live once the credentials are set, and off until then.
_CU_DEFAULT = ("live" if os.environ.get("CLAVEUNICA_CLIENT_ID") else "off") if PRODUCTION else "mock"
CLAVEUNICA_MODE = os.environ.get("CLAVEUNICA_MODE", _CU_DEFAULT).strip().lower()
if CLAVEUNICA_MODE not in {"mock", "live", "off"}:
    raise ImproperlyConfigured("CLAVEUNICA_MODE debe ser mock, live u off.")
if PRODUCTION and CLAVEUNICA_MODE == "mock":
    raise ImproperlyConfigured(
        "CLAVEUNICA_MODE=mock no se permite con PANAL_ENV=production: el simulador deja ingresar como cualquier RUN."
    )
_CU_HOST = "https://accounts.claveunica.gob.cl"
_CU_MOCK = CLAVEUNICA_MODE == "mock"
CLAVEUNICA_AUTHORIZE_URL = os.environ.get(
    "CLAVEUNICA_AUTHORIZE_URL", "/dev/claveunica/authorize/" if _CU_MOCK else f"{_CU_HOST}/openid/authorize/"
)
CLAVEUNICA_TOKEN_URL = os.environ.get(
    "CLAVEUNICA_TOKEN_URL", "/dev/claveunica/token/" if _CU_MOCK else f"{_CU_HOST}/openid/token/"
)
CLAVEUNICA_USERINFO_URL = os.environ.get(
    "CLAVEUNICA_USERINFO_URL", "/dev/claveunica/userinfo/" if _CU_MOCK else f"{_CU_HOST}/openid/userinfo/"
)
CLAVEUNICA_LOGOUT_URL = os.environ.get(
    "CLAVEUNICA_LOGOUT_URL", "/dev/claveunica/logout/" if _CU_MOCK else f"{_CU_HOST}/api/v1/accounts/app/logout"
)
CLAVEUNICA_CLIENT_ID = os.environ.get("CLAVEUNICA_CLIENT_ID", "panal-local" if _CU_MOCK else "")
CLAVEUNICA_CLIENT_SECRET = os.environ.get("CLAVEUNICA_CLIENT_SECRET", "panal-local" if _CU_MOCK else "")
CLAVEUNICA_REDIRECT_URI = os.environ.get(
    "CLAVEUNICA_REDIRECT_URI", ""
)  # default: this site's /cuenta/claveunica/callback/
CLAVEUNICA_LOGOUT_REDIRECT_URI = os.environ.get("CLAVEUNICA_LOGOUT_REDIRECT_URI", "")  # default: this site's home
CLAVEUNICA_TIMEOUT = float(os.environ.get("CLAVEUNICA_TIMEOUT", "10"))
if PRODUCTION and CLAVEUNICA_MODE == "live" and not (CLAVEUNICA_CLIENT_ID and CLAVEUNICA_CLIENT_SECRET):
    raise ImproperlyConfigured("Faltan CLAVEUNICA_CLIENT_ID y CLAVEUNICA_CLIENT_SECRET (o use CLAVEUNICA_MODE=off).")
# Staff and administrators need a TOTP second factor after their password (on by default in production).
STAFF_REQUIRE_OTP = env_bool("STAFF_REQUIRE_OTP", PRODUCTION)
OTP_TOTP_ISSUER = "Panal"
LOGIN_ATTEMPT_RETENTION_DAYS = int(os.environ.get("LOGIN_ATTEMPT_RETENTION_DAYS", "180"))

# --- Language, time ---------------------------------------------------------------------------------
LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", "Español (Chile)")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serves straight from the apps when collectstatic has not run (tests, dev)
WHITENOISE_MAX_AGE = 3600

# --- Background jobs (panal.core.jobs) ------------------------------------------------------------------
# django-q2 with the database as broker: no other server. A claimed job that no worker finished within `retry`
# seconds (the worker died) is claimed again; `timeout` must stay below it.
Q_CLUSTER = {
    "name": "panal",
    "orm": "default",
    "workers": int(os.environ.get("PANAL_JOB_WORKERS", "1")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,  # deliveries of one queued job (a job that kills its worker three times stops)
    "ack_failures": True,  # a job that raised is recorded as failed (panal.core.jobs re-queues it with backoff)
    "save_limit": 500,
    "poll": float(os.environ.get("PANAL_JOB_POLL", "0.5")),
    "catch_up": False,  # after downtime a daily job runs once, not once per missed day
    "label": "Trabajos en segundo plano",
}
PANAL_SCHEDULES = "panal.schedules.SCHEDULES"
# Run each job in the same process right after the commit (tests, and commands run with no worker around).
PANAL_JOBS_IMMEDIATE = env_bool("PANAL_JOBS_IMMEDIATE", False)

# --- Email ------------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Panal <no-responder@panal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # Without a mail server, every message is written as a file a local user can open.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- Security ---------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)

# --- Hardening (issue 10; docs/security.md): rate limits, CSP --------------------------------------------
# Rate limits: counters in a database cache every worker shares (panal.core.ratelimit). `PANAL_RATELIMIT=off`
# is for load tests only (bench/_harness.py sets it so a rush measures many people from one machine).
RATELIMIT_ENABLE = env_bool("PANAL_RATELIMIT", True)
if PRODUCTION and not RATELIMIT_ENABLE:
    raise ImproperlyConfigured("PANAL_RATELIMIT=off es solo para pruebas de carga, no para producción.")
RATELIMIT_USE_CACHE = "ratelimit"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "panal.core.ratelimit.AtomicDatabaseCache",
        "LOCATION": "panal_ratelimit_cache",
        "TIMEOUT": 3600,  # the longest window
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 3},
    },
}
PANAL_RATE_LIMITS = {
    "anonymous-write": os.environ.get("PANAL_RATE_ANONYMOUS_WRITE", "60/m"),  # per client address
    "api-token-write": os.environ.get("PANAL_RATE_TOKEN_WRITE", "300/m"),  # per client address
    "registration-client": os.environ.get("PANAL_RATE_REGISTRATION_CLIENT", "10/10m"),
    "registration-activity": os.environ.get("PANAL_RATE_REGISTRATION_ACTIVITY", "60/m"),
}
PANAL_TRUSTED_PROXIES = int(os.environ.get("PANAL_TRUSTED_PROXIES", "0"))  # proxies writing X-Forwarded-For
# Content-Security-Policy (django-csp): only Panal's own scripts, styles and images; no inline script or style,
# no eval, no third-party origin, no framing. htmx and the QR scanner (camera through getUserMedia, decoding in
# static/events/checkin.js) work under it; data: images are the QR codes drawn in e-mails and PDFs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
