"""Compare, before/after and "changes outside the mask" open fitted and aligned, and stay so."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from ideogram_studio.core.region import edit_area
from ideogram_studio.jobs.queue import JobState
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act
from tests.ui.test_generate_and_gallery import (
    ready_to_generate,
    run_local_job,
    show_checked,
)

WINDOW_SIZES = [(1280, 800), (1920, 1200)]


def whole_results(remote, window, qtbot, count: int):
    remote.script = [Act(items=["ok"] * count, result_size=(512, 512))]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(count)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    results = window.gallery.cards[record.number].entries()[1:]
    assert len(results) == count and results[0].pixels().shape[:2] == (512, 512)
    return results


def assert_fitted_and_centred(view, rect, *, enlarged: bool = True) -> None:
    """The whole image in view, centred, as large as the view allows (or 100 % if smaller)."""
    assert view.width() > 200 and view.height() > 200
    assert rect.left() >= -0.5 and rect.top() >= -0.5
    assert rect.right() <= view.width() + 0.5 and rect.bottom() <= view.height() + 0.5
    assert rect.center().x() == pytest.approx(view.width() / 2, abs=1)
    assert rect.center().y() == pytest.approx(view.height() / 2, abs=1)
    spare = min(view.width() - rect.width(), view.height() - rect.height())
    if enlarged or view.scale < 1.0:
        assert spare < 1.5


def assert_compare_fitted_and_aligned(window) -> None:
    compare = window.compare
    panes = compare.panes
    area = compare.area
    assert area.width() > 400
    # The panes fill the area they are laid out in (not stuck at a default size in a corner).
    assert max(p.geometry().right() for p in panes) >= area.width() - 2
    assert max(p.geometry().bottom() for p in panes) >= area.height() - 2
    for pane in panes:
        assert area.rect().contains(pane.geometry())
        assert_fitted_and_centred(pane, pane.image_rect())
        assert pane.relative_view() == pytest.approx((1.0, 0.5, 0.5), abs=2e-3)


@pytest.mark.parametrize("size", WINDOW_SIZES)
@pytest.mark.parametrize("count", [1, 4])
def test_compare_opens_fitted_and_aligned_at_any_window_size(
    remote, window, qtbot, size, count
) -> None:
    results = whole_results(remote, window, qtbot, count)
    window.resize(*size)
    qtbot.wait(50)
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(results)
    assert len(window.compare.panes) == count + 1
    assert_compare_fitted_and_aligned(window)  # at once, without a Fit
    other = WINDOW_SIZES[1] if tuple(size) == WINDOW_SIZES[0] else WINDOW_SIZES[0]
    window.resize(*other)
    qtbot.waitUntil(lambda: window.compare.area.width() > other[0] * 0.6, timeout=2000)
    qtbot.wait(50)
    assert_compare_fitted_and_aligned(window)


def test_compare_reopened_after_zooming_is_fitted_again(remote, window, qtbot) -> None:
    results = whole_results(remote, window, qtbot, 2)
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(results)
    window.compare.panes[1].zoom_by(3.0)
    window.compare.panes[1].pan_by(40, -25)
    zoomed = window.compare.panes[1].relative_view()
    # Zoomed in, a resize keeps every pane on the same part of its image.
    window.resize(1300, 820)
    qtbot.wait(50)
    for pane in window.compare.panes:
        assert pane.relative_view() == pytest.approx(zoomed, abs=2e-3)
    window.show_editor()
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(results[:1])
    assert_compare_fitted_and_aligned(window)


def test_compare_opened_from_a_hidden_stack_page_fits_once_laid_out(remote, window, qtbot) -> None:
    results = whole_results(remote, window, qtbot, 2)
    window.hide()  # the page gets its size only when the window comes back
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(results)
    window.resize(1920, 1200)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert_compare_fitted_and_aligned(window)


@pytest.mark.parametrize("size", WINDOW_SIZES)
def test_before_after_opens_fitted_at_any_window_size(remote, window, qtbot, size) -> None:
    results = whole_results(remote, window, qtbot, 1)
    window.resize(*size)
    qtbot.wait(50)
    page = window.wipe
    with qtbot.waitSignal(page.ready, timeout=10000):
        window.show_wipe(results[0])
    assert_fitted_and_centred(page.view, page.view.image_rect(), enlarged=True)
    window.resize(*(WINDOW_SIZES[1] if tuple(size) == WINDOW_SIZES[0] else WINDOW_SIZES[0]))
    qtbot.wait(50)
    assert_fitted_and_centred(page.view, page.view.image_rect(), enlarged=True)


def test_changes_outside_show_each_results_own_pixels_in_the_edit_area(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot, count=2)
    results = card.entries()[1:]
    show_checked(window, qtbot, results)
    region = record.request.options.region
    edited = edit_area(record.request.mask, region.feather if region is not None else 0)
    original = record.request.shown()
    for pane, result in zip(window.compare.panes[1:], results, strict=True):
        own = np.asarray(Image.open(result.item.path).convert("RGB"))
        shown = pane.pyramid.arrays[0]
        assert shown.shape == own.shape
        assert np.abs(own[edited].astype(int) - original[edited].astype(int)).max() > 30
        assert np.array_equal(shown[edited], own[edited])
        assert_fitted_and_centred(pane, pane.image_rect())


def test_changes_outside_show_a_resized_results_own_pixels_too(remote, window, qtbot) -> None:
    results = whole_results(remote, window, qtbot, 1)
    show_checked(window, qtbot, results)
    record = results[0].record
    edited = edit_area(record.request.mask, 0)
    own = cv2.resize(results[0].pixels(), (451, 300), interpolation=cv2.INTER_LINEAR)
    shown = window.compare.panes[1].pyramid.arrays[0]
    assert np.array_equal(shown[edited], own[edited])
    assert_compare_fitted_and_aligned(window)


def test_changes_outside_stays_on_when_compare_is_opened_again(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    show_checked(window, qtbot, card.entries()[1:])
    window.show_editor()
    with qtbot.waitSignal(window.compare.check_ready, timeout=10000):
        window.show_compare(card.entries()[1:])
    assert window.compare.check.isChecked()
    assert "outside the mask" in window.compare.panes[1].caption
    window.compare.check.setChecked(False)
    window.show_editor()
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(card.entries()[1:])
    assert not window.compare.check.isChecked()


def test_the_compare_hint_is_elided_with_the_whole_text_in_its_tooltip(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    window.resize(1000, 700)
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(card.entries()[1:])
    qtbot.wait(50)
    status = window.compare.status
    assert status.toolTip() == window.compare.hint
    assert status.text() == window.compare.hint  # as set; what is drawn is cut
    shown = status.shown_text()
    assert shown.endswith("…") and len(shown) < len(window.compare.hint)
    assert status.fontMetrics().horizontalAdvance(shown) <= status.width()
