"""Reading an HTTP answer within limits: cancellable, capped in bytes, and ended by an overall
deadline (a read timeout alone restarts with every byte, so a trickling server could hold a
request for ever)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from ideogram_studio import __version__
from ideogram_studio.backends.outcome import CancelToken

T = TypeVar("T")

MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 150.0  # edits are synchronous; open-source clients wait 120 s
    download_read: float = 60.0
    total: float = 180.0  # the whole POST, its answer included
    download_total: float = 120.0  # one download, redirects and body included


class TooSlow(Exception):
    """The overall deadline passed."""


class TooLarge(Exception):
    """More bytes came than the cap allows."""


def open_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = f"ideogram-studio/{__version__}"
    session.max_redirects = MAX_REDIRECTS
    return session


def read_body(
    response: requests.Response, limit: int, deadline: float, cancel: CancelToken
) -> bytes:
    """The whole body of a streamed response, or TooLarge / TooSlow / urllib3's errors for a
    body cut off. read1 returns whatever has arrived, so the deadline is checked at least once
    per read timeout, however slowly the bytes come."""
    chunks: list[bytes] = []
    total = 0
    raw = response.raw
    while True:
        cancel.raise_if_cancelled()
        if time.monotonic() > deadline:
            raise TooSlow()
        chunk = raw.read1(256 * 1024, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise TooLarge()
        chunks.append(chunk)


def cancellable(call: Callable[[], T], cancel: CancelToken, deadline: float | None = None) -> T:
    """Run a blocking call on a helper thread so that cancelling returns within 0.1 s, and
    so does a deadline passing (TooSlow).

    requests cannot be interrupted mid-read; the abandoned call ends with its own timeout or
    deadline check and its answer is dropped, so nothing of a cancelled edit is saved.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            box["error"] = error
        finally:
            done.set()

    threading.Thread(target=run, name="ideogram-request", daemon=True).start()
    while not done.wait(0.1):
        cancel.raise_if_cancelled()
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow()
    if "error" in box:
        raise box["error"]
    return box["value"]


def size_text(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"
