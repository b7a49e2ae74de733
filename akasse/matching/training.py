"""What the hire model learns from: the fund's own log. Each placement is a query: the opening
the member was hired in (a hire) against the openings the explicit score would have put before
the member that day (its ``CANDIDATES`` best among those open, as non-hires), the choice the
ranking must make. Presentations that did not end in a hire are non-hires too."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.matching import explicit, hire
from akasse.matching.features import Members, Openings
from akasse.matching.rank import CANDIDATES


@dataclass(frozen=True)
class Log:
    """Presentations as rows of the members and openings, with their day and outcome."""

    member: np.ndarray  # row in the Members
    opening: np.ndarray  # row in the Openings
    day: np.ndarray  # int days (any epoch, the same as posted/closes)
    hired: np.ndarray  # bool


def training_pairs(
    m: Members,
    o: Openings,
    posted: np.ndarray,
    closes: np.ndarray,
    log: Log,
    candidates: int = CANDIDATES,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(member rows, opening rows, hired) to train on: every presentation, and for every hire
    the explicit score's best openings open on its day."""
    members, openings, labels = [log.member], [log.opening], [log.hired]
    hires = np.flatnonzero(log.hired)
    for day in np.unique(log.day[hires]):
        these = hires[log.day[hires] == day]
        open_rows = np.flatnonzero((posted <= day) & (closes >= day))
        if open_rows.size == 0:
            continue
        index, _ = explicit.top_k(m.take(log.member[these]), o.take(open_rows), candidates)
        chosen = open_rows[index]
        negative = chosen != log.opening[these][:, None]
        members.append(np.repeat(log.member[these], index.shape[1])[negative.ravel()])
        openings.append(chosen[negative])
        labels.append(np.zeros(int(negative.sum()), dtype=bool))
    return np.concatenate(members), np.concatenate(openings), np.concatenate(labels)


def train_from_log(
    m: Members, o: Openings, posted: np.ndarray, closes: np.ndarray, log: Log, seed: int = 0
) -> hire.HireModel:
    rows_m, rows_o, y = training_pairs(m, o, posted, closes, log)
    return hire.train(m.take(rows_m), o.take(rows_o), y, seed=seed)
