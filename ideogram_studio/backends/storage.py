"""Saving results with their provenance, each the moment it arrives."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ideogram_studio import __version__
from ideogram_studio.backends.outcome import ResultItem
from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.upscale import UpscaleOptions, UpscaleRequest, is_upscale
from ideogram_studio.core.encode import (
    PNG_SIGNATURE,
    add_png_metadata,
    encode_result,
    extension,
    result_format,
)
from ideogram_studio.core.files import write_atomic

PROVENANCE_KEY = "ideogram_studio"


@dataclass
class Job:
    """One edit's (or upscale's) identity and everything its saved files must record."""

    request: EditRequest | UpscaleRequest
    backend: str
    endpoint: str
    sent_size: tuple[int, int]
    notes: list[str] = field(default_factory=list)
    id: str = field(default_factory=lambda: secrets.token_hex(4))
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    source_sha256: str = ""
    mask_path: Path | None = None
    region: dict[str, Any] | None = None  # crop, sent size, margin, feather of a region edit
    number: int | None = None  # the number the window shows (the history's row id, if free)
    estimate: float | None = None  # USD, the price estimated before sending; None: unknown
    parent_result: int | None = None  # the history's result row an upscale started from
    billed: bool | None = None  # whether it may have been billed (billing.py); None: not ended
    group_id: int | None = None  # the history's group (a sweep, a batch, regions), if any
    group_place: dict[str, Any] | None = None  # its place in the group (a cell, a photo)
    # A composite of prompt regions: each region's prompt, seed and mask file (prompt_regions)
    regions: list[dict[str, Any]] | None = None

    @property
    def stem(self) -> str:
        # Local time in the name so files sort by when they were made; the id keeps jobs apart.
        local = self.started.astimezone()
        return f"{local:%Y%m%d-%H%M%S}-{local.microsecond // 1000:03d}-{self.id}"


@dataclass(frozen=True)
class SaveChoice:
    """How results are written: the format ("auto": the photo's own family) and whether
    location data is removed from the metadata carried over from the photo."""

    format: str = "auto"
    strip_location: bool = False


class ResultStore:
    """Writes each result the moment it arrives: temporary file, then rename."""

    def __init__(self, folder: Path, saving: SaveChoice | None = None) -> None:
        self.folder = folder
        self.saving = saving or SaveChoice()  # replaced whole when Settings change
        self._saved: dict[str, int] = {}  # images saved per job id

    def save_mask(self, job: Job, mask_png: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        job.mask_path = self._write(f"{job.stem}-mask.png", mask_png)
        return job.mask_path

    def save_item(self, job: Job, item: ResultItem) -> Path:
        """Save a READY item, in the photo's terms (its format family or the chosen one, its
        profile and metadata) with the provenance; sets and returns item.path.

        `item.pixels` are in the photo's colour space and depth; `item.data`, when set, is the
        API's own file, whose image data is kept byte for byte when it is a PNG saved as PNG."""
        assert item.pixels is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        saving, info = self.saving, job.request.info
        texts = {
            "parameters": parameters_line(job, item),
            PROVENANCE_KEY: json.dumps(provenance(job, item), ensure_ascii=False),
        }
        fmt = result_format(info.format, saving.format)
        name = f"{job.stem}-{item.index + 1}{extension(fmt)}"
        strip = saving.strip_location
        try:
            if fmt == "PNG" and item.data is not None and item.data.startswith(PNG_SIGNATURE):
                data = add_png_metadata(item.data, info, texts=texts, strip_location=strip)
            else:
                data = encode_result(item.pixels, info, fmt, texts=texts, strip_location=strip)
            item.path = self._write(name, data)
        except BaseException:
            if not self._saved.get(job.id) and job.mask_path is not None:
                # The mask was written for this image: alone it would be an orphan.
                job.mask_path.unlink(missing_ok=True)
                job.mask_path = None
            raise
        self._saved[job.id] = self._saved.get(job.id, 0) + 1
        return item.path

    def _write(self, name: str, data: bytes) -> Path:
        return write_atomic(self.folder / name, data, keep_existing=True)


def recorded_job(
    key: str,
    created: str,
    backend: str,
    endpoint: str,
    prompt: str,
    parameters: dict[str, Any],
    source_sha256: str = "",
) -> Job:
    """A past job as the history recorded it, enough to save its images again with the same
    provenance. Provenance needs the request's options and size, not its pixels: the image and
    mask are zero-cost stand-ins of the recorded size."""
    width, height = (int(v) for v in (parameters.get("image_size") or (1, 1)))
    image = np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (height, width, 3))
    mask = np.broadcast_to(np.zeros((1, 1), np.uint8), (height, width))
    if is_upscale(parameters):
        request: EditRequest | UpscaleRequest = UpscaleRequest.recorded(image, prompt, parameters)
    else:
        request = EditRequest(image, mask, EditOptions.from_parameters(prompt, parameters))
    region = parameters.get("region") if isinstance(parameters.get("region"), dict) else None
    sent = tuple(region["sent_size"]) if region and "sent_size" in region else (width, height)
    job = Job(
        request,
        backend,
        endpoint,
        (int(sent[0]), int(sent[1])),
        notes=[str(note) for note in parameters.get("notes") or []],
        id=key,
        started=datetime.fromisoformat(created),
        source_sha256=source_sha256,
        region=region,
    )
    return job


def parameters_line(job: Job, item: ResultItem) -> str:
    """A1111-style: the prompt, then 'Key: value' pairs, as other image tools read them."""
    options = job.request.options
    if isinstance(options, UpscaleOptions):
        kind = [("Upscale", f"resemblance {options.resemblance}, detail {options.detail}")]
    else:
        # Ideogram 3.0 has no model field: its name and speed say what made the image.
        v3 = options.is_v3
        kind = [
            ("Model", "Ideogram 3.0" if v3 else str(options.model)),
            ("Rendering speed", str(options.rendering_speed) if v3 else None),
            ("Style", item.style_type or (options.style_type and str(options.style_type))),
        ]
    pairs = [
        ("Returned prompt", item.prompt),
        ("Seed", item.seed if item.seed is not None else options.seed),
        *kind,
        ("Magic prompt", options.magic_prompt and str(options.magic_prompt)),
        ("Size", item.resolution or "{}x{}".format(*job.sent_size)),
        ("Backend", job.backend),
    ]
    text = ", ".join(f"{key}: {value}" for key, value in pairs if value not in (None, ""))
    return f"{options.prompt}\n{text}"


def provenance(job: Job, item: ResultItem) -> dict[str, Any]:
    return {
        "app": f"ideogram-studio {__version__}",
        "job_id": job.id,
        "index": item.index,
        "created": job.started.isoformat(),
        "backend": job.backend,
        "endpoint": job.endpoint,
        "request": job.request.describe(),
        "sent_size": list(job.sent_size),
        "returned": item.returned,
        "source_sha256": job.source_sha256,
        "mask_file": job.mask_path.name if job.mask_path else None,
        "region": job.region,
        "notes": job.notes,
    } | ({"regions": job.regions} if job.regions is not None else {})
