"""Benchmark of the profiling model on the national dataset, with its anchors in the same run.

    .venv/bin/python bench/profiling.py [--data data/national] [--repeat 3]

1. accuracy: our held-out AUC against the oracle AUC (the simulator's true risk on the same test
   spells, the best any model can do), and the calibration error (10 equal-sized bins).
2. training: ``train`` from the dataset folder to the fitted model with its held-out metrics
   (target under a minute), and the fit alone against statsmodels' ``Logit`` on the same
   national design matrix (same estimates to 1e-6).

Without --data a national dataset is simulated first (not timed). Each timing is the best of
``--repeat`` runs; the ratio is what to compare between machines, not the seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from timing import best_of

from akasse.profiling.logit import fit_logit
from akasse.profiling.training import Trained, train
from akasse.sim.run import simulate_dataset
from akasse.stats.dataset import Dataset


def compare_fits(trained: Trained, repeat: int) -> tuple[float, float, float]:
    """Our fit and statsmodels' Logit on the same design matrix: seconds each, and the largest
    difference between their estimates."""
    model, data = trained.model, trained.data
    x = np.column_stack([np.ones(model.n_train_), model.design(data.part(False))])
    y = data.y[~data.test].astype(float)
    names = ["intercept", *(c.name for c in model.columns_)]
    ours = best_of(repeat, lambda: fit_logit(x, y, names=names))
    theirs = best_of(repeat, lambda: sm.Logit(y, x).fit(disp=0))
    reference = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    diff = float(np.max(np.abs(fit_logit(x, y, names=names).coef - reference.params)))
    return ours, theirs, diff


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "national"
            simulate_dataset("national", 1, data)
        runs: list[Trained] = []
        total = best_of(args.repeat, lambda: runs.append(train(Dataset(data))))
    trained = runs[-1]
    m = trained.model.metadata_["metrics"]
    ours, theirs, diff = compare_fits(trained, args.repeat)
    gap = m["oracle_auc"] - m["auc"]
    shape = f"{trained.model.n_train_:,} x {len(trained.model.columns_) + 1}"
    print(f"profiling model on {data}: {m['test_spells']:,} held-out spells")
    print(f"  {'held-out AUC, ours':<40} {m['auc']:8.4f}")
    print(f"  {'held-out AUC, oracle (true risk)':<40} {m['oracle_auc']:8.4f}")
    print(f"  {'gap to the oracle':<40} {gap:8.4f}     (target under 0.02)")
    print(
        f"  {'calibration error (10 equal bins)':<40} {m['calibration_error']:8.4f}     "
        "(target under 0.02)"
    )
    print(f"training (best of {args.repeat})")
    print(f"  {'train: dataset to model with metrics':<40} {total:8.2f} s   (target under 60 s)")
    print(f"  {'fit only, ours (NumPy IRLS)':<40} {ours:8.2f} s   design {shape}")
    print(f"  {'fit only, statsmodels Logit':<40} {theirs:8.2f} s")
    print(f"  {'ratio statsmodels / ours':<40} {theirs / ours:8.2f} x")
    print(f"  {'largest difference in estimates':<40} {diff:8.1e}")
    ok = gap < 0.02 and m["calibration_error"] < 0.02 and total < 60 and diff < 1e-6
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
