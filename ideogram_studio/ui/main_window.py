"""The main window: for now it opens a photo and shows it; the editor grows from here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.core.imageio import load_image, supported_formats_text
from ideogram_studio.errors import StudioError
from ideogram_studio.ui.image_view import ImageView

WELCOME = (
    "<h2>Ideogram Studio</h2>"
    "<p>Open a photo (<b>File ▸ Open</b>, Ctrl+O) to start.</p>"
    "<p>Paint over what should change, describe the change, and compare what comes back.</p>"
)

OPEN_FILTER = (
    "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif *.heic *.heif);;All files (*)"
)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Ideogram Studio")
        self.resize(1200, 800)
        self.image_path: Path | None = None
        self.pixels: np.ndarray | None = None

        self.error_banner = QLabel()
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(
            "#errorBanner { background: #5c1f1f; color: #ffe9e9; padding: 8px 12px; }"
        )
        self.error_banner.hide()

        self.welcome = QLabel(WELCOME)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setStyleSheet("color: #d8d8dc; background: #2b2b2e; font-size: 15px;")
        self.view = ImageView()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.view)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar().showMessage(f"Reads {supported_formats_text()}.")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_image)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a photo", "", OPEN_FILTER)
        if path:
            self.open_image(Path(path))

    def open_image(self, path: Path) -> bool:
        """Open a photo; on failure, say why in the banner and keep what was open."""
        try:
            pixels = load_image(path)
        except StudioError as error:
            self.show_error(error.message)
            return False
        self.image_path, self.pixels = path, pixels
        self.view.set_pixels(pixels)
        self.pages.setCurrentWidget(self.view)
        self.error_banner.hide()
        height, width = pixels.shape[:2]
        self.setWindowTitle(f"{path.name} — Ideogram Studio")
        self.statusBar().showMessage(f"{path.name}: {width} × {height} pixels")
        return True

    def show_error(self, message: str) -> None:
        self.error_banner.setText(message)
        self.error_banner.show()
