"""The prompt, the edit API and the options it takes, and the Generate button.

The panel shows the fields of the chosen API and no others (hidden, not disabled): Model for
the legacy edit; Speed (the rendering speed) and the "References and palette" section
(ui/v3_options.py) for Ideogram 3.0. Both APIs' values live in the one EditOptions, so
switching keeps what was set for the other. A style the chosen API does not offer (Anime
under 3.0, Fiction under the legacy edit) is never changed behind the user's back: it stays
chosen, named as not offered, and the options' rule says so under Generate until another
style is chosen. The fields scroll, and take their height from the Results (panel_layout.py).
"""

from __future__ import annotations

import random

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.options import RenderingSpeed, api_title
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
from ideogram_studio.ui.panel_layout import FieldsScroll, WheelScrollsFields, fit_height
from ideogram_studio.ui.v3_options import SPEED_NAMES, ReferenceSection

ROW_SPACING = 6  # between the widgets of one row (the form's rows are closer together)
# Shown through translate("OptionsPanel", ...): marked here, translated where they are shown.
DEFAULT = QT_TRANSLATE_NOOP("OptionsPanel", "Default")  # sends nothing: the API decides
API_NAMES = {
    EditApiId.V3: QT_TRANSLATE_NOOP("OptionsPanel", "Ideogram 3.0"),
    EditApiId.LEGACY: QT_TRANSLATE_NOOP("OptionsPanel", "Ideogram 2.0 (legacy edit)"),
}
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
    sweep_requested = Signal()
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
        self.prompt.setMinimumHeight(72)
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

        self.api = QComboBox()
        for api, name in API_NAMES.items():
            self.api.addItem(self.tr(name), api)
        _select(self.api, EditOptions().api)  # the legacy edit until the user chooses
        self.api.setToolTip(self.tr("Which of Ideogram's edit APIs paints the change"))
        self.model = QComboBox()
        for model in Model:
            self.model.addItem(model.value.replace("_", " ").title().replace("V ", "V"), model)
        self.speed = QComboBox()
        self.speed.addItem(self.tr(DEFAULT), None)
        for speed, name in SPEED_NAMES.items():
            self.speed.addItem(self.tr(name), speed)
        self.speed.setToolTip(self.tr("Ideogram 3.0's rendering speed: the faster, the cheaper"))
        tip = self.tr("Sends no speed: Ideogram renders at its default")
        self.speed.setItemData(0, tip, Qt.ItemDataRole.ToolTipRole)
        self.magic = QComboBox()
        self.magic.addItem(self.tr(DEFAULT), None)
        for option in MagicPrompt:
            self.magic.addItem(self.tr(MAGIC_NAMES[option]), option)
        self.style = QComboBox()
        self._fill_styles(EditApiId.LEGACY, None)
        self.references = ReferenceSection()
        for combo in (self.api, self.model, self.speed, self.magic, self.style):
            _narrow(combo)

        self.fixed_seed = QCheckBox(self.tr("Fixed"))
        self.fixed_seed.setToolTip(self.tr("Off: a new random seed for every image"))
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setMinimumWidth(84)  # not the width of 10 digits: the row fits 400 px
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
        seed_row.setSpacing(ROW_SPACING)
        for widget in (self.fixed_seed, self.seed, self.dice, self.reuse_seed):
            seed_row.addWidget(widget)
        seed_row.setStretchFactor(self.seed, 1)

        self.count = QSpinBox()
        self.count.setRange(1, MAX_IMAGES)

        self.provider = QComboBox()
        for kind in (ProviderKind.IDEOGRAM, ProviderKind.RELAY, ProviderKind.LOCAL):
            self.provider.addItem(provider_name(kind), kind)
        _narrow(self.provider)
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
        provider_row.setSpacing(ROW_SPACING)
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
        region_row.setSpacing(ROW_SPACING)
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
        self.sweep = QPushButton(self.tr("Sweep…"))
        self.sweep.setToolTip(self.tr("Compare values in a labelled grid: prompts, seeds, styles…"))
        self.sweep.clicked.connect(self.sweep_requested)
        self.reason = QLabel()
        self.reason.setObjectName("generateReason")
        self.reason.setWordWrap(True)
        self.backend_note = QLabel()  # what the backend does differently (the local one)
        self.backend_note.setObjectName("backendNote")
        self.backend_note.setWordWrap(True)
        self.backend_note.hide()

        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("API"), self.api)
        form.addRow(self.tr("Model"), self.model)
        form.addRow(self.tr("Speed"), self.speed)
        form.addRow(self.tr("Magic prompt"), self.magic)
        form.addRow(self.tr("Style"), self.style)
        form.addRow(self.references)
        form.addRow(self.tr("Seed"), seed_row)
        form.addRow(self.tr("Images"), self.count)
        form.addRow(self.tr("Provider"), provider_row)
        form.addRow("", self.key_status)
        form.addRow(self.region)
        form.addRow("", region_row)
        form.addRow("", self.upscale_row)
        fields = QWidget()
        fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        self.scroll = FieldsScroll(fields)
        self.wheel_guard = WheelScrollsFields(self.scroll)
        self.references.opened.connect(self._references_opened)
        self._claim_timer = QTimer(self)  # once the layout has followed a change
        self._claim_timer.setSingleShot(True)
        self._claim_timer.setInterval(0)
        self._claim_timer.timeout.connect(self._claim_height)
        self._claimed = 0  # pixels taken from the Results to show the fields, to give back
        self._watched: QSplitter | None = None
        self._reveal_references = False

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
        layout.addWidget(self.scroll)
        # Sweep… shares the preview's row: Generate keeps the width its estimate needs.
        before = QHBoxLayout()
        before.addWidget(self.preview, 1)
        before.addWidget(self.sweep)
        layout.addLayout(before)
        layout.addWidget(self.generate)
        layout.addWidget(self.reason)
        layout.addWidget(self.backend_note)

        self.prompt.textChanged.connect(self._edited)
        self.api.currentIndexChanged.connect(self._api_changed)
        self.style.currentIndexChanged.connect(self._style_changed)
        for combo in (self.model, self.speed, self.magic):
            combo.currentIndexChanged.connect(self._edited)
        for box in (self.seed, self.count, self.margin, self.feather):
            box.valueChanged.connect(self._edited)
        for check in (self.fixed_seed, self.region, self.upscale_region):
            check.toggled.connect(self._edited)
        self.references.edited.connect(self._edited)
        self._show_fields(EditApiId.LEGACY)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least the height the wrapped sentences under Generate take at this width: the
        splitter then never squeezes the fields above them into scrolling."""
        hint = super().minimumSizeHint()
        width = max(self.width(), hint.width())
        return QSize(
            hint.width(), max(hint.height(), self.layout().totalMinimumHeightForWidth(width))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the wrapped sentences' height follows the width

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._claim_timer.start()

    def refit_height(self) -> None:
        """Take the height the fields want again: a row above them came or went."""
        self._claim_timer.start()

    def _user_resized(self) -> None:
        self._claimed = 0

    def wanted_height(self) -> int:
        """The height that shows every field without scrolling (the prompt at its least)."""
        width = max(self.width(), self.minimumSizeHint().width())
        least = self.layout().totalMinimumHeightForWidth(width)
        if least < 0:  # no wrapped sentence shown: nothing's height depends on the width
            least = self.layout().totalMinimumSize().height()
        return least + self.scroll.natural_height() - self.scroll.minimumSizeHint().height()

    def _claim_height(self) -> None:
        splitter = self.parentWidget()
        if isinstance(splitter, QSplitter) and splitter is not self._watched:
            # A height the user drags stands: nothing claimed before it is given back.
            splitter.splitterMoved.connect(self._user_resized)
            self._watched = splitter
        self._claimed = fit_height(self, self.wanted_height(), self._claimed)
        if self._reveal_references and self.references.isVisibleTo(self):
            self.scroll.ensureWidgetVisible(self.references.tabs, 0, 0)
        self._reveal_references = False

    # ----------------------------------------------------------------- values

    def prompt_text(self) -> str:
        return self.prompt.toPlainText()

    def chosen_seed(self) -> int | None:
        return self.seed.value() if self.fixed_seed.isChecked() else None

    def chosen_api(self) -> EditApiId:
        return EditApiId(self.api.currentData())

    def options(self) -> EditOptions:
        """What the panel shows, as the one value the document keeps (both APIs' fields)."""
        magic, style, speed = (c.currentData() for c in (self.magic, self.style, self.speed))
        options = EditOptions(
            prompt=self.prompt_text(),
            api=self.chosen_api(),
            model=Model(self.model.currentData()),
            magic_prompt=MagicPrompt(magic) if magic else None,
            style_type=StyleType(style) if style else None,
            seed=self.chosen_seed(),
            num_images=self.count.value(),
            speed=RenderingSpeed(speed) if speed else None,
            edit_region=self.region.isChecked(),
            margin=self.margin.value() or None,
            feather=self.feather.value(),
            upscale_region=self.upscale_region.isChecked(),
        )
        return self.references.apply_to(options)

    def show_options(self, options: EditOptions) -> None:
        """Show the document's options; no `options_edited` comes back for them."""
        if options == self.options():
            return
        self._showing = True
        try:
            if options.prompt != self.prompt_text():
                self.prompt.setPlainText(options.prompt)
            _select(self.api, options.api)
            self._fill_styles(options.api, options.style_type)
            self._show_fields(options.api)
            _select(self.model, options.model)
            _select(self.speed, options.speed)
            _select(self.magic, options.magic_prompt)
            self.references.show_options(options)
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
        self.wheel_guard.rescan()

    def add_style_reference(self, file: str) -> None:
        """A result's file as a style reference: only Ideogram 3.0 takes one, so it is chosen."""
        _select(self.api, EditApiId.V3)
        self.references.add_style_reference(file)

    def use_character_reference(self, file: str) -> None:
        _select(self.api, EditApiId.V3)
        self.references.use_character_reference(file)

    # ----------------------------------------------------------------- the chosen API

    def _api_changed(self) -> None:
        api = self.chosen_api()
        self._fill_styles(api, _style(self.style.currentData()))
        self._show_fields(api)
        self._edited()

    def _show_fields(self, api: EditApiId) -> None:
        """The chosen API's fields, and no others."""
        v3 = api is EditApiId.V3
        self.form.setRowVisible(self.model, not v3)
        self.form.setRowVisible(self.speed, v3)
        self.form.setRowVisible(self.references, v3)
        self.scroll.updateGeometry()
        self._claim_timer.start()

    def _fill_styles(self, api: EditApiId, chosen: StyleType | None) -> None:
        """The styles `api` offers; a chosen one it lacks stays chosen, named as not offered
        (the options' rule says so under Generate), so nothing changes unseen."""
        self.style.blockSignals(True)
        try:
            self.style.clear()
            self.style.addItem(self.tr(DEFAULT), None)
            for style in STYLES_FOR[api]:
                self.style.addItem(self.tr(STYLE_NAMES[style]), style)
            if chosen is not None and chosen not in STYLES_FOR[api]:
                self.style.addItem(
                    self.tr("{style} — not offered by {api}").format(
                        style=self.tr(STYLE_NAMES[chosen]), api=api_title(api)
                    ),
                    chosen,
                )
            _select(self.style, chosen)
        finally:
            self.style.blockSignals(False)

    def _style_changed(self) -> None:
        api, chosen = self.chosen_api(), _style(self.style.currentData())
        if self.style.count() > len(STYLES_FOR[api]) + 1:  # the not-offered one is left
            self._fill_styles(api, chosen)
        self._edited()

    def _references_opened(self, opened: bool) -> None:
        self.scroll.updateGeometry()
        self._reveal_references = opened  # scrolled into view once the panel has grown
        self._claim_timer.start()

    def _edited(self) -> None:
        self.wheel_guard.rescan()
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
        # Offline, the sentence under Generate says so already: one row less.
        self.form.setRowVisible(self.key_status, kind is not ProviderKind.LOCAL)
        self._claim_timer.start()

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


def _narrow(combo: QComboBox) -> None:
    """A combo box that does not widen the panel to its longest item (its list still shows
    every item whole): the panel keeps its width at 1280 x 800."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)


def _style(data: object) -> StyleType | None:
    return StyleType(data) if data else None


def _select(combo: QComboBox, data: object) -> None:
    """Choose the item holding `data` (None: the first, "Default", item)."""
    # Enum members are stored as their string values by Qt, so compare by value.
    index = 0 if data is None else combo.findData(str(data))
    if index >= 0:
        combo.setCurrentIndex(index)
