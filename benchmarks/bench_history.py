"""History (issue: a history that never forgets): opening it with 10,000 recorded jobs and
showing the first page, and searching them by prompt."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

if os.environ.get("BENCH_DISPLAY") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.common import Row, print_table, timed_row  # noqa: E402
from ideogram_studio.jobs.archive import JobArchive  # noqa: E402
from ideogram_studio.ui.history_panel import HistoryPanel  # noqa: E402

JOBS = 10_000
WORDS = [
    "red",
    "blue",
    "golden",
    "knitted",
    "wool",
    "hat",
    "scarf",
    "bow",
    "tie",
    "sky",
    "cloud",
    "river",
    "boat",
    "lamp",
    "chair",
]


def populate(folder: Path) -> None:
    """10,000 jobs of two results each, written straight into a fresh database."""
    JobArchive(folder).close()
    rng = random.Random(4)
    tiles = []
    for seed in range(16):
        tile = np.random.default_rng(seed).integers(0, 255, (96, 128, 3), dtype=np.uint8)
        tiles.append(cv2.imencode(".jpg", cv2.GaussianBlur(tile, (9, 9), 3))[1].tobytes())
    db = sqlite3.connect(folder / "history.sqlite3")
    db.execute("BEGIN")
    for number in range(JOBS):
        prompt = " ".join(rng.choice(WORDS) for _ in range(6)) + f" #{number}"
        created = (
            f"2026-{1 + number // 1000 % 12:02d}-{1 + number % 28:02d}T10:{number % 60:02d}:00"
        )
        cursor = db.execute(
            "INSERT INTO jobs (job_key, created, backend, endpoint, prompt, parameters,"
            " source_sha256, source_name, state, thumb) VALUES (?, ?, 'ideogram',"
            " 'https://api.ideogram.ai/edit', ?, ?, ?, 'photo.jpg', 'done', ?)",
            (
                f"{number:08x}",
                created,
                prompt,
                json.dumps({"seed": number}),
                "0" * 64,
                tiles[number % 16],
            ),
        )
        for index in range(2):
            db.execute(
                "INSERT INTO results (job_id, idx, status, path, seed, prompt, safe, thumb)"
                " VALUES (?, ?, 'ready', ?, ?, ?, 1, ?)",
                (
                    cursor.lastrowid,
                    index,
                    f"/results/{number}-{index}.png",
                    number,
                    prompt,
                    tiles[(number + index) % 16],
                ),
            )
    db.commit()
    db.close()


GROUPS, CELLS = 300, 9


def populate_groups(folder: Path) -> None:
    """300 sweeps of 9 cells (one job of two results each) among the 10,000 jobs."""
    db = sqlite3.connect(folder / "history.sqlite3")
    db.execute("BEGIN")
    thumb = db.execute("SELECT thumb FROM jobs LIMIT 1").fetchone()[0]
    for number in range(GROUPS):
        created = f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}T11:{number % 60:02d}:00"
        group = db.execute(
            "INSERT INTO groups (kind, created, title, spec) VALUES ('sweep', ?, ?, '{}')",
            (created, "Sweep: 3 prompts × 3 seeds"),
        ).lastrowid
        for cell in range(CELLS):
            job = db.execute(
                "INSERT INTO jobs (job_key, created, backend, endpoint, prompt, parameters,"
                " source_sha256, state, thumb, group_id, group_place, estimate)"
                " VALUES (?, ?, 'ideogram', 'e', ?, '{}', ?, 'done', ?, ?, ?, 0.08)",
                (
                    f"g{number:05d}{cell}",
                    created,
                    f"sweep prompt {cell % 3}",
                    "0" * 64,
                    thumb,
                    group,
                    json.dumps({"cell": [cell // 3, cell % 3]}),
                ),
            ).lastrowid
            for index in range(2):
                db.execute(
                    "INSERT INTO results (job_id, idx, status, path, seed, safe, thumb)"
                    " VALUES (?, ?, 'ready', ?, ?, 1, ?)",
                    (job, index, f"/results/g{job}-{index}.png", index, thumb),
                )
    db.commit()
    db.close()


def run_groups(app: QApplication) -> list[Row]:
    """History's first page when 300 sweeps (2,700 jobs) are among the 10,000 jobs."""
    folder = Path(tempfile.mkdtemp(prefix="bench-history-groups-"))
    populate(folder)
    populate_groups(folder)
    opens, searches = [], []
    for _ in range(7):
        start = time.perf_counter()
        history = JobArchive(folder)
        panel = HistoryPanel(history)
        panel.reload()
        app.processEvents()
        opens.append(time.perf_counter() - start)
        assert panel.tree.topLevelItemCount() == 50
        start = time.perf_counter()
        assert history.entries(search="sweep prompt 2")
        searches.append(time.perf_counter() - start)
        panel.deleteLater()
        history.close()
    return [
        timed_row("open history, first page (10,000 jobs + 300 sweeps)", opens, 0.3, "300 ms"),
        timed_row("  search that finds the sweeps' jobs", searches, 0.1, "100 ms"),
    ]


def run() -> list[Row]:
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    populate(folder)
    opens, searches, misses = [], [], []
    for _ in range(7):
        start = time.perf_counter()
        history = JobArchive(folder)
        history.mark_interrupted()
        panel = HistoryPanel(history)
        panel.reload()
        app.processEvents()
        opens.append(time.perf_counter() - start)
        assert panel.tree.topLevelItemCount() == 50
        for word in ("golden scarf", "#9876"):
            start = time.perf_counter()
            found = history.page(search=word)
            searches.append(time.perf_counter() - start)
            assert found
        start = time.perf_counter()
        assert history.page(search="nothing like this") == []
        misses.append(time.perf_counter() - start)
        panel.deleteLater()
        history.close()
    return [
        timed_row("open history + first page shown (10,000 jobs)", opens, 0.3, "300 ms"),
        timed_row("search by prompt, first page (10,000 jobs)", searches, 0.1, "100 ms"),
        timed_row("search that finds nothing (scans all)", misses, 0.1, "100 ms"),
        *run_groups(app),
    ]


def main() -> None:
    print_table("History", run())
