from __future__ import annotations

import stat
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from ideogram_studio.backends.providers import AuthStyle, ProviderKind
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.settings import (
    Endpoint,
    KeyStore,
    ProviderSettings,
    effective,
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise keyring.errors.PasswordDeleteError("not stored")
        del self.passwords[(service, username)]


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_keyring_the_key_goes_to_a_file_only_the_user_can_read(tmp_path: Path) -> None:
    store = KeyStore(tmp_path, use_keyring=False)
    store.set(ProviderKind.RELAY, "  relay-secret  ")
    store.set(ProviderKind.IDEOGRAM, "ideo-secret")
    assert store.file.exists()
    assert stat.S_IMODE(store.file.stat().st_mode) == 0o600
    assert "only your user account can read" in store.where()
    again = KeyStore(tmp_path, use_keyring=False)
    assert again.get(ProviderKind.RELAY) == "relay-secret"
    assert again.get(ProviderKind.IDEOGRAM) == "ideo-secret"
    again.set(ProviderKind.RELAY, "")
    assert KeyStore(tmp_path, use_keyring=False).get(ProviderKind.RELAY) is None
    assert [p.name for p in tmp_path.iterdir()] == ["api-keys.json"]  # no temp file left


def test_with_a_keyring_the_key_never_touches_the_disk(tmp_path: Path, memory_keyring) -> None:
    store = KeyStore(tmp_path)
    assert store.in_keyring
    assert "system keyring" in store.where()
    store.set(ProviderKind.IDEOGRAM, "ideo-secret")
    assert memory_keyring.passwords == {("ideogram-studio", "ideogram"): "ideo-secret"}
    assert KeyStore(tmp_path).get(ProviderKind.IDEOGRAM) == "ideo-secret"
    assert not any(tmp_path.iterdir())
    store.set(ProviderKind.IDEOGRAM, None)
    store.set(ProviderKind.IDEOGRAM, None)  # removing twice is fine
    assert memory_keyring.passwords == {}


def test_keyring_without_a_backend_falls_back_to_the_file(tmp_path: Path) -> None:
    # What keyring offers on a machine without Secret Service (the conftest default).
    store = KeyStore(tmp_path)
    assert not store.in_keyring
    store.set(ProviderKind.IDEOGRAM, "k")
    assert store.file.exists()


def test_settings_round_trip_and_survive_a_damaged_file(tmp_path: Path) -> None:
    settings = ProviderSettings("relay", {"relay": Endpoint("https://relay.example", "", "")})
    settings.save(tmp_path)
    loaded = ProviderSettings.load(tmp_path)
    assert loaded == settings
    assert "secret" not in (tmp_path / "settings.json").read_text()
    (tmp_path / "settings.json").write_text("{not json")
    assert ProviderSettings.load(tmp_path) == ProviderSettings()


def test_no_key_and_no_choice_means_the_local_backend(tmp_path: Path) -> None:
    result = effective(ProviderSettings(), KeyStore(tmp_path, use_keyring=False), {})
    assert result.kind is ProviderKind.LOCAL
    assert result.provider().endpoint == "local"
    assert result.key_status() == "Offline: no key needed"


def test_a_stored_ideogram_key_makes_ideogram_the_default(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, use_keyring=False)
    keys.set(ProviderKind.IDEOGRAM, "stored")
    result = effective(ProviderSettings(), keys, {})
    assert (result.kind, result.key, result.key_source) == (ProviderKind.IDEOGRAM, "stored", "file")
    assert result.provider().auth_headers("k") == {"Api-Key": "k"}


def test_environment_variables_override_what_is_stored(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, use_keyring=False)
    keys.set(ProviderKind.RELAY, "stored")
    settings = ProviderSettings("ideogram", {"relay": Endpoint("https://stored.example")})
    environ = {
        "IDEOGRAM_PROVIDER": "relay",
        "IDEOGRAM_BASE_URL": "https://env.example",
        "IDEOGRAM_API_KEY": "from-env",
    }
    result = effective(settings, keys, environ)
    assert result.kind is ProviderKind.RELAY
    assert result.key == "from-env" and result.key_source == "environment"
    assert result.overrides == ["IDEOGRAM_PROVIDER", "IDEOGRAM_BASE_URL", "IDEOGRAM_API_KEY"]
    provider = result.provider()
    assert provider.endpoint == "https://env.example/ideogram/edit"
    assert provider.auth is AuthStyle.BEARER


def test_a_relay_without_address_says_what_is_missing(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, use_keyring=False)
    keys.set(ProviderKind.RELAY, "k")
    result = effective(ProviderSettings(), keys, {}, choice="relay")
    with pytest.raises(RequestError, match="relay needs a base URL"):
        result.provider()


def test_a_custom_endpoint_uses_its_own_path_and_auth(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, use_keyring=False)
    keys.set(ProviderKind.CUSTOM, "k")
    settings = ProviderSettings(
        "custom", {"custom": Endpoint("https://proxy.example/", "/v1/edit", "bearer")}
    )
    provider = effective(settings, keys, {}).provider()
    assert provider.endpoint == "https://proxy.example/v1/edit"
    assert provider.auth_headers("k") == {"Authorization": "Bearer k"}


def test_each_api_path_and_the_in_flight_limit_are_kept_per_provider(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, use_keyring=False)
    keys.set(ProviderKind.RELAY, "k")
    relay = Endpoint("https://relay.example", "", "", {"v3": "/ideogram/v1/ideogram-v3/inpaint"})
    settings = ProviderSettings("relay", {"relay": relay}, images_in_flight=4)
    settings.save(tmp_path)
    loaded = ProviderSettings.load(tmp_path)
    assert loaded == settings and loaded.images_in_flight == 4
    provider = effective(loaded, keys, {}).provider()
    assert provider.endpoint_for("v3") == "https://relay.example/ideogram/v1/ideogram-v3/inpaint"
    assert provider.endpoint_for("edit") == "https://relay.example/ideogram/edit"  # the preset's
    assert provider.endpoint_for("upscale") == "https://relay.example/ideogram/upscale"
    (tmp_path / "settings.json").write_text('{"images_in_flight": "lots"}')
    assert ProviderSettings.load(tmp_path).images_in_flight == 10
