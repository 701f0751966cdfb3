"""Settings, all from the environment.

Defaults are the quickstart: SQLite in ./var, Celery on kombu's filesystem transport,
console mail and SMS, development keys. Production sets DJANGO_DEBUG=false and the
secrets below; `manage.py check --deploy` fails while any development key is in use.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Development keys: fine on a laptop, refused by the deploy check (core.checks).
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnop"
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMDA="
DEV_PII_HASH_KEY = "dev-only-pii-hash-key"
DEV_AUDIT_HMAC_KEY = "dev-only-audit-hmac-key"

SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# Fernet keys, newest first: encrypt with the first, decrypt with any (key rotation).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[DEV_FIELD_ENCRYPTION_KEY])
# Keyed hash of ID numbers, for duplicate detection without decrypting.
PII_HASH_KEY = env("PII_HASH_KEY", default=DEV_PII_HASH_KEY)
# Keys the audit chain. Kept outside the database so DB access alone cannot re-sign history.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default=DEV_AUDIT_HMAC_KEY)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Public absolute address, used in certificate QR codes and e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "csp",
    "core",
    "audit",
    "accounts",
    "contests",
    "judging",
    "publicity",
    "nominations",
    "notifications",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous public reads from the cache before the rest runs (core/public_cache).
    "core.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.csp_nonce",
                "frontend.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web process read while the Celery worker writes; IMMEDIATE takes
        # the write lock at BEGIN so two writers queue instead of failing to upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file, not memory, so a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in English pages as "4 Dec 2026" (frontend/formats/en/formats.py).
FORMAT_MODULE_PATH = ["frontend.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded evidence and certificates are private: served only through permission-checked
# views, never from a public media URL.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env.bool("PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# JSON request bodies (`core.parsers`): larger is a 413, deeper nesting a 400.
JSON_MAX_BYTES = env.int("JSON_MAX_BYTES", default=1024 * 1024)
JSON_MAX_DEPTH = 32
# Printed on certificates of contests that name no issuing union.
CERTIFICATE_ISSUER = env("CERTIFICATE_ISSUER", default="")
# A TrueType CJK font that reportlab can embed (Debian: fonts-wqy-zenhei).
CERTIFICATE_FONT_PATH = env(
    "CERTIFICATE_FONT_PATH", default="/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
)

# --- Mail and SMS ---------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
if "EMAIL_URL" in os.environ:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@union.example.cn")
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms.ConsoleSmsBackend")

# --- Cache ----------------------------------------------------------------------------
# Shared by every process (throttle counters must be): a folder on one machine, Redis
# (CACHE_URL=redis://127.0.0.1:6379/1) when web runs on several.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in and out, as the API contract says; file uploads name their multipart parser.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["core.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "objections": env("THROTTLE_OBJECTIONS", default="5/hour"),
        # Per client address: 50 riders signing up together on one depot Wi-Fi, each
        # with a retry, fit; per phone and per ID number, a person's own mistakes fit.
        "register": env("THROTTLE_REGISTER", default="100/10m"),
        "register_phone": env("THROTTLE_REGISTER_PHONE", default="10/hour"),
        "register_id_number": env("THROTTLE_REGISTER_ID_NUMBER", default="10/hour"),
        "verify": env("THROTTLE_VERIFY", default="60/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # DRF's own address reading is not used (`core.client_address` is); 0 keeps anything
    # that still calls it on REMOTE_ADDR.
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gig worker contests and awards API",
    "DESCRIPTION": "Contests, judging, public notices and nominations for a county union.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # In English for every caller, served or written by `manage.py spectacular`.
    "DEFAULT_GENERATOR_CLASS": "core.schema.SchemaGenerator",
    # OpenAPI links along the main path (core.schema.LINKS), after the default hook.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.schema.add_links"],
    # Shared choice sets get one schema name each (several serializers use them).
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "accounts.models.Role",
        "IndustryEnum": "accounts.models.Industry",
        "PoliticalStatusEnum": "accounts.models.PoliticalStatus",
        "ContestKindEnum": "contests.models.Contest.Kind",
        "CriterionKindEnum": "contests.models.Criterion.Kind",
        "EntryStatusEnum": "contests.models.Entry.Status",
        "NoticeStatusEnum": "publicity.models.Notice.Status",
        "ObjectionStatusEnum": "publicity.models.Objection.Status",
        "CertificateStatusEnum": "publicity.models.Certificate.Status",
        "NominationPostEnum": "nominations.models.Post",
        "ReviewDecisionEnum": "nominations.models.Review.Decision",
        "EthnicityEnum": "accounts.choices.Ethnicity",
        "EducationEnum": "accounts.choices.Education",
        "ObjectionDecisionEnum": ["upheld", "dismissed"],
        "EntryDecisionEnum": ["qualify", "reject"],
        "LanguageEnum": [code for code, _name in LANGUAGES],
    },
}

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue_dir = Path(env("CELERY_FS_ROOT", default=str(VAR_DIR / "celery")))
    for _sub in ("queue", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    # kombu needs the same folder in and out, and creates none of them itself.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_queue_dir / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message a worker took but never acknowledged (the worker was killed) goes back
        # to the queue after this long. Tasks are stopped at CELERY_TASK_TIME_LIMIT, and
        # with prefetch 1 a message waits for at most one task before it starts, so twice
        # the limit never redelivers a task still running. Nothing uses countdown/ETA.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
        # Look for such messages every 10 s (the default looks every 100 s).
        "unacked_restore_interval": 10, "unacked_restore_throttle": 1,
        # A broker that vanished without closing the connection must not hang a request.
        "socket_connect_timeout": 3, "socket_timeout": 10,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
# The longest task (a large roster import, a contest's certificates) takes seconds; these
# limits keep every run well inside the visibility timeout above. A task stopped here is
# retried by the outbox, and every task resumes where it stopped.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=110)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=120)
# Fail fast when the broker is down: the outbox keeps the job and the relay sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
OUTBOX_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                               "interval_max": 0.2}
# A job sent but not finished after this long is sent again (its message was lost).
OUTBOX_LEASE = env.int("OUTBOX_LEASE", default=600)
OUTBOX_MAX_FAILURES = 8
OUTBOX_RETENTION_DAYS = 7
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs; DatabaseScheduler copies these into the database at beat start. Each task
# is idempotent, and `expires` drops a run that waited past the next one.
CELERY_BEAT_SCHEDULE = {
    "core-relay-outbox": {
        "task": "core.relay_outbox", "schedule": 60.0, "options": {"expires": 55},
    },
    "contests-apply-deadlines": {
        "task": "contests.apply_deadlines", "schedule": 60.0, "options": {"expires": 55},
    },
    "publicity-finalize-due-notices": {
        "task": "publicity.finalize_due_notices", "schedule": 300.0, "options": {"expires": 290},
    },
    # Per-stream audit chains (scoring inside a contest) anchored in the global chain.
    "audit-anchor-streams": {
        "task": "audit.anchor_streams", "schedule": 60.0, "options": {"expires": 55},
    },
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# --- Security -------------------------------------------------------------------------
# Reverse proxies in front of the app (`core.client_address`): how many there are, or
# their addresses/networks. Neither: the client is REMOTE_ADDR and X-Forwarded-For and
# X-Forwarded-Proto are ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        # Swagger UI and htmx swap set inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    if TRUSTED_PROXY_COUNT or TRUSTED_PROXIES:
        # Only a configured proxy may tell us the request came over https.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only the quickstart on this machine (scripts/run.sh, plain http) turns these off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
