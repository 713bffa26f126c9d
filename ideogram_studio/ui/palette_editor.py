"""The colour palette of an Ideogram 3.0 edit: none, one of Ideogram's named palettes, or
custom swatches, each a colour and an optional weight. Values are checked where every
request is (EditOptions.validate): a weight out of range is said under Generate."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.options import (
    MAX_COLOR_WEIGHT,
    MIN_COLOR_WEIGHT,
    PALETTE_PRESETS,
    Palette,
    Swatch,
)
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

# Ideogram's named palettes, as the menu shows them (translated where they are shown).
PRESET_NAMES = {
    "EMBER": QT_TRANSLATE_NOOP("PaletteEditor", "Ember"),
    "FRESH": QT_TRANSLATE_NOOP("PaletteEditor", "Fresh"),
    "JUNGLE": QT_TRANSLATE_NOOP("PaletteEditor", "Jungle"),
    "MAGIC": QT_TRANSLATE_NOOP("PaletteEditor", "Magic"),
    "MELON": QT_TRANSLATE_NOOP("PaletteEditor", "Melon"),
    "MOSAIC": QT_TRANSLATE_NOOP("PaletteEditor", "Mosaic"),
    "PASTEL": QT_TRANSLATE_NOOP("PaletteEditor", "Pastel"),
    "ULTRAMARINE": QT_TRANSLATE_NOOP("PaletteEditor", "Ultramarine"),
}
CUSTOM = "custom"  # the mode combo's data for custom swatches (presets hold their names)
NO_WEIGHT = 0.0  # the weight box's "No weight" value: sends none


def pick_colour(parent: QWidget, initial: QColor, title: str) -> QColor | None:
    """The colour dialog (modal: tests replace this function); None when cancelled."""
    colour = QColorDialog.getColor(initial, parent, title)
    return colour if colour.isValid() else None


def preset_name(name: str) -> str:
    """A named palette as the user reads it (a name this build does not know, as it is)."""
    known = PRESET_NAMES.get(name)
    return translate("PaletteEditor", known) if known else name.title()


def _readable_on(colour: QColor) -> str:
    return "#000000" if colour.lightnessF() > 0.55 else "#ffffff"


class SwatchRow(QWidget):
    """One custom colour: a button showing it (click to change it), its weight, Remove."""

    colour_clicked = Signal(object)  # SwatchRow
    weight_changed = Signal(object)  # SwatchRow
    remove_clicked = Signal(object)  # SwatchRow

    def __init__(self, swatch: Swatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = QPushButton()
        self.colour.setToolTip(self.tr("Choose another colour"))
        self.colour.setMinimumWidth(96)
        self.colour.clicked.connect(lambda: self.colour_clicked.emit(self))
        self.weight = QDoubleSpinBox()
        self.weight.setRange(NO_WEIGHT, MAX_COLOR_WEIGHT)
        self.weight.setSingleStep(MIN_COLOR_WEIGHT)
        self.weight.setDecimals(2)
        self.weight.setSpecialValueText(self.tr("No weight"))
        tip = self.tr("How much of this colour: {low} to {high}; No weight lets Ideogram decide")
        self.weight.setToolTip(tip.format(low=MIN_COLOR_WEIGHT, high=MAX_COLOR_WEIGHT))
        self.weight.setValue(NO_WEIGHT if swatch.weight is None else swatch.weight)
        self.weight.valueChanged.connect(lambda _value: self.weight_changed.emit(self))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove this colour"))
        self.remove.clicked.connect(lambda: self.remove_clicked.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.colour)
        layout.addWidget(self.weight, 1)
        layout.addWidget(self.remove)
        self.set_colour(swatch.color_hex)

    def set_colour(self, color_hex: str) -> None:
        self.color_hex = color_hex
        colour = QColor(color_hex)
        self.colour.setText(color_hex)
        if colour.isValid():
            # A border of its own: else the style paints its bevel over the fill, and the
            # swatch shows a lighter colour than the one that is sent.
            self.colour.setStyleSheet(
                f"QPushButton {{ background-color: {colour.name()}; "
                f"color: {_readable_on(colour)}; border: 1px solid palette(mid); "
                "border-radius: 3px; padding: 2px 8px; }"
            )

    def swatch(self) -> Swatch:
        weight = self.weight.value()
        return Swatch(self.color_hex, None if weight == NO_WEIGHT else round(weight, 2))


class PaletteEditor(QWidget):
    """None, a preset, or custom swatches (kept while a preset is tried, within the session)."""

    changed = Signal()  # the user changed the palette

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.addItem(self.tr("None"), None)
        for name in PALETTE_PRESETS:
            self.mode.addItem(preset_name(name), name)
        self.mode.addItem(self.tr("Custom colours"), CUSTOM)
        self.mode.setToolTip(self.tr("The colours Ideogram leans towards in what it paints"))
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.rows: list[SwatchRow] = []
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        self.add_button = QToolButton()
        self.add_button.setText(self.tr("Add colour…"))
        self.add_button.clicked.connect(self.add_colour)
        self.custom = QWidget()
        custom_layout = QVBoxLayout(self.custom)
        custom_layout.setContentsMargins(0, 0, 0, 0)
        custom_layout.setSpacing(2)
        custom_layout.addLayout(self.rows_layout)
        custom_layout.addWidget(self.add_button)
        self.custom.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mode)
        layout.addWidget(self.custom)
        layout.addStretch(1)

    def palette(self) -> Palette | None:
        mode = self.mode.currentData()
        if mode is None:
            return None
        if mode == CUSTOM:
            return Palette(members=tuple(row.swatch() for row in self.rows))
        return Palette(name=str(mode))

    def set_palette(self, palette: Palette | None) -> None:
        """Show the document's palette; no `changed` follows."""
        if palette == self.palette():
            return
        self.mode.blockSignals(True)
        if palette is None:
            self.mode.setCurrentIndex(0)
        elif palette.name:
            index = self.mode.findData(palette.name)
            self.mode.setCurrentIndex(index if index >= 0 else 0)
        else:
            self.mode.setCurrentIndex(self.mode.findData(CUSTOM))
            self._set_rows(palette.members)
        self.mode.blockSignals(False)
        self.custom.setVisible(self.mode.currentData() == CUSTOM)

    def add_colour(self) -> None:
        """Choose a colour in the colour dialog and add it (nothing when it is cancelled)."""
        start = QColor(self.rows[-1].color_hex) if self.rows else QColor("#b470b3")
        colour = pick_colour(self, start, self.tr("A colour of the palette"))
        if colour is None:
            return
        self._add_row(Swatch(colour.name()))
        self.changed.emit()

    def _mode_changed(self) -> None:
        self.custom.setVisible(self.mode.currentData() == CUSTOM)
        self.changed.emit()

    def _set_rows(self, swatches: tuple[Swatch, ...]) -> None:
        for row in self.rows:
            self._drop(row)
        self.rows = []
        for swatch in swatches:
            self._add_row(swatch)

    def _add_row(self, swatch: Swatch) -> None:
        row = SwatchRow(swatch)
        row.colour_clicked.connect(self._change_colour)
        row.weight_changed.connect(lambda _row: self.changed.emit())
        row.remove_clicked.connect(self._remove)
        self.rows.append(row)
        self.rows_layout.addWidget(row)

    def _change_colour(self, row: SwatchRow) -> None:
        colour = pick_colour(self, QColor(row.color_hex), self.tr("A colour of the palette"))
        if colour is not None and colour.name() != row.color_hex:
            row.set_colour(colour.name())
            self.changed.emit()

    def _remove(self, row: SwatchRow) -> None:
        self.rows.remove(row)
        self._drop(row)
        self.changed.emit()

    def _drop(self, row: SwatchRow) -> None:
        self.rows_layout.removeWidget(row)
        row.hide()  # gone at once; deleted once its click has returned
        row.deleteLater()
