"""An exception escaping a Qt slot must not vanish into a console the user does not have (the
Windows and macOS builds have none) nor take the app down: it goes to the log with its
traceback, and the window says so in one sentence. The user's work stays as it is."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from ideogram_studio.i18n import translate

log = logging.getLogger("ideogram_studio")


def install(show: Callable[[str], None]) -> None:
    """Route uncaught exceptions (Qt calls sys.excepthook for those raised in slots) to the
    log and to `show`, which puts one sentence in front of the user."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        try:
            show(
                translate(
                    "MainWindow",
                    "Something went wrong inside Ideogram Studio; your work is kept. The details "
                    "are in the log (Help ▸ Open the log).",
                )
            )
        except Exception:  # the window may be gone: the log has it
            log.exception("could not show the error")

    sys.excepthook = hook
