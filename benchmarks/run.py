"""Print every benchmark table: `make bench`, or `python benchmarks/run.py [core]`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (  # noqa: E402
    bench_backends,
    bench_batch,
    bench_core,
    bench_history,
    bench_region,
    bench_saving,
    bench_sweep_grid,
    bench_window,
)

SUITES = {
    "core": bench_core.main,
    "backends": bench_backends.main,
    "region": bench_region.main,
    "saving": bench_saving.main,
    "history": bench_history.main,
    "window": bench_window.main,
    "sweep-grid": bench_sweep_grid.main,
    "batch": bench_batch.main,
}


def main(argv: list[str]) -> None:
    for name in argv or list(SUITES):
        SUITES[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
