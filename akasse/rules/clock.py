"""The hour clock (rules-reference §1): dagpenge hours paid per month drive every deadline
that is not a fixed number of days or months from the first day.

``consumed(m)`` is the hours paid in month m, or 0 in a suspended month (covid-19).
Future months - after the last month with paid hours and not before the as-of month - are
projected at the monthly norm (still 0 when suspended), but only while the member is
unemployed on the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass

from akasse.rules.model import Hours, Month

# Projected months needed for any threshold: 3,848 h at the smallest norm with every suspension
# is under 60 months; the horizon is counted from the projection start.
_HORIZON_MONTHS = 240


@dataclass(frozen=True)
class Crossing:
    """The month in which a cumulative threshold is reached, if it is (yet) known."""

    month: Month | None
    projected: bool


@dataclass(frozen=True)
class HourClock:
    first_month: Month
    paid: dict[Month, Hours]
    suspended: frozenset[Month]
    norm: Hours
    projection_start: Month | None  # None: nothing is projected (member in work on as-of)

    @classmethod
    def build(
        cls,
        first_month: Month,
        as_of_month: Month,
        paid: dict[Month, Hours],
        suspended: frozenset[Month],
        norm: Hours,
        project: bool,
    ) -> HourClock:
        # "The last month with paid hours": a month listed with 0 hours paid none.
        last_paid = max((m for m, h in paid.items() if h > 0), default=first_month - 1)
        start = max(last_paid + 1, as_of_month, first_month) if project else None
        return cls(first_month, paid, suspended, norm, start)

    def consumed(self, month: Month) -> tuple[Hours, bool]:
        """Hours consumed in ``month`` and whether they are projected."""
        if month in self.suspended:
            return 0, False
        if self.projection_start is not None and month >= self.projection_start:
            return self.norm, True
        return self.paid.get(month, 0), False

    def consumed_through(self, month: Month) -> Hours:
        """Hours actually consumed (paid, outside suspensions) up to and including ``month``."""
        return sum(h for m, h in self.paid.items() if m <= month and m not in self.suspended)

    def crossing(self, threshold: Hours, strict: bool) -> Crossing:
        """First month whose cumulative consumption is more than (``strict``) or at least the
        threshold."""
        last_paid = max(self.paid, default=self.first_month)
        if self.projection_start is None:
            end = last_paid
        else:
            end = self.projection_start + _HORIZON_MONTHS
        total = 0
        any_projected = False
        for month in range(self.first_month, end + 1):
            hours, projected = self.consumed(month)
            total += hours
            any_projected = any_projected or projected
            if total > threshold or (not strict and total >= threshold):
                return Crossing(month, any_projected)
        return Crossing(None, False)
