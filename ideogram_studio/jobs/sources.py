"""The history's copies of the photos its jobs edited (for Restore and Fetch again), one per
photo by its hash, written on a thread of their own: a mixin of JobArchive (archive.py)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from ideogram_studio.core.files import private_folder, write_atomic
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.photo import encode_copy

log = logging.getLogger("ideogram_studio.jobs.archive")


# Formats every install reads back (HEIC needs an optional plugin; a PNG carries no note).
OWN_FILE_SUFFIXES = (".jpg", ".jpeg", ".webp", ".tif", ".tiff")


class SourcesMixin:
    """Source copies of JobArchive, which sets `sources`, `_copies` and `_copies_lock`."""

    sources: Path
    _copies: dict[str, threading.Thread]
    _copies_lock: threading.Lock

    def _keep_source(
        self, sha256: str, image: np.ndarray, info: PhotoInfo, origin: Path | None = None
    ) -> Path:
        """Copy the job's photo once, on a thread of its own: the request goes out meanwhile.
        A JPEG, WebP or TIFF read unchanged from `origin` (a batch's photo) is kept as its own
        file's bytes; anything else is encoded as PNG with a note of its source format."""
        target = self._source_file(sha256)
        with self._copies_lock:
            if target.exists() or sha256 in self._copies:
                return target
            kept_as_is = origin is not None and origin.suffix.lower() in OWN_FILE_SUFFIXES
            file = origin if kept_as_is else None
            private_folder(self.sources)  # a folder that cannot be made is said at once
            # Not a daemon (a thread started from a QThread would be one): the interpreter
            # waits for the copy at exit, so a quit right after Generate still keeps it.
            thread = threading.Thread(
                target=self._write_source,
                args=(sha256, target, image, info, file),
                name="history-source",
                daemon=False,
            )
            self._copies[sha256] = thread
            thread.start()
        return target

    def _write_source(
        self, sha256: str, target: Path, image: np.ndarray, info: PhotoInfo, file: Path | None
    ) -> None:
        try:
            # A copied file is opened by its content (read_copy), whatever its name says.
            data = file.read_bytes() if file is not None else encode_copy(image, info)
            write_atomic(target, data, private=True)
        except Exception:  # the job and its results stand; only Restore and Fetch again lack it
            log.warning("the history could not keep a copy of the photo", exc_info=True)
        finally:
            with self._copies_lock:
                self._copies.pop(sha256, None)

    def wait_for_source(self, sha256: str, timeout: float = 60.0) -> None:
        """Until the copy of this photo is on disk (or failed)."""
        with self._copies_lock:
            thread = self._copies.get(sha256)
        if thread is not None:
            thread.join(timeout)

    def source_path(self, sha256: str) -> Path:
        """The copy of a job's photo, once it is written (a job just started may be writing it)."""
        self.wait_for_source(sha256)
        return self._source_file(sha256)

    def _source_file(self, sha256: str) -> Path:
        return self.sources / f"{sha256}.png"
