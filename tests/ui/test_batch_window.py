"""File ▸ Batch edit in the window, against the loopback fake: the dialog's count and price,
a run paused, resumed and cancelled while the window stays usable, and the offer to resume an
unfinished batch when the window starts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from ideogram_studio.backends.batch import (
    BatchSpec,
    MaskSource,
    batch_estimate,
    options_per_photo,
    region_choice,
)
from ideogram_studio.backends.batch_ledger import SENDING, Entry, Ledger
from ideogram_studio.backends.options import EditOptions
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.ui import batch_dialog
from ideogram_studio.ui.main_window import MainWindow
from tests.support.fake_batch import posts_per_photo, write_mask, write_photos
from tests.support.fake_ideogram import Act


def one_at_a_time() -> None:
    settings = ProviderSettings.load()
    settings.images_in_flight = 1
    settings.save()


def painted_cat(window: MainWindow) -> None:
    window.canvas.apply(lambda engine: engine.fill_rect(150, 100, 300, 200))
    window.options.prompt.setPlainText("a red bow tie")


def batch_from_dialog(window: MainWindow, photos: int, tmp_path: Path):  # noqa: ANN201
    """The painted cat's mask over `photos` small photos, started from File ▸ Batch edit."""
    painted_cat(window)
    write_photos(tmp_path / "shoot", photos)
    dialog = window.open_batch_dialog()
    dialog.out.setText(str(tmp_path / "out"))
    dialog.add_inputs([tmp_path / "shoot"])
    dialog.accept()
    return window.batch


def test_the_dialog_counts_the_photos_and_says_the_price_before_anything_is_sent(
    cat_window, remote, tmp_path, monkeypatch
) -> None:
    painted_cat(cat_window)
    write_photos(tmp_path / "shoot", 3)
    write_mask(tmp_path / "shoot" / "p00.mask.png")  # a mask file is not a photo
    monkeypatch.setattr(batch_dialog, "pick_folder", lambda *args: tmp_path / "shoot")
    dialog = cat_window.open_batch_dialog()
    assert not dialog.start.isEnabled()  # no photo yet
    [add_folder] = [
        b for b in dialog.findChildren(batch_dialog.QPushButton) if "folder" in b.text()
    ]
    add_folder.click()
    settings = cat_window.document.settings
    per_photo = settings.estimate_edit(cat_window.document.options, ProviderKind.IDEOGRAM)
    price = batch_estimate(per_photo, 3).text()
    assert price.startswith("about $")
    assert dialog.summary.text() == f"3 photos · 3 to send, {price}"
    assert dialog.painted.isEnabled() and dialog.painted.isChecked()
    assert dialog.start.isEnabled()
    assert not remote.posts
    dialog.beside.click()  # only p00 has a mask beside it
    price = batch_estimate(per_photo, 1).text()
    assert dialog.summary.text() == f"3 photos · 1 to send, {price} · 2 without a mask (would fail)"
    dialog.reject()


def test_the_dialog_prices_only_the_photos_it_would_send(
    cat_window, remote, tmp_path, qtbot
) -> None:
    job = batch_from_dialog(cat_window, 3, tmp_path)
    qtbot.waitUntil(lambda: job.report is not None, timeout=30000)
    assert len(remote.posts) == 3
    write_photos(tmp_path / "shoot", 1, start=3)  # a photo added to the folder since
    dialog = cat_window.open_batch_dialog()
    dialog.out.setText(str(tmp_path / "out"))
    dialog.add_inputs([tmp_path / "shoot"])
    per_photo = cat_window.document.settings.estimate_edit(
        cat_window.document.options, ProviderKind.IDEOGRAM
    )
    price = batch_estimate(per_photo, 1).text()
    assert (
        dialog.summary.text() == f"4 photos · 1 to send, {price} · 3 saved before (not sent again)"
    )
    assert dialog.start.isEnabled()
    (tmp_path / "shoot" / "p03.png").unlink()
    dialog.add_inputs([tmp_path / "shoot" / "p00.png"])  # the list is read again
    assert dialog.summary.text() == "3 photos · nothing to send · 3 saved before (not sent again)"
    assert not dialog.start.isEnabled()
    dialog.reject()


def test_masks_beside_the_photos_say_how_many_photos_have_none(
    cat_window, remote, tmp_path
) -> None:
    write_photos(tmp_path / "shoot", 2)
    dialog = cat_window.open_batch_dialog()  # nothing painted: masks beside the photos
    dialog.out.setText(str(tmp_path / "out"))
    dialog.add_inputs([tmp_path / "shoot"])
    assert dialog.beside.isChecked()
    assert dialog.summary.text() == "2 photos · nothing to send · 2 without a mask (would fail)"
    assert not dialog.start.isEnabled()
    dialog.reject()


def test_a_batch_runs_paused_resumed_and_cancelled_with_the_window_usable(
    cat_window, remote, tmp_path, monkeypatch, qtbot
) -> None:
    one_at_a_time()
    cat_window.document.settings = ProviderSettings.load()
    remote.default = Act(delay=0.4)
    painted_cat(cat_window)
    write_photos(tmp_path / "shoot", 6)
    monkeypatch.setattr(batch_dialog, "pick_folder", lambda *args: tmp_path / "shoot")
    dialog = cat_window.open_batch_dialog()
    dialog.out.setText(str(tmp_path / "out"))
    dialog.add_inputs([tmp_path / "shoot"])
    dialog.accept()
    job = cat_window.batch
    assert job is not None and cat_window.batch_view.isVisible()
    assert not cat_window.batch_view.isModal()
    qtbot.waitUntil(lambda: job.progress.done >= 1, timeout=20000)
    view = cat_window.batch_view
    view.pause_button.click()
    assert view.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: job.progress.running == 0 and job.progress.paused, timeout=20000)
    sent = len(remote.posts)
    qtbot.wait(1200)  # paused: nothing new goes out, the window still answers
    assert len(remote.posts) == sent
    cat_window.options.prompt.setPlainText("typed while the batch is paused")
    view.pause_button.click()
    qtbot.waitUntil(lambda: len(remote.posts) > sent, timeout=20000)
    view.cancel_button.click()
    qtbot.waitUntil(lambda: job.report is not None, timeout=30000)
    report = job.report
    saved = [r for r in report.results if r.state == "saved"]
    assert 2 <= len(saved) < 6 and report.left == 6 - len(saved)
    assert "stopped" in view.status.text()
    assert "stopping" not in view.status.text() and " s left" not in view.status.text()
    assert set(posts_per_photo(remote).values()) == {1}
    # The painted mask went to every photo, scaled: 300 x 200 photo, the cat's 451 x 300 box.
    [first] = [p for p in remote.posts if p.image("image_file").shape[:2] == (200, 300)]
    sent_mask = first.image("mask")
    assert sent_mask.shape[:2] == (200, 300)
    assert sent_mask[100, 150] == 0 and sent_mask[10, 10] == 255
    group = cat_window.history.group(report.group_id)
    assert group.kind == "batch" and group.state["finished"] is False
    assert {job.group_place["photo"] for job in group.jobs} == {str(r.photo) for r in saved}


def test_an_unfinished_batch_is_offered_for_resuming_when_the_window_starts(
    remote, tmp_path, monkeypatch, request
) -> None:
    photos = write_photos(tmp_path / "shoot", 3)
    mask = write_mask(tmp_path / "mask.png")
    options = EditOptions(prompt="a hat")
    region = region_choice(None, None, 12, False)
    spec = BatchSpec(
        tuple(photos),
        (str(tmp_path / "shoot"),),
        MaskSource("one", mask),
        options,
        tmp_path / "out",
        options_per_photo(options, region),
        region,
    )
    history = JobArchive()
    group = history.start_group("batch", spec.title(), spec.describe())
    history.set_group_state(group, {"done": 0, "failed": 0, "left": 3, "finished": False})
    offered = []

    def answer(self, row, summary) -> bool:  # noqa: ANN001
        offered.append(row.id)
        return True

    monkeypatch.setattr(MainWindow, "ask_resume_batch", answer)
    window = request.getfixturevalue("window")
    qtbot = request.getfixturevalue("qtbot")
    qtbot.waitUntil(lambda: offered == [group], timeout=5000)
    qtbot.waitUntil(
        lambda: window.batch is not None and window.batch.report is not None, timeout=30000
    )
    assert [r.state for r in window.batch.report.results] == ["saved"] * 3
    assert len(remote.posts) == 3
    assert history.group(group).state["finished"] is True
    saved = [p for p in (tmp_path / "out").iterdir() if p.suffix == ".png" and "mask" not in p.name]
    assert len(saved) == 3
    assert np.asarray(remote.posts[0].image("mask")).min() == 0
    assert isinstance(Path(window.batch.report.ledger), Path)


def test_the_batch_and_the_windows_own_jobs_share_the_images_in_flight(
    cat_window, remote, tmp_path, qtbot
) -> None:
    settings = ProviderSettings.load()
    settings.images_in_flight = 2
    settings.save()
    cat_window.document.settings_saved(ProviderSettings.load())
    remote.inflight_limit = 2  # past it the fake answers 429, as Ideogram does
    remote.default = Act(delay=0.5)
    job = batch_from_dialog(cat_window, 4, tmp_path)
    qtbot.waitUntil(lambda: job.progress.running == 2, timeout=20000)
    record = cat_window.generate()  # waits for a free place, then runs between the photos
    assert record is not None
    qtbot.waitUntil(lambda: job.report is not None and not record.state.active, timeout=60000)
    assert remote.inflight_refused == 0 and remote.most_inflight <= 2
    assert [r.state for r in job.report.results] == ["saved"] * 4
    assert record.state.value == "Done"


def test_closing_the_window_during_a_batch_asks_and_the_batch_resumes_later(
    cat_window, remote, tmp_path, monkeypatch, qtbot
) -> None:
    one_at_a_time()
    cat_window.document.settings = ProviderSettings.load()
    remote.default = Act(delay=0.5)
    job = batch_from_dialog(cat_window, 5, tmp_path)
    qtbot.waitUntil(lambda: job.progress.running == 1, timeout=20000)
    asked = []
    monkeypatch.setattr(MainWindow, "ask_close_batch", lambda self: asked.append(1) or "wait")
    cat_window.close()
    assert asked == [1] and cat_window.isVisible()  # it waits for the photo at the server
    view = cat_window.batch_view
    assert not view.pause_button.isEnabled() and not view.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not cat_window.isVisible(), timeout=30000)
    report = job.report
    assert report.cancelled and 1 <= report.left < 5
    group = JobArchive().group(report.group_id)
    assert group.state["finished"] is False  # offered for resuming on the next start
    assert set(posts_per_photo(remote).values()) == {1}


def batch_spec_of(photos: list[Path], mask: Path, out: Path) -> BatchSpec:
    options = EditOptions(prompt="a hat")
    region = region_choice(None, None, 12, False)
    return BatchSpec(
        tuple(photos),
        (str(photos[0].parent),),
        MaskSource("one", mask),
        options,
        out,
        options_per_photo(options, region),
        region,
    )


def test_a_photo_sent_before_without_an_answer_is_listed_and_sent_again_only_when_asked(
    cat_window, remote, tmp_path, monkeypatch, qtbot
) -> None:
    photos = write_photos(tmp_path / "shoot", 3)
    spec = batch_spec_of(photos, write_mask(tmp_path / "mask.png"), tmp_path / "out")
    ledger = Ledger.open(spec.out, spec.fingerprint(), spec.describe())
    ledger.record(photos[1], Entry(SENDING, "job-without-answer", estimate=0.08))
    job = cat_window.start_batch(spec)
    view = cat_window.batch_view
    sentence = (
        "p01.png was sent but its answer never came, so it may have been billed; it is not "
        "sent again (press Send again… once the batch ends to send it on purpose)."
    )
    assert [view.failures.item(i).text() for i in range(view.failures.count())] == [sentence]
    assert view.resend_button.isVisible() and not view.resend_button.isEnabled()
    qtbot.waitUntil(lambda: job.report is not None, timeout=30000)
    assert job.progress.failed == 1 and job.progress.done == 2
    assert len(remote.posts) == 2
    assert view.resend_button.isEnabled()
    asked = []
    monkeypatch.setattr(
        MainWindow, "ask_resend", lambda self, count, price: asked.append((count, price)) or True
    )
    view.resend_button.click()
    per_photo = cat_window.document.settings.estimate_edit(spec.options, ProviderKind.IDEOGRAM)
    assert asked == [(1, batch_estimate(per_photo, 1).text())]
    again = cat_window.batch
    assert again is not job
    qtbot.waitUntil(lambda: again.report is not None, timeout=30000)
    assert [r.state for r in again.report.results] == ["skipped", "saved", "skipped"]
    assert len(remote.posts) == 3
    assert cat_window.batch_view.failures.count() == 0


def test_restoring_a_stopped_batch_from_history_shows_its_count_and_price_first(
    cat_window, remote, tmp_path, monkeypatch, qtbot
) -> None:
    photos = write_photos(tmp_path / "shoot", 3)
    spec = batch_spec_of(photos, write_mask(tmp_path / "mask.png"), tmp_path / "out")
    history = cat_window.history
    group = history.start_group("batch", spec.title(), spec.describe())
    history.set_group_state(group, {"done": 0, "failed": 0, "left": 3, "finished": False})
    asked = []
    answers = [False, True]
    monkeypatch.setattr(
        MainWindow,
        "ask_resume_batch",
        lambda self, row, summary: asked.append(summary) or answers.pop(0),
    )
    cat_window.restore_group(history.group(group))
    per_photo = cat_window.document.settings.estimate_edit(spec.options, ProviderKind.IDEOGRAM)
    summary = f"3 photos · 3 to send, {batch_estimate(per_photo, 3).text()}"
    assert asked == [summary] and cat_window.batch is None
    qtbot.wait(300)
    assert not remote.posts  # Cancel: nothing sent
    cat_window.restore_group(history.group(group))
    job = cat_window.batch
    qtbot.waitUntil(lambda: job is not None and job.report is not None, timeout=30000)
    assert len(remote.posts) == 3 and job.report.group_id == group


def test_escape_does_not_hide_the_progress_while_the_batch_runs(
    cat_window, remote, tmp_path, qtbot
) -> None:
    one_at_a_time()
    cat_window.document.settings = ProviderSettings.load()
    remote.default = Act(delay=0.5)
    job = batch_from_dialog(cat_window, 2, tmp_path)
    view = cat_window.batch_view
    qtbot.waitUntil(lambda: job.progress.running == 1, timeout=20000)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.isVisible()
    qtbot.waitUntil(lambda: job.report is not None, timeout=30000)
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # ended: Escape closes it as any dialog
    assert not view.isVisible()


def test_the_close_question_says_what_quit_now_costs_while_photos_are_at_the_server(
    cat_window, monkeypatch
) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()))
    progress = SimpleNamespace(running=2, text=lambda: "3 of 10 photos saved")
    cat_window.batch = SimpleNamespace(progress=progress)
    assert cat_window.ask_close_batch() == "stay"
    assert shown == [
        "The batch resumes where it was the next time: saved photos are not sent again. Quit "
        "now drops the answers of the 2 photos at the server: they may be billed, and they are "
        "not sent again unless you choose Send again."
    ]
    cat_window.batch = None


def test_file_dialogs_start_where_the_open_photo_is(window, tmp_path) -> None:
    from PIL import Image

    folder = tmp_path / "shoot"
    folder.mkdir()
    Image.new("RGB", (60, 40), "white").save(folder / "photo.png")
    assert window.open_image(folder / "photo.png")  # as a drop or the command line opens it
    assert window.last_folder == str(folder.resolve())
    dialog = window.open_batch_dialog()
    assert dialog is not None and dialog._folder == str(folder.resolve())
    dialog.reject()


def test_with_several_prompt_regions_the_painted_mask_is_not_offered(cat_window) -> None:
    cat_window.canvas.apply(lambda e: e.fill_rect(20, 20, 120, 120))
    dialog = cat_window.open_batch_dialog()
    assert dialog.painted.isEnabled() and dialog.painted.isChecked()
    dialog.reject()
    cat_window.document.regions.add()
    cat_window.canvas.apply(lambda e: e.fill_rect(200, 150, 300, 250))
    dialog = cat_window.open_batch_dialog()
    assert not dialog.painted.isEnabled() and dialog.beside.isChecked()
    assert dialog.painted.toolTip() == (
        "A batch runs one edit: with several prompt regions, use masks by name, or remove all "
        "regions but one."
    )
    dialog.reject()


def test_with_a_small_photo_open_big_photos_of_a_batch_are_still_region_edits(
    cat_window, tmp_path
) -> None:
    assert not cat_window.options.region.isChecked()  # chelsea is under one megapixel
    dialog = cat_window.open_batch_dialog()
    mask = cat_window._batch_mask(dialog, tmp_path / "out", write=False)
    spec = cat_window._dialog_spec(dialog, tmp_path / "out", [tmp_path / "a.jpg"], mask)
    assert spec.options_for(6000, 4000).edit_region is True  # never sent whole
    assert spec.options_for(451, 300).edit_region is False
    dialog.reject()
    cat_window.options.region.setChecked(True)  # asked for: every photo is a region edit
    dialog = cat_window.open_batch_dialog()
    spec = cat_window._dialog_spec(dialog, tmp_path / "out", [tmp_path / "a.jpg"], mask)
    assert spec.options_for(451, 300).edit_region is True
    dialog.reject()
