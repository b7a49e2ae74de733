"""The organisations that call the API, their tokens (stored as digests only) and the stored
responses of idempotent writes."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import models
from django.utils import timezone

from akasse.web.accounts.models import Role, User
from akasse.web.api.scopes import FUND, JOBCENTRE, SCOPES
from akasse.web.members.models import Fund, Municipality

# An idempotency key's stored response is replayed for this long, then the key may be used
# again for another request.
IDEMPOTENCY_HOURS = 24


class Organisation(models.Model):
    """A fund or a jobcentre (of one municipality) whose systems call the API.

    Its ``user`` is the organisation's service account: never able to log in (no password),
    it carries the role that ``akasse.web.access`` scopes, so a token sees exactly what a
    user of the organisation would, and it is the actor the audit log names."""

    class Kind(models.TextChoices):
        FUND = FUND, "A-kasse"
        JOBCENTRE = JOBCENTRE, "Jobcenter"

    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    fund = models.OneToOneField(
        Fund, null=True, blank=True, on_delete=models.PROTECT, verbose_name="a-kasse"
    )
    municipality = models.OneToOneField(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="jobcenterets kommune",
    )
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="api_organisation", editable=False
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["kind", "fund", "municipality"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=FUND, fund__isnull=False, municipality__isnull=True)
                    | models.Q(kind=JOBCENTRE, fund__isnull=True, municipality__isnull=False)
                ),
                name="organisation_is_a_fund_or_a_jobcentre",
            )
        ]

    def __str__(self) -> str:
        if self.kind == FUND:
            return f"A-kasse {self.fund_id}"
        return f"Jobcenter {self.municipality_id}"

    @classmethod
    def of_fund(cls, fund: Fund) -> Organisation:
        return cls._get_or_create(fund=fund)

    @classmethod
    def of_jobcentre(cls, municipality: Municipality) -> Organisation:
        return cls._get_or_create(municipality=municipality)

    @classmethod
    def _get_or_create(
        cls, *, fund: Fund | None = None, municipality: Municipality | None = None
    ) -> Organisation:
        found = cls.objects.filter(fund=fund, municipality=municipality).first()
        if found is not None:
            return found
        if fund is not None:
            user = User(
                username=f"api.{fund.code}",
                role=Role.FUND_ADMIN,
                fund=fund,
                first_name="API",
                last_name=fund.name[:150],
            )
            kind = FUND
        else:
            assert municipality is not None
            user = User(
                username=f"api.jobcenter.{municipality.code}",
                role=Role.JOBCENTRE,
                municipality=municipality,
                first_name="API",
                last_name=f"Jobcenter {municipality.name}"[:150],
            )
            kind = JOBCENTRE
        user.set_unusable_password()
        user.save()
        return cls.objects.create(kind=kind, fund=fund, municipality=municipality, user=user)


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256. A token is 32 random bytes, so a digest
    cannot be turned back into one, and no key is needed to make the lookup work."""
    return hashlib.sha256(token.encode()).hexdigest()


class Token(models.Model):
    """A bearer token of an organisation with its scopes. Only the digest is stored; the
    token is shown once, when it is made (``akasse api token create`` or the admin)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="tokens", verbose_name="organisation"
    )
    name = models.CharField("navn", max_length=100, help_text="Det system, der bruger nøglen.")
    # The token's public part, e.g. "k3x9q2ab": names the token in lists and the audit log.
    prefix = models.CharField("nøgle-id", max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField("rettigheder", max_length=300)  # space-separated
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    created_by = models.CharField("oprettet af", max_length=150, blank=True, editable=False)
    expires_at = models.DateTimeField("udløber")
    last_used_at = models.DateTimeField("sidst brugt", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})"

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split() if s in SCOPES]

    def active(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class IdempotentResponse(models.Model):
    """The response to a write sent with an ``Idempotency-Key``: the same key and the same
    request get it again without the change being made twice, for ``IDEMPOTENCY_HOURS``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # The method, path and body the key was first used with, as a SHA-256.
    fingerprint = models.CharField(max_length=64)
    status = models.SmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "gemt svar"
        verbose_name_plural = "gemte svar"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_response_per_key")
        ]
