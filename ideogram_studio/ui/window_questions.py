"""The questions the main window asks, each in one method so tests can answer them.
A mixin of MainWindow (texts in its context)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from ideogram_studio.i18n import translate


class QuestionsMixin:
    """Modal questions of MainWindow."""

    # ================================================================= questions

    def ask_confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def ask_pixels(self, title: str, prompt: str) -> int | None:
        value, ok = QInputDialog.getInt(self, title, prompt, 8, 1, 500)
        return value if ok else None

    def ask_keep_mask(self) -> str | None:
        """'keep', 'clear', or None to stay as it is."""
        box = QMessageBox(self)
        box.setWindowTitle(translate("MainWindow", "Use as input"))
        if self.document.regions.several:  # every region's mask and prompt stay or go
            question = translate("MainWindow", "Keep the painted regions on the new image?")
            keep_text = translate("MainWindow", "Keep regions")
            clear_text = translate("MainWindow", "Clear regions")
        else:
            question = translate("MainWindow", "Keep the painted mask on the new image?")
            keep_text = translate("MainWindow", "Keep mask")
            clear_text = translate("MainWindow", "Clear mask")
        box.setText(question)
        keep = box.addButton(keep_text, QMessageBox.ButtonRole.AcceptRole)
        clear = box.addButton(clear_text, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {keep: "keep", clear: "clear"}.get(box.clickedButton())

    def confirm_discard_mask(self, question: str | None = None) -> bool:
        """Ask before an unused mask is replaced; `question` says what replaces it."""
        painted = self.document.mask_has_area or self.document.regions.several  # any region's
        if not (self.document.mask_unsent and painted):
            return True
        answer = QMessageBox.question(
            self,
            translate("MainWindow", "Discard the mask?"),
            question
            or translate(
                "MainWindow",
                "The mask you painted has not been used yet. Open another image and discard it?",
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_close(self) -> str:
        """'cancel' (cancel jobs and quit), 'wait' (quit when they finish) or 'stay'."""
        count = len(self.jobs.active())
        box = QMessageBox(self)
        box.setWindowTitle(translate("MainWindow", "Jobs are still running"))
        box.setText(
            translate("MainWindow", "{count} jobs are still running or waiting.").format(
                count=count
            )
            if count != 1
            else translate("MainWindow", "1 job is still running or waiting.")
        )
        billed = any(record.cancel_token.billable for record in self.jobs.active())
        box.setInformativeText(
            translate(
                "MainWindow",
                "Results already saved are kept either way. A job already sent may be billed: "
                "quitting when they finish saves what comes back.",
            )
            if billed
            else translate("MainWindow", "Results already saved are kept either way.")
        )
        cancel = box.addButton(
            translate("MainWindow", "Cancel jobs and quit"), QMessageBox.ButtonRole.DestructiveRole
        )
        wait = box.addButton(
            translate("MainWindow", "Quit when they finish"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(translate("MainWindow", "Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(wait)  # Enter keeps what may be paid for
        box.exec()
        return {cancel: "cancel", wait: "wait"}.get(box.clickedButton(), "stay")
