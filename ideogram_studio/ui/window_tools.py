"""Describe and Upscale in the window: Suggest prompts beside the prompt, Upscale… on a result
card and a History result, and the offer to upscale a region's results before blending. A
mixin of MainWindow (texts in its context).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QMenu

from ideogram_studio.backends.prices import estimate_upscale, published
from ideogram_studio.backends.providers import UPSCALE, Provider, ProviderKind
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.service import JobSpec
from ideogram_studio.backends.tool_answers import offline_cannot_describe, offline_cannot_upscale
from ideogram_studio.backends.upscale import Parent, UpscaleOptions, UpscaleRequest, lineage
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobRow, ResultRow
from ideogram_studio.jobs.describing import Describer
from ideogram_studio.jobs.queue import JobRecord
from ideogram_studio.ui.gallery import Entry

log = logging.getLogger(__name__)
SHOWN_CHARACTERS = 90  # a suggestion longer than this is cut in the menu (whole in its tip)


class ToolsMixin:
    """Suggest prompts and Upscale… of MainWindow."""

    def _build_tools(self) -> None:
        self.describer = Describer(self)  # type: ignore[arg-type]
        self.describer.progressed.connect(lambda text: self._say_suggesting(text))
        self.describer.described.connect(self._offer_suggestions)
        self.describer.failed.connect(lambda text: self._say_suggesting(text, failed=True))
        self.suggestions: QMenu | None = None
        self._suggest_failed = False
        self.options.suggest_requested.connect(self.suggest_prompts)
        self.document.photo_changed.connect(self._forget_suggestions)
        # Why Suggest prompts failed is news only until the user changes what it was about.
        self.document.provider_changed.connect(self._forget_failure)
        self.document.provider_changed.connect(self._update_upscale_offer)
        self._update_upscale_offer()
        self.options.prompt.textChanged.connect(self._forget_failure)
        self.gallery.upscale_requested.connect(self.upscale_entry)
        if self.history is not None:
            self.history_panel.upscale_requested.connect(self.upscale_history_result)
        document = self.document
        for signal in (
            document.mask_changed,
            document.options_changed,
            document.provider_changed,
            document.photo_changed,
        ):
            signal.connect(lambda *_args: self._update_region_upscale())

    def stop_describing(self) -> None:
        self.describer.shutdown()

    def _forget_suggestions(self) -> None:
        """Another photo: what was being described, or suggested, was for the one before."""
        self.describer.cancel()
        self._say_suggesting(None)

    # ================================================================= Suggest prompts

    def suggest_prompts(self) -> None:
        """Describe the photo, or the region around the mask when region editing is on, on a
        worker thread; the suggestions are offered to pick from when they come."""
        document = self.document
        if document.photo is None:
            self._say_suggesting(
                translate("MainWindow", "Open a photo first: its description suggests prompts."),
                failed=True,
            )
            return
        current = document.provider()
        if current.kind is ProviderKind.LOCAL:
            self._say_suggesting(offline_cannot_describe(), failed=True)
            return
        try:
            provider = current.provider()
        except RequestError as error:
            self._say_suggesting(error.message, failed=True)
            return
        region = document.options.region is not None and document.mask_has_area
        self.describer.start(document.build_request(), provider, current.key)
        self._say_suggesting(
            translate("MainWindow", "Describing the region around the mask…")
            if region
            else translate("MainWindow", "Describing the photo…")
        )

    def _forget_failure(self) -> None:
        if self._suggest_failed:
            self._say_suggesting(None)

    def _say_suggesting(self, text: str | None, *, failed: bool = False) -> None:
        self._suggest_failed = failed and bool(text)
        note = self.options.suggest_note
        note.setText(text or "")
        note.setStyleSheet("color: #ff8a80;" if failed else "")
        note.setVisible(bool(text))

    def _offer_suggestions(self, texts: list[str]) -> None:
        """The suggested prompts as a menu under the button: picking one sets the prompt."""
        button = self.options.suggest
        if self.suggestions is not None:
            self.suggestions.deleteLater()
        menu = self.suggestions = QMenu(button)
        menu.setToolTipsVisible(True)
        for text in texts:
            shown = text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"
            action = menu.addAction(shown.replace("&", "&&"))
            action.setToolTip(text)
            action.triggered.connect(lambda _checked=False, t=text: self.use_suggestion(t))
        count = len(texts)
        self._say_suggesting(
            (
                translate("MainWindow", "{count} prompts suggested: pick one from the menu.")
                if count != 1
                else translate("MainWindow", "1 prompt suggested: pick it from the menu.")
            ).format(count=count)
        )
        menu.popup(button.mapToGlobal(button.rect().bottomLeft()))

    def use_suggestion(self, text: str) -> None:
        """The prompt becomes `text`, as one step of the prompt's own undo (Ctrl+Z)."""
        prompt = self.options.prompt
        cursor = prompt.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        prompt.setTextCursor(cursor)
        self._say_suggesting(None)

    # ================================================================= Upscale…

    def upscale_entry(self, entry: Entry) -> None:
        """Upscale… on a result card."""
        item = entry.item
        if item is None or item.path is None:
            return
        record: JobRecord = entry.record
        number, result_id = record.number, None
        if self.history is not None and record.job is not None:
            try:
                row = self.history.find(record.job.id)
            except Exception:  # a locked history: the upscale runs, unlinked
                log.warning("the history could not be read", exc_info=True)
                row = None
            if row is not None:
                number = row.id
                result_id = next((r.id for r in row.results if r.index == item.index), None)
        self._upscale(item.path, Parent(number, item.index, result_id, item.path.name))

    def upscale_history_result(self, job: JobRow, result: ResultRow) -> None:
        """Upscale… on a History result."""
        if result.path is None:
            return
        self._upscale(result.path, Parent(job.id, result.index, result.id, result.path.name))
        self.side_tabs.setCurrentWidget(self.gallery)  # where its job card shows

    def _upscale(self, path: Path, parent: Parent) -> JobRecord | None:
        provider, key = self._upscale_provider()
        if provider is None:
            return None
        title = lineage({"api": UPSCALE, "upscale_of": parent.describe()}) or ""
        options = self.ask_upscale(title)
        if options is None:
            return None
        try:
            photo = read_photo(path)
        except StudioError as error:
            self.show_error(error.message)
            return None
        request = UpscaleRequest(photo.pixels, options, photo.info, parent, photo.display)
        estimate = estimate_upscale(options.num_images, published())
        spec = JobSpec(request, provider, key, path.name, api=UPSCALE, estimate=estimate.total)
        record = self.jobs.submit(spec)
        self.statusBar().showMessage(
            translate("MainWindow", "{what} queued as job #{number}.").format(
                what=title, number=record.number
            ),
            6000,
        )
        return record

    def _upscale_provider(self) -> tuple[Provider | None, str | None]:
        """The provider and key an upscale goes to, or (None, None) after saying why not."""
        current = self.document.provider()
        if current.kind is ProviderKind.LOCAL:
            self.show_error(offline_cannot_upscale())
            return None, None
        try:
            provider = current.provider()
            provider.endpoint_for(UPSCALE)
        except RequestError as error:
            self.show_error(error.message)
            return None, None
        return provider, current.key

    def ask_upscale(self, title: str) -> UpscaleOptions | None:
        """The upscale's settings from a small dialog titled `title` ("Upscale of job 12,
        image 2"); None when it is cancelled. Tests replace this modal question."""
        from ideogram_studio.ui.upscale_dialog import UpscaleDialog

        cost = estimate_upscale(1, published()).text()
        dialog = UpscaleDialog(title, cost, parent=self)  # type: ignore[arg-type]
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()

    # ================================================================= region upscale

    def _update_upscale_offer(self) -> None:
        local = self.document.provider().kind is ProviderKind.LOCAL
        self.gallery.offer_upscale(offline_cannot_upscale() if local else None)

    def _update_region_upscale(self) -> None:
        """Offer "Upscale each result before blending" when the region's results would be
        stretched (over twice in either direction), with the cost of the extra upscales."""
        document = self.document
        options = document.options
        if not document.region_upscale_applies():
            self.options.offer_region_upscale(None)
            return
        count = options.num_images
        estimate = document.settings.estimate_upscale(count, document.provider().kind).text()
        cost = (
            translate("MainWindow", "{count} extra upscales · {estimate}")
            if count != 1
            else translate("MainWindow", "1 extra upscale · {estimate}")
        ).format(count=count, estimate=estimate)
        self.options.offer_region_upscale(cost)
