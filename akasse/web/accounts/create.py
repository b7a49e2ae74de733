"""Creating a user with a role, checked so that the role's scope is complete."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from akasse.web.accounts.models import Role, User
from akasse.web.members.models import Branch, Caseworker, Fund, Member, Municipality


class UserError(ValueError):
    pass


NEEDS = {
    Role.CASEWORKER: ("fund", "caseworker"),
    Role.TEAM_LEAD: ("fund",),
    Role.FUND_ADMIN: ("fund",),
    Role.JOBCENTRE: ("municipality",),
    Role.MEMBER: ("member",),
    Role.ANALYST: (),
    Role.PRIVACY_OFFICER: ("fund",),
}


def create_user(
    username: str,
    role: str,
    password: str,
    *,
    fund: str | None = None,
    branch: int | None = None,
    municipality: str | None = None,
    caseworker: int | None = None,
    member: int | None = None,
) -> User:
    given = {"fund": fund, "municipality": municipality, "caseworker": caseworker, "member": member}
    for need in NEEDS[Role(role)]:
        if given[need] is None:
            raise UserError(f"--role {role} needs --{need}")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise UserError(f"password: {' '.join(exc.messages)}") from None
    fields: dict[str, Any] = {
        "fund": _get(Fund, fund, "fund"),
        "branch": _get(Branch, branch, "branch"),
        "municipality": _get(Municipality, municipality, "municipality"),
        "caseworker": _get(Caseworker, caseworker, "caseworker"),
        "member": _get(Member, member, "member"),
    }
    try:
        with transaction.atomic():
            return User.objects.create_user(
                username,
                password=password,
                role=role,
                is_staff=role == Role.FUND_ADMIN,
                **fields,
            )
    except IntegrityError:
        raise UserError(
            f"user {username!r} exists, or the caseworker or member has a login"
        ) from None


def _get(
    model: type[Fund] | type[Branch] | type[Municipality] | type[Caseworker] | type[Member],
    key: str | int | None,
    name: str,
) -> object:
    if key is None:
        return None
    found = model.objects.filter(pk=key).first()
    if found is None:
        raise UserError(f"--{name} {key}: no such {name}")
    return found
