"""Several prompts in one photo, in the window: the Regions list under the prompt, the
canvas painting into the active region, Generate sending one region edit per region through
the queue (one history group "regions"), the Regions page that composites the picks, and
bringing such a group back from History. A mixin of MainWindow (texts in its context)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor

from ideogram_studio.backends.prompt_regions import (
    GROUP_KIND,
    MaskFile,
    PromptRegion,
    RegionPick,
    composite_regions,
    composites_state,
    estimate_regions,
    region_job_specs,
    region_requests,
    regions_spec,
    regions_title,
    save_composite,
    save_region_masks,
)
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.sweep import SweepEstimate
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.photo import Photo, read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.queue import JobRecord
from ideogram_studio.model.region_list import REGION_COLOURS
from ideogram_studio.ui.background import user_message
from ideogram_studio.ui.canvas import overlay_alphas
from ideogram_studio.ui.regions_page import (
    RegionRun,
    RegionsPage,
    Shot,
    areas_of,
    pick_positions,
)
from ideogram_studio.ui.regions_page import picks_state as recorded_picks
from ideogram_studio.ui.regions_panel import RegionsPanel

log = logging.getLogger(__name__)
PANEL_PLACE = 3  # in the options panel's layout: under the prompt and its note, over the fields
# With several regions the prompt box edits the active one's prompt, also in its row: a lower
# box leaves the list its room, so the options keep their height.
PROMPT_LEAST_WITH_REGIONS = 44


class RegionsMixin:
    """Prompt regions of MainWindow."""

    def _build_regions(self) -> None:
        regions = self.document.regions
        self._prompt_least = self.options.prompt.minimumHeight()  # with one region
        self.regions_panel = RegionsPanel(regions)
        self.options.layout().insertWidget(PANEL_PLACE, self.regions_panel)
        title_row = self.options.layout().itemAt(0).layout()  # "Prompt" … "Suggest prompts"
        title_row.insertWidget(title_row.count() - 1, self.regions_panel.add)
        title_row.insertWidget(title_row.count() - 1, self.regions_panel.show_results)
        self.regions_panel.remove_requested.connect(self.remove_region)
        self.regions_panel.show_results.clicked.connect(self.show_regions)
        regions.changed.connect(self._regions_changed)
        regions.active_changed.connect(self._region_switched)
        regions.prompt_changed.connect(lambda _index: self.show_estimate())
        self.document.options_changed.connect(
            lambda _options: self.regions_panel.show_prompt(regions.active)
        )
        self.document.photo_changed.connect(self.regions_panel.rebuild)
        self.document.photo_changed.connect(self._forget_regions_run)
        self.regions_page = RegionsPage()
        self.regions_page.back_requested.connect(self.show_editor)
        self.regions_page.failed.connect(self._view_failed)
        self.regions_page.save_requested.connect(self.save_regions_composite)
        self.regions_page.use_requested.connect(self.use_regions_composite)
        self.regions_page.picked.connect(self._keep_picks)
        self.pages.addWidget(self.regions_page)
        self.jobs.item_saved.connect(self._region_result_saved)
        self.jobs.ended.connect(self._region_job_ended)
        self.group_restorers[GROUP_KIND] = self.restore_regions_group

    # ----------------------------------------------------------------- the list and canvas

    def _regions_changed(self) -> None:
        self._show_region_overlays()
        prompt = self.options.prompt
        several = self.document.regions.several
        prompt.setMinimumHeight(PROMPT_LEAST_WITH_REGIONS if several else self._prompt_least)
        self.options.refit_height()  # the list came or went: the prompt must not swell
        self.show_estimate()

    def _region_switched(self) -> None:
        self._show_region_overlays()
        self._mask_changed()  # the undo labels are the active region's
        self.canvas.setFocus()  # B, E, [ and ] act on the canvas again

    def _show_region_overlays(self) -> None:
        """The canvas paints into the active region, in its colour over the others'."""
        document, canvas = self.document, self.canvas
        regions = document.regions
        if document.engine is None or canvas.image is not document.pixels:
            return  # a new photo: set_document follows
        if not regions.several:
            canvas.regions.clear()
            canvas.set_engine(document.engine)
            return
        active = regions.regions[regions.active]
        others = [
            (region.engine, QColor(*region.colour))
            for index, region in enumerate(regions.regions)
            if index != regions.active
        ]
        label = translate("MainWindow", "Painting {name}").format(name=active.name)
        colour = QColor(*active.colour)
        canvas.regions.set(others, overlay_alphas(canvas.overlay_opacity), label, colour)
        canvas.set_engine(document.engine, colour)

    def remove_region(self, index: int) -> None:
        regions = self.document.regions
        if regions.has_area(index) and not self.ask_confirm(
            translate("MainWindow", "Remove this region?"),
            translate("MainWindow", "{name} and its paint will be removed.").format(
                name=regions.regions[index].name
            ),
        ):
            return
        regions.remove(index)

    def show_estimate(self) -> None:
        """With several regions Generate says "2 requests · 2 images · about $0.16"."""
        super().show_estimate()  # type: ignore[misc]
        regions = self.document.regions
        if regions.several:
            one = self.document.settings.estimate_edit(
                self.document.options, self.document.provider().kind
            )
            count = len(regions)
            summary = SweepEstimate(count, one.images * count, [one] * count).summary()
            self.options.set_estimate(summary)

    # ----------------------------------------------------------------- generating

    def generate_regions(self) -> list[JobRecord]:
        """One region edit per region, queued (the images-in-flight limit holds), recorded
        as one history group; the Regions page shows them as they arrive. MainWindow.generate
        asks about the daily limit first."""
        document = self.document
        blocker = document.generate_blocker()
        if blocker is not None:
            self.statusBar().showMessage(blocker, 6000)
            return []
        photo = document.photo
        assert photo is not None
        painted = document.regions.snapshot()
        prompt_regions = [PromptRegion(region.engine.copy(), region.prompt) for region in painted]
        try:
            requests = region_requests(
                photo.pixels, prompt_regions, document.options, photo.info, photo.display
            )
        except RequestError as error:
            self.show_error(error.message)
            return []
        current = document.provider()
        provider = current.provider()
        estimate = estimate_regions(requests, document.settings, current.kind, provider)
        try:
            masks = save_region_masks(self.jobs.store.folder, prompt_regions)
        except OSError as error:
            self.show_error(
                translate("MainWindow", "The regions' masks could not be saved ({reason}).").format(
                    reason=error.strerror or type(error).__name__
                )
            )
            return []
        group_id = None
        if self.history is not None:
            spec = regions_spec(prompt_regions, masks, document.options)
            spec["names"] = [region.name for region in painted]
            group_id = self.history.start_group(GROUP_KIND, regions_title(prompt_regions), spec)
        specs = region_job_specs(
            requests,
            provider,
            current.key,
            source_name=document.name,
            group_id=group_id,
            estimates=estimate.cells,
        )
        run = RegionRun(
            requests,
            masks,
            [region.name for region in painted],
            [region.colour for region in painted],
            group_id,
        )
        records = []
        for index, spec in enumerate(specs):
            record = self.jobs.submit(dataclasses.replace(spec, api=document.api))
            run.numbers[record.number] = index
            records.append(record)
        document.mask_unsent = False
        self.regions_page.start(run)
        self.side_tabs.setCurrentWidget(self.gallery)
        self.statusBar().showMessage(
            translate("MainWindow", "{count} region jobs queued.").format(count=len(records)),
            4000,
        )
        return records

    def _region_result_saved(self, record: JobRecord, item: object, small: np.ndarray) -> None:
        run = self.regions_page.run
        path = getattr(item, "path", None)
        if run is None or record.number not in run.numbers or path is None:
            return
        job_key = record.job.id if record.job is not None else None
        shot = Shot(path, getattr(item, "seed", None), job_key, small)
        self.regions_page.add_shot(run.numbers[record.number], shot)
        if sum(len(shots) for shots in run.shots) == 1:
            self.pages.setCurrentWidget(self.regions_page)  # the first answer: show the page
        self.regions_panel.show_results.setVisible(True)

    def _region_job_ended(self, record: JobRecord) -> None:
        """The job is known once it ended (not yet when its images are saved): its key goes
        to its region's results, for the composite's provenance."""
        run = self.regions_page.run
        if run is None or record.number not in run.numbers or record.job is None:
            return
        for shot in run.shots[run.numbers[record.number]]:
            shot.job_key = shot.job_key or record.job.id

    def _forget_regions_run(self) -> None:
        """Another photo (opened, used as input, restored): the last composite was of the
        photo before; History brings it back. Its jobs' late results are not shown here."""
        self.regions_page.release()
        self.regions_page.run = None
        self.regions_panel.show_results.hide()

    def show_regions(self) -> None:
        if self.regions_page.run is not None:
            self.pages.setCurrentWidget(self.regions_page)

    def show_editor(self) -> None:
        self.regions_page.release()
        super().show_editor()  # type: ignore[misc]

    def _keep_picks(self) -> None:
        run = self.regions_page.run
        if run is None or run.group_id is None or self.history is None:
            return
        group = self.history.group(run.group_id)
        state = dict(group.state) if group is not None else {}
        state["picks"] = recorded_picks(run)
        self.history.set_group_state(run.group_id, state)

    # ----------------------------------------------------------------- the composite

    def save_regions_composite(self) -> None:
        """Save the composite as results are saved (format, profile, metadata) with every
        region's prompt, seed and mask in its provenance; History keeps it with the group.
        On a thread: reading 24-megapixel picks in the photo's own terms takes seconds."""
        run, store, history = self.regions_page.run, self.jobs.store, self.history
        if run is None:
            return
        self.statusBar().showMessage(translate("MainWindow", "Saving the composite…"))

        def work(_still_wanted: Callable[[], bool]) -> Path:
            saved = save_composite(
                store,
                run.requests,
                photo_picks(run),
                run.masks,
                areas=areas_of(run),
                group_id=run.group_id,
            )
            if run.group_id is not None and history is not None:
                group = history.group(run.group_id)
                state = dict(group.state) if group is not None else {}
                state |= composites_state([saved]) | {"picks": recorded_picks(run)}
                history.set_group_state(run.group_id, state)
            return saved.path

        def done(path: Path) -> None:
            self.regions_page.saved_path = path
            self.statusBar().showMessage(
                translate("MainWindow", "Saved {path}").format(path=path), 8000
            )

        self.regions_page.saver.start(work, done, self._composite_failed)

    def _composite_failed(self, error: Exception) -> None:
        reason = getattr(error, "message", None) or getattr(error, "strerror", None)
        self.statusBar().clearMessage()
        self.show_error(
            translate("MainWindow", "The composite could not be saved ({reason}).").format(
                reason=reason or type(error).__name__
            )
        )

    def use_regions_composite(self) -> None:
        """The composite, in the photo's own terms, becomes the photo being edited; the
        regions stay (the same size) or are cleared, as the user says."""
        run = self.regions_page.run
        if run is None:
            return

        def work(_still_wanted: Callable[[], bool]) -> np.ndarray:
            picks = [pick.pixels for pick in photo_picks(run)]
            return composite_regions(run.requests[0].image, picks, areas_of(run))

        self.regions_page.saver.start(
            work,
            lambda pixels: self._continue_from(run, pixels),
            lambda error: self.show_error(user_message(error)),
        )

    def _continue_from(self, run: RegionRun, pixels: np.ndarray) -> None:
        keep = False
        if self.document.mask_has_area or self.document.regions.several:
            choice = self.ask_keep_mask()
            if choice is None:
                return
            keep = choice == "keep"
        regions = self.document.regions
        kept = [(region.engine.copy(), region.prompt, region.name) for region in regions.snapshot()]
        name = translate("MainWindow", "Composite")
        photo = Photo(pixels, name, None, run.requests[0].info)
        self.document.use_as_input(photo, keep_mask=keep)
        if keep and len(kept) > 1:
            regions.replace_all(kept, regions.active, keep_first=False)
            self.regions_panel.rebuild()
        elif len(kept) > 1:  # the regions cleared, their prompts go too (not the last one's)
            self.document.set_options(dataclasses.replace(self.document.options, prompt=""))

    # ----------------------------------------------------------------- History

    def restore_regions_group(self, group: GroupRow) -> None:
        """A "regions" group from History: the photo, every region's mask and prompt, the
        results of each and the picks, on the Regions page."""
        question = translate(
            "MainWindow",
            "The mask you painted has not been used yet. Restore these regions and discard it?",
        )
        jobs = sorted(
            (job for job in group.jobs if job.group_place and "region" in job.group_place),
            key=lambda job: int(job.group_place["region"]),
        )
        if not jobs:
            self.show_error(translate("MainWindow", "This group has no region jobs to restore."))
            return
        if not self.confirm_discard_mask(question):
            return
        try:
            note = self.document.restore_job(jobs[0], None)
        except StudioError as error:
            self.show_error(error.message)
            return
        document = self.document
        photo = document.photo
        assert photo is not None and document.engine is not None
        names = list(group.spec.get("names") or [])
        restored: list[tuple[np.ndarray, str, str]] = []
        for index, job in enumerate(jobs):
            mask = document.engine.copy() if index == 0 else _painted_mask(job, photo)
            if mask is None:
                note = translate(
                    "MainWindow", "The mask of a region could not be read; it is left empty."
                )
                mask = np.zeros((photo.height, photo.width), np.uint8)
            name = names[index] if index < len(names) else document.regions.default_name(index)
            restored.append((mask, job.prompt, str(name)))
        document.regions.replace_all(restored, 0, keep_first=True)
        self.regions_panel.rebuild()
        if note:
            self.show_error(note)
        self._show_restored_run(group, jobs, restored)

    def _show_restored_run(
        self, group: GroupRow, jobs: list, restored: list[tuple[np.ndarray, str, str]]
    ) -> None:
        document = self.document
        photo = document.photo
        assert photo is not None
        prompt_regions = [PromptRegion(mask, prompt) for mask, prompt, _name in restored]
        try:
            requests = region_requests(
                photo.pixels, prompt_regions, document.options, photo.info, photo.display
            )
        except RequestError as error:  # painted nothing or no prompt: the list shows them
            self.show_error(error.message)
            return
        masks = [
            MaskFile(Path(str(entry.get("mask_path", ""))), str(entry.get("mask_sha256", "")))
            for entry in group.spec.get("regions", [])
        ]
        if len(masks) != len(requests):
            masks = save_region_masks(self.jobs.store.folder, prompt_regions)
        run = RegionRun(
            requests,
            masks,
            [name for _mask, _prompt, name in restored],
            [REGION_COLOURS[i % len(REGION_COLOURS)] for i in range(len(restored))],
            group.id,
        )
        for index, job in enumerate(jobs):
            for result in job.results:
                path = Path(result.path) if result.path is not None else None
                if path is not None and path.exists():
                    shot = Shot(path, result.seed, job.job_key)  # the page reads it
                    run.shots[index].append(shot)
        kept = group.state.get("picks")
        if kept:  # as the user left them (None: the original there)
            run.picks = pick_positions(run, kept)
        else:
            run.picks = [0 if shots else None for shots in run.shots]
        self.regions_page.start(run)
        self.regions_panel.show_results.setVisible(True)
        self.pages.setCurrentWidget(self.regions_page)


def photo_picks(run: RegionRun) -> list[RegionPick]:
    """Each region's pick read in the photo's own terms (depth, profile), for saving."""
    picks = []
    for shot in run.picked():
        if shot is None:
            picks.append(RegionPick(None))
        else:
            pixels = read_photo(shot.path).pixels
            picks.append(RegionPick(pixels, shot.seed, shot.job_key, shot.path.name))
    return picks


def _painted_mask(job: object, photo: Photo) -> np.ndarray | None:
    path = getattr(job, "mask_painted", None)
    if path is None:
        return None
    try:
        mask = load_image(path)[:, :, 0]
    except StudioError:
        return None
    return mask if mask.shape == (photo.height, photo.width) else None
