"""The prompt and the options Ideogram's edit endpoint offers, and the Generate button."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.request import (
    MAX_IMAGES,
    MAX_SEED,
    STYLES_FOR,
    EditApiId,
    EditOptions,
    MagicPrompt,
    Model,
    StyleType,
)
from ideogram_studio.core.region import DEFAULT_FEATHER, MAX_FEATHER, MAX_MARGIN
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

# Shown through translate("OptionsPanel", ...): marked here, translated where they are shown.
DEFAULT = QT_TRANSLATE_NOOP("OptionsPanel", "Default")  # sends nothing: the API decides
PROVIDER_NAMES = {
    ProviderKind.IDEOGRAM: "Ideogram",
    ProviderKind.RELAY: QT_TRANSLATE_NOOP("OptionsPanel", "Relay"),
    ProviderKind.CUSTOM: QT_TRANSLATE_NOOP("OptionsPanel", "Custom endpoint"),
    ProviderKind.LOCAL: QT_TRANSLATE_NOOP("OptionsPanel", "Local (offline)"),
}
MAGIC_NAMES = {
    MagicPrompt.AUTO: QT_TRANSLATE_NOOP("OptionsPanel", "Auto"),
    MagicPrompt.ON: QT_TRANSLATE_NOOP("OptionsPanel", "On"),
    MagicPrompt.OFF: QT_TRANSLATE_NOOP("OptionsPanel", "Off"),
}
STYLE_NAMES = {
    StyleType.AUTO: QT_TRANSLATE_NOOP("OptionsPanel", "Auto"),
    StyleType.GENERAL: QT_TRANSLATE_NOOP("OptionsPanel", "General"),
    StyleType.REALISTIC: QT_TRANSLATE_NOOP("OptionsPanel", "Realistic"),
    StyleType.DESIGN: QT_TRANSLATE_NOOP("OptionsPanel", "Design"),
    StyleType.RENDER_3D: QT_TRANSLATE_NOOP("OptionsPanel", "3D render"),
    StyleType.ANIME: QT_TRANSLATE_NOOP("OptionsPanel", "Anime"),
    StyleType.FICTION: QT_TRANSLATE_NOOP("OptionsPanel", "Fiction"),
}


def provider_name(kind: ProviderKind) -> str:
    return translate("OptionsPanel", PROVIDER_NAMES[kind])


class OptionsPanel(QWidget):
    generate_requested = Signal()
    settings_requested = Signal()
    reuse_seed_requested = Signal()
    preview_toggled = Signal(bool)
    provider_chosen = Signal(object)  # ProviderKind
    options_edited = Signal(object)  # EditOptions: the user changed one of them
    suggest_requested = Signal()  # Suggest prompts: describe the photo or its region

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False  # True while the document's options are being shown
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Describe what the painted area should become…"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMinimumHeight(80)
        self.suggest = QToolButton()
        self.suggest.setText(self.tr("Suggest prompts"))
        self.suggest.setToolTip(
            self.tr(
                "Ideogram describes the photo, or the region around the mask when region "
                "editing is on, and offers prompts to pick from"
            )
        )
        self.suggest.clicked.connect(self.suggest_requested)
        self.suggest_note = QLabel()  # Suggest prompts at work, or why it failed
        self.suggest_note.setObjectName("hint")
        self.suggest_note.setWordWrap(True)
        self.suggest_note.hide()

        self.model = QComboBox()
        for model in Model:
            self.model.addItem(model.value.replace("_", " ").title().replace("V ", "V"), model)
        self.magic = QComboBox()
        self.magic.addItem(self.tr(DEFAULT), None)
        for option in MagicPrompt:
            self.magic.addItem(self.tr(MAGIC_NAMES[option]), option)
        self.style = QComboBox()
        self.style.addItem(self.tr(DEFAULT), None)
        for style in STYLES_FOR[EditApiId.LEGACY]:
            self.style.addItem(self.tr(STYLE_NAMES[style]), style)

        self.fixed_seed = QCheckBox(self.tr("Fixed"))
        self.fixed_seed.setToolTip(self.tr("Off: a new random seed for every image"))
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setEnabled(False)
        self.fixed_seed.toggled.connect(self.seed.setEnabled)
        self.dice = QToolButton()
        self.dice.setText(self.tr("Random"))
        self.dice.setToolTip(self.tr("A new random seed (and fix it)"))
        self.dice.clicked.connect(self.roll_seed)
        self.reuse_seed = QToolButton()
        self.reuse_seed.setText(self.tr("Reuse"))
        self.reuse_seed.setToolTip(self.tr("Use the seed of the selected result"))
        self.reuse_seed.setEnabled(False)
        self.reuse_seed.clicked.connect(self.reuse_seed_requested)
        seed_row = QHBoxLayout()
        seed_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.fixed_seed, self.seed, self.dice, self.reuse_seed):
            seed_row.addWidget(widget)
        seed_row.setStretchFactor(self.seed, 1)

        self.count = QSpinBox()
        self.count.setRange(1, MAX_IMAGES)

        self.provider = QComboBox()
        for kind in (ProviderKind.IDEOGRAM, ProviderKind.RELAY, ProviderKind.LOCAL):
            self.provider.addItem(provider_name(kind), kind)
        self.provider.activated.connect(
            lambda _index: self.provider_chosen.emit(ProviderKind(self.provider.currentData()))
        )
        self.key_status = QLabel()
        self.key_status.setObjectName("keyStatus")
        self.settings_button = QToolButton()
        self.settings_button.setText(self.tr("Settings…"))
        self.settings_button.clicked.connect(self.settings_requested)
        provider_row = QHBoxLayout()
        provider_row.setContentsMargins(0, 0, 0, 0)
        provider_row.addWidget(self.provider, 1)
        provider_row.addWidget(self.settings_button)

        self.region = QCheckBox(self.tr("Edit a region around the mask, at full resolution"))
        self.region.setToolTip(
            self.tr(
                "Sends only a padded crop around the mask and pastes each result back into the "
                "photo: everything outside the blended edge stays exactly as it was"
            )
        )
        self.margin = QSpinBox()
        self.margin.setRange(0, MAX_MARGIN)
        self.margin.setSpecialValueText(self.tr("Auto"))
        self.margin.setSuffix(self.tr(" px"))
        self.margin.setToolTip(
            self.tr("Context around the mask (Auto: a quarter of the mask's size)")
        )
        self.feather = QSpinBox()
        self.feather.setRange(0, MAX_FEATHER)
        self.feather.setValue(DEFAULT_FEATHER)
        self.feather.setSuffix(self.tr(" px"))
        self.feather.setToolTip(self.tr("Width of the blend outside the mask, so no seam shows"))
        for widget in (self.margin, self.feather):
            widget.setEnabled(False)
            self.region.toggled.connect(widget.setEnabled)
        region_row = QHBoxLayout()
        region_row.setContentsMargins(0, 0, 0, 0)
        region_row.addWidget(QLabel(self.tr("Margin")))
        region_row.addWidget(self.margin, 1)
        region_row.addWidget(QLabel(self.tr("Blend")))
        region_row.addWidget(self.feather, 1)
        # Offered only for a region the API's results would be stretched over (the window
        # says when), with the cost of the extra upscales.
        self.upscale_region = QCheckBox(self.tr("Upscale each result before blending"))
        self.upscale_region.setToolTip(
            self.tr(
                "The region is over twice the size Ideogram returns: each result is upscaled "
                "(one Upscale per image) before it is blended in, so it is sharp, not stretched"
            )
        )
        self.upscale_cost = QLabel()
        self.upscale_cost.setObjectName("hint")
        self.upscale_cost.setWordWrap(True)
        self.upscale_cost.setContentsMargins(22, 0, 0, 0)  # under the box's text
        self.upscale_row = QWidget()
        upscale_row = QVBoxLayout(self.upscale_row)
        upscale_row.setContentsMargins(0, 0, 0, 0)
        upscale_row.setSpacing(0)
        upscale_row.addWidget(self.upscale_region)
        upscale_row.addWidget(self.upscale_cost)
        self.upscale_row.hide()

        self.preview = QPushButton(self.tr("Preview the mask that is sent"))
        self.preview.setCheckable(True)
        self.preview.setToolTip(
            self.tr("Shows the mask exactly as it is uploaded: black is edited")
        )
        self.preview.toggled.connect(self.preview_toggled)

        self.generate = QPushButton(self.tr("Generate"))
        self.generate.setObjectName("generate")
        self.generate.setToolTip("Ctrl+Enter")
        self.generate.setMinimumHeight(36)
        self.generate.clicked.connect(self.generate_requested)
        self.reason = QLabel()
        self.reason.setObjectName("generateReason")
        self.reason.setWordWrap(True)
        self.backend_note = QLabel()  # what the backend does differently (the local one)
        self.backend_note.setObjectName("backendNote")
        self.backend_note.setWordWrap(True)
        self.backend_note.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Magic prompt"), self.magic)
        form.addRow(self.tr("Style"), self.style)
        form.addRow(self.tr("Seed"), seed_row)
        form.addRow(self.tr("Images"), self.count)
        form.addRow(self.tr("Provider"), provider_row)
        form.addRow("", self.key_status)
        form.addRow(self.region)
        form.addRow("", region_row)
        form.addRow("", self.upscale_row)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Prompt"))
        title.setObjectName("panelTitle")
        title_row = QHBoxLayout()
        title_row.addWidget(title)
        title_row.addStretch(1)
        title_row.addWidget(self.suggest)
        layout.addLayout(title_row)
        layout.addWidget(self.prompt, 1)
        layout.addWidget(self.suggest_note)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.generate)
        layout.addWidget(self.reason)
        layout.addWidget(self.backend_note)

        self.prompt.textChanged.connect(self._edited)
        for combo in (self.model, self.magic, self.style):
            combo.currentIndexChanged.connect(self._edited)
        for box in (self.seed, self.count, self.margin, self.feather):
            box.valueChanged.connect(self._edited)
        for check in (self.fixed_seed, self.region, self.upscale_region):
            check.toggled.connect(self._edited)

    # ----------------------------------------------------------------- values

    def prompt_text(self) -> str:
        return self.prompt.toPlainText()

    def chosen_seed(self) -> int | None:
        return self.seed.value() if self.fixed_seed.isChecked() else None

    def options(self) -> EditOptions:
        """What the panel shows, as the one value the document keeps."""
        magic, style = self.magic.currentData(), self.style.currentData()
        return EditOptions(
            prompt=self.prompt_text(),
            model=Model(self.model.currentData()),
            magic_prompt=MagicPrompt(magic) if magic else None,
            style_type=StyleType(style) if style else None,
            seed=self.chosen_seed(),
            num_images=self.count.value(),
            edit_region=self.region.isChecked(),
            margin=self.margin.value() or None,
            feather=self.feather.value(),
            upscale_region=self.upscale_region.isChecked(),
        )

    def show_options(self, options: EditOptions) -> None:
        """Show the document's options; no `options_edited` comes back for them."""
        if options == self.options():
            return
        self._showing = True
        try:
            if options.prompt != self.prompt_text():
                self.prompt.setPlainText(options.prompt)
            _select(self.model, options.model)
            _select(self.magic, options.magic_prompt)
            _select(self.style, options.style_type)
            self.count.setValue(options.num_images)
            if options.seed is None:
                self.fixed_seed.setChecked(False)
            else:
                self.seed.setValue(options.seed)
                self.fixed_seed.setChecked(True)
            self.region.setChecked(options.edit_region)
            self.margin.setValue(options.margin or 0)
            self.feather.setValue(options.feather)
            self.upscale_region.setChecked(options.upscale_region)
        finally:
            self._showing = False

    def _edited(self) -> None:
        if not self._showing:
            self.options_edited.emit(self.options())

    def roll_seed(self) -> None:
        self.set_seed(random.randint(0, MAX_SEED))

    def set_seed(self, seed: int) -> None:
        self.seed.setValue(seed)
        self.fixed_seed.setChecked(True)

    def set_provider(self, kind: ProviderKind, status: str) -> None:
        if self.provider.findData(kind) < 0:
            self.provider.addItem(provider_name(kind), kind)
        _select(self.provider, kind)
        self.key_status.setText(status)

    def set_backend(self, most_images: int, note: str | None) -> None:
        """Limit the count to what the backend makes and say what it does differently. The
        document limits its own count: the spin box follows it, no edit comes back."""
        self._showing = True
        try:
            self.count.setMaximum(most_images)
        finally:
            self._showing = False
        self.count.setToolTip(
            self.tr("This backend makes at most {count} images").format(count=most_images)
            if most_images < MAX_IMAGES
            else ""
        )
        self.backend_note.setText(note or "")
        self.backend_note.setVisible(bool(note))

    def set_blocker(self, reason: str | None) -> None:
        """Enable Generate, or disable it and say why."""
        self.generate.setEnabled(reason is None)
        self.reason.setText(reason or "")
        self.reason.setVisible(bool(reason))

    def offer_region_upscale(self, cost: str | None) -> None:
        """Offer "Upscale each result before blending" with the cost of its upscales, or
        hide it (None: the region's results would not be stretched)."""
        self.upscale_cost.setText(cost or "")
        self.upscale_row.setVisible(cost is not None)

    def focus_prompt(self) -> None:
        self.prompt.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.prompt.selectAll()

    def set_estimate(self, text: str) -> None:
        """What Generate would cost, on the button: "Generate · 4 images · about $0.24"."""
        self.generate.setText(self.tr("Generate") + (f" · {text}" if text else ""))
        self.generate.setToolTip(
            self.tr("Ctrl+Enter · prices are estimates: set them in Settings ▸ Prices…")
        )


def _select(combo: QComboBox, data: object) -> None:
    """Choose the item holding `data` (None: the first, "Default", item)."""
    # Enum members are stored as their string values by Qt, so compare by value.
    index = 0 if data is None else combo.findData(str(data))
    if index >= 0:
        combo.setCurrentIndex(index)
