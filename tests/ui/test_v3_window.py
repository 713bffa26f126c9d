"""Ideogram 3.0 from the window: a path stored per provider reaches the request, what the
server says of a deprecated endpoint is shown once, and a 3.0 job restores as a 3.0 job."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PIL import Image

from ideogram_studio.backends.options import (
    EditApiId,
    EditOptions,
    Palette,
    RenderingSpeed,
    StyleType,
)
from ideogram_studio.backends.settings import Endpoint
from ideogram_studio.jobs.queue import JobState
from tests.conftest import SAMPLES
from tests.support import fake_v3
from tests.ui.test_generate_and_gallery import ready_to_generate


def test_a_deprecated_path_is_said_once_and_the_job_restores_as_3_0(
    remote, window, qtbot, tmp_path: Path
) -> None:
    document = window.document
    document.settings.endpoints["ideogram"] = Endpoint(paths={"v3": fake_v3.DEPRECATED_PATH})
    document.settings_saved(document.settings)
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    style = tmp_path / "brush.png"
    Image.new("RGB", (32, 32), "orange").save(style)
    chosen = dataclasses.replace(
        document.options,
        api=EditApiId.V3,
        speed=RenderingSpeed.FLASH,
        style_type=StyleType.GENERAL,
        style_refs=(str(style),),
        palette=Palette(name="EMBER"),
    )
    document.set_options(chosen)
    first = window.generate()
    qtbot.waitUntil(lambda: first.state is JobState.DONE, timeout=20000)
    note = (
        "Ideogram says this endpoint (/v1/ideogram-v3/edit) is deprecated; its successor is "
        "/v1/ideogram-v3/inpaint."
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == note, timeout=5000)
    assert remote.posts[0].path == fake_v3.DEPRECATED_PATH and remote.problems == []
    window.statusBar().clearMessage()
    second = window.generate()
    qtbot.waitUntil(lambda: second.state is JobState.DONE, timeout=20000)
    qtbot.wait(200)  # the job's end is handled: its card, its notes
    assert window.statusBar().currentMessage() != note  # said once, not at every job

    # Back to the legacy edit with nothing of 3.0 set: the history brings all of it back,
    # the reference file too (saved files name it only; the history keeps its path).
    document.set_options(EditOptions(prompt="something else"))
    job = document.archive.page()[-1]
    document.restore_job(job, None)
    restored = document.options
    assert (restored.api, restored.prompt, restored.speed, restored.style_type) == (
        EditApiId.V3,
        "a red bow tie",
        RenderingSpeed.FLASH,
        StyleType.GENERAL,
    )
    assert restored.style_refs == (str(style),) and restored.palette == Palette(name="EMBER")
