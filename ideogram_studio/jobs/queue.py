"""Edits in the background: each job runs `run_edit` in a worker object on its own QThread, and
everything it reports comes back to the GUI thread through queued signals.

Workers get a snapshot of what they need (the image array is read-only, the mask a copy), never
touch widgets, and stop at the next check when cancelled. A few jobs run at once; the rest wait.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ideogram_studio.backends.outcome import (
    Cancelled,
    CancelToken,
    EditOutcome,
    ErrorKind,
    Final,
    ResultItem,
    Verdict,
    conclude,
)
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.service import JobSpec, Recorder, run_job
from ideogram_studio.backends.settings import IMAGES_IN_FLIGHT
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import thumbnail
from ideogram_studio.i18n import translate

QUEUED = Qt.ConnectionType.QueuedConnection
log = logging.getLogger(__name__)


class JobState(enum.Enum):
    WAITING = "Waiting"
    RUNNING = "Running"
    DONE = "Done"
    FAILED = "Failed"
    CANCELLED = "Cancelled"

    @property
    def active(self) -> bool:
        return self in (JobState.WAITING, JobState.RUNNING)


# How each verdict shows on a job card: partly saved is still done, withheld still failed.
_STATES = {
    Final.SAVED: JobState.DONE,
    Final.PARTLY_SAVED: JobState.DONE,
    Final.WITHHELD: JobState.FAILED,
    Final.FAILED: JobState.FAILED,
    Final.CANCELLED: JobState.CANCELLED,
    Final.INTERRUPTED: JobState.CANCELLED,
}


@dataclass(eq=False)
class JobRecord:
    """One Generate, as the window shows it. Lives on the GUI thread."""

    number: int
    spec: JobSpec
    state: JobState = JobState.WAITING
    message: str = field(default_factory=lambda: translate("Jobs", "Waiting for a free slot…"))
    error_kind: ErrorKind | None = None
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    items: list[ResultItem] = field(default_factory=list)  # saved items, then withheld ones
    job: Job | None = None  # the stored job once it is known (names, folder, mask file)
    outcome: EditOutcome | None = None
    cancel_token: CancelToken = field(default_factory=CancelToken)
    # Cancel was pressed after the request may have been billed: the job goes on to save what
    # comes back, unless the user presses Discard.
    kept_for_saving: bool = False

    @property
    def request(self) -> EditRequest:
        return self.spec.request

    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started


class EditWorker(QObject):
    """Runs one edit on a worker thread; talks only through signals."""

    progressed = Signal(int, str)
    saved = Signal(int, object, object)  # job number, ResultItem, thumbnail array
    succeeded = Signal(int, object, object)  # job number, storage Job, EditOutcome
    failed = Signal(int, object)  # job number, Verdict
    cancelled = Signal(int)

    def __init__(
        self,
        number: int,
        spec: JobSpec,
        store: ResultStore,
        cancel: CancelToken,
        recorder: Recorder | None = None,
    ) -> None:
        super().__init__()
        self.number = number
        self._spec = spec
        self._store = store
        self._cancel = cancel
        self._recorder = recorder

    @Slot()
    def run(self) -> None:
        number = self.number
        try:
            job, outcome = run_job(
                self._spec,
                self._store,
                cancel=self._cancel,
                progress=lambda message: self.progressed.emit(number, message),
                on_saved=lambda item: self._saved(item),
                recorder=self._recorder,
            )
        except Cancelled:
            self.cancelled.emit(number)
        except Exception as error:  # a bug too must end the job, not the thread silently
            verdict = conclude(error=error, api_key=self._spec.api_key)
            self.failed.emit(number, verdict)
        else:
            self.succeeded.emit(number, job, outcome)

    def _saved(self, item: ResultItem) -> None:
        assert item.pixels is not None
        # Saved in the photo's colour space and depth: the thumbnail is shown in sRGB.
        small = to_srgb8(thumbnail(item.pixels), self._spec.request.info.icc_profile)
        # The file is on disk: the window reads it back when it needs the full image, so a
        # session of 24-megapixel results does not keep gigabytes in memory.
        item.pixels = None
        item.data = None
        self.saved.emit(self.number, item, small)


def images_of(spec: JobSpec) -> int:
    """The places a job takes among the images in flight: every image it asks for."""
    return max(1, spec.images)


class JobQueue(QObject):
    """Runs jobs in order while their images fit within `images_in_flight` (Ideogram's limit
    per organisation: a job of 4 images takes 4 places), so the queue waits instead of
    provoking 429s; `max_running` caps the threads. Tells the window about every change."""

    added = Signal(object)  # JobRecord
    changed = Signal(object)  # JobRecord: state or message
    item_saved = Signal(object, object, object)  # JobRecord, ResultItem, thumbnail
    ended = Signal(object)  # JobRecord: done, failed or cancelled
    idle = Signal()  # nothing is running or waiting any more

    def __init__(
        self,
        store: ResultStore,
        *,
        recorder: Recorder | None = None,
        max_running: int = 4,
        images_in_flight: int = IMAGES_IN_FLIGHT,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.recorder = recorder
        self.max_running = max_running
        self.images_in_flight = images_in_flight
        self.records: list[JobRecord] = []
        self._waiting: list[JobRecord] = []
        self._running: dict[int, tuple[QThread, EditWorker]] = {}
        # Every thread not yet finished, with its worker: Python owns both and drops them only
        # once the thread has finished, so nothing is deleted while it runs.
        self._threads: list[tuple[QThread, EditWorker]] = []
        self._count = 0
        # Places among the images in flight held outside the queue (a batch's photos).
        self.borrowed: Callable[[], int] = lambda: 0

    # ------------------------------------------------------------------ queries

    def record(self, number: int) -> JobRecord | None:
        """The job with this number, if it is still running (late signals find nothing)."""
        return next((r for r in self.records if r.number == number and r.state.active), None)

    def active(self) -> list[JobRecord]:
        return [r for r in self.records if r.state.active]

    # ------------------------------------------------------------------ actions

    def submit(self, spec: JobSpec) -> JobRecord:
        self._count = max(self._count + 1, self._recorded_next())
        spec = replace(spec, number=self._count)
        record = JobRecord(self._count, spec)
        self.records.append(record)
        self._waiting.append(record)
        self.added.emit(record)
        self._start_next()
        return record

    def _recorded_next(self) -> int:
        """The history's next id (numbers go on from the last run), or 1 without one."""
        next_number = getattr(self.recorder, "next_number", None)
        if next_number is None:
            return 1
        try:
            return int(next_number())
        except Exception:  # a locked or damaged history: the numbers of this run go on
            log.warning("the history could not give the next job number", exc_info=True)
            return 1

    def cancel(self, record: JobRecord) -> None:
        if record in self._waiting:
            self._waiting.remove(record)
            self._end(record, JobState.CANCELLED, translate("Jobs", "Cancelled before it started."))
        elif record.state is JobState.RUNNING:
            token = record.cancel_token
            if token.billable and not record.kept_for_saving:
                record.kept_for_saving = True
                record.message = translate(
                    "Jobs",
                    "This edit may already be billed, so its images are still saved when they "
                    "come back. Press Discard to stop waiting for them.",
                )
            else:
                token.cancel()
                record.message = translate("Jobs", "Cancelling…")
            self.changed.emit(record)

    def discard(self, record: JobRecord) -> None:
        """Stop a job for good, even one that may be billed: what comes back is not saved."""
        if record.state is JobState.RUNNING:
            record.kept_for_saving = True
        self.cancel(record)

    def cancel_all(self) -> None:
        for record in list(self._waiting) + [r for r in self.records if r.number in self._running]:
            self.cancel(record)

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """The app quits: waiting jobs are cancelled, running ones abandoned (the history keeps
        them as interrupted, with what they saved), and every thread is waited for, so none
        outlives the window. Blocking network calls run on helper threads that a cancel
        leaves behind, so a stalled server cannot hold the quit."""
        for record in list(self._waiting):
            self.cancel(record)
        for record in self.records:
            if record.number in self._running:
                record.cancel_token.abandon()
        for thread, _worker in list(self._threads):
            thread.quit()
            thread.wait(timeout_ms)
        # Their last signals are still queued: settle every job now, late news is ignored.
        for record in self.active():
            self._end(
                record, JobState.CANCELLED, translate("Jobs", "Cancelled when the window closed.")
            )

    # ------------------------------------------------------------------ internals

    def images_running(self) -> int:
        """The places taken among the images in flight: by the jobs running now and outside."""
        return self.own_images() + self.borrowed()

    def own_images(self) -> int:
        return sum(images_of(r.spec) for r in self.records if r.number in self._running)

    def reconsider(self) -> None:
        """Start the waiting jobs that fit now (places were freed outside the queue)."""
        self._start_next()

    def _fits(self, record: JobRecord) -> bool:
        if len(self._running) >= self.max_running:
            return False
        # One job larger than the limit (the limit lowered meanwhile) runs alone, not never.
        busy = self.images_running()
        return busy == 0 or busy + images_of(record.spec) <= self.images_in_flight

    def _start_next(self) -> None:
        # In order: a large job at the head is not overtaken by small ones behind it forever.
        while self._waiting and self._fits(self._waiting[0]):
            record = self._waiting.pop(0)
            record.state = JobState.RUNNING
            record.started = time.monotonic()
            record.message = translate("Jobs", "Starting…")
            thread = QThread()
            thread.setObjectName(f"edit-job-{record.number}")
            worker = EditWorker(
                record.number, record.spec, self.store, record.cancel_token, self.recorder
            )
            worker.moveToThread(thread)
            thread.started.connect(worker.run)
            worker.progressed.connect(self._on_progress, QUEUED)
            worker.saved.connect(self._on_saved, QUEUED)
            worker.succeeded.connect(self._on_succeeded, QUEUED)
            worker.failed.connect(self._on_failed, QUEUED)
            worker.cancelled.connect(self._on_cancelled, QUEUED)
            thread.finished.connect(self._on_thread_finished, QUEUED)
            self._running[record.number] = (thread, worker)
            self._threads.append((thread, worker))
            self.changed.emit(record)
            thread.start()
        self._say_why_waiting()

    def _say_why_waiting(self) -> None:
        busy = self.images_running()
        for record in self._waiting:
            if busy + images_of(record.spec) > self.images_in_flight:
                message = translate(
                    "Jobs",
                    "Waiting: {busy} images are in progress and Ideogram allows {limit} at once.",
                ).format(busy=busy, limit=self.images_in_flight)
            else:
                message = translate("Jobs", "Waiting for a free slot…")
            if message != record.message:
                record.message = message
                self.changed.emit(record)

    @Slot(int, str)
    def _on_progress(self, number: int, message: str) -> None:
        record = self.record(number)
        if (
            record
            and record.state is JobState.RUNNING
            and not record.cancel_token.cancelled
            and not record.kept_for_saving  # the note on what happens to the images stays
        ):
            record.message = message
            self.changed.emit(record)

    @Slot(int, object, object)
    def _on_saved(self, number: int, item: ResultItem, small: np.ndarray) -> None:
        record = self.record(number)
        if record is None:
            return
        record.items.append(item)
        self.item_saved.emit(record, item, small)

    @Slot(int, object, object)
    def _on_succeeded(self, number: int, job: Job, outcome: EditOutcome) -> None:
        record = self.record(number)
        if record is None:
            return
        record.job, record.outcome = job, outcome
        saved = {id(item) for item in record.items}
        record.items.extend(item for item in outcome.items if id(item) not in saved)
        self._conclude(record, conclude(outcome))

    @Slot(int, object)
    def _on_failed(self, number: int, verdict: Verdict) -> None:
        record = self.record(number)
        if record is not None:
            self._conclude(record, verdict)

    @Slot(int)
    def _on_cancelled(self, number: int) -> None:
        record = self.record(number)
        if record is not None:
            verdict = conclude(
                cancelled=True,
                saved_before=len(record.items),
                discarded=record.kept_for_saving,
                abandoned=record.cancel_token.abandoned,
            )
            self._conclude(record, verdict)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        self._threads = [pair for pair in self._threads if pair[0] is not thread]

    def _conclude(self, record: JobRecord, verdict: Verdict) -> None:
        if verdict.error_kind is not None:
            record.error_kind = verdict.error_kind
        self._end(record, _STATES[verdict.state], verdict.message)

    def _end(self, record: JobRecord, state: JobState, message: str) -> None:
        record.state, record.message = state, message
        record.finished = time.monotonic()
        running = self._running.pop(record.number, None)
        if running is not None:
            running[0].quit()
        self.changed.emit(record)
        self.ended.emit(record)
        self._start_next()
        if not self.active():
            self.idle.emit()
