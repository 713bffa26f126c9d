"""The batch's inputs, masks, ledger and progress (backends/batch.py, batch_ledger.py): no Qt,
no server."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from ideogram_studio.backends.batch import (
    BatchControl,
    BatchError,
    BatchProgress,
    ImageSlots,
    MaskSource,
    check_aspect,
    collect_photos,
    photos_at_once,
)
from ideogram_studio.backends.batch_ledger import SENDING, Entry, Ledger
from ideogram_studio.backends.options import EditOptions
from tests.support.fake_batch import write_mask, write_photos


def test_a_folder_gives_its_photos_not_its_subfolders_masks_or_the_output_folder(tmp_path):
    photos = write_photos(tmp_path / "shoot", 2)
    write_mask(tmp_path / "shoot" / "p00.mask.png")
    (tmp_path / "shoot" / "notes.txt").write_text("not a photo")
    write_photos(tmp_path / "shoot" / "old", 1)  # a subfolder is not entered
    write_photos(tmp_path / "shoot" / "out", 1)
    extra = write_photos(tmp_path / "more", 1, start=5)
    found = collect_photos(
        [tmp_path / "shoot", extra[0], tmp_path / "shoot" / "out", photos[0]],
        tmp_path / "shoot" / "out",
    )
    assert found == [photos[0].resolve(), photos[1].resolve(), extra[0].resolve()]
    with pytest.raises(BatchError, match="neither a photo nor a folder"):
        collect_photos([tmp_path / "missing"])


def test_the_aspect_tolerance_is_three_percent() -> None:
    check_aspect(Path("camera.jpg"), (5990, 4000), (6000, 4000))  # 0.2 %: scaled
    check_aspect(Path("slight.jpg"), (3080, 2000), (3000, 2000))  # 2.7 %: still scaled
    with pytest.raises(BatchError) as refused:
        check_aspect(Path("four-three.jpg"), (4000, 3000), (3000, 2000))
    assert refused.value.message == (
        "four-three.jpg is 4000 × 3000 and the mask 3000 × 2000: their shapes differ too much to "
        "scale the mask onto it; give it a mask of its own."
    )


def test_one_mask_file_is_scaled_hard_to_each_photo(tmp_path) -> None:
    mask = write_mask(tmp_path / "mask.png", (300, 200), (100, 50, 200, 150))
    scaled = MaskSource("one", mask).mask_for(Path("big.jpg"), 900, 600)
    assert scaled.shape == (600, 900)
    assert set(np.unique(scaled)) == {0, 255}  # hard stays hard
    assert scaled[150:450, 300:600].min() == 255 and scaled[:140].max() == 0


def test_the_ledger_is_written_at_once_and_read_back(tmp_path) -> None:
    ledger = Ledger.open(tmp_path, "abc123", {"inputs": ["x"]})
    assert not ledger.exists
    ledger.record(tmp_path / "p.jpg", Entry(SENDING, "0badf00d", 7, estimate=0.08))
    stored = json.loads(ledger.file.read_text())
    assert stored["photos"][str(tmp_path / "p.jpg")]["state"] == "sending"
    again = Ledger.open(tmp_path, "abc123", {})
    assert again.entry(tmp_path / "p.jpg") == Entry(SENDING, "0badf00d", 7, estimate=0.08)
    assert again.spent() == (0.08, 0, 0.0)
    assert again.spent(apart=[tmp_path / "p.jpg"]) == (0.0, 0, 0.08)  # at the server still
    assert Ledger.open(tmp_path, "other", {}).entries == {}  # another edit: another batch


def test_progress_says_counts_time_left_and_money_spent() -> None:
    progress = BatchProgress(12, done=7, failed=1, spent=0.56, seconds_left=130)
    assert (
        progress.text() == "7 of 12 saved, 1 failed, 4 left · about 2 min left · about $0.56 spent"
    )
    paused = BatchProgress(3, done=0, paused=True, seconds_left=17)
    assert paused.text() == "0 of 3 saved, 0 failed, 3 left · $0.00 spent · paused"
    stopping = BatchProgress(12, 7, 1, spent=0.48, at_server=0.08, seconds_left=27, stopping=True)
    assert stopping.text() == (
        "7 of 12 saved, 1 failed, 4 left · about $0.48 spent · about $0.08 at the server · stopping"
    )


def test_slots_keep_the_batch_and_the_queue_within_the_images_in_flight() -> None:
    slots, control = ImageSlots(4), BatchControl()
    slots.set_outside(3)  # the window's queue runs 3 images
    assert slots.take(1, control, slots.ticket()) and slots.taken == 1
    taken = []
    waiter = threading.Thread(target=lambda: taken.append(slots.take(1, control, slots.ticket())))
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive()  # 3 + 1 + 1 > 4: it waits
    slots.set_outside(0)
    waiter.join(5)
    assert taken == [True] and slots.taken == 2
    control.cancel()
    slots.set_outside(10)
    assert slots.take(1, control, slots.ticket()) is False  # cancelled while waiting


def test_photos_get_their_places_in_the_order_they_were_picked() -> None:
    slots, control = ImageSlots(1), BatchControl()
    first, second = slots.ticket(), slots.ticket()
    served = []
    later = threading.Thread(target=lambda: served.append(slots.take(1, control, second)))
    later.start()  # the second photo was read first: it still waits for the first
    later.join(0.5)
    assert later.is_alive() and slots.taken == 0
    assert slots.take(1, control, first)
    slots.give(1)
    later.join(5)
    assert served == [True]


def test_a_few_photos_at_once_within_the_images_in_flight() -> None:
    assert photos_at_once(EditOptions(num_images=1), 10) == 3
    assert photos_at_once(EditOptions(num_images=1), 1) == 2  # the next is read meanwhile
    assert photos_at_once(EditOptions(num_images=8), 4) == 2


def test_a_missing_mask_is_said_in_one_sentence_for_each_place(tmp_path) -> None:
    """Each place a mask is looked for has its own whole sentence (translated as one)."""
    photo = tmp_path / "p01.jpg"
    masks = tmp_path / "masks"
    with pytest.raises(BatchError) as beside:
        MaskSource("beside").mask_for(photo, 40, 30)
    assert beside.value.message == "p01.jpg has no mask: p01.mask.png was not found beside it."
    with pytest.raises(BatchError) as folder:
        MaskSource("folder", masks).mask_for(photo, 40, 30)
    assert folder.value.message == (f"p01.jpg has no mask: p01.mask.png was not found in {masks}.")
