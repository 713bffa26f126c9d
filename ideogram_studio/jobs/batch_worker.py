"""A batch in the window: jobs/batch_run.BatchRun on a QThread of its own, its progress and
each photo's end coming back to the GUI thread through queued signals.

The batch keeps its own engine (the one the CLI runs, with its ledger) rather than feeding
its photos through the JobQueue: the window and `ideogram-studio batch` then run the same
lines. The images in flight are shared through one ImageSlots: the batch takes its places
there, told what the queue holds; the queue counts the places the batch holds (`borrowed`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ideogram_studio.backends.batch import BatchProgress
from ideogram_studio.jobs.batch_run import BatchReport, BatchRun

QUEUED = Qt.ConnectionType.QueuedConnection
log = logging.getLogger(__name__)


class BatchWorker(QObject):
    """Runs one batch on a worker thread; talks only through signals."""

    progressed = Signal(object)  # BatchProgress
    photo_ended = Signal(object)  # PhotoResult
    finished = Signal(object)  # BatchReport
    failed = Signal(str)  # a sentence: the batch could not run at all

    def __init__(self, run: BatchRun) -> None:
        super().__init__()
        self.run_ = run
        run.on_progress = self.progressed.emit
        run.on_photo = self.photo_ended.emit

    @Slot()
    def run(self) -> None:
        try:
            report = self.run_.run()
        except Exception as error:  # a bug must end the batch, not the thread silently
            log.exception("the batch stopped")
            self.failed.emit(str(error))
        else:
            self.finished.emit(report)


class BatchJob(QObject):
    """A batch running in the window: its thread, its controls, its last progress."""

    progressed = Signal(object)  # BatchProgress
    photo_ended = Signal(object)  # PhotoResult
    ended = Signal(object)  # BatchReport, or None when it could not run

    def __init__(self, run: BatchRun, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spec, self.control, self.run = run.spec, run.control, run
        self.progress: BatchProgress = self.run.progress()
        self.report: BatchReport | None = None
        self.error: str | None = None
        self.thread = QThread()
        self.thread.setObjectName("batch")
        self.worker = BatchWorker(self.run)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed, QUEUED)
        self.worker.photo_ended.connect(self.photo_ended, QUEUED)
        self.worker.finished.connect(self._finished, QUEUED)
        self.worker.failed.connect(self._failed, QUEUED)

    def start(self) -> None:
        self.thread.start()

    @property
    def active(self) -> bool:
        return self.thread.isRunning() and self.report is None and self.error is None

    def stop(self, timeout_ms: int = 15000, *, abandon: bool = False) -> None:
        """Wait for the thread (the window closes): a cancel lets the photos at the server
        finish; `abandon` stops them too (the ledger resumes them)."""
        if abandon:
            self.control.abandon()
        else:
            self.control.cancel()
        self.thread.quit()
        if not self.thread.wait(timeout_ms):
            self.control.abandon()
            self.thread.wait(timeout_ms)

    @Slot(object)
    def _progressed(self, progress: BatchProgress) -> None:
        self.progress = progress
        self.progressed.emit(progress)

    @Slot(object)
    def _finished(self, report: BatchReport) -> None:
        self.report = report
        self.progress = self.run.progress()
        self.thread.quit()
        self.ended.emit(report)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.error = message
        self.thread.quit()
        self.ended.emit(None)
