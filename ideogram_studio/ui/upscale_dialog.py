"""Upscale…: what to ask of Ideogram's Upscale for one saved result (resemblance, detail, an
optional prompt), with what it costs. Widgets only: the window runs the job."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.upscale import DEFAULT_LEVEL, MAX_LEVEL, MIN_LEVEL, UpscaleOptions


class UpscaleDialog(QDialog):
    def __init__(self, title: str, cost: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Upscale"))
        self.setMinimumWidth(400)
        heading = QLabel(title)
        heading.setObjectName("panelTitle")
        self.resemblance = self._level(
            self.tr("How closely the upscaled image keeps to this one (1 to 100)")
        )
        self.detail = self._level(self.tr("How much new detail it adds (1 to 100)"))
        self.prompt = QLineEdit()
        self.prompt.setPlaceholderText(self.tr("Optional: what the image shows"))
        self.cost = QLabel(
            self.tr("Saved as a new result, linked to this one · {cost}").format(cost=cost)
        )
        self.cost.setObjectName("hint")
        self.cost.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Resemblance"), self.resemblance)
        form.addRow(self.tr("Detail"), self.detail)
        form.addRow(self.tr("Prompt"), self.prompt)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Upscale"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.cost)
        layout.addWidget(buttons)

    @staticmethod
    def _level(tip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(MIN_LEVEL, MAX_LEVEL)
        box.setValue(DEFAULT_LEVEL)
        box.setToolTip(tip)
        return box

    def options(self) -> UpscaleOptions:
        return UpscaleOptions(
            resemblance=self.resemblance.value(),
            detail=self.detail.value(),
            prompt=self.prompt.text().strip(),
        )
