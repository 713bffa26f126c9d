"""A sweep of the history as its contact sheet: the group's plan, each cell's saved files read
back (small), its seeds, the ★ winners of the group's state, and a word for a cell with no
image. For the window's "Export contact sheet…" and anything that restores a sweep later.
No Qt here."""

from __future__ import annotations

import logging

from ideogram_studio.backends.sweep import SweepPlan
from ideogram_studio.backends.sweep_run import place_of, preview, sweep_sheet, winners_from_state
from ideogram_studio.core.contact_sheet import SheetCell, SheetSpec, thumb_for
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobRow
from ideogram_studio.jobs.groups import GroupRow, iter_places

log = logging.getLogger(__name__)


def group_sheet(group: GroupRow, *, thumb: int | None = None) -> SheetSpec:
    """The contact sheet of a sweep group read with `JobArchive.group(id)`. A cell sent more
    than once shows its latest job; a file that is gone or unreadable is left out. Without
    `thumb`, its cells are as big as the results' size calls for (contact_sheet.thumb_for)."""
    plan = SweepPlan.from_spec(group.spec)
    winners = winners_from_state(group.state)
    latest: dict[tuple[int, ...], JobRow] = {}
    for place, job in iter_places(group):
        cell = place_of(place)
        if cell is not None:
            latest[cell] = job  # oldest first: a later job replaces an earlier one
    cells, profile, aspect, longest = [], None, None, 0
    for place, job in latest.items():
        images, seeds, files, chosen = [], [], [], set()
        for result in sorted(job.results, key=lambda r: r.index):
            if result.path is None:
                continue
            try:
                photo = read_photo(result.path)
            except (StudioError, OSError):
                log.info("sweep sheet: %s cannot be read", result.path)
                continue
            if aspect is None:
                profile, aspect = photo.info.icc_profile, photo.width / photo.height
                longest = max(photo.width, photo.height)
            if (place, result.index) in winners:
                chosen.add(len(images))
            images.append(preview(photo.pixels))
            files.append(result.path.name)
            if result.seed is not None:
                seeds.append(result.seed)
        cells.append(
            SheetCell(
                place,
                images=tuple(images),
                winners=frozenset(chosen),
                note="" if images else _word(job.state),
                key=job.job_key,
                seeds=tuple(seeds),
                files=tuple(files),
            )
        )
    return sweep_sheet(
        plan,
        cells,
        icc_profile=profile,
        aspect=aspect,
        thumb=thumb if thumb is not None else thumb_for(longest),
        missing=translate("Sweep", "not sent"),
    )


def _word(state: str) -> str:
    """The word a cell without images shows, from its job's state in the history."""
    if state == "running":
        return translate("Sweep", "waiting")
    if state in ("cancelled", "interrupted"):
        return translate("Sweep", "cancelled")
    if state == "failed":
        return translate("Sweep", "failed")
    return translate("Sweep", "no image")
