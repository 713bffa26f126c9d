"""Batches: one edit over many photos. What goes in (files and folders), which mask each photo
gets (one for all, scaled to each; or one per photo found by name), and the values a batch
reports as it runs. The run itself, with its ledger and the history, is jobs/batch_run.py.

A folder gives its supported photos, not those of its subfolders; mask files (`*.mask.png`)
and the output folder's files are never photos of the batch.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ideogram_studio.backends.options import EditOptions
from ideogram_studio.backends.prices import Estimate, about, usd
from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.region import DEFAULT_FEATHER, region_by_default
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

# What a folder's photos are known by: the formats read_photo opens.
PHOTO_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".webp",
    ".bmp",
    ".tif",
    ".tiff",
    ".gif",
    ".heic",
    ".heif",
)
MASK_SUFFIX = ".mask.png"
# One mask for all photos is scaled to each. Scaling stretches it; a stretch past 3 % (the
# mask's width-to-height ratio against the photo's) would move the edit off what was
# masked: 4:3 against 3:2 (12 %) is refused, a camera's 6000 x 4000 against a 5990 x 4000
# crop (0.2 %) is scaled.
ASPECT_TOLERANCE = 0.03
# Photos loaded at once (each is decoded, sent, composited and saved by one thread): the
# next is read while one is at the server, and memory stays a few photos whatever the batch.
PHOTOS_AT_ONCE = 3


class BatchError(StudioError):
    """What stops one photo of a batch (the others go on), or a whole batch before it runs."""


# ------------------------------------------------------------------ inputs


def collect_photos(inputs: Sequence[Path], out: Path | None = None) -> list[Path]:
    """The photos of the inputs, absolute, each once, in the order given (a folder's sorted by
    name). Raises BatchError for an input that is neither a file nor a folder."""
    skip = out.resolve() if out is not None else None
    photos: list[Path] = []
    seen: set[Path] = set()
    for given in inputs:
        path = given.expanduser().resolve()
        if path.is_dir():
            if skip is not None and path == skip:
                continue
            found = sorted(
                (child for child in path.iterdir() if child.is_file() and is_photo_name(child)),
                key=lambda child: child.name.lower(),
            )
        elif path.is_file():
            found = [path]
        else:
            raise BatchError(
                translate("Batch", "{path} is neither a photo nor a folder.").format(path=given)
            )
        for photo in found:
            if photo not in seen and not (skip is not None and photo.parent == skip):
                seen.add(photo)
                photos.append(photo)
    return photos


def is_photo_name(path: Path) -> bool:
    """A supported photo by its name, and not a mask file of one."""
    name = path.name.lower()
    return name.endswith(PHOTO_SUFFIXES) and not name.endswith(MASK_SUFFIX)


# ------------------------------------------------------------------ masks


@dataclass(frozen=True)
class MaskSource:
    """Where each photo's mask comes from: `one` file scaled to every photo (the window
    writes the painted mask to a file in the output folder); masks `beside` the photos
    (photo.jpg + photo.mask.png); or a `folder` holding photo.png or photo.mask.png."""

    kind: str  # "one", "beside" or "folder"
    path: Path | None = None  # the mask file ("one") or the mask folder ("folder")
    white_is_edit: bool = False  # the files mark the edit in white (--invert-mask)

    def describe(self) -> dict[str, Any]:
        """As the history's group and the ledger keep it."""
        described: dict[str, Any] = {"kind": self.kind, "white_is_edit": self.white_is_edit}
        if self.path is not None:
            described["path"] = str(self.path)
        return described

    @classmethod
    def from_description(cls, value: dict[str, Any]) -> MaskSource:
        path = value.get("path")
        return cls(
            str(value.get("kind") or "beside"),
            Path(path) if path else None,
            bool(value.get("white_is_edit")),
        )

    def file_for(self, photo: Path) -> Path:
        """The mask file of `photo` (which may not exist)."""
        if self.kind == "one":
            assert self.path is not None
            return self.path
        if self.kind == "beside":
            return photo.with_name(photo.stem + MASK_SUFFIX)
        assert self.path is not None
        for name in (photo.stem + MASK_SUFFIX, photo.stem + ".png"):
            candidate = self.path / name
            if candidate.is_file():
                return candidate
        return self.path / (photo.stem + MASK_SUFFIX)

    def mask_for(self, photo: Path, width: int, height: int) -> np.ndarray:
        """The engine mask (255 = edit) for a photo of this size. Raises BatchError with one
        sentence: no mask by that name, or one mask whose shape is too far from the photo's."""
        file = self.file_for(photo)
        if self.kind == "one":
            check_aspect(photo, (width, height), mask_size(file))
        elif not file.is_file():
            if self.kind == "beside":
                missing = translate("Batch", "{photo} has no mask: {mask} was not found beside it.")
            else:
                missing = translate(
                    "Batch", "{photo} has no mask: {mask} was not found in {folder}."
                )
            raise BatchError(missing.format(photo=photo.name, mask=file.name, folder=self.path))
        if self.kind == "one":  # read once for every photo of a size, not once per photo
            stamp = file.stat().st_mtime_ns
            return _shared_mask(file, stamp, width, height, self.white_is_edit)
        return read_mask(file, width, height, white_is_edit=self.white_is_edit)


@functools.lru_cache(maxsize=2)
def _shared_mask(file: Path, stamp: int, width: int, height: int, white: bool) -> np.ndarray:
    mask = read_mask(file, width, height, white_is_edit=white)
    mask.flags.writeable = False  # shared by the photos' requests
    return mask


def mask_size(path: Path) -> tuple[int, int]:
    """A mask file's width and height, read from its header (BatchError if unreadable)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError) as error:
        raise BatchError(
            translate("Batch", "The mask {mask} cannot be read as an image.").format(mask=path.name)
        ) from error


def check_aspect(photo: Path, size: tuple[int, int], mask: tuple[int, int]) -> None:
    """Refuse a photo whose shape differs from the mask's by more than ASPECT_TOLERANCE."""
    photo_ratio, mask_ratio = size[0] / size[1], mask[0] / mask[1]
    if abs(math.log(photo_ratio / mask_ratio)) > math.log1p(ASPECT_TOLERANCE):
        raise BatchError(
            translate(
                "Batch",
                "{photo} is {width} × {height} and the mask {mask_width} × {mask_height}: their "
                "shapes differ too much to scale the mask onto it; give it a mask of its own.",
            ).format(
                photo=photo.name,
                width=size[0],
                height=size[1],
                mask_width=mask[0],
                mask_height=mask[1],
            )
        )


# ------------------------------------------------------------------ what a batch is


@dataclass(frozen=True)
class BatchSpec:
    """What the user asked for: the photos, their masks, the edit, where the results go.
    `options_for(width, height)` gives a photo's options (its region choice: a region edit
    by default over a megapixel); `region` names that choice for the history and the ledger."""

    photos: tuple[Path, ...]
    inputs: tuple[str, ...]
    mask: MaskSource
    options: EditOptions
    out: Path
    options_for: Callable[[int, int], EditOptions] = field(compare=False, repr=False)
    region: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """The same edit of the same masks into the same folder: a re-run of this batch (its
        ledger). The photo list is left out, so photos added to a folder join the batch."""
        names = {
            "options": self.options.to_names(),
            "region": self.region,
            "mask": self.mask.describe(),
            "out": str(self.out.resolve()),
        }
        text = json.dumps(names, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def describe(self) -> dict[str, Any]:
        """The history group's spec: enough to resume the batch from History."""
        return {
            "inputs": list(self.inputs),
            "photos": [str(photo) for photo in self.photos],
            "mask": self.mask.describe(),
            "options": self.options.to_names(),
            "region": self.region,
            "out": str(self.out.resolve()),
        }

    def title(self) -> str:
        count = len(self.photos)
        photos = (
            translate("Batch", "1 photo")
            if count == 1
            else (translate("Batch", "{count} photos").format(count=count))
        )
        return f"{photos} · {self.options.prompt}"


def region_choice(
    edit_region: bool | None, margin: int | None, feather: int, upscale_region: bool
) -> dict[str, Any]:
    """A batch's region choice as its spec keeps it (edit_region None: by the photo's size)."""
    return {
        "edit_region": edit_region,
        "margin": margin,
        "feather": feather,
        "upscale_region": upscale_region,
    }


def options_per_photo(
    options: EditOptions, region: dict[str, Any]
) -> Callable[[int, int], EditOptions]:
    """A photo's options: `options` with the region choice for its size (a region edit by
    default over one megapixel), as `edit` decides it for one photo."""

    def for_photo(width: int, height: int) -> EditOptions:
        chosen = region.get("edit_region")
        return dataclasses.replace(
            options,
            edit_region=region_by_default(width, height) if chosen is None else bool(chosen),
            margin=region.get("margin"),
            feather=int(region.get("feather", DEFAULT_FEATHER)),
            upscale_region=bool(region.get("upscale_region")),
        )

    return for_photo


def spec_from_description(described: dict[str, Any]) -> BatchSpec:
    """The batch a history group (or a ledger) describes, to resume it."""
    options = EditOptions.from_names(described.get("options") or {})
    region = dict(described.get("region") or {})
    return BatchSpec(
        tuple(Path(p) for p in described.get("photos") or []),
        tuple(str(i) for i in described.get("inputs") or []),
        MaskSource.from_description(described.get("mask") or {}),
        options,
        Path(str(described.get("out") or ".")),
        options_per_photo(options, region),
        region,
    )


def batch_estimate(per_photo: Estimate, photos: int) -> Estimate:
    """The price of sending `photos` photos at `per_photo` each."""
    upscales = per_photo.upscales
    return Estimate(
        per_photo.images * photos,
        per_photo.per_image,
        per_photo.free,
        None if upscales is None else Estimate(upscales.images * photos, upscales.per_image),
    )


# ------------------------------------------------------------------ while it runs


@dataclass(frozen=True)
class BatchProgress:
    """Counts, time left and money spent, as the CLI prints them and the window shows them."""

    total: int
    done: int = 0  # saved (this run or before)
    failed: int = 0
    running: int = 0
    spent: float = 0.0  # USD: the estimates of what was sent (this run and before)
    unknown_prices: int = 0  # photos sent whose price is unknown (not in `spent`)
    seconds_left: float | None = None
    paused: bool = False
    stopping: bool = False
    at_server: float = 0.0  # USD: the estimates of the photos at the server now

    @property
    def left(self) -> int:
        return max(0, self.total - self.done - self.failed)

    def text(self) -> str:
        """ "7 of 12 saved, 1 failed, 4 left · about 2 min left · about $0.56 spent" """
        parts = [
            translate("Batch", "{done} of {total} saved, {failed} failed, {left} left").format(
                done=self.done, total=self.total, failed=self.failed, left=self.left
            )
        ]
        # No time left while paused or stopping: the pace of the photos before says nothing.
        pacing = not (self.paused or self.stopping)
        if self.seconds_left is not None and self.left and pacing:
            parts.append(translate("Batch", "{time} left").format(time=duration(self.seconds_left)))
        spent = translate("Batch", "{amount} spent").format(
            amount=about(self.spent) if self.spent else usd(0.0)
        )
        if self.unknown_prices:
            spent += translate("Batch", " (+{count} at unknown prices)").format(
                count=self.unknown_prices
            )
        parts.append(spent)
        if self.at_server:
            parts.append(
                translate("Batch", "{amount} at the server").format(amount=about(self.at_server))
            )
        if self.paused:
            parts.append(translate("Batch", "paused"))
        elif self.stopping:
            parts.append(translate("Batch", "stopping"))
        return " · ".join(parts)


def duration(seconds: float) -> str:
    if seconds < 90:
        return translate("Batch", "about {count} s").format(count=max(1, round(seconds)))
    if seconds < 5400:
        return translate("Batch", "about {count} min").format(count=round(seconds / 60))
    return translate("Batch", "about {count} h").format(count=round(seconds / 3600, 1))


def time_left(started: float, now: float, finished: int, left: int) -> float | None:
    """Seconds left from the pace of the photos finished in this run (None: none yet)."""
    if finished <= 0:
        return None
    return (now - started) / finished * left


class BatchControl:
    """Pause, resume and cancel, set from any thread (the window's buttons, Ctrl+C). A
    cancel starts no new photo; those at the server finish and are saved (they are paid
    for). `abandon` (the app quits, Ctrl+C) stops those too: the ledger resumes them."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._cancelled = threading.Event()
        self.abandoned = False
        self.on_abandon: list[Callable[[], None]] = []

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # a paused batch wakes up to stop

    def abandon(self) -> None:
        self.abandoned = True
        self.cancel()
        for stop in list(self.on_abandon):
            stop()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait_while_paused(self) -> bool:
        """Block while paused; True when the batch may go on, False once cancelled."""
        while not self._running.wait(0.2):
            pass
        return not self.cancelled


class ImageSlots:
    """Places among the images in flight, taken by the batch's photos from their threads; the
    window tells it how many its own job queue holds (`set_outside`), and its queue counts
    `taken` in turn, so both together stay within the limit. Photos get their places in the
    order of their tickets (drawn as they are picked): they are sent in the batch's order."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._taken = 0
        self._outside = 0
        self._tickets = itertools.count()
        self._waiting: list[int] = []  # tickets not yet served, oldest first
        self._condition = threading.Condition()

    @property
    def taken(self) -> int:
        return self._taken

    def set_outside(self, images: int) -> None:
        with self._condition:
            self._outside = images
            self._condition.notify_all()

    def ticket(self) -> int:
        """A place in the line, drawn when a photo is picked (before it is read)."""
        with self._condition:
            number = next(self._tickets)
            self._waiting.append(number)
            return number

    def drop(self, ticket: int) -> None:
        """A photo that will not be sent (it failed, or is fetched) leaves the line."""
        with self._condition:
            if ticket in self._waiting:
                self._waiting.remove(ticket)
            self._condition.notify_all()

    def take(self, images: int, control: BatchControl, ticket: int) -> bool:
        """Wait for `images` places, after the tickets before this one (a job larger than the
        limit runs alone); False, out of the line, when the batch was cancelled meanwhile."""
        with self._condition:
            while True:
                if control.cancelled:
                    if ticket in self._waiting:
                        self._waiting.remove(ticket)
                    self._condition.notify_all()
                    return False
                busy = self._taken + self._outside
                first = self._waiting[0] == ticket if self._waiting else True
                fits = busy == 0 or busy + images <= self.limit
                # A photo read before a pause is not sent during it.
                if first and fits and not control.paused:
                    self._waiting.remove(ticket)
                    self._taken += images
                    self._condition.notify_all()
                    return True
                self._condition.wait(0.2)

    def give(self, images: int) -> None:
        with self._condition:
            self._taken = max(0, self._taken - images)
            self._condition.notify_all()


def photos_at_once(options: EditOptions, limit: int) -> int:
    """How many photos are loaded at once: those that fit in the images in flight and one
    more, read while the others are at the server (it waits for its place), at most a few."""
    return min(PHOTOS_AT_ONCE, max(1, limit // max(1, options.num_images)) + 1)
