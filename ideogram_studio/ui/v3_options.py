"""What only Ideogram 3.0 takes, for the options panel: the rendering speeds by name, and one
folding section, "References and palette", with three small tabs: style codes and style
reference images, the colour palette, the character reference and its mask.

The section holds no rules: the options' `validate()` has them, and the panel shows its
sentence under Generate as soon as a choice conflicts with another.
"""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.options import EditOptions, RenderingSpeed
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.ui.elided_label import ElidedLabel
from ideogram_studio.ui.palette_editor import PaletteEditor, preset_name
from ideogram_studio.ui.reference_images import ImageList, SingleImage

# In the panel's context (translated where the combo box is filled). "Default" (no speed sent)
# comes first; DEFAULT sent by name is the same speed, for a relay or a job that names it.
SPEED_NAMES = {
    RenderingSpeed.FLASH: QT_TRANSLATE_NOOP("OptionsPanel", "Flash (fastest)"),
    RenderingSpeed.TURBO: QT_TRANSLATE_NOOP("OptionsPanel", "Turbo (fast)"),
    RenderingSpeed.DEFAULT: QT_TRANSLATE_NOOP("OptionsPanel", "Default, sent by name"),
    RenderingSpeed.QUALITY: QT_TRANSLATE_NOOP("OptionsPanel", "Quality (slowest, finest)"),
}
_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def parse_style_codes(text: str) -> tuple[str, ...]:
    """The codes typed in one line, separated by commas, semicolons or spaces (each is checked
    by the options: a wrong one is said under Generate)."""
    return tuple(code for code in _CODE_SEPARATORS.split(text.strip()) if code)


class ReferenceSection(QWidget):
    """Style codes and images, palette and character reference, folded under one header that
    says what is set while it is closed."""

    edited = Signal()  # the user changed one of these fields
    opened = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setText(self.tr("References and palette"))
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.RightArrow)
        self.header.setAutoRaise(True)
        self.header.setStyleSheet("QToolButton { border: none; padding: 2px 0; }")  # a heading
        self.header.setToolTip(
            self.tr("Style codes, style reference images, a colour palette, a character")
        )
        self.header.toggled.connect(self.set_open)
        self.summary = ElidedLabel()
        self.summary.setObjectName("hint")

        self.codes = QLineEdit()
        self.codes.setPlaceholderText(self.tr("e.g. 8a3f0c21, 0f1e2d3c"))
        self.codes.setToolTip(
            self.tr(
                "Style codes of 8 hexadecimal characters, separated by commas or spaces. They "
                "replace the style type and the style images."
            )
        )
        self.codes.textChanged.connect(self._changed)
        self.style_images = ImageList(
            self.tr("No images: add files, or right-click a result"),
            self.tr("Style reference images"),
        )
        self.style_images.changed.connect(self._changed)
        style_page = QWidget()
        style_form = QFormLayout(style_page)
        style_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        style_form.addRow(self.tr("Codes"), self.codes)
        style_form.addRow(self.tr("Images"), self.style_images)

        self.palette_editor = PaletteEditor()
        self.palette_editor.changed.connect(self._changed)
        palette_page = QWidget()
        QVBoxLayout(palette_page).addWidget(self.palette_editor)

        self.character = SingleImage(
            self.tr("None: a file, or a result (its menu)"),
            self.tr("Character reference image"),
        )
        self.character.changed.connect(self._changed)
        self.character_mask = SingleImage(
            self.tr("None (optional)"), self.tr("Mask of the character image")
        )
        self.character_mask.choose_button.setToolTip(
            self.tr("Optional: which part of the character image to use, the same size as it")
        )
        self.character_mask.changed.connect(self._changed)
        character_page = QWidget()
        character_form = QFormLayout(character_page)
        character_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        character_form.addRow(self.tr("Image"), self.character)
        character_form.addRow(self.tr("Mask"), self.character_mask)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(style_page, self.tr("Style"))
        self.tabs.addTab(palette_page, self.tr("Palette"))
        self.tabs.addTab(character_page, self.tr("Character"))
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.tabs.hide()

        header_row = QHBoxLayout()
        header_row.setContentsMargins(0, 0, 0, 0)
        header_row.addWidget(self.header)
        header_row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header_row)
        layout.addWidget(self.tabs)
        self._showing = False
        self._update_summary()

    # ----------------------------------------------------------------- values

    def apply_to(self, options: EditOptions) -> EditOptions:
        """`options` with what this section shows."""
        return dataclasses.replace(
            options,
            style_codes=parse_style_codes(self.codes.text()),
            style_refs=self.style_images.files(),
            palette=self.palette_editor.palette(),
            character_ref=self.character.file(),
            character_mask=self.character_mask.file(),
        )

    def show_options(self, options: EditOptions) -> None:
        """Show the document's values; no `edited` comes back for them."""
        self._showing = True
        try:
            if parse_style_codes(self.codes.text()) != options.style_codes:
                self.codes.setText(", ".join(options.style_codes))  # not while it is typed
            self.style_images.set_files(options.style_refs)
            self.palette_editor.set_palette(options.palette)
            self.character.set_file(options.character_ref)
            self.character_mask.set_file(options.character_mask)
        finally:
            self._showing = False
        self._update_summary()

    def add_style_reference(self, file: str) -> None:
        """A result's file becomes a style reference: the Style tab shows it."""
        self.set_open(True)
        self.tabs.setCurrentIndex(0)
        self.style_images.add_files([file])

    def use_character_reference(self, file: str) -> None:
        self.set_open(True)
        self.tabs.setCurrentIndex(2)
        self.character.use(file)

    def is_open(self) -> bool:
        return self.header.isChecked()

    def set_open(self, open_: bool) -> None:
        if self.header.isChecked() != open_:
            self.header.setChecked(open_)  # comes back here through `toggled`
            return
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.tabs.setVisible(open_)
        self._update_summary()
        self.opened.emit(open_)

    # ----------------------------------------------------------------- internals

    def _changed(self) -> None:
        self._update_summary()
        if not self._showing:
            self.edited.emit()

    def _update_summary(self) -> None:
        """What is set, in a few words, beside the header while the section is closed."""
        parts = []
        codes = parse_style_codes(self.codes.text())
        if codes:
            parts.append(
                self.tr("{count} style codes").format(count=len(codes))
                if len(codes) != 1
                else self.tr("1 style code")
            )
        images = len(self.style_images.files())
        if images:
            parts.append(
                self.tr("{count} style images").format(count=images)
                if images != 1
                else self.tr("1 style image")
            )
        palette = self.palette_editor.palette()
        if palette is not None:
            colours = len(palette.members)
            if palette.name:
                parts.append(preset_name(palette.name))
            else:
                parts.append(
                    self.tr("{count} colours").format(count=colours)
                    if colours != 1
                    else self.tr("1 colour")
                )
        if self.character.file() is not None:
            parts.append(self.tr("a character"))
        text = " · ".join(parts) if parts else self.tr("none set")
        self.summary.setText("" if self.is_open() else text)
