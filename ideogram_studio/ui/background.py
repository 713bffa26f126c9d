"""Work that would stall the window (decoding 24-megapixel results, comparing them pixel by
pixel) runs on a worker thread; its result comes back on the GUI thread through a queued signal.

One `BackgroundTask` serves one view: starting a new piece of work supersedes the previous one,
whose result is then dropped (the user has asked for something else), and the work itself can
ask `still_wanted()` between steps to stop early.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

Work = Callable[[Callable[[], bool]], Any]  # receives still_wanted()


BACKGROUND_NICENESS = 10  # Linux: about a tenth of the GUI thread's share of a busy CPU


def lower_thread_priority() -> None:
    """Lower the calling thread's scheduling priority (call it first thing in a worker).

    The compare views read results two at a time: on a two-core machine the GUI thread then
    waits its turn for 50 to 70 ms; with the readers at a lower priority, 20 to 45 ms. Not used
    for a job's single worker thread: there, measured, stalls grew (that thread holds the GIL
    between its C calls, and being scheduled later keeps the window waiting for the GIL).
    """
    if sys.platform.startswith("linux") and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # never worth failing over
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


def user_message(error: Exception) -> str:
    """The sentence for the user: ours as written, anything unexpected in one plain line."""
    if isinstance(error, StudioError):
        return error.message
    return translate("Background", "The image could not be shown ({error}).").format(error=error)


class Superseded(Exception):
    """Raised by work that noticed it is no longer wanted."""


class BackgroundTask(QObject):
    _finished = Signal(int, object)  # ticket, Future

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=name, initializer=lower_thread_priority
        )
        self._ticket = 0
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._handlers)

    def start(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run `work(still_wanted)` off the GUI thread; then `on_done(result)` or
        `on_error(exception)` on it, unless something newer was started meanwhile."""
        self.cancel()
        ticket = self._ticket
        self._handlers[ticket] = (on_done, on_error)
        future = self._executor.submit(work, lambda: ticket == self._ticket)
        future.add_done_callback(lambda done: self._finished.emit(ticket, done))

    def cancel(self) -> None:
        """Forget whatever runs now: its result will not be delivered."""
        self._ticket += 1
        self._handlers.clear()

    def shutdown(self) -> None:
        self.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _deliver(self, ticket: int, future: Future) -> None:
        handlers = self._handlers.pop(ticket, None)
        if handlers is None or ticket != self._ticket:
            return
        on_done, on_error = handlers
        error = future.exception()
        if isinstance(error, Superseded):
            return
        if error is not None:
            on_error(error if isinstance(error, Exception) else RuntimeError(str(error)))
        else:
            on_done(future.result())
