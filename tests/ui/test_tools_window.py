"""Suggest prompts and Upscale… in the window, against the loopback fake: a description picked
into the prompt, an upscale of a result card or a History result added as a linked result, and
the offer to upscale a large region's results before blending."""

from __future__ import annotations

import json

import cv2
import numpy as np
from PIL import Image

from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.upscale import UpscaleOptions
from ideogram_studio.core.photo import Photo
from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act
from tests.ui.helpers import image_drag

DESCRIPTIONS = [
    "A tabby cat looking up, {width} by {height}",
    "A close-up portrait of a cat & its whiskers",
]


def paint_box(window, box=((150, 100), (300, 200))) -> None:
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, list(box))


def suggestions(window, qtbot) -> list[str]:
    window.options.suggest.click()
    qtbot.waitUntil(lambda: window.suggestions is not None and window.suggestions.isVisible())
    return [action.toolTip() for action in window.suggestions.actions()]


def test_suggest_prompts_describes_the_photo_and_picks_one_into_the_prompt(
    remote, window, qtbot
) -> None:
    remote.routes["/describe"].texts = DESCRIPTIONS
    window.open_image(SAMPLES / "chelsea.png")
    window.options.prompt.setPlainText("my own words")
    offered = suggestions(window, qtbot)
    assert offered == [
        "A tabby cat looking up, 451 by 300",
        "A close-up portrait of a cat & its whiskers",
    ]
    assert window.options.suggest_note.text() == "2 prompts suggested: pick one from the menu."
    assert remote.posts[0].path == "/describe"
    assert remote.posts[0].image("image_file").shape[:2] == (300, 451)  # the whole photo
    window.suggestions.actions()[1].trigger()
    assert window.options.prompt.toPlainText() == DESCRIPTIONS[1]
    assert window.document.options.prompt == DESCRIPTIONS[1]  # what Generate sends
    assert not window.options.suggest_note.isVisible()
    window.options.prompt.undo()  # one step back, as after typing
    assert window.options.prompt.toPlainText() == "my own words"


def test_with_region_editing_on_the_region_around_the_mask_is_described(
    remote, window, qtbot
) -> None:
    big = cv2.resize(np.asarray(Image.open(SAMPLES / "chelsea.png").convert("RGB")), (2706, 1800))
    window.document.set_photo(Photo(big, "big.png"))
    assert window.document.options.edit_region  # on by default for a large photo
    paint_box(window, ((900, 600), (1500, 1100)))
    suggestions(window, qtbot)
    sent = remote.posts[0].image("image_file")
    assert sent.shape[0] < 1800 and sent.shape[1] < 2706  # the crop, not the photo


def test_suggest_prompts_says_why_it_cannot_run(window, qtbot, remote, monkeypatch) -> None:
    window.options.suggest.click()
    assert window.options.suggest_note.text() == (
        "Open a photo first: its description suggests prompts."
    )
    window.open_image(SAMPLES / "chelsea.png")
    remote.routes.pop("/describe")
    window.options.suggest.click()
    qtbot.waitUntil(lambda: "does not offer Describe" in window.options.suggest_note.text())
    assert window.suggestions is None and len(remote.posts) == 1
    monkeypatch.delenv("IDEOGRAM_PROVIDER")  # the panel's choice counts again
    window.document.choose_provider(ProviderKind.LOCAL)
    window.options.suggest.click()
    assert window.options.suggest_note.text() == (
        "Suggest prompts needs Ideogram or a relay: the offline backend cannot describe photos."
    )
    assert len(remote.posts) == 1
    # The sentence is news until the user changes what it was about: then it goes.
    window.options.prompt.setPlainText("a hat")
    assert window.options.suggest_note.isHidden()


def generated(window, qtbot, remote):  # noqa: ANN201 - the finished JobRecord
    window.open_image(SAMPLES / "chelsea.png")
    paint_box(window)
    window.options.prompt.setPlainText("a red bow tie")
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    return record


def test_upscale_on_a_result_card_adds_a_result_linked_to_it(
    remote, window, qtbot, monkeypatch
) -> None:
    record = generated(window, qtbot, remote)
    asked = []

    def ask(self: MainWindow, title: str) -> UpscaleOptions:
        asked.append(title)
        return UpscaleOptions(resemblance=90, detail=10, prompt="a cat")

    monkeypatch.setattr(MainWindow, "ask_upscale", ask)
    card = window.gallery.cards[record.number]
    card.thumbs.item(1).setSelected(True)  # the first result, after the original
    action = next(a for a in window.gallery.more_menu.actions() if a.text() == "Upscale…")
    assert action.isEnabled()
    action.trigger()

    assert asked == [f"Upscale of job {record.number}, image 1"]
    upscale = window.jobs.records[-1]
    qtbot.waitUntil(lambda: upscale.state is JobState.DONE, timeout=20000)
    new_card = window.gallery.cards[upscale.number]
    assert new_card.title.full_text == "a cat"  # its prompt, and where it comes from:
    assert new_card.note.text() == f"Upscale of job {record.number}, image 1"
    (tile,) = [entry for entry in new_card.entries() if not entry.is_original]
    with Image.open(tile.item.path) as saved:
        assert saved.size == (512, 512)  # the fake's 256 x 256 result, twice
    post = remote.posts[-1]
    assert post.path == "/upscale"
    assert json.loads(post.fields["image_request"]) == {
        "resemblance": 90,
        "detail": 10,
        "prompt": "a cat",
    }
    parent = window.history.find(record.job.id)
    row = window.history.find(upscale.job.id)
    assert row.parent_result == parent.results[0].id
    assert row.parameters["upscale_of"]["job"] == parent.id


def test_upscale_on_a_history_result_and_the_history_shows_the_link(remote, window, qtbot) -> None:
    record = generated(window, qtbot, remote)
    window.side_tabs.setCurrentWidget(window.history_panel)
    panel = window.history_panel
    job_item = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(job_item)
    assert not panel.upscale_button.isEnabled()  # a job, not one of its images
    panel.tree.setCurrentItem(job_item.child(0))
    assert panel.upscale_button.isEnabled()
    panel.upscale_button.click()
    assert window.side_tabs.currentWidget() is window.gallery  # where its card shows
    upscale = window.jobs.records[-1]
    qtbot.waitUntil(lambda: upscale.state is JobState.DONE, timeout=20000)
    window.side_tabs.setCurrentWidget(panel)
    newest = panel.tree.topLevelItem(0)
    assert newest.text(0).startswith(f"Upscale of job {record.number}, image 1\n#{upscale.number}")
    assert " · 1 image · price unknown" in newest.text(0)  # Ideogram publishes none
    panel.tree.setCurrentItem(newest)
    panel.restore()  # its photo is the image it upscaled, with nothing painted
    assert (window.document.photo.width, window.document.photo.height) == (256, 256)
    assert not window.document.mask_has_area


def test_upscale_is_refused_offline_in_one_sentence(window, qtbot) -> None:
    window.document.choose_provider(ProviderKind.LOCAL)
    record = generated(window, qtbot, None)  # offline: the local backend's result
    card = window.gallery.cards[record.number]
    card.thumbs.item(1).setSelected(True)
    action = window.gallery.menu_actions["Upscale…"]
    sentence = "Upscale needs Ideogram or a relay: the offline backend cannot upscale images."
    assert not action.isEnabled() and action.toolTip() == sentence  # offered, saying why not
    window.gallery.trigger("Upscale…")  # from elsewhere (History), still one sentence
    assert window.error_banner.text() == (
        "Upscale needs Ideogram or a relay: the offline backend cannot upscale images."
    )
    assert len(window.jobs.records) == 1


def test_the_region_upscale_is_offered_only_when_results_would_be_stretched(
    remote, window, qtbot, monkeypatch
) -> None:
    offer = window.options.upscale_row
    window.open_image(SAMPLES / "chelsea.png")
    paint_box(window)
    window.options.region.setChecked(True)
    assert not offer.isVisible()  # a small crop: the results are not stretched
    big = np.zeros((4000, 6000, 3), np.uint8)
    window.document.set_photo(Photo(big, "big.png"))
    paint_box(window, ((200, 300), (4600, 3400)))
    assert offer.isVisible()
    assert window.options.upscale_cost.text() == "1 extra upscale · price unknown"
    window.options.count.setValue(3)
    assert window.options.upscale_cost.text() == "3 extra upscales · price unknown"
    window.options.upscale_region.setChecked(True)
    assert window.document.options.upscale_region
    window.options.region.setChecked(False)
    assert not offer.isVisible()
    window.options.region.setChecked(True)
    assert offer.isVisible()
    monkeypatch.delenv("IDEOGRAM_PROVIDER")  # the panel's choice counts again
    window.document.choose_provider(ProviderKind.LOCAL)
    assert not offer.isVisible()  # nothing offline can upscale


def test_a_region_edit_upscales_its_results_and_its_card_says_when_one_failed(
    remote, window, qtbot
) -> None:
    remote.script = [
        Act(result_size=(256, 224), items=["ok", "ok"]),
        Act(),  # the first result's upscale
        Act(status=400, body={"error": "no upscale today"}),  # the second's
    ]
    big = cv2.resize(np.asarray(Image.open(SAMPLES / "astronaut.png").convert("RGB")), (2400, 1800))
    window.document.set_photo(Photo(big, "big.png"))
    paint_box(window, ((1000, 700), (1400, 1000)))
    window.options.margin.setValue(100)
    window.options.prompt.setPlainText("a golden visor")
    window.options.count.setValue(2)
    # Not offered for this crop (Ideogram returns about a megapixel), but the fake returns
    # 256 x 224: the run decides by what came back, and finds these stretched.
    window.options.upscale_region.setChecked(True)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=30000)
    assert [post.path for post in remote.posts] == ["/edit", "/upscale", "/upscale"]
    card = window.gallery.cards[record.number]
    assert card.message.text().startswith("2 images saved. Image 2 was pasted without upscaling")
    assert "no upscale today" in card.message.text()
    assert len([entry for entry in card.entries() if not entry.is_original]) == 2
