"""How the options panel shares the side column with the Results so the window fits a
1280 x 800 screen (and smaller ones): its fields scroll rather than force the window taller,
and the panel takes the height its fields need from the Results when they grow (another API,
the region settings, the references opened), down to what the Results need at least."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QScrollArea,
    QSplitter,
    QWidget,
)

# What the fields keep on a very short window (about three rows); below it they scroll.
MIN_FIELDS_HEIGHT = 96
GUARDED = "wheelScrollsFields"  # a box's property once its wheel scrolls the fields


class FieldsScroll(QScrollArea):
    """The fields between the prompt and Generate, scrolled vertically when the panel is
    given less than they take (Generate and its sentence stay in view below them)."""

    def __init__(self, fields: QWidget) -> None:
        super().__init__()
        self.setWidget(fields)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def natural_height(self) -> int:
        """The height every shown field takes, with no scrolling."""
        return self.widget().minimumSizeHint().height()

    def _width(self) -> int:
        # The scroll bar's width is kept free: when it shows, no field is cut on the right.
        return self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._width(), self.natural_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._width(), min(self.natural_height(), MIN_FIELDS_HEIGHT))


def fit_height(pane: QWidget, wanted: int, claimed: int) -> int:
    """Make `pane`, the upper pane of a vertical splitter, `wanted` pixels tall: grown by
    taking from the pane below (down to its minimum), shrunk by giving back at most what it
    took before (`claimed`, which it returns updated); a height the user dragged stands."""
    splitter = pane.parentWidget()
    if not isinstance(splitter, QSplitter) or splitter.orientation() != Qt.Orientation.Vertical:
        return claimed
    if splitter.count() != 2 or splitter.indexOf(pane) != 0:
        return claimed
    upper, lower = splitter.sizes()
    if wanted > upper:
        below = splitter.widget(1)
        spare = lower - max(below.minimumSizeHint().height(), below.minimumHeight())
        change = max(min(wanted - upper, spare), 0)
    else:
        change = -min(upper - wanted, claimed)
    if change:
        splitter.setSizes([upper + change, lower - change])
    return claimed + change


class WheelScrollsFields(QObject):
    """The wheel over a combo box or a spin box of the fields scrolls the fields, unless it
    has the focus: turning the wheel to scroll never changes the API, a style or a count."""

    def __init__(self, scroll: FieldsScroll) -> None:
        super().__init__(scroll)
        self.scroll = scroll
        self.rescan()

    def rescan(self) -> None:
        """Guard the boxes added since (a palette's swatches)."""
        for widget in self.scroll.widget().findChildren(QWidget):
            if isinstance(widget, QComboBox | QAbstractSpinBox) and not widget.property(GUARDED):
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no focus by the wheel
                widget.installEventFilter(self)
                widget.setProperty(GUARDED, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            QApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        return super().eventFilter(watched, event)
