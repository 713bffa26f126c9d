"""Sweeps in the window: the dialog that sets one up from the photo, the mask and the panel's
options, sending its cells through the job queue as one history group, the labelled grid they
fill, winners, the contact sheet, and bringing a sweep back from History. Deleting a group
from History is here too. A mixin of MainWindow (texts in its context).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog

from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.sweep import SweepEstimate, SweepPlan
from ideogram_studio.backends.sweep_run import (
    GROUP_KIND,
    combined_estimate,
    place_of,
    sweep_specs,
    winners_from_state,
    winners_state,
)
from ideogram_studio.core.contact_sheet import sheet_png
from ideogram_studio.core.files import write_atomic
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.queue import JobRecord, JobState
from ideogram_studio.jobs.sweep_sheet import group_sheet
from ideogram_studio.ui.sweep_dialog import SweepDialog
from ideogram_studio.ui.sweep_grid import Place, SweepGrid, Winner
from ideogram_studio.ui.views import Pyramid

log = logging.getLogger(__name__)
CELL_STATES = {
    JobState.WAITING: "waiting",
    JobState.RUNNING: "running",
    JobState.DONE: "done",
    JobState.FAILED: "failed",
    JobState.CANCELLED: "cancelled",
}


class SheetRelay(QObject):
    """Brings the contact sheet's end from its thread: the path written, or the sentence."""

    done = Signal(object)


def one_mask_only() -> str:
    return translate(
        "MainWindow",
        "A sweep varies one edit of one mask: with several prompt regions, generate them, or "
        "remove all regions but one to sweep.",
    )


class SweepMixin:
    """The sweep dialog, grid and History groups of MainWindow."""

    def _build_sweep(self) -> None:
        grid = self.sweep_grid = SweepGrid()
        self.pages.addWidget(grid)
        grid.back_requested.connect(self.show_editor)
        grid.again_requested.connect(self.sweep_again)
        grid.export_requested.connect(self.choose_sheet_export)
        grid.winners_changed.connect(self._winners_changed)
        self._known_winners: set[Winner] = set()
        self._offline_groups = 0  # without a history, a sweep's cells still need a group id
        self.options.sweep_requested.connect(self.open_sweep)
        self.document.blocker_changed.connect(lambda _reason: self._sweep_enabled())
        self.document.regions.changed.connect(self._sweep_enabled)
        self._sweep_tooltip = self.options.sweep.toolTip()
        self._sweep_enabled()
        menu = self.generate_menu
        self.sweep_action = self._action(
            translate("MainWindow", "S&weep…"), self.open_sweep, "Ctrl+Shift+Return", menu=menu
        )
        self.grid_action = self._action(
            translate("MainWindow", "Show the sweep &grid"), self.show_sweep_grid, menu=menu
        )
        self.grid_action.setEnabled(False)
        self.jobs.changed.connect(self._sweep_job_changed)
        self.jobs.item_saved.connect(self._sweep_item_saved)
        self.group_restorers[GROUP_KIND] = self.restore_sweep
        if self.history is not None:
            self.history_panel.group_restore_requested.connect(self.restore_group)
            self.history_panel.group_delete_requested.connect(self.delete_history_group)
        self._sheet_relay = SheetRelay(self)
        self._sheet_relay.done.connect(self._sheet_written)

    # ================================================================= setting up

    def _sweep_enabled(self) -> None:
        """Sweep… needs a photo and a painted mask, and one prompt region (its tooltip says
        so); the dialog says what else is missing."""
        document = self.document
        several = document.regions.several
        button = self.options.sweep
        button.setEnabled(document.photo is not None and document.mask_has_area and not several)
        button.setToolTip(one_mask_only() if several else self._sweep_tooltip)
        action = getattr(self, "sweep_action", None)
        if action is not None:
            action.setEnabled(not several)

    def open_sweep(self, plan: SweepPlan | None = None) -> None:
        """Edit ▸ Sweep…: the dialog, then (if the user sends it) every cell queued."""
        dialog = self.make_sweep_dialog(plan if isinstance(plan, SweepPlan) else None)
        if dialog is None:
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                chosen = dialog.plan()
            except RequestError as error:
                self.show_error(error.message)
                return
            self.send_sweep(chosen)

    def make_sweep_dialog(self, plan: SweepPlan | None = None) -> SweepDialog | None:
        """The dialog over the panel's options (a plan's axes, to sweep it again); None, and
        the reason in the status bar, without a photo and a painted mask."""
        document = self.document
        if document.regions.several:  # a sweep varies one edit: which region's would be a guess
            self.show_error(one_mask_only())
            return None
        if document.photo is None or not document.mask_has_area:
            self.statusBar().showMessage(document.generate_blocker() or "", 6000)
            return None
        base = document.options
        if plan is not None:
            plan = dataclasses.replace(plan, base=base)
        return SweepDialog(
            base, self.assess_sweep, most_images=document.max_images(), plan=plan, parent=self
        )

    def sweep_estimate(self, plan: SweepPlan) -> SweepEstimate:
        """The plan's price cell by cell, a region edit's upscales included. The document's
        answer on whether they apply is kept per mask (sweep_run.cell_estimates plans the
        region again for every cell: too slow for each key typed in the dialog)."""
        document = self.document
        kind = document.provider().kind
        upscale = document.region_upscale_applies()
        return SweepEstimate(
            plan.requests,
            plan.images,
            [
                document.settings.estimate_edit(
                    cell.options,
                    kind,
                    upscales=cell.options.num_images
                    if upscale and cell.options.upscale_region
                    else 0,
                )
                for cell in plan.cells()
            ],
        )

    def sweep_blocker(self, plan: SweepPlan) -> str | None:
        """Why the sweep cannot be sent, in one sentence (the photo and the mask first, then
        the plan, then what stops any edit: the key, the path…); None when it can."""
        document = self.document
        if document.regions.several:
            return one_mask_only()
        if document.photo is None or not document.mask_has_area:
            return document.generate_blocker()
        try:
            plan.validate()
        except RequestError as error:
            return error.message
        return document.generate_blocker(plan.cells()[0].options)

    def assess_sweep(self, plan: SweepPlan) -> tuple[str, str | None]:
        summary = self.sweep_estimate(plan).summary() if plan.requests else ""
        return summary, self.sweep_blocker(plan)

    # ================================================================= sending

    def send_sweep(self, plan: SweepPlan) -> list[JobRecord]:
        """Queue one job per cell (the queue keeps to the images in flight), recorded as one
        history group, after the daily limit's question; the grid shows them coming in."""
        problem = self.sweep_blocker(plan)
        if problem is not None:
            self.statusBar().showMessage(problem, 8000)
            return []
        document = self.document
        overrun = document.limit_overrun(combined_estimate(self.sweep_estimate(plan)))
        if overrun is not None:
            question = translate(
                "MainWindow",
                "This sweep, about {job}, would bring today's estimated spend to {after}, over "
                "your daily limit of {limit}. Send it anyway?",
            ).format(**overrun.facts())
            if not self.ask_over_limit(question):
                self.statusBar().showMessage(
                    translate(
                        "MainWindow", "Nothing was sent: the sweep would pass your daily limit."
                    ),
                    8000,
                )
                return []
        if self.history is not None:
            group_id = self.history.start_group(GROUP_KIND, plan.title(), plan.to_spec())
        else:
            self._offline_groups += 1
            group_id = -self._offline_groups
        request = document.build_request()
        current = document.provider()
        specs = sweep_specs(
            plan,
            request,
            current.provider(),
            current.key,
            settings=document.settings,
            group_id=group_id,
            source_name=document.name,
        )
        original = request.shown()
        source = (request.image, request.info)
        self._open_grid(plan, group_id, original, request.mask, set(), source)
        records = [self.jobs.submit(spec) for spec in specs]
        document.mask_unsent = False
        self.side_tabs.setCurrentWidget(self.gallery)
        self.statusBar().showMessage(
            translate("MainWindow", "Sweep sent: {count} requests queued.").format(
                count=len(records)
            ),
            6000,
        )
        self._history_changed()
        return records

    def _open_grid(
        self,
        plan: SweepPlan,
        group_id: int | None,
        original: object,
        mask: object,
        winners: set[Winner],
        source: tuple[object, object] | None = None,
    ) -> None:
        self.compare.release()
        self.wipe.release()
        pyramid: Pyramid | None = self._pyramid_of(original)  # type: ignore[arg-type]
        grid = self.sweep_grid
        grid.open(plan, group_id, original, pyramid, mask, winners, source)  # type: ignore[arg-type]
        self._known_winners = set(winners)
        # The sheet is drawn from the history's record of the sweep.
        self.sweep_grid.export.setEnabled(self.history is not None and (group_id or 0) > 0)
        self.grid_action.setEnabled(True)
        self.pages.setCurrentWidget(self.sweep_grid)

    def show_sweep_grid(self) -> None:
        if self.sweep_grid.plan is not None:
            self.pages.setCurrentWidget(self.sweep_grid)

    def sweep_again(self) -> None:
        """The grid's "Sweep again…": its plan's axes in the dialog, over the panel's options."""
        plan = self.sweep_grid.plan
        if plan is not None:
            self.open_sweep(plan)

    def _sweep_cell(self, record: JobRecord) -> Place | None:
        grid = self.sweep_grid
        if grid.group_id is None or record.spec.group_id != grid.group_id:
            return None
        return place_of(record.spec.group_place)

    def _sweep_job_changed(self, record: JobRecord) -> None:
        place = self._sweep_cell(record)
        if place is not None:
            failed = record.state in (JobState.FAILED, JobState.CANCELLED)
            self.sweep_grid.set_cell_state(
                place,
                CELL_STATES[record.state],
                record.message if failed else "",
                job_id=record.number,
            )

    def _sweep_item_saved(self, record: JobRecord, item: object, _small: object) -> None:
        place = self._sweep_cell(record)
        path = getattr(item, "path", None)
        if place is not None and path is not None:
            self.sweep_grid.add_result(place, item.index, path, item.seed)  # type: ignore[attr-defined]

    # ================================================================= winners

    def _winners_changed(self, winners: set[Winner]) -> None:
        """★ is kept in the sweep's history group, and as the image's favourite in History
        (so "Delete all but ★" keeps the winners too)."""
        grid, history = self.sweep_grid, self.history
        changed = winners ^ self._known_winners
        self._known_winners = set(winners)
        if history is None or grid.group_id is None or grid.group_id < 0:
            return
        group = history.group(grid.group_id)
        state = dict(group.state) if group is not None else {}
        history.set_group_state(grid.group_id, state | winners_state(winners))
        for place, index in changed:
            cell = grid.cells.get(place)
            job = history.job(cell.job_id) if cell is not None and cell.job_id else None
            for result in job.results if job is not None else []:
                if result.index == index and result.path is not None:
                    history.set_favourite(result.id, (place, index) in winners)
        self._history_changed()

    # ================================================================= from History

    def restore_sweep(self, group: GroupRow) -> None:
        """A sweep from History: its photo, mask and options back in the editor, and its grid
        with every saved result and its winners."""
        try:
            plan = SweepPlan.from_spec(group.spec)
        except (RequestError, KeyError, ValueError, TypeError):
            self.show_error(translate("MainWindow", "This version cannot read this sweep's plan."))
            return
        first = next((job for job in group.jobs), None)
        if first is None:
            self.show_error(translate("MainWindow", "This sweep has no jobs left in History."))
            return
        question = translate(
            "MainWindow",
            "The mask you painted has not been used yet. Restore this sweep and discard it?",
        )
        if not self.confirm_discard_mask(question):
            return
        kept_seed = self.options.seed.value()  # a cell's seed is no setting of the sweep's
        try:
            note = self.document.restore_job(first, None)
        except StudioError as error:
            self.show_error(error.message)
            return
        if note:
            self.show_error(note)
        document = self.document
        document.set_options(plan.base)
        if plan.base.seed is None:  # random: the field shows what it showed, not a cell's seed
            self.options.seed.setValue(kept_seed)
        assert document.photo is not None and document.engine is not None
        winners = winners_from_state(group.state)
        photo = document.photo
        source = (photo.pixels, photo.info)
        self._open_grid(plan, group.id, photo.display, document.engine.copy(), winners, source)
        for job in group.jobs:
            place = place_of(job.group_place)
            if place is None:
                continue
            state = {"partly saved": "done"}.get(job.state, job.state)
            self.sweep_grid.set_cell_state(place, state, job.error or "", job_id=job.id)
            for result in job.results:
                if result.path is not None:
                    self.sweep_grid.add_result(place, result.index, result.path, result.seed)
        self.statusBar().showMessage(
            translate("MainWindow", "Restored the sweep: “Sweep again…” sends it anew."), 8000
        )

    def delete_history_group(self, group: GroupRow) -> None:
        """History's Delete… on a group's entry: every job of it and their files."""
        assert self.history is not None
        if any(job.state == "running" for job in group.jobs):  # their images are on the way
            self.show_error(
                translate("MainWindow", "Wait until its jobs have finished, then delete it.")
            )
            return
        images = sum(1 for job in group.jobs for r in job.results if r.path)
        if not self.ask_confirm(
            translate("MainWindow", "Delete “{title}”?").format(title=group.title),
            translate(
                "MainWindow", "Its {jobs} jobs and their {images} images will be deleted from disk."
            ).format(jobs=len(group.jobs), images=images),
        ):
            return
        self.history.delete_group(group.id)
        if self.sweep_grid.group_id == group.id:
            if self.pages.currentWidget() is self.sweep_grid:
                self.show_editor()
            self.sweep_grid.release()
            self.grid_action.setEnabled(False)
        self.history_panel.reload()

    # ================================================================= contact sheet

    def choose_sheet_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Export the contact sheet"),
            str(Path(self.last_folder or Path.home()) / "sweep.png"),
            "PNG (*.png)",
        )
        if path:
            self.export_sheet(Path(path) if path.lower().endswith(".png") else Path(f"{path}.png"))

    def export_sheet(self, target: Path) -> None:
        """Draw the sweep's contact sheet from the history (every saved image in its colour
        profile, the ★ winners framed, a word in each empty cell) on a thread."""
        grid, history = self.sweep_grid, self.history
        group_id = grid.group_id
        if grid.plan is None or history is None or group_id is None or group_id < 0:
            return
        relay = self._sheet_relay
        self.statusBar().showMessage(translate("MainWindow", "Drawing the contact sheet…"))

        def work() -> None:
            try:
                group = history.group(group_id)
                if group is None:
                    raise StudioError(
                        translate("MainWindow", "This sweep is no longer in History.")
                    )
                write_atomic(target, sheet_png(group_sheet(group)))
                relay.done.emit(target)
            except (OSError, StudioError) as error:
                reason = getattr(error, "message", None) or getattr(error, "strerror", None)
                relay.done.emit(
                    translate(
                        "MainWindow", "The contact sheet could not be saved to {path} ({reason})."
                    ).format(path=target, reason=reason or type(error).__name__)
                )
            except Exception:  # a bug: the log has it, the user one sentence
                log.exception("the contact sheet failed")
                relay.done.emit(translate("MainWindow", "The contact sheet could not be drawn."))

        threading.Thread(target=work, name="contact-sheet", daemon=True).start()

    def _sheet_written(self, answer: object) -> None:
        if isinstance(answer, Path):
            self.statusBar().showMessage(
                translate("MainWindow", "Contact sheet saved: {path}").format(path=answer), 10000
            )
        else:
            self.show_error(str(answer))
