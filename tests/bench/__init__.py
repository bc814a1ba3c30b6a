"""Benchmarks: ratios against a baseline measured in the same run, never absolute times.

Register a row in a ``tests/bench/bench_<topic>.py`` module::

    from tests.bench import benchmark

    @benchmark("Study.record vs bare sqlite insert", goal=2.0, stats=("median", "p99"))
    def record(quick: bool):
        ...            # time ours and the baseline in this same run
        return ours_seconds, baseline_seconds   # two lists of timings (seconds)

A function may also return a dict: ``{"ours": [...], "baseline": [...], "note": "..."}``, or
``{"rows": [{"row": ..., "value": ...}]}`` for figures that are not ratios (memory, keystrokes).
``python -m tests.bench`` (``make bench``) runs every row and prints the table;
``--quick`` runs each with small inputs (a test checks that it works).
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable

REGISTRY: list["Bench"] = []


@dataclass
class Bench:
    name: str
    func: Callable
    goal: float | None
    stats: tuple


def benchmark(name: str, goal: float | None = None, stats: tuple = ("median",)):
    """Register a benchmark row. ``goal`` is the largest acceptable ratio ours/baseline."""
    def wrap(func):
        REGISTRY.append(Bench(name, func, goal, tuple(stats)))
        return func
    return wrap


def timings(func: Callable, repeat: int, setup: Callable | None = None) -> list[float]:
    """Time ``func()`` ``repeat`` times (after ``setup()`` each time, untimed)."""
    out = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def interleaved(ours: Callable, baseline: Callable, repeat: int) -> tuple[list[float], list[float]]:
    """Warm both once, then time them alternately, so a busy moment on the machine hits both."""
    baseline(), ours()
    ours_times, base_times = [], []
    for _ in range(repeat):
        base_times += timings(baseline, 1)
        ours_times += timings(ours, 1)
    return ours_times, base_times


def stat(values: list[float], which: str) -> float:
    values = sorted(values)
    if which == "median":
        return statistics.median(values)
    if which.startswith("p"):
        k = float(which[1:]) / 100 * (len(values) - 1)
        lo, hi = int(k), min(int(k) + 1, len(values) - 1)
        return values[lo] + (values[hi] - values[lo]) * (k - lo)
    if which == "min":
        return values[0]
    if which == "mean":
        return statistics.fmean(values)
    raise ValueError(f"unknown statistic {which!r}: use median, mean, min or pNN")
