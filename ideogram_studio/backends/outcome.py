"""What an edit gives back, and how it fails: shared by every backend, the CLI and the window."""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ideogram_studio.backends.request import EditRequest, Upload
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate


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
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.server_error = server_error
        self.reject_reason = reject_reason


class Cancelled(StudioError):
    def __init__(self) -> None:
        super().__init__(translate("Jobs", "The edit was cancelled."))


class CancelToken:
    """Set from any thread; the running edit stops at its next check (well within a second)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

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
    FAILED = "failed"  # the download failed


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


@dataclass
class EditOutcome:
    backend: str
    endpoint: str
    items: list[ResultItem] = field(default_factory=list)
    created: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def saved(self) -> list[ResultItem]:
        return [item for item in self.items if item.path is not None]


Progress = Callable[[str], None]
OnItem = Callable[[ResultItem], None]


class Backend(Protocol):
    name: str
    endpoint: str

    def edit(
        self,
        request: EditRequest,
        upload: Upload,
        *,
        cancel: CancelToken,
        progress: Progress,
        on_item: OnItem,
    ) -> EditOutcome:
        """Run the edit; call on_item for each result as soon as it is available."""
        ...
