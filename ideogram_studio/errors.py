"""The one error type the user sees, raised by every layer with a sentence a designer reads."""


class StudioError(Exception):
    """An error whose message is meant for the user, as it is."""

    @property
    def message(self) -> str:
        return str(self)


class ImageLoadError(StudioError):
    """A file could not be opened as an image."""


def redact(text: str, secret: str | None, marker: str = "•••") -> str:
    """`text` with every copy of `secret` (an API key) replaced: the one place keys are hidden,
    whatever a server, a library or a bug echoes back."""
    return text.replace(secret, marker) if secret else text
