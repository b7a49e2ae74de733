"""Timing shared by the benchmarks."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs (this machine's timings are noisy; the fastest run is the
    least disturbed)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)
