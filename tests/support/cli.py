"""Running `ideogram-studio COMMAND ...` as a user does: a real process, with only the
environment a test gives it (no IDEOGRAM_* variable of the machine leaks in)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import REPO, SAMPLES


def studio(
    command: str, *arguments: str, key: str | None = None, **environment: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env["IDEOGRAM_STUDIO_HOME"] = os.environ["IDEOGRAM_STUDIO_HOME"]
    if key:
        env["IDEOGRAM_API_KEY"] = key
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "ideogram_studio", command, *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def cat_mask(folder: Path) -> Path:
    """A mask file for chelsea.png (451 x 300): the cat's face, black = edit."""
    mask = np.full((300, 451), 255, np.uint8)
    mask[100:200, 150:300] = 0
    path = folder / "mask.png"
    Image.fromarray(mask).save(path)
    return path


def cat_args(mask: Path, *extra: str) -> list[str]:
    return [str(SAMPLES / "chelsea.png"), "--mask", str(mask), "--prompt", "a red bow tie", *extra]
