"""The one error type the user sees, raised by every layer with a sentence a designer reads."""


class StudioError(Exception):
    """An error whose message is meant for the user, as it is."""

    @property
    def message(self) -> str:
        return str(self)


class ImageLoadError(StudioError):
    """A file could not be opened as an image."""
