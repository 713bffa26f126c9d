"""The headless CLI as a user runs it: a real process, real files, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.settings import ProviderSettings
from tests.conftest import REPO, SAMPLES
from tests.support.cli import cat_args, cat_mask, studio
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


@pytest.fixture
def mask_file(tmp_path: Path) -> Path:
    return cat_mask(tmp_path)


def run_cli(
    *arguments: str, key: str | None = None, **environment: str
) -> subprocess.CompletedProcess[str]:
    return studio("edit", *arguments, key=key, **environment)


def test_without_a_key_the_local_backend_runs_and_saves(mask_file: Path, studio_home: Path) -> None:
    result = run_cli(*cat_args(mask_file))
    assert result.returncode == 0, result.stderr
    saved = [Path(line) for line in result.stdout.split()]
    assert len(saved) == 1 and saved[0].parent == studio_home / "results" and saved[0].exists()
    assert "ignores the prompt" in result.stderr
    masks = list((studio_home / "results").glob("*-mask.png"))
    sent = np.asarray(Image.open(masks[0]))
    assert sent[150, 200] == 0 and sent[50, 50] == 255


def test_relay_run_with_json_output(fake: FakeIdeogram, mask_file: Path, tmp_path: Path) -> None:
    fake.script = [Act(items=["ok", "unsafe"])]
    result = run_cli(
        *cat_args(
            mask_file, "--num-images", "2", "--seed", "7", "--out", str(tmp_path / "out"), "--json"
        ),
        key=API_KEY,
        IDEOGRAM_PROVIDER="relay",
        IDEOGRAM_BASE_URL=fake.base_url,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [r["status"] for r in document["results"]] == ["ready", "withheld"]
    assert Path(document["results"][0]["path"]).parent == tmp_path / "out"
    assert document["results"][1]["seed"] == 8 and document["results"][1]["path"] is None
    assert fake.posts[0].path == "/ideogram/edit"
    assert fake.posts[0].fields["seed"] == "7"
    assert API_KEY not in result.stdout + result.stderr


def test_invert_mask_accepts_white_as_edit(fake: FakeIdeogram, tmp_path: Path) -> None:
    white_edit = np.zeros((300, 451), np.uint8)
    white_edit[100:200, 150:300] = 255
    path = tmp_path / "sd-mask.png"
    Image.fromarray(white_edit).save(path)
    result = run_cli(
        *cat_args(path, "--invert-mask", "--provider", "ideogram", "--base-url", fake.base_url),
        key=API_KEY,
    )
    assert result.returncode == 0, result.stderr
    sent = fake.posts[0].image("mask")
    assert sent[150, 200] == 0 and sent[20, 20] == 255  # still black = edit on the wire


def test_exit_codes_and_one_line_errors(
    fake: FakeIdeogram, mask_file: Path, tmp_path: Path
) -> None:
    missing = run_cli(str(tmp_path / "nope.jpg"), "--mask", str(mask_file), "--prompt", "x")
    assert (
        missing.returncode == 2
        and missing.stderr.strip()
        == "“nope.jpg” does not exist (it may have been moved or deleted)."
    )

    remote = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    fake.script = [Act(422, {"error": "Prompt provided failed safety check"})]
    refused = run_cli(*cat_args(mask_file), key=API_KEY, **remote)
    assert refused.returncode == 3
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "safety check refused" in refused.stderr

    fake.script = [Act(500, {"error": "boom"})]
    failed = run_cli(*cat_args(mask_file), key=API_KEY, **remote)
    assert failed.returncode == 4 and "HTTP 500" in failed.stderr

    fake.script = [Act(items=["unsafe"])]
    nothing = run_cli(*cat_args(mask_file), key=API_KEY, **remote)
    assert nothing.returncode == 5 and "No image could be saved" in nothing.stderr

    no_key = run_cli(*cat_args(mask_file, "--provider", "relay", "--base-url", fake.base_url))
    assert no_key.returncode == 2 and "needs an API key: set IDEOGRAM_API_KEY" in no_key.stderr


def test_the_key_is_never_taken_on_the_command_line(mask_file: Path) -> None:
    result = run_cli(*cat_args(mask_file, "--api-key", "secret"))
    assert result.returncode == 2 and "unrecognized arguments: --api-key" in result.stderr


def test_ctrl_c_cancels_cleanly(fake: FakeIdeogram, mask_file: Path, tmp_path: Path) -> None:
    import signal
    import time

    fake.script = [Act(delay=20)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env.update(
        IDEOGRAM_API_KEY=API_KEY,
        IDEOGRAM_PROVIDER="ideogram",
        IDEOGRAM_BASE_URL=fake.base_url,
        IDEOGRAM_STUDIO_HOME=str(tmp_path / "home"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "ideogram_studio", "edit", *cat_args(mask_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    deadline = time.monotonic() + 30
    while not fake.posts and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Cancelled" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "home" / "results").exists()


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("test-key\n7c1d9e", "a space or a line break inside it"),
        ("\ufefftest-key-\u0433", "a character no API key contains (character 10)"),
    ],
)
def test_a_malformed_key_in_the_environment_is_one_sentence(
    fake, mask_file: Path, tmp_path: Path, key: str, words: str
) -> None:
    result = run_cli(
        str(SAMPLES / "chelsea.png"), "--mask", str(mask_file), "--prompt", "a bow",
        "--out", str(tmp_path / "out"), key=key,
        IDEOGRAM_PROVIDER="ideogram", IDEOGRAM_BASE_URL=fake.base_url,
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert words in line and "Traceback" not in result.stderr
    assert fake.posts == [] and not (tmp_path / "out").exists()
    log = Path(os.environ["IDEOGRAM_STUDIO_HOME"]) / "logs" / "ideogram-studio.log"
    assert key.strip() not in log.read_text(encoding="utf-8")


def test_a_count_over_the_in_flight_setting_is_refused_before_sending(
    fake: FakeIdeogram, mask_file: Path, studio_home: Path
) -> None:
    settings = ProviderSettings.load(studio_home)
    settings.images_in_flight = 3
    settings.save(studio_home)
    result = run_cli(
        *cat_args(mask_file, "--num-images", "4"),
        key=API_KEY,
        IDEOGRAM_BASE_URL=fake.base_url,
    )
    assert result.returncode == 2 and fake.posts == []
    assert result.stderr.strip().endswith(
        "4 images were asked for, but Settings allow 3 in progress at once: ask for fewer."
    )
    again = run_cli(
        *cat_args(mask_file, "--num-images", "3"), key=API_KEY, IDEOGRAM_BASE_URL=fake.base_url
    )
    assert again.returncode == 0, again.stderr
    assert fake.posts[0].fields["num_images"] == "3"
