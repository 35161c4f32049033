"""Settings shared by every environment. Everything that differs between machines comes from
the environment; the embedded default (SQLite, eager Celery, console e-mail) needs nothing set."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.auth.policy import parse_group_map

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read one setting from the environment; an empty value counts as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-local-only-key-never-used-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

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
    "simple_history",
    "import_export",
    "django_celery_beat",
    "config",  # the project's own system checks (config/checks.py)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "affiliates",
    "vendors",
    "transfers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.auth.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sign-in (config/auth/, README "Staff sign-in"): two-factor authentication, lockout after
# failed logins, optional single sign-on by OpenID Connect.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username and address
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Superusers and members of these groups must pass a second factor before any admin page.
# On by default (production); local and test settings turn it off.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", True)
ADMIN_2FA_GROUPS = env_list("ADMIN_2FA_GROUPS", "Legal editors,Legal viewers")
# Whether a single sign-on counts as the second factor (set it when the identity provider
# enforces MFA for this application); otherwise SSO users set up a code here too.
ADMIN_2FA_TRUST_OIDC = env_bool("ADMIN_2FA_TRUST_OIDC", False)
TWO_FACTOR_LOGIN_TIMEOUT = 600
# django-axes: N failed logins for one username from one address lock that pair out for M
# minutes; every login and failed login is kept (admin: Axes, superusers only).
# The database handler (axes' default, named here): lockouts hold when the cache (Redis) is down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(env("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("ADMIN_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "config.auth.attempts.attempt_username"
# The two-step login's fields (prefixed by its wizard): masked in the recorded attempts.
AXES_PASSWORD_FORM_FIELD = "auth-password"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "auth-password", "csrfmiddlewaretoken"]
AXES_LOCKOUT_CALLABLE = "config.auth.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.auth.attempts.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_WHITELIST_CALLABLE = "config.auth.attempts.single_sign_on_callback"
# Single sign-on (mozilla-django-oidc): off unless OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile groups")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", "groups")
try:
    OIDC_GROUP_MAP = parse_group_map(
        env("OIDC_GROUP_MAP", "legal-editors=Legal editors,legal-viewers=Legal viewers")
    )
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
OIDC_USE_PKCE = True
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
if OIDC_RP_CLIENT_ID:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so set {', '.join(_missing)} too.")
    AUTHENTICATION_BACKENDS.append("config.auth.oidc.StaffOIDCBackend")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# E-mail: console on the embedded default, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "privacy@example.invalid")

# Celery: eager (in-process) when no broker is configured, a real broker otherwise.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a child killed mid-task: its message back at once
# A message taken by a worker that died whole (no ack) comes back after this long; the outbox
# sweep and the document lease recover sooner, this is the broker's own net.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT_SECONDS", "900"))
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Documents stuck in queued/rendering (dead worker, broker outage) are sent again.
    "requeue-stale-documents": {
        "task": "transfers.documents.tasks.requeue_stale_documents",
        "schedule": timedelta(minutes=1),
    },
    # The whole register, every night: time passes (decisions end, certifications lapse).
    "evaluate_register": {
        "task": "transfers.evaluation.tasks.evaluate_register_task",
        "schedule": crontab(hour=2, minute=0),
    },
    # Approved TIAs past their review date, or whose register facts changed, become outdated.
    "outdate-due-assessments": {
        "task": "transfers.assessments.tasks.outdate_due_assessments",
        "schedule": crontab(hour=2, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.RegisterAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # API keys first: their WWW-Authenticate challenge makes anonymous calls 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "transfers.access.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api.permissions.RegisterPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["config.api.throttling.RegisterRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env("API_KEY_THROTTLE_RATE", "600/minute"),
        "staff": env("API_STAFF_THROTTLE_RATE", "1200/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.RegisterPageNumberPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.RegisterJSONParser"],
    "EXCEPTION_HANDLER": "config.api.errors.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Transfer register API",
    "DESCRIPTION": "The register of international personal-data transfers: vendor status, "
    "transfer checks, the register itself and its documents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ComplianceStatusEnum": "vendors.choices.ComplianceStatus",
        "VendorStatusEnum": "vendors.choices.VendorStatus",
        "GroupRoleEnum": "affiliates.choices.GroupRole",
        "PartyRoleEnum": "transfers.register.choices.PartyRole",
        "AgreementStatusEnum": "transfers.register.choices.AgreementStatus",
        "TransferStateEnum": "transfers.register.choices.TransferState",
        "RegimeEnum": "transfers.reference.choices.Regime",
        "VendorKindEnum": "vendors.choices.VendorKind",
        "DocumentKindEnum": "transfers.documents.choices.DocumentKind",
        "RiskLevelEnum": "transfers.assessments.choices.RiskLevel",
        "LawApplicabilityEnum": "affiliates.choices.LawApplicability",
    },
}

# Content Security Policy: no external origin anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # nothing of ours is meant to be shown in a frame
SECURE_CONTENT_TYPE_NOSNIFF = True

# Hostile input (config/api/parsers.py, config/middleware.py): the largest request body read into
# memory (Django's default, 2.5 MiB; larger is a 413 in the API) and the deepest JSON accepted.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440)))
API_JSON_MAX_DEPTH = int(env("API_JSON_MAX_DEPTH", "32"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; its warnings are what matter.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}

# Product settings (the legal team's defaults).
TRANSFERS_TIA_REVIEW_MONTHS = int(env("TRANSFERS_TIA_REVIEW_MONTHS", "12"))
# The exporter's default for the probability of prohibited lawful access: accepted probability
# over an assessment period (each TIA may set its own).
TRANSFERS_TIA_PERIOD_YEARS = int(env("TRANSFERS_TIA_PERIOD_YEARS", "5"))
TRANSFERS_TIA_PROBABILITY_THRESHOLD = env("TRANSFERS_TIA_PROBABILITY_THRESHOLD", "0.10")
STALE_DOCUMENT_AFTER = timedelta(minutes=int(env("STALE_DOCUMENT_MINUTES", "15")))
# A render holds a lease on its row, renewed by a heartbeat while it runs: a worker killed
# mid-render loses it after this long, and a redelivery or the sweep takes the document over.
DOCUMENT_LEASE = timedelta(seconds=int(env("DOCUMENT_LEASE_SECONDS", "60")))

# Transactional outbox (transfers/outbox): re-sent by the sweep every minute until done, with a
# doubling delay from the base up to the cap; done rows are kept this many days.
OUTBOX_RETRY_BASE_SECONDS = int(env("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_RETRY_MAX_SECONDS = int(env("OUTBOX_RETRY_MAX_SECONDS", "1800"))
OUTBOX_MAX_ATTEMPTS = int(env("OUTBOX_MAX_ATTEMPTS", "20"))
OUTBOX_KEEP_DAYS = int(env("OUTBOX_KEEP_DAYS", "14"))
CELERY_BEAT_SCHEDULE["transfers-sweep-outbox"] = {
    "task": "transfers.outbox.tasks.sweep_outbox",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["transfers-prune-outbox"] = {
    "task": "transfers.outbox.tasks.prune_outbox",
    "schedule": crontab(hour=3, minute=30),
}
DOCUMENT_MAX_ATTEMPTS = int(env("DOCUMENT_MAX_ATTEMPTS", "5"))

# Data subjects' requests for a copy of the SCCs (transfers/services/requests.py).
TRANSFERS_PUBLIC_BASE_URL = env("TRANSFERS_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
TRANSFERS_PUBLIC_ORGANISATION = env("TRANSFERS_PUBLIC_ORGANISATION", "Our group")
TRANSFERS_PRIVACY_CONTACT = env("TRANSFERS_PRIVACY_CONTACT", DEFAULT_FROM_EMAIL)
TRANSFERS_AUTO_APPROVE_READY_COPIES = env_bool("TRANSFERS_AUTO_APPROVE_READY_COPIES", False)
TRANSFERS_VERIFY_LINK_HOURS = int(env("TRANSFERS_VERIFY_LINK_HOURS", "48"))
TRANSFERS_DOWNLOAD_LINK_DAYS = int(env("TRANSFERS_DOWNLOAD_LINK_DAYS", "14"))
TRANSFERS_PURGE_EXPIRED_DAYS = int(env("TRANSFERS_PURGE_EXPIRED_DAYS", "7"))
# Rate limits on the request form, "count/period" with period s, m, h or d; kept in the cache,
# so several web processes need a shared cache (REDIS_URL) for the limit to hold across them
# (in the database while the cache is down).
TRANSFERS_REQUEST_RATE_PER_IP = env("TRANSFERS_REQUEST_RATE_PER_IP", "10/h")
TRANSFERS_REQUEST_RATE_PER_EMAIL = env("TRANSFERS_REQUEST_RATE_PER_EMAIL", "3/d")
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRANSFERS_TRUSTED_PROXY_COUNT = int(env("TRANSFERS_TRUSTED_PROXY_COUNT", "0"))
TRANSFERS_REQUEST_MAX_BODY_BYTES = 16 * 1024
CSRF_FAILURE_VIEW = "transfers.requests.public.views.csrf_failure"
CELERY_BEAT_SCHEDULE["transfers-sweep-requests"] = {
    "task": "transfers.requests.tasks.sweep_requests",
    "schedule": timedelta(minutes=15),
}
CELERY_BEAT_SCHEDULE["transfers-requeue-request-emails"] = {
    "task": "transfers.requests.tasks.requeue_request_emails",
    "schedule": timedelta(minutes=15),
}

# django-import-export: importing needs the change permission, exporting the view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False
