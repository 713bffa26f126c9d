"""File ▸ Batch edit…: one edit over many photos from the window, its progress window, the
offer to resume an unfinished batch on start, and resuming one from History. A mixin of
MainWindow (texts in its context). The batch runs on a QThread (jobs/batch_worker.py); its
photos and the window's own jobs share the images in flight (one ImageSlots)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import cv2
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from ideogram_studio.backends.batch import (
    BatchProgress,
    BatchSpec,
    ImageSlots,
    MaskSource,
    batch_estimate,
    collect_photos,
    options_per_photo,
    region_choice,
    spec_from_description,
)
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.core.files import write_atomic
from ideogram_studio.core.imageio import encode_png
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.batch_plan import plan_of, preview
from ideogram_studio.jobs.batch_run import BatchReport, BatchRun, PhotoResult
from ideogram_studio.jobs.batch_worker import BatchJob
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.spend import over_limit
from ideogram_studio.ui.batch_dialog import FOLDER, PAINTED, BatchDialog, BatchProgressView


def unanswered_in_window(photo: Path) -> str:
    return translate(
        "MainWindow",
        "{photo} was sent but its answer never came, so it may have been billed; it is not "
        "sent again (press Send again… once the batch ends to send it on purpose).",
    ).format(photo=photo.name)


class BatchMixin:
    """Batches of MainWindow."""

    batch: BatchJob | None = None
    batch_view: BatchProgressView | None = None

    def _bind_batch(self) -> None:
        self.batch_slots = ImageSlots(self.document.settings.images_in_flight)
        self.jobs.borrowed = lambda: self.batch_slots.taken if self.batch_active() else 0
        self.jobs.changed.connect(lambda _record: self._share_slots())
        self.group_restorers["batch"] = self.resume_batch_group
        self._close_when_batch_ends = False
        QTimer.singleShot(0, self.offer_unfinished_batch)

    def batch_active(self) -> bool:
        return self.batch is not None and self.batch.active

    def _share_slots(self) -> None:
        self.batch_slots.limit = max(1, self.document.settings.images_in_flight)
        self.batch_slots.set_outside(self.jobs.own_images())

    # ------------------------------------------------------------------ starting

    def open_batch_dialog(self) -> BatchDialog | None:
        """File ▸ Batch edit…: ask what to run, then run it (returns the dialog for tests)."""
        if self.batch_active():
            self.show_batch_view()
            return None
        document = self.document
        options = document.options
        dialog = BatchDialog(
            prompt=options.prompt,
            # A batch runs one edit: with several prompt regions, which mask and prompt
            # would be a guess (the active region's alone was sent before).
            painted=document.engine is not None
            and document.mask_has_area
            and not document.regions.several,
            summary_of=self._batch_summary,
            out=document.jobs.store.folder / "batch",
            folder=str(self.last_folder or ""),
            parent=self,
        )
        if document.regions.several:
            dialog.painted.setToolTip(
                translate(
                    "MainWindow",
                    "A batch runs one edit: with several prompt regions, use masks by name, "
                    "or remove all regions but one.",
                )
            )
        dialog.accepted.connect(lambda: self.start_batch_from(dialog))
        dialog.open()
        return dialog

    def _batch_summary(self, dialog: BatchDialog) -> tuple[str, bool]:
        """The dialog's count and price: only the photos that would be sent cost."""
        out = dialog.out_folder()
        photos = dialog.photo_list()
        if out is None or not photos:
            return translate("MainWindow", "No photos were found."), False
        spec = self._dialog_spec(dialog, out, photos, self._batch_mask(dialog, out, write=False))
        document = self.document
        plan = preview(spec, self.history, document.settings)
        per_photo = document.settings.estimate_edit(spec.options, document.provider().kind)
        return plan.text(batch_estimate(per_photo, len(plan.send)).text()), plan.anything_to_do

    def start_batch_from(self, dialog: BatchDialog) -> BatchJob | None:
        out = dialog.out_folder()
        photos = dialog.photo_list()
        if out is None or not photos:
            return None
        try:
            mask = self._batch_mask(dialog, out)
        except OSError as error:
            self.show_error(
                translate(
                    "MainWindow", "The mask cannot be written to {folder} ({reason})."
                ).format(folder=out, reason=error.strerror)
            )
            return None
        return self.start_batch(self._dialog_spec(dialog, out, photos, mask))

    def _dialog_spec(
        self, dialog: BatchDialog, out: Path, photos: list[Path], mask: MaskSource
    ) -> BatchSpec:
        options = self.document.options
        # The panel's region box follows the photo open now (off for a small one): off, each
        # photo decides by its own size as the command line does, so a 24 MP photo is never
        # sent whole and returned at one megapixel because a small one was open.
        region = region_choice(
            True if options.edit_region else None,
            options.margin,
            options.feather,
            options.upscale_region,
        )
        return BatchSpec(
            tuple(photos),
            tuple(str(path) for path in dialog.inputs),
            mask,
            options,
            out.resolve(),
            options_per_photo(options, region),
            region,
        )

    def _painted_mask_file(self) -> tuple[bytes, str]:
        """The painted mask as its PNG and file name, encoded once per state of the mask:
        the dialog asks on every change it shows (a 24 MP mask takes a tenth of a second)."""
        engine = self.document.engine
        assert engine is not None
        key = (id(engine), engine.revision)
        cached = getattr(self, "_painted_mask_cache", None)
        if cached is None or cached[0] != key:
            png = encode_png(cv2.bitwise_not(engine.data))
            name = f"ideogram-batch-mask-{hashlib.sha256(png).hexdigest()[:12]}.png"
            cached = self._painted_mask_cache = (key, png, name)
        return cached[1], cached[2]

    def _batch_mask(self, dialog: BatchDialog, out: Path, *, write: bool = True) -> MaskSource:
        choice = dialog.mask_choice()
        if choice == PAINTED:
            # The painted mask as a file beside the results (black = edit, soft edges kept),
            # so the batch resumes with it after a quit, whatever is painted by then.
            png, name = self._painted_mask_file()
            file = out / name
            if write and not file.exists():
                out.mkdir(parents=True, exist_ok=True)
                write_atomic(file, png)
            return MaskSource("one", file.resolve())
        if choice == FOLDER and dialog.mask_folder is not None:
            return MaskSource("folder", dialog.mask_folder.resolve())
        return MaskSource("beside")

    def start_batch(
        self, spec: BatchSpec, *, resend_unanswered: bool = False, group_id: int | None = None
    ) -> BatchJob | None:
        """Run `spec` on its thread, with its progress window; None when refused."""
        document = self.document
        current = document.provider()
        if current.kind is not ProviderKind.LOCAL and not current.key:
            self.show_error(
                translate(
                    "MainWindow", "Add your API key in Settings, or choose Local to work offline."
                )
            )
            return None
        try:
            provider = current.provider()
        except StudioError as error:
            self.show_error(error.message)
            return None
        run = BatchRun(
            spec,
            provider=provider,
            api_key=current.key,
            store=ResultStore(spec.out, document.jobs.store.saving),
            history=self.history,
            settings=document.settings,
            slots=self.batch_slots,
            resend_unanswered=resend_unanswered,
            group_id=group_id,
            unanswered_sentence=unanswered_in_window,
        )
        per_photo = document.settings.estimate_edit(spec.options, current.kind)
        estimate = batch_estimate(per_photo, len(plan_of(run).send))  # what is sent costs
        overrun = over_limit(self.history, estimate, document.settings.daily_limit)
        if overrun is not None:
            question = translate(
                "MainWindow",
                "This batch, about {job}, would bring today's estimated spend to {after}, over "
                "your daily limit of {limit}. Send it anyway?",
            ).format(**overrun.facts())
            if not self.ask_over_limit(question):
                return None
        self._share_slots()
        settled = run.settled_failures()  # planned here: listed before the run starts
        job = BatchJob(run, parent=self)
        self.batch = job
        if self.batch_view is not None:  # the last batch's window gives way to this one
            self.batch_view.close()
        view = BatchProgressView(
            spec.title(),
            spec.out,
            pause=job.control.pause,
            resume=job.control.resume,
            cancel=job.control.cancel,
            resend=self.resend_unanswered_photos,
            parent=self,
        )
        self.batch_view = view
        for result in settled:
            view.show_failure(result.error or result.photo.name)
        if settled:
            view.offer_resend()
        job.progressed.connect(self._batch_progressed)
        job.photo_ended.connect(self._batch_photo_ended)
        job.ended.connect(self._batch_ended)
        view.show_progress(job.progress)
        view.show()
        job.start()
        return job

    def resend_unanswered_photos(self) -> BatchJob | None:
        """Send again… of the progress window: the photos sent before whose answer never
        came, after asking (they may have been billed already)."""
        job = self.batch
        if job is None or job.active:
            return None
        unanswered = [r for r in job.run.settled_failures() if r.photo in set(job.spec.photos)]
        if not unanswered:
            return None
        document = self.document
        per_photo = document.settings.estimate_edit(job.spec.options, document.provider().kind)
        price = batch_estimate(per_photo, len(unanswered)).text()
        if not self.ask_resend(len(unanswered), price):
            return None
        group_id = job.report.group_id if job.report else None
        return self.start_batch(job.spec, resend_unanswered=True, group_id=group_id)

    def ask_resend(self, count: int, price: str) -> bool:
        many = translate(
            "MainWindow",
            "{count} photos were sent before but their answer never came, so they may have "
            "been billed already. Send them again ({price})?",
        )
        one = translate(
            "MainWindow",
            "1 photo was sent before but its answer never came, so it may have been billed "
            "already. Send it again ({price})?",
        )
        text = (one if count == 1 else many).format(count=count, price=price)
        answer = QMessageBox.question(self, translate("MainWindow", "Send again?"), text)
        return answer == QMessageBox.StandardButton.Yes

    def show_batch_view(self) -> None:
        if self.batch_view is not None:
            self.batch_view.show()
            self.batch_view.raise_()

    # ------------------------------------------------------------------ running

    def _batch_progressed(self, progress: BatchProgress) -> None:
        if self.batch_view is not None:
            self.batch_view.show_progress(progress)
        self.jobs.reconsider()  # places the batch gave back may start a waiting job

    def _batch_photo_ended(self, result: PhotoResult) -> None:
        if result.state == "failed" and self.batch_view is not None:
            self.batch_view.show_failure(result.error or result.photo.name)
        self._history_changed()

    def _batch_ended(self, report: BatchReport | None) -> None:
        job = self.batch
        if job is not None and self.batch_view is not None:
            self.batch_view.show_end(report, job.progress, job.error or "")
        self.jobs.reconsider()
        self._history_changed()
        if self._close_when_batch_ends:
            self.close()

    # ------------------------------------------------------------------ resuming

    def unfinished_batches(self) -> list[GroupRow]:
        if self.history is None:
            return []
        try:
            groups = self.history.groups("batch", limit=20)
        except Exception:  # a locked history: nothing is offered
            return []
        return [g for g in groups if not g.state.get("finished") and g.spec.get("photos")]

    def offer_unfinished_batch(self) -> None:
        """On start: an unfinished batch (a crash, a quit) is offered for resuming."""
        if self.batch_active():
            return
        unfinished = self.unfinished_batches()
        if unfinished:
            self.resume_batch_group(unfinished[0])

    def ask_resume_batch(self, group: GroupRow, summary: str) -> bool:
        """Before a batch of History runs again: its count and price, then Resume."""
        state = group.state
        text = translate(
            "MainWindow",
            "The batch “{title}” did not finish ({done} saved, {left} left). Resume it now? "
            "Photos already saved are not sent again.",
        ).format(title=group.title, done=state.get("done", 0), left=state.get("left", "?"))
        box = QMessageBox(self)
        box.setWindowTitle(translate("MainWindow", "Resume the batch?"))
        box.setText(text)
        box.setInformativeText(summary)
        resume = box.addButton(translate("MainWindow", "Resume"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(resume)
        box.exec()
        return box.clickedButton() is resume

    def resume_batch_group(self, group: GroupRow) -> BatchJob | None:
        """Run a batch of History again once the user saw its count and price and pressed
        Resume: what was saved is skipped, what was answered is fetched, nothing paid for is
        sent twice."""
        if self.batch_active():
            self.show_batch_view()
            return None
        described = spec_from_description(group.spec)
        try:  # photos added to its folders since join it, as a re-run of the CLI does
            inputs = [Path(i) for i in described.inputs]
            photos = collect_photos(inputs, described.out) or described.photos
        except StudioError:
            photos = list(described.photos)
        spec = replace(described, photos=tuple(photos))
        document = self.document
        plan = preview(spec, self.history, document.settings)
        per_photo = document.settings.estimate_edit(spec.options, document.provider().kind)
        summary = plan.text(batch_estimate(per_photo, len(plan.send)).text())
        if not self.ask_resume_batch(group, summary):
            return None
        return self.start_batch(spec, group_id=group.id)

    # ------------------------------------------------------------------ closing

    def may_close_with_batch(self) -> bool:
        """Before the window closes: a running batch is asked about (like jobs)."""
        if not self.batch_active() or self._close_when_batch_ends:
            return True
        choice = self.ask_close_batch()
        if choice == "wait":
            assert self.batch is not None
            self.batch.control.cancel()  # no new photo; those at the server are saved
            self._close_when_batch_ends = True
            if self.batch_view is not None:
                self.batch_view.show_stopping()
            self.statusBar().showMessage(
                translate(
                    "MainWindow",
                    "Ideogram Studio will close when the photos at the server are saved; the "
                    "batch resumes next time.",
                )
            )
            return False
        return choice == "quit"

    def ask_close_batch(self) -> str:
        """'wait' (close once the photos at the server are saved), 'quit' or 'stay'."""
        progress = self.batch.progress if self.batch else None
        box = QMessageBox(self)
        box.setWindowTitle(translate("MainWindow", "A batch is running"))
        box.setText(progress.text() if progress else "")
        said = translate(
            "MainWindow",
            "The batch resumes where it was the next time: saved photos are not sent again.",
        )
        at_server = progress.running if progress else 0
        if at_server:  # what "Quit now" costs: answers that may be billed and never arrive
            said += " " + (
                translate(
                    "MainWindow",
                    "Quit now drops the answer of the photo at the server: it may be billed, "
                    "and it is not sent again unless you choose Send again.",
                )
                if at_server == 1
                else translate(
                    "MainWindow",
                    "Quit now drops the answers of the {count} photos at the server: they may "
                    "be billed, and they are not sent again unless you choose Send again.",
                ).format(count=at_server)
            )
        box.setInformativeText(said)
        wait = box.addButton(
            translate("MainWindow", "Quit when the photos at the server are saved"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        quit_now = box.addButton(
            translate("MainWindow", "Quit now"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(translate("MainWindow", "Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(wait)
        box.exec()
        return {wait: "wait", quit_now: "quit"}.get(box.clickedButton(), "stay")

    def stop_batch(self) -> None:
        """The window closes: the batch stops (the history and its ledger resume it)."""
        if self.batch is not None and self.batch.thread.isRunning():
            self.batch.stop(abandon=not self._close_when_batch_ends)
