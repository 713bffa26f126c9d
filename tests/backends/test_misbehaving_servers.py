"""Servers, relays and networks that misbehave, on 127.0.0.1: a paid result is never lost, a
POST that may have run is never sent twice, the user gets one sentence, and the key shows in
no message."""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from ideogram_studio.backends.http import RetryPolicy, Timeouts, Transport
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.outcome import CancelToken, EditError, ErrorKind, ItemStatus
from ideogram_studio.backends.providers import (
    RELAY,
    clean_key,
    key_from_environment,
    resolve_provider,
)
from ideogram_studio.backends.request import RequestError
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import FAST_RETRY, backend_for, cat_request, files_in
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram

PATIENT = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_total_wait=10.0)


def edit_fails(fake: FakeIdeogram, tmp_path: Path, **backend: object) -> EditError:
    with pytest.raises(EditError) as caught:
        run_edit(cat_request(), backend_for(fake, **backend), ResultStore(tmp_path / "out"))
    error = caught.value
    assert API_KEY not in error.message and API_KEY not in (error.server_error or "")
    assert files_in(tmp_path / "out") == []
    return error


# ------------------------------------------------------------------ item by item


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("relative", ItemStatus.FAILED, "not a web address, so it could not be downloaded"),
        ("badscheme", ItemStatus.FAILED, "led to something that is not a web address"),
        ("loop", ItemStatus.FAILED, "redirected too many times"),
        ("cut", ItemStatus.FAILED, "The connection broke while downloading the result."),
        ("noiend", ItemStatus.FAILED, "incomplete: the file is cut off"),
        ("junk", ItemStatus.FAILED, "not a readable image"),
        ("bomb", ItemStatus.FAILED, "6,000 × 6,000 pixels, more than the 16 megapixels"),
        ("entry", ItemStatus.NOT_RETURNED, "The answer had no image for this entry."),
        ("nourl", ItemStatus.NOT_RETURNED, "The answer had no image for this entry."),
        ("numurl", ItemStatus.NOT_RETURNED, "The answer had no image for this entry."),
    ],
)
def test_a_bad_item_fails_alone_and_the_good_ones_are_saved(
    fake: FakeIdeogram, tmp_path: Path, kind: str, status: ItemStatus, words: str
) -> None:
    fake.script = [Act(items=["ok", kind, "ok"])]
    job, outcome = run_edit(cat_request(num_images=3), backend_for(fake), ResultStore(tmp_path))
    first, bad, last = outcome.items
    assert first.status is last.status is ItemStatus.READY
    assert bad.status is status and words in (bad.error or "")
    assert "withheld" not in (bad.error or "").lower()
    assert len(fake.posts) == 1
    assert files_in(tmp_path) == [f"{job.stem}-{n}.png" for n in (1, 3)] + [f"{job.stem}-mask.png"]
    assert API_KEY not in (bad.error or "")
    # Each good item keeps its URL whole (to fetch it again) and when it expires.
    assert first.url is not None and first.url.endswith("?exp=1900000000&sig=abc")
    assert first.expires == "2030-03-17T17:46:40Z"
    assert "sig=" not in first.returned["url"]


def test_a_cut_off_download_is_tried_once_more(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(items=["cut"])]
    _, outcome = run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path))
    assert outcome.items[0].status is ItemStatus.FAILED
    assert len([path for path in fake.downloads if "/cut-" in path]) == 2
    assert files_in(tmp_path) == []


def test_a_result_is_fetched_again_from_its_url_with_the_same_checks(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(items=["ok", "bomb"])]
    backend = backend_for(fake)
    _, outcome = run_edit(cat_request(num_images=2), backend, ResultStore(tmp_path))
    transport: Transport = backend.transport
    session = transport.open_session()
    data, pixels = transport.fetch_image(session, outcome.items[0].url or "", CancelToken())
    assert data == outcome.items[0].data and pixels.shape == (256, 256, 3)
    with pytest.raises(EditError, match="more than the 16 megapixels"):
        transport.fetch_image(session, outcome.items[1].url or "", CancelToken())
    session.close()


# ------------------------------------------------------------------ retries


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1.5", "trying again in 2 s"),
        ("date", "trying again in"),
        ("soon, honestly", "trying again in 0 s"),  # junk: the short backoff
    ],
)
def test_every_form_of_retry_after_is_honoured(
    fake: FakeIdeogram, tmp_path: Path, value: str, shown: str
) -> None:
    if value == "date":
        value = email.utils.formatdate(time.time() + 1, usegmt=True)
    busy = {"error": "Too many in flight", "reject_reason": "inflight_limit"}
    fake.script = [Act(429, busy, {"Retry-After": value})]
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, retry=PATIENT)
    said: list[str] = []
    _, outcome = run_edit(cat_request(), backend, ResultStore(tmp_path), progress=said.append)
    assert len(fake.posts) == 2 and len(outcome.saved) == 1
    assert any(shown in line for line in said), said


def test_a_delay_beyond_the_cap_stops_without_sending_again(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(503, {"error": "maintenance"}, {"Retry-After": "3600"})]
    error = edit_fails(fake, tmp_path)
    assert error.message == "Ideogram is busy: try again in 3600 s."
    assert len(fake.posts) == 1


# ------------------------------------------------------------------ TLS


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        import datetime
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if not shutil.which("openssl"):
            pytest.skip("neither the cryptography package nor openssl can make a certificate")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
            + ["-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


def test_an_unverifiable_certificate_sends_nothing(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = FakeIdeogram(tls=context).start()
    try:
        error = edit_fails(server, tmp_path)
        assert error.message.startswith("The server's certificate could not be verified")
        assert "nothing was sent" in error.message
        assert server.posts == []
    finally:
        server.stop()


def test_a_tls_failure_after_the_upload_is_maybe_billed_and_never_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server (trusted here) reads the whole POST, then answers with a broken TLS record:
    the request went out and may have been billed, so it is not sent again."""
    cert, key = _self_signed(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    posts: list[bytes] = []

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                raw, _ = listener.accept()
                with context.wrap_socket(raw, server_side=True) as tls:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        data += tls.recv(65536)
                    head, _, body = data.partition(b"\r\n\r\n")
                    length = next(
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    )
                    while len(body) < length:
                        body += tls.recv(65536)
                    posts.append(head.split(b"\r\n")[0])
                    os.write(tls.fileno(), b"\x17\x03\x03\x00\x10" + b"garbage-garbage!")

    threading.Thread(target=serve, daemon=True).start()
    port = listener.getsockname()[1]
    provider = resolve_provider("ideogram", f"https://127.0.0.1:{port}", API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, retry=FAST_RETRY)
    try:
        with pytest.raises(EditError) as raised:
            run_edit(cat_request(), backend, ResultStore(tmp_path / "out"))
    finally:
        listener.close()
    assert "may have run and been billed, so it is not sent again" in raised.value.message
    assert len(posts) == 1
    assert API_KEY not in raised.value.message


# ------------------------------------------------------------------ keys and endpoints


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("test-key\n7c1d9e", "a space or a line break inside it"),
        ("test key", "a space or a line break inside it"),
        ("test-key-ключ", "a character no API key contains (character 10)"),
        ("test-key-é", "a character no API key contains (character 10)"),
        ("\u200b \ufeff", "The API key is empty"),
    ],
)
def test_a_bad_key_is_refused_before_anything_is_sent(
    fake: FakeIdeogram, key: str, words: str
) -> None:
    with pytest.raises(RequestError, match=re.escape(words)) as caught:
        LegacyEditBackend(resolve_provider("ideogram", fake.base_url, "x"), key)
    assert key.strip() not in caught.value.message
    with pytest.raises(RequestError, match=re.escape(words)):
        clean_key(key)
    if key.strip("\u200b \ufeff"):
        with pytest.raises(RequestError, match=re.escape(words)):
            key_from_environment({"IDEOGRAM_API_KEY": key})
    assert fake.posts == []


def test_invisible_characters_and_whitespace_around_a_key_are_trimmed(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    pasted = f"\ufeff {API_KEY}\u200b\r\n"
    assert key_from_environment({"IDEOGRAM_API_KEY": pasted}) == API_KEY
    _, outcome = run_edit(cat_request(), backend_for(fake, key=pasted), ResultStore(tmp_path))
    assert len(outcome.saved) == 1 and fake.posts[0].headers["Api-Key"] == API_KEY


def test_plain_http_is_refused_except_to_this_computer() -> None:
    for url in ("http://example.invalid", "http://10.0.0.1:8080", "HTTP://relay.example"):
        with pytest.raises(RequestError, match="must start with https:// for") as caught:
            resolve_provider("relay", url, API_KEY)
        assert "unencrypted" in caught.value.message
    # A provider built by hand is refused by the backend too, before any connection.
    with pytest.raises(RequestError, match="example.invalid: over plain http://"):
        LegacyEditBackend(RELAY.__class__(RELAY.kind, "http://example.invalid", RELAY.paths), "k")
    for url in ("http://127.0.0.1:9", "http://127.8.0.1", "http://localhost:8000", "http://[::1]"):
        resolve_provider("relay", url, API_KEY)
    with pytest.raises(RequestError, match="must start with https://"):
        resolve_provider("relay", "ftp://relay.example", API_KEY)


def test_user_info_and_query_stay_out_of_files_and_history(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    host = fake.base_url.removeprefix("http://")
    provider = resolve_provider(
        "ideogram", f"http://user:s3cret@{host}", API_KEY, path="/edit?token=t0ken"
    )
    backend = LegacyEditBackend(provider, API_KEY, retry=FAST_RETRY)
    history = JobArchive(tmp_path / "home")
    job, outcome = run_edit(cat_request(), backend, ResultStore(tmp_path / "out"), recorder=history)
    assert fake.posts[0].path == "/edit?token=t0ken"  # sent as given
    assert job.endpoint == outcome.endpoint == f"{fake.base_url}/edit"
    with Image.open(outcome.saved[0].path) as saved:
        assert json.loads(saved.text[PROVENANCE_KEY])["endpoint"] == f"{fake.base_url}/edit"
    [row] = history.page()
    assert row.endpoint == f"{fake.base_url}/edit"
    for file in [*tmp_path.rglob("*")]:
        if file.is_file():
            data = file.read_bytes()
            assert b"s3cret" not in data and b"t0ken" not in data, file


# ------------------------------------------------------------------ limits and answers


def test_a_trickling_answer_ends_at_the_deadline_without_a_second_post(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(trickle=True)]
    error = edit_fails(fake, tmp_path, timeouts=Timeouts(connect=2, read=5, total=1.5))
    assert "did not answer within 2 seconds" in error.message
    assert "may still have run and been billed" in error.message
    assert len(fake.posts) == 1


def test_a_connection_dropped_mid_answer_may_have_been_billed(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(cut=True)]
    error = edit_fails(fake, tmp_path)
    assert "may have run and been billed, so it is not sent again" in error.message
    assert "could not be sent" not in error.message and "IncompleteRead" not in error.message
    assert error.kind is ErrorKind.NETWORK and len(fake.posts) == 1


def test_an_answer_too_large_is_not_read(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(200, {"data": [], "padding": "x" * 3_000_000})]
    error = edit_fails(fake, tmp_path)
    assert "larger than 2 MB" in error.message and len(fake.posts) == 1


def test_a_long_error_body_is_shortened_to_a_sentence(fake: FakeIdeogram, tmp_path: Path) -> None:
    lines = [f"Traceback line {number}: something deep failed" for number in range(80)]
    fake.script = [Act(500, {"error": "\n".join(lines)})]
    error = edit_fails(fake, tmp_path)
    assert "Traceback line 0" in error.message and "line 79" not in error.message
    assert len(error.server_error or "") <= 200 and len(fake.posts) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"error": "Mask is empty"},
        {"error": {"message": "Mask is empty", "type": "invalid_request_error"}},
        {"message": "Mask is empty"},
        {"detail": "Mask is empty"},
        {"detail": [{"loc": ["body", "mask"], "msg": "Mask is empty", "type": "value_error"}]},
    ],
)
def test_relay_error_shapes_are_read(fake: FakeIdeogram, tmp_path: Path, body: dict) -> None:
    fake.script = [Act(400, body)]
    error = edit_fails(fake, tmp_path)
    assert error.server_error == "Mask is empty"
    assert (
        error.message == "Ideogram refused the request as invalid. Ideogram said: “Mask is empty”"
    )


def test_a_422_is_a_safety_refusal_only_when_it_says_so(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(422, {"detail": [{"msg": "field required: prompt"}]})]
    error = edit_fails(fake, tmp_path)
    assert "safety" not in error.message
    assert "refused the request as invalid" in error.message
    assert "field required: prompt" in error.message and error.kind is ErrorKind.REFUSED
    fake.script = [Act(422, {"error": "x", "reject_reason": "safety_check"})]
    assert "safety check refused" in edit_fails(fake, tmp_path).message
    assert len(fake.posts) == 2


def test_a_query_in_the_base_url_stays_after_the_path(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = resolve_provider("ideogram", f"{fake.base_url}/?token=t0ken", API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, retry=FAST_RETRY)
    job, outcome = run_edit(cat_request(), backend, ResultStore(tmp_path))
    assert [post.path for post in fake.posts] == ["/edit?token=t0ken"]
    assert len(outcome.saved) == 1 and "t0ken" not in job.endpoint


def test_user_info_in_a_relay_url_does_not_replace_its_key(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    """requests would turn user:password@ into a Basic header over the relay's Bearer key."""
    base = fake.base_url.replace("http://", "http://someone:s3cret@")
    provider = resolve_provider("relay", base, API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, retry=FAST_RETRY)
    job, outcome = run_edit(cat_request(), backend, ResultStore(tmp_path))
    assert len(outcome.saved) == 1
    [post] = fake.posts
    assert post.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "s3cret" not in job.endpoint


def test_what_a_relay_says_is_not_put_in_ideograms_mouth(fake: FakeIdeogram, tmp_path) -> None:
    fake.script = [Act(400, {"error": "Mask is empty"})]
    error = edit_fails(fake, tmp_path, kind="relay")
    host = fake.base_url.split("//")[1]
    assert error.message == (
        f"The request was refused as invalid. The relay at {host} said: “Mask is empty”"
    )
