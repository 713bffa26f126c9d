"""Suggest prompts in the background: Describe runs in a worker object on its own QThread and
its answer comes back to the GUI thread through a queued signal. It is no job of the queue:
nothing is saved and it takes no place among the images in flight.

A newer request supersedes an older one (its answer is dropped); the window cancels what runs
when it closes.
"""

from __future__ import annotations

import logging

import requests
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ideogram_studio.backends.describe import describe_request
from ideogram_studio.backends.outcome import Cancelled, CancelToken, conclude
from ideogram_studio.backends.providers import Provider
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

QUEUED = Qt.ConnectionType.QueuedConnection
log = logging.getLogger(__name__)


class DescribeWorker(QObject):
    """Runs one Describe on a worker thread; talks only through signals."""

    progressed = Signal(int, str)  # request number, sentence
    finished = Signal(int, object, str)  # request number, list[str] or None, failure sentence

    def __init__(
        self,
        number: int,
        request: EditRequest,
        provider: Provider,
        api_key: str | None,
        cancel: CancelToken,
    ) -> None:
        super().__init__()
        self.number = number
        self._request, self._provider, self._key, self._cancel = request, provider, api_key, cancel

    @Slot()
    def run(self) -> None:
        number = self.number
        try:
            texts, _region = describe_request(
                self._request,
                self._provider,
                self._key,
                cancel=self._cancel,
                progress=lambda message: self.progressed.emit(number, message),
            )
        except Cancelled:
            self.finished.emit(number, None, "")
        except StudioError as error:
            self.finished.emit(number, None, error.message)
        except requests.RequestException as error:
            self.finished.emit(number, None, conclude(error=error).message)
        except Exception:  # a bug: one sentence here, the traceback in the log
            log.exception("describing failed")
            said = translate("Describe", "Suggest prompts failed unexpectedly; see the log.")
            self.finished.emit(number, None, said)
        else:
            self.finished.emit(number, texts, "")


class Describer(QObject):
    """One Describe at a time for the window: start it, hear its answer, cancel it."""

    progressed = Signal(str)
    described = Signal(object)  # list[str]: the suggested prompts
    failed = Signal(str)  # one sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._number = 0
        self._cancel: CancelToken | None = None
        # Every thread not yet finished, with its worker: dropped only once it has finished.
        self._threads: list[tuple[QThread, DescribeWorker]] = []

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def start(self, request: EditRequest, provider: Provider, api_key: str | None) -> None:
        """Describe on a thread of its own; a request still running is cancelled."""
        self.cancel()
        self._number += 1
        cancel = self._cancel = CancelToken()
        thread = QThread()
        thread.setObjectName(f"describe-{self._number}")
        worker = DescribeWorker(self._number, request, provider, api_key, cancel)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress, QUEUED)
        worker.finished.connect(self._on_finished, QUEUED)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished, QUEUED)
        self._threads.append((thread, worker))
        thread.start()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self._cancel = None

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """The window closes: cancel what runs and wait for its thread."""
        self.cancel()
        for thread, _worker in list(self._threads):
            thread.quit()
            thread.wait(timeout_ms)

    @Slot(int, str)
    def _on_progress(self, number: int, message: str) -> None:
        if number == self._number and self._cancel is not None:
            self.progressed.emit(message)

    @Slot(int, object, str)
    def _on_finished(self, number: int, texts: object, message: str) -> None:
        if number != self._number or self._cancel is None:
            return  # superseded or cancelled: its answer is no longer wanted
        self._cancel = None
        if texts:
            self.described.emit(texts)
        elif message:
            self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        self._threads = [pair for pair in self._threads if pair[0] is not thread]
