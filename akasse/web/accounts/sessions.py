"""Sessions in the database, which every server process shares, and the record of whose
session each one is, so that logging out or a new password ends a user's sessions everywhere.

A session kept in one process's memory goes on working in that process after a logout in
another; in the database it is gone for all of them at once. A session is read with one
prepared query (``SESSION_ENGINE = "akasse.web.accounts.sessions"``); it is the same table
and format as Django's database sessions, so a session made by Django's own store works.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models import CharField, DateTimeField
from django.http import HttpRequest
from django.utils import timezone

from akasse.web.accounts.models import User, UserSession
from akasse.web.prepared import Param, Prepared

SESSION: Prepared[Session] = Prepared(
    lambda: Session.objects.filter(
        session_key=Param("key", CharField()), expire_date__gt=Param("now", DateTimeField())
    )
)


class SessionStore(db.SessionStore):
    """Django's database session, read with a prepared query: every request reads it. A new
    key keeps the session's owner, wherever Django gives one (the admin's password change,
    the second factor, any ``update_session_auth_hash``), so logout still ends it."""

    def cycle_key(self) -> None:
        old = self.session_key
        owner = (
            UserSession.objects.filter(session_id=old).values_list("user_id", flat=True).first()
            if old
            else None
        )
        super().cycle_key()
        if owner is not None and self.session_key:
            UserSession.objects.get_or_create(
                session_id=self.session_key, defaults={"user_id": owner}
            )

    def _get_session_from_db(self) -> Session | None:
        found = SESSION.objects(key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]


def remember(request: HttpRequest, user: User) -> None:
    """Record the request's session as the user's (after a login, or a new session key)."""
    session = getattr(request, "session", None)
    if not isinstance(session, db.SessionStore):
        return  # a session kept elsewhere (a signed cookie) cannot be ended from here
    if session.session_key is None:  # flushed on the way (another user's session before)
        session.save()
    UserSession.objects.get_or_create(session_id=session.session_key, defaults={"user": user})


def end_sessions(user: User | int, keep: str | None = None) -> int:
    """End every recorded session of the user, but ``keep``: the next request with one of
    their cookies, to any server process, is a stranger's. Returns how many were ended."""
    pk = user if isinstance(user, int) else user.pk
    ended = Session.objects.filter(owner__user_id=pk)
    if keep is not None:
        ended = ended.exclude(session_key=keep)
    return int(ended.delete()[1].get("sessions.Session", 0))


def _logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None:
        remember(request, user)


def _logged_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None and user.pk is not None:
        end_sessions(user.pk)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="akasse.remember_session")
    user_logged_out.connect(_logged_out, dispatch_uid="akasse.end_sessions")
