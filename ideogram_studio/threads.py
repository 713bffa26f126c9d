"""Background threads yield the CPU to the window's thread.

The machines this runs on may have two cores; a decoder, an encoder and a job's worker all
running at once would otherwise keep the GUI thread waiting for its turn for tens of
milliseconds, which shows as a stutter while painting. On Linux the niceness of a single thread
can be raised; elsewhere this does nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading

BACKGROUND_NICENESS = 10  # about a tenth of the GUI thread's share of a busy CPU


def lower_thread_priority() -> None:
    """Lower the calling thread's scheduling priority (call it first thing in a worker)."""
    if sys.platform.startswith("linux") and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # never worth failing over
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
