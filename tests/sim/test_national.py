"""The calibration check at national scale: all new spells in Denmark 2020-2023."""

from __future__ import annotations

import json
from pathlib import Path

from akasse.sim.check import figures


def test_it_reproduces_the_published_figures_at_national_scale(national: Path) -> None:
    out = national
    manifest = json.loads((out / "manifest.json").read_text())
    spells_per_year = manifest["tables"]["spells"] / 4
    assert 140_000 < spells_per_year < 170_000
    # The joblog is the largest table after weekly_status; its means keep it near ten million.
    assert 5_000_000 < manifest["tables"]["joblog"] < 15_000_000
    rows = figures(out)
    failed = [f"{f.name}: {f.simulated:.1f} vs {f.published:.1f}" for f in rows if not f.ok]
    assert failed == []
    # At this scale the published tolerances apply as they stand (no sampling allowance), except
    # for the share of one fund's placements: FOA-A places a few hundred members in four years.
    widened = [f.name for f in rows if not f.note and f.unit == "pct" and f.tolerance > 5.01]
    assert widened == ["Faste job blandt FOA-A's jobformidlinger (pct.)"]
    effect = json.loads((out / "model.json").read_text())["trial_effect"]
    assert effect["att_dagpenge_weeks_26"] < 0
