"""The settings dialog sets the path of each API per provider (relays differ): shown with the
preset's path in grey, saved in settings.json beside the legacy edit's, and used."""

from __future__ import annotations

import json

from ideogram_studio.backends.settings import ProviderSettings
from tests.ui.test_settings_dialog import dialog_for


def placeholders(dialog) -> dict[str, str]:  # noqa: ANN001
    shown = {"edit": dialog.path.placeholderText()}
    return shown | {api: field.placeholderText() for api, field in dialog.api_paths.items()}


def test_each_api_path_shows_its_preset_and_is_saved_per_provider(window, studio_home) -> None:
    dialog = dialog_for(window)
    dialog.provider.setCurrentIndex(dialog.provider.findData("ideogram"))
    assert placeholders(dialog) == {
        "edit": "/edit",
        "v3": "/v1/ideogram-v3/inpaint",
        "describe": "/describe",
        "upscale": "/upscale",
    }
    dialog.provider.setCurrentIndex(dialog.provider.findData("relay"))
    assert placeholders(dialog) == {
        "edit": "/ideogram/edit",
        "v3": "/ideogram/v1/ideogram-v3/edit",
        "describe": "/ideogram/describe",
        "upscale": "/ideogram/upscale",
    }
    dialog.base_url.setText("https://relay.example")
    dialog.key.setText("relay-secret-123")
    dialog.api_paths["v3"].setText("/ideogram/v1/ideogram-v3/inpaint")
    dialog.api_paths["upscale"].setText(" /ideogram/v2/upscale ")
    # Another provider's fields in between: each keeps its own.
    dialog.provider.setCurrentIndex(dialog.provider.findData("custom"))
    assert all(not field.text() for field in dialog.api_paths.values())
    assert dialog.api_paths["v3"].placeholderText() == "Not set: not offered"
    dialog.provider.setCurrentIndex(dialog.provider.findData("relay"))
    assert dialog.api_paths["v3"].text() == "/ideogram/v1/ideogram-v3/inpaint"
    window.apply_settings(dialog)

    stored = json.loads((studio_home / "settings.json").read_text())["endpoints"]["relay"]
    assert stored["path"] == ""  # the legacy edit's: the preset's
    assert stored["paths"] == {
        "v3": "/ideogram/v1/ideogram-v3/inpaint",
        "upscale": "/ideogram/v2/upscale",
    }
    provider = window.document.provider().provider()
    assert provider.endpoint_for("v3") == "https://relay.example/ideogram/v1/ideogram-v3/inpaint"
    assert provider.endpoint_for("upscale") == "https://relay.example/ideogram/v2/upscale"
    assert provider.endpoint_for("describe") == "https://relay.example/ideogram/describe"
    assert provider.endpoint == "https://relay.example/ideogram/edit"

    # Loaded again, the dialog shows them; emptied, the preset's path is used again.
    loaded = ProviderSettings.load(studio_home)
    assert loaded.endpoint(window.document.provider().kind).paths["upscale"] == (
        "/ideogram/v2/upscale"
    )
    again = dialog_for(window)
    assert again.kind().value == "relay"
    assert again.api_paths["v3"].text() == "/ideogram/v1/ideogram-v3/inpaint"
    again.api_paths["v3"].clear()
    window.apply_settings(again)
    stored = json.loads((studio_home / "settings.json").read_text())["endpoints"]["relay"]
    assert stored["paths"] == {"upscale": "/ideogram/v2/upscale"}
    assert window.document.provider().provider().endpoint_for("v3") == (
        "https://relay.example/ideogram/v1/ideogram-v3/edit"
    )


def test_a_custom_endpoint_offers_3_0_once_its_path_is_set(window, monkeypatch) -> None:
    from ideogram_studio.backends.options import EditApiId
    from tests.ui.test_edit_api_fields import blocker, choose, ready

    monkeypatch.setenv("IDEOGRAM_API_KEY", "test-key")  # the custom endpoint's key
    dialog = dialog_for(window)
    dialog.provider.setCurrentIndex(dialog.provider.findData("custom"))
    dialog.base_url.setText("https://proxy.example/v1")
    dialog.path.setText("/edit")
    window.apply_settings(dialog)
    ready(window)
    choose(window.options.api, EditApiId.V3)
    assert blocker(window) == "This provider has no path set for the “v3” API."

    dialog = dialog_for(window)
    dialog.api_paths["v3"].setText("/ideogram-v3/inpaint")
    window.apply_settings(dialog)
    assert "no path set" not in blocker(window)  # (the 3.0 module decides the rest)
    assert window.document.provider().provider().endpoint_for("v3") == (
        "https://proxy.example/v1/ideogram-v3/inpaint"
    )


def test_the_local_provider_has_no_paths_to_set(window) -> None:
    dialog = dialog_for(window)
    dialog.provider.setCurrentIndex(dialog.provider.findData("local"))
    assert not any(field.isEnabled() for field in dialog.api_paths.values())
    assert all(field.placeholderText() == "" for field in dialog.api_paths.values())
