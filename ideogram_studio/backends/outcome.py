"""What an edit gives back, how it fails, and how a job ends: shared by every backend, the CLI
and the window. `conclude` is the one place that turns an outcome, an error or a cancel into the
job's final state, its sentence and the command line's exit code."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import requests

from ideogram_studio.backends.request import EditRequest, Upload
from ideogram_studio.errors import StudioError, redact
from ideogram_studio.i18n import translate

if TYPE_CHECKING:
    from ideogram_studio.backends.providers import Provider

# The command line's exit codes (cli.py documents them).
EXIT_OK, EXIT_INPUT, EXIT_REFUSED, EXIT_NETWORK, EXIT_NOTHING_SAVED = 0, 2, 3, 4, 5
EXIT_CANCELLED = 130


class ErrorKind(enum.Enum):
    INPUT = "input"  # nothing was sent: fix the request
    REFUSED = "refused"  # the server said no (4xx): retrying the same will not help
    NETWORK = "network"  # connection, timeout, server failure, unreadable answer


class EditError(StudioError):
    """An edit that failed, with the HTTP details when a server answered."""

    def __init__(
        self,
        message: str,
        kind: ErrorKind = ErrorKind.NETWORK,
        *,
        status: int | None = None,
        server_error: str | None = None,
        reject_reason: str | None = None,
        not_run: bool = False,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.server_error = server_error
        self.reject_reason = reject_reason
        # The request never left, or the server said it did not run it: nothing was billed
        # (billing.may_be_billed; an answer's status says as much on its own).
        self.not_run = not_run


class Cancelled(StudioError):
    def __init__(self) -> None:
        super().__init__(translate("Jobs", "The edit was cancelled."))
        # Images the answer had but that were not fetched yet (their links kept): set by a
        # backend stopped in the middle, recorded in the history to fetch them again.
        self.unsaved: list[ResultItem] = []


class CancelToken:
    """Set from any thread; the running edit stops at its next check (well within a second).

    Once the request may be billed (`mark_billable`, just before it leaves), the window no
    longer cancels on the first click: it keeps waiting to save what was paid for. A job the
    app abandons when it quits is `abandoned`: recorded as interrupted, not cancelled.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._billable = threading.Event()
        self.abandoned = False

    def cancel(self) -> None:
        self._event.set()

    def abandon(self) -> None:
        self.abandoned = True
        self._event.set()

    def mark_billable(self) -> None:
        self._billable.set()

    @property
    def billable(self) -> bool:
        return self._billable.is_set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def sleep(self, seconds: float) -> None:
        """Wait, but wake up at once on cancel."""
        if self._event.wait(seconds):
            raise Cancelled()


class ItemStatus(enum.Enum):
    READY = "ready"  # an image is here
    WITHHELD = "withheld"  # the safety filter kept it back (still billed)
    FAILED = "failed"  # it could not be fetched, read or saved (its URL may still serve it)
    NOT_RETURNED = "not returned"  # the answer's entry was no image at all (junk, malformed)


@dataclass
class ResultItem:
    index: int
    status: ItemStatus
    pixels: np.ndarray | None = None
    data: bytes | None = None  # the file as downloaded, kept byte for byte when it is a PNG
    seed: int | None = None
    prompt: str | None = None  # as returned: MagicPrompt may have rewritten it
    resolution: str | None = None
    style_type: str | None = None
    error: str | None = None
    returned: dict[str, Any] = field(default_factory=dict)  # every field the server sent
    path: Path | None = None  # where it was saved
    # The result's URL as returned (signature included: it is needed to fetch the image again)
    # and when it stops working (ISO 8601, UTC) if the URL says; kept in the history only,
    # never in a saved file's metadata.
    url: str | None = field(default=None, repr=False)
    expires: str | None = None


@dataclass
class EditOutcome:
    backend: str
    endpoint: str
    items: list[ResultItem] = field(default_factory=list)
    created: str | None = None
    notes: list[str] = field(default_factory=list)
    # What went wrong although images were saved (an upscale before blending that failed):
    # said with the job's final sentence, and among the notes.
    warnings: list[str] = field(default_factory=list)

    @property
    def saved(self) -> list[ResultItem]:
        return [item for item in self.items if item.path is not None]


Progress = Callable[[str], None]
OnItem = Callable[[ResultItem], None]
# The answer's images before any is fetched (their links): kept at once, so a process killed
# while downloading still leaves them to fetch again.
OnAnswer = Callable[[list[ResultItem]], None]


class EditApi(Protocol):
    """One API as a module: its id (the key of its provider path), what it uploads, and the
    backend that sends it. apis.py registers each; nothing else needs to know them."""

    id: str

    def prepare(self, request: EditRequest) -> Upload:
        """Encode a validated request as this API wants it (the mask preview shows this too)."""
        ...

    def backend(self, provider: Provider, api_key: str | None) -> Backend: ...


class Backend(Protocol):
    name: str
    endpoint: str
    api: EditApi

    def edit(
        self,
        request: EditRequest,
        upload: Upload,
        *,
        cancel: CancelToken,
        progress: Progress,
        on_item: OnItem,
        on_answer: OnAnswer = lambda items: None,
    ) -> EditOutcome:
        """Run the edit; call on_item for each result as soon as it is available."""
        ...


class Final(enum.Enum):
    """How a job ended."""

    SAVED = "saved"
    PARTLY_SAVED = "partly saved"  # some saved, some failed: those can be fetched again
    WITHHELD = "withheld"  # the edit ran but the safety filter kept back every image
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # abandoned when the app quit: what it had saved is kept

    @property
    def history(self) -> str:
        """The state the history stores (its values predate this enum)."""
        if self is Final.SAVED:
            return "done"
        if self in (Final.PARTLY_SAVED, Final.CANCELLED, Final.INTERRUPTED):
            return self.value
        return "failed"


@dataclass(frozen=True)
class Verdict:
    state: Final
    message: str  # the job card's sentence, in the user's language
    exit_code: int
    error_kind: ErrorKind | None = None
    recorded_error: str | None = None  # what the history stores as the job's error
    final_line: str | None = None  # the command line's last line on stderr; None: say nothing


def conclude(
    outcome: EditOutcome | None = None,
    error: BaseException | None = None,
    *,
    cancelled: bool = False,
    saved_before: int = 0,
    api_key: str | None = None,
    discarded: bool = False,
    abandoned: bool = False,
) -> Verdict:
    """The final state and sentence of a job that ended with `outcome`, `error`, or a cancel
    after `saved_before` images were saved. A bug's text never shows `api_key`."""
    if abandoned:
        return Verdict(
            Final.INTERRUPTED,
            translate("Jobs", "Stopped when the app closed; images saved before are kept."),
            EXIT_CANCELLED,
            final_line="Cancelled; nothing more was saved.",
        )
    if cancelled or isinstance(error, Cancelled | KeyboardInterrupt):
        note = ""
        if saved_before:
            note = (
                translate("Jobs", " {count} images saved before that.")
                if saved_before != 1
                else translate("Jobs", " 1 image saved before that.")
            ).format(count=saved_before)
        said = (
            translate("Jobs", "Discarded: images that come back are not saved.")
            if discarded
            else translate("Jobs", "Cancelled.")
        )
        return Verdict(
            Final.CANCELLED,
            said + note,
            EXIT_CANCELLED,
            recorded_error=error.message if isinstance(error, StudioError) else None,
            final_line="Cancelled; nothing more was saved.",
        )
    if isinstance(error, EditError):
        code = EXIT_REFUSED if error.kind is ErrorKind.REFUSED else EXIT_NETWORK
        return Verdict(Final.FAILED, error.message, code, error.kind, error.message, error.message)
    if isinstance(error, StudioError):
        return Verdict(
            Final.FAILED,
            error.message,
            EXIT_INPUT,
            ErrorKind.INPUT,
            error.message,
            error.message,
        )
    if isinstance(error, requests.RequestException):  # no layer below knew it: no raw text
        message = translate(
            "Ideogram",
            "The connection failed in a way Ideogram Studio did not expect; the edit may have "
            "run and been billed, so it is not sent again. The details are in the log.",
        )
        return Verdict(Final.FAILED, message, EXIT_NETWORK, ErrorKind.NETWORK, None, message)
    if error is not None:  # a bug must end the job with a sentence, never with the key in it
        detail = redact(str(error), api_key, "[key]")
        message = f"The edit failed unexpectedly ({detail})."
        return Verdict(Final.FAILED, message, EXIT_NETWORK, ErrorKind.NETWORK, None, message)
    assert outcome is not None, "conclude() needs an outcome, an error or a cancel"
    count = len(outcome.saved)
    others = len(outcome.items) - count
    if not count:
        failed = translate("Jobs", "No image could be saved from this edit.")
        reasons = {item.error for item in outcome.items if item.error}
        detail = (" " + " ".join(sorted(reasons))) if reasons else ""
        withheld = bool(outcome.items) and all(
            item.status is ItemStatus.WITHHELD for item in outcome.items
        )
        return Verdict(
            Final.WITHHELD if withheld else Final.FAILED,
            failed + detail,
            EXIT_NOTHING_SAVED,
            ErrorKind.NETWORK,
            failed,
            "No image could be saved from this edit.",  # the command line speaks English
        )
    if others:
        message = translate("Jobs", "{count} saved, {missing} not available.")
    elif count != 1:
        message = translate("Jobs", "{count} images saved.")
    else:
        message = translate("Jobs", "1 image saved.")
    # Withheld images were the filter's decision; a failed one is still there to fetch again.
    failed_some = any(item.status is ItemStatus.FAILED for item in outcome.items)
    message = message.format(count=count, missing=others)
    if failed_some and any(item.url for item in outcome.items if item.path is None):
        message += translate("Jobs", " History ▸ Fetch again can still save the others.")
    message = " ".join([message, *outcome.warnings])
    return Verdict(
        Final.PARTLY_SAVED if failed_some else Final.SAVED,
        message,
        EXIT_OK,
    )
