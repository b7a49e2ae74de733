"""The audit log: who read or changed which member's case, when and why.

The log is append-only and tamper-evident: each event is chained to the one before it by a
keyed hash (``akasse.web.audit.chain``), rows are never updated or deleted (the model refuses,
and so do triggers in the database), and ``akasse audit verify`` walks the chain."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64  # the "previous hash" of the first event


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit event."""

    def __init__(self, verb: str = "ændres eller slettes") -> None:
        super().__init__(f"Adgangsloggen kan kun tilføjes: en hændelse kan ikke {verb}.")


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    """Reads, and appends one event at a time through ``create``: no bulk writes, which would
    bypass the chain, and no updates or deletes."""

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ændres")

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("slettes")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("tilføjes i bundter uden om kæden")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("ændres")


class ChainHead(models.Model):
    """The chain's last sequence number and hash, in one row: locked for the few statements of
    an append, so concurrent writers queue there rather than fork the chain, and rolled back
    with the transaction that appended (the head never points past a committed event)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = "kædens hoved"
        verbose_name_plural = "kædens hoved"


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        EXPORT = "export", _("Udtrukket")
        DENIED = "denied", _("Adgang nægtet")
        LOGIN_FAILED = "login_failed", _("Mislykket login")

    # Set when the event is appended, inside the chain's lock (so time follows the sequence).
    at = models.DateTimeField("tidspunkt", default=timezone.now, db_index=True)
    # No constraint and no action on delete: deleting a user must never touch the log, which
    # keeps the username as text.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        verbose_name="bruger",
    )
    username = models.CharField("brugernavn", max_length=150)
    action = models.CharField("handling", max_length=20, choices=Action.choices)
    # The member's id, not a foreign key: the log outlives deleted members.
    member_id = models.BigIntegerField("medlem", null=True, db_index=True)
    what = models.CharField("hvad", max_length=200)
    why = models.CharField("formål", max_length=200, blank=True)
    address = models.GenericIPAddressField("adresse", null=True)
    # The chain: position, the previous event's hash, and this event's keyed hash.
    seq = models.BigIntegerField("nummer", unique=True, editable=False)
    prev_hash = models.CharField("forrige hash", max_length=64, editable=False)
    hash = models.CharField("hash", max_length=64, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "loghændelse"
        verbose_name_plural = "adgangslog"
        ordering = ["-at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append the event to the chain; an event already stored cannot be saved again."""
        if not self._state.adding:
            raise AppendOnlyError("ændres")
        from akasse.web.audit import chain  # noqa: PLC0415  (chain imports this module)

        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            head = chain.lock_head(using)
            chain.seal(self, head)
            super().save(force_insert=True, using=using)
            chain.advance(head, self, using)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("slettes")
