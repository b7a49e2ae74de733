"""The member and the register data of each spell: hours paid, visitation, employment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akasse.web.formats import day_text
from akasse.web.members import cpr as cprs
from akasse.web.members.models.reference import Branch, Caseworker, Fund, Municipality


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinde")
    MAN = "man", _("Mand")


class Insurance(models.TextChoices):
    FULL_TIME = "full_time", _("Fuldtidsforsikret")
    PART_TIME = "part_time", _("Deltidsforsikret")


def member_name(member_id: int, first_name: str = "", last_name: str = "") -> str:
    """How the application names a member: "Fornavn Efternavn", or "Medlem N" by number when
    the names are empty (a dataset exported from a case database holds none)."""
    full = " ".join(part for part in (first_name.strip(), last_name.strip()) if part)
    return full or gettext("Medlem %(id)s") % {"id": member_id}


def numbered_name(member_id: int, first_name: str = "", last_name: str = "") -> str:
    """The name with the member number where staff need both, e.g. "Anna Jensen (18589)";
    just "Medlem 18589" without a name."""
    name = member_name(member_id, first_name, last_name)
    if not (first_name.strip() or last_name.strip()):
        return name
    return f"{name} ({member_id})"


class MemberManager(models.Manager["Member"]):
    def by_cpr(self, cpr: str) -> Member | None:
        """The member with this CPR number; raises ``CprError`` for a malformed number."""
        return self.filter(cpr_digest=cprs.digest(cpr)).first()


class Member(models.Model):
    id = models.BigIntegerField("medlem", primary_key=True)
    # Keyed digest of the CPR number (members.cpr); empty when the source had it masked.
    cpr_digest = models.CharField(max_length=64, unique=True, null=True, editable=False)
    birth_date = models.DateField("fødselsdato")
    gender = models.CharField("køn", max_length=10, choices=Gender.choices)
    origin = models.CharField("herkomst", max_length=20)
    education = models.CharField("uddannelse", max_length=20)
    # Name, address and contact (members.first_name ... phone). Blank when the source had
    # them masked (an export); a load with masked values leaves the stored ones alone.
    first_name = models.CharField("fornavn", max_length=100, blank=True, default="")
    last_name = models.CharField("efternavn", max_length=100, blank=True, default="")
    street = models.CharField("adresse", max_length=200, blank=True, default="")
    postcode = models.CharField("postnummer", max_length=4, blank=True, default="")
    town = models.CharField("by", max_length=100, blank=True, default="")
    email = models.EmailField("e-mail", blank=True, default="")
    phone = models.CharField("telefon", max_length=20, blank=True, default="")

    objects = MemberManager()

    class Meta:
        verbose_name = "medlem"
        verbose_name_plural = "medlemmer"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """ "Fornavn Efternavn", or "Medlem N" without names."""
        return member_name(self.id, self.first_name, self.last_name)

    @property
    def numbered_name(self) -> str:
        return numbered_name(self.id, self.first_name, self.last_name)

    @property
    def address(self) -> str:
        """Street, postcode and town on one line, of what is known."""
        place = " ".join(part for part in (self.postcode, self.town) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def cpr_masked(self) -> str:
        return cprs.masked(self.birth_date)

    def set_cpr(self, cpr: str) -> None:
        self.cpr_digest = None if cprs.is_masked(cpr) else cprs.digest(cpr)


class Spell(models.Model):
    """A new dagpenge spell (nyt dagpengeforløb): the unit of the contact course."""

    id = models.BigIntegerField("forløb", primary_key=True)
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="spells", verbose_name="medlem"
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, verbose_name="a-kasse")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, verbose_name="afdeling")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name="bopælskommune"
    )
    first_day = models.DateField("første ledighedsdag")
    insurance = models.CharField("forsikringstype", max_length=10, choices=Insurance.choices)
    trial = models.BooleanField("forsøgsdeltager", default=False)
    regime = models.CharField("regelsæt", max_length=20)
    transfer_date = models.DateField("overgang til jobcenter", null=True, blank=True)
    age = models.SmallIntegerField("alder")
    # Weekly status from week 0: one letter a week, d(agpenge), e(mployed) or o(ther).
    weeks = models.CharField("ugestatus", max_length=104, blank=True, default="")
    # The last day the weekly status covers (the end of its last week); empty without one.
    status_until = models.DateField("ugestatus til og med", null=True, blank=True)
    # The clock as the rules engine last planned it (transfer date projected or not).
    clock_transfer_date = models.DateField("forventet overgang", null=True, blank=True)
    clock_projected = models.BooleanField("fremskrevet", default=False)
    hours_consumed = models.DecimalField(
        "forbrugte timer", max_digits=8, decimal_places=2, default=Decimal(0)
    )
    caseworker = models.ForeignKey(
        Caseworker,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spells",
        verbose_name="sagsbehandler",
    )

    class Meta:
        verbose_name = "ledighedsforløb"
        verbose_name_plural = "ledighedsforløb"
        indexes = [
            models.Index(fields=["fund", "branch"]),
            models.Index(fields=["caseworker", "first_day"]),
            models.Index(fields=["member", "first_day"]),
            models.Index(fields=["fund", "clock_transfer_date"]),
        ]

    def __str__(self) -> str:
        return gettext("Forløb %(id)s fra %(day)s") % {
            "id": self.id,
            "day": day_text(self.first_day),
        }

    def on_dagpenge(self) -> bool:
        """On dagpenge in the latest week known."""
        return not self.weeks or self.weeks[-1] == "d"

    def week_span(self) -> dt.date | None:
        """The last day covered by ``weeks``."""
        if not self.weeks:
            return None
        return self.first_day + dt.timedelta(days=7 * len(self.weeks) - 1)


class HoursPaid(models.Model):
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="hours")
    month = models.DateField("måned")  # first day of the month
    hours = models.DecimalField("timer", max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = "udbetalte timer"
        verbose_name_plural = "udbetalte timer"
        constraints = [
            models.UniqueConstraint(fields=["spell", "month"], name="one_hours_row_per_month")
        ]


class Visitation(models.Model):
    class ExitReason(models.TextChoices):
        PERIOD_USED = "period_used", _("Forsøgsperioden afsluttet")
        LEFT_FUND = "left_fund", _("Udmeldt af a-kassen")
        MOVED_OUT = "moved_out", _("Flyttet til kommune uden for forsøget")
        EARLY_JOBCENTRE = "early_jobcentre", _("Behov for tidlig indsats")
        TRIAL_ENDED = "trial_ended", _("Forsøget sluttede")

    spell = models.OneToOneField(
        Spell, on_delete=models.CASCADE, primary_key=True, related_name="visitation"
    )
    referred_on = models.DateField("visiteret")
    exit_on = models.DateField("afsluttet")
    exit_reason = models.CharField("afslutningsårsag", max_length=20, choices=ExitReason.choices)

    class Meta:
        verbose_name = "visitation"
        verbose_name_plural = "visitationer"


class Employment(models.Model):
    """The job a spell follows (with its notice period) and the jobs taken during it."""

    class Kind(models.TextChoices):
        BEFORE = "before_spell", _("Job før ledighed")
        DURING = "during_spell", _("Job under ledighed")

    id = models.BigIntegerField("ansættelse", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="employment")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    start_date = models.DateField("start")
    end_date = models.DateField("slut", null=True, blank=True)
    notice_given_on = models.DateField("opsagt", null=True, blank=True)
    notice_contact_consent = models.BooleanField("samtykke til kontakt", default=False)
    notice_contact_on = models.DateField("kontakt i opsigelsesperioden", null=True, blank=True)

    class Meta:
        verbose_name = "ansættelse"
        verbose_name_plural = "ansættelser"

    def in_notice_period(self, day: dt.date) -> bool:
        return (
            self.notice_given_on is not None
            and self.end_date is not None
            and self.notice_given_on <= day <= self.end_date
        )
