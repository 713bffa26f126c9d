"""The standalone app: `make package` builds it with PyInstaller, and the built program, with no
Python or venv of ours behind it, prints its version, opens a photo in its window and runs an
edit through the local backend (headless), in English and in Chinese.

Slow (a PyInstaller build, about a minute on a fresh machine), so it builds once per run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio import __version__
from tests.conftest import REPO, SAMPLES

PHOTO = SAMPLES / "chelsea.png"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """dist/ideogram-studio/ideogram-studio, built by the same recipe `make package` uses."""
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "packaging/ideogram-studio.spec", "--noconfirm",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    program = (
        work
        / "dist"
        / "ideogram-studio"
        / ("ideogram-studio" + (".exe" if os.name == "nt" else ""))
    )
    assert program.is_file()
    return program


def run_built(program: Path, *args: str, home: Path, lang: str = "en_US.UTF-8"):
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("IDEOGRAM_", "PYTHON", "VIRTUAL_ENV", "LC_", "LANG"))
    }
    environ.update(QT_QPA_PLATFORM="offscreen", IDEOGRAM_STUDIO_HOME=str(home), LANG=lang)
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, timeout=300, env=environ,
        cwd=home.parent,
    )  # fmt: skip


def test_the_bundle_carries_its_translations_and_icons(built) -> None:
    inside = built.parent / "_internal" / "resources"
    assert (inside / "translations" / "ideogram_studio_zh_CN.qm").is_file()
    assert (inside / "icons" / "hicolor" / "256x256" / "apps" / "ideogram-studio.png").is_file()


def test_the_built_program_prints_its_version(built, tmp_path) -> None:
    result = run_built(built, "--version", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ideogram-studio {__version__}"


def test_the_built_program_opens_a_photo_and_edits_it_locally(built, tmp_path) -> None:
    home = tmp_path / "home"
    result = run_built(built, "--self-test", str(PHOTO), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Opened chelsea.png (451 × 300), edited locally: 1 image saved." in result.stdout
    saved = sorted((home / "results").glob("*-1.png"))
    assert len(saved) == 1
    original = np.asarray(Image.open(PHOTO).convert("RGB"))
    edited = np.asarray(Image.open(saved[0]).convert("RGB"))
    assert edited.shape == original.shape
    # The self-test masks the middle fifth: it changed, the corners did not.
    assert np.abs(edited[140:160, 215:235].astype(int) - original[140:160, 215:235]).mean() > 2
    assert np.array_equal(edited[:60, :60], original[:60, :60])
    assert (home / "history.sqlite3").is_file()


def test_the_built_program_speaks_chinese_where_the_system_does(built, tmp_path) -> None:
    result = run_built(built, "--self-test", str(PHOTO), home=tmp_path / "home", lang="zh_CN.UTF-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已保存 1 张图片。" in result.stdout
    missing = run_built(built, "--self-test", str(tmp_path / "gone.png"), home=tmp_path / "h2",
                        lang="zh_CN.UTF-8")  # fmt: skip
    assert missing.returncode == 1
    assert "“gone.png” 不存在（可能已被移动或删除）。" in missing.stderr


def test_the_built_program_edits_from_the_command_line(built, tmp_path) -> None:
    mask = Image.new("L", (451, 300), 255)
    mask.paste(0, (180, 120, 270, 180))
    mask.save(tmp_path / "mask.png")
    out = tmp_path / "out"
    result = run_built(
        built, "edit", str(PHOTO), "--mask", str(tmp_path / "mask.png"), "--prompt", "remove",
        "--out", str(out), home=tmp_path / "home",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*-1.png"))) == 1


def test_the_linux_install_script_puts_the_app_in_the_menu(built, tmp_path) -> None:
    prefix = tmp_path / "prefix"
    result = subprocess.run(
        ["sh", str(REPO / "packaging" / "install-linux.sh"), str(built.parent)],
        capture_output=True, text=True, env={**os.environ, "PREFIX": str(prefix)}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    program = prefix / "lib" / "ideogram-studio" / "ideogram-studio"
    assert (prefix / "bin" / "ideogram-studio").resolve() == program.resolve()
    entry = (prefix / "share" / "applications" / "ideogram-studio.desktop").read_text()
    assert f"Exec={program} %f" in entry and "Icon=ideogram-studio" in entry
    assert (prefix / "share/icons/hicolor/48x48/apps/ideogram-studio.png").is_file()
    assert run_built(program, "--version", home=tmp_path / "home").returncode == 0
