"""Provider, endpoint and API key, and how results are saved. Keys go to the keyring (or a
private file), never to settings.json; environment variables that override the dialog are
named in it."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.providers import (
    DESCRIBE,
    PRESETS,
    UPSCALE,
    V3,
    AuthStyle,
    ProviderKind,
    clean_key,
)
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.settings import (
    ENV_HOME,
    ENVIRONMENT,
    MAX_IMAGES_IN_FLIGHT,
    Endpoint,
    KeyStore,
    ProviderSettings,
)
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.ui.options_panel import provider_name

KIND_ORDER = (ProviderKind.IDEOGRAM, ProviderKind.RELAY, ProviderKind.CUSTOM, ProviderKind.LOCAL)
FORMAT_NAMES = {
    "auto": QT_TRANSLATE_NOOP("SettingsDialog", "Same as the photo"),
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WebP",
    "tiff": "TIFF",
}
# The paths of the APIs beside the legacy edit's (which is Endpoint.path), as the dialog names
# them; each is stored in Endpoint.paths under its API id.
API_PATH_NAMES = {
    V3: QT_TRANSLATE_NOOP("SettingsDialog", "Ideogram 3.0 path"),
    DESCRIBE: QT_TRANSLATE_NOOP("SettingsDialog", "Describe path"),
    UPSCALE: QT_TRANSLATE_NOOP("SettingsDialog", "Upscale path"),
}
AUTH_NAMES = {
    AuthStyle.API_KEY: QT_TRANSLATE_NOOP("SettingsDialog", "Api-Key header (Ideogram)"),
    AuthStyle.BEARER: QT_TRANSLATE_NOOP("SettingsDialog", "Bearer token"),
}


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: ProviderSettings,
        keys: KeyStore,
        current: ProviderKind,
        environ: Mapping[str, str] = os.environ,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self.settings = copy.deepcopy(settings)  # what Save stores; Cancel leaves `settings`
        self.keys = keys
        self._typed_keys: dict[ProviderKind, str] = {}
        self._shown: ProviderKind | None = None

        self.provider = QComboBox()
        for kind in KIND_ORDER:
            self.provider.addItem(provider_name(kind), kind.value)
        self.base_url = QLineEdit()
        self.path = QLineEdit()  # the legacy edit's
        self.api_paths = {api: QLineEdit() for api in API_PATH_NAMES}
        for field in (self.path, *self.api_paths.values()):
            field.setToolTip(
                self.tr("Relative to the base URL; left empty, the path shown in grey is used")
            )
        self.auth = QComboBox()
        for style, name in AUTH_NAMES.items():
            self.auth.addItem(self.tr(name), style.value)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("Paste your API key"))
        self.show_key = QCheckBox(self.tr("Show"))
        self.show_key.setToolTip(self.tr("Show the key as typed, to check it"))
        self.show_key.toggled.connect(
            lambda shown: self.key.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.show_key)
        self.storage_note = QLabel(keys.where())
        self.storage_note.setObjectName("storageNote")
        self.storage_note.setWordWrap(True)
        # The data folder's variable is not a setting of this dialog: it would read as if it
        # overrode the provider.
        overrides = [name for name in ENVIRONMENT if name != ENV_HOME and environ.get(name)]
        self.override_note = QLabel(
            self.tr(
                "Set in the environment, and used instead of what is stored here: {names}."
            ).format(names=", ".join(overrides))
            if overrides
            else ""
        )
        self.override_note.setObjectName("overrideNote")
        self.override_note.setWordWrap(True)
        self.override_note.setVisible(bool(overrides))
        self.key_problem = QLabel()
        self.key_problem.setObjectName("overrideNote")
        self.key_problem.setWordWrap(True)
        self.key_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.key_problem.hide()

        self.result_format = QComboBox()
        for value, name in FORMAT_NAMES.items():
            self.result_format.addItem(self.tr(name), value)
        self.result_format.setCurrentIndex(
            max(0, self.result_format.findData(settings.result_format))
        )
        self.result_format.setToolTip(
            self.tr(
                "Results keep the photo's colour profile and metadata in every format. "
                "Same as the photo: a JPEG gives JPEGs, a PNG PNGs; HEIC photos give JPEGs. "
                "JPEG and WebP hold 8 bits: a 16-bit photo keeps its depth in PNG and TIFF only."
            )
        )
        self.strip_location = QCheckBox(self.tr("Remove the location (GPS) from saved results"))
        self.strip_location.setChecked(settings.strip_location)

        self.images_in_flight = QSpinBox()
        self.images_in_flight.setRange(1, MAX_IMAGES_IN_FLIGHT)
        self.images_in_flight.setValue(settings.images_in_flight)
        self.images_in_flight.setToolTip(
            self.tr(
                "Ideogram allows 10 images in progress at once per organisation, across all "
                "requests: jobs wait for room instead of being refused. Lower it when others "
                "use the same account."
            )
        )

        form = QFormLayout()
        form.addRow(self.tr("Provider"), self.provider)
        form.addRow(self.tr("Base URL"), self.base_url)
        form.addRow(self.tr("Edit path (2.0)"), self.path)
        for api, name in API_PATH_NAMES.items():
            form.addRow(self.tr(name), self.api_paths[api])
        form.addRow(self.tr("Authentication"), self.auth)
        form.addRow(self.tr("API key"), key_row)
        results = QFormLayout()
        results.addRow(self.tr("Save results as"), self.result_format)
        results.addRow("", self.strip_location)
        results.addRow(self.tr("Images in progress at once"), self.images_in_flight)
        results_box = QGroupBox(self.tr("Results"))
        results_box.setLayout(results)
        prices_box = self._build_prices(settings)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.storage_note)
        layout.addWidget(self.override_note)
        layout.addWidget(self.key_problem)
        layout.addWidget(prices_box)
        layout.addWidget(results_box)
        layout.addWidget(buttons)

        self.provider.currentIndexChanged.connect(lambda _i: self._show_kind(self.kind()))
        self.provider.setCurrentIndex(self.provider.findData(current.value))
        self._show_kind(current)

    def accept(self) -> None:
        """A key pasted with a line break, a space or a stray character is said at once, in
        one sentence, and the dialog stays open; invisible characters around it are dropped."""
        self._remember_fields()
        for kind, typed in list(self._typed_keys.items()):
            if not typed:
                continue
            try:
                self._typed_keys[kind] = clean_key(typed)
            except RequestError as error:
                self.provider.setCurrentIndex(self.provider.findData(kind.value))
                self.key_problem.setText(error.message)
                self.key_problem.show()
                self.key.setFocus()
                return
        super().accept()

    def kind(self) -> ProviderKind:
        return ProviderKind(self.provider.currentData())

    def _show_kind(self, kind: ProviderKind) -> None:
        self._remember_fields()
        self._shown = kind
        preset = PRESETS.get(kind)
        stored = self.settings.endpoint(kind)
        remote = kind is not ProviderKind.LOCAL
        for widget in (self.base_url, self.path, self.auth, self.key, self.show_key):
            widget.setEnabled(remote)
        self.prices_button.setEnabled(remote)  # the local backend is free
        self._show_prices_note(kind)
        for api, field in self.api_paths.items():
            field.setEnabled(remote)
            field.setText(stored.paths.get(api, ""))
            preset_path = preset.paths.get(api) if preset else None
            # A custom endpoint offers only what is set for it.
            offered = preset_path or self.tr("Not set: not offered")
            field.setPlaceholderText(offered if remote else "")
        self.base_url.setText(stored.base_url)
        self.base_url.setPlaceholderText(
            preset.base_url if preset and preset.base_url else "https://your-relay.example"
        )
        self.path.setText(stored.path)
        self.path.setPlaceholderText(preset.path if preset and preset.path else "/edit")
        auth = stored.auth or (preset.auth.value if preset else AuthStyle.BEARER.value)
        self.auth.setCurrentIndex(max(0, self.auth.findData(auth)))
        self.key.setText(self._typed_keys.get(kind, self.keys.get(kind) or "") if remote else "")

    def _remember_fields(self) -> None:
        kind = self._shown
        if kind is None or kind is ProviderKind.LOCAL:
            return
        preset = PRESETS.get(kind)
        auth = self.auth.currentData()
        default_auth = preset.auth.value if preset else ""
        paths = dict(self.settings.endpoint(kind).paths)  # APIs the dialog does not show, kept
        for api, field in self.api_paths.items():
            typed = field.text().strip()
            if typed:
                paths[api] = typed
            else:
                paths.pop(api, None)  # the preset's
        self.settings.endpoints[kind.value] = Endpoint(
            self.base_url.text().strip(),
            self.path.text().strip(),
            "" if auth == default_auth else auth,
            paths,
        )
        self._typed_keys[kind] = self.key.text().strip()

    def _build_prices(self, settings: ProviderSettings) -> QGroupBox:
        """The prices estimates use (per provider, in their own dialog) and the daily limit."""
        self.prices_button = QPushButton(self.tr("Prices…"))
        self.prices_button.setToolTip(
            self.tr("The estimated price per image of the provider chosen above")
        )
        self.prices_button.clicked.connect(self.edit_prices)
        self.daily_limit = QDoubleSpinBox()
        self.daily_limit.setRange(0, 100_000)
        self.daily_limit.setDecimals(2)
        self.daily_limit.setPrefix("$")
        self.daily_limit.setSpecialValueText(self.tr("No limit"))
        self.daily_limit.setValue(settings.daily_limit or 0)
        self.daily_limit.setToolTip(
            self.tr(
                "Before a job would bring today's estimated spend over this, the window asks "
                "and the command line refuses (unless given --over-limit)"
            )
        )
        self.prices_note = QLabel()
        self.prices_note.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(self.prices_button)
        row.addWidget(self.prices_note, 1)
        form = QFormLayout()
        form.addRow(self.tr("Per image"), row)
        form.addRow(self.tr("Daily limit"), self.daily_limit)
        box = QGroupBox(self.tr("Prices (estimates)"))
        box.setLayout(form)
        return box

    def edit_prices(self) -> None:
        """The prices of the provider shown, in their own dialog (kept when Settings save)."""
        from ideogram_studio.ui.prices_dialog import PricesDialog

        kind = self.kind()
        dialog = PricesDialog(self.settings.price_table(kind), provider_name(kind), self)
        if self.run_prices_dialog(dialog):
            self.settings.set_price_table(kind, dialog.table())
            self._show_prices_note(kind)

    def _show_prices_note(self, kind: ProviderKind) -> None:
        if kind is ProviderKind.LOCAL:
            note = self.tr("Free: nothing is billed")
        elif kind.value in self.settings.prices:
            note = self.tr("Your own prices")
        else:
            note = self.tr("Ideogram's published prices")
        self.prices_note.setText(note)

    def run_prices_dialog(self, dialog: QDialog) -> bool:
        """Shows it modally (tests fill it in and answer instead)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def save(self) -> None:
        """Store what the dialog shows: settings.json, and each changed key in the key store."""
        self._remember_fields()
        self.settings.daily_limit = self.daily_limit.value() or None
        self.settings.provider = self.kind().value
        self.settings.result_format = str(self.result_format.currentData())
        self.settings.strip_location = self.strip_location.isChecked()
        self.settings.images_in_flight = self.images_in_flight.value()
        self.settings.endpoints = {
            kind: endpoint
            for kind, endpoint in self.settings.endpoints.items()
            if endpoint != Endpoint()
        }
        self.settings.save()
        for kind, typed in self._typed_keys.items():
            key = clean_key(typed) if typed else ""  # RequestError: the window shows it
            if key != (self.keys.get(kind) or ""):
                self.keys.set(kind, key)
