# django-otp ships no type information; its device models point at User.
# mypy: disable-error-code="import-untyped"
"""Users and their roles; what each role may see is decided in ``akasse.web.access``."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.models import Session
from django.db import models
from django.utils.translation import gettext_lazy as _

from akasse.web.members.models import Branch, Caseworker, Fund, Member, Municipality


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Sagsbehandler")
    TEAM_LEAD = "team_lead", _("Teamleder")
    FUND_ADMIN = "fund_admin", _("A-kasse-administrator")
    JOBCENTRE = "jobcentre", _("Jobcenterkonsulent")
    MEMBER = "member", _("Medlem")
    ANALYST = "analyst", _("Analytiker")
    PRIVACY_OFFICER = "privacy_officer", _("Databeskyttelsesrådgiver")


class User(AbstractUser):
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, verbose_name="a-kasse"
    )
    # Set to limit a caseworker or team lead to one branch.
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.PROTECT, verbose_name="afdeling"
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="jobcenterets kommune",
    )
    caseworker = models.OneToOneField(
        Caseworker, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="member") | models.Q(member__isnull=False),
                name="member_user_has_member",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="jobcentre") | models.Q(municipality__isnull=False),
                name="jobcentre_user_has_municipality",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["caseworker", "team_lead", "fund_admin"])
                | models.Q(fund__isnull=False),
                name="fund_staff_have_fund",
            ),
        ]

    @property
    def is_fund_staff(self) -> bool:
        return self.role in (Role.CASEWORKER, Role.TEAM_LEAD, Role.FUND_ADMIN)

    @property
    def needs_second_factor(self) -> bool:
        """Every role but members works with other people's cases, and staff reach the admin:
        a code from an authenticator app after the password (when ``OTP_REQUIRED`` is on)."""
        return self.role != Role.MEMBER or self.is_superuser or self.is_staff


class UserSession(models.Model):
    """Whose session this is: recorded at login, so that logging out or a new password can
    end the user's sessions in every server process. Goes with its session."""

    session = models.OneToOneField(
        Session, primary_key=True, on_delete=models.CASCADE, related_name="owner"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="sessions", verbose_name="bruger"
    )
    created_at = models.DateTimeField("logget ind", auto_now_add=True)

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessioner"
