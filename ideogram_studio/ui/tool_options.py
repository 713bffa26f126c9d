"""The tool options bar: brush size and hardness, shape mode, wand tolerance, overlay look.

It writes straight into the canvas and follows it back (shortcuts change the brush too).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QLabel,
    QSlider,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from ideogram_studio.core.mask import Mode
from ideogram_studio.core.tools import Tool
from ideogram_studio.ui.canvas import MAX_BRUSH, MIN_BRUSH, Canvas


class ToolOptionsBar(QToolBar):
    def __init__(self, canvas: Canvas, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tool options"), parent)
        self.canvas = canvas
        self.setObjectName("toolOptions")
        self.setMovable(False)
        self.size_box = QSpinBox()
        self.size_box.setRange(MIN_BRUSH, MAX_BRUSH)
        self.size_box.setSuffix(self.tr(" px"))
        self.size_box.setToolTip(
            self.tr(
                "Brush diameter in image pixels ([ and ]); another photo gets the same size"
                " in proportion to it"
            )
        )
        self.size_box.valueChanged.connect(lambda v: canvas.set_brush(float(v)))
        self.hardness = QSlider(Qt.Orientation.Horizontal)
        self.hardness.setRange(0, 100)
        self.hardness.setFixedWidth(100)
        self.hardness.setToolTip(self.tr("Hardness (Shift+[ and Shift+])"))
        self.hardness.valueChanged.connect(lambda v: canvas.set_brush(hardness=v / 100))
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Add"), Mode.ADD.value)
        self.mode.addItem(self.tr("Subtract"), Mode.SUBTRACT.value)
        self.mode.setToolTip(self.tr("What shapes and the wand do (hold Alt to subtract)"))
        self.mode.currentIndexChanged.connect(
            lambda _i: setattr(canvas, "shape_mode", Mode(self.mode.currentData()))
        )
        self.tolerance = QSpinBox()
        self.tolerance.setRange(0, 255)
        self.tolerance.setValue(canvas.wand_tolerance)
        self.tolerance.setToolTip(self.tr("Magic wand tolerance per colour channel"))
        self.tolerance.valueChanged.connect(lambda v: setattr(canvas, "wand_tolerance", v))
        self.contiguous = QCheckBox(self.tr("Contiguous"))
        self.contiguous.setChecked(True)
        self.contiguous.toggled.connect(lambda on: setattr(canvas, "wand_contiguous", on))
        self.colour_button = QToolButton()
        self.colour_button.setToolTip(self.tr("Overlay colour"))
        self.colour_button.clicked.connect(self.choose_overlay_colour)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(5, 100)
        self.opacity.setFixedWidth(90)
        self.opacity.setToolTip(self.tr("Overlay opacity"))
        self.opacity.valueChanged.connect(lambda v: canvas.set_overlay(opacity=v / 100))
        for label, widget in (
            (self.tr("Size"), self.size_box),
            (self.tr("Hardness"), self.hardness),
            (self.tr("Mode"), self.mode),
            (self.tr("Tolerance"), self.tolerance),
            (None, self.contiguous),
            (self.tr("Overlay"), self.colour_button),
            (self.tr("Opacity"), self.opacity),
        ):
            if label:
                self.addWidget(QLabel(f"  {label} "))
            self.addWidget(widget)
        canvas.brush_changed.connect(self.sync)
        canvas.tool_changed.connect(lambda _tool: self.sync())
        self.sync()

    def sync(self) -> None:
        """Show the canvas's current settings, and enable what the current tool uses."""
        canvas = self.canvas
        for widget, value in (
            (self.size_box, round(canvas.brush_diameter)),
            (self.hardness, round(canvas.brush_hardness * 100)),
            (self.opacity, round(canvas.overlay_opacity * 100)),
        ):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        self.size_box.setEnabled(canvas.tool.paints)
        self.hardness.setEnabled(canvas.tool.paints)
        self.mode.setEnabled(canvas.tool.uses_mode)
        self.tolerance.setEnabled(canvas.tool is Tool.WAND)
        self.contiguous.setEnabled(canvas.tool is Tool.WAND)
        self.colour_button.setStyleSheet(
            f"background: {canvas.overlay_colour.name()}; min-width: 22px; border-radius: 3px;"
        )

    def choose_overlay_colour(self) -> None:
        colour = QColorDialog.getColor(self.canvas.overlay_colour, self, self.tr("Overlay colour"))
        if colour.isValid():
            self.canvas.set_overlay(colour=colour)
            self.sync()
