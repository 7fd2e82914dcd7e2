"""Settings shared by every environment. Values come from the environment and are parsed loudly (config.env)."""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import cache_from_url, database_from_url, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("NTM_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-change-me-" + "x" * 30)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "ntm.core.apps.NtmAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ntm.core",
    "ntm.units",
    "ntm.legal",
    "ntm.programme",
    "ntm.maps",
    "ntm.recognition",
    "ntm.status",
    "ntm.assessment",
    "ntm.criteria",
    "ntm.councils",
    "ntm.surveys",
    "ntm.environment",
    "ntm.traceability",
    "ntm.ocop",
    "ntm.infrastructure",
    "ntm.feedback",
    "ntm.knowledge",
    "ntm.accounts",
    "ntm.audit",
    "ntm.jobs",
    "ntm.site",
    "ntm.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ntm.core.clientip.ProxyHeaderCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ntm.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ntm.core.middleware.PrivateCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ntm.accounts.middleware.TwoFactorMiddleware",
    "ntm.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ntm.core.context_processors.instance",
                "ntm.site.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ntm.sqlite3'}"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(env_str("CACHE_URL", ""))}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: expire after a working day of inactivity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("NTM_SESSION_SECONDS", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The client's address: REMOTE_ADDR, or with N trusted reverse proxies in front, the X-Forwarded-For entry N hops
# from the right (ntm.core.clientip; a request with the header while N=0 logs a warning once).
NTM_TRUSTED_PROXY_COUNT = env_int("NTM_TRUSTED_PROXY_COUNT", 0, minimum=0)

# django-axes: a username+address pair is locked after NTM_LOGIN_FAILURE_LIMIT failures; an account after
# NTM_LOGIN_ACCOUNT_FAILURE_LIMIT failures from any addresses; an address after NTM_LOGIN_ADDRESS_FAILURE_LIMIT
# failures on any accounts (ntm.accounts.lockout.LockoutHandler), each for NTM_LOGIN_COOLOFF_MINUTES.
AXES_HANDLER = "ntm.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env_int("NTM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
NTM_LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("NTM_LOGIN_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
NTM_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("NTM_LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
AXES_COOLOFF_TIME = env_int("NTM_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "ntm.core.clientip.client_ip"
# Sign-in, password-reset and two-step attempts per client address in 10 minutes (ntm.core.ratelimit), on top
# of the lockouts above.
NTM_SIGN_IN_RATE_LIMIT = env_int("NTM_SIGN_IN_RATE_LIMIT", 300, minimum=1)

# Two-step sign-in (TOTP, django-otp) for everyone bound to the province level (coordinator, departments,
# councils, auditor, the province Front) and superusers: on unless NTM_REQUIRE_2FA=0 (config.settings.dev turns
# it off so the demo accounts sign in with a password only).
NTM_REQUIRE_2FA = env_bool("NTM_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("NTM_TOTP_ISSUER", "NTM số")
OTP_TOTP_THROTTLE_FACTOR = 1

# Password reset by e-mail: the link works once, for NTM_PASSWORD_RESET_HOURS hours.
PASSWORD_RESET_TIMEOUT = env_int("NTM_PASSWORD_RESET_HOURS", 2, minimum=1) * 3600

# Content Security Policy from Django 6's middleware: nothing loads from outside this site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *env_list("NTM_MAP_TILE_HOSTS", [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_build"]
# Files served at the site's root by WhiteNoise (the favicon browsers ask for at /favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "public_root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Stored files have no URL: no route serves MEDIA_ROOT in any settings. Views that check scope and role send them
# through ntm.core.files.serve_file, streamed by the app ("django") or handed to the proxy ("x-accel-redirect" for
# nginx, "x-sendfile" for Apache/lighttpd; see the README's deployment section).
NTM_FILE_SERVING = env_choice("NTM_FILE_SERVING", "django", ("django", "x-accel-redirect", "x-sendfile"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
NTM_MAX_UPLOAD_BYTES = env_int("NTM_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
# Water-quality results become public this many days after they are entered (a setting of the system; TT
# 41/2018/TT-BYT asks suppliers to publish within 3 days).
NTM_WATER_PUBLISH_DAYS = env_int("NTM_WATER_PUBLISH_DAYS", 0, minimum=0)
# What the Excel reader (ntm.core.excel) accepts from an uploaded workbook.
NTM_EXCEL_MAX_UNPACKED_BYTES = env_int("NTM_EXCEL_MAX_UNPACKED_MB", 100, minimum=1) * 1024 * 1024
NTM_EXCEL_MAX_SHEETS = env_int("NTM_EXCEL_MAX_SHEETS", 10, minimum=1)
NTM_EXCEL_MAX_ROWS = env_int("NTM_EXCEL_MAX_ROWS", 20000, minimum=10)
NTM_EXCEL_MAX_COLUMNS = env_int("NTM_EXCEL_MAX_COLUMNS", 100, minimum=10)
NTM_EXCEL_MAX_CELLS = env_int("NTM_EXCEL_MAX_CELLS", 1_000_000, minimum=100)
# What the CSV reader (ntm.core.csvfile) and the GeoJSON reader (ntm.core.geojson) accept (size: NTM_MAX_UPLOAD_MB).
NTM_CSV_MAX_ROWS = env_int("NTM_CSV_MAX_ROWS", 20000, minimum=10)
NTM_CSV_MAX_COLUMNS = env_int("NTM_CSV_MAX_COLUMNS", 50, minimum=5)
NTM_CSV_MAX_FIELD_CHARS = env_int("NTM_CSV_MAX_FIELD_CHARS", 10000, minimum=100)
NTM_GEOJSON_MAX_DEPTH = env_int("NTM_GEOJSON_MAX_DEPTH", 64, minimum=8)
NTM_GEOJSON_MAX_FEATURES = env_int("NTM_GEOJSON_MAX_FEATURES", 5000, minimum=1)
NTM_GEOJSON_MAX_COORDINATES = env_int("NTM_GEOJSON_MAX_COORDINATES", 500_000, minimum=100)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

MAILERS = {
    "default": {"BACKEND": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "ntm@localhost")

# Report cycles (programme): a plan fixes the due dates (Plan 202 VI.6: 15/6 and 15/12); when a cycle opens before
# its due date, stops taking reports after it, and when reminders go out are settings of this system, not the plan's.
NTM_REPORT_WINDOW = {
    "open_days_before": env_int("NTM_REPORT_OPEN_DAYS_BEFORE", 30, minimum=1),
    "close_days_after": env_int("NTM_REPORT_CLOSE_DAYS_AFTER", 15, minimum=0),
    "remind_days_before": env_int("NTM_REPORT_REMIND_DAYS_BEFORE", 7, minimum=1),
}

# The province this installation serves (administrative code, 2025 structure).
NTM_PROVINCE_CODE = env_str("NTM_PROVINCE_CODE", "75")
NTM_PROVINCE_NAME = env_str("NTM_PROVINCE_NAME", "Đồng Nai")
NTM_PAGE_SIZE = env_int("NTM_PAGE_SIZE", 50, minimum=1)
# Digital map base layer: empty by default, so the map works offline with boundaries only. A tile URL such as
# https://tile.example.org/{z}/{x}/{y}.png also needs its host in NTM_MAP_TILE_HOSTS (the CSP's img-src).
NTM_MAP_TILE_URL = env_str("NTM_MAP_TILE_URL", "")
NTM_MAP_TILE_ATTRIBUTION = env_str("NTM_MAP_TILE_ATTRIBUTION", "")
# Citizen feedback (ntm.feedback): the commune answers within NTM_FEEDBACK_ANSWER_DAYS days counted as "working"
# (Monday to Friday, less the holidays listed at /phan-anh/ngay-nghi/) or "calendar" days; an item still unanswered
# after that escalates to the province. These are settings of this system, not a legal deadline. A photo is at most NTM_FEEDBACK_PHOTO_MB; one
# address may send NTM_FEEDBACK_IP_LIMIT items an hour. A location must fall inside NTM_PROVINCE_BBOX
# (min_lon,min_lat,max_lon,max_lat: Đồng Nai after 1/7/2025, with a margin) unless the province has a boundary.
NTM_FEEDBACK_ANSWER_DAYS = env_int("NTM_FEEDBACK_ANSWER_DAYS", 10, minimum=1)
NTM_FEEDBACK_DAY_KIND = env_choice("NTM_FEEDBACK_DAY_KIND", "working", ("working", "calendar"))
NTM_FEEDBACK_PHOTO_BYTES = env_int("NTM_FEEDBACK_PHOTO_MB", 5, minimum=1) * 1024 * 1024
NTM_FEEDBACK_IP_LIMIT = env_int("NTM_FEEDBACK_IP_LIMIT", 10, minimum=1)
NTM_PROVINCE_BBOX = tuple(
    float(part) for part in env_str("NTM_PROVINCE_BBOX", "106.30,10.40,107.65,12.35").split(",")
)
# The open-data export (ntm.programme.exchange) is rebuilt by the scheduled job when older than this many hours.
NTM_OPEN_DATA_EVERY_HOURS = env_int("NTM_OPEN_DATA_EVERY_HOURS", 24, minimum=1)
NINJA_PAGINATION_PER_PAGE = NTM_PAGE_SIZE
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("NTM_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
