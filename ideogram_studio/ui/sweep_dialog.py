"""Setting up a sweep: up to three axes (rows, columns, pages), each a kind the chosen edit API
can vary and its values, and the images per cell. While it is set up it says the number of
requests and images and the estimated price, and why it cannot be sent, before anything is.
Widgets only: the window builds the plan's cells and sends them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.options import (
    MAX_IMAGES,
    MAX_SEED,
    STYLES_FOR,
    EditApiId,
    EditOptions,
    Model,
    Palette,
    RenderingSpeed,
    RequestError,
)
from ideogram_studio.backends.sweep import (
    KINDS_FOR,
    MAX_AXES,
    AxisKind,
    AxisValue,
    SweepAxis,
    SweepPlan,
    kind_title,
)
from ideogram_studio.i18n import QT_TRANSLATE_NOOP

# (summary "9 requests · 9 images · about $0.72", why it cannot be sent or None)
Assess = Callable[[SweepPlan], tuple[str, str | None]]
AXIS_NAMES = (
    QT_TRANSLATE_NOOP("SweepDialog", "Rows"),
    QT_TRANSLATE_NOOP("SweepDialog", "Columns"),
    QT_TRANSLATE_NOOP("SweepDialog", "Pages"),
)
PLACEHOLDERS = {
    AxisKind.PROMPT: QT_TRANSLATE_NOOP("SweepDialog", "One prompt per line"),
    AxisKind.SEED: QT_TRANSLATE_NOOP("SweepDialog", "Seeds, separated by spaces or lines"),
    AxisKind.STYLE_CODES: QT_TRANSLATE_NOOP(
        "SweepDialog", "One value per line: style codes (8 hex digits), separated by spaces"
    ),
    AxisKind.PALETTE: QT_TRANSLATE_NOOP(
        "SweepDialog", "One palette per line: a name (PASTEL) or #RRGGBB[:weight],…"
    ),
}
RANDOM_SEEDS = 3


class LinesEditor(QPlainTextEdit):
    """Values typed one a line (prompts, style codes, palettes); seeds also by spaces."""

    changed = Signal()

    def __init__(self, kind: AxisKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = AxisKind(kind)
        self.setPlaceholderText(self.tr(PLACEHOLDERS[kind]))
        self.setTabChangesFocus(True)
        # A value a line: a long prompt scrolls rather than wraps, so each line is one value.
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.textChanged.connect(self.changed)

    def texts(self) -> list[str]:
        text = self.toPlainText()
        parts = re.split(r"[\s,;]+", text) if self.kind is AxisKind.SEED else text.splitlines()
        return [part.strip() for part in parts if part.strip()]

    def set_texts(self, texts: list[str]) -> None:
        self.setPlainText("\n".join(texts))


class SeedEditor(QWidget):
    """Seeds as typed, with a helper that writes a few random ones."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = LinesEditor(AxisKind.SEED)
        self.lines.changed.connect(self.changed)
        self.count = QSpinBox()
        self.count.setRange(1, 16)
        self.count.setValue(RANDOM_SEEDS)
        self.random = QPushButton(self.tr("Random seeds"))
        self.random.setToolTip(self.tr("Replace the list with this many random seeds"))
        self.random.clicked.connect(self.roll)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addWidget(self.random, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lines, 1)
        layout.addLayout(row)

    def roll(self) -> None:
        seeds = random.sample(range(MAX_SEED + 1), self.count.value())
        self.lines.set_texts([str(seed) for seed in seeds])

    def texts(self) -> list[str]:
        return self.lines.texts()

    def set_texts(self, texts: list[str]) -> None:
        self.lines.set_texts(texts)


class ChoiceEditor(QListWidget):
    """The named values of a kind (style types, speeds, models), each checked or not."""

    changed = Signal()

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def texts(self) -> list[str]:
        return [
            self.item(row).text()
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_texts(self, texts: list[str]) -> None:
        chosen = set(texts)
        self.blockSignals(True)
        for row in range(self.count()):
            item = self.item(row)
            checked = item.text() in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.changed.emit()


def make_editor(kind: AxisKind, api: EditApiId) -> QWidget:
    kind = AxisKind(kind)
    if kind is AxisKind.SEED:
        return SeedEditor()
    if kind is AxisKind.STYLE_TYPE:
        return ChoiceEditor([str(style) for style in STYLES_FOR[api]])
    if kind is AxisKind.SPEED:
        return ChoiceEditor([str(speed) for speed in RenderingSpeed])
    if kind is AxisKind.MODEL:
        return ChoiceEditor([str(model) for model in Model])
    return LinesEditor(kind)


def value_text(kind: AxisKind, value: AxisValue) -> str:
    """A value as the editor shows it (what SweepAxis.parse reads back)."""
    if kind is AxisKind.STYLE_CODES:
        return " ".join(value)  # type: ignore[arg-type]
    if isinstance(value, Palette):
        if value.name:
            return value.name
        return ",".join(
            s.color_hex if s.weight is None else f"{s.color_hex}:{s.weight:g}"
            for s in value.members
        )
    return str(value)


class AxisColumn(QWidget):
    """One axis: its kind (or none) and an editor per kind, kept while another is shown."""

    changed = Signal()

    def __init__(self, index: int, api: EditApiId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        title = QLabel(self.tr(AXIS_NAMES[index]))
        title.setObjectName("panelTitle")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Nothing"), None)
        for kind in KINDS_FOR[api]:
            self.kind.addItem(kind_title(kind), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.editors: dict[AxisKind, QWidget] = {}
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())  # for "Nothing"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.kind)
        layout.addWidget(self.stack, 1)

    def chosen_kind(self) -> AxisKind | None:
        # QComboBox hands its data back as a plain str (a StrEnum loses its type in QVariant),
        # and every `kind is AxisKind.X` check downstream needs the member itself.
        data = self.kind.currentData()
        return None if data is None else AxisKind(data)

    def editor(self, kind: AxisKind) -> QWidget:
        kind = AxisKind(kind)
        if kind not in self.editors:
            editor = make_editor(kind, self.api)
            editor.changed.connect(self.changed)  # type: ignore[attr-defined]
            self.editors[kind] = editor
            self.stack.addWidget(editor)
        return self.editors[kind]

    def set_axis(self, kind: AxisKind | None, texts: list[str] = ()) -> None:  # type: ignore[assignment]
        if kind is not None:
            self.editor(kind).set_texts(list(texts))  # type: ignore[attr-defined]
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._kind_changed()

    def texts(self) -> list[str]:
        kind = self.chosen_kind()
        return [] if kind is None else self.editor(kind).texts()  # type: ignore[attr-defined]

    def _kind_changed(self) -> None:
        kind = self.chosen_kind()
        self.stack.setCurrentWidget(self.editor(kind) if kind else self.stack.widget(0))
        self.changed.emit()


class SweepDialog(QDialog):
    """The sweep's axes and images per cell; `plan()` once accepted."""

    def __init__(
        self,
        base: EditOptions,
        assess: Assess,
        *,
        most_images: int = MAX_IMAGES,
        plan: SweepPlan | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sweep"))
        self.base = base
        self.assess = assess
        self.problem: str | None = None
        intro = QLabel(
            self.tr(
                "One request per cell: every value of the rows by every value of the columns "
                "(and pages), on this photo and mask with the panel's other options."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.axes = [AxisColumn(index, base.api) for index in range(MAX_AXES)]
        columns = QHBoxLayout()
        for axis in self.axes:
            axis.changed.connect(self.update_summary)
            columns.addWidget(axis, 1)
        self.images = QSpinBox()
        self.images.setRange(1, max(1, most_images))
        self.images.setValue(min(max(1, base.num_images), self.images.maximum()))  # the panel's
        self.images.valueChanged.connect(self.update_summary)
        images_row = QHBoxLayout()
        images_row.addWidget(QLabel(self.tr("Images per cell")))
        images_row.addWidget(self.images)
        images_row.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("sweepSummary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.reason = QLabel()
        self.reason.setObjectName("generateReason")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # may quote a prompt
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send.setText(self.tr("Send the sweep"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addLayout(images_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(860, 420)
        if plan is not None:
            self.set_plan(plan)
        else:  # a start: the panel's prompt as the first row
            self.axes[0].set_axis(AxisKind.PROMPT, [base.prompt] if base.prompt.strip() else [])
        self.update_summary()

    def set_plan(self, plan: SweepPlan) -> None:
        """Show a plan again (History's "Sweep again…"): its axes and images per cell."""
        for index, column in enumerate(self.axes):
            if index < len(plan.axes):
                axis = plan.axes[index]
                column.set_axis(axis.kind, [value_text(axis.kind, v) for v in axis.values])
            else:
                column.set_axis(None)
        self.images.setValue(plan.images_per_cell)

    def plan(self) -> SweepPlan:
        """The plan as set up; RequestError with one sentence for a value it cannot read."""
        axes = []
        for column in self.axes:
            kind = column.chosen_kind()
            if kind is not None:
                axes.append(SweepAxis.parse(kind, column.texts(), self.base.api))
        return SweepPlan(self.base, tuple(axes), self.images.value())

    def update_summary(self) -> None:
        try:
            plan = self.plan()
            summary, problem = self.assess(plan)
        except RequestError as error:
            summary, problem = "", error.message
        self.problem = problem
        self.summary.setText(summary)
        self.reason.setText(problem or "")
        self.reason.setVisible(bool(problem))
        self.send.setEnabled(problem is None)
