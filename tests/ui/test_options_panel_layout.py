"""The options panel at 1280 x 800: the window fits the screen with either API, every field
shows without scrolling until the references are opened, nothing is cut on the right, and
the wheel scrolls the fields instead of changing a choice."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from ideogram_studio.backends.options import EditApiId
from tests.ui.test_edit_api_fields import choose, ready


def at_1280_by_800(window, qtbot) -> None:  # noqa: ANN001
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.height() == 800)
    qtbot.wait(50)  # the panel takes its height once the layout has followed


def cut_on_the_right(panel) -> list[str]:  # noqa: ANN001
    """Shown fields that end beyond the visible width of the fields."""
    viewport = panel.scroll.viewport()
    right = viewport.mapTo(panel, QPoint(viewport.width(), 0)).x()
    cut = []
    for widget in panel.scroll.widget().findChildren(QWidget):
        if widget.isVisibleTo(panel) and widget.mapTo(panel, QPoint(widget.width(), 0)).x() > right:
            cut.append(type(widget).__name__)
    return cut


def shown_whole(panel) -> bool:  # noqa: ANN001
    """Every field in view: nothing to scroll, nothing cut on the right."""
    bar = panel.scroll.verticalScrollBar()
    return bar.maximum() == 0 and not bar.isVisible() and cut_on_the_right(panel) == []


def test_the_window_fits_1280_by_800_and_the_fields_show_whole(window, qtbot) -> None:
    ready(window)
    window.options.region.setChecked(True)
    at_1280_by_800(window, qtbot)
    panel = window.options
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)  # the legacy edit

    choose(panel.api, EditApiId.V3)
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)

    panel.references.header.click()  # opened: its tabs scroll into view, Generate stays
    tabs, viewport = panel.references.tabs, panel.scroll.viewport()

    def tabs_in_view() -> bool:
        top = tabs.mapTo(viewport, QPoint(0, 0)).y()
        return top >= 0 and top + tabs.height() <= viewport.height() + 1

    qtbot.waitUntil(tabs_in_view, timeout=3000)
    assert window.side_tabs.height() >= window.side_tabs.minimumSizeHint().height()
    qtbot.waitUntil(lambda: cut_on_the_right(panel) == [], timeout=3000)
    assert panel.generate.isVisible() and panel.generate.geometry().bottom() < panel.height()
    assert window.minimumSizeHint().height() <= 720  # fits a laptop's screen too
    assert window.height() == 800

    panel.references.header.click()  # closed again: the Results get their room back
    choose(panel.api, EditApiId.LEGACY)
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    assert window.options.height() <= panel.wanted_height() + 1


def test_the_wheel_scrolls_the_fields_and_changes_no_choice(window, qtbot) -> None:
    ready(window)
    panel = window.options
    choose(panel.api, EditApiId.V3)
    panel.references.header.click()
    at_1280_by_800(window, qtbot)
    bar = panel.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    style, count = panel.style.currentIndex(), panel.count.value()
    for widget in (panel.style, panel.count):
        centre = QPointF(widget.width() / 2, widget.height() / 2)
        wheel = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),  # one notch up
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, wheel)
    assert panel.style.currentIndex() == style and panel.count.value() == count
    assert bar.value() < bar.maximum()  # scrolled up instead


def test_with_a_remote_provider_and_a_prompt_the_3_0_fields_show_whole(
    remote, window, qtbot
) -> None:
    """No sentence under Generate (all is ready): the panel still takes the height it needs
    (it took none, and scrolled the fields in a sliver above empty Results)."""
    ready(window)
    window.options.prompt.setPlainText("a red bow tie")
    at_1280_by_800(window, qtbot)
    panel = window.options
    assert panel.reason.isHidden()  # Generate can run
    choose(panel.api, EditApiId.V3)
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    assert panel.wanted_height() > panel.prompt.minimumHeight() + panel.scroll.natural_height()


def test_two_prompt_regions_leave_the_options_and_the_history_their_height(
    cat_window,  # noqa: ANN001
    qtbot,  # noqa: ANN001
) -> None:
    """The Regions list is compact: with two regions at 1440 x 900 every field still shows
    whole and the Results/History below keep their room; beyond three regions the list
    scrolls itself instead of growing."""
    from tests.ui.test_prompt_regions_window import two_regions

    window = cat_window
    window.options.region.setChecked(True)
    window.resize(1440, 900)
    qtbot.waitUntil(lambda: window.height() == 900)
    qtbot.wait(50)
    panel = window.options
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    alone, below = panel.height(), window.side_tabs.height()

    two_regions(window)
    qtbot.waitUntil(lambda: window.regions_panel.isVisible(), timeout=3000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    assert panel.height() <= alone + 20
    assert window.side_tabs.height() >= below - 20
    list_height = window.regions_panel.list_area.height()

    window.regions_panel.add.click()
    qtbot.wait(50)
    three = window.regions_panel.list_area.height()
    assert three > list_height
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    below_three = window.side_tabs.height()
    window.regions_panel.add.click()  # five regions: the list keeps the height of three
    window.regions_panel.add.click()
    qtbot.wait(50)
    assert len(window.regions_panel.rows) == 5
    assert window.regions_panel.list_area.height() == three
    qtbot.waitUntil(lambda: shown_whole(panel), timeout=3000)
    assert window.side_tabs.height() == below_three
