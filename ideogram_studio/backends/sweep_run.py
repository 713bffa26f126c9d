"""Running a sweep: its cells as JobSpecs (the window's queue takes them; the CLI runs them
here, several at once within the images-in-flight limit), the history's state for winners,
and the contact sheet of a sweep's results. No Qt here.

Each cell is one job of the sweep's history group (`start_group("sweep", plan.title(),
plan.to_spec())`), its place `{"cell": [row, column, page]}` (as many indices as axes). The
group's state is `{"winners": [{"cell": [...], "image": 0}, ...]}`: the images picked with ★.
No cell is ever sent twice: a failed cell is reported, not retried.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ideogram_studio.backends.options import api_title
from ideogram_studio.backends.outcome import (
    CancelToken,
    EditOutcome,
    Final,
    ResultItem,
    conclude,
)
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import Provider
from ideogram_studio.backends.region_upscale import edit_upscales
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.service import JobSpec, Recorder, run_job
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.backends.sweep import AxisKind, Cell, SweepEstimate, SweepPlan, value_label
from ideogram_studio.core.contact_sheet import MAX_THUMB, SheetCell, SheetSpec, thumbnail
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

GROUP_KIND = "sweep"
Place = tuple[int, ...]
Winner = tuple[Place, int]  # a cell's place and the index of its image


def cell_request(request: EditRequest, cell: Cell) -> EditRequest:
    """The photo and mask of the sweep with one cell's options."""
    return dataclasses.replace(request, options=cell.options)


def cell_estimates(
    plan: SweepPlan, request: EditRequest, provider: Provider, settings: ProviderSettings
) -> SweepEstimate:
    """The plan's price cell by cell, with the upscales a region edit may add (as `edit`)."""
    return SweepEstimate(
        plan.requests,
        plan.images,
        [
            settings.estimate_edit(
                cell.options,
                provider.kind,
                upscales=edit_upscales(cell_request(request, cell), provider),
            )
            for cell in plan.cells()
        ],
    )


def sweep_specs(
    plan: SweepPlan,
    request: EditRequest,
    provider: Provider,
    api_key: str | None,
    *,
    settings: ProviderSettings,
    group_id: int | None = None,
    source_name: str | None = None,
) -> list[JobSpec]:
    """One JobSpec per cell in reading order, each with its place in the group and its own
    estimate. `request` is the photo and mask (its options are replaced by each cell's)."""
    estimates = cell_estimates(plan, request, provider, settings).cells
    return [
        JobSpec(
            cell_request(request, cell),
            provider,
            api_key,
            source_name,
            estimate=estimate.known,
            group_id=group_id,
            group_place={"cell": list(cell.place)},
        )
        for cell, estimate in zip(plan.cells(), estimates, strict=True)
    ]


def combined_estimate(estimate: SweepEstimate) -> Estimate:
    """The whole sweep as one Estimate, for the daily limit: the known cells' prices added
    (a cell of unknown price adds nothing, as a job of unknown price passes the limit)."""
    if estimate.free:
        return Estimate(estimate.images, 0.0, free=True)
    known = [cell.known for cell in estimate.cells if cell.known is not None]
    if not known:
        return Estimate(estimate.images, None)
    return Estimate(1, round(sum(known), 4))


# --- the history's state ------------------------------------------------------------------


def place_of(group_place: Mapping[str, Any] | None) -> Place | None:
    """A job's cell in its sweep, from the place its JobSpec gave it."""
    if not group_place or not isinstance(group_place.get("cell"), list):
        return None
    return tuple(int(index) for index in group_place["cell"])


def winners_state(winners: Iterable[Winner]) -> dict[str, Any]:
    """The group state that keeps the ★ winners (set_group_state)."""
    return {
        "winners": [{"cell": list(place), "image": int(image)} for place, image in sorted(winners)]
    }


def winners_from_state(state: Mapping[str, Any] | None) -> set[Winner]:
    found: set[Winner] = set()
    for entry in (state or {}).get("winners", []):
        try:
            found.add((tuple(int(i) for i in entry["cell"]), int(entry.get("image", 0))))
        except (KeyError, TypeError, ValueError):
            continue  # a state written by a newer version: what can be read is kept
    return found


# --- the contact sheet --------------------------------------------------------------------


def sheet_title(plan: SweepPlan) -> str:
    """The sheet's title line: the prompt when it is not an axis, the API, images per cell."""
    api = api_title(plan.base.api)
    parts = [api[:1].upper() + api[1:]]
    if not any(axis.kind is AxisKind.PROMPT for axis in plan.axes):
        parts.insert(0, f"“{plan.base.prompt}”")
    if plan.images_per_cell > 1:
        parts.append(
            translate("Sweep", "{count} images per cell").format(count=plan.images_per_cell)
        )
    return " · ".join(parts)


def sweep_sheet(
    plan: SweepPlan,
    cells: Iterable[SheetCell],
    *,
    icc_profile: bytes | None = None,
    aspect: float | None = None,
    thumb: int = 256,
    missing: str | None = None,
) -> SheetSpec:
    """The contact sheet of a sweep: `cells` (images, files, seeds, winners, a word when
    empty) with their headings from the plan; a cell not given says `missing` ("no image")."""
    given = {tuple(cell.place): cell for cell in cells}
    word = missing or translate("Sweep", "no image")
    laid = []
    for cell in plan.cells():
        found = given.get(cell.place) or SheetCell(cell.place, note=word)
        marks = found.image_labels
        if not marks and len(found.images) > 1 and len(found.seeds) == len(found.images):
            # several images in a cell: each is told apart by its own seed
            marks = tuple(value_label(AxisKind.SEED, seed) for seed in found.seeds)
        laid.append(
            dataclasses.replace(
                found, labels=cell.labels, key=found.key or cell.key, image_labels=marks
            )
        )
    return SheetSpec(
        sheet_title(plan),
        tuple(axis.title() for axis in plan.axes),
        tuple(tuple(axis.label(i) for i in range(len(axis.values))) for axis in plan.axes),
        tuple(laid),
        provenance=plan.to_spec(),
        thumb=thumb,
        aspect=aspect,
        icc_profile=icc_profile,
    )


def preview(pixels: np.ndarray, longest: int = MAX_THUMB) -> np.ndarray:
    """A result small enough to keep for the sheet while the sweep runs (8-bit RGB)."""
    height, width = pixels.shape[:2]
    scale = min(1.0, longest / max(height, width))
    return thumbnail(pixels, (max(1, round(width * scale)), max(1, round(height * scale))))


# --- running (the CLI; the window uses its JobQueue) --------------------------------------


@dataclass
class CellRun:
    """A cell's run: its job and outcome, or the error that ended it; previews of its saved
    images (index -> small RGB) for the sheet."""

    cell: Cell
    spec: JobSpec
    job: Job | None = None
    outcome: EditOutcome | None = None
    error: BaseException | None = None
    previews: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def saved(self) -> list[ResultItem]:
        return self.outcome.saved if self.outcome is not None else []

    @property
    def complete(self) -> bool:
        """Every image it asked for was saved."""
        return self.error is None and len(self.saved) == self.spec.images

    def sentence(self) -> str:
        """Why it is not complete (the job's final sentence), or ""."""
        if self.complete:
            return ""
        return conclude(self.outcome, self.error).message

    def word(self) -> str:
        """What the sheet says in the cell when none of its images was saved."""
        state = conclude(self.outcome, self.error).state
        if state is Final.WITHHELD:
            return translate("Sweep", "withheld")
        if state in (Final.CANCELLED, Final.INTERRUPTED):
            return translate("Sweep", "cancelled")
        return translate("Sweep", "failed")

    def sheet_cell(self) -> SheetCell:
        indices = sorted(self.previews)
        return SheetCell(
            self.cell.place,
            images=tuple(self.previews[i] for i in indices),
            note="" if indices else self.word(),
            key=self.job.id if self.job is not None else "",
            seeds=tuple(i.seed for i in self.saved if i.seed is not None),
            files=tuple(i.path.name for i in self.saved if i.path is not None),
        )


def run_sweep(
    plan: SweepPlan,
    specs: Sequence[JobSpec],
    store: ResultStore,
    *,
    in_flight: int,
    recorder: Recorder | None = None,
    on_done: Callable[[CellRun], None] = lambda run: None,
    progress: Callable[[str], None] = lambda message: None,
    cancel: CancelToken | None = None,
) -> list[CellRun]:
    """Run the cells of `specs` (sweep_specs' or some of them), as many at once as
    `in_flight` images allow, each once; a failed cell does not stop the others. `on_done`
    is called (in this thread) as each cell ends. Ctrl+C (KeyboardInterrupt) cancels every
    cell, as the window's Cancel does, and is raised again."""
    cells = {cell.place: cell for cell in plan.cells()}
    runs = [CellRun(cells[place_of(spec.group_place) or ()], spec) for spec in specs]
    per_cell = max(1, plan.images_per_cell)
    workers = max(1, min(len(runs), in_flight // per_cell))
    cancel = cancel or CancelToken()
    tokens = [CancelToken() for _ in runs]

    def one(number: int) -> CellRun:
        run, token = runs[number], tokens[number]
        if cancel.cancelled:
            token.cancel()

        def keep(item: ResultItem) -> None:
            if item.pixels is not None:
                run.previews[item.index] = preview(item.pixels)

        try:
            run.job, run.outcome = run_job(
                run.spec,
                store,
                cancel=token,
                progress=lambda message: progress(f"{run.cell.key}: {message}"),
                on_saved=keep,
                recorder=recorder,
            )
        except Exception as error:  # the cell's failure, reported with the others
            log.info("sweep cell %s ended: %s", run.cell.key, error)
            run.error = error
        return run

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sweep") as pool:
        pending: set[Future[CellRun]] = {pool.submit(one, n) for n in range(len(runs))}
        try:
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    on_done(future.result())
        except KeyboardInterrupt:
            cancel.cancel()
            for future in pending:
                future.cancel()
            for token in tokens:
                token.cancel()
            raise
    return runs
