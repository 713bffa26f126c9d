"""What the gallery and the History tab offer: compare, before/after, continue from a result,
save, copy, reuse settings, delete jobs. A mixin of MainWindow (texts in its context).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from ideogram_studio.backends.outcome import Cancelled, CancelToken
from ideogram_studio.backends.references import recorded_files
from ideogram_studio.backends.request import EditOptions
from ideogram_studio.core.encode import encode_copy
from ideogram_studio.core.imageio import load_image, thumbnail
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobRow
from ideogram_studio.jobs.queue import JobRecord, JobState
from ideogram_studio.jobs.refetch import fetch_job
from ideogram_studio.ui.compare import saved_reference
from ideogram_studio.ui.gallery import ERROR_COLOUR, Entry
from ideogram_studio.ui.views import Pyramid, qimage_from_array

log = logging.getLogger(__name__)


class FetchRelay(QObject):
    """Brings a fetch's report from its thread to the window (queued: Qt's rule for signals
    emitted on another thread)."""

    # JobRow, and (list[Fetched] | str, the sentence of a failure; their thumbnails by index)
    done = Signal(object, object)


class ResultsMixin:
    """The gallery's and the History tab's actions of MainWindow."""

    def _say_storage(self, fallback: Path | None) -> None:
        """A data folder that cannot be written, said once at start: results go to `fallback`
        instead, or, with nowhere to keep them, Generate waits (an edit would bill them)."""
        problem = self._storage_problem
        if not problem:
            return
        if fallback is not None:
            elsewhere = translate("MainWindow", "Results are saved in {folder} instead.")
            self.show_error(f"{problem} {elsewhere.format(folder=fallback)}")
        else:
            self.show_error(problem)
            self.document.results_unwritable = True

    def _check_storage(self) -> None:
        """An autosave that failed (a full or read-only disk) is said once, in the banner."""
        problem = self.document.session.problem
        if problem and not self._storage_problem:  # a data folder said unwritable says it all
            self._storage_problem = problem
            self.show_error(problem)

    def fetch_again(self, job: JobRow) -> None:
        """History's *Fetch again*: the job's unsaved images, downloaded on a thread (a daemon
        one: a stalled server cannot hold the app when it quits)."""
        if getattr(self, "_fetch_cancel", None) is not None:
            self.statusBar().showMessage(
                translate("MainWindow", "The images of a job are being fetched already."), 6000
            )
            return
        relay = getattr(self, "_fetch_relay", None)
        if relay is None:
            relay = self._fetch_relay = FetchRelay(self)
            relay.done.connect(self._fetched)
        cancel = self._fetch_cancel = CancelToken()
        archive = self.history
        self.statusBar().showMessage(
            translate("MainWindow", "Fetching the images of this job again…")
        )

        thumbs: dict[int, np.ndarray] = {}

        def work() -> None:
            try:
                report: object = fetch_job(job, archive, cancel=cancel)
                # Their tiles' thumbnails, made here: reading a 24 MP file takes a while.
                for fetched in report:  # type: ignore[attr-defined]
                    if fetched.path is not None:
                        with contextlib.suppress(StudioError):  # saved; only its tile waits
                            thumbs[fetched.index] = thumbnail(load_image(fetched.path))
            except Cancelled:
                return
            except OSError as error:
                log.warning("fetching again: saving failed", exc_info=True)
                report = translate(
                    "MainWindow", "The fetched images could not be saved ({reason})."
                ).format(reason=error.strerror or type(error).__name__)
            except Exception:  # a bug: the log has it, the user gets one sentence
                log.exception("fetching again failed")
                report = translate("MainWindow", "The images could not be fetched again.")
            relay.done.emit(job, (report, thumbs))

        threading.Thread(target=work, name="refetch", daemon=True).start()

    def _fetched(self, job: JobRow, answer: object) -> None:
        self._fetch_cancel = None
        report, thumbs = answer  # type: ignore[misc]
        if isinstance(report, str):
            self.show_error(report)
            return
        fetched = [f for f in report if f.path is not None]  # type: ignore[attr-defined]
        failures = [f for f in report if f.error]  # type: ignore[attr-defined]
        for image in fetched:  # the job's card, if it is shown, no longer says "Not available"
            small = thumbs.get(image.index)
            if small is not None:
                self.gallery.fetched(job.job_key, job.id, image.index, image.path, small)
        if failures:
            first = failures[0]
            self.show_error(
                translate("MainWindow", "Image {number}: {reason}").format(
                    number=first.index + 1, reason=first.error
                )
            )
        total = len(fetched) + len(failures)
        self.statusBar().showMessage(
            translate("MainWindow", "{saved} of {total} images fetched.").format(
                saved=len(fetched), total=total
            ),
            10000,
        )
        self._history_changed()

    def stop_fetching(self) -> None:
        cancel = getattr(self, "_fetch_cancel", None)
        if cancel is not None:
            cancel.cancel()

    # ================================================================= jobs

    def _job_added(self, record: JobRecord) -> None:
        source = record.request.shown()
        pyramid = self.canvas.pyramid
        if pyramid is not None and pyramid.arrays[0] is source:
            source = pyramid.arrays[-1]  # the smallest display level: no 24 MP resize here
        self.gallery.add_job(record, thumbnail(source))

    def _job_changed(self, record: JobRecord) -> None:
        self.gallery.refresh(record)
        if record.state is JobState.FAILED:
            self.statusBar().showMessage(
                translate("MainWindow", "Job #{number} failed: {reason}").format(
                    number=record.number, reason=record.message
                ),
                10000,
            )
            self._unseen(failed=1)
        elif record.state is JobState.DONE and record.outcome and record.job:
            # What the server said besides (an endpoint deprecated): the upload's own notes
            # are the job's, shown with it; these are said once, here.
            said = [note for note in record.outcome.notes if note not in record.job.notes]
            if said:
                self.statusBar().showMessage(" ".join(said), 15000)

    def _item_saved(self, record: JobRecord, item: object, small: np.ndarray) -> None:
        self.gallery.add_result(record, item, small)  # type: ignore[arg-type]
        self._unseen(new=1)

    def _unseen(self, *, failed: int = 0, new: int = 0) -> None:
        """While another tab is shown, the Results tab counts the failed jobs and the new
        images the user has not seen yet (a failure in red), until it is shown."""
        if self.side_tabs.currentWidget() is self.gallery:
            return
        seen_failed, seen_new = getattr(self, "_unseen_counts", (0, 0))
        self._unseen_counts = (seen_failed + failed, seen_new + new)
        self._show_results_badge()

    def _side_tab_shown(self) -> None:
        if self.side_tabs.currentWidget() is self.gallery:
            self._unseen_counts = (0, 0)
            self._show_results_badge()
        self._history_changed()

    def _show_results_badge(self) -> None:
        failed, new = getattr(self, "_unseen_counts", (0, 0))
        if failed and new:
            text = translate("MainWindow", "Results ({failed} failed, {new} new)")
        elif failed:
            text = translate("MainWindow", "Results ({failed} failed)")
        elif new:
            text = translate("MainWindow", "Results ({new} new)")
        else:
            text = translate("MainWindow", "Results")
        index = self.side_tabs.indexOf(self.gallery)
        self.side_tabs.setTabText(index, text.format(failed=failed, new=new))
        bar = self.side_tabs.tabBar()
        bar.setTabTextColor(index, QColor(ERROR_COLOUR) if failed else QColor())
        self.side_tabs.setTabToolTip(
            index,
            translate("MainWindow", "A job failed: its card says why") if failed else "",
        )

    # ================================================================= results

    def _gallery_selection_changed(self) -> None:
        chosen = [
            e for e in self.gallery.selected() if e.item is not None and e.item.seed is not None
        ]
        self.options.reuse_seed.setEnabled(len(chosen) == 1)

    def show_compare(self, entries: list[Entry]) -> None:
        results = [entry for entry in entries if not entry.is_original]
        if not results:
            return
        record = results[0].record
        original = record.request.shown()
        panes: list[tuple[str, Callable[[], np.ndarray]]] = []
        if not any(entry.is_original for entry in entries):
            panes.append((translate("MainWindow", "Original"), lambda: original))
        references = [None] * len(panes) + [self._reference_for(entry) for entry in entries]
        panes += [(entry.title, entry.pixels) for entry in entries]
        region = record.request.options.region
        feather = region.feather if region is not None else 0
        self.compare.open(
            panes[:5],
            original,
            self._pyramid_of(original),
            record.request.mask,
            feather,
            references[:5],
        )
        self.pages.setCurrentWidget(self.compare)

    @staticmethod
    def _reference_for(entry: Entry) -> Callable[[], np.ndarray] | None:
        """For a region edit saved in a lossy format: the original saved the same way."""
        path = entry.item.path if entry.item is not None else None
        request = entry.record.request
        if path is None or request.options.region is None:
            return None
        return saved_reference(request.image, request.info, path, request.shown)

    def show_wipe(self, entry: Entry) -> None:
        before = entry.record.request.shown()
        self.wipe.open(
            before,
            entry.pixels,
            translate("MainWindow", "Original ◀ ▶ {result}").format(result=entry.title),
            self._pyramid_of(before),
        )
        self.pages.setCurrentWidget(self.wipe)

    def _pyramid_of(self, pixels: np.ndarray) -> Pyramid | None:
        """The editor's display pyramid when `pixels` is the photo open in it (no rebuild)."""
        pyramid = self.canvas.pyramid
        return pyramid if pyramid is not None and pyramid.arrays[0] is pixels else None

    def _view_failed(self, message: str) -> None:
        self.show_editor()
        self.show_error(message)

    def use_as_input(self, entry: Entry) -> None:
        """The result becomes the photo being edited; the user keeps or clears the mask."""
        name = (
            entry.item.path.name
            if entry.item and entry.item.path
            else translate("MainWindow", "Original")
        )
        try:
            photo = entry.photo(name)
        except StudioError as error:
            self.show_error(error.message)
            return
        keep = False
        if self.document.mask_has_area:
            choice = self.ask_keep_mask()
            if choice is None:
                return
            keep = choice == "keep"
        self.document.use_as_input(photo, keep_mask=keep)

    def save_result_as(self, entry: Entry) -> None:
        suggested = entry.item.path.name if entry.item and entry.item.path else "original.png"
        suffix = Path(suggested).suffix.lower()
        kind = {".jpg": "JPEG", ".webp": "WebP", ".tif": "TIFF"}.get(suffix, "PNG")
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Save the image as"),
            suggested,
            f"{kind} (*{suffix or '.png'})",
        )
        if path:
            self.save_entry(entry, Path(path))

    def save_entry(self, entry: Entry, target: Path) -> bool:
        """A copy of the saved file (with its metadata), or the original as a lossless PNG in
        its own terms (depth, profile, EXIF)."""
        try:
            if entry.item is not None and entry.item.path is not None:
                shutil.copyfile(entry.item.path, target)
            else:
                request = entry.record.request
                target.write_bytes(encode_copy(request.image, request.info, texts={}))
        except OSError as error:
            self.show_error(
                translate(
                    "MainWindow", "The image could not be saved to {path} ({reason})."
                ).format(path=target, reason=error.strerror)
            )
            return False
        self.statusBar().showMessage(
            translate("MainWindow", "Saved {path}").format(path=target), 8000
        )
        return True

    def copy_result(self, entry: Entry) -> None:
        QApplication.clipboard().setImage(
            qimage_from_array(np.ascontiguousarray(entry.pixels())).copy()
        )
        self.statusBar().showMessage(translate("MainWindow", "Image copied."), 4000)

    def open_result_folder(self, entry: Entry) -> None:
        folder = (
            entry.item.path.parent if entry.item and entry.item.path else self.jobs.store.folder
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reuse_settings(self, entry: Entry) -> None:
        seed = entry.item.seed if entry.item is not None else None
        request, current = entry.record.request, self.document.options
        parameters = request.describe() | recorded_files(request.options)
        self.document.set_options(
            EditOptions.from_parameters(request.options.prompt, parameters, seed, current)
        )

    def use_as_style_reference(self, entry: Entry) -> None:
        """The result's file becomes a style reference of the next edit, with Ideogram 3.0
        (the only API that takes one): the panel shows it in its list."""
        path = entry.item.path if entry.item is not None else None
        if path is not None:
            self.options.add_style_reference(str(path))
            self.statusBar().showMessage(
                translate("MainWindow", "{name} is a style reference for Ideogram 3.0.").format(
                    name=path.name
                ),
                8000,
            )

    def use_as_character_reference(self, entry: Entry) -> None:
        path = entry.item.path if entry.item is not None else None
        if path is not None:
            self.options.use_character_reference(str(path))
            self.statusBar().showMessage(
                translate(
                    "MainWindow", "{name} is the character reference for Ideogram 3.0."
                ).format(name=path.name),
                8000,
            )

    def reuse_seed(self) -> None:
        chosen = [
            e for e in self.gallery.selected() if e.item is not None and e.item.seed is not None
        ]
        if chosen:
            self.options.set_seed(chosen[0].item.seed)  # type: ignore[union-attr, arg-type]

    def delete_job(self, job: JobRow) -> None:
        assert self.history is not None
        count = sum(1 for r in job.results if r.path)
        if not self.ask_confirm(
            translate("MainWindow", "Delete this job?"),
            (
                translate("MainWindow", "The job and its {count} images will be deleted from disk.")
                if count != 1
                else translate("MainWindow", "The job and its 1 image will be deleted from disk.")
            ).format(count=count),
        ):
            return
        self.history.delete_job(job.id)
        self.history_panel.reload()

    def purge_history(self) -> None:
        assert self.history is not None
        if not self.ask_confirm(
            translate("MainWindow", "Delete all but favourites?"),
            translate(
                "MainWindow", "Every job without a ★ result is deleted, with its image files."
            ),
        ):
            return
        removed = self.history.delete_all_but_favourites()
        self.history_panel.reload()
        message = (
            translate("MainWindow", "Deleted {count} jobs.")
            if removed != 1
            else translate("MainWindow", "Deleted 1 job.")
        )
        self.statusBar().showMessage(message.format(count=removed), 8000)
