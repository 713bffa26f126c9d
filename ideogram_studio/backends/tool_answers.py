"""What Describe and Upscale say when a provider cannot serve them: the offline backend, a
path the provider does not have, a key without access. Each is one sentence naming the tool,
not "the edit failed"."""

from __future__ import annotations

from ideogram_studio.backends.outcome import EditError, ErrorKind
from ideogram_studio.backends.providers import host_of
from ideogram_studio.i18n import translate


def describe_name() -> str:
    return translate("Tools", "Describe")


def upscale_name() -> str:
    return translate("Tools", "Upscale")


def offline_cannot_describe() -> str:
    return translate(
        "Tools",
        "Suggest prompts needs Ideogram or a relay: the offline backend cannot describe photos.",
    )


def offline_cannot_upscale() -> str:
    return translate(
        "Tools", "Upscale needs Ideogram or a relay: the offline backend cannot upscale images."
    )


def in_tool_terms(error: EditError, tool: str, endpoint: str) -> EditError:
    """The transport's error, said of `tool` where the edit's sentence would mislead: a
    404 or 405 means the provider has no such API at this path; a 403, no access to it."""
    if error.status in (404, 405):
        message = translate(
            "Tools",
            "This provider does not offer {tool} at this path ({endpoint}): check the path "
            "in Settings.",
        ).format(tool=tool, endpoint=endpoint)
    elif error.status == 403:
        message = translate("Tools", "This API key has no access to {tool} at {host}.").format(
            tool=tool, host=host_of(endpoint)
        )
    else:
        return error
    said = EditError(
        message,
        ErrorKind.REFUSED,
        status=error.status,
        server_error=error.server_error,
        reject_reason=error.reject_reason,
    )
    return said
