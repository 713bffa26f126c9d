"""The open photo, its mask and the options (prompt included, by name), kept on disk so they
come back after a restart or a crash.

Every file is written through a temporary file and a rename, and session.json (written last)
names the files of one document, so a process killed mid-write leaves the previous, complete
state. Writing happens on a background thread from copies; nothing here imports Qt.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ideogram_studio.core.files import (
    STALE_PARTIAL_SECONDS,
    data_home,
    private_folder,
    remove_stale_partials,
    write_atomic,
)
from ideogram_studio.core.imageio import encode_png, load_image
from ideogram_studio.core.photo import Photo, encode_copy, read_copy
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

# remove_stale_partials moved to core.files (the command line needs it too); kept here for callers.
__all__ = ["STALE_PARTIAL_SECONDS", "Restored", "Session", "remove_stale_partials"]
log = logging.getLogger(__name__)


@dataclass
class Restored:
    photo: Photo  # its own pixels, profile and metadata, as it was open
    mask: np.ndarray | None
    options: dict[str, object]  # EditOptions.to_names(): the prompt and every option
    # Prompt regions, when there were several: every mask and their prompts and names.
    regions: tuple[list[np.ndarray], dict] | None = None

    @property
    def prompt(self) -> str:
        return str(self.options.get("prompt", ""))


class Session:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or (data_home() / "session")
        self.file = self.folder / "session.json"
        self._document = ""
        self._name = ""
        self._options: dict[str, object] = {}
        self._lock = threading.Lock()  # one writer at a time; later states win
        self._image_written = threading.Event()
        self.saves = 0  # masks written, for tests and the status bar
        self._writers: list[threading.Thread] = []
        self.problem: str | None = None  # why the last write failed (a full or read-only disk)

    # ----------------------------------------------------------------- writing

    def new_document(self, photo: Photo, mask: np.ndarray | None = None) -> threading.Thread:
        """Keep a copy of a newly opened photo (its own pixels, profile and metadata), and of
        its mask if it comes with one (kept from before), in the background. The index names
        them only once both are on disk."""
        self._document = secrets.token_hex(4)
        self._name = photo.name
        self._image_written.clear()
        document = self._document
        mask = None if mask is None else mask.copy()
        thread = threading.Thread(
            target=self._write_image,
            args=(document, photo, mask),
            name="session-image",
            daemon=True,
        )
        return self._start(thread)

    def _write_image(self, document: str, photo: Photo, mask: np.ndarray | None) -> None:
        with self._lock:
            if document != self._document:
                return  # another photo was opened meanwhile
            try:
                private_folder(self.folder)
                copy = encode_copy(photo.pixels, photo.info)
                write_atomic(self.folder / f"image-{document}.png", copy, private=True)
                if mask is not None:
                    write_atomic(
                        self.folder / f"mask-{document}.png", encode_png(mask), private=True
                    )
                self._write_index(document, mask=mask is not None)
            except OSError as error:  # the photo stays open; only its restore copy is missing
                self._failed(error)
            finally:
                self._image_written.set()  # a waiting mask write must not hang

    def save_mask(
        self, mask: np.ndarray | None, options: dict[str, object] | None = None
    ) -> threading.Thread:
        """Autosave a copy of the mask (None: it has not changed) and the options, prompt
        included, in the background."""
        if options is not None:
            self._options = dict(options)
        document = self._document
        thread = threading.Thread(
            target=self._write_mask, args=(document, mask), name="session-mask", daemon=True
        )
        return self._start(thread)

    def _start(self, thread: threading.Thread) -> threading.Thread:
        self._writers = [t for t in self._writers if t.is_alive()] + [thread]
        thread.start()
        return thread

    def flush(self, timeout: float = 30.0) -> None:
        """Wait for the writes under way (before the app exits)."""
        for thread in list(self._writers):
            thread.join(timeout)

    def _write_mask(self, document: str, mask: np.ndarray | None) -> None:
        self._image_written.wait(timeout=60)  # the index must name an image that exists
        with self._lock:
            if document != self._document:
                return
            mask_file = self.folder / f"mask-{document}.png"
            try:
                if mask is not None:
                    write_atomic(mask_file, encode_png(mask), private=True)
                self._write_index(document, mask=mask is not None or mask_file.exists())
            except OSError as error:
                self._failed(error)
                return
            self.problem = None
            self.saves += 1

    def _failed(self, error: OSError) -> None:
        self.problem = translate(
            "Jobs", "The open photo could not be autosaved in {folder} ({reason})."
        ).format(folder=self.folder, reason=error.strerror or type(error).__name__)
        log.warning("%s", self.problem)

    def _write_index(self, document: str, *, mask: bool) -> None:
        index = {
            "document": document,
            "name": self._name,
            "image": f"image-{document}.png",
            "mask": f"mask-{document}.png" if mask else None,
            "prompt": str(self._options.get("prompt", "")),  # read by earlier versions
            "options": self._options,
            "saved": time.time(),
        }
        write_atomic(self.file, json.dumps(index, ensure_ascii=False).encode("utf-8"), private=True)
        for old in self.folder.glob("*.png"):  # files of earlier documents
            if document not in old.name:
                old.unlink(missing_ok=True)

    def save_regions(self, masks: list[np.ndarray], facts: dict[str, object]) -> threading.Thread:
        """Autosave the prompt regions (copies of every region's mask, and their prompts,
        names and the active one in `facts`) beside the photo, in the background. No masks:
        the document is back to one mask, and the regions' files go."""
        document = self._document
        thread = threading.Thread(
            target=self._write_regions,
            args=(document, masks, dict(facts)),
            name="session-regions",
            daemon=True,
        )
        return self._start(thread)

    def _write_regions(self, document: str, masks: list[np.ndarray], facts: dict) -> None:
        self._image_written.wait(timeout=60)
        with self._lock:
            if document != self._document:
                return
            try:
                for number, mask in enumerate(masks):
                    name = f"region-{document}-{number}.png"
                    write_atomic(self.folder / name, encode_png(mask), private=True)
                index = {"document": document, "count": len(masks), **facts}
                data = json.dumps(index, ensure_ascii=False).encode("utf-8")
                write_atomic(self.folder / "regions.json", data, private=True)
                for old in self.folder.glob(f"region-{document}-*.png"):  # regions removed
                    if int(old.stem.rsplit("-", 1)[-1]) >= len(masks):
                        old.unlink(missing_ok=True)
            except (OSError, ValueError) as error:
                self._failed(error if isinstance(error, OSError) else OSError(str(error)))

    def restore_regions(self, width: int, height: int) -> tuple[list[np.ndarray], dict] | None:
        """The prompt regions saved with the restored photo: every mask (photo-sized) and the
        facts; None when there are none, they belong to another photo or cannot be read."""
        try:
            index = json.loads((self.folder / "regions.json").read_text(encoding="utf-8"))
            if index.get("document") != self._document or int(index.get("count", 0)) < 2:
                return None
            masks = []
            for number in range(int(index["count"])):
                mask = load_image(self.folder / f"region-{self._document}-{number}.png")[:, :, 0]
                if mask.shape != (height, width):
                    return None
                masks.append(mask)
        except (OSError, ValueError, KeyError, TypeError, StudioError):
            return None
        return masks, index

    # ----------------------------------------------------------------- reading

    def restore(self) -> Restored | None:
        """The last saved state, or None when there is none (or it cannot be read)."""
        try:
            index = json.loads(self.file.read_text(encoding="utf-8"))
            name = str(index.get("name", "")) or translate("Jobs", "Restored photo")
            photo = read_copy(self.folder / index["image"], name)
        except (OSError, ValueError, KeyError, TypeError, StudioError):
            return None
        mask = None
        if index.get("mask"):
            try:
                mask = load_image(self.folder / index["mask"])[:, :, 0]
            except StudioError:
                mask = None
            if mask is not None and mask.shape != (photo.height, photo.width):
                mask = None
        self._document = str(index.get("document", ""))
        self._name = str(index.get("name", ""))
        self._image_written.set()
        options = index.get("options")
        options = dict(options) if isinstance(options, dict) else {}
        options.setdefault("prompt", str(index.get("prompt", "")))
        self._options = options
        return Restored(photo, mask, options, self.restore_regions(photo.width, photo.height))
