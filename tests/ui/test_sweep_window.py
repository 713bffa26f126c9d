"""Sweeps in the window against the loopback fake: the dialog's counts, price and refusal, one
job per cell, the labelled grid filling in, synced zoom, ★ winners kept in History, History's
one entry per sweep that restores as the grid, and the contact sheet."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ideogram_studio.backends.sweep import AxisKind
from ideogram_studio.core.contact_sheet import read_sheet_provenance
from ideogram_studio.core.imageio import load_image
from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.listing import GroupEntry
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act
from tests.ui.helpers import image_drag

PROMPTS = [
    "a red knitted hat",
    "a blue silk scarf",
    " ".join(["a golden crown with long ribbons"] * 3),
]
SEEDS = ["11", "22"]


@pytest.fixture
def sweep_window(remote, window):
    """chelsea.png open with a painted rectangle and a prompt, at the loopback fake."""
    assert window.open_image(SAMPLES / "chelsea.png")
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(150, 100), (300, 200)])
    window.options.prompt.setPlainText("a hat")
    return window


def dialog_with(window, prompts=PROMPTS, seeds=SEEDS, images: int = 1):
    dialog = window.make_sweep_dialog()
    assert dialog is not None
    dialog.axes[0].set_axis(AxisKind.PROMPT, list(prompts))
    if seeds:
        dialog.axes[1].set_axis(AxisKind.SEED, list(seeds))
    dialog.images.setValue(images)
    return dialog


def run_sweep(window, qtbot, dialog) -> list:
    records = window.send_sweep(dialog.plan())
    qtbot.waitUntil(lambda: all(not r.state.active for r in records), timeout=30000)
    grid = window.sweep_grid
    qtbot.waitUntil(
        lambda: all(v.pane.has_image for v in grid.views.values()) and not grid.busy,
        timeout=20000,
    )
    return records


def test_the_dialog_says_requests_images_price_and_why_it_cannot_be_sent(sweep_window) -> None:
    dialog = dialog_with(sweep_window, images=2)
    # 3 prompts × 2 seeds, 2 images each, at the legacy edit's $0.08 an image.
    assert dialog.summary.text() == "6 requests · 12 images · about $0.96"
    assert dialog.send.isEnabled() and not dialog.reason.isVisibleTo(dialog)

    dialog.axes[2].set_axis(AxisKind.SEED, ["5"])
    assert dialog.reason.text() == "Each axis must vary something else: Seed is there twice."
    assert not dialog.send.isEnabled()
    dialog.axes[2].set_axis(None)
    dialog.axes[1].set_axis(AxisKind.SEED, ["11", "eleven"])
    assert dialog.reason.text() == "The seed “eleven” is not a whole number from 0 to 2147483647."
    assert not dialog.send.isEnabled()
    dialog.axes[1].set_axis(AxisKind.SEED, ["11", "11"])
    assert dialog.reason.text() == "The Seed axis has the same value twice."
    # The kinds offered are the chosen API's: the legacy edit has models, no speeds.
    kinds = [dialog.axes[0].kind.itemData(i) for i in range(dialog.axes[0].kind.count())]
    assert AxisKind.MODEL in kinds and AxisKind.SPEED not in kinds


def test_random_seeds_fill_the_seed_axis(sweep_window) -> None:
    dialog = dialog_with(sweep_window, seeds=[])
    dialog.axes[1].set_axis(AxisKind.SEED, [])
    editor = dialog.axes[1].editor(AxisKind.SEED)
    editor.count.setValue(4)
    editor.random.click()
    seeds = [int(text) for text in editor.texts()]
    assert len(seeds) == len(set(seeds)) == 4
    assert dialog.summary.text().startswith("12 requests · 12 images")


def test_without_a_photo_or_mask_the_sweep_is_not_offered(window) -> None:
    assert not window.options.sweep.isEnabled()
    assert window.make_sweep_dialog() is None
    assert window.statusBar().currentMessage() == "Open a photo to edit first."


def test_with_several_prompt_regions_a_sweep_says_it_takes_one_mask(sweep_window) -> None:
    plan = dialog_with(sweep_window).plan()
    button = sweep_window.options.sweep
    assert button.isEnabled()
    sweep_window.document.regions.add()
    # Sweep… is off, its tooltip saying why: no click that ends in a red banner.
    assert not button.isEnabled() and not sweep_window.sweep_action.isEnabled()
    assert button.toolTip() == (
        "A sweep varies one edit of one mask: with several prompt regions, generate them, or "
        "remove all regions but one to sweep."
    )
    assert sweep_window.make_sweep_dialog() is None
    sentence = (
        "A sweep varies one edit of one mask: with several prompt regions, generate them, or "
        "remove all regions but one to sweep."
    )
    assert sweep_window.error_banner.text() == sentence
    assert sweep_window.sweep_blocker(plan) == sentence
    assert sweep_window.send_sweep(plan) == []
    sweep_window.document.regions.remove(1)
    assert button.isEnabled() and sweep_window.sweep_action.isEnabled()
    assert button.toolTip() == "Compare values in a labelled grid: prompts, seeds, styles…"


def test_the_dialog_starts_at_the_panels_number_of_images(sweep_window) -> None:
    sweep_window.options.count.setValue(3)
    dialog = sweep_window.make_sweep_dialog()
    assert dialog.images.value() == 3


def test_without_any_prompt_the_dialog_says_which_cell_lacks_one(sweep_window) -> None:
    sweep_window.options.prompt.setPlainText("")
    dialog = dialog_with(sweep_window, prompts=[], seeds=SEEDS)
    assert dialog.reason.text() == "The Prompt axis has no values."
    dialog.axes[0].set_axis(None)
    assert dialog.reason.text() == (
        "Cell seed 11: Write a prompt that describes the change before generating."
    )
    assert not dialog.send.isEnabled()


def test_a_sweep_sends_one_job_per_cell_and_fills_the_labelled_grid(
    sweep_window, remote, qtbot
) -> None:
    window = sweep_window
    records = run_sweep(window, qtbot, dialog_with(window))
    sent = sorted((post.fields["prompt"], post.fields["seed"]) for post in remote.posts)
    assert sent == sorted(itertools.product(PROMPTS, SEEDS))
    assert len(records) == 6 and all(r.spec.group_id == window.sweep_grid.group_id for r in records)

    grid = window.sweep_grid
    assert window.pages.currentWidget() is grid
    headings = [grid.grid.itemAtPosition(r + 1, 0).widget() for r in range(3)]
    assert [h.toolTip() for h in headings] == [
        f"<p style='white-space:pre-wrap'>{p}</p>" for p in PROMPTS
    ]
    assert headings[2].text().endswith("…") and len(headings[2].text()) <= 90
    columns = [grid.grid.itemAtPosition(0, c + 1).widget().text() for c in range(2)]
    assert columns == ["seed 11", "seed 22"]
    for record in records:
        place = tuple(record.spec.group_place["cell"])
        assert record.request.options.prompt == PROMPTS[place[0]]
        assert record.request.options.seed == int(SEEDS[place[1]])
        shown = grid.views[place].pane.pyramid.arrays[0]
        assert np.array_equal(shown, load_image(record.items[0].path))
        assert grid.views[place].seed.text() == ""  # its column heading says the seed


def test_a_failed_cell_says_why_and_the_others_fill_in(sweep_window, remote, qtbot) -> None:
    remote.script = [Act(422, {"error": "Prompt provided failed safety check"})]
    window = sweep_window
    records = window.send_sweep(dialog_with(window, prompts=PROMPTS[:2], seeds=[]).plan())
    qtbot.waitUntil(lambda: all(not r.state.active for r in records), timeout=30000)
    grid = window.sweep_grid
    qtbot.waitUntil(lambda: sum(v.pane.has_image for v in grid.views.values()) == 1)
    failed = [v for v in grid.views.values() if v.pane.failed]
    assert len(failed) == 1 and not failed[0].pane.has_image
    assert (
        failed[0].pane.state_text.startswith("Failed\n") and "safety" in failed[0].pane.state_text
    )
    assert not failed[0].star.isEnabled()
    assert grid.status.text() == "1 of 2 cells done · 1 failed"


def test_cells_zoom_and_pan_together_and_hold_shows_the_original(sweep_window, qtbot) -> None:
    window = sweep_window
    run_sweep(window, qtbot, dialog_with(window))
    panes = window.sweep_grid.sync.panes
    panes[4].zoom_by(3.0)
    panes[4].pan_by(30, -20)
    view = panes[4].relative_view()
    for pane in panes:
        assert pane.relative_view() == pytest.approx(view, abs=1e-3)
    window.set_held_original(True)
    original = window.document.photo.display
    assert all(p.show_alternate and p.alternate.arrays[0] is original for p in panes)
    window.set_held_original(False)
    assert not any(p.show_alternate for p in panes)


def test_each_cell_checks_its_changes_outside_the_mask(sweep_window, qtbot) -> None:
    window = sweep_window
    window.options.region.setChecked(True)  # a region edit keeps every pixel outside
    records = run_sweep(window, qtbot, dialog_with(window, prompts=PROMPTS[:2], seeds=[]))
    grid = window.sweep_grid
    seeds = {tuple(r.spec.group_place["cell"]): r.items[0].seed for r in records}
    assert {p: v.seed.text() for p, v in grid.views.items()} == {
        place: f"seed {seed}" for place, seed in seeds.items()
    }
    grid.check.setChecked(True)
    qtbot.waitUntil(
        lambda: all("outside the mask" in v.pane.caption for v in grid.views.values()),
        timeout=20000,
    )
    assert {v.pane.caption for v in grid.views.values()} == {"no pixel outside the mask changed"}
    grid.check.setChecked(False)
    assert all(v.pane.caption == "" for v in grid.views.values())


def test_stars_are_kept_in_the_group_and_history_restores_the_grid(sweep_window, qtbot) -> None:
    window = sweep_window
    window.options.seed.setValue(77)  # random seeds (not fixed): the field just shows 77
    assert not window.options.fixed_seed.isChecked()
    records = run_sweep(window, qtbot, dialog_with(window, images=2))
    grid = window.sweep_grid
    view = grid.views[(1, 0)]
    assert view.counter.text() == "1/2" and view.next.isVisible()
    view.next.click()
    qtbot.waitUntil(lambda: view.counter.text() == "2/2" and not grid.busy)
    second = next(r for r in records if tuple(r.spec.group_place["cell"]) == (1, 0)).items[1]
    assert np.array_equal(view.pane.pyramid.arrays[0], load_image(second.path))
    view.star.click()
    history = window.history
    group = history.group(grid.group_id)
    assert group.state["winners"] == [{"cell": [1, 0], "image": 1}]
    favourite = [r for job in group.jobs for r in job.results if r.favourite]
    assert [r.path for r in favourite] == [second.path]

    # History: the six jobs are one entry, which restores as the grid with its winner.
    window.show_editor()
    window.sweep_grid.release()
    window.side_tabs.setCurrentWidget(window.history_panel)
    tree = window.history_panel.tree
    assert tree.topLevelItemCount() == 1
    entry = tree.topLevelItem(0)
    assert entry.text(0).startswith("Sweep: 3 prompts × 2 seeds\n")
    assert "6 cells · 12 images · about $0.96" in entry.text(0)
    assert isinstance(entry.data(0, Qt.ItemDataRole.UserRole), GroupEntry)
    entry.setExpanded(True)
    assert entry.childCount() == 6
    assert entry.child(0).text(0).startswith("a red knitted hat · seed 11\n#")
    tree.setCurrentItem(entry)
    window.history_panel.restore_button.click()
    grid = window.sweep_grid
    assert window.pages.currentWidget() is grid
    qtbot.waitUntil(lambda: all(v.pane.has_image for v in grid.views.values()) and not grid.busy)
    assert grid.winners == {((1, 0), 1)}
    assert grid.views[(1, 0)].star.isChecked() is False  # it shows its first image
    grid.step((1, 0), 1)
    assert grid.views[(1, 0)].star.isChecked()
    assert window.document.options.prompt == "a hat"  # the plan's base, not a cell's
    assert window.document.options.seed is None and window.options.seed.value() == 77
    again = window.make_sweep_dialog(grid.plan)  # "Sweep again…": the plan in the dialog
    assert again.axes[0].texts() == PROMPTS and again.axes[1].texts() == SEEDS
    assert again.images.value() == 2 and again.summary.text().startswith("6 requests")


def test_deleting_the_sweeps_entry_deletes_its_jobs_and_files(
    sweep_window, qtbot, monkeypatch
) -> None:
    window = sweep_window
    records = run_sweep(window, qtbot, dialog_with(window, seeds=["3"]))
    files = [item.path for r in records for item in r.items]
    assert all(path.exists() for path in files)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        MainWindow, "ask_confirm", lambda self, title, text: asked.append((title, text)) or True
    )
    window.side_tabs.setCurrentWidget(window.history_panel)
    tree = window.history_panel.tree
    tree.setCurrentItem(tree.topLevelItem(0))
    window.history_panel.delete_button.click()
    assert asked == [
        (
            "Delete “Sweep: 3 prompts × 1 seed”?",
            "Its 3 jobs and their 3 images will be deleted from disk.",
        )
    ]
    assert tree.topLevelItemCount() == 0
    assert not any(path.exists() for path in files)
    assert window.history.groups("sweep") == []
    assert window.pages.currentWidget() is window.canvas


def test_export_writes_the_contact_sheet_with_its_provenance(sweep_window, qtbot, tmp_path) -> None:
    window = sweep_window
    run_sweep(window, qtbot, dialog_with(window))
    window.sweep_grid.views[(0, 1)].star.click()
    target = tmp_path / "sheet.png"
    window.export_sheet(target)
    saved = f"Contact sheet saved: {target}"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == saved, timeout=20000)
    provenance = read_sheet_provenance(target.read_bytes())
    assert provenance is not None
    sheet = load_image(target)
    assert sheet.shape[0] > 256 * 3 and sheet.shape[1] > 256 * 2


def test_over_the_daily_limit_nothing_is_sent(sweep_window, monkeypatch) -> None:
    window = sweep_window
    window.document.settings.daily_limit = 0.20
    asked: list[str] = []
    monkeypatch.setattr(MainWindow, "ask_over_limit", lambda self, q: asked.append(q) or False)
    assert window.send_sweep(dialog_with(window).plan()) == []
    assert asked == [
        "This sweep, about $0.48, would bring today's estimated spend to $0.48, over your "
        "daily limit of $0.20. Send it anyway?"
    ]
    assert window.jobs.records == []
    assert window.statusBar().currentMessage() == (
        "Nothing was sent: the sweep would pass your daily limit."
    )


def choose_kind(column, kind) -> None:
    """Pick an axis's kind as a user does: the combo's own index, its signal doing the rest."""
    index = column.kind.findData(kind)
    assert index > 0
    column.kind.setCurrentIndex(index)


@pytest.mark.parametrize("api", ["legacy", "v3"])
def test_every_kind_chosen_through_the_combo_opens_its_editor(sweep_window, api) -> None:
    from ideogram_studio.backends.options import EditApiId
    from ideogram_studio.backends.sweep import KINDS_FOR
    from ideogram_studio.ui.sweep_dialog import ChoiceEditor, LinesEditor, SeedEditor

    chosen = EditApiId.V3 if api == "v3" else EditApiId.LEGACY
    panel = sweep_window.options
    panel.api.setCurrentIndex(panel.api.findData(chosen))
    dialog = sweep_window.make_sweep_dialog()
    column = dialog.axes[1]
    editors = {
        AxisKind.SEED: SeedEditor,
        AxisKind.STYLE_TYPE: ChoiceEditor,
        AxisKind.SPEED: ChoiceEditor,
        AxisKind.MODEL: ChoiceEditor,
    }
    for kind in KINDS_FOR[chosen]:
        choose_kind(column, kind)
        assert column.chosen_kind() is kind
        editor = column.stack.currentWidget()
        assert type(editor) is editors.get(kind, LinesEditor)
        if isinstance(editor, ChoiceEditor):
            editor.item(0).setCheckState(Qt.CheckState.Checked)
            assert dialog.plan().axes[1].kind is kind
            assert dialog.summary.text().startswith("1 request")


def test_seeds_typed_by_hand_split_at_spaces_and_offer_random_ones(sweep_window) -> None:
    dialog = sweep_window.make_sweep_dialog()
    column = dialog.axes[1]
    choose_kind(column, AxisKind.SEED)
    editor = column.stack.currentWidget()
    assert editor.random.isVisibleTo(dialog)
    editor.lines.setPlainText("11 42\n7")
    assert dialog.plan().axes[1].values == (11, 42, 7)
    assert dialog.reason.text() == ""
    assert dialog.summary.text().startswith("3 requests · 3 images")


def test_a_jpeg_photos_cells_check_as_compare_does(remote, window, qtbot) -> None:
    """Saved as JPEG, a region edit's result differs from the photo everywhere by compression;
    each cell compares it with the photo saved the same way, as Compare does."""
    assert window.open_image(SAMPLES / "rocket.jpg")
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(100, 100), (220, 200)])
    window.options.prompt.setPlainText("a hat")
    window.options.region.setChecked(True)
    run_sweep(window, qtbot, dialog_with(window, prompts=PROMPTS[:2], seeds=[]))
    grid = window.sweep_grid
    assert all(cell.files[0].suffix == ".jpg" for cell in grid.cells.values())
    grid.check.setChecked(True)
    qtbot.waitUntil(
        lambda: all("outside the mask" in v.pane.caption for v in grid.views.values()),
        timeout=30000,
    )
    for view in grid.views.values():
        assert view.pane.caption.endswith(", beyond the file format's compression")
        shown = view.pane.pyramid.arrays[0]
        magenta = (shown == (255, 0, 255)).all(axis=2)
        # JPEG codes 16 x 16 blocks: those the edit's blend reached may change, and no others.
        assert magenta.sum() < 0.01 * magenta.size, view.pane.caption
