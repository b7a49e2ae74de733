"""The logged-in user is read on every request: one prepared query, with the user's
caseworker (the worklist and the booking views need it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import IntegerField

from akasse.web.accounts.models import User
from akasse.web.prepared import Param, Prepared

USER: Prepared[User] = Prepared(
    lambda: User.objects.filter(pk=Param("id", IntegerField())).select_related("caseworker")
)


class UserBackend(ModelBackend):
    """Django's model backend (password login, permissions), reading the session's user with
    a prepared query."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            number = int(user_id)
        except (TypeError, ValueError):
            return None
        found = USER.objects(id=number)
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]
