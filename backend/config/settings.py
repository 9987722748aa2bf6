"""Django settings. Every value comes from the environment, read here and only here,
through the typed helpers of config.env (a bad value names its variable).

Importing this module starts nothing. With DATABASE_URL unset it points at the embedded
PostgreSQL's socket (backend/.pgdata), which the scripts and the test setup start.
Production (DJANGO_DEBUG false, the default) refuses to start without DJANGO_SECRET_KEY.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from config.dbtool import database_url
from config.env import env_bool, env_float, env_int, env_list, env_str

# Lets the generic admin and serializer classes be subscripted at run time, for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development set DJANGO_DEBUG=1."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jobs",
]

MIDDLEWARE = [
    "jobs.middleware.DatabaseUnavailableMiddleware",
    # With DATABASE_REPLICA_URL only (below): "config.db_router.ReplicaRoutingMiddleware".
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the answer to a locked-out sign-in (admin included).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client or user before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Every API path answers with and without its trailing slash (the router makes the
# slash optional), so CommonMiddleware must not redirect.
APPEND_SLASH = False

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
            ],
        },
    },
]


_db = dj_database_url.parse(database_url())
_db["CONN_MAX_AGE"] = 0
_db["CONN_HEALTH_CHECKS"] = True
_db["OPTIONS"] = {
    **_db.get("OPTIONS", {}),
    # psycopg 3's pool: a request borrows an open connection instead of paying for a
    # new one. CONN_HEALTH_CHECKS makes the pool check a connection on checkout, so it
    # heals by itself after the database restarts; timeout= bounds how long a request
    # waits when the database is down. reconnect_timeout= caps the pool's exponential
    # reconnection backoff (5 minutes by default): after a 30 s outage a worker would
    # otherwise keep answering 503 for up to ~30 s more after the database is back.
    # Past it the pool gives up that attempt and the next request starts a fresh one.
    "pool": {
        "min_size": env_int("DB_POOL_MIN_SIZE", 1, minimum=0),
        "max_size": env_int("DB_POOL_MAX_SIZE", 4, minimum=1),
        "timeout": env_float("DB_POOL_TIMEOUT", 3, minimum=0),
        "reconnect_timeout": env_float("DB_POOL_RECONNECT_TIMEOUT", 2, minimum=0),
    },
    "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3, minimum=1),
}
# The API's hot statements (jobs.documents) are prepared on each pooled connection, so
# PostgreSQL plans them once. PgBouncer in transaction mode cannot keep prepared
# statements (before 1.21): set DB_PREPARE=0 behind it. Django's own queries are bound
# client-side and never prepared either way.
DATABASE_PGBOUNCER = env_bool("DATABASE_PGBOUNCER", False)
DB_PREPARE = env_bool("DB_PREPARE", not DATABASE_PGBOUNCER)
if DB_PREPARE:
    _db["OPTIONS"]["prepare_threshold"] = 5
if not env_bool("DB_POOL", True):
    del _db["OPTIONS"]["pool"]
    _db["CONN_MAX_AGE"] = 60

# PgBouncer in transaction mode (DATABASE_PGBOUNCER=1): consecutive transactions of one
# connection may run on different server connections, so nothing may outlive a
# transaction on the server. Server-side cursors (named cursors of .iterator()) are off;
# prepared statements are off (DB_PREPARE defaults to 0 then: PgBouncer before 1.21
# cannot carry them across server connections). The app sets no session state of its
# own; what psycopg and Django set at connect (client_encoding, TimeZone) PgBouncer
# tracks and replays on each server connection.
if DATABASE_PGBOUNCER:
    _db["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES = {"default": _db}

# A streaming replica for the API's reads (config.db_router; README, "Scaling out").
# Unset: no router, no middleware, nothing changes.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
# A replica further behind than this (seconds) is not read from.
DATABASE_REPLICA_MAX_LAG = env_float("DATABASE_REPLICA_MAX_LAG", 5, minimum=0)
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(DATABASE_REPLICA_URL)
    # A persistent connection, not a pool: a replica that is down then fails the
    # per-second check at once ("connection refused"), where a pool's checkout would
    # wait its whole timeout.
    _replica["CONN_MAX_AGE"] = 60
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["OPTIONS"] = {
        **_replica.get("OPTIONS", {}),
        "connect_timeout": _db["OPTIONS"]["connect_timeout"],
    }
    if DATABASE_PGBOUNCER:
        _replica["DISABLE_SERVER_SIDE_CURSORS"] = True
    if DB_PREPARE:
        _replica["OPTIONS"]["prepare_threshold"] = 5
    # Tests never create a database on a read-only server.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    # Inside DatabaseUnavailableMiddleware, outside everything that reads.
    MIDDLEWARE.insert(1, "config.db_router.ReplicaRoutingMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Bodies above this get a 413 from Django; nginx enforces the same limit in front.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_BODY_BYTES", 64 * 1024, minimum=1)

# Proxies in front of the app (nginx: 1). Client addresses (the sign-in lockout) are
# read from X-Forwarded-For this many entries from the right. Writes are throttled by
# nginx (JOBS_WRITE_THROTTLE_RATE, see nginx.conf), not here.
NUM_PROXIES = env_int("NUM_PROXIES", 1, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jobs.api.parsers.JSONParser"],
    # Token first: with no credentials DRF then answers 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jobs.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jobs.api.permissions.IsViewer"],
    # ?format= is the export's own parameter (csv or ndjson), not a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jobs.api.exceptions.exception_handler",
    "NUM_PROXIES": NUM_PROXIES,
}


# The most jobs one bulk action (POST /api/jobs/bulk/) may change or delete.
BULK_MAX_JOBS = env_int("BULK_MAX_JOBS", 100_000, minimum=1)

# API tokens (django-rest-knox). They do not expire unless created with an expiry
# (manage.py create_token --expires-days N, or in the admin). A revoked or expired token
# may still pass for TOKEN_CACHE_SECONDS on an app instance that has just seen it.
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}
TOKEN_CACHE_SECONDS = env_float("TOKEN_CACHE_SECONDS", 5, minimum=0)

# Sign-in lockout (django-axes): LOGIN_FAILURE_LIMIT failed sign-ins from one address,
# or for one username, lock that address or username out for LOGIN_LOCKOUT_SECONDS.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "jobs.api.auth.client_ip"
AXES_LOCKOUT_CALLABLE = "jobs.api.auth.lockout_response"
AXES_VERBOSE = False

# Browser sessions end after SESSION_SECONDS (12 hours) without a new sign-in.
SESSION_COOKIE_AGE = env_int("SESSION_SECONDS", 12 * 3600, minimum=60)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SPECTACULAR_SETTINGS = {
    "TITLE": "Job Management Dashboard API",
    "DESCRIPTION": "Compute jobs and the history of their statuses.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"StatusTypeEnum": "jobs.models.StatusType"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jobs.api.schema.allow_empty_query_values",
        "jobs.api.schema.closed_bodies_and_proxy_answers",
    ],
}

# Security: TLS is terminated in front of this stack (see README), so HTTPS redirects
# and HSTS are opt-in through the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0, minimum=0)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
