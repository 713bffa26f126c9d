"""The mask preview, the preferences, and bringing back a session or a job from History:
a mixin of MainWindow (texts in its context)."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter

from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobRow, ResultRow
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.model.document import MaskPreview
from ideogram_studio.ui.appearance import Appearance
from ideogram_studio.ui.language import SYSTEM
from ideogram_studio.ui.preferences import (
    language_preference,
    load_options,
    load_tools,
    restore_layout,
    save_layout,
    save_options,
    save_tools,
)


class SessionMixin:
    """Preview, preferences and restoring, of MainWindow."""

    # ================================================================= preview

    def toggle_preview(self, on: bool) -> None:
        if not on:
            if self.pages.currentWidget() is self.preview:
                self.show_editor()
            return
        if self.document.engine is None:
            self.options.preview.setChecked(False)
            return
        self.document.request_preview()
        self.statusBar().showMessage(translate("MainWindow", "Preparing the mask preview…"))

    def _show_preview(self, preview: MaskPreview, number: int) -> None:
        if not self.document.is_current_preview(number) or not self.options.preview.isChecked():
            return
        width, height = preview.size
        self.preview.caption = translate(
            "MainWindow", "Sent mask: {width} × {height} px · black is edited, white is kept"
        ).format(width=width, height=height)
        self.preview.set_image(preview.mask)
        self.pages.setCurrentWidget(self.preview)
        self.statusBar().showMessage(
            " ".join(preview.notes)
            or translate("MainWindow", "This is the mask exactly as it is sent."),
            10000,
        )

    def _preview_failed(self, message: str, number: int) -> None:
        if self.document.is_current_preview(number):
            self.options.preview.setChecked(False)
            self.show_error(message)

    def show_editor(self) -> None:
        self.compare.release()  # a view left behind: stop reading, free its pictures
        self.wipe.release()
        self.options.preview.blockSignals(True)
        self.options.preview.setChecked(False)
        self.options.preview.blockSignals(False)
        self.pages.setCurrentWidget(self.canvas if self.image is not None else self.welcome)

    # ================================================================= session and history

    def save_preferences(self) -> None:
        """Window layout, last folder, the options and the tool settings, for the next run."""
        prefs = self.preferences
        save_layout(prefs, self, self._splitters(), self.last_folder)
        save_options(prefs, self.document.chosen_options)
        save_tools(prefs, self.canvas)
        prefs.sync()

    def load_preferences(self) -> None:
        prefs = self.preferences
        self.last_folder = restore_layout(prefs, self, self._splitters())
        try:
            appearance = Appearance(str(prefs.value("window/appearance", Appearance.SYSTEM.value)))
        except ValueError:
            appearance = Appearance.SYSTEM
        self.set_appearance(appearance, remember=False)
        language = language_preference(prefs)
        self.language_actions.get(language, self.language_actions[SYSTEM]).setChecked(True)
        self.document.set_options(load_options(prefs, self.document.options))
        load_tools(prefs, self.canvas)
        self.tool_options.sync()

    def _splitters(self) -> dict[str, QSplitter]:
        return {"splitter": self.splitter, "side": self.side_splitter}

    def restore_session(self) -> bool:
        """Bring back the last session's photo, mask and options, as they were."""
        if not self.document.restore_session():
            return False
        self.statusBar().showMessage(
            translate("MainWindow", "Restored {name} as you left it.").format(
                name=self.document.name
            ),
            8000,
        )
        return True

    def _history_changed(self) -> None:
        if self.history is not None and self.side_tabs.currentWidget() is self.history_panel:
            self.history_panel.reload()

    def restore_job(self, job: JobRow, result: ResultRow | None) -> None:
        """Put back the job's photo, its mask as painted and every setting, ready to generate."""
        question = translate(
            "MainWindow",
            "The mask you painted has not been used yet. Restore this job and discard it?",
        )
        if not self.confirm_discard_mask(question):
            return
        try:
            note = self.document.restore_job(job, result)
        except StudioError as error:
            self.show_error(error.message)
            return
        if note:
            self.show_error(note)
        self.statusBar().showMessage(
            translate("MainWindow", "Restored: generate again, or change anything first."), 8000
        )

    def restore_group(self, group: GroupRow) -> None:
        """Bring back a group from History (a sweep as its grid, a batch, prompt regions):
        each kind's mixin registers how in `self.group_restorers`."""
        restorer = self.group_restorers.get(group.kind)
        if restorer is None:
            self.show_error(
                translate(
                    "MainWindow", "This version cannot restore a {kind} from History."
                ).format(kind=group.kind)
            )
            return
        restorer(group)
