"""A batch's ledger: one JSON file in its output folder that makes it resumable. It is written
(atomically) before each photo's request leaves ("sending", with its job key) and after each
photo ends ("saved" with its files, "failed" with its sentence and whether it may have been
billed), so a re-run or a resume after a crash knows what was paid for.

One ledger per batch: the same prompt, options and masks into the same folder is the same
batch (a re-run resumes it); another prompt or other options into that folder is another
batch with a ledger of its own, whose photos are all sent for that edit.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ideogram_studio.core.files import write_atomic

LEDGER_VERSION = 1
SENDING, SAVED, FAILED = "sending", "saved", "failed"


@dataclass
class Entry:
    """One photo's record."""

    state: str
    job: str | None = None  # the job key (as in the result names)
    history_id: int | None = None
    paths: list[str] = field(default_factory=list)
    error: str | None = None
    billed: bool = False  # it may have been billed (a failed photo that is not tried again)
    estimate: float | None = None  # USD, the price estimated before it was sent

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "job": self.job,
            "history_id": self.history_id,
            "paths": self.paths,
            "error": self.error,
            "billed": self.billed,
            "estimate": self.estimate,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Entry:
        return cls(
            state=str(value.get("state") or FAILED),
            job=value.get("job"),
            history_id=value.get("history_id"),
            paths=[str(p) for p in value.get("paths") or []],
            error=value.get("error"),
            billed=bool(value.get("billed")),
            estimate=value.get("estimate"),
        )

    def files_there(self) -> bool:
        return bool(self.paths) and all(Path(path).is_file() for path in self.paths)


class Ledger:
    """The ledger of one batch; every change is written at once. Thread-safe."""

    def __init__(self, file: Path, fingerprint: str, spec: dict[str, Any]) -> None:
        self.file = file
        self.fingerprint = fingerprint
        self.spec = spec
        self.group_id: int | None = None
        self.entries: dict[str, Entry] = {}
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path, fingerprint: str, spec: dict[str, Any]) -> Ledger:
        """The ledger of this batch in `folder` (read back when a run left one)."""
        ledger = cls(folder / ledger_name(fingerprint), fingerprint, spec)
        if ledger.file.is_file():
            try:
                stored = json.loads(ledger.file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}  # unreadable: nothing is known to be sent (the history still is)
            ledger.group_id = stored.get("group_id")
            for photo, value in (stored.get("photos") or {}).items():
                if isinstance(value, dict):
                    ledger.entries[photo] = Entry.from_json(value)
        return ledger

    @property
    def exists(self) -> bool:
        return self.file.is_file()

    def entry(self, photo: Path) -> Entry | None:
        with self._lock:
            return self.entries.get(str(photo))

    def record(self, photo: Path, entry: Entry) -> None:
        """Keep `entry` for `photo` and write the ledger (OSError if it cannot be written)."""
        with self._lock:
            self.entries[str(photo)] = entry
            self._write()

    def forget(self, photo: Path) -> None:
        """`photo` was not sent after all (cancelled before its turn)."""
        with self._lock:
            if self.entries.pop(str(photo), None) is not None:
                self._write()

    def set_group(self, group_id: int | None) -> None:
        with self._lock:
            self.group_id = group_id
            self._write()

    def spent(self, apart: Collection[Path] = ()) -> tuple[float, int, float]:
        """USD estimated for what was sent, how many photos sent had no known price, and
        USD of the photos `apart` (those at the server now, not counted as spent yet)."""
        names = {str(photo) for photo in apart}
        with self._lock:
            sent = [
                (photo in names, e)
                for photo, e in self.entries.items()
                if e.job and (e.state != FAILED or e.billed)
            ]
        known = sum(e.estimate for away, e in sent if not away and e.estimate is not None)
        unknown = sum(1 for away, e in sent if not away and e.estimate is None)
        at_server = sum(e.estimate for away, e in sent if away and e.estimate is not None)
        return round(known, 4), unknown, round(at_server, 4)

    def _write(self) -> None:
        document = {
            "version": LEDGER_VERSION,
            "batch": self.fingerprint,
            "group_id": self.group_id,
            "spec": self.spec,
            "photos": {photo: entry.to_json() for photo, entry in self.entries.items()},
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(document, indent=1, ensure_ascii=False).encode()
        write_atomic(self.file, data)


def ledger_name(fingerprint: str) -> str:
    return f"ideogram-batch-{fingerprint}.json"
