"""What the job cards, the Results tab and Generate say: the offline backend's limits, failures
and new results seen from the History tab, long prompts, and job numbers across runs."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect

from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import Act
from tests.ui.test_generate_and_gallery import ready_to_generate, run_local_job

LONG_PROMPT = " ".join(["a very long prompt about a woolly hat with stripes"] * 12)


def results_tab(window) -> str:  # noqa: ANN001
    return window.side_tabs.tabText(window.side_tabs.indexOf(window.gallery))


def test_offline_the_count_is_limited_and_generate_and_the_card_say_the_prompt_is_ignored(
    window, qtbot
) -> None:
    panel = window.options
    assert panel.key_status.text() == "Offline: no key needed"
    assert panel.count.maximum() == 2
    panel.count.setValue(3)
    assert panel.count.value() == 2 and window.document.options.num_images == 2
    assert panel.backend_note.isVisible()
    assert "prompt is ignored" in panel.backend_note.text()
    assert "at most 2 images" in panel.backend_note.text()

    record, card = run_local_job(window, qtbot, count=2)
    assert card.note.isVisible() and "prompt is ignored" in card.note.text()
    assert "in 2 images" in card.note.text()
    assert len(record.items) == 2


def test_a_real_provider_gives_back_the_count_the_offline_backend_limited(window) -> None:
    panel, document = window.options, window.document
    document.choose_provider(ProviderKind.IDEOGRAM)
    assert panel.count.maximum() == 8 and not panel.backend_note.isVisible()
    panel.count.setValue(5)
    document.choose_provider(ProviderKind.LOCAL)
    assert panel.count.maximum() == 2 and panel.count.value() == 2
    assert document.options.num_images == 2 and panel.backend_note.isVisible()
    document.choose_provider(ProviderKind.IDEOGRAM)
    assert panel.count.maximum() == 8 and panel.count.value() == 5
    assert document.options.num_images == 5


def test_a_failure_and_new_results_show_on_the_results_tab_while_history_is_open(
    remote, window, qtbot
) -> None:
    remote.script = [Act(500, {"error": "boom"}, delay=0.5), Act(delay=0.5)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    failed = window.generate()  # Generate shows the Results tab; the user goes to History
    window.side_tabs.setCurrentWidget(window.history_panel)
    assert results_tab(window) == "Results"
    qtbot.waitUntil(lambda: failed.state is JobState.FAILED, timeout=20000)
    assert results_tab(window) == "Results (1 failed)"
    index = window.side_tabs.indexOf(window.gallery)
    assert window.side_tabs.tabBar().tabTextColor(index).isValid()  # in the error colour
    done = window.generate()  # the Results tab shown again: the failure there is seen
    window.side_tabs.setCurrentWidget(window.history_panel)
    qtbot.waitUntil(lambda: done.state is JobState.DONE, timeout=20000)
    assert results_tab(window) == "Results (1 new)"

    window.side_tabs.setCurrentWidget(window.gallery)
    assert results_tab(window) == "Results"
    assert not window.side_tabs.tabBar().tabTextColor(index).isValid()
    card = window.gallery.cards[failed.number]
    assert card.message.isVisible() and "HTTP 500" in card.message.text()  # the card keeps it


def test_results_seen_on_the_results_tab_add_no_badge(window, qtbot) -> None:
    run_local_job(window, qtbot)
    assert results_tab(window) == "Results"


def test_a_long_prompt_is_cut_on_its_card_and_cancel_stays_in_view(remote, window, qtbot) -> None:
    remote.script = [Act(delay=3)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window, LONG_PROMPT)
    record = window.generate()
    card = window.gallery.cards[record.number]
    qtbot.waitUntil(lambda: card.cancel.isVisible(), timeout=5000)
    qtbot.wait(100)  # the layouts settle
    shown = card.title.shown_text()
    assert shown.endswith("…") and len(shown) < len(LONG_PROMPT)
    assert LONG_PROMPT in card.title.toolTip()
    scroll = window.gallery.scroll
    viewport = scroll.viewport()
    where = QRect(card.cancel.mapTo(viewport, QPoint(0, 0)), card.cancel.size())
    assert viewport.rect().contains(where), (where, viewport.rect())
    assert not scroll.horizontalScrollBar().isVisible()
    assert card.width() <= viewport.width()
    window.jobs.discard(record)


def test_job_numbers_go_on_from_the_last_run_as_history_numbers_them(
    qtbot, monkeypatch, studio_home
) -> None:
    monkeypatch.setattr(MainWindow, "confirm_discard_mask", lambda self: True)
    numbers = []
    for _run in range(2):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        record, _card = run_local_job(window, qtbot)
        numbers.append(record.number)
        window.side_tabs.setCurrentWidget(window.history_panel)
        newest = window.history_panel.tree.topLevelItem(0)
        job = newest.data(0, 0x0100)[0]  # Qt.UserRole: (JobRow, None)
        assert job.id == record.number
        assert f"#{record.number} · " in newest.text(0)
        window.close()
    assert numbers == [1, 2]
