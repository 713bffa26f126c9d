"""The registry of API modules: registering an API is one module plus one entry here.

Each entry is an `EditApi` (outcome.py): its id is also the key of its path in a provider's
`paths`. The local provider runs in-process, so whatever is asked of it, the local module
answers; every other provider sends the API asked for to its own address.
"""

from __future__ import annotations

from typing import Protocol

from ideogram_studio.backends import ideogram_v3, legacy_edit, local, upscale
from ideogram_studio.backends.outcome import Backend, EditApi
from ideogram_studio.backends.providers import EDIT, Provider, ProviderKind
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.tool_answers import offline_cannot_upscale

API_MODULES: dict[str, EditApi] = {
    legacy_edit.ID: legacy_edit.API,
    ideogram_v3.ID: ideogram_v3.API,
    local.ID: local.API,
    upscale.ID: upscale.API,  # type: ignore[dict-item] - its requests are UpscaleRequests
}


class HasKind(Protocol):
    """A Provider, or the settings' `Effective` choice (the preview has no resolved provider
    when a key is still missing, yet shows what would be sent)."""

    @property
    def kind(self) -> ProviderKind: ...


def api_for(provider: HasKind, api: str = EDIT) -> EditApi:
    """The module that serves `api` at `provider`."""
    if provider.kind is ProviderKind.LOCAL:  # no address: the edit runs here
        if api == upscale.ID:  # nothing here makes new detail: say so, before anything runs
            raise RequestError(offline_cannot_upscale())
        return API_MODULES[local.ID]
    return API_MODULES[api]


def make_backend(provider: Provider, api_key: str | None, api: str = EDIT) -> Backend:
    return api_for(provider, api).backend(provider, api_key)
