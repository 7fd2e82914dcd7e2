"""Reads for accounts: always scoped to the requesting user."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from ntm.accounts.models import ApiToken, User


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user)


def api_token_of(user: User, token_id: int) -> ApiToken:
    """A token of ``user``; anybody else's token answers 404."""
    return get_object_or_404(ApiToken, pk=token_id, user=user)
