"""Production: every secret comes from the environment, HTTPS is assumed behind a reverse proxy."""

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")  # required: no default in production
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-insecure"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a random string of at least 50 characters.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# E-mail through an SMTP relay (deadline reminders, notifications).
MAILERS = {
    "default": {
        "BACKEND": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
            "port": env_int("DJANGO_EMAIL_PORT", 25, minimum=1),
            "username": env_str("DJANGO_EMAIL_USER", ""),
            "password": env_str("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        },
    }
}

# One JSON object per line on stderr, each stamped with the request id (X-Request-ID) of the request it belongs to.
LOGGING = {
    **LOGGING,  # noqa: F405
    "filters": {"request_id": {"()": "ntm.audit.logfilter.RequestIdFilter"}},
    "formatters": {"json": {"()": "ntm.core.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
}
