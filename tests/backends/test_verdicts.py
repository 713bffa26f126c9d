"""One place decides how a job ends: its state, its sentence, the history's record and the
command line's exit code and last line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ideogram_studio.backends.outcome import (
    Cancelled,
    EditError,
    EditOutcome,
    ErrorKind,
    Final,
    ItemStatus,
    ResultItem,
    conclude,
)
from ideogram_studio.backends.request import RequestError
from ideogram_studio.errors import redact

WITHHELD = "Withheld by Ideogram's safety filter (still billed)."


def outcome_of(*statuses: str) -> EditOutcome:
    outcome = EditOutcome("ideogram", "https://api.ideogram.ai/edit")
    for index, status in enumerate(statuses):
        item = ResultItem(index, ItemStatus(status))
        if status == "ready":
            item.path = Path(f"result-{index}.png")
        elif status == "withheld":
            item.error = WITHHELD
        else:
            item.error = "The connection broke while downloading the result."
        outcome.items.append(item)
    return outcome


@pytest.mark.parametrize(
    ("statuses", "state", "message"),
    [
        (("ready",), Final.SAVED, "1 image saved."),
        (("ready", "ready"), Final.SAVED, "2 images saved."),
        (("ready", "withheld"), Final.SAVED, "1 saved, 1 not available."),
        (("ready", "ready", "failed"), Final.PARTLY_SAVED, "2 saved, 1 not available."),
    ],
)
def test_saved_images_end_the_job_done(statuses: tuple, state: Final, message: str) -> None:
    """Withheld images were the filter's decision; a failed one can be fetched again, so its
    job is 'partly saved' in the history."""
    verdict = conclude(outcome_of(*statuses))
    assert (verdict.state, verdict.message, verdict.exit_code) == (state, message, 0)
    assert verdict.state.history == ("partly saved" if "failed" in statuses else "done")
    assert verdict.error_kind is None and verdict.recorded_error is None
    assert verdict.final_line is None  # the command line has printed the paths already


def test_nothing_saved_fails_with_the_reasons_and_exit_5() -> None:
    withheld = conclude(outcome_of("withheld", "withheld"))
    assert withheld.state is Final.WITHHELD and withheld.exit_code == 5
    assert withheld.message == f"No image could be saved from this edit. {WITHHELD}"
    assert withheld.recorded_error == "No image could be saved from this edit."
    assert withheld.final_line == "No image could be saved from this edit."
    assert (withheld.state.history, withheld.error_kind) == ("failed", ErrorKind.NETWORK)

    mixed = conclude(outcome_of("withheld", "failed"))
    assert mixed.state is Final.FAILED and mixed.exit_code == 5
    assert mixed.message == (
        "No image could be saved from this edit. "
        f"The connection broke while downloading the result. {WITHHELD}"
    )
    assert conclude(outcome_of()).message == "No image could be saved from this edit."


@pytest.mark.parametrize(
    ("error", "code", "kind"),
    [
        (EditError("Ideogram refused the request as invalid.", ErrorKind.REFUSED), 3, "refused"),
        (EditError("Ideogram is temporarily unavailable."), 4, "network"),
        (RequestError("Write a prompt that describes the change."), 2, "input"),
    ],
)
def test_errors_keep_their_sentence_and_pick_the_exit_code(
    error: Exception, code: int, kind: str
) -> None:
    verdict = conclude(error=error)
    assert verdict.state is Final.FAILED and verdict.state.history == "failed"
    assert verdict.message == verdict.recorded_error == verdict.final_line == str(error)
    assert (verdict.exit_code, verdict.error_kind) == (code, ErrorKind(kind))


def test_cancelling_counts_what_was_saved_before() -> None:
    assert conclude(cancelled=True).message == "Cancelled."
    assert (
        conclude(cancelled=True, saved_before=1).message == "Cancelled. 1 image saved before that."
    )
    verdict = conclude(cancelled=True, saved_before=3)
    assert verdict.message == "Cancelled. 3 images saved before that."
    assert (verdict.state, verdict.exit_code) == (Final.CANCELLED, 130)
    assert verdict.state.history == "cancelled"
    assert verdict.final_line == "Cancelled; nothing more was saved."
    # Raised while running: the history keeps the token's sentence; Ctrl+C has none.
    assert conclude(error=Cancelled()).recorded_error == "The edit was cancelled."
    interrupted = conclude(error=KeyboardInterrupt())
    assert interrupted.state is Final.CANCELLED and interrupted.recorded_error is None


def test_a_bug_ends_the_job_without_showing_the_key() -> None:
    verdict = conclude(error=ValueError("bad header sk-123 sent"), api_key="sk-123")
    assert verdict.message == "The edit failed unexpectedly (bad header [key] sent)."
    assert (verdict.state, verdict.error_kind, verdict.recorded_error) == (
        Final.FAILED,
        ErrorKind.NETWORK,
        None,
    )


def test_redact_hides_every_copy_and_leaves_text_alone_without_a_key() -> None:
    assert redact("key=abc, again abc", "abc") == "key=•••, again •••"
    assert redact("key=abc", "abc", "[key]") == "key=[key]"
    assert redact("nothing to hide", None) == "nothing to hide"
    assert redact("nothing to hide", "") == "nothing to hide"


def test_a_failed_image_with_its_link_points_to_fetch_again() -> None:
    outcome = outcome_of("ready", "failed")
    outcome.items[1].url = "https://ideogram.example/r/1.png?exp=1900000000&sig=s"
    verdict = conclude(outcome)
    assert verdict.state is Final.PARTLY_SAVED and verdict.state.history == "partly saved"
    assert verdict.message == (
        "1 saved, 1 not available. History ▸ Fetch again can still save the others."
    )


def test_a_network_error_no_layer_caught_is_a_fixed_sentence() -> None:
    import requests

    error = requests.exceptions.ChunkedEncodingError(
        "HTTPSConnectionPool(host='api.ideogram.ai'): Connection broken: IncompleteRead"
    )
    verdict = conclude(error=error, api_key="sk-1")
    assert verdict.exit_code == 4 and verdict.state is Final.FAILED
    assert verdict.message.startswith("The connection failed in a way Ideogram Studio did not")
    assert "HTTPSConnectionPool" not in verdict.message and "IncompleteRead" not in verdict.message
