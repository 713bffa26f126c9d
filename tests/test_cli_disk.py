"""The command line and the disk, as a user meets them: a data folder that cannot be written,
file modes, the log, what a killed run leaves, and fetching again what could not be saved."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends import legacy_edit
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import backend_for, cat_request
from tests.conftest import REPO, SAMPLES
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


@pytest.fixture
def mask_file(tmp_path: Path) -> Path:
    mask = np.full((300, 451), 255, np.uint8)
    mask[100:200, 150:300] = 0
    path = tmp_path / "mask.png"
    Image.fromarray(mask).save(path)
    return path


def environment(home: Path, fake: FakeIdeogram | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env["IDEOGRAM_STUDIO_HOME"] = str(home)
    if fake is not None:
        env.update(
            IDEOGRAM_API_KEY=API_KEY,
            IDEOGRAM_PROVIDER="ideogram",
            IDEOGRAM_BASE_URL=fake.base_url,
        )
    return env


def run(command: str, *arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ideogram_studio", command, *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        umask=0o022,
    )


def edit_args(mask: Path, *extra: str) -> list[str]:
    return [str(SAMPLES / "chelsea.png"), "--mask", str(mask), "--prompt", "a red bow tie", *extra]


def test_an_unwritable_data_folder_is_one_sentence_and_out_still_saves(
    tmp_path: Path, mask_file: Path
) -> None:
    """The data folder lies under a regular file, so it can never be created. chmod 0500 would
    not do: the tests run as root here and in CI, and root writes to any folder."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    env = environment(blocker / "home")
    stopped = run("edit", *edit_args(mask_file), env=env)
    assert stopped.returncode == 6, stopped.stderr
    [line] = stopped.stderr.strip().splitlines()
    assert line.startswith(f"The data folder {blocker / 'home'} cannot be written (")
    assert line.endswith("Give --out FOLDER to save the results elsewhere.")

    out = tmp_path / "out"
    saved = run("edit", *edit_args(mask_file, "--out", str(out)), env=env)
    assert saved.returncode == 0, saved.stderr
    assert [Path(p).parent for p in saved.stdout.split()] == [out]
    assert "Note: The data folder" in saved.stderr and "Traceback" not in saved.stderr


def test_a_full_disk_is_one_sentence_and_leaves_no_orphan_mask(
    tmp_path: Path, mask_file: Path, monkeypatch, capsys
) -> None:
    """In-process: no small file system can be mounted without privileges, so the rename of
    the first image fails as on a full disk, after its mask was written."""
    from ideogram_studio import cli
    from ideogram_studio.core import files

    real_replace = os.replace

    def full(source: str, target: os.PathLike[str]) -> None:
        if str(target).endswith("-1.png"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(cli, "setup_logging", lambda: None)  # leave the test's logging alone
    monkeypatch.setattr(files.os, "replace", full)
    out = tmp_path / "out"
    # Each image fails on its own (the others would still be saved): the edit ran and was
    # billed, nothing could be kept, so it ends like any edit that saved nothing.
    assert cli.main(edit_args(mask_file, "--out", str(out))) == cli.EXIT_NOTHING_SAVED
    lines = capsys.readouterr().err.strip().splitlines()
    assert f"Image 1: This image could not be saved: the disk holding {out} is full." in lines
    assert lines[-1] == "No image could be saved from this edit."
    assert list(out.iterdir()) == []  # neither the mask nor a partial file


def test_modes_and_the_log_after_an_edit_with_a_key(
    fake: FakeIdeogram, tmp_path: Path, mask_file: Path
) -> None:
    home = tmp_path / "home"
    result = run("edit", *edit_args(mask_file), env=environment(home, fake))
    assert result.returncode == 0, result.stderr
    [saved] = [Path(p) for p in result.stdout.split()]
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644  # umask 022: readable by others
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for part in home.glob("history.sqlite3*"):
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, part
    for copy in (home / "masks").iterdir():
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600, copy
    log = home / "logs" / "ideogram-studio.log"
    assert "edit ended with exit code 0" in log.read_text(encoding="utf-8")
    for file in (home / "logs").iterdir():
        assert API_KEY not in file.read_text(encoding="utf-8"), file


def test_the_next_run_cleans_up_after_a_killed_one(
    fake: FakeIdeogram, tmp_path: Path, mask_file: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out"
    env = environment(home, fake)
    fake.script = [Act(delay=30)]
    process = subprocess.Popen(
        [sys.executable, "-m", "ideogram_studio", "edit", *edit_args(mask_file, "--out", str(out))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO,
    )
    deadline = time.monotonic() + 30
    while not fake.posts and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    # What a kill in the middle of writing an image leaves: a big hidden partial file.
    out.mkdir(exist_ok=True)
    partials = [out / ".partial-k1", home / "masks" / ".partial-k2"]
    for partial in partials:
        partial.write_bytes(b"\0" * 1_000_000)
        os.utime(partial, (time.time() - 120,) * 2)
    fresh = out / ".partial-in-use"
    fresh.write_bytes(b"x")  # another run writing right now: left alone
    [killed] = JobArchive(home).page()
    assert killed.state == "running"

    result = run("edit", *edit_args(mask_file, "--out", str(out)), env=env)
    assert result.returncode == 0, result.stderr
    assert not any(p.exists() for p in partials) and fresh.exists()
    states = {job.job_key: job.state for job in JobArchive(home).page()}
    assert states[killed.job_key] == "interrupted" and sorted(states.values())[0] == "done"


def with_recorded_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-in until the backend fills ResultItem.url and .expires itself (another change):
    record each entry's URL as returned and the expiry its `exp` says."""
    original = legacy_edit.LegacyEditBackend._result

    def result(self, session, index, entry, cancel):  # noqa: ANN001, ANN202
        item = original(self, session, index, entry, cancel)
        if item.url is None and isinstance(entry.get("url"), str):
            item.url = entry["url"]
            exp = int(entry["url"].split("exp=")[1].split("&")[0])
            item.expires = datetime.fromtimestamp(exp, UTC).isoformat()
        return item

    monkeypatch.setattr(legacy_edit.LegacyEditBackend, "_result", result)


def test_fetch_saves_what_a_failed_download_lost_and_says_which_link_expired(
    fake: FakeIdeogram, tmp_path: Path, studio_home: Path, monkeypatch
) -> None:
    with_recorded_urls(monkeypatch)
    out = tmp_path / "out"
    fake.script = [Act(items=["ok", "fail-once", "fail-once"])]
    history = JobArchive(studio_home)
    job, outcome = run_edit(
        cat_request(num_images=3), backend_for(fake), ResultStore(out), recorder=history
    )
    assert [item.status.value for item in outcome.items] == ["ready", "failed", "failed"]
    row = history.find(job.id)
    assert row.state == "partly saved"
    past = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    db = sqlite3.connect(history.file)
    db.execute("UPDATE results SET expires = ? WHERE id = ?", (past.isoformat(), row.results[2].id))
    db.commit()
    env = environment(studio_home, fake)

    first = run("fetch", job.id, env=env)
    assert first.returncode == 5, first.stderr
    [fetched] = [Path(p) for p in first.stdout.split()]
    assert fetched == out / f"{job.stem}-2.png" and stat.S_IMODE(fetched.stat().st_mode) == 0o644
    until = past.astimezone().strftime("%Y-%m-%d %H:%M")
    assert first.stderr.splitlines() == [
        f"Image 3: Its link has expired (it was valid until {until}); it cannot be fetched again.",
        "1 of 2 images fetched.",
    ]
    with Image.open(fetched) as image:
        assert f'"job_id": "{job.id}"' in image.text[PROVENANCE_KEY]  # type: ignore[attr-defined]
    row = history.find(job.id)
    assert [r.status for r in row.results] == ["ready", "ready", "failed"]
    assert row.results[1].path == fetched and row.state == "partly saved"
    assert sorted(p.name for p in out.glob("*-mask.png")) == [f"{job.stem}-mask.png"]

    db.execute("UPDATE results SET expires = NULL WHERE id = ?", (row.results[2].id,))
    db.commit()
    second = run("fetch", str(row.id), "--json", env=env)  # the row id works too
    assert second.returncode == 0, second.stderr
    assert '"path": "' in second.stdout and history.find(job.id).state == "done"
    assert run("fetch", job.id, env=env).stderr.strip().endswith("has no image left to fetch.")

    unknown = run("fetch", "deadbeef", env=env)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "There is no job “deadbeef” in the history."


def test_a_partly_saved_cli_edit_then_fetch(
    fake: FakeIdeogram, tmp_path: Path, studio_home: Path, mask_file: Path
) -> None:
    fake.script = [Act(items=["ok", "fail-once"])]
    env = environment(studio_home, fake)
    result = run("edit", *edit_args(mask_file, "--num-images", "2"), env=env)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 1
    [failed_line] = [line for line in result.stderr.splitlines() if line.startswith("Image ")]
    assert failed_line.startswith("Image 2: ") and "Traceback" not in result.stderr
    [row] = JobArchive(studio_home).page()
    assert row.state == "partly saved" and row.results[1].url
    hint = f"Fetch the missing images again with: ideogram-studio fetch {row.job_key}"
    assert hint in result.stderr.splitlines()
    env.pop("IDEOGRAM_API_KEY")  # the links are signed: fetching needs no key
    again = run("fetch", row.job_key, env=env)
    assert again.returncode == 0, again.stderr
    assert JobArchive(studio_home).find(row.job_key).state == "done"


def test_an_edit_killed_mid_download_leaves_its_images_to_fetch_again(
    fake: FakeIdeogram, studio_home: Path, mask_file: Path, tmp_path: Path
) -> None:
    """The answer's links are kept the moment it arrives: a process killed (kill -9, a power
    cut) while downloading leaves every billed image to fetch again by the next run."""
    import signal
    import time

    fake.script = [Act(items=["ok", "stall-once"])]
    out = tmp_path / "out"
    env = environment(studio_home, fake)
    process = subprocess.Popen(
        [sys.executable, "-m", "ideogram_studio", "edit", *edit_args(mask_file, "--out", str(out),
         "--num-images", "2")],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not any("stall-once" in url for url in fake.downloads):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    [row] = JobArchive(studio_home).page()
    assert row.state == "running"  # as the killed process left it
    again = run("fetch", row.job_key, env=env)
    assert again.returncode == 0, again.stderr
    row = JobArchive(studio_home).find(row.job_key)
    assert row.state == "done" and [r.status for r in row.results] == ["ready", "ready"]
    assert all(r.path is not None and r.path.exists() for r in row.results)
    assert len(fake.posts) == 1
