"""API authentication: the browser's session (with CSRF) or a personal token in ``Authorization: Bearer``."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from ntm.accounts.services import api_token_authenticate
from ntm.audit.context import set_actor


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is None:
            return None
        request.user = user
        set_actor(user)
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


token_auth = TokenAuth()
session_auth = ActiveSessionAuth()
AUTH = [token_auth, session_auth]
