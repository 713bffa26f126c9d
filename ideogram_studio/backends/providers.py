"""Where edits go: Ideogram directly, an API relay, a hand-set endpoint, or the local backend.

A provider says *where* (base URL, auth style) and, per API id, the path; which fields an API
sends is its module's business (apis.py)."""

from __future__ import annotations

import enum
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit, urlunsplit

from ideogram_studio.backends.request import RequestError
from ideogram_studio.i18n import translate


class ProviderKind(enum.StrEnum):
    IDEOGRAM = "ideogram"
    RELAY = "relay"
    CUSTOM = "custom"
    LOCAL = "local"


class AuthStyle(enum.StrEnum):
    API_KEY = "api-key"  # Api-Key: <key>  (Ideogram)
    BEARER = "bearer"  # Authorization: Bearer <key>  (relays)


EDIT = "edit"  # the legacy edit API's id: what the stored settings' `path` means
V3 = "v3"  # Ideogram 3.0 inpaint
DESCRIBE = "describe"
UPSCALE = "upscale"
API_IDS = (EDIT, V3, DESCRIBE, UPSCALE)  # every API whose path a provider may set


@dataclass(frozen=True)
class Provider:
    kind: ProviderKind
    base_url: str = ""
    paths: Mapping[str, str] = field(default_factory=dict, hash=False)  # API id -> path
    auth: AuthStyle = AuthStyle.API_KEY

    @property
    def path(self) -> str:
        """The edit API's path (what the settings and the dialog call "Path")."""
        return self.paths.get(EDIT, "")

    @property
    def endpoint(self) -> str:
        return self.endpoint_for(EDIT)

    def endpoint_for(self, api: str) -> str:
        """The URL of API `api` at this provider."""
        if self.kind is ProviderKind.LOCAL:
            return "local"
        if api not in self.paths:  # a relay that offers only some APIs: say so, send nothing
            raise RequestError(
                translate("Request", "This provider has no path set for the “{api}” API.").format(
                    api=api
                )
            )
        # The path goes before a query the base URL may carry (`…/v1?token=…`), not after it.
        parts = urlsplit(self.base_url)
        path = parts.path.rstrip("/") + "/" + self.paths[api].lstrip("/")
        # No user:password@: requests would turn it into a Basic header that replaces the
        # relay's Bearer key (the key is the authentication here).
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, host, path, parts.query, ""))

    def with_path(self, api: str, path: str) -> Provider:
        return replace(self, paths={**self.paths, api: path})

    def auth_headers(self, api_key: str) -> dict[str, str]:
        if self.auth is AuthStyle.BEARER:
            return {"Authorization": f"Bearer {api_key}"}
        return {"Api-Key": api_key}


IDEOGRAM = Provider(
    ProviderKind.IDEOGRAM,
    "https://api.ideogram.ai",
    {EDIT: "/edit", V3: "/v1/ideogram-v3/inpaint", DESCRIBE: "/describe", UPSCALE: "/upscale"},
    AuthStyle.API_KEY,
)
# As relays document them; they differ, so every path can be set per provider.
RELAY = Provider(
    ProviderKind.RELAY,
    "",
    {
        EDIT: "/ideogram/edit",
        V3: "/ideogram/v1/ideogram-v3/edit",
        DESCRIBE: "/ideogram/describe",
        UPSCALE: "/ideogram/upscale",
    },
    AuthStyle.BEARER,
)
LOCAL = Provider(ProviderKind.LOCAL)
PRESETS = {ProviderKind.IDEOGRAM: IDEOGRAM, ProviderKind.RELAY: RELAY, ProviderKind.LOCAL: LOCAL}


def resolve_provider(
    kind: str | None,
    base_url: str | None,
    api_key: str | None,
    *,
    path: str | None = None,
    auth: str | None = None,
    paths: Mapping[str, str] | None = None,
) -> Provider:
    """The provider for the given choices; with no key and no choice, the local backend.
    `path` is the legacy edit's; `paths` sets any API's (empty ones keep the preset's)."""
    if not kind:
        kind = ProviderKind.IDEOGRAM if api_key else ProviderKind.LOCAL
    try:
        provider_kind = ProviderKind(kind.lower())
    except ValueError:
        names = ", ".join(k.value for k in ProviderKind)
        raise RequestError(
            translate("Request", "Unknown provider “{kind}”: choose one of {names}.").format(
                kind=kind, names=names
            )
        ) from None
    provider = PRESETS.get(provider_kind, Provider(ProviderKind.CUSTOM))
    if base_url:
        provider = replace(provider, base_url=base_url)
    for api, api_path in (paths or {}).items():
        if api_path:
            provider = provider.with_path(api, api_path)
    if path:
        provider = provider.with_path(EDIT, path)
    if auth:
        provider = replace(provider, auth=AuthStyle(auth))
    if provider_kind is ProviderKind.LOCAL:
        return provider
    if not provider.base_url:
        raise RequestError(
            translate(
                "Request",
                "The relay needs a base URL: give --base-url or set IDEOGRAM_BASE_URL to the "
                "address your relay gave you.",
            )
        )
    check_base_url(provider.base_url)
    if not provider.paths:
        raise RequestError(
            translate("Request", "A custom provider needs the path of its edit endpoint.")
        )
    if not api_key:
        raise RequestError(
            translate(
                "Request",
                "The {provider} provider needs an API key: set "
                "IDEOGRAM_API_KEY (it is never taken on the command line).",
            ).format(provider=provider_kind.value)
        )
    return provider


def key_from_environment(environ: Mapping[str, str] = os.environ) -> str | None:
    """The key in IDEOGRAM_API_KEY, cleaned (see clean_key); None when it is unset or blank."""
    text = environ.get("IDEOGRAM_API_KEY", "")
    if not text.strip(_INVISIBLE + " \t\r\n"):
        return None
    return clean_key(text)


# Pasting from web pages and password managers brings these along; none belongs to a key.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"


def clean_key(text: str) -> str:
    """The key as it must be sent: surrounding whitespace and invisible characters (a
    byte-order mark, zero-width spaces) removed. Raises RequestError with a sentence if what
    is left is empty or not one run of printable ASCII (HTTP headers carry nothing else)."""
    key = text.translate({ord(char): None for char in _INVISIBLE}).strip()
    if not key:
        raise RequestError(translate("Request", "The API key is empty: paste your key again."))
    for position, char in enumerate(key, start=1):
        if char.isspace():
            raise RequestError(
                translate(
                    "Request",
                    "The API key has a space or a line break inside it: paste it again as one "
                    "line.",
                )
            )
        if not "!" <= char <= "~":
            raise RequestError(
                translate(
                    "Request",
                    "The API key has a character no API key contains (character {position}): "
                    "copy it again from your provider's page.",
                ).format(position=position)
            )
    return key


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> None:
    """Raise RequestError unless `url` is https://, or http:// to this computer only: a
    plain http:// connection elsewhere would carry the key unencrypted."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise RequestError(
            translate("Request", "The base URL must start with https:// (got “{url}”).").format(
                url=public_endpoint(url)
            )
        )
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        host = None
    if not host:
        raise RequestError(
            translate("Request", "The base URL has no valid host name (got “{url}”).").format(
                url=public_endpoint(url)
            )
        )
    if parts.scheme.lower() == "http" and not is_loopback(host):
        raise RequestError(
            translate(
                "Request",
                "The base URL must start with https:// for {host}: over plain http:// the API "
                "key would travel unencrypted (http:// is accepted only for this computer).",
            ).format(host=host)
        )


def public_endpoint(url: str) -> str:
    """`url` as it may be stored and shown: without user name, password, query or fragment."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def host_of(url: str) -> str:
    """The host (and port) of `url`, for sentences: never a user name or password."""
    return urlsplit(url).netloc.rpartition("@")[2]
