"""File ▸ Batch edit…: which photos, which masks, where the results go, with the count and the
estimated price before anything is sent; and the batch's progress window (non-modal) with its
counts, time left, money spent, Pause/Resume/Cancel, the failures, and Open folder.
Widgets only: the window (window_batch.py) runs the batch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.batch import BatchProgress, collect_photos
from ideogram_studio.errors import StudioError
from ideogram_studio.jobs.batch_run import BatchReport
from ideogram_studio.ui.window_mask import OPEN_FILTER

PAINTED, BESIDE, FOLDER = "painted", "beside", "folder"


def pick_photos(parent: QWidget, title: str, folder: str) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, folder, OPEN_FILTER)
    return [Path(file) for file in files]


def pick_folder(parent: QWidget, title: str, folder: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, folder)
    return Path(chosen) if chosen else None


class BatchDialog(QDialog):
    """The batch to run: `inputs`, `mask_choice()`, `mask_folder`, `out_folder()`."""

    def __init__(
        self,
        *,
        prompt: str,
        painted: bool,
        summary_of: Callable[[BatchDialog], tuple[str, bool]],
        out: Path,
        folder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch edit"))
        self.setMinimumWidth(560)
        self.inputs: list[Path] = []
        self.mask_folder: Path | None = None
        # What the choices would do and its price (from the window: the batch's ledger knows
        # what was saved before), and whether there is anything to start.
        self._summary_of, self._folder = summary_of, folder
        self.photos = QListWidget()
        add_photos = QPushButton(self.tr("Add photos…"))
        add_photos.clicked.connect(self._add_photos)
        add_folder = QPushButton(self.tr("Add folder…"))
        add_folder.clicked.connect(self._add_folder)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self._clear)
        row = QHBoxLayout()
        for button in (add_photos, add_folder, clear):
            row.addWidget(button)
        row.addStretch(1)
        self.painted = QRadioButton(self.tr("The mask painted now, scaled to each photo"))
        self.painted.setEnabled(painted)
        self.beside = QRadioButton(self.tr("Masks beside the photos (photo.mask.png)"))
        self.in_folder = QRadioButton(self.tr("Masks in a folder, by the photos' names…"))
        self.masks = QButtonGroup(self)
        for button in (self.painted, self.beside, self.in_folder):
            self.masks.addButton(button)
        (self.painted if painted else self.beside).setChecked(True)
        self.in_folder.clicked.connect(self._choose_mask_folder)
        self.masks.buttonClicked.connect(lambda _button: self._update())
        options = QLabel(
            self.tr("Prompt and options: those of the panel (prompt “{prompt}”).").format(
                prompt=prompt
            )
        )
        options.setWordWrap(True)
        options.setObjectName("hint")
        self.out = QLineEdit(str(out))
        choose_out = QPushButton(self.tr("Choose…"))
        choose_out.clicked.connect(self._choose_out)
        self.out.textChanged.connect(lambda _text: self._update())
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose_out)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.setText(self.tr("Start batch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Photos")))
        layout.addWidget(self.photos, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Masks")))
        for button in (self.painted, self.beside, self.in_folder):
            layout.addWidget(button)
        layout.addWidget(options)
        layout.addWidget(QLabel(self.tr("Output folder")))
        layout.addLayout(out_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._update()

    # ------------------------------------------------------------------ choices

    def add_inputs(self, paths: list[Path]) -> None:
        for path in paths:
            if path not in self.inputs:
                self.inputs.append(path)
                self.photos.addItem(str(path) + ("/" if path.is_dir() else ""))
        self._update()

    def photo_list(self) -> list[Path]:
        try:
            return collect_photos(self.inputs, self.out_folder())
        except StudioError:
            return []

    def mask_choice(self) -> str:
        if self.painted.isChecked():
            return PAINTED
        return FOLDER if self.in_folder.isChecked() else BESIDE

    def out_folder(self) -> Path | None:
        text = self.out.text().strip()
        return Path(text).expanduser() if text else None

    def _add_photos(self) -> None:
        self.add_inputs(pick_photos(self, self.tr("Add photos"), self._folder))

    def _add_folder(self) -> None:
        folder = pick_folder(self, self.tr("Add folder"), self._folder)
        if folder is not None:
            self.add_inputs([folder])

    def _clear(self) -> None:
        self.inputs.clear()
        self.photos.clear()
        self._update()

    def _choose_mask_folder(self) -> None:
        folder = pick_folder(self, self.tr("Mask folder"), self._folder)
        if folder is not None:
            self.mask_folder = folder
            self.in_folder.setText(
                self.tr("Masks in {folder}, by the photos' names").format(folder=folder)
            )
        self._update()

    def _choose_out(self) -> None:
        folder = pick_folder(self, self.tr("Output folder"), self.out.text())
        if folder is not None:
            self.out.setText(str(folder))

    def _update(self) -> None:
        missing_folder = self.mask_choice() == FOLDER and self.mask_folder is None
        ready = bool(self.inputs) and self.out_folder() is not None and not missing_folder
        summary, anything = self._summary_of(self) if ready else ("", False)
        self.summary.setText(summary)
        self.start.setEnabled(ready and anything)


class BatchProgressView(QDialog):
    """A running batch: counts, time left, money spent, Pause/Resume/Cancel; at the end the
    failures and Open folder. Non-modal: the window stays usable."""

    def __init__(
        self,
        title: str,
        out: Path,
        *,
        pause: Callable[[], None],
        resume: Callable[[], None],
        cancel: Callable[[], None],
        resend: Callable[[], None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch: {title}").format(title=title))
        self.setModal(False)
        self.setMinimumWidth(520)
        self.out = out
        self._pause, self._resume, self._cancel = pause, resume, cancel
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self._toggle_pause)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Starts no new photo; the photos at the server are still saved.")
        )
        self.cancel_button.clicked.connect(self._cancelled)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        # The photos sent before without an answer: sent again only on purpose, once the
        # run has ended (shown when there are some).
        self.resend_button = QPushButton(self.tr("Send again…"))
        self.resend_button.setToolTip(
            self.tr("Sends again the photos whose answer never came; they may have been billed.")
        )
        self.resend_button.clicked.connect(resend)
        self.resend_button.setEnabled(False)
        self.resend_button.hide()
        self.failures = QListWidget()
        self.failures.setWordWrap(True)  # each failure is one sentence, read whole
        self.failures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.failures.hide()
        row = QHBoxLayout()
        for button in (
            self.pause_button,
            self.cancel_button,
            self.open_button,
            self.resend_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        layout.addWidget(self.failures, 1)
        self.paused = False
        self.running = True  # until show_end: Escape does not close it meanwhile

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        # Escape closed it while the batch went on, out of sight: it stays until the end
        # (the title bar's close still hides it; File ▸ Batch edit… shows it again).
        if self.running and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def show_progress(self, progress: BatchProgress) -> None:
        self.bar.setRange(0, max(1, progress.total))
        self.bar.setValue(progress.done + progress.failed)
        self.status.setText(progress.text())
        if progress.stopping:
            self.show_stopping()

    def show_stopping(self) -> None:
        """Cancelled (or the app quits once the photos at the server are saved): Pause and
        Cancel have nothing left to do."""
        self.cancel_button.setEnabled(False)
        self.pause_button.setEnabled(False)

    def show_failure(self, sentence: str) -> None:
        self.failures.show()
        self.failures.addItem(sentence)
        self.failures.item(self.failures.count() - 1).setFlags(Qt.ItemFlag.ItemIsEnabled)

    def offer_resend(self) -> None:
        """Some photos were sent before without an answer: Send again… once the run ends."""
        self.resend_button.show()

    def show_end(self, report: BatchReport | None, progress: BatchProgress, error: str) -> None:
        self.running = False
        # It has ended: neither paused nor stopping, no time left.
        progress = replace(progress, paused=False, stopping=False, seconds_left=None)
        self.show_progress(progress)
        self.pause_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.resend_button.setEnabled(not self.resend_button.isHidden())
        if report is None:
            self.status.setText(error)
            return
        ended = (
            self.tr("The batch is finished.")
            if not report.left
            else self.tr("The batch was stopped: run it again from History to go on.")
        )
        self.status.setText(f"{progress.text()}\n{ended}")

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.out)))

    def _toggle_pause(self) -> None:
        self.paused = not self.paused
        if self.paused:
            self._pause()
            self.pause_button.setText(self.tr("Resume"))
        else:
            self._resume()
            self.pause_button.setText(self.tr("Pause"))

    def _cancelled(self) -> None:
        self._cancel()
        self.show_stopping()
