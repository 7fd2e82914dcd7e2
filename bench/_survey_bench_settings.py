"""Settings for bench/survey_submissions.py: production settings, plus a bare baseline view in the URLs and an
IP limit high enough that the limiter runs (and costs what it costs) without refusing the benchmark's client."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "_survey_bench_urls"
NTM_SURVEY_IP_LIMIT = 10**9
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
