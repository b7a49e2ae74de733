"""Brugere og roller."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from akasse.web.accounts import two_factor
from akasse.web.accounts.models import User
from akasse.web.audit.log import record
from akasse.web.audit.models import AuditEvent


@admin.register(User)
class AkasseUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "fund", "branch", "municipality", "is_active")
    list_filter = ("role", "fund", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Rolle og adgang",
            {"fields": ("role", "fund", "branch", "municipality", "caseworker", "member")},
        ),
    )
    raw_id_fields = ("caseworker", "member")
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Nulstil autentificeringsapp (brugeren sætter en ny op ved næste login)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """For a user who lost their phone: their app is removed and they are logged out
        everywhere; at their next login they set up a new app."""
        users = list(queryset)
        for user in users:
            with transaction.atomic():  # the reset and its audit event, or neither
                two_factor.reset(user)
                record(
                    request,
                    AuditEvent.Action.UPDATE,
                    f"autentificeringsapp nulstillet for {user.get_username()}",
                    why="administration",
                )
        self.message_user(
            request,
            ngettext(
                "Autentificeringsappen er nulstillet for %(count)d bruger.",
                "Autentificeringsappen er nulstillet for %(count)d brugere.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
