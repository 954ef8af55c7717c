"""orgsite settings, read from the environment (django-environ).

With nothing set, the site runs in development mode on an SQLite file under ``var/`` and
writes e-mails to ``var/mail``. Production sets ``DEBUG=false`` and at least ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``EMAIL_URL``; see README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# A development key is only acceptable while DEBUG is on; production must provide one.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

# How many proxies in front of the site append to X-Forwarded-For (a load balancer and a
# TLS proxy: 2). The client address of throttles, lockouts and audit events is read through
# them only (common.request_context.client_address); 0 trusts no header, only REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base URL of links in e-mails sent outside a request (commands, tasks). E-mails sent
# during a request link to that request's address (validated against ALLOWED_HOSTS). No
# default in production: the outbox.W001 check warns when it is unset.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_countries",
    "axes",
    "accounts",
    "organizations",
    "plugins",
    "outbox",
    "orgsite.apps.OrgsiteConfig",
]

MIDDLEWARE = [
    # First: every log line of the request, other middleware's included, carries its id.
    "orgsite.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which has validated the host against ALLOWED_HOSTS.
    "orgsite.request_site.RequestSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orgsite.middleware.EffectiveLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "orgsite.middleware.AuditContextMiddleware",
    # After authentication: counts REST and Core API calls per organization, in memory.
    "organizations.metering.UsageMeteringMiddleware",
    # Last (as django-axes asks): answers a locked-out login with accounts.lockout's page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "orgsite.urls"
WSGI_APPLICATION = "orgsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organizations.views.context_processors.sidebar",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default keeps its files under var/; make sure the folder exists.
    VAR_DIR.mkdir(exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters bound by the server, and a query run 5 times on a connection prepared
    # there (psycopg's default threshold): the planning of the pages' queries is then done
    # once per connection, not per request (issue 11: about 15% of a member list request).
    # Off behind a pooler in transaction mode that can't keep prepared statements.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttles, rate limits and the like count in the cache: production shares one between
# all instances (CACHE_URL=redis://…; orgsite.checks warns otherwise when DEBUG is off).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its account or client address is locked out.
    "accounts.lockout.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user needs a username field; users here log in by e-mail and
# anonymous visitors are never granted object permissions.
ANONYMOUS_USER_NAME = None

# Login brute-force protection (django-axes, accounts.lockout): LOGIN_FAILURE_LIMIT failed
# logins in a row for one account, or from one client address, lock that account or address
# out of logging in (site and admin) for LOGIN_LOCKOUT_MINUTES. The failures are rows in the
# database, so every instance sees them; operators unlock in the admin (Axes → Access
# attempts: delete the row). API tokens have their own throttle (API_AUTH_FAILURE_RATE).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The login forms' field (and authenticate()'s argument) is "username", holding the e-mail.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "common.request_context.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Successful logins are not logged by axes (its AccessLog would grow with every login); the
# site's audit log records what matters.
AXES_DISABLE_ACCESS_LOG = True
# No axes info line per login attempt in the application log (its AccessAttempt rows and the
# lockout page keep what an operator needs).
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded images (logos, plugin icons, thumbnails): in the database by default, so that
# every instance serves them (organizations.storage says why); "filesystem": MEDIA_ROOT.
MEDIA_STORAGE_BACKENDS = {
    "database": "organizations.storage.DatabaseStorage",
    "filesystem": "django.core.files.storage.FileSystemStorage",
}
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="database")
if MEDIA_STORAGE not in MEDIA_STORAGE_BACKENDS:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be one of {', '.join(MEDIA_STORAGE_BACKENDS)}, not {MEDIA_STORAGE!r}."
    )
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKENDS[MEDIA_STORAGE]},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: a folder of .eml files by default, SMTP (or any backend) through EMAIL_URL.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Seconds the SMTP connection may block on any one step (connecting, each reply; Django's
# default: forever); only the outbox's worker ever waits on it, never a request.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="orgsite <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Organization rules that operators may tune.
INVITATION_VALIDITY_DAYS = env.int("INVITATION_VALIDITY_DAYS", default=7)
# Opening an invitation link moves its token into the session and redirects to a token-free
# page (README, "Logs and secrets").
INVITATION_LINKS_VIA_SESSION = env.bool("INVITATION_LINKS_VIA_SESSION", default=False)
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4096
LOGO_THUMBNAIL_SIZE = 256

# Core API rate limits per client address (common.coreapi.ratelimit): failed
# authentications a minute, and users created without credentials an hour.
CORE_API_AUTH_FAILURES_PER_MINUTE = env.int("CORE_API_AUTH_FAILURES_PER_MINUTE", default=20)
CORE_API_ANONYMOUS_CREATIONS_PER_HOUR = env.int("CORE_API_ANONYMOUS_CREATIONS_PER_HOUR", default=20)
# An include answering more rows than this for one outer row (every member of a large
# organization) is streamed as it is read rather than built whole (common/coreapi/streaming).
CORE_API_STREAMED_INCLUDE_ROWS = env.int("CORE_API_STREAMED_INCLUDE_ROWS", default=1000)

# Usage metering (organizations.metering): counts buffered in each process's memory and
# written by a thread every FLUSH_SECONDS or as soon as FLUSH_EVENTS records have piled up,
# and when the process exits. FLUSH_SECONDS=0: no thread; the request that makes the
# FLUSH_EVENTS-th record writes the buffer.
USAGE_METERING_ENABLED = env.bool("USAGE_METERING_ENABLED", default=True)
USAGE_METERING_FLUSH_SECONDS = env.float("USAGE_METERING_FLUSH_SECONDS", default=10.0)
USAGE_METERING_FLUSH_EVENTS = env.int("USAGE_METERING_FLUSH_EVENTS", default=1000)

# --- Task queue (Celery) and e-mail delivery (the outbox app) ---
# Every e-mail is a row of outbox.OutboxMessage, written in the transaction that causes it,
# and sent by a Celery worker. The embedded default needs no server: the broker is a folder
# of var/ (kombu's file-system transport), served by the worker that `make run` starts.
# Production: CELERY_BROKER_URL=redis://host:6379/0 (README, "Running in production").
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem:"):
    CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    CELERY_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        # Exchange tables; kombu's default is "control/" in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis:", "rediss:")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A Redis that accepts connections and never answers must not hold a request.
        "socket_connect_timeout": 2,
        "socket_timeout": 3,
        # Redis hands an unacknowledged task to another worker after this; the longest
        # countdown of the outbox (OUTBOX_RETRY_MAX_SECONDS) stays below it, and a
        # redelivered task is harmless (the claim sends a message once).
        "visibility_timeout": 3600,
    }
# Deployments (or test runs) sharing one Redis keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task must not hang on an unreachable broker: the outbox row is
# already committed, and the sweep queues it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS},
    # The month before, at 01:00 UTC on the 1st (as the cron line in README.md).
    "invoices-generate": {
        "task": "organizations.invoices_generate",
        "schedule": crontab(minute=0, hour=1, day_of_month=1),
    },
}
# Attempts per message before it is marked failed, waiting BASE, 2 BASE, 4 BASE ... (at most
# MAX) seconds between them: 8 attempts over about an hour by default.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=30)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=1800)
# A message claimed by a worker for this long without an outcome (the worker died mid-send)
# is queued again by the sweep.
OUTBOX_SENDING_STALE_SECONDS = env.float("OUTBOX_SENDING_STALE_SECONDS", default=600)
# --- end task queue ---

# --- REST API (owned by the REST API work: /api/v1/) ---
REST_FRAMEWORK = {
    # A key/token pair in the Authorization header for scripts; the browser session (with
    # CSRF) for the browsable API. The token scheme comes first: it answers 401 with
    # WWW-Authenticate when no credentials are given.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["common.rest.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.rest.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=50),
    "EXCEPTION_HANDLER": "common.rest.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "common.rest.schema.AutoSchema",
    # The throttles of accounts.api.throttling identify clients by
    # common.request_context.client_address; DRF's own, if one is ever used, the same way.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        # Failed token authentications per client IP; past it, token requests answer 429.
        "api_auth_failures": env.str("API_AUTH_FAILURE_RATE", default="20/minute"),
        # Invitations created or resent per user (each sends an e-mail).
        "invitations": env.str("API_INVITATION_RATE", default="60/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "orgsite REST API",
    "DESCRIPTION": (
        "Organizations, members, invitations, teams, dashboards and datasets and their "
        "shares, plugins and API tokens, for scripts.\n\n"
        "**Authentication**: send `Authorization: Token <key>:<token>` with a key/token pair "
        "created in Profile → API tokens (or `POST /api/v1/tokens/`); the pair acts as its "
        "user. The browser session works too (with the CSRF token on writes). Repeated "
        "authentication failures from one address answer 429 for a while.\n\n"
        "**Errors** always have one shape: "
        '`{"error": {"code": "...", "message": "...", "fields": {"email": ["..."]}}}`; '
        "`fields` names the request fields in error (dotted for nested ones). "
        "An organization you don't belong to, and an object of another organization, "
        "answer 404; an action your role doesn't allow answers 403.\n\n"
        "**Lists** are paginated: `?page=2&page_size=100` (at most 200 a page)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    "ENUM_NAME_OVERRIDES": {
        "OrganizationRoleEnum": "organizations.roles.OrganizationRole",
        "TeamRoleEnum": "organizations.roles.TeamRole",
        "InvitationStatusEnum": "organizations.models.invitation.InvitationStatus",
        "EmailStatusEnum": "outbox.models.MessageStatus",
        "InvoiceStatusEnum": "organizations.models.invoice.InvoiceStatus",
        "InvoiceLineKindEnum": "organizations.models.invoice.InvoiceLineKind",
        "RegionEnum": "organizations.models.organization.Region",
        "LanguageEnum": "common.rest.schema.LANGUAGE_CHOICES",
        "AccessLevelEnum": "organizations.api.serializers.securables.LEVEL_CHOICES",
    },
    "TAGS": [
        {"name": "me", "description": "The caller: profile and active organization."},
        {"name": "tokens", "description": "The caller's API key/token pairs."},
        {"name": "organizations", "description": "The caller's organizations."},
        {"name": "members", "description": "An organization's members and their roles."},
        {"name": "invitations", "description": "Invitations to join an organization."},
        {"name": "teams", "description": "An organization's teams and their members."},
        {"name": "plans", "description": "The plan catalogue."},
        {
            "name": "securables",
            "description": "Dashboards and datasets you may see, and their shares.",
        },
        {"name": "plugins", "description": "Plugins, and those of an organization."},
        {
            "name": "billing",
            "description": "An organization's plan, usage and invoices (owner or admin).",
        },
        {"name": "health", "description": "Liveness, without database work."},
    ],
}
# --- end REST API ---

# --- Browser UI (owned by the browser UI work) ---
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# The browser UI's own CSS and JS, served locally (no CDN: the site works offline).
STATICFILES_DIRS = [BASE_DIR / "static"]
# --- end browser UI ---

# Probes (readiness, liveness) come over plain HTTP from inside the network: never
# redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^api/v1/health/$"]
# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Log lines: JSON (time, level, logger, message, request id) in production, for the log
# collector; plain lines in development. LOG_FORMAT=json|plain chooses either way.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens of invitation and password reset links, and other secrets, masked in every
    # record (common/logging.py): on the handler, and on the loggers that write request
    # paths, before Django's own handlers (console, admin e-mails) see their records. (Not
    # on loggers with handlers of their own, django.server, gunicorn.*: configuring them
    # here would remove those handlers.)
    "filters": {
        "request_id": {"()": "common.logs.RequestIdFilter"},
        "mask_secrets": {"()": "common.logging.SecretMaskingFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            # Not the request object django.request passes along: its repr carries the
            # query string, credentials included; the request id says which request it was.
            "reserved_attrs": [*RESERVED_ATTRS, "request"],
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "mask_secrets"],
        }
    },
    "loggers": {
        name: {"filters": ["mask_secrets"]} for name in ("django.request", "django.security.csrf")
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")

# Error reporting (orgsite.sentry): only when SENTRY_DSN is set; no personal data is sent,
# and credentials are stripped from what is.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from orgsite.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
