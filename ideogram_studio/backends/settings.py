"""Where the window's edits go: the saved provider choice, the API keys, and what the
environment overrides. The CLI's environment variables win over anything stored here.

Keys live in the operating system's keyring when one is available (through `keyring`), one per
provider kind, else in a JSON file that only the user can read. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ideogram_studio.backends.options import EditOptions
from ideogram_studio.backends.prices import (
    FREE,
    Estimate,
    PriceTable,
    estimate_edit,
    estimate_upscale,
    published,
)
from ideogram_studio.backends.providers import (
    Provider,
    ProviderKind,
    key_from_environment,
    resolve_provider,
)
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.storage import SaveChoice
from ideogram_studio.core.files import data_home, write_atomic
from ideogram_studio.i18n import translate

KEYRING_SERVICE = "ideogram-studio"
ENV_PROVIDER = "IDEOGRAM_PROVIDER"
ENV_BASE_URL = "IDEOGRAM_BASE_URL"
ENV_KEY = "IDEOGRAM_API_KEY"
ENV_HOME = "IDEOGRAM_STUDIO_HOME"
ENVIRONMENT = (ENV_PROVIDER, ENV_BASE_URL, ENV_KEY, ENV_HOME)


@dataclass
class Endpoint:
    """A provider's address as the user set it; empty fields mean the preset's."""

    base_url: str = ""
    path: str = ""  # the legacy edit's
    auth: str = ""
    paths: dict[str, str] = field(default_factory=dict)  # the other APIs', by API id


RESULT_FORMATS = ("auto", "png", "jpeg", "webp", "tiff")
IMAGES_IN_FLIGHT = 10  # Ideogram's limit per organisation, across all requests
MAX_IMAGES_IN_FLIGHT = 100  # an organisation's limit can be raised by Ideogram


@dataclass
class ProviderSettings:
    """What the settings dialog stores (never the key)."""

    provider: str = ""  # empty: Ideogram when a key is known, else Local
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    result_format: str = "auto"  # "auto" (the photo's own family), "png", "jpeg", "webp", "tiff"
    strip_location: bool = False  # remove GPS data from what results carry over
    # Images in progress at once, across all jobs (Ideogram allows 10 per organisation).
    images_in_flight: int = IMAGES_IN_FLIGHT
    # The user's own prices per provider kind, only where they differ from the published ones
    # (relays set their own); a None price means "unknown".
    prices: dict[str, PriceTable] = field(default_factory=dict)
    daily_limit: float | None = None  # USD of estimated spend a day; None: no limit

    def save_choice(self) -> SaveChoice:
        """How results are written, as these settings say."""
        return SaveChoice(self.result_format, self.strip_location)

    def price_table(self, kind: ProviderKind) -> PriceTable:
        """The prices an estimate uses for `kind`: Ideogram's published ones, with the user's
        own on top. The local backend bills nothing (see `estimate_edit`)."""
        if kind is ProviderKind.LOCAL:
            return FREE
        own = self.prices.get(kind.value)
        return PriceTable.from_json(own.to_json() if own else None, published())

    def set_price_table(self, kind: ProviderKind, table: PriceTable) -> None:
        """Keep `table` as `kind`'s prices (only what differs from the published ones)."""
        own = table.differences(published())
        if own.per_image:
            self.prices[kind.value] = own
        else:
            self.prices.pop(kind.value, None)

    def estimate_edit(
        self, options: EditOptions, kind: ProviderKind, *, upscales: int = 0
    ) -> Estimate:
        """What an edit with `options` at provider `kind` is estimated to cost, with the
        `upscales` of its results before blending (region_upscale.edit_upscales)."""
        edit = estimate_edit(options, self.price_table(kind), free=kind is ProviderKind.LOCAL)
        return edit.with_upscales(self.estimate_upscale(upscales, kind) if upscales else None)

    def estimate_upscale(self, images: int, kind: ProviderKind) -> Estimate:
        """What upscaling `images` results at provider `kind` is estimated to cost."""
        return estimate_upscale(images, self.price_table(kind), free=kind is ProviderKind.LOCAL)

    def endpoint(self, kind: ProviderKind) -> Endpoint:
        return self.endpoints.get(kind.value, Endpoint())

    @classmethod
    def load(cls, folder: Path | None = None) -> ProviderSettings:
        file = (folder or data_home()) / "settings.json"
        try:
            stored = json.loads(file.read_text(encoding="utf-8"))
            endpoints = {
                str(kind): _endpoint(values) for kind, values in stored.get("endpoints", {}).items()
            }
            chosen = str(stored.get("result_format", "auto") or "auto").lower()
            prices = stored.get("prices")
            return cls(
                str(stored.get("provider", "") or ""),
                endpoints,
                chosen if chosen in RESULT_FORMATS else "auto",
                stored.get("strip_location") is True,
                _in_flight(stored.get("images_in_flight")),
                {
                    str(kind): PriceTable.from_json(table)
                    for kind, table in (prices.items() if isinstance(prices, dict) else ())
                },
                _limit(stored.get("daily_limit")),
            )
        except (OSError, ValueError, AttributeError, TypeError):
            return cls()  # missing or damaged: start from the defaults, never refuse to start

    def save(self, folder: Path | None = None) -> None:
        folder = folder or data_home()
        folder.mkdir(parents=True, exist_ok=True)
        document = {
            "provider": self.provider,
            "endpoints": {k: asdict(v) for k, v in self.endpoints.items()},
            "result_format": self.result_format,
            "strip_location": self.strip_location,
            "images_in_flight": self.images_in_flight,
            "prices": {kind: table.to_json() for kind, table in self.prices.items()},
            "daily_limit": self.daily_limit,
        }
        write_atomic(folder / "settings.json", json.dumps(document, indent=2).encode("utf-8"))


_ENDPOINT = set(Endpoint.__dataclass_fields__) - {"paths"}


def _in_flight(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return min(max(1, value), MAX_IMAGES_IN_FLIGHT)
    return IMAGES_IN_FLIGHT


def _limit(value: object) -> float | None:
    """A stored daily limit: a positive number of dollars, else none."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0 < value < float("inf") else None


def _endpoint(values: Mapping[str, object]) -> Endpoint:
    paths = values.get("paths")
    return Endpoint(
        **{k: str(v) for k, v in values.items() if k in _ENDPOINT},
        paths={str(k): str(v) for k, v in paths.items()} if isinstance(paths, dict) else {},
    )


class KeyStore:
    """One API key per provider kind, in the keyring, or else in a file only the user can read."""

    def __init__(self, folder: Path | None = None, *, use_keyring: bool = True) -> None:
        self.file = (folder or data_home()) / "api-keys.json"
        self._keyring = _usable_keyring() if use_keyring else None

    @property
    def in_keyring(self) -> bool:
        return self._keyring is not None

    def where(self) -> str:
        """A sentence for the settings dialog saying where keys are kept."""
        if self._keyring is not None:
            return translate("Settings", "Keys are kept in the system keyring ({name}).").format(
                name=self._keyring.name
            )
        return translate(
            "Settings",
            "No system keyring was found, so keys are kept in {path}, "
            "a file only your user account can read.",
        ).format(path=self.file)

    def get(self, kind: ProviderKind) -> str | None:
        if self._keyring is not None:
            try:
                return self._keyring.get_password(KEYRING_SERVICE, kind.value) or None
            except Exception:  # a locked or broken keyring must not stop the app
                return None
        return self._read_file().get(kind.value) or None

    def set(self, kind: ProviderKind, key: str | None) -> None:
        """Store the key (or remove it when empty)."""
        key = (key or "").strip()
        if self._keyring is not None:
            import keyring.errors

            try:
                if key:
                    self._keyring.set_password(KEYRING_SERVICE, kind.value, key)
                else:
                    self._keyring.delete_password(KEYRING_SERVICE, kind.value)
            except keyring.errors.PasswordDeleteError:
                pass  # nothing was stored
            except keyring.errors.KeyringError as error:
                raise RequestError(
                    translate(
                        "Settings",
                        "The system keyring refused to store the key; unlock it and try again.",
                    )
                ) from error
            return
        keys = self._read_file()
        if key:
            keys[kind.value] = key
        else:
            keys.pop(kind.value, None)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps(keys).encode("utf-8"), private=True)

    def _read_file(self) -> dict[str, str]:
        try:
            keys = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in keys.items()} if isinstance(keys, dict) else {}


def _usable_keyring():  # noqa: ANN202 - keyring.backend.KeyringBackend, imported lazily
    """The system keyring, or None where only keyring's 'fail' or plaintext backends exist."""
    try:
        import keyring
        import keyring.backends.fail

        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, keyring.backends.fail.Keyring) or backend.priority <= 0:
        return None
    return backend


@dataclass
class Effective:
    """The provider and key an edit would use now, and why."""

    kind: ProviderKind
    base_url: str
    path: str
    auth: str
    key: str | None
    key_source: str | None  # "environment", "keyring", "file" or None
    overrides: list[str] = field(default_factory=list)  # environment variables in force
    paths: dict[str, str] = field(default_factory=dict)  # other APIs' paths as set by hand

    def provider(self) -> Provider:
        """The resolved provider, or RequestError with the sentence that says what is missing."""
        return resolve_provider(
            self.kind.value,
            self.base_url or None,
            self.key,
            path=self.path or None,
            auth=self.auth or None,
            paths=self.paths,
        )

    def key_status(self) -> str:
        if self.kind is ProviderKind.LOCAL:
            return translate("Settings", "Offline: no key needed")
        if not self.key:
            return translate("Settings", "No key: add one in Settings")
        if self.key_source == "environment":
            return translate("Settings", "Key set ({variable})").format(variable=ENV_KEY)
        if self.key_source == "keyring":
            return translate("Settings", "Key set (keyring)")
        return translate("Settings", "Key set (key file)")


def effective(
    settings: ProviderSettings,
    keys: KeyStore,
    environ: Mapping[str, str] = os.environ,
    *,
    choice: str | None = None,
) -> Effective:
    """Merge stored settings, the panel's provider `choice` and the environment (which wins)."""
    overrides = [name for name in ENVIRONMENT if environ.get(name)]
    try:
        env_key = key_from_environment(environ)
    except RequestError:  # kept as it is: the backend refuses it with its sentence on Generate
        env_key = environ.get(ENV_KEY, "").strip() or None
    wanted = environ.get(ENV_PROVIDER, "").strip().lower() or choice or settings.provider
    if not wanted:
        wanted = "ideogram" if (env_key or keys.get(ProviderKind.IDEOGRAM)) else "local"
    try:
        kind = ProviderKind(wanted)
    except ValueError:
        kind = ProviderKind.LOCAL
    stored = settings.endpoint(kind)
    base_url = environ.get(ENV_BASE_URL, "").strip() or stored.base_url
    if env_key and kind is not ProviderKind.LOCAL:
        key, source = env_key, "environment"
    elif kind is ProviderKind.LOCAL:
        key, source = None, None
    else:
        key = keys.get(kind)
        source = ("keyring" if keys.in_keyring else "file") if key else None
    return Effective(
        kind, base_url, stored.path, stored.auth, key, source, overrides, dict(stored.paths)
    )
