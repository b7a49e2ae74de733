"""The audit log: who read or changed which member's case, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        EXPORT = "export", _("Udtrukket")
        DENIED = "denied", _("Adgang nægtet")
        LOGIN_FAILED = "login_failed", _("Mislykket login")

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="bruger"
    )
    username = models.CharField("brugernavn", max_length=150)
    action = models.CharField("handling", max_length=20, choices=Action.choices)
    # The member's id, not a foreign key: the log outlives deleted members.
    member_id = models.BigIntegerField("medlem", null=True, db_index=True)
    what = models.CharField("hvad", max_length=200)
    why = models.CharField("formål", max_length=200, blank=True)
    address = models.GenericIPAddressField("adresse", null=True)

    class Meta:
        verbose_name = "loghændelse"
        verbose_name_plural = "adgangslog"
        ordering = ["-at", "-id"]
