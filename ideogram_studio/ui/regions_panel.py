"""The prompt regions in the side panel, under the prompt: one row per region (its colour and
name, its prompt, remove), the active one highlighted, like a painting tool's layers. Clicking
a row's name paints into that region; its menu renames and moves it.

With one region the list is hidden and only "Add region" shows (the window puts it and
"Composite ▸" in the prompt's title row): the single-mask flow as it always was, in the same
height. With several the list stays compact: up to three rows show, more scroll in the list
itself, so the options under it keep their height.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.model.region_list import MAX_REGIONS, RegionList

SWATCH = 14
ROWS_SHOWN = 3  # more regions scroll inside the list
# The active region's row is tinted, like a painting tool's selected layer.
ROW_STYLE = """
#regionRow[active="true"] { background: rgba(61, 139, 253, 0.22); border-radius: 4px; }
"""


def swatch_icon(rgb: tuple[int, int, int]) -> QIcon:
    pixmap = QPixmap(SWATCH, SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(255, 255, 255, 200))
    painter.setBrush(QColor(*rgb))
    painter.drawEllipse(1, 1, SWATCH - 2, SWATCH - 2)
    painter.end()
    return QIcon(pixmap)


class RegionRow(QFrame):
    """One region: a button with its colour and name (paints into it), its prompt, remove."""

    def __init__(self, panel: RegionsPanel, index: int) -> None:
        super().__init__()
        regions = panel.regions
        region = regions.regions[index]
        self.index = index
        self.setObjectName("regionRow")
        self.choose = QToolButton()
        self.choose.setObjectName("regionName")
        self.choose.setCheckable(True)
        self.choose.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.choose.setIcon(swatch_icon(region.colour))
        self.choose.setText(region.name)
        self.choose.setMinimumWidth(96)
        self.choose.setToolTip(self.tr("Paint into this region (right-click to rename or move)"))
        self.choose.clicked.connect(lambda: regions.activate(self.index))
        self.choose.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.choose.customContextMenuRequested.connect(panel.row_menu(self))
        self.prompt = QLineEdit(regions.prompt_of(index))
        self.prompt.setPlaceholderText(self.tr("What this region should become…"))
        self.prompt.textEdited.connect(lambda text: regions.set_prompt(self.index, text))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setAutoRaise(True)
        self.remove.setToolTip(self.tr("Remove this region and its paint"))
        self.remove.clicked.connect(lambda: panel.remove_requested.emit(self.index))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(4)
        layout.addWidget(self.choose)
        layout.addWidget(self.prompt, 1)
        layout.addWidget(self.remove)

    def show_active(self, active: bool) -> None:
        self.choose.setChecked(active)
        font = self.choose.font()
        font.setBold(active)
        self.choose.setFont(font)
        self.setProperty("active", active)
        self.style().unpolish(self)  # the property's style rule applies
        self.style().polish(self)


class RegionsPanel(QWidget):
    """The list of prompt regions, bound to the document's RegionList."""

    remove_requested = Signal(int)  # the window asks first when the region has paint

    def __init__(self, regions: RegionList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.regions = regions
        self.rows: list[RegionRow] = []
        self.setStyleSheet(ROW_STYLE)
        self.add = QToolButton()
        self.add.setText(self.tr("+ Add region"))
        self.add.setAutoRaise(True)
        self.add.setToolTip(
            self.tr(
                "Another mask with its own prompt: Generate edits each region and puts the "
                "results together into one picture"
            )
        )
        self.add.clicked.connect(self._add)
        self.show_results = QToolButton()  # the window shows it once there is a composite
        self.show_results.setText(self.tr("Composite ▸"))
        self.show_results.setAutoRaise(True)
        self.show_results.setToolTip(self.tr("The regions' results, put together"))
        self.show_results.hide()
        rows = QWidget()
        self.list = QVBoxLayout(rows)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(1)
        self.list_area = QScrollArea()
        self.list_area.setWidget(rows)
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setToolTip(
            self.tr("One request per region; pick each region's result after.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list_area)
        regions.changed.connect(self.rebuild)
        regions.active_changed.connect(self.show_active)
        regions.prompt_changed.connect(self.show_prompt)
        self.rebuild()

    def _add(self) -> None:
        if self.regions.add() is not None and self.rows:
            self.rows[-1].prompt.setFocus()  # the new region's prompt, ready to type

    def rebuild(self) -> None:
        for row in self.rows:
            self.list.removeWidget(row)
            row.deleteLater()
        several = self.regions.several
        self.rows = (
            [RegionRow(self, index) for index in range(len(self.regions))] if several else []
        )
        for row in self.rows:
            self.list.addWidget(row)
        self._fit_list()
        self.setVisible(several)  # one region: only "Add region" shows, beside the prompt
        room = len(self.regions) < MAX_REGIONS
        self.add.setEnabled(room and self.regions.host.engine is not None)
        self.show_active()

    def _fit_list(self) -> None:
        """The list as tall as its rows, up to ROWS_SHOWN of them."""
        if not self.rows:
            return
        shown = self.rows[:ROWS_SHOWN]
        height = sum(row.sizeHint().height() for row in shown)
        self.list_area.setFixedHeight(height + self.list.spacing() * (len(shown) - 1))

    def show_active(self) -> None:
        for row in self.rows:
            row.show_active(row.index == self.regions.active)
            self.show_prompt(row.index)

    def show_prompt(self, index: int) -> None:
        """A prompt changed elsewhere (the prompt box for the active one): its row follows."""
        if 0 <= index < min(len(self.rows), len(self.regions)):
            field, text = self.rows[index].prompt, self.regions.prompt_of(index)
            if field.text() != text:
                field.setText(text)

    def row_menu(self, row: RegionRow):  # noqa: ANN201 - a slot for customContextMenuRequested
        def show(at: QPoint) -> None:
            menu = QMenu(self)
            index = row.index
            menu.addAction(self.tr("Rename…"), lambda: self.ask_rename(index))
            up = menu.addAction(self.tr("Move up"), lambda: self.regions.move(index, index - 1))
            down = menu.addAction(self.tr("Move down"), lambda: self.regions.move(index, index + 1))
            up.setEnabled(index > 0)
            down.setEnabled(index < len(self.regions) - 1)
            menu.addSeparator()
            menu.addAction(self.tr("Remove"), lambda: self.remove_requested.emit(index))
            menu.exec(row.choose.mapToGlobal(at))

        return show

    def ask_rename(self, index: int) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename region"),
            self.tr("Name"),
            text=self.regions.regions[index].name,
        )
        if ok:
            self.regions.rename(index, name)
