"""The prices one provider's estimates use, in USD per image: Ideogram's published ones until
the user sets their own (relays charge what they like). Every figure is an estimate; an empty
field is a price nobody knows, and the estimate says "price unknown" rather than invent one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.prices import (
    DESCRIBE,
    UPSCALE,
    V3_CHARACTER,
    PriceTable,
    published,
    usd,
)
from ideogram_studio.i18n import QT_TRANSLATE_NOOP

GROUP_NAMES = {
    "edit": QT_TRANSLATE_NOOP("PricesDialog", "Legacy edit (2.0)"),
    "v3": QT_TRANSLATE_NOOP("PricesDialog", "Ideogram 3.0"),
    V3_CHARACTER: QT_TRANSLATE_NOOP("PricesDialog", "3.0 with a character reference"),
    UPSCALE: QT_TRANSLATE_NOOP("PricesDialog", "Upscale"),
    DESCRIBE: QT_TRANSLATE_NOOP("PricesDialog", "Describe"),
}
VARIANT_NAMES = {
    "V_2": QT_TRANSLATE_NOOP("PricesDialog", "V_2 (Default)"),
    "V_2_TURBO": QT_TRANSLATE_NOOP("PricesDialog", "V_2_TURBO (Turbo)"),
    "FLASH": QT_TRANSLATE_NOOP("PricesDialog", "Flash"),
    "TURBO": QT_TRANSLATE_NOOP("PricesDialog", "Turbo"),
    "DEFAULT": QT_TRANSLATE_NOOP("PricesDialog", "Default"),
    "QUALITY": QT_TRANSLATE_NOOP("PricesDialog", "Quality"),
}
SINGLE = (UPSCALE, DESCRIBE)  # groups of one price: no speed to name


class PricesDialog(QDialog):
    """Edits a copy of `table`; `table()` gives what the fields say once accepted."""

    def __init__(self, table: PriceTable, provider: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prices for {provider} (estimates)").format(provider=provider))
        self.setMinimumWidth(460)
        self._base = table
        note = QLabel(
            self.tr(
                "Every figure is an estimate, in US dollars per image. Ideogram's published "
                "prices are filled in; a relay sets its own, so change them to what yours "
                "charges. Leave a price empty when it is not known: the estimate then says "
                "“price unknown”."
            )
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        self.fields: dict[tuple[str, str], QLineEdit] = {}
        form = QFormLayout()
        for group, variant in self._entries():
            field = QLineEdit()
            field.setPlaceholderText(self.tr("unknown"))
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.fields[group, variant] = field
            form.addRow(self._label(group, variant), field)
        self.problem = QLabel()
        self.problem.setObjectName("overrideNote")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.reset_button = QPushButton(self.tr("Reset to Ideogram's published prices"))
        self.reset_button.clicked.connect(lambda: self.show_table(published()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.show_table(table)

    def _entries(self) -> list[tuple[str, str]]:
        """The published table's rows, then any the user's table adds."""
        entries = published().entries()
        return entries + [entry for entry in self._base.entries() if entry not in entries]

    def _label(self, group: str, variant: str) -> str:
        name = self.tr(GROUP_NAMES[group]) if group in GROUP_NAMES else group
        if group in SINGLE:
            return name
        speed = self.tr(VARIANT_NAMES[variant]) if variant in VARIANT_NAMES else variant
        return f"{name} · {speed}"

    def show_table(self, table: PriceTable) -> None:
        self.problem.hide()
        for (group, variant), field in self.fields.items():
            price = table.price(group, variant)
            field.setText("" if price is None else usd(price).removeprefix("$"))

    def table(self) -> PriceTable:
        """The prices as the fields say (empty: unknown). ValueError names a field that holds
        no price."""
        table = PriceTable()
        for (group, variant), field in self.fields.items():
            text = field.text().strip().removeprefix("$").replace(",", ".")
            try:
                price = float(text) if text else None
            except ValueError:
                price = -1.0
            if price is not None and not 0 <= price < 1000:
                raise ValueError(
                    self.tr(
                        "“{text}” is not a price for {row}: write dollars like 0.06, or leave "
                        "it empty when the price is unknown."
                    ).format(text=field.text(), row=self._label(group, variant))
                )
            table = table.with_price(group, variant, price)
        return table

    def accept(self) -> None:
        """A field that holds no price is said in one sentence, and the dialog stays open."""
        try:
            self.table()
        except ValueError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()
