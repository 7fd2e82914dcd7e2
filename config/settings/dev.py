"""Local development and the README's run command: SQLite by default, debug on unless told otherwise."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)

# The demo accounts of `make run` sign in with a password only; NTM_REQUIRE_2FA=1 tries two-step sign-in locally.
NTM_REQUIRE_2FA = env_bool("NTM_REQUIRE_2FA", False)
