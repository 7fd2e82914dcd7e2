"""Settings of the processes test_scale_out.py starts (two web servers, two task workers) on the test database:
the test settings with the database task queue, and an IP limit high enough that the limiter runs without refusing
the test's one client address."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NTM_SURVEY_IP_LIMIT = 10**9
