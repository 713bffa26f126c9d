"""Kill the app with SIGKILL while it paints, runs a job or saves results; start it again and
check that the history, every saved result and the autosaved mask are there."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import REPO
from tests.support.fake_ideogram import API_KEY, Act

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def environment(home: Path, fake=None) -> dict[str, str]:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env.update(QT_QPA_PLATFORM="offscreen", IDEOGRAM_STUDIO_HOME=str(home))
    if fake is not None:
        env.update(
            IDEOGRAM_PROVIDER="ideogram", IDEOGRAM_BASE_URL=fake.base_url, IDEOGRAM_API_KEY=API_KEY
        )
    return env


def start(mode: str, env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_driver", mode],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    process.lines = lines  # type: ignore[attr-defined]
    return process


def read_until(process: subprocess.Popen[str], word: str, count: int = 1, timeout: float = 60):
    """Lines from the child until `word` has been seen `count` times; returns the last one."""
    deadline = time.monotonic() + timeout
    seen, line = 0, ""
    while seen < count:
        try:
            line = process.lines.get(timeout=max(0.1, deadline - time.monotonic()))  # type: ignore[attr-defined]
        except queue.Empty:
            process.kill()
            raise AssertionError(f"no {word} from the app within {timeout} s") from None
        if line.startswith(word):
            seen += 1
    return line.split()


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL


def inspect(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.crash_driver", "inspect"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_killed_while_painting_the_mask_comes_back_from_the_last_autosave(tmp_path) -> None:
    env = environment(tmp_path / "home")
    app = start("paint", env)
    read_until(app, "AUTOSAVED", count=2)
    saved_mask = max((tmp_path / "home" / "session").glob("mask-*.png"), key=os.path.getmtime)
    painted_then = int((np.asarray(Image.open(saved_mask)) >= 128).sum())
    kill(app)
    state = inspect(env)
    assert state["restored"] and state["name"] == "chelsea.png"
    assert state["prompt"] == "a crash test hat"
    assert state["painted"] >= painted_then > 0
    # Every option comes back as it was set, the region settings included.
    options = state["options"]
    assert (options["style_type"], options["model"], options["seed"]) == (
        "REALISTIC",
        "V_2_TURBO",
        4242,
    )
    assert options["num_images"] == 2 and options["edit_region"] is True
    assert (options["margin"], options["feather"]) == (90, 7)


def test_killed_during_a_job_the_job_is_interrupted_and_the_work_is_there(fake, tmp_path):
    fake.script = [Act(delay=30)]
    env = environment(tmp_path / "home", fake)
    app = start("job", env)
    assert read_until(app, "GENERATED") == ["GENERATED", "True"]
    deadline = time.monotonic() + 30
    while not fake.posts:
        assert time.monotonic() < deadline, "the job never reached the server"
        time.sleep(0.05)
    time.sleep(2.5)  # one autosave tick
    kill(app)
    state = inspect(env)
    assert [job["state"] for job in state["jobs"]] == ["interrupted"]
    assert "crashed" in state["jobs"][0]["error"]
    assert state["painted"] == 200 * 140  # the rectangle, autosaved


def test_killed_while_results_are_saved_every_saved_file_is_whole(fake, tmp_path) -> None:
    fake.script = [Act(items=["ok"] * 8, result_size=(1024, 1024))]
    env = environment(tmp_path / "home", fake)
    env["CRASH_IMAGES"] = "8"
    app = start("job", env)
    read_until(app, "SAVED", count=2, timeout=90)
    kill(app)
    state = inspect(env)
    [job] = state["jobs"]
    assert job["state"] in ("interrupted", "done")
    recorded = [Path(p) for p in job["results"] if p]
    assert len(recorded) >= 2
    results = tmp_path / "home" / "results"
    files = sorted(p for p in results.iterdir() if not p.name.endswith("-mask.png"))
    for path in files:
        if path.name.startswith(".partial-"):
            continue  # a write cut short; removed at the next start once stale
        with Image.open(path) as image:
            image.load()  # every file that has its name is a complete PNG
    assert set(recorded) <= set(files)


def test_a_window_batch_killed_halfway_resumes_with_eleven_saved_none_sent_twice(
    fake, tmp_path
) -> None:
    """File ▸ Batch edit of 12 photos, one of them broken, one at a time; the sixth photo sent
    stalls in its download after its answer was recorded, and the app is killed once the others
    ended. Started again, the window resumes the batch it offers: 11 saved, each POSTed once."""
    from ideogram_studio.backends.settings import ProviderSettings
    from tests.support.fake_batch import (
        ByPhoto,
        photo_size,
        posts_per_photo,
        write_mask,
        write_photos,
    )

    home = tmp_path / "home"
    shoot = tmp_path / "batch" / "shoot"
    write_photos(shoot, 11)
    (shoot / "p03b.jpg").write_bytes(b"\xff\xd8\xff this is no JPEG")
    write_mask(tmp_path / "batch" / "mask.png")
    settings = ProviderSettings()
    settings.images_in_flight = 1
    settings.save(home)
    fake.script = ByPhoto(fake, {photo_size(5): Act(items=["stall-once"])})
    env = environment(home, fake)
    env.update(CRASH_BATCH_PHOTOS=str(shoot), CRASH_BATCH_OUT=str(tmp_path / "out"))

    first = start("batch", env)
    read_until(first, "PHOTO", count=11, timeout=120)  # all but the stalled one ended
    assert any("stall-once" in download for download in fake.downloads)
    kill(first)
    assert len(fake.posts) == 11  # the broken photo was never sent

    again = start("resume", env)
    words = read_until(again, "REPORT", timeout=120)
    again.wait(30)
    states = json.loads(" ".join(words[1:]))
    assert states["p03b.jpg"] == "failed"
    assert states["p05.png"] == "saved"  # fetched again from its recorded answer
    assert sum(1 for state in states.values() if state in ("saved", "skipped")) == 11
    assert len(fake.posts) == 11 and set(posts_per_photo(fake).values()) == {1}
    saved = [p for p in (tmp_path / "out").iterdir() if p.suffix == ".png"]
    assert len([p for p in saved if not p.name.endswith("mask.png")]) == 11
