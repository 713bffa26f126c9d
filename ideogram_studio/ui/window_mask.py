"""The Mask menu's and the File menu's mask actions of the main window: undo, grow, shrink,
feather, import and export. A mixin of MainWindow (texts in its context)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from ideogram_studio.core.maskfile import encode_upload_mask, read_mask
from ideogram_studio.core.tools import Tool
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

OPEN_FILTER = QT_TRANSLATE_NOOP(
    "MainWindow",
    "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif *.heic *.heif);;All files (*)",
)


class MaskActionsMixin:
    """What the mask actions of MainWindow do; the canvas repaints and the document follows."""

    def undo(self) -> None:
        self.canvas.apply(lambda engine: engine.undo())

    def redo(self) -> None:
        self.canvas.apply(lambda engine: engine.redo())

    def swap_paint_erase(self) -> None:
        self.canvas.set_tool(Tool.ERASER if self.canvas.tool is Tool.BRUSH else Tool.BRUSH)

    def _mask_by(self, title: str, prompt: str, operation: str) -> None:
        """Grow, shrink or feather the mask by a number of pixels the user gives."""
        if self.canvas.engine is None:
            return
        pixels = self.ask_pixels(title, prompt)
        if pixels:
            self.canvas.apply(lambda engine: getattr(engine, operation)(pixels))

    def choose_mask(self, white_is_edit: bool) -> None:
        if self.image is None:
            self.show_error(translate("MainWindow", "Open a photo before importing a mask for it."))
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Import a mask"),
            self.last_folder,
            translate("MainWindow", OPEN_FILTER),
        )
        if path:
            self.import_mask(Path(path), white_is_edit=white_is_edit)

    def import_mask(self, path: Path, *, white_is_edit: bool = False) -> bool:
        assert self.image is not None
        height, width = self.image.shape[:2]
        try:
            mask = read_mask(path, width, height, white_is_edit=white_is_edit)
        except StudioError as error:
            self.show_error(error.message)
            return False
        self.canvas.apply(lambda engine: engine.replace(mask))
        return True

    def choose_mask_export(self) -> None:
        if self.canvas.engine is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Export the mask"),
            "mask.png",
            translate("MainWindow", "PNG (*.png)"),
        )
        if path:
            self.export_mask(Path(path))

    def export_mask(self, path: Path) -> bool:
        """The mask as Ideogram wants it: black = edit, white = keep, at the photo's size."""
        assert self.canvas.engine is not None
        try:
            path.write_bytes(encode_upload_mask(self.canvas.engine.copy()))
        except OSError as error:
            self.show_error(
                translate("MainWindow", "The mask could not be saved to {path} ({reason}).").format(
                    path=path, reason=error.strerror
                )
            )
            return False
        self.statusBar().showMessage(
            translate("MainWindow", "Mask saved to {path}").format(path=path), 8000
        )
        return True
