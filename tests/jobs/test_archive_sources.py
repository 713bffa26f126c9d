"""The history's copy of a job's photo, written beside the request on its own thread."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QThread

from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.storage import Job
from ideogram_studio.core.photo import read_copy
from ideogram_studio.jobs.archive import JobArchive


def test_the_copy_outlives_a_quit_and_readers_wait_for_it(qapp, tmp_path) -> None:
    """Started from a job's QThread (which Python counts as a daemon), the copy thread must
    not be a daemon, or a quit right after Generate would lose the photo Restore needs."""
    archive = JobArchive(tmp_path)
    pixels = np.random.default_rng(3).integers(0, 255, (1500, 2000, 3), np.uint8)
    mask = np.zeros((1500, 2000), np.uint8)
    mask[:10, :10] = 255
    request = EditRequest(pixels, mask, EditOptions(prompt="x"))
    job = Job(request, "local", "local", (2000, 1500))
    job.source_sha256 = request.source_sha256()
    seen: list[bool] = []

    class Worker(QThread):
        def run(self) -> None:
            archive.job_started(job, painted_mask=mask, sent_mask_png=b"")
            seen.extend(t.daemon for t in threading.enumerate() if t.name == "history-source")

    worker = Worker()
    worker.start()
    assert worker.wait(30000)
    assert seen == [False]  # a 3 MP copy of noise takes longer than this look
    copy = read_copy(archive.source_path(job.source_sha256), "photo")  # waits for the writer
    assert np.array_equal(copy.pixels, pixels)
