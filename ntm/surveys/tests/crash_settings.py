"""Settings of the gunicorn that test_crash.py kills: the test settings, with an IP limit high enough that the
limiter runs without refusing the test's one client address."""

from config.settings.test import *  # noqa: F403

NTM_SURVEY_IP_LIMIT = 10**9
