"""The settings dialog: provider, endpoint and key, where the key is kept, what overrides it."""

from __future__ import annotations

import json
import stat

from PySide6.QtWidgets import QLineEdit

from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.settings import KeyStore
from ideogram_studio.ui.settings_dialog import SettingsDialog


def dialog_for(window, environ=None) -> SettingsDialog:
    dialog = SettingsDialog(
        window.document.settings,
        window.document.keys,
        window.document.provider().kind,
        environ or {},
        window,
    )
    return dialog


def test_a_relay_key_is_stored_privately_and_the_panel_follows(window, studio_home) -> None:
    dialog = dialog_for(window)
    assert "only your user account can read" in dialog.storage_note.text()
    assert not dialog.override_note.isVisible()
    dialog.provider.setCurrentIndex(dialog.provider.findData("relay"))
    assert dialog.path.placeholderText() == "/ideogram/edit"
    assert dialog.auth.currentData() == "bearer"
    dialog.base_url.setText("https://relay.example")
    dialog.key.setText("relay-secret-123")
    window.apply_settings(dialog)

    settings_file = studio_home / "settings.json"
    stored = json.loads(settings_file.read_text())
    assert stored["provider"] == "relay"
    assert stored["endpoints"]["relay"]["base_url"] == "https://relay.example"
    assert "relay-secret-123" not in settings_file.read_text()
    key_file = studio_home / "api-keys.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert KeyStore(studio_home).get(ProviderKind.RELAY) == "relay-secret-123"
    assert window.options.provider.currentData() == "relay"
    assert window.options.key_status.text() == "Key set (key file)"
    provider = window.document.provider().provider()
    assert provider.endpoint == "https://relay.example/ideogram/edit"


def test_switching_providers_in_the_dialog_keeps_each_ones_fields(window) -> None:
    dialog = dialog_for(window)
    dialog.provider.setCurrentIndex(dialog.provider.findData("custom"))
    dialog.base_url.setText("https://proxy.example")
    dialog.path.setText("/v1/edit")
    dialog.key.setText("custom-key")
    dialog.provider.setCurrentIndex(dialog.provider.findData("ideogram"))
    assert dialog.base_url.text() == "" and dialog.key.text() == ""
    assert dialog.base_url.placeholderText() == "https://api.ideogram.ai"
    dialog.provider.setCurrentIndex(dialog.provider.findData("custom"))
    assert dialog.base_url.text() == "https://proxy.example" and dialog.key.text() == "custom-key"
    dialog.provider.setCurrentIndex(dialog.provider.findData("local"))
    assert not dialog.key.isEnabled()


def test_the_dialog_names_the_environment_variables_that_win(window) -> None:
    environ = {"IDEOGRAM_API_KEY": "x", "IDEOGRAM_BASE_URL": "https://env.example"}
    dialog = dialog_for(window, environ)
    assert not dialog.override_note.isHidden()
    assert "IDEOGRAM_BASE_URL, IDEOGRAM_API_KEY" in dialog.override_note.text()
    assert dialog.key.text() != "x"  # the environment's key is never shown


def test_a_pasted_key_is_checked_when_saved(window, studio_home) -> None:
    dialog = dialog_for(window)
    dialog.show()
    dialog.provider.setCurrentIndex(dialog.provider.findData("ideogram"))
    dialog.key.setText("abc-123\ndef-456")  # pasted with a line break
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != SettingsDialog.DialogCode.Accepted
    assert dialog.key_problem.text() == (
        "The API key has a space or a line break inside it: paste it again as one line."
    )
    assert not (studio_home / "api-keys.json").exists()  # nothing stored
    dialog.key.setText("\ufeffabc-123\u200b ")  # a byte-order mark and a zero-width space
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    window.apply_settings(dialog)
    assert json.loads((studio_home / "api-keys.json").read_text()) == {"ideogram": "abc-123"}


def test_the_key_can_be_shown_and_the_data_folder_is_no_override(window) -> None:
    dialog = dialog_for(window, {"IDEOGRAM_STUDIO_HOME": "/somewhere"})
    assert dialog.override_note.isHidden()  # where data goes is no provider setting
    dialog.provider.setCurrentIndex(dialog.provider.findData("ideogram"))
    dialog.key.setText("secret-key-123")
    assert dialog.key.echoMode() is QLineEdit.EchoMode.Password
    dialog.show_key.setChecked(True)
    assert dialog.key.echoMode() is QLineEdit.EchoMode.Normal
    dialog.show_key.setChecked(False)
    assert dialog.key.echoMode() is QLineEdit.EchoMode.Password
