"""The document with either edit API, no window: the chosen API's backend and rules follow the
options, and a restored 3.0 job names the reference images the history could not keep."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from ideogram_studio.backends.apis import API_MODULES
from ideogram_studio.backends.options import EditApiId, Palette, RenderingSpeed, StyleType
from ideogram_studio.jobs.queue import JobState
from tests.conftest import SAMPLES


def ready_document(make_document):  # noqa: ANN001, ANN201 - a Document
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(150, 100, 300, 200))
    document.set_options(dataclasses.replace(document.options, prompt="a red bow tie"))
    assert document.generate_blocker() is None
    return document


def test_choosing_another_api_settles_its_backend(make_document, remote, monkeypatch) -> None:
    document = ready_document(make_document)
    settled: list[int] = []
    document.provider_changed.connect(lambda: settled.append(document.max_images()))
    v3 = dataclasses.replace(document.options, api=EditApiId.V3)
    monkeypatch.delitem(API_MODULES, "v3", raising=False)  # as in a build without it
    document.set_options(v3)
    assert document.api == "v3" and len(settled) == 1
    assert document.generate_blocker() == (
        "This version of Ideogram Studio cannot send edits to Ideogram 3.0 yet."
    )
    assert document.generate() is None
    failed: list[str] = []
    document.preview_failed.connect(lambda message, _number: failed.append(message))
    document.request_preview()
    assert failed == [document.generate_blocker()]
    document.set_options(dataclasses.replace(v3, speed=RenderingSpeed.TURBO))
    assert len(settled) == 1  # the same API: nothing to settle
    document.set_options(dataclasses.replace(v3, api=EditApiId.LEGACY))
    assert len(settled) == 2 and document.generate_blocker() is None


def test_a_restored_3_0_job_names_the_reference_images_it_lost(
    qtbot, make_document, tmp_path
) -> None:
    document = ready_document(make_document)
    style, character = str(tmp_path / "astronaut.png"), str(tmp_path / "rocket.jpg")
    shutil.copy(SAMPLES / "astronaut.png", style)
    shutil.copy(SAMPLES / "rocket.jpg", character)
    document.set_options(
        dataclasses.replace(
            document.options,
            api=EditApiId.V3,
            style_type=StyleType.AUTO,
            style_refs=(style,),
            character_ref=character,
            palette=Palette(name="MELON"),
        )
    )
    record = document.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    [job] = document.archive.page()

    assert document.restore_job(job, None) is None  # its files are still set: all kept
    assert document.options.style_refs == (style,) and document.options.character_ref == character

    # Set elsewhere meanwhile, they come back from the paths the history keeps.
    document.set_options(dataclasses.replace(document.options, style_refs=(), character_ref=None))
    assert document.restore_job(job, None) is None
    assert document.options.style_refs == (style,) and document.options.character_ref == character
    # Gone from the disk: the history keeps no copies, so they are named.
    Path(style).unlink()
    Path(character).unlink()
    document.set_options(dataclasses.replace(document.options, style_refs=(), character_ref=None))
    note = document.restore_job(job, None)
    assert note == (
        "The history keeps no copy of reference images: add astronaut.png, rocket.jpg again "
        "to use them."
    )
    restored = document.options
    assert restored.api is EditApiId.V3 and restored.palette == Palette(name="MELON")
    assert restored.style_refs == () and restored.character_ref is None
