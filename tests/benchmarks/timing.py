"""Timing shared by the benchmarks that report an in-process median."""
from __future__ import annotations

import statistics
import time


def median_time(fn, runs: int) -> float:
    """Seconds of ``fn()``, the median of ``runs`` after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
