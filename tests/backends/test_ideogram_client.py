"""The Ideogram client against a strict fake server on 127.0.0.1: what is sent, what is saved,
what the user is told, and how often the server was called."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.http import Timeouts
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.outcome import (
    Cancelled,
    CancelToken,
    EditError,
    ErrorKind,
    ItemStatus,
)
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import MagicPrompt, Model, StyleType
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from tests.backends.helpers import FAST_RETRY, backend_for, cat_request, files_in, with_options
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


def test_ideogram_preset_sends_the_contract_exactly(fake: FakeIdeogram, tmp_path: Path) -> None:
    store = ResultStore(tmp_path / "out")
    job, outcome = run_edit(cat_request(), backend_for(fake, "ideogram"), store)
    assert len(fake.posts) == 1 and not fake.problems
    sent = fake.posts[0]
    assert sent.path == "/edit"
    assert sent.headers["Api-Key"] == API_KEY and "Authorization" not in sent.headers
    assert sent.fields == {"prompt": "a red bow tie", "model": "V_2"}  # unset options omitted
    assert sent.files["image_file"][:2] == ("image.png", "image/png")
    assert sent.files["mask"][:2] == ("mask.png", "image/png")
    mask = sent.image("mask")
    assert mask.shape == (300, 451) and mask.dtype == np.uint8
    expected = np.full((300, 451), 255, np.uint8)
    expected[100:200, 150:300] = 0  # black = edit
    assert np.array_equal(mask, expected)
    assert np.array_equal(sent.image("image_file"), cat_request().image)
    assert [item.status for item in outcome.items] == [ItemStatus.READY]
    assert files_in(tmp_path / "out") == [f"{job.stem}-1.png", f"{job.stem}-mask.png"]


def test_relay_preset_uses_its_path_and_bearer_auth(fake: FakeIdeogram, tmp_path: Path) -> None:
    run_edit(cat_request(), backend_for(fake, "relay"), ResultStore(tmp_path))
    sent = fake.posts[0]
    assert sent.path == "/ideogram/edit"
    assert sent.headers["Authorization"] == f"Bearer {API_KEY}" and "Api-Key" not in sent.headers


def test_every_option_is_sent_and_each_result_saved_with_provenance(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    request = cat_request(
        model=Model.V_2_TURBO,
        magic_prompt=MagicPrompt.ON,
        style_type=StyleType.ANIME,
        seed=42,
        num_images=3,
    )
    job, outcome = run_edit(request, backend_for(fake), ResultStore(tmp_path))
    assert fake.posts[0].fields == {
        "prompt": "a red bow tie",
        "model": "V_2_TURBO",
        "magic_prompt_option": "ON",
        "style_type": "ANIME",
        "seed": "42",
        "num_images": "3",
    }
    assert [item.path.name for item in outcome.saved] == [f"{job.stem}-{i}.png" for i in (1, 2, 3)]
    with Image.open(outcome.saved[1].path) as saved:
        assert saved.size == (256, 256)
        text = saved.text
    assert text["parameters"].splitlines() == [
        "a red bow tie",
        "Returned prompt: Magic: a red bow tie, Seed: 43, Model: V_2_TURBO, Style: ANIME, "
        "Magic prompt: ON, Size: 256x256, Backend: ideogram",
    ]
    record = json.loads(text[PROVENANCE_KEY])
    assert record["request"]["seed"] == 42 and record["request"]["num_images"] == 3
    assert record["endpoint"] == fake.base_url + "/edit"
    assert record["returned"]["prompt"] == "Magic: a red bow tie"
    assert record["returned"]["future_field"] == {"ignored": True}  # kept, never a failure
    assert "sig=" not in record["returned"]["url"]
    assert record["source_sha256"] == request.source_sha256()
    assert record["mask_file"] == f"{job.stem}-mask.png"
    everything = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert API_KEY.encode() not in everything


def test_unsafe_items_are_withheld_not_failures(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(items=["ok", "unsafe", "ok", "unsafe"])]
    _, outcome = run_edit(cat_request(num_images=4), backend_for(fake), ResultStore(tmp_path))
    statuses = [item.status for item in outcome.items]
    assert statuses == [
        ItemStatus.READY,
        ItemStatus.WITHHELD,
        ItemStatus.READY,
        ItemStatus.WITHHELD,
    ]
    withheld = outcome.items[1]
    assert withheld.seed == 1235 and withheld.prompt == "Magic: a red bow tie"
    assert "safety filter" in (withheld.error or "")
    assert len(outcome.saved) == 2 and len(files_in(tmp_path)) == 3  # two results and the mask


def test_one_failed_download_does_not_lose_the_others(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(items=["expired", "ok", "junk", "redirect"])]
    _, outcome = run_edit(cat_request(num_images=4), backend_for(fake), ResultStore(tmp_path))
    first, second, third, fourth = outcome.items
    assert first.status is ItemStatus.FAILED and "link had expired" in (first.error or "")
    assert third.status is ItemStatus.FAILED and "not a readable image" in (third.error or "")
    assert second.status is fourth.status is ItemStatus.READY  # the redirect was followed
    assert any(path.startswith("/moved/") for path in fake.downloads)
    assert len(outcome.saved) == 2


@pytest.mark.parametrize(
    ("act", "words", "server_error", "reject_reason"),
    [
        (
            Act(400, {"error": "Invalid mask size"}),
            "refused the request as invalid",
            "Invalid mask size",
            None,
        ),
        (Act(401, {"error": "Unauthorized"}), "API key was refused", "Unauthorized", None),
        (
            Act(402, {"error": "Payment required", "reject_reason": "insufficient_funds"}),
            "out of credit",
            "Payment required",
            "insufficient_funds",
        ),
        (
            Act(402, {"error": "Limit", "reject_reason": "daily_limit"}),
            "daily limit is reached",
            "Limit",
            "daily_limit",
        ),
        (
            Act(403, {"error": "Forbidden"}),
            "no access to the edit endpoint or to the V_2 model",
            "Forbidden",
            None,
        ),
        (
            Act(422, {"error": "Prompt provided failed safety check"}),
            "safety check refused the prompt or the image",
            "Prompt provided failed safety check",
            None,
        ),
    ],
)
def test_refusals_are_explained_never_retried_and_leave_no_files(
    fake: FakeIdeogram, tmp_path: Path, act: Act, words: str, server_error: str, reject_reason: str
) -> None:
    fake.script = [act]
    with pytest.raises(EditError) as caught:
        run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path / "out"))
    error = caught.value
    assert words in error.message
    assert (error.status, error.server_error, error.reject_reason) == (
        act.status,
        server_error,
        reject_reason,
    )
    assert error.kind is ErrorKind.REFUSED
    assert len(fake.posts) == 1
    assert files_in(tmp_path / "out") == []


def test_a_wrong_key_is_refused_by_the_server(fake: FakeIdeogram, tmp_path: Path) -> None:
    with pytest.raises(EditError, match="API key was refused") as caught:
        run_edit(cat_request(), backend_for(fake, key="wrong-key-123"), ResultStore(tmp_path))
    assert caught.value.status == 401 and "wrong-key-123" not in caught.value.message


def test_busy_answers_are_retried_honouring_retry_after(fake: FakeIdeogram, tmp_path: Path) -> None:
    busy = {"error": "Too many in flight", "reject_reason": "inflight_limit"}
    fake.script = [Act(429, busy, {"Retry-After": "0"}), Act(503, {"error": "down"})]
    _, outcome = run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path))
    assert len(fake.posts) == 3 and len(outcome.saved) == 1


def test_busy_for_too_long_gives_up_after_the_bounded_attempts(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(429, {"error": "busy", "reject_reason": "inflight_limit"})] * 5
    with pytest.raises(EditError, match="busy with too many images") as caught:
        run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path))
    assert caught.value.reject_reason == "inflight_limit"
    assert len(fake.posts) == FAST_RETRY.attempts


@pytest.mark.parametrize(
    ("act", "words"),
    [
        (Act(500, {"error": "boom"}), "server failed (HTTP 500)"),
        (Act(502, "<html><body>Bad gateway</body></html>"), "not JSON: check the base URL"),
        (Act(200, "<html>Welcome to my relay</html>"), "not JSON (perhaps a web page)"),
        (Act(drop=True), "may have run and been billed, so it is not sent again"),
    ],
)
def test_server_failures_that_may_have_run_are_never_retried(
    fake: FakeIdeogram, tmp_path: Path, act: Act, words: str
) -> None:
    fake.script = [act]
    with pytest.raises(EditError) as caught:
        run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path / "out"))
    assert words in caught.value.message
    assert caught.value.kind is ErrorKind.NETWORK
    assert len(fake.posts) == 1  # no double POST, no double bill
    assert files_in(tmp_path / "out") == []


def test_a_dead_server_is_retried_then_explained(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = resolve_provider("relay", f"http://127.0.0.1:{port}", API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, retry=FAST_RETRY)
    with pytest.raises(EditError, match=f"Cannot connect to 127.0.0.1:{port}"):
        run_edit(cat_request(), backend, ResultStore(tmp_path))


def test_a_slow_answer_times_out_without_a_second_post(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(delay=1.5)]
    backend = backend_for(fake, timeouts=Timeouts(connect=2, read=0.3))
    with pytest.raises(EditError, match="did not answer within 0 seconds"):
        run_edit(cat_request(), backend, ResultStore(tmp_path))
    assert len(fake.posts) == 1


def test_cancel_from_another_thread_returns_promptly_and_saves_nothing(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(delay=5)]
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_edit(cat_request(), backend_for(fake), ResultStore(tmp_path / "out"), cancel=cancel)
    assert time.monotonic() - started < 1.5
    assert files_in(tmp_path / "out") == []


def test_the_key_never_shows_in_repr_or_errors(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(400, {"error": f"bad key {API_KEY} in request"})]
    backend = backend_for(fake)
    assert API_KEY not in repr(backend)
    with pytest.raises(EditError) as caught:
        run_edit(cat_request(), backend, ResultStore(tmp_path))
    assert API_KEY not in caught.value.message and "•••" in caught.value.message
    assert API_KEY not in (caught.value.server_error or "")


def test_custom_provider_takes_path_and_auth_by_hand(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = resolve_provider(
        "custom", fake.base_url, API_KEY, path="ideogram/edit", auth="bearer"
    )
    assert provider.endpoint == fake.base_url + "/ideogram/edit"
    run_edit(cat_request(), LegacyEditBackend(provider, API_KEY), ResultStore(tmp_path))
    assert fake.posts[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_oversized_downloads_are_refused(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    backend = LegacyEditBackend(provider, API_KEY, max_download_bytes=20_000)
    fake.script = [Act(result_size=(1024, 1024))]
    _, outcome = run_edit(cat_request(), backend, ResultStore(tmp_path))
    assert outcome.items[0].status is ItemStatus.FAILED
    assert "larger than 20 KB; it was not kept" in (outcome.items[0].error or "")
    assert files_in(tmp_path) == []


def test_saved_results_keep_the_downloaded_pixels_and_any_language(
    fake: FakeIdeogram, tmp_path: Path
) -> None:

    request = with_options(cat_request(), prompt="一只戴红色领结的猫")
    _, outcome = run_edit(request, backend_for(fake), ResultStore(tmp_path))
    name = fake.downloads[0].split("?")[0].rsplit("/", 1)[-1]
    with Image.open(outcome.saved[0].path) as saved:
        assert saved.text["parameters"].startswith("一只戴红色领结的猫\n")
        assert json.loads(saved.text[PROVENANCE_KEY])["request"]["prompt"] == request.options.prompt
        pixels = np.asarray(saved)
    served = np.asarray(Image.open(__import__("io").BytesIO(fake.images[name])))
    assert np.array_equal(pixels, served)
