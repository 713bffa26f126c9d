"""Several prompts in one photo: a list of prompt regions, each its own mask and prompt, one
edit request per region, and the picks of every region composited into one picture. No Qt.

How the window (and `ideogram-studio edit --prompt-region`) uses it:

1. `requests = region_requests(image, regions, base, info, display)`: one EditRequest per
   region (RequestError with one sentence naming the region, from 1, when one cannot be sent).
   Each is an ordinary edit of the whole photo with only that region's mask and prompt, so a
   region edit (`base.edit_region`) sends only a crop around that region; `--whole`/a whole
   edit sends the whole photo for each region, and the composite still takes only that
   region's (feathered) area from its answer.
2. `estimate_regions(requests, settings, kind)`: the requests, images and price added up.
3. Before the jobs: `masks = save_region_masks(store.folder, regions)` (the masks beside the
   results, as PNG in Ideogram's convention, black = edit) and a history group:
   `history.start_group("regions", regions_title(regions), regions_spec(regions, masks))`;
   each region's JobSpec from `region_job_specs(...)` carries the group and {"region": i}.
4. `areas = region_areas(requests)` once (the blend weights of every region: the costly part);
   then on every pick `composite_regions(original, picks, areas)`: `picks[i]` is the picked
   result of region i in the photo's terms (as saved: the whole photo with that region
   composited in, or a whole edit's answer), or None to keep the original there. Fast: only
   the regions' boxes are touched.
5. `save_composite(store, requests, picks, masks, areas=areas)` writes the composite through
   ResultStore (the photo's format, profile and metadata) with every region's prompt, seed and
   mask file (name and sha256) in its provenance; record it with
   `history.set_group_state(group_id, composites_state(saved))`.
6. "Changes outside" for the composite: outside `union_mask([r.mask for r in regions])`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ideogram_studio.backends.options import EditOptions, RequestError
from ideogram_studio.backends.outcome import ItemStatus, ResultItem
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import Provider, ProviderKind
from ideogram_studio.backends.region_upscale import edit_upscales
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.service import JobSpec
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.backends.sweep import SweepEstimate
from ideogram_studio.core.files import write_atomic
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.mask import marks_edit
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.region import Region, blend_weights, composite, plan_region
from ideogram_studio.i18n import translate

GROUP_KIND = "regions"


@dataclass(frozen=True)
class PromptRegion:
    """One part of the photo and what it should become: `mask` is uint8 and photo-sized,
    255 = edit (soft edges allowed), as the engine's masks are."""

    mask: np.ndarray
    prompt: str


@dataclass(frozen=True)
class MaskFile:
    """A region's mask as saved beside the results, and the sha256 of the file's bytes."""

    path: Path
    sha256: str


@dataclass(frozen=True)
class RegionPick:
    """The result picked for one region, for saving: its pixels in the photo's terms (None:
    no pick, the original stays there) and what provenance records of it."""

    pixels: np.ndarray | None
    seed: int | None = None
    job_id: str | None = None  # the region job's key, as in its files' names
    result_file: str | None = None  # the picked result's file name

    @classmethod
    def of(cls, job: Job, item: ResultItem) -> RegionPick:
        """The pick of a saved result of a region's job (pixels as run_edit leaves them)."""
        name = item.path.name if item.path is not None else None
        return cls(item.pixels, item.seed, job.id, name)


@dataclass(frozen=True)
class RegionArea:
    """Where one region's result may differ from the original: `box` in photo coordinates
    and its blend weights over the box (float32, > 0 where the result counts)."""

    box: Rect
    weights: np.ndarray
    plan: Region  # the region's plan (a whole edit: the whole photo, the mask's feather)
    whole: bool  # a whole edit: the pick is the answer itself, pasted through the weights
    mask: np.ndarray  # the region's mask (for pasting a whole edit's answer)

    @property
    def touched(self) -> np.ndarray:
        """Bool over the box: the pixels the region's result is copied into."""
        return self.weights > 0


# ------------------------------------------------------------------ requests
def validate_regions(image: np.ndarray, regions: Sequence[PromptRegion]) -> None:
    """Raise RequestError with one sentence when the regions cannot be sent: none at all, or
    a region (numbered from 1) with a mask of the wrong size, an empty mask or no prompt."""
    if not regions:
        raise RequestError(
            translate("Regions", "Add at least one prompt region: a mask and its prompt.")
        )
    height, width = image.shape[:2]
    for number, region in enumerate(regions, start=1):
        mask = region.mask
        if mask.ndim != 2 or mask.shape != (height, width):
            raise RequestError(
                translate(
                    "Regions",
                    "The mask of region {number} is {mask_width} × {mask_height} pixels but the "
                    "photo is {width} × {height}: they must be the same size.",
                ).format(
                    number=number,
                    mask_width=mask.shape[1] if mask.ndim >= 2 else 0,
                    mask_height=mask.shape[0],
                    width=width,
                    height=height,
                )
            )
        if not marks_edit(mask):
            raise RequestError(
                translate(
                    "Regions",
                    "The mask of region {number} marks nothing to edit: paint its part of the "
                    "photo or remove the region.",
                ).format(number=number)
            )
        if not region.prompt.strip():
            raise RequestError(
                translate(
                    "Regions", "Region {number} has no prompt: write what it should become."
                ).format(number=number)
            )


def region_requests(
    image: np.ndarray,
    regions: Sequence[PromptRegion],
    base: EditOptions,
    info: PhotoInfo,
    display: np.ndarray | None = None,
) -> list[EditRequest]:
    """One request per region, in order: `base` (region or whole, seed, style…) with that
    region's prompt and mask. Raises RequestError (validate_regions, then each request's own
    checks, said with the region's number)."""
    validate_regions(image, regions)
    requests = []
    for number, region in enumerate(regions, start=1):
        options = dataclasses.replace(base, prompt=region.prompt.strip())
        request = EditRequest(image, region.mask, options, info, display)
        try:
            request.validate()
        except RequestError as error:
            raise RequestError(
                translate("Regions", "Region {number}: {problem}").format(
                    number=number, problem=error.message
                )
            ) from error
        requests.append(request)
    return requests


def estimate_regions(
    requests: Sequence[EditRequest],
    settings: ProviderSettings,
    kind: ProviderKind,
    provider: Provider | None = None,
) -> SweepEstimate:
    """Every region's estimate (with its upscales when `provider` is given), added up; its
    `summary()` reads "2 requests · 2 images · about $0.16"."""
    estimates: list[Estimate] = [
        settings.estimate_edit(
            request.options,
            kind,
            upscales=edit_upscales(request, provider) if provider is not None else 0,
        )
        for request in requests
    ]
    images = sum(request.options.num_images for request in requests)
    return SweepEstimate(len(requests), images, estimates)


def region_job_specs(
    requests: Sequence[EditRequest],
    provider: Provider,
    api_key: str | None,
    *,
    source_name: str | None = None,
    group_id: int | None = None,
    estimates: Sequence[Estimate] | None = None,
) -> list[JobSpec]:
    """Each region's job, in the history group with its place {"region": i} (from 0)."""
    return [
        JobSpec(
            request,
            provider,
            api_key,
            source_name,
            estimate=estimates[index].known if estimates is not None else None,
            group_id=group_id,
            group_place={"region": index},
        )
        for index, request in enumerate(requests)
    ]


# ------------------------------------------------------------------ compositing
def region_areas(requests: Sequence[EditRequest]) -> list[RegionArea]:
    """The area and blend weights of each region, as its results were composited (the same
    plan as service.sent_image). Compute once per Generate: `composite_regions` reuses it."""
    return [_area(request) for request in requests]


def _area(request: EditRequest) -> RegionArea:
    height, width = request.mask.shape
    region = request.options.region
    if region is not None:
        plan = plan_region(request.mask, margin=region.margin, feather=region.feather)
        whole = False
    else:
        # A whole edit pastes its answer over the whole photo, through the same feathered mask.
        feather = max(0, int(request.options.feather))
        plan = Region(Rect(0, 0, width, height), (width, height), 0, feather)
        whole = True
    weights = blend_weights(request.mask, plan)
    x, y, w, h = cv2.boundingRect((weights > 0).astype(np.uint8))
    crop = plan.crop
    box = Rect(crop.x + x, crop.y + y, w, h)
    return RegionArea(
        box, np.ascontiguousarray(weights[y : y + h, x : x + w]), plan, whole, request.mask
    )


def composite_regions(
    original: np.ndarray,
    picks: Sequence[np.ndarray | None],
    areas: Sequence[RegionArea],
) -> np.ndarray:
    """The original with each region's pick in its area, in list order.

    `picks[i]` is region i's result in the photo's terms (dtype, colour space): for a region
    edit the whole photo with the region composited in, as saved; for a whole edit the answer
    as returned, which is pasted through the region's weights here. None keeps the original.

    Where regions overlap, a later one is laid over what is there through its own blend:
    with R the later result (original O blended with its answer A by weight w) the composite
    becomes R + (C - O)·(1 - w), i.e. C·(1 - w) + A·w. Only pixels of positive weight take
    anything from a result, so everything outside the union of the feathered masks is the
    original byte for byte, even when a result was re-encoded (a JPEG read back). RGB or RGBA
    (the alpha is the original's), uint8 or uint16.
    """
    if len(picks) != len(areas):
        raise ValueError(f"{len(picks)} picks for {len(areas)} regions")
    out = original.copy()
    done: list[Rect] = []  # boxes already composited into
    for pick, area in zip(picks, areas, strict=True):
        if pick is None or area.box.is_empty:
            continue
        result = _full_result(original, pick, area)
        box = area.box
        target = out[box.slices][:, :, :3]
        taken = result[box.slices][:, :, :3]
        touched = area.touched
        overlapped = [other.intersect(box) for other in done]
        overlapped = [rect for rect in overlapped if not rect.is_empty]
        if not overlapped:
            np.copyto(target, taken, where=touched[:, :, None])
        else:
            _lay_over(target, taken, original[box.slices][:, :, :3], area.weights)
        done.append(box)
    return out


def _full_result(original: np.ndarray, pick: np.ndarray, area: RegionArea) -> np.ndarray:
    """The pick as a photo-sized result (a whole edit's answer is pasted first)."""
    if area.whole:
        return composite(original, pick, area.mask, area.plan)
    if pick.shape[:2] != original.shape[:2]:
        raise ValueError(
            f"a region's result is {pick.shape[1]} × {pick.shape[0]}, "
            f"the photo {original.shape[1]} × {original.shape[0]}"
        )
    if pick.dtype != original.dtype:
        raise ValueError(f"a {pick.dtype} result for a {original.dtype} photo")
    return pick


def _lay_over(
    target: np.ndarray, result: np.ndarray, original: np.ndarray, weights: np.ndarray
) -> None:
    """target := result + (target - original)·(1 - w) where w > 0 (in place)."""
    touched = weights > 0
    earlier = target.astype(np.float32)
    earlier -= original
    earlier *= (1.0 - weights)[:, :, None]
    mixed = np.rint(earlier, out=earlier)
    mixed += result
    top = float(np.iinfo(target.dtype).max)
    np.clip(mixed, 0.0, top, out=mixed)
    np.copyto(target, mixed.astype(target.dtype), where=touched[:, :, None])


def union_mask(masks: Sequence[np.ndarray]) -> np.ndarray:
    """One mask of every region (the strongest value of each pixel): "changes outside" for
    the composite checks outside it, and the composite's provenance names it."""
    if not masks:
        raise ValueError("no masks")
    union = masks[0].copy()
    for mask in masks[1:]:
        np.maximum(union, mask, out=union)
    return union


# ------------------------------------------------------------------ saving
def save_region_masks(
    folder: Path, regions: Sequence[PromptRegion], stem: str | None = None
) -> list[MaskFile]:
    """Each region's mask as a grayscale PNG in `folder` ("<stem>-region1-mask.png"…), in
    Ideogram's convention (black = edit, grey = soft) so `read_mask` reads it back exactly."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem or new_stem()
    saved = []
    for number, region in enumerate(regions, start=1):
        ok, encoded = cv2.imencode(".png", cv2.bitwise_not(region.mask))
        if not ok:  # pragma: no cover - OpenCV cannot fail on a valid uint8 array
            raise RuntimeError("PNG encoding of a region's mask failed")
        data = encoded.tobytes()
        path = write_atomic(folder / f"{stem}-region{number}-mask.png", data, keep_existing=True)
        saved.append(MaskFile(path, hashlib.sha256(data).hexdigest()))
    return saved


def remove_region_masks(masks: Sequence[MaskFile]) -> None:
    """The masks of a run that saved no composite: alone they would be orphans."""
    for mask in masks:
        mask.path.unlink(missing_ok=True)


def new_stem() -> str:
    """A name stem like the results' (local time, then a random key)."""
    local = datetime.now(UTC).astimezone()
    return f"{local:%Y%m%d-%H%M%S}-{local.microsecond // 1000:03d}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class SavedComposite:
    index: int  # which composite (the regions' index-th images), from 0
    path: Path
    job: Job


def save_composite(
    store: ResultStore,
    requests: Sequence[EditRequest],
    picks: Sequence[RegionPick],
    masks: Sequence[MaskFile],
    *,
    index: int = 0,
    areas: Sequence[RegionArea] | None = None,
    pixels: np.ndarray | None = None,
    backend: str = "",
    endpoint: str = "",
    group_id: int | None = None,
) -> SavedComposite:
    """Composite the picks (or take `pixels`, composited already) and save the picture
    through `store` as a result is saved: the photo's format, profile and metadata, with a
    provenance whose "regions" list each region's prompt, seed, job, picked file and mask
    file (name and sha256). `index` numbers the file ("-1", "-2"…)."""
    first = requests[0]
    if pixels is None:
        areas = areas if areas is not None else region_areas(requests)
        pixels = composite_regions(first.image, [pick.pixels for pick in picks], areas)
    prompts = "; ".join(
        f"{number}: {request.options.prompt}" for number, request in enumerate(requests, start=1)
    )
    union = union_mask([request.mask for request in requests])
    options = dataclasses.replace(first.options, prompt=prompts, seed=None)
    job = Job(
        EditRequest(first.image, union, options, first.info),
        backend,
        endpoint,
        (first.image.shape[1], first.image.shape[0]),
        notes=[
            translate("Regions", "A composite of {count} prompt regions.").format(
                count=len(requests)
            )
        ],
        group_id=group_id,
        group_place={"composite": index},
    )
    job.source_sha256 = first.source_sha256()
    job.regions = [
        {
            "region": number,
            "prompt": request.options.prompt,
            "seed": pick.seed,
            "job_id": pick.job_id,
            "result_file": pick.result_file if pick.pixels is not None else None,
            "mask_file": mask.path.name,
            "mask_sha256": mask.sha256,
        }
        for number, (request, pick, mask) in enumerate(zip(requests, picks, masks, strict=True), 1)
    ]
    item = ResultItem(index, ItemStatus.READY, pixels=pixels)
    path = store.save_item(job, item)
    return SavedComposite(index, path, job)


# ------------------------------------------------------------------ history
def regions_title(regions: Sequence[PromptRegion]) -> str:
    """For History: "Prompt regions: a red door · blue sky"."""
    prompts = " · ".join(region.prompt.strip() for region in regions)
    return translate("Regions", "Prompt regions: {prompts}").format(prompts=prompts)


def regions_spec(
    regions: Sequence[PromptRegion], masks: Sequence[MaskFile], base: EditOptions | None = None
) -> dict[str, Any]:
    """The group's spec: each region's prompt and mask file (name, folder, sha256), and the
    options every region shares."""
    spec: dict[str, Any] = {
        "regions": [
            {
                "prompt": region.prompt,
                "mask_file": mask.path.name,
                "mask_path": str(mask.path),
                "mask_sha256": mask.sha256,
            }
            for region, mask in zip(regions, masks, strict=True)
        ]
    }
    if base is not None:
        spec["base"] = base.to_names()
    return spec


def composites_state(saved: Sequence[SavedComposite]) -> dict[str, Any]:
    """The group's state once composites are saved: their files and each region's pick."""
    return {
        "composites": [
            {
                "index": composite_.index,
                "path": str(composite_.path),
                "picks": [
                    {"region": r["region"], "job_id": r["job_id"], "seed": r["seed"]}
                    for r in composite_.job.regions or []
                ],
            }
            for composite_ in saved
        ]
    }
