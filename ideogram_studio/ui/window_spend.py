"""What a click costs, in the window: the estimate on the Generate button, History's totals
as jobs end, and the question before a job would pass the daily limit. A mixin of MainWindow
(texts in its context)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from ideogram_studio.i18n import translate


class SpendMixin:
    """The estimate and the daily limit of MainWindow."""

    def _bind_spend(self) -> None:
        self.document.options_changed.connect(lambda _options: self.show_estimate())
        self.document.provider_changed.connect(self.show_estimate)
        self.jobs.ended.connect(lambda _record: self._spend_changed())
        self.show_estimate()

    def show_estimate(self) -> None:
        """Generate says what it would cost: "4 images · about $0.24", and under it why the
        count is not the one asked for, when the images in flight cap it."""
        self.options.set_estimate(self.document.estimate().summary())
        self.options.set_backend(self.document.max_images(), self.document.backend_note())

    def _spend_changed(self) -> None:
        panel = getattr(self, "history_panel", None)
        if panel is not None:
            panel.show_spend()

    def may_spend(self) -> bool:
        """Before a job is queued: True, unless it would bring today's estimated spend over the
        daily limit and the user says not to send it."""
        overrun = self.document.limit_overrun()
        if overrun is None:
            return True
        question = translate(
            "MainWindow",
            "This job, about {job}, would bring today's estimated spend to {after}, over your "
            "daily limit of {limit}. Send it anyway?",
        ).format(**overrun.facts())
        if self.ask_over_limit(question):
            return True
        self.statusBar().showMessage(
            translate("MainWindow", "Nothing was sent: the job would pass your daily limit."), 8000
        )
        return False

    def ask_over_limit(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            translate("MainWindow", "Over your daily limit"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,  # Enter sends nothing
        )
        return answer == QMessageBox.StandardButton.Yes
