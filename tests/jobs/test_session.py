"""The autosaved session on its own (no Qt): what comes back, and leftovers of killed writes."""

from __future__ import annotations

import json
import os
import time

import numpy as np

from ideogram_studio.core.photo import Photo
from ideogram_studio.jobs.session import Session, remove_stale_partials


def test_photo_mask_and_prompt_come_back(tmp_path) -> None:
    image = np.random.default_rng(1).integers(0, 255, (40, 60, 3), dtype=np.uint8)
    mask = np.zeros((40, 60), np.uint8)
    mask[10:20, 5:30] = 255
    session = Session(tmp_path)
    session.new_document(Photo(image, "beach.jpg"))
    session.save_mask(mask, {"prompt": "a sail boat"})
    session.flush()
    restored = Session(tmp_path).restore()
    assert restored is not None and restored.photo.name == "beach.jpg"
    assert np.array_equal(restored.photo.pixels, image) and np.array_equal(restored.mask, mask)
    assert restored.prompt == "a sail boat"
    # A new photo replaces the old files once its own are on disk.
    session.new_document(Photo(image[:20], "crop.jpg"), mask[:20])
    session.flush()
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.png")) == ["image", "mask"]
    assert Session(tmp_path).restore().photo.name == "crop.jpg"


def test_a_damaged_index_means_nothing_to_restore(tmp_path) -> None:
    (tmp_path / "session.json").write_text("{half")
    assert Session(tmp_path).restore() is None
    (tmp_path / "session.json").write_text(json.dumps({"image": "missing.png"}))
    assert Session(tmp_path).restore() is None


def test_only_stale_partial_files_are_removed(tmp_path) -> None:
    old, fresh = tmp_path / ".partial-old.png", tmp_path / ".partial-new.png"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert remove_stale_partials(tmp_path, tmp_path / "missing") == 1
    assert not old.exists() and fresh.exists()
