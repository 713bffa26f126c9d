"""A strict stand-in for Ideogram's edit endpoint on 127.0.0.1, which can misbehave on demand.

It checks every request as ideogram-api.md says the real one does, records what arrived, and
answers each POST according to the next entry of `script` (default: success).
"""

from __future__ import annotations

import functools
import io
import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import numpy as np
from PIL import Image

from tests.support.fake_tools import tool_routes

API_KEY = "test-key-7c1d9e"
MODELS = {"V_2", "V_2_TURBO"}
MAGIC = {"AUTO", "ON", "OFF"}
STYLES = {"AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME"}
STALL_SECONDS = 30  # a "stall" download waits this long (bounded: tests end on their own)
FAIL_ONCE_GETS = 2  # the client retries a 5xx download once: two failures fail the edit's try


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    fields: dict[str, str]
    files: dict[str, tuple[str, str, bytes]]  # name -> (filename, content type, bytes)
    # Every part in the order sent, repeated ones too: (name, filename or None, type, bytes).
    parts: list[tuple[str, str | None, str, bytes]] = field(default_factory=list)
    number: int = 0  # which POST this was (from 1), taken under the fake's lock: names its images

    def image(self, name: str) -> np.ndarray:
        return np.asarray(Image.open(io.BytesIO(self.files[name][2])))


@dataclass
class Act:
    """How to answer one POST."""

    status: int = 200
    body: Any = None  # dict -> JSON, str -> sent as text/html, None -> success body
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    cut: bool = False  # answer 200 but close the connection halfway through the body
    trickle: bool = False  # answer 200, then one byte of the body every 0.5 s
    # Per image: "ok", "unsafe", "expired", "junk" (not an image), "redirect", "relative" (a
    # URL without scheme and host), "badscheme" (redirected to ftp://), "loop" (redirected to
    # itself), "cut" (download closed halfway), "noiend" (a PNG without its end chunk), "bomb"
    # (a small PNG of 6000 x 6000 pixels), "entry" (an entry that is no object), "nourl" (no
    # url, not marked unsafe), "numurl" (a url that is a number), "stall" (its download answers
    # nothing for STALL_SECONDS), or "fail-once" (its first
    # FAIL_ONCE_GETS downloads answer 500, later ones the image: fetching again works).
    items: list[str] | None = None
    result_size: tuple[int, int] = (256, 256)


class Endpoint(Protocol):
    """One API the fake serves: its strict checks and its successful answer."""

    def check(self, fake: FakeIdeogram, received: Received) -> str | None: ...

    def answer(self, fake: FakeIdeogram, received: Received, act: Act) -> dict[str, Any]: ...


class LegacyEdit:
    def check(self, fake: FakeIdeogram, received: Received) -> str | None:
        return fake.check(received)  # a subclass of the fake may tighten it

    def answer(self, fake: FakeIdeogram, received: Received, act: Act) -> dict[str, Any]:
        return fake.success(received, act)


def default_routes() -> dict[str, Endpoint]:
    """Path -> endpoint, for Ideogram's paths and a relay's (under /ideogram/)."""
    from tests.support import fake_v3

    return {
        "/edit": LegacyEdit(),
        "/ideogram/edit": LegacyEdit(),
        **fake_v3.routes(),
    } | tool_routes()


class FakeIdeogram:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Endpoint] = default_routes()
        self.script: list[Act] = []
        self.default = Act()  # the answer once the script is used up
        self.posts: list[Received] = []
        self.downloads: list[str] = []
        self.images: dict[str, bytes] = {}
        self.stalled = threading.Event()  # set to end a "stall" download's wait at once
        self.failed_gets: dict[str, int] = {}  # "fail-once" images: GETs answered 500 so far
        self.problems: list[str] = []  # requests that broke the contract
        self.think_seconds = 0.0  # time spent checking requests and making results
        # Ideogram's 10 images in progress per organisation: past it, 429 inflight_limit.
        self.inflight_limit: int | None = 10
        self.inflight = 0  # images of the POSTs being answered now
        self.most_inflight = 0
        self.inflight_refused = 0  # POSTs answered 429 for the limit
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # A client that hangs up on a trickle or a cut body is expected, not worth a traceback.
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.scheme = "http"
        if tls is not None:  # a failed handshake is dropped by the server loop: no request
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def start(self) -> FakeIdeogram:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stalled.set()
        self.server.shutdown()
        self.server.server_close()

    # --------------------------------------------------------------- contract checks

    def check(self, received: Received) -> str | None:
        """The 400 message for a request that breaks the contract, else None."""
        for name in ("image_file", "mask"):
            if name not in received.files:
                return f"{name} is required"
        for name in ("prompt", "model"):
            if name not in received.fields:
                return f"{name} is required"
        for name, value in received.fields.items():
            if value == "":
                return f"{name} must not be empty"
        if received.fields["model"] not in MODELS:
            return "model must be V_2 or V_2_TURBO for edit"
        if received.fields.get("magic_prompt_option", "AUTO") not in MAGIC:
            return "bad magic_prompt_option"
        if received.fields.get("style_type", "AUTO") not in STYLES:
            return "bad style_type"
        try:
            seed = int(received.fields.get("seed", "0"))
            count = int(received.fields.get("num_images", "1"))
        except ValueError:
            return "seed and num_images must be integers"
        if not (0 <= seed <= 2147483647 and 1 <= count <= 8):
            return "seed or num_images out of range"
        try:
            image, mask = received.image("image_file"), received.image("mask")
        except Exception:  # noqa: BLE001
            return "files must be images"
        if image.shape[:2] != mask.shape[:2]:
            return "mask must have the same size as image_file"
        return None

    # --------------------------------------------------------------------- serving

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                parse_started = time.perf_counter()
                received = parse_multipart(self.path, dict(self.headers.items()), raw)
                parsing = time.perf_counter() - parse_started
                images = images_asked(received)
                with fake._lock:
                    fake.posts.append(received)
                    received.number = len(fake.posts)
                    act = fake.script.pop(0) if fake.script else fake.default
                    limit = fake.inflight_limit
                    refused = limit is not None and fake.inflight + images > limit
                    if refused:
                        fake.inflight_refused += 1
                    else:
                        fake.inflight += images
                        fake.most_inflight = max(fake.most_inflight, fake.inflight)
                if refused:  # as Ideogram does: not run, not billed
                    body = {
                        "error": "Too many images in progress",
                        "reject_reason": "inflight_limit",
                    }
                    return self._send(429, body)
                try:
                    self._answer(received, act, parsing)
                finally:
                    with fake._lock:
                        fake.inflight -= images

            def _answer(self, received: Received, act: Act, parsing: float) -> None:
                if act.delay:
                    time.sleep(act.delay)
                if act.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if act.cut:
                    body = json.dumps(fake.success(received, Act())).encode()
                    return self._send_cut(body, "application/json")
                if act.trickle:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    for _ in range(100):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.5)
                    return
                route = self.path.split("?")[0]  # a relay may take a token in the query
                endpoint = fake.routes.get(route)
                if endpoint is None:
                    return self._send(404, {"error": "Not found"})
                # Ideogram's own paths take Api-Key; a relay's (under /ideogram/) a Bearer key.
                expected = (
                    {"Authorization": f"Bearer {API_KEY}"}
                    if route.startswith("/ideogram/")
                    else {"Api-Key": API_KEY}
                )
                for header, value in expected.items():
                    if self.headers.get(header) != value:
                        return self._send(401, {"error": "Invalid API key"})
                if act.status != 200 or act.body is not None:
                    return self._send(act.status, act.body, act.headers)
                started = time.perf_counter()
                problem = endpoint.check(fake, received)
                if problem:
                    fake.problems.append(problem)
                    return self._send(400, {"error": problem})
                body = endpoint.answer(fake, received, act)
                fake.think_seconds += time.perf_counter() - started + parsing
                self._send(200, body, {**getattr(endpoint, "headers", {}), **act.headers})

            def do_GET(self) -> None:  # noqa: N802
                fake.downloads.append(self.path)
                name = self.path.split("?")[0].rsplit("/", 1)[-1]
                if self.path.startswith(("/badscheme/", "/loop/")):
                    self.send_response(302)
                    target = "ftp://example.invalid/image.png"
                    self.send_header("Location", self.path if "/loop/" in self.path else target)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path.startswith("/moved/"):
                    self.send_response(302)
                    self.send_header("Location", f"/images/{name}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if name.startswith("expired"):
                    return self._send(403, "<html>Request has expired</html>")
                if name.startswith("fail-once"):
                    with fake._lock:
                        tries = fake.failed_gets[name] = fake.failed_gets.get(name, 0) + 1
                    if tries <= FAIL_ONCE_GETS:
                        return self._send(500, {"error": "storage hiccup"})
                if name.startswith("junk"):
                    return self._send_bytes(200, b"<html>not an image</html>", "image/png")
                if name not in fake.images:
                    return self._send(404, {"error": "no such image"})
                if name.startswith("cut"):
                    return self._send_cut(fake.images[name], "image/png")
                if name.startswith("stall-once"):  # the first GET hangs; later ones answer
                    with fake._lock:
                        tries = fake.failed_gets[name] = fake.failed_gets.get(name, 0) + 1
                    if tries == 1:
                        fake.stalled.wait(STALL_SECONDS)
                        self.close_connection = True
                        return
                elif name.startswith("stall"):  # answers nothing for a long while, then hangs up
                    fake.stalled.wait(STALL_SECONDS)
                    self.close_connection = True
                    return
                self._send_bytes(200, fake.images[name], "image/png")

            def _send_cut(self, data: bytes, kind: str) -> None:
                """Promise the whole body, send half of it, and hang up."""
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                if isinstance(body, str):
                    self._send_bytes(status, body.encode(), "text/html", headers)
                elif body is None:
                    self._send_bytes(status, b"", "text/plain", headers)
                else:
                    self._send_bytes(status, json.dumps(body).encode(), "application/json", headers)

            def _send_bytes(
                self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def success(self, received: Received, act: Act) -> dict[str, Any]:
        count = int(received.fields.get("num_images", "1"))
        kinds = act.items or ["ok"] * count
        seed = int(received.fields.get("seed", "1234"))
        data = []
        for index, kind in enumerate(kinds):
            name = f"{kind}-{received.number}-{index}.png"
            item: dict[str, Any] = {
                "seed": seed + index,
                "prompt": "Magic: " + received.fields["prompt"],
                "resolution": "{}x{}".format(*act.result_size),
                "is_image_safe": kind != "unsafe",
                "style_type": received.fields.get("style_type", "REALISTIC"),
                "future_field": {"ignored": True},
            }
            folders = {"redirect": "moved", "badscheme": "badscheme", "loop": "loop"}
            folder = folders.get(kind, "images")
            if kind == "unsafe":
                item["url"] = None
            elif kind == "entry":
                data.append("an entry that is no object")
                continue
            elif kind == "nourl":
                pass
            elif kind == "numurl":
                item["url"] = 12345
            else:
                self.images[name] = result_png(act.result_size, index)
                if kind == "noiend":
                    self.images[name] = self.images[name][:-12]
                elif kind == "bomb":
                    self.images[name] = bomb_png()
                base = "" if kind == "relative" else self.base_url
                item["url"] = f"{base}/{folder}/{name}?exp=1900000000&sig=abc"
            data.append(item)
        return {"created": "2026-11-23T20:00:00.000Z", "data": data}


def images_asked(received: Received) -> int:
    """How many images a POST asks for: `num_images`, or inside Upscale's JSON part (a
    Describe makes none)."""
    if received.path.split("?")[0].endswith("/describe"):
        return 0
    text = received.fields.get("num_images")
    if text is None and "image_request" in received.fields:
        try:
            text = str(json.loads(received.fields["image_request"]).get("num_images", 1))
        except (ValueError, AttributeError):
            text = "1"
    try:
        return max(1, int(text or "1"))
    except ValueError:
        return 1


@functools.cache
def bomb_png() -> bytes:
    """A PNG of a few dozen kilobytes that decodes to 36 megapixels."""
    buffer = io.BytesIO()
    Image.new("L", (6000, 6000)).save(buffer, format="PNG")
    return buffer.getvalue()


def result_png(size: tuple[int, int], index: int) -> bytes:
    width, height = size
    pixels = np.zeros((height, width, 3), np.uint8)
    pixels[..., 0] = (40 * index) % 256
    pixels[..., 1] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    # Texture, so that the PNG has a photo's size rather than a few kilobytes.
    pixels[..., 2] = np.random.default_rng(index).integers(0, 64, (height, width), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def parse_multipart(path: str, headers: dict[str, str], raw: bytes) -> Received:
    content_type = headers.get("Content-Type", "")
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, str, bytes]] = {}
    parts: list[tuple[str, str | None, str, bytes]] = []
    if message.is_multipart():
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            parts.append((name, filename, part.get_content_type(), payload))
            if filename is not None:
                files[name] = (filename, part.get_content_type(), payload)
            else:
                fields[name] = payload.decode()
    return Received(path, headers, fields, files, parts)
