"""An exception out of a slot goes to the log with its traceback and to one sentence."""

from __future__ import annotations

import logging
import sys

from ideogram_studio.ui import crash_guard


def test_an_uncaught_error_is_logged_and_shown_in_one_sentence(monkeypatch, caplog) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    shown: list[str] = []
    crash_guard.install(shown.append)
    try:
        raise ValueError("a bug deep in a slot")
    except ValueError as error:
        with caplog.at_level(logging.ERROR, logger="ideogram_studio"):
            sys.excepthook(type(error), error, error.__traceback__)
    assert shown == [
        "Something went wrong inside Ideogram Studio; your work is kept. The details are in "
        "the log (Help ▸ Open the log)."
    ]
    [record] = [r for r in caplog.records if r.name == "ideogram_studio"]
    assert record.exc_info and "a bug deep in a slot" in caplog.text


def test_a_window_that_is_gone_does_not_turn_one_error_into_two(monkeypatch, caplog) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def gone(_message: str) -> None:
        raise RuntimeError("Internal C++ object already deleted.")

    crash_guard.install(gone)
    with caplog.at_level(logging.ERROR, logger="ideogram_studio"):
        error = KeyError("x")
        sys.excepthook(KeyError, error, None)  # must not raise
    assert "could not show the error" in caplog.text
