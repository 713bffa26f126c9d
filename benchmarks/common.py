"""Timing helpers for the benchmark scripts: medians, tail percentiles, a printed table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SAMPLE_IMAGES = REPO / "tests" / "data"


@dataclass
class Row:
    figure: str
    median: str
    p99: str
    target: str
    verdict: str


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"


def percentile(samples: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(samples), q))


def repeat(
    run: Callable[[], object], times: int, setup: Callable[[], object] | None = None
) -> list[float]:
    """Wall-clock seconds of `run`, `times` times, with an untimed `setup` before each."""
    samples = []
    for _ in range(times):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def timed_row(
    figure: str,
    samples: list[float],
    limit_median: float,
    target: str,
    limit_p99: float | None = None,
) -> Row:
    median = statistics.median(samples)
    p99 = percentile(samples, 99)
    ok = median <= limit_median and (limit_p99 is None or p99 <= limit_p99)
    return Row(figure, ms(median), ms(p99), target, "ok" if ok else "MISSED")


def print_table(title: str, rows: list[Row]) -> None:
    headers = ("figure", "median", "p99", "target", "")
    table = [headers] + [(r.figure, r.median, r.p99, r.target, r.verdict) for r in rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(headers))]
    print(f"\n{title}")
    for index, line in enumerate(table):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
