"""What a request would send, described instead of sent: the command line's `--dry-run` (of
`edit`, and of any other command that builds an `http.Multipart`: `upscale`).

It says the endpoint, every text field with its value, every file with its file name, content
type, size in bytes and pixel size (never its contents), and the estimate. Never the key: a
Multipart holds none, the authentication header is named but not shown, and the URL is shown
without user info or query, where a relay's token could hide. Nothing here imports Qt.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO
from urllib.parse import urlsplit

from PIL import Image

from ideogram_studio.backends.http import FilePart, Multipart
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import public_endpoint

LOCAL_ENDPOINT = "local"  # Provider.endpoint_for of the local provider: nothing leaves


@dataclass(frozen=True)
class SentFile:
    """One file part as it would go out, without its bytes."""

    field: str
    filename: str
    content_type: str
    size: int  # bytes
    pixels: tuple[int, int] | None  # width, height; None when it is no image Pillow reads

    def to_json(self) -> dict[str, object]:
        width, height = self.pixels or (None, None)
        return {
            "field": self.field,
            "filename": self.filename,
            "content_type": self.content_type,
            "bytes": self.size,
            "width": width,
            "height": height,
        }


@dataclass(frozen=True)
class DryRun:
    """A request as it would be sent: where, with what, and what it is estimated to cost."""

    endpoint: str  # as it may be shown (public_endpoint), or "local"
    fields: list[tuple[str, str]]
    files: list[SentFile]
    estimate: Estimate
    auth_header: str | None = None  # the header that would carry the key (its value hidden)
    notes: list[str] = field(default_factory=list)

    @property
    def local(self) -> bool:
        return self.endpoint == LOCAL_ENDPOINT

    def lines(self) -> list[str]:
        """The plain-text report, one fact a line; the last is `estimate: …`."""
        lines = ["dry run: nothing was sent"]
        if self.local:
            lines.append("local: it would run on this computer; nothing would be uploaded")
        else:
            lines.append(f"POST {self.endpoint}")
        if self.auth_header:
            lines.append(f"header {self.auth_header}: (the API key, not shown)")
        lines += [f"field {name}: {_one_line(value)}" for name, value in self.fields]
        for sent in self.files:
            size = f", {sent.pixels[0]} x {sent.pixels[1]} pixels" if sent.pixels else ""
            lines.append(
                f"file {sent.field}: {sent.filename}, {sent.content_type}, {sent.size} bytes{size}"
            )
        lines += [f"note: {note}" for note in self.notes]
        lines.append(f"estimate: {self.estimate.figure()}")
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "dry_run": True,
            "method": None if self.local else "POST",
            "endpoint": self.endpoint,
            "auth_header": self.auth_header,
            "fields": [{"name": name, "value": value} for name, value in self.fields],
            "files": [sent.to_json() for sent in self.files],
            "notes": list(self.notes),
            "estimate": self.estimate.to_json(),
        }


def describe(
    url: str,
    multipart: Multipart | None,
    estimate: Estimate,
    *,
    auth_header: str | None = None,
    notes: Iterable[str] = (),
) -> DryRun:
    """The dry run of a POST of `multipart` to `url` (None and "local": nothing is sent)."""
    if multipart is None or url == LOCAL_ENDPOINT:
        return DryRun(LOCAL_ENDPOINT, [], [], estimate, None, list(notes))
    fields = [(str(name), str(value)) for name, value in _pairs(multipart.fields)]
    files = [_file(str(name), part) for name, part in _pairs(multipart.files)]
    return DryRun(shown_url(url), fields, files, estimate, auth_header, list(notes))


def print_dry_run(
    url: str,
    multipart: Multipart | None,
    estimate: Estimate,
    *,
    as_json: bool = False,
    out: TextIO | None = None,
    auth_header: str | None = None,
    notes: Iterable[str] = (),
) -> DryRun:
    """Print the dry run to `out` (standard output): its lines, or one JSON document."""
    out = out or sys.stdout
    report = describe(url, multipart, estimate, auth_header=auth_header, notes=notes)
    if as_json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False), file=out)
    else:
        print("\n".join(report.lines()), file=out)
    return report


def shown_url(url: str) -> str:
    """The URL without user info; a query (which may hold a relay's token) shown as `?…`."""
    return public_endpoint(url) + ("?…" if urlsplit(url).query else "")


def _pairs(parts: Mapping[str, object] | Sequence[tuple[str, object]]) -> list[tuple[str, object]]:
    """A multipart's fields or files in order: a mapping's items, or repeated (name, value)."""
    return list(parts.items()) if isinstance(parts, Mapping) else [tuple(p) for p in parts]


def _file(name: str, part: FilePart) -> SentFile:
    filename, data, content_type = part[:3]  # (requests also takes a fourth: headers)
    return SentFile(name, filename, content_type, len(data), _pixel_size(data))


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            return image.size
    except Exception:  # not an image Pillow knows: its size in bytes says enough
        return None


def _one_line(value: str) -> str:
    return value.replace("\r", "\\r").replace("\n", "\\n")
