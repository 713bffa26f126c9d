"""`ideogram-studio batch` as a user runs it, against the loopback fake: what is sent per
photo, what is saved, what a re-run after a failure or a crash sends (never a photo twice)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.settings import ProviderSettings
from tests.conftest import REPO
from tests.support.cli import studio
from tests.support.fake_batch import (
    ByPhoto,
    photo_size,
    posts_per_photo,
    write_mask,
    write_photos,
)
from tests.support.fake_ideogram import API_KEY, Act


def remote_env(fake) -> dict[str, str]:  # noqa: ANN001
    return {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}


def batch(fake, *arguments: str):  # noqa: ANN001, ANN201
    return studio("batch", *arguments, key=API_KEY, **remote_env(fake))


def ledger_of(out: Path) -> dict:
    [file] = out.glob("ideogram-batch-*.json")
    return json.loads(file.read_text())


def summary(result) -> dict[str, dict]:  # noqa: ANN001
    return {Path(p["photo"]).name: p for p in json.loads(result.stdout)["photos"]}


def start_batch(  # noqa: ANN201
    fake,  # noqa: ANN001
    *arguments: str,
    stdout=subprocess.DEVNULL,  # noqa: ANN001
    stderr=subprocess.DEVNULL,  # noqa: ANN001
):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env.update(remote_env(fake), IDEOGRAM_API_KEY=API_KEY)
    env["IDEOGRAM_STUDIO_HOME"] = os.environ["IDEOGRAM_STUDIO_HOME"]
    return subprocess.Popen(
        [sys.executable, "-m", "ideogram_studio", "batch", *arguments],
        cwd=REPO,
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )


def wait_for(condition, what: str, timeout: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def one_at_a_time() -> None:
    """One image in flight: the batch's photos go to the server one after the other."""
    settings = ProviderSettings.load()
    settings.images_in_flight = 1
    settings.save()


def stalled_at_second(fake, tmp_path: Path, act: Act):  # noqa: ANN001, ANN201
    """A batch of 3 photos, one at a time, in a child whose second photo is answered by `act`,
    once that photo reached the server: (child, arguments, photos, out)."""
    photos = write_photos(tmp_path / "in", 3)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    one_at_a_time()
    fake.script = ByPhoto(fake, {photo_size(1): act})
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat", "--out", str(out)]
    child = start_batch(fake, *args)
    wait_for(lambda: len(fake.posts) == 2, "the second photo never reached the server")
    return child, args, photos, out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_twelve_photos_one_failing_one_crash_end_with_eleven_saved_none_sent_twice(
    fake, tmp_path
) -> None:
    photos = tmp_path / "shoot"
    good = write_photos(photos, 11)
    (photos / "p03b.jpg").write_bytes(b"\xff\xd8\xff this is no JPEG")  # the failing photo
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    one_at_a_time()
    # The sixth photo sent (p05: p03b fails before it is sent) stalls in its image download,
    # after its answer is recorded. Its places are free once it is answered, so the others go
    # on; once they have all ended the test kills the batch, in the middle of that download.
    fake.script = ByPhoto(fake, {photo_size(5): Act(items=["stall-once"])})
    args = [str(photos), "--mask", str(mask), "--prompt", "a hat", "--out", str(out)]
    child = start_batch(fake, *args)

    def others_ended() -> bool:
        files = list(out.glob("ideogram-batch-*.json"))
        entries = json.loads(files[0].read_text())["photos"] if files else {}
        ended = [e for e in entries.values() if e["state"] in ("saved", "failed")]
        return len(ended) == 11 and any("stall-once" in d for d in fake.downloads)

    wait_for(others_ended, "the other photos did not end while the sixth was stalled")
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    ledger = ledger_of(out)["photos"]
    assert ledger[str(good[5])]["state"] == "sending"
    assert sum(1 for e in ledger.values() if e["state"] == "saved") == 10

    result = batch(fake, *args, "--json")
    assert result.returncode == 5, result.stderr
    states = summary(result)
    assert sum(1 for s in states.values() if s["state"] in ("saved", "skipped")) == 11
    assert states["p05.png"]["state"] == "saved" and states["p05.png"]["fetched"] is True
    assert states["p03b.jpg"]["state"] == "failed"
    assert "p03b.jpg" in states["p03b.jpg"]["error"]
    assert set(posts_per_photo(fake).values()) == {1}  # every photo sent once, none twice
    assert len(fake.posts) == 11
    saved = [p for p in out.iterdir() if p.suffix == ".png" and not p.name.endswith("mask.png")]
    assert len(saved) == 11

    again = batch(fake, *args)  # the failing photo still fails: 5, and nothing is sent
    assert again.returncode == 5
    assert len(fake.posts) == 11
    assert "p03b.jpg" in again.stderr and "failed" in again.stderr


def test_a_finished_batch_run_again_sends_nothing_and_exits_0(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 3)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat", "--out", str(out)]
    first = batch(fake, *args)
    assert first.returncode == 0, first.stderr
    assert len(fake.posts) == 3
    second = batch(fake, *args)
    assert second.returncode == 0, second.stderr
    assert len(fake.posts) == 3
    assert second.stderr.count("skipped") == 3


def test_one_mask_is_scaled_to_each_photo_and_a_photo_of_another_shape_fails_alone(
    fake, tmp_path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with Image.open(REPO / "tests" / "data" / "chelsea.png") as cat:
        cat.convert("RGB").resize((600, 400)).save(folder / "wide.png")
        cat.convert("RGB").resize((400, 400)).save(folder / "square.png")
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    result = batch(fake, str(folder), "--mask", str(mask), "--prompt", "a hat", "--out", str(out))
    assert result.returncode == 5
    assert (
        "square.png is 400 × 400 and the mask 300 × 200: their shapes differ too much to scale "
        "the mask onto it; give it a mask of its own."
    ) in result.stderr
    [post] = fake.posts
    sent = post.image("mask")
    assert sent.shape[:2] == (400, 600)
    expected = np.full((400, 600), 255, np.uint8)
    expected[100:300, 200:400] = 0  # the box of the 300 x 200 mask, twice as large
    assert np.array_equal(sent.reshape(400, 600, -1)[:, :, 0], expected)


def test_masks_by_name_beside_the_photos_and_in_a_mask_folder(fake, tmp_path) -> None:
    photos = write_photos(tmp_path / "in", 3)
    size0, size1 = photo_size(0), photo_size(1)
    write_mask(photos[0].with_name("p00.mask.png"), size0, (0, 0, 10, 10))
    write_mask(photos[1].with_name("p01.mask.png"), size1, (20, 20, 40, 40))
    out = tmp_path / "out"
    result = batch(fake, str(tmp_path / "in"), "--prompt", "a hat", "--out", str(out), "--json")
    assert result.returncode == 5
    states = summary(result)
    assert [states[f"p0{i}.png"]["state"] for i in range(3)] == ["saved", "saved", "failed"]
    assert (
        states["p02.png"]["error"] == "p02.png has no mask: p02.mask.png was not found beside it."
    )
    assert "p00.mask.png" not in states  # a mask is no photo of the batch
    masks = {post.image("image_file").shape[1]: post.image("mask") for post in fake.posts}
    assert masks[size0[0]][5, 5] == 0 and masks[size0[0]][30, 30] == 255
    assert masks[size1[0]][30, 30] == 0 and masks[size1[0]][5, 5] == 255

    mask_dir = tmp_path / "masks"
    write_mask(mask_dir / "p02.png", photo_size(2), (50, 50, 60, 60))
    write_mask(mask_dir / "p00.mask.png", size0, (0, 0, 10, 10))
    out2 = tmp_path / "out2"
    args = [str(photos[0]), str(photos[2]), "--mask-dir", str(mask_dir)]
    result = batch(fake, *args, "--prompt", "a hat", "--out", str(out2))
    assert result.returncode == 0, result.stderr
    sent = fake.posts[-2:]
    by_width = {post.image("image_file").shape[1]: post.image("mask") for post in sent}
    assert by_width[photo_size(2)[0]][55, 55] == 0 and by_width[photo_size(2)[0]][5, 5] == 255


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_photo_sent_whose_answer_never_came_is_not_sent_again(fake, tmp_path) -> None:
    child, args, _photos, _out = stalled_at_second(fake, tmp_path, Act(delay=30))
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    fake.script = []
    result = batch(fake, *args)
    assert result.returncode == 5
    assert (
        "p01.png was sent but its answer never came, so it may have been billed; it is not sent "
        "again (give --resend-unanswered to send it on purpose)."
    ) in result.stderr
    assert posts_per_photo(fake) == {photo_size(0): 1, photo_size(1): 1, photo_size(2): 1}
    resent = batch(fake, *args, "--resend-unanswered")
    assert resent.returncode == 0, resent.stderr
    assert posts_per_photo(fake)[photo_size(1)] == 2 and len(fake.posts) == 4


def test_a_photo_refused_before_it_ran_is_tried_again(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 2)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    fake.script = ByPhoto(fake, {photo_size(0): Act(status=422, body={"error": "no"})})
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat", "--out", str(out)]
    assert batch(fake, *args).returncode == 5
    fake.script = []
    assert batch(fake, *args).returncode == 0
    assert posts_per_photo(fake)[photo_size(0)] == 2 and posts_per_photo(fake)[photo_size(1)] == 1


def test_dry_run_lists_photos_masks_and_the_estimate_and_sends_nothing(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 2)
    args = [str(tmp_path / "in"), "--prompt", "a hat", "--out", str(tmp_path / "out")]
    result = batch(fake, *args, "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [Path(p["photo"]).name for p in document["photos"]] == ["p00.png", "p01.png"]
    assert [p["found"] for p in document["photos"]] == [False, False]
    # Neither has a mask beside it: both would fail, nothing would be sent or cost.
    assert document["estimate"]["images"] == 0 and document["without_mask"] == 2
    assert document["to_send"] == 0 and document["sent"] is False
    assert not fake.posts and not (tmp_path / "out").exists()


def test_the_dry_run_prices_only_the_photos_that_would_be_sent(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 2)
    mask = write_mask(tmp_path / "mask.png")
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat"]
    args += ["--out", str(tmp_path / "out")]
    assert batch(fake, *args).returncode == 0
    write_photos(tmp_path / "in", 1, start=2)
    result = batch(fake, *args, "--dry-run", "--json")
    document = json.loads(result.stdout)
    assert document["estimate"]["images"] == 1
    assert (document["to_send"], document["saved_before"]) == (1, 2)
    said = batch(fake, *args, "--dry-run").stdout.splitlines()[-1]
    assert said.startswith("3 photos · 1 to send, estimate: $")
    assert said.endswith(" · 2 saved before (not sent again) · nothing was sent")
    assert len(fake.posts) == 2


def test_the_daily_limit_counts_the_whole_batch(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 3)
    settings = ProviderSettings.load()
    settings.daily_limit = 0.1
    settings.save()
    mask = write_mask(tmp_path / "mask.png")
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat"]
    result = batch(fake, *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "This batch of 3 photos" in result.stderr and "--over-limit" in result.stderr
    assert not fake.posts
    allowed = batch(fake, *args, "--out", str(tmp_path / "out"), "--over-limit")
    assert allowed.returncode == 0, allowed.stderr


def test_bad_input_sends_nothing(fake, tmp_path) -> None:
    result = batch(fake, str(tmp_path / "nowhere"), "--prompt", "x", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "neither a photo nor a folder" in result.stderr
    assert not fake.posts


def test_the_history_keeps_a_jpeg_photos_own_file_and_a_region_edit_of_it(fake, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with Image.open(REPO / "tests" / "data" / "rocket.jpg") as rocket:
        rocket.convert("RGB").resize((300, 200)).save(folder / "rocket.jpg", quality=90)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    args = [str(folder), "--mask", str(mask), "--prompt", "a hat", "--out", str(out), "--region"]
    result = batch(fake, *args)
    assert result.returncode == 0, result.stderr
    sources = list((Path(os.environ["IDEOGRAM_STUDIO_HOME"]) / "sources").iterdir())
    assert [p.read_bytes() for p in sources] == [(folder / "rocket.jpg").read_bytes()]
    [saved] = [p for p in out.iterdir() if p.suffix == ".jpg"]
    with Image.open(saved) as image:
        assert image.size == (300, 200)  # composited into the photo, saved as JPEG


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX here")
def test_ctrl_c_saves_the_photo_at_the_server_exits_130_and_a_rerun_resumes(fake, tmp_path):
    child, args, photos, out = stalled_at_second(fake, tmp_path, Act(delay=3))
    child.send_signal(signal.SIGINT)
    assert child.wait(30) == 130
    ledger = ledger_of(out)["photos"]
    # The photo at the server was waited for (it is paid for); the third was not sent.
    assert [ledger[str(p)]["state"] for p in photos[:2]] == ["saved", "saved"]
    assert str(photos[2]) not in ledger
    fake.script = []
    result = batch(fake, *args, "--json")
    assert result.returncode == 0, result.stderr
    states = summary(result)
    assert [states[f"p0{i}.png"]["state"] for i in range(3)] == ["skipped", "skipped", "saved"]
    assert set(posts_per_photo(fake).values()) == {1}


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX here")
def test_ctrl_c_after_a_failed_photo_exits_130_and_says_how_to_resume(fake, tmp_path) -> None:
    photos = write_photos(tmp_path / "in", 4)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    one_at_a_time()
    refused = Act(status=422, body={"error": "no"})
    fake.script = ByPhoto(fake, {photo_size(0): refused, photo_size(1): Act(delay=3)})
    args = [str(tmp_path / "in"), "--mask", str(mask), "--prompt", "a hat", "--out", str(out)]
    child = start_batch(fake, *args, stderr=subprocess.PIPE)
    wait_for(lambda: len(fake.posts) == 2, "the second photo never reached the server")
    child.send_signal(signal.SIGINT)
    assert child.wait(30) == 130
    said = child.stderr.read()
    assert "1 of 4 photos saved, 1 failed, 2 left." in said
    assert (
        "Run the same command again to resume the batch (1 failed photo is listed above)." in said
    )
    assert str(photos[2]) not in ledger_of(out)["photos"]


def test_another_prompt_into_the_same_folder_is_another_batch(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 2)
    mask, out = write_mask(tmp_path / "mask.png"), tmp_path / "out"
    args = [str(tmp_path / "in"), "--mask", str(mask), "--out", str(out)]
    assert batch(fake, *args, "--prompt", "a hat").returncode == 0
    other = batch(fake, *args, "--prompt", "a scarf")
    assert other.returncode == 0, other.stderr
    assert "holds another batch" in other.stderr
    assert len(fake.posts) == 4 and len(list(out.glob("ideogram-batch-*.json"))) == 2


def test_a_dry_run_into_a_closed_pipe_ends_quietly(fake, tmp_path) -> None:
    write_photos(tmp_path / "in", 3)
    args = [str(tmp_path / "in"), "--prompt", "a hat", "--out", str(tmp_path / "out")]
    child = start_batch(
        fake, *args, "--dry-run", "--json", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    child.stdout.close()  # as `| head` does once it read its lines
    said = child.stderr.read()
    assert child.wait(60) == 0, said
    assert said == ""
