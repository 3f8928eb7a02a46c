"""Settings shared by every environment; everything that differs comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from dj_database_url import DBConfig

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(os.environ.get("KOMPENSATION_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("KOMPENSATION_VAR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "kompensation.accounts",
    "kompensation.registers",
    "kompensation.cases",
    "kompensation.letters",
    "kompensation.complaints",
    "kompensation.followup",
    "kompensation.social",
    "kompensation.insights",
    "kompensation.payments",
    "kompensation.portal",
    "kompensation.ui",
    "kompensation.demo",
    "kompensation.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kompensation.accounts.middleware.StaffIdleTimeoutMiddleware",
    "kompensation.accounts.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "kompensation.ui.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "kompensation.urls"
WSGI_APPLICATION = "kompensation.wsgi.application"

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
                "kompensation.accounts.context_processors.role",
            ],
        },
    },
]

# SQLite (the demo) serves parallel requests from several threads: WAL lets readers work while one
# writes, the timeout makes a writer wait for the lock instead of failing at once, and IMMEDIATE takes
# the write lock when a transaction starts, so two transactions that both read and then write do not
# deadlock into "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def with_sqlite_options(database: DBConfig) -> DBConfig:
    if database.get("ENGINE", "").endswith("sqlite3"):
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    return database


DATABASES = {
    "default": with_sqlite_options(
        dj_database_url.config(
            default=f"sqlite:///{VAR_DIR / 'kompensation.sqlite3'}",
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Login throttling: five failures from one client address pause logins from that address for
# 15 minutes. Only the address, never the username: a lock on the username would let anyone lock a
# caseworker out by typing wrong passwords for their name. Staff logging in through OIDC are never paused.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# Behind the municipality's reverse proxy every request comes from the proxy; without these two
# settings one person's typing errors would pause logins for everyone. django-ipware is not installed,
# so axes' AXES_IPWARE_* settings would have no effect; our own function reads the proxy header.
KOMPENSATION_TRUSTED_PROXY_COUNT = int(os.environ.get("KOMPENSATION_TRUSTED_PROXY_COUNT", "0"))
KOMPENSATION_CLIENT_IP_HEADER = "HTTP_" + os.environ.get(
    "KOMPENSATION_CLIENT_IP_HEADER", "X-Forwarded-For"
).upper().replace("-", "_")
AXES_CLIENT_IP_CALLABLE = "kompensation.accounts.throttle.client_ip"
AXES_WHITELIST_CALLABLE = "kompensation.accounts.throttle.never_throttled"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Staff login through the municipality's identity provider (OIDC) is switched on by configuration.
OIDC_ENABLED = env_bool("OIDC_ENABLED")
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "kompensation.accounts.oidc.StaffOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("KOMPENSATION_MEDIA", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: documents go through a permission-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): scripts and styles only from our own static files, so an
# injected <script> or on...= attribute does not run. DKFDS sets positions through the CSSOM
# (element.style.left = ...), which style-src does not restrict, so no 'unsafe-inline' is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Staff (and national read access) are logged out after this many minutes without a request;
# citizens and employers keep SESSION_COOKIE_AGE.
KOMPENSATION_STAFF_IDLE_MINUTES = int(os.environ.get("KOMPENSATION_STAFF_IDLE_MINUTES", "30"))

# The registers (CPR, CVR) are adapters; the offline implementations serve demo and test data.
KOMPENSATION_CPR_REGISTER = os.environ.get(
    "KOMPENSATION_CPR_REGISTER", "kompensation.registers.cpr.OfflineCprRegister"
)
KOMPENSATION_CVR_REGISTER = os.environ.get(
    "KOMPENSATION_CVR_REGISTER", "kompensation.registers.cvr.OfflineCvrRegister"
)

KOMPENSATION_INCOME_REGISTER = os.environ.get(
    "KOMPENSATION_INCOME_REGISTER", "kompensation.registers.income.OfflineIncomeRegister"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["kompensation.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PARSER_CLASSES": ["kompensation.api.parsers.LimitedJSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("KOMPENSATION_API_RATE", "600/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kompensation API",
    "DESCRIPTION": "Anmodning om udbetaling af tilskud til personlig assistance fra virksomhedens lønsystem.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
# API tokens expire; a token is issued for one year unless a shorter period is asked for.
KOMPENSATION_API_TOKEN_MAX_DAYS = int(os.environ.get("KOMPENSATION_API_TOKEN_MAX_DAYS", "365"))
KOMPENSATION_API_MAX_BODY_BYTES = 8 * 1024 * 1024
KOMPENSATION_API_MAX_JSON_DEPTH = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Side effects after commit (letter PDFs, mails) run as tasks. Production keeps them in the database and
# runs `python -m kompensation.manage db_worker`; tests and the demo run them at once (see test.py, dev.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kompensation@kommune.invalid")
