"""Who may see what: every view reaches members, spells and caseworkers through ``scoped``.

- Caseworkers, team leads and fund administrators see their fund's spells, and only their
  branch's when their user has a branch.
- A jobcentre consultant sees the spells of members living in their municipality that are in a
  joint process with the jobcentre: a joint conversation is booked or held, or the spell has
  been handed over (the transfer date has passed).
- A member sees only their own spells.
- Analysts, and everyone else, see no case: they get aggregates only.
- A data protection officer sees no case either, but the audit log's events about the members
  with a spell in their fund, and the users whose look-ups they may list: the fund's own and
  the jobcentres'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from akasse.web.accounts.models import Role, User
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Conversation, Slot
from akasse.web.clock import today
from akasse.web.members.models import Branch, Caseworker, Member, Spell

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

View = Callable[..., HttpResponse]
FUND_STAFF = (Role.CASEWORKER, Role.TEAM_LEAD, Role.FUND_ADMIN)


class Scope:
    def __init__(self, user: User | AnonymousUser, on: dt.date | None = None) -> None:
        self.user = user
        self.on = on or today()

    def spell_q(self, via: str = "") -> Q:
        """The scope as a condition on a spell, reached from the queried model through ``via``
        (e.g. ``"spell__"`` from a conversation): rows of the spells in scope come in one query
        with a join rather than a subquery of spells."""
        user = self.user
        if not isinstance(user, User) or not user.is_active:
            return Q(**{f"{via}pk__in": []})
        if user.role in FUND_STAFF:
            q = Q(**{f"{via}fund_id": user.fund_id})
            if user.branch_id is not None:
                q &= Q(**{f"{via}branch_id": user.branch_id})
            return q
        if user.role == Role.MEMBER and user.member_id is not None:
            return Q(**{f"{via}member_id": user.member_id})
        if user.role == Role.JOBCENTRE:
            joint = Conversation.objects.filter(
                spell=OuterRef(f"{via}pk"), kinds__contains="joint"
            ).exclude(status=Conversation.Status.CANCELLED)
            return Q(**{f"{via}municipality_id": user.municipality_id}) & (
                Exists(joint)
                | Q(**{f"{via}clock_transfer_date__lt": self.on, f"{via}clock_projected": False})
            )
        return Q(**{f"{via}pk__in": []})

    def spells(self) -> QuerySet[Spell]:
        return Spell.objects.filter(self.spell_q())

    def spell(self, spell_id: int, *related: str) -> Spell:
        """The spell, or 404 when it does not exist or lies outside the user's scope; with its
        member, branch and municipality, and any further ``related`` objects, in one query."""
        return get_object_or_404(
            self.spells().select_related("member", "branch", "municipality", *related),
            pk=spell_id,
        )

    def caseworkers(self) -> QuerySet[Caseworker]:
        user = self.user
        if not isinstance(user, User) or user.role not in FUND_STAFF:
            return Caseworker.objects.none()
        qs = Caseworker.objects.filter(fund_id=user.fund_id)
        return qs.filter(branch_id=user.branch_id) if user.branch_id else qs

    def branches(self) -> QuerySet[Branch]:
        user = self.user
        if not isinstance(user, User) or user.role not in FUND_STAFF:
            return Branch.objects.none()
        qs = Branch.objects.filter(fund_id=user.fund_id)
        return qs.filter(id=user.branch_id) if user.branch_id else qs

    def slots(self) -> QuerySet[Slot]:
        return Slot.objects.filter(caseworker__in=self.caseworkers(), branch__in=self.branches())

    def conversations(self) -> QuerySet[Conversation]:
        return Conversation.objects.filter(self.spell_q("spell__"))

    def _officer_fund(self) -> str | None:
        user = self.user
        if isinstance(user, User) and user.is_active and user.role == Role.PRIVACY_OFFICER:
            return user.fund_id
        return None

    def audited_members(self) -> QuerySet[Member]:
        """The members whose audit log the data protection officer may read: those with a
        spell in the officer's fund."""
        fund = self._officer_fund()
        if fund is None:
            return Member.objects.none()
        return Member.objects.filter(Exists(Spell.objects.filter(member=OuterRef("pk"), fund=fund)))

    def audited_users(self) -> QuerySet[User]:
        """The users whose look-ups the officer may list: the fund's own and jobcentres'."""
        fund = self._officer_fund()
        if fund is None:
            return User.objects.none()
        return User.objects.filter(Q(fund_id=fund) | Q(role=Role.JOBCENTRE))

    def audit_events(self) -> QuerySet[AuditEvent]:
        """The audit log's events about the audited members, but those made by another fund's
        staff: a member with spells in two funds is in both logs, and each officer sees only
        their own fund's (and the jobcentres' and the member's) look-ups."""
        fund = self._officer_fund()
        if fund is None:
            return AuditEvent.objects.none()
        members = Spell.objects.filter(fund=fund).values("member_id")
        others = User.objects.filter(fund_id__isnull=False).exclude(fund_id=fund)
        return AuditEvent.objects.filter(member_id__in=members).exclude(
            user_id__in=others.values("pk")
        )


def current_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind ``roles`` (which has already refused anyone else)."""
    user = request.user
    assert isinstance(user, User)
    return user


def scoped(request: HttpRequest) -> Scope:
    return Scope(request.user)


def roles(*allowed: Role) -> Callable[[View], View]:
    """Login required, and one of the roles; anyone else gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User) or user.role not in allowed:
                raise PermissionDenied(_("Din rolle giver ikke adgang til siden."))
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate
