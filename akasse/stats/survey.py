"""The satisfaction survey as the evaluations report it (seeds 000/001): the top-2 share of
each item ("tilfreds" + "meget tilfreds", or "enig" + "meget enig"; "ved ikke" left out and
counted), weighted by raking to the margins of everyone sent the survey (age group, gender,
education, fund), trial vs non-trial with a design-based test and stars at 5 / 1 / 0.1 %, the
range across funds, the change since the previous wave, and cells with too few respondents
suppressed ("datadiskretion")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import norm

from akasse.stats.dataset import Dataset, Selection, SelectionError
from akasse.stats.survival import GROUPS, NO_COMPARISON

MARGINS = ["age_group", "gender", "education", "fund"]
DONT_KNOW = 6
TOP2 = (4, 5)
MIN_RESPONDENTS = 5  # cells with fewer are suppressed (shown as "#")
RAKING_ITERATIONS = 200


class RakingError(ValueError):
    """The weights cannot meet the margins asked for."""


def rake(
    frame: pl.DataFrame, targets: dict[str, dict[str, float]], iterations: int = RAKING_ITERATIONS
) -> np.ndarray:
    """Weights for ``frame``'s rows whose weighted shares on every margin equal ``targets``
    (iterative proportional fitting, from weights of 1; stops when every share is within 1e-10).
    A category with a share but no row, or margins not met within ``iterations``, is an error
    that names the margin: weights that only seem to meet them would bias every share."""
    for margin, shares in targets.items():
        present = frame[margin].to_numpy()
        for category, share in shares.items():
            if share > 0 and not (present == category).any():
                raise RakingError(
                    f"cannot rake to {margin} = {category}: {share:.1%} of the target but no "
                    "respondent; leave the category out of the targets or merge it with another"
                )
    weights, furthest = _fit_margins(frame, targets, iterations)
    if furthest is not None:
        raise RakingError(furthest)
    return weights


def _fit_margins(
    frame: pl.DataFrame, targets: dict[str, dict[str, float]], iterations: int
) -> tuple[np.ndarray, str | None]:
    """Iterative proportional fitting: the weights, and where they still miss a margin after
    ``iterations`` sweeps (None when every share is within 1e-10)."""
    codes = {m: frame[m].to_numpy() for m in targets}
    weights = np.ones(frame.height)
    worst = (0.0, "", "")
    for _ in range(iterations):
        worst = (0.0, "", "")
        for margin, shares in targets.items():
            total = weights.sum()
            for category, share in shares.items():
                rows = codes[margin] == category
                current = weights[rows].sum() / total
                if current > 0:
                    weights[rows] *= share / current
                    worst = max(worst, (abs(current - share), margin, category))
        if worst[0] < 1e-10:
            break
    weights = np.asarray(weights * frame.height / weights.sum())
    if worst[0] < 1e-10:
        return weights, None
    return weights, (
        f"raking did not meet the margins in {iterations} iterations (furthest: {worst[1]} = "
        f"{worst[2]}, off by {worst[0]:.2g}); the targets may contradict each other"
    )


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def unmet_categories(
    frame: pl.DataFrame, targets: dict[str, dict[str, float]]
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The targets without the categories no row of ``frame`` has, each margin's remaining
    shares scaled to sum to 1, and a sentence per category left out (for the report)."""
    kept: dict[str, dict[str, float]] = {}
    left_out = []
    for margin, shares in targets.items():
        present = set(frame[margin].cast(pl.String).drop_nulls().to_list())
        missing = {c: v for c, v in shares.items() if c not in present and v > 0}
        left_out += [
            f"Ingen svar fra {margin} = {c} ({_percent(v)} af de udsendte); vægtene er "
            "rettet mod de øvrige kategoriers andele."
            for c, v in sorted(missing.items())
        ]
        rest = {c: v for c, v in shares.items() if c not in missing}
        scale = sum(rest.values())
        kept[margin] = {c: v / scale for c, v in rest.items()} if scale > 0 else rest
    return kept, left_out


def weighted_share(y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """The weighted share and its linearisation (sandwich) standard error, as a weighted
    regression on a constant with HC0 errors gives it."""
    p = float((w * y).sum() / w.sum())
    se = float(np.sqrt(((w * (y - p)) ** 2).sum()) / w.sum())
    return p, se


def stars(p_value: float) -> str:
    return "***" if p_value < 0.001 else "**" if p_value < 0.01 else "*" if p_value < 0.05 else ""


@dataclass(frozen=True)
class SurveyResult:
    shares: pl.DataFrame  # wave, item, group, respondents, dont_know, top2, top2_unweighted
    comparison: pl.DataFrame  # wave, item, trial, non_trial, difference, se, p_value, stars
    funds: pl.DataFrame  # wave, item, lowest_fund, lowest, highest_fund, highest
    change: pl.DataFrame  # item, group, wave, top2, previous, change
    response: pl.DataFrame  # wave, group, sent, answered, rate
    note: str | None = None
    weighting_notes: tuple[str, ...] = ()  # margins the weights could not meet, per wave


def _weights(sent: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Respondents of each wave with raking weights to the margins of everyone sent, and a
    note for each category sent the survey that no one of it answered."""
    out, notes = [], []
    for (wave,), rows in sent.group_by("wave", maintain_order=True):
        answered = rows.filter(pl.col("answered"))
        if answered.is_empty():
            continue
        targets = {
            m: {str(k): v / rows.height for k, v in rows[m].value_counts().iter_rows()}
            for m in MARGINS
        }
        targets, left_out = unmet_categories(answered, targets)
        # Small selections can hold margins no weights meet at once (every respondent of one
        # category in another's): the nearest weights are used, and the report says so.
        weights, furthest = _fit_margins(answered, targets, RAKING_ITERATIONS)
        if furthest is not None:
            left_out.append(
                "Vægtene rammer ikke alle de udsendtes fordelinger på én gang (for få svar i "
                "nogle kombinationer); andelene er vægtet så tæt på dem som muligt."
            )
        notes += [f"Bølge {wave}: {text}" for text in left_out]
        out.append(answered.with_columns(weight=pl.Series(weights)))
    if not out:
        raise SelectionError("no survey responses in the selection")
    return pl.concat(out), notes


def survey(
    data: Dataset, selection: Selection, min_respondents: int = MIN_RESPONDENTS
) -> SurveyResult:
    spells = data.spells(selection, [])
    sent = data.table("survey_responses").join(spells.select("spell_id"), on="spell_id")
    items = [c.removeprefix("q_") for c in sent.columns if c.startswith("q_")]
    if sent.is_empty():
        raise SelectionError(f"no one in the selection was sent the survey: {selection.describe()}")
    answers, weighting_notes = _weights(sent)
    alone = data.without_comparison(selection.fund)
    if alone:  # its non-participants live in free municipalities only: not a comparison
        answers = answers.filter(pl.col("trial"))
    shares, comparison, funds = [], [], []
    for (wave,), rows in answers.group_by("wave", maintain_order=True):
        for item in items:
            shares += [
                _share(rows, item, wave, GROUPS[t], rows["trial"] == t, min_respondents)
                for t in GROUPS
            ]
            shares.append(
                _share(rows, item, wave, "alle", pl.Series([True] * rows.height), min_respondents)
            )
            comparison.append(_compare(rows, item, wave, min_respondents))
            funds.append(_range(rows, item, wave, min_respondents))
    share_table = pl.DataFrame(shares)
    return SurveyResult(
        shares=share_table,
        comparison=pl.DataFrame(comparison),
        funds=pl.DataFrame(funds),
        change=_change(share_table),
        response=response_rates(sent),
        note=NO_COMPARISON.format(fund=selection.fund) if alone else None,
        weighting_notes=tuple(weighting_notes),
    )


def _valid(rows: pl.DataFrame, item: str) -> tuple[np.ndarray, np.ndarray, int]:
    column = f"q_{item}"
    known = rows.filter(pl.col(column) != DONT_KNOW)
    y = known[column].is_in(list(TOP2)).to_numpy().astype(float)
    return y, known["weight"].to_numpy(), rows.height - known.height


def _share(
    rows: pl.DataFrame, item: str, wave: int, group: str, mask: pl.Series, least: int
) -> dict[str, object]:
    y, w, dont_know = _valid(rows.filter(mask), item)
    shown = y.size >= least
    p = weighted_share(y, w)[0] if shown else None
    return {
        "wave": wave,
        "item": item,
        "group": group,
        "respondents": y.size,
        "dont_know": dont_know,
        "top2": p,
        "top2_unweighted": float(y.mean()) if shown else None,
    }


def _compare(rows: pl.DataFrame, item: str, wave: int, least: int) -> dict[str, object]:
    """Trial minus non-trial, with the two independent domains' standard errors."""
    result: dict[str, object] = {"wave": wave, "item": item}
    estimates = {}
    for trial, label in GROUPS.items():
        y, w, _ = _valid(rows.filter(pl.col("trial") == trial), item)
        estimates[label] = weighted_share(y, w) if y.size >= least else None
    a, b = estimates["forsøg"], estimates["ikke-forsøg"]
    if a is None or b is None:
        return result | {
            "trial": None,
            "non_trial": None,
            "difference": None,
            "se": None,
            "p_value": None,
            "stars": "#",
        }
    diff, se = a[0] - b[0], float(np.hypot(a[1], b[1]))
    p_value = float(2 * norm.sf(abs(diff) / se)) if se > 0 else 1.0
    return result | {
        "trial": a[0],
        "non_trial": b[0],
        "difference": diff,
        "se": se,
        "p_value": p_value,
        "stars": stars(p_value),
    }


def _range(rows: pl.DataFrame, item: str, wave: int, least: int) -> dict[str, object]:
    """The lowest and highest fund among trial participants (funds with enough respondents)."""
    found = []
    trial = rows.filter(pl.col("trial"))
    for (fund,), fund_rows in trial.group_by("fund"):
        y, w, _ = _valid(fund_rows, item)
        if y.size >= least:
            found.append((weighted_share(y, w)[0], str(fund)))
    if not found:
        return {
            "wave": wave,
            "item": item,
            "lowest_fund": None,
            "lowest": None,
            "highest_fund": None,
            "highest": None,
        }
    low, high = min(found), max(found)
    return {
        "wave": wave,
        "item": item,
        "lowest_fund": low[1],
        "lowest": low[0],
        "highest_fund": high[1],
        "highest": high[0],
    }


def response_rates(sent: pl.DataFrame) -> pl.DataFrame:
    """Sent, answered and the response rate per wave, for each group and in all."""
    groups = sent.with_columns(
        group=pl.when(pl.col("trial")).then(pl.lit(GROUPS[True])).otherwise(pl.lit(GROUPS[False]))
    )
    both = pl.concat([groups, groups.with_columns(group=pl.lit("alle"))])
    return (
        both.group_by("wave", "group")
        .agg(sent=pl.len(), answered=pl.col("answered").sum())
        .with_columns(rate=pl.col("answered") / pl.col("sent"))
        .sort("wave", "group")
    )


def _change(shares: pl.DataFrame) -> pl.DataFrame:
    return (
        shares.sort("item", "group", "wave")
        .with_columns(previous=pl.col("top2").shift(1).over("item", "group"))
        .with_columns(change=pl.col("top2") - pl.col("previous"))
        .select("item", "group", "wave", "top2", "previous", "change")
    )
