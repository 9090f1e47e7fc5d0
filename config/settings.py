"""Strom's settings: one file, driven by environment variables with embedded defaults.

Defaults run everything locally: SQLite, the three Kafka nodes on 127.0.0.1:9092, 9094 and 9096 and Redis on
127.0.0.1:6379. Production sets SECRET_KEY; without it a local key file is used (see SECRET_KEY below).
"""
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Local runs (make run, make test) set STROM_DEV=1: plain-HTTP cookies are fine there.
DEVELOPMENT = env_bool("STROM_DEV") or DEBUG


def local_secret_key(path):
    """The key kept in `path` (gitignored), made on first use, so commands run on a checkout work as written.

    Production sets SECRET_KEY (docker compose requires it): every process of a deployment must share one key.
    """
    try:
        # O_EXCL: of processes starting at once (make run starts several), one writes the key, the others read it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Its writer may be between creating and filling it: wait for the key rather than read an empty file.
        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise ImproperlyConfigured(f"{path} is empty: delete it, or set SECRET_KEY.") from None
    except OSError as error:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and {path} cannot be written ({error.strerror}). Set the SECRET_KEY "
            "environment variable to a long random string (for example: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        ) from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Swagger UI's files for /api/docs/, served from here rather than a CDN, so the docs work offline.
    "drf_spectacular_sidecar",
    "channels",
    "django_celery_beat",
    # Counts failed logins per user and per address, and refuses logins past the limit (login throttle below).
    "axes",
    "topics_app",
    "streams_app",
    "connect_app",
    "alerts_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into its "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60,
        # A kept connection is checked before reuse, so a restarted PostgreSQL costs no failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so the processes tests start (Celery worker, daphne) share the test database; they
    # are handed its name. One file per test run, so two runs on one machine never delete each other's.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # Job workers write progress while pages read it: in WAL mode readers and the writer do not
        # block each other, and a writer waits for the lock (timeout, in seconds) rather than fail at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": 30,
        # A transaction takes the write lock when it begins: one that read first and then had to
        # upgrade its lock would fail with "database is locked" without waiting for the timeout.
        "transaction_mode": "IMMEDIATE",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Only the container image collects static files (platform/Dockerfile sets STATIC_ROOT).
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
# Served by WhiteNoise from the app directories, so no collectstatic step is needed locally.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Security headers. Outside development: HTTPS only (redirect and HSTS); `manage.py check --deploy` is clean
# with these defaults (make lint checks it). SECURE_SSL_REDIRECT=false serves plain HTTP (docker compose
# on localhost); BEHIND_TLS_PROXY=true trusts the proxy's X-Forwarded-Proto to tell HTTPS requests.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEVELOPMENT else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the whole domain to HTTPS in browsers for good: its owner's decision, not a default.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from Strom itself, or inline with the page's nonce (request.csp_nonce). Styles may be
# inline: Strom's pages, the admin and Swagger UI use style attributes, and a style runs no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttle (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one
# address, refuse every login for that username or address, even with the right password, for
# LOGIN_COOLOFF_MINUTES. Only failures count, and a successful login clears them.
AUTHENTICATION_BACKENDS = [
    "topics_app.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "topics_app.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "topics_app.login_throttle.client_address"
# Not its version banner on every command; lockouts are still logged.
AXES_VERBOSE = False

# Kafka: the default cluster, and the bounds that keep a dead broker from hanging a request.
# platform/kafka/start runs STROM_KAFKA_NODES nodes (3, or 1), node N taking clients on port 9090 + 2N.
LOCAL_KAFKA_NODES = int(os.environ.get("STROM_KAFKA_NODES", "3"))
KAFKA_BOOTSTRAP_SERVERS = os.environ.get(
    "KAFKA_BOOTSTRAP_SERVERS", ",".join(f"127.0.0.1:{9090 + 2 * node}" for node in range(1, LOCAL_KAFKA_NODES + 1)))
KAFKA_DEFAULT_CLUSTER_NAME = os.environ.get("KAFKA_DEFAULT_CLUSTER_NAME", "local")
KAFKA_REQUEST_TIMEOUT_MS = int(os.environ.get("KAFKA_REQUEST_TIMEOUT_MS", "3000"))
KAFKA_CONNECT_TIMEOUT_MS = int(os.environ.get("KAFKA_CONNECT_TIMEOUT_MS", "3000"))

# The local Kafka Connect worker (platform/connect/start), a row in the admin on first use; more are added there.
CONNECT_URL = os.environ.get("CONNECT_URL", "http://127.0.0.1:8083")
CONNECT_DEFAULT_NAME = os.environ.get("CONNECT_DEFAULT_NAME", "local")
# Each call to a Connect REST API gives up after this, so a hung worker answers "cannot reach" within seconds.
CONNECT_TIMEOUT_S = float(os.environ.get("CONNECT_TIMEOUT_S", "4"))

# Message browsing: no request scans without bound. A page scans at most BROWSE_MAX_SCAN
# records and BROWSE_MAX_SECONDS seconds, then says where it stopped so the user can continue.
BROWSE_MAX_SCAN = int(os.environ.get("BROWSE_MAX_SCAN", "10000"))
BROWSE_MAX_SECONDS = float(os.environ.get("BROWSE_MAX_SECONDS", "10"))
# The messages page goes on scanning page after page by itself up to this many records in all.
BROWSE_STREAM_MAX_SCAN = int(os.environ.get("BROWSE_STREAM_MAX_SCAN", "1000000"))
# Live viewer: each socket queues at most LIVE_SOCKET_QUEUE rows and has at most
# LIVE_WINDOW_FRAMES unacknowledged frames of LIVE_FRAME_ROWS rows in flight; a slower
# browser loses its oldest rows (and is told) instead of slowing anyone else.
LIVE_SOCKET_QUEUE = int(os.environ.get("LIVE_SOCKET_QUEUE", "5000"))
LIVE_WINDOW_FRAMES = int(os.environ.get("LIVE_WINDOW_FRAMES", "4"))
LIVE_FRAME_ROWS = int(os.environ.get("LIVE_FRAME_ROWS", "500"))
EXPORT_MAX_RECORDS = int(os.environ.get("EXPORT_MAX_RECORDS", "100000"))
EXPORT_MAX_SCAN = int(os.environ.get("EXPORT_MAX_SCAN", "1000000"))
EXPORT_MAX_SECONDS = float(os.environ.get("EXPORT_MAX_SECONDS", "120"))

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# redis-py 8 times out every read after 5 s by default, exactly as long as channels_redis' blocking
# receive (BZPOPMIN, 5 s) waits on a quiet channel: each idle websocket died after ~5.6 s (1011).
# Reads get longer than that receive needs; a Redis that stops answering is still noticed.
CHANNEL_REDIS_SOCKET_TIMEOUT_S = 30
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": os.environ.get("CHANNEL_REDIS_URL", "redis://127.0.0.1:6379/1"),
                              "socket_timeout": CHANNEL_REDIS_SOCKET_TIMEOUT_S}]},
    }
}
# Open websockets (live viewer, job progress) check their session and role this often, and close
# with 4401 (logged out, deactivated) or 4403 (role removed) once they no longer hold.
WEBSOCKET_ACCESS_CHECK_S = float(os.environ.get("WEBSOCKET_ACCESS_CHECK_S", "5"))

# Celery: acks late, one task at a time per worker process, a visibility timeout longer
# than the longest job so Redis never hands a running job to a second worker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "43200"))}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# Lag history: how often every group's lag is sampled, and how long samples are kept.
LAG_SAMPLE_INTERVAL_S = int(os.environ.get("LAG_SAMPLE_INTERVAL_S", "30"))
LAG_RETENTION_HOURS = int(os.environ.get("LAG_RETENTION_HOURS", str(7 * 24)))
CELERY_BEAT_SCHEDULE = {
    # Each sample is followed by evaluating every alert rule on it.
    "sample-consumer-lag": {
        "task": "alerts_app.sample_and_evaluate",
        "schedule": float(LAG_SAMPLE_INTERVAL_S),
        # A sample the worker could not run in time is worthless: skip it rather than pile up.
        "options": {"expire_seconds": LAG_SAMPLE_INTERVAL_S},
    },
    # Replication throttles Strom set for a reassignment go when it ends (also checked on each list of them).
    "remove-finished-throttles": {
        "task": "topics_app.remove_finished_throttles",
        "schedule": 5.0,
        "options": {"expire_seconds": 5},
    },
    "recover-stalled-jobs": {
        "task": "streams_app.recover_stalled_jobs",
        "schedule": 30.0,
        "options": {"expire_seconds": 30, "queue": os.environ.get("JOBS_QUEUE", "celery")},
    },
    "forget-unused-uploads": {
        "task": "streams_app.forget_unused_uploads",
        "schedule": 3600.0,
        "options": {"expire_seconds": 3600, "queue": os.environ.get("JOBS_QUEUE", "celery")},
    },
}

# Alerts. E-mail goes through Django's mail settings; a notification that fails is tried again after
# ALERT_RETRY_BASE_DELAY_S, doubling each time up to ALERT_RETRY_MAX_DELAY_S, ALERT_DELIVERY_ATTEMPTS times in all.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "strom@localhost")
ALERT_RETRY_BASE_DELAY_S = float(os.environ.get("ALERT_RETRY_BASE_DELAY_S", "10"))
ALERT_RETRY_MAX_DELAY_S = float(os.environ.get("ALERT_RETRY_MAX_DELAY_S", "600"))
ALERT_DELIVERY_ATTEMPTS = int(os.environ.get("ALERT_DELIVERY_ATTEMPTS", "8"))
# A delivery whose task has not run this long after it was due is queued again (its message was lost).
ALERT_DELIVERY_OVERDUE_S = int(os.environ.get("ALERT_DELIVERY_OVERDUE_S", "900"))

# Jobs. Their tasks go to JOBS_QUEUE (tests use a queue of their own). A running job renews
# its heartbeat at least every JOB_PROGRESS_INTERVAL_S; one silent for JOB_STALE_S lost its
# worker and is resumed by another.
JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "celery")
JOB_PROGRESS_INTERVAL_S = float(os.environ.get("JOB_PROGRESS_INTERVAL_S", "0.5"))
JOB_STALE_S = int(os.environ.get("JOB_STALE_S", "60"))
# How often the ingest and generator jobs flush what they sent and save where they are (a resumed run starts
# there): each checkpoint waits for every record in flight, so counting records would stall a fast job often.
JOB_CHECKPOINT_INTERVAL_S = float(os.environ.get("JOB_CHECKPOINT_INTERVAL_S", "5"))
# A job still pending this long after its task was queued (or, never queued, after it was made) is queued again.
JOB_PENDING_GRACE_S = int(os.environ.get("JOB_PENDING_GRACE_S", "120"))
# Uploaded ingest files are kept here, so a resumed or repeated job reads them again.
JOB_FILES_DIR = Path(os.environ.get("JOB_FILES_DIR", str(BASE_DIR / "job-files")))
# An upload that a refused form kept, and that no job came to use, is deleted after this long.
KEPT_UPLOAD_MAX_AGE_S = int(os.environ.get("KEPT_UPLOAD_MAX_AGE_S", str(24 * 3600)))
# Ingest may read server files only inside this directory; empty switches server paths off.
INGEST_ALLOWED_DIR = os.environ.get("INGEST_ALLOWED_DIR", str(BASE_DIR / "ingest"))
INGEST_MAX_BAD_LINES = int(os.environ.get("INGEST_MAX_BAD_LINES", "10000"))
INGEST_MAX_UPLOAD_BYTES = int(os.environ.get("INGEST_MAX_UPLOAD_BYTES", str(2 * 1024 ** 3)))
# Replay: records per transaction, how long the source may stand still, the replication of created targets.
REPLAY_BATCH_RECORDS = int(os.environ.get("REPLAY_BATCH_RECORDS", "50000"))
REPLAY_STALL_S = int(os.environ.get("REPLAY_STALL_S", "120"))
# Unset: the cluster's default.replication.factor.
REPLAY_REPLICATION_FACTOR = int(os.environ.get("REPLAY_REPLICATION_FACTOR") or 0) or None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["topics_app.roles.IsViewer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "topics_app.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Strom API",
    "DESCRIPTION": "Administer Apache Kafka: clusters, topics, consumer groups, messages and jobs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["topics_app.roles.IsViewer"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Keys, values and headers share one set of encodings: one name for it in the schema.
    "ENUM_NAME_OVERRIDES": {"EncodingEnum": "streams_app.services.decode.ENCODINGS"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"kafka": {"level": "ERROR"}},
}
