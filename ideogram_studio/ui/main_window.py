"""The studio window: canvas and tools, the options panel, jobs and the gallery, compare views.

Widgets call the layers below (core, backends, jobs) and listen to their signals; they never
build HTTP requests. Dialogs that ask the user something go through small `ask_*` methods so
tests can answer them.
"""

from __future__ import annotations

import html
import platform
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal, qVersion
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFileOpenEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio import __version__
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.request import EditOptions, EditRequest, RequestError
from ideogram_studio.backends.service import JobSpec, api_for, prepare_sending
from ideogram_studio.backends.settings import KeyStore, ProviderSettings, effective
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.core.files import data_home, default_output_folder
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.imageio import load_image, supported_formats_text, thumbnail
from ideogram_studio.core.mask import EDIT_THRESHOLD
from ideogram_studio.core.maskfile import encode_upload_mask, read_mask
from ideogram_studio.core.region import region_by_default
from ideogram_studio.core.tools import Tool, tool_label
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.jobs.archive import JobArchive, JobRow, ResultRow
from ideogram_studio.jobs.queue import JobQueue, JobRecord, JobState
from ideogram_studio.jobs.session import Session, remove_stale_partials
from ideogram_studio.ui import icons
from ideogram_studio.ui.appearance import Appearance
from ideogram_studio.ui.appearance import apply as apply_appearance
from ideogram_studio.ui.canvas import Canvas
from ideogram_studio.ui.compare import CompareView, WipePage
from ideogram_studio.ui.gallery import Entry, Gallery
from ideogram_studio.ui.history_panel import HistoryPanel
from ideogram_studio.ui.language import LANGUAGE_NAMES, SYSTEM
from ideogram_studio.ui.options_panel import OptionsPanel
from ideogram_studio.ui.preferences import load_preferences, open_preferences, save_preferences
from ideogram_studio.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from ideogram_studio.ui.tool_options import ToolOptionsBar
from ideogram_studio.ui.views import ImagePane, Pyramid, array_from_qimage

WELCOME = QT_TRANSLATE_NOOP(
    "MainWindow",
    "<h2>Ideogram Studio</h2>"
    "<p>Open a photo (<b>File ▸ Open</b>, Ctrl+O), drop one here or paste one (Ctrl+V), then"
    " paint over what should change.</p>"
    "<p>Without a key you can work offline at once: the local backend removes what you paint."
    "<br>With an Ideogram or relay API key (<b>Edit ▸ Settings</b>), describe the change and"
    " Ideogram paints it, up to eight versions to compare.</p>",
)
OPEN_FILTER = QT_TRANSLATE_NOOP(
    "MainWindow",
    "Images (*.jpg *.jpeg *.png *.webp *.bmp *.tif *.tiff *.gif *.heic *.heif);;All files (*)",
)
AUTOSAVE_MS = 2000
SIZE_STEP = 1.15
TOOL_KEYS = (
    (Tool.BRUSH, "B"),
    (Tool.ERASER, "E"),
    (Tool.RECTANGLE, "M"),
    (Tool.ELLIPSE, "Shift+M"),
    (Tool.LASSO, "L"),
    (Tool.WAND, "W"),
)
TOOL_ICONS = {
    Tool.BRUSH: icons.brush,
    Tool.ERASER: icons.eraser,
    Tool.RECTANGLE: icons.rectangle,
    Tool.ELLIPSE: icons.ellipse,
    Tool.LASSO: icons.lasso,
    Tool.WAND: icons.wand,
}
HARDNESS_STEP = 0.1
STYLE = """
#errorBanner { background: #5c1f1f; color: #ffe9e9; padding: 8px 12px; }
#welcome { color: #d8d8dc; background: #2b2b2e; font-size: 15px; }
#panelTitle, #viewStatus { font-weight: 600; font-size: 13px; }
#generateReason, #hint, #galleryEmpty, #storageNote { color: #8a8a90; }
#overrideNote { color: #c77d00; }
#jobCard { border: 1px solid #505056; border-radius: 6px; }
QPushButton#generate { font-weight: 600; font-size: 14px; }
"""


class MainWindow(QMainWindow):
    preview_ready = Signal(object, int)  # Upload, request number
    preview_failed = Signal(str, int)

    def __init__(
        self,
        *,
        store: ResultStore | None = None,
        history: JobArchive | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Ideogram Studio")
        self.resize(1440, 900)
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE)
        self.image_path: Path | None = None
        self.image: np.ndarray | None = None
        self.document_name = ""
        self.settings = ProviderSettings.load()
        self.keys = KeyStore()
        self.provider_choice: ProviderKind | None = None
        self.mask_has_area = False
        self.mask_unsent = False  # painted since the last Generate
        self._close_when_idle = False
        self._preview_number = 0

        self.history = history or open_history()
        self.session = session or Session()
        self._saved_revision = -1
        self._autosave_thread: threading.Thread | None = None
        store = store or ResultStore(default_output_folder())
        home = data_home()
        remove_stale_partials(store.folder, self.session.folder, home / "masks", home / "sources")
        self.jobs = JobQueue(store, recorder=self.history, parent=self)
        self.jobs.added.connect(self._job_added)
        self.jobs.changed.connect(self._job_changed)
        self.jobs.item_saved.connect(self._item_saved)
        self.jobs.idle.connect(self._jobs_idle)
        self.jobs.ended.connect(lambda _record: self._history_changed())

        self._build_pages()
        self._build_panels()
        self._build_actions()
        self._build_toolbars()
        self._build_status()
        self.preview_ready.connect(self._show_preview, Qt.ConnectionType.QueuedConnection)
        self.preview_failed.connect(self._preview_failed, Qt.ConnectionType.QueuedConnection)
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.gallery.refresh_running)
        self.ticker.start()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        QApplication.instance().installEventFilter(self)
        self.preferences = open_preferences()
        self.appearance = Appearance.SYSTEM
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: self._system_scheme_changed())
        self.last_folder = ""
        self.load_preferences()
        self.refresh_provider()
        self.update_generate_state()

    # ================================================================= building

    def _build_pages(self) -> None:
        self.error_banner = QLabel()
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.hide()
        self.welcome = QLabel(self.tr(WELCOME))
        self.welcome.setObjectName("welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.canvas = Canvas()
        self.canvas.mask_changed.connect(self._mask_changed)
        self.canvas.pointer_moved.connect(self._pointer_moved)
        self.canvas.view_changed.connect(self._update_zoom_label)
        self.canvas.tool_changed.connect(self._tool_changed)
        self.preview = ImagePane()
        self.compare = CompareView()
        self.compare.back_requested.connect(self.show_editor)
        self.compare.failed.connect(self._view_failed)
        self.wipe = WipePage()
        self.wipe.back_requested.connect(self.show_editor)
        self.wipe.failed.connect(self._view_failed)
        self.pages = QStackedWidget()
        for page in (self.welcome, self.canvas, self.preview, self.compare, self.wipe):
            self.pages.addWidget(page)
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.pages, 1)
        self.left = left

    def _build_panels(self) -> None:
        self.options = OptionsPanel()
        self.options.options_edited.connect(lambda _options: self.update_generate_state())
        self.options.generate_requested.connect(self.generate)
        self.options.settings_requested.connect(self.open_settings)
        self.options.provider_chosen.connect(self._provider_chosen)
        self.options.preview_toggled.connect(self.toggle_preview)
        self.options.reuse_seed_requested.connect(self.reuse_seed)
        self.gallery = Gallery()
        self.gallery.cancel_requested.connect(self.jobs.cancel)
        self.gallery.compare_requested.connect(self.show_compare)
        self.gallery.wipe_requested.connect(self.show_wipe)
        self.gallery.use_requested.connect(self.use_as_input)
        self.gallery.save_requested.connect(self.save_result_as)
        self.gallery.copy_requested.connect(self.copy_result)
        self.gallery.folder_requested.connect(self.open_result_folder)
        self.gallery.reuse_requested.connect(self.reuse_settings)
        self.gallery.selection_changed.connect(self._gallery_selection_changed)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.gallery, self.tr("Results"))
        if self.history is not None:
            self.history_panel = HistoryPanel(self.history)
            self.history_panel.restore_requested.connect(self.restore_job)
            self.history_panel.delete_requested.connect(self.delete_job)
            self.history_panel.purge_requested.connect(self.purge_history)
            self.side_tabs.addTab(self.history_panel, self.tr("History"))
            self.side_tabs.currentChanged.connect(lambda _i: self._history_changed())
        side = self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.options)
        side.addWidget(self.side_tabs)
        side.setSizes([420, 480])
        side.setMinimumWidth(340)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1040, 400])
        self.setCentralWidget(self.splitter)

    def _action(
        self, text: str, slot: object, shortcuts: tuple[str, ...] | str = (), *, menu: object = None
    ) -> QAction:
        action = QAction(text, self)
        keys = (shortcuts,) if isinstance(shortcuts, str) else shortcuts
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(
            self.tr("&Open…"),
            self.choose_image,
            QKeySequence(QKeySequence.StandardKey.Open).toString(),
            menu=file,
        )
        self._action(self.tr("&Paste image"), self.paste_image, "Ctrl+V", menu=file)
        file.addSeparator()
        self._action(
            self.tr("Import mask (black = edit)…"), lambda: self.choose_mask(False), menu=file
        )
        self._action(
            self.tr("Import mask (white = edit)…"), lambda: self.choose_mask(True), menu=file
        )
        self._action(self.tr("&Export mask…"), self.choose_mask_export, menu=file)
        file.addSeparator()
        self._action(self.tr("&Quit"), self.close, "Ctrl+Q", menu=file)

        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(self.tr("&Undo"), self.undo, ("Ctrl+Z",), menu=edit)
        self.redo_action = self._action(
            self.tr("&Redo"), self.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), menu=edit
        )
        edit.addSeparator()
        self._action(self.tr("&Settings…"), self.open_settings, "Ctrl+,", menu=edit)

        mask = bar.addMenu(self.tr("&Mask"))
        self._action(
            self.tr("&Invert"), lambda: self.canvas.apply(lambda e: e.invert()), "Ctrl+I", menu=mask
        )
        self._action(
            self.tr("&Clear"), lambda: self.canvas.apply(lambda e: e.clear()), "Ctrl+D", menu=mask
        )
        self._action(self.tr("&Fill all"), lambda: self.canvas.apply(lambda e: e.fill()), menu=mask)
        mask.addSeparator()
        for text, title, prompt, operation in (
            (self.tr("&Grow…"), self.tr("Grow the mask"), self.tr("Grow by (pixels):"), "grow"),
            (
                self.tr("&Shrink…"),
                self.tr("Shrink the mask"),
                self.tr("Shrink by (pixels):"),
                "shrink",
            ),
            (
                self.tr("&Feather…"),
                self.tr("Feather the mask"),
                self.tr("Feather by (pixels):"),
                "feather",
            ),
        ):
            self._action(
                text,
                lambda _c=False, t=title, p=prompt, o=operation: self._mask_by(t, p, o),
                menu=mask,
            )

        view = bar.addMenu(self.tr("&View"))
        self._action(
            self.tr("&Fit in window"), lambda: self.current_view().fit(), "Ctrl+0", menu=view
        )
        self._action("&100 %", lambda: self.current_view().actual_size(), "Ctrl+1", menu=view)
        self._action(
            self.tr("Zoom &in"),
            lambda: self.current_view().zoom_by(1.5),
            ("Ctrl++", "Ctrl+="),
            menu=view,
        )
        self._action(
            self.tr("Zoom &out"), lambda: self.current_view().zoom_by(1 / 1.5), "Ctrl+-", menu=view
        )
        view.addSeparator()
        self._action(self.tr("&Editor"), self.show_editor, "Ctrl+E", menu=view)
        appearance = view.addMenu(self.tr("&Appearance"))
        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[Appearance, QAction] = {}
        for choice, text in (
            (Appearance.SYSTEM, self.tr("Follow the &system")),
            (Appearance.LIGHT, self.tr("&Light")),
            (Appearance.DARK, self.tr("&Dark")),
        ):
            action = appearance.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, c=choice: self.set_appearance(c))
            self.appearance_group.addAction(action)
            self.appearance_actions[choice] = action
        language_menu = view.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        # Each language is named in itself; "system" is in the language shown now.
        choices = [(SYSTEM, self.tr("Follow the system"))] + list(LANGUAGE_NAMES.items())
        for code, text in choices:
            action = language_menu.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        tools = bar.addMenu(self.tr("&Tools"))
        self.tool_group = QActionGroup(self)
        self.tool_actions: dict[Tool, QAction] = {}
        for tool, key in TOOL_KEYS:
            action = self._action(
                tool_label(tool), lambda _c=False, t=tool: self.canvas.set_tool(t), key, menu=tools
            )
            action.setIcon(TOOL_ICONS[tool]())
            action.setCheckable(True)
            action.setToolTip(f"{tool_label(tool)} ({key})")
            self.tool_group.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[Tool.BRUSH].setChecked(True)
        tools.addSeparator()
        self._action(self.tr("Swap paint / erase"), self.swap_paint_erase, "X", menu=tools)
        self._action(
            self.tr("Smaller brush"),
            lambda: self.canvas.set_brush(self.canvas.brush_diameter / SIZE_STEP),
            "[",
            menu=tools,
        )
        self._action(
            self.tr("Larger brush"),
            lambda: self.canvas.set_brush(self.canvas.brush_diameter * SIZE_STEP),
            "]",
            menu=tools,
        )
        self._action(
            self.tr("Softer brush"),
            lambda: self.canvas.set_brush(hardness=self.canvas.brush_hardness - HARDNESS_STEP),
            ("Shift+[", "{", "Shift+{"),
            menu=tools,
        )
        self._action(
            self.tr("Harder brush"),
            lambda: self.canvas.set_brush(hardness=self.canvas.brush_hardness + HARDNESS_STEP),
            ("Shift+]", "}", "Shift+}"),
            menu=tools,
        )

        run = bar.addMenu(self.tr("&Generate"))
        self._action(self.tr("&Generate"), self.generate, ("Ctrl+Return", "Ctrl+Enter"), menu=run)
        self._action(self.tr("Focus the &prompt"), self.options.focus_prompt, "Ctrl+L", menu=run)
        self._action(self.tr("Cancel all jobs"), self.jobs.cancel_all, menu=run)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(self.tr("&Shortcuts"), self.show_shortcuts, ("F1", "Ctrl+/"), menu=help_menu)
        self._action(self.tr("Open the &data folder"), self.open_data_folder, menu=help_menu)
        help_menu.addSeparator()
        self._action(self.tr("&About Ideogram Studio"), self.show_about, menu=help_menu)

    def _build_toolbars(self) -> None:
        tools = QToolBar(self.tr("Tools"))
        tools.setObjectName("toolsBar")
        tools.setMovable(False)
        for action in self.tool_actions.values():
            tools.addAction(action)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, tools)

        self.tool_options = ToolOptionsBar(self.canvas, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.tool_options)
        # Short names for the bar's controls (tests and preferences use them).
        bar = self.tool_options
        self.size_box, self.hardness, self.opacity = bar.size_box, bar.hardness, bar.opacity

    def _build_status(self) -> None:
        self.zoom_label = QLabel()
        self.pointer_label = QLabel()
        self.undo_label = QLabel()
        for label in (self.undo_label, self.pointer_label, self.zoom_label):
            self.statusBar().addPermanentWidget(label)
        self.statusBar().showMessage(
            self.tr("Reads {formats}.").format(formats=supported_formats_text())
        )

    # ================================================================= documents

    def choose_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a photo"), self.last_folder, self.tr(OPEN_FILTER)
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.open_image(Path(path))

    def open_image(self, path: Path) -> bool:
        """Open a photo; on failure say why in the banner and keep what was open."""
        if not self.confirm_discard_mask():
            return False
        try:
            pixels = load_image(path)
        except StudioError as error:
            self.show_error(error.message)
            return False
        self.set_document(pixels, path.name)
        self.image_path = path
        return True

    def set_document(self, pixels: np.ndarray, name: str, mask: np.ndarray | None = None) -> None:
        pixels.flags.writeable = False  # jobs share it: nobody may change it in place
        self.image = pixels
        self.image_path = None
        self.document_name = name
        self.canvas.set_document(pixels, mask)
        self.canvas.set_mask_visible(True)
        self.mask_unsent = False
        self.session.new_document(pixels, name, mask)
        self._saved_revision = self.canvas.revision
        height, width = pixels.shape[:2]
        self.options.region.setChecked(region_by_default(width, height))
        self.options.preview.setChecked(False)
        self.pages.setCurrentWidget(self.canvas)
        self.canvas.setFocus()
        self.error_banner.hide()
        height, width = pixels.shape[:2]
        self.setWindowTitle(f"{name} — Ideogram Studio")
        self.statusBar().showMessage(
            self.tr("{name}: {width} × {height} pixels").format(
                name=name, width=width, height=height
            ),
            8000,
        )
        self._update_zoom_label()
        self.update_generate_state()

    def paste_image(self) -> None:
        data = QApplication.clipboard().mimeData()
        if data is not None and data.hasUrls():
            files = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
            if files:
                self.open_image(Path(files[0]))
                return
        image = QApplication.clipboard().image()
        if image.isNull():
            self.show_error(
                self.tr("The clipboard holds no image: copy a picture, then paste again.")
            )
            return
        if self.confirm_discard_mask():
            self.set_document(array_from_qimage(image), self.tr("Pasted image"))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_image(Path(files[0]))

    def show_error(self, message: str) -> None:
        self.error_banner.setText(message)
        self.error_banner.show()

    # ================================================================= mask

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
            self.show_error(self.tr("Open a photo before importing a mask for it."))
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a mask"), self.last_folder, self.tr(OPEN_FILTER)
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
            self, self.tr("Export the mask"), "mask.png", self.tr("PNG (*.png)")
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
                self.tr("The mask could not be saved to {path} ({reason}).").format(
                    path=path, reason=error.strerror
                )
            )
            return False
        self.statusBar().showMessage(self.tr("Mask saved to {path}").format(path=path), 8000)
        return True

    def _mask_changed(self) -> None:
        engine = self.canvas.engine
        self.mask_has_area = engine is not None and self._has_area_after(self.canvas.last_change)
        self.mask_unsent = True
        if engine is not None:
            undo, redo = engine.history.undo_label, engine.history.redo_label
            self.undo_action.setText(
                self.tr("&Undo {step}").format(step=undo) if undo else self.tr("&Undo")
            )
            self.redo_action.setText(
                self.tr("&Redo {step}").format(step=redo) if redo else self.tr("&Redo")
            )
            self.undo_label.setText(self.tr("Last: {step}").format(step=undo) if undo else "")
        if self.options.preview.isChecked():
            self.options.preview.setChecked(False)
        self.update_generate_state()

    def _has_area_after(self, changed: Rect) -> bool:
        """Whether the mask marks anything, looking only at what changed when that suffices
        (a full scan of a 24-megapixel mask at the end of every stroke would cost a frame)."""
        engine = self.canvas.engine
        assert engine is not None
        if changed.is_empty or changed == engine.bounds:
            return engine.has_edit_area()
        if (engine.data[changed.slices] >= EDIT_THRESHOLD).any():
            return True
        # Nothing left where it changed: the rest is as before, unless this removed the last of it.
        return self.mask_has_area and engine.has_edit_area()

    # ================================================================= tools

    def _tool_changed(self, tool: Tool) -> None:
        self.tool_actions[tool].setChecked(True)

    def current_view(self) -> QWidget:
        page = self.pages.currentWidget()
        if page is self.compare and self.compare.panes:
            return self.compare.panes[0]
        if page is self.wipe:
            return self.wipe.view
        if page is self.preview:
            return self.preview
        return self.canvas

    def _pointer_moved(self, x: int, y: int) -> None:
        if self.image is not None and 0 <= x < self.image.shape[1] and 0 <= y < self.image.shape[0]:
            self.pointer_label.setText(f"{x}, {y}")
        else:
            self.pointer_label.setText("")

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(
            f"{self.canvas.scale * 100:.0f} %" if self.image is not None else ""
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Held keys work wherever the focus is, except while typing; a photo opened from the
        macOS Finder (Open With, or dropped on the Dock icon) arrives as a file-open event."""
        kind = event.type()
        if kind == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self.open_image(Path(event.file()))
            return True
        if (
            kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Backslash
            and not event.isAutoRepeat()
            and self.isActiveWindow()
            and not isinstance(QApplication.focusWidget(), (QPlainTextEdit, QLineEdit, QSpinBox))
        ):
            self.set_held_original(kind == QEvent.Type.KeyPress)
            return True
        return super().eventFilter(watched, event)

    def set_held_original(self, held: bool) -> None:
        """Hold \\: hide the mask in the editor, show the original in the compare views."""
        self.canvas.set_mask_visible(not held)
        self.compare.set_flicker(held)
        self.wipe.set_flicker(held)

    # ================================================================= provider

    def current_provider(self):  # noqa: ANN201 - backends.settings.Effective
        return effective(
            self.settings, self.keys, choice=self.provider_choice and self.provider_choice.value
        )

    def refresh_provider(self) -> None:
        current = self.current_provider()
        self.options.set_provider(current.kind, current.key_status())
        forced = "IDEOGRAM_PROVIDER" in current.overrides
        self.options.provider.setEnabled(not forced)
        self.options.provider.setToolTip(
            self.tr("Set by IDEOGRAM_PROVIDER in the environment") if forced else ""
        )
        self.update_generate_state()

    def _provider_chosen(self, kind: ProviderKind) -> None:
        self.provider_choice = kind
        self.settings.provider = kind.value
        self.settings.save()
        self.refresh_provider()

    def open_settings(self) -> None:
        from ideogram_studio.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.keys, self.current_provider().kind, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog)

    def apply_settings(self, dialog: object) -> None:
        try:
            dialog.save()  # type: ignore[attr-defined]
        except StudioError as error:
            self.show_error(error.message)
        self.settings = dialog.settings  # type: ignore[attr-defined]
        self.provider_choice = None
        self.refresh_provider()

    # ================================================================= generating

    def generate_blocker(self) -> str | None:
        """Why Generate cannot run now, in one sentence; None when it can."""
        if self.image is None:
            return self.tr("Open a photo to edit first.")
        if not self.mask_has_area:
            return self.tr("Paint over the part of the photo that should change.")
        if not self.options.prompt_text().strip():
            return self.tr("Write a prompt that describes the change (Ctrl+L).")
        current = self.current_provider()
        if current.kind is not ProviderKind.LOCAL and not current.key:
            return self.tr("Add your API key in Settings, or choose Local to work offline.")
        try:
            current.provider()
        except RequestError as error:
            return error.message
        return None

    def update_generate_state(self) -> None:
        self.options.set_blocker(self.generate_blocker())

    def build_request(self) -> EditRequest:
        assert self.image is not None and self.canvas.engine is not None
        return EditRequest(self.image, self.canvas.engine.copy(), self.options.options())

    def generate(self) -> JobRecord | None:
        reason = self.generate_blocker()
        if reason:
            self.statusBar().showMessage(reason, 6000)
            return None
        current = self.current_provider()
        record = self.jobs.submit(
            JobSpec(self.build_request(), current.provider(), current.key, self.document_name)
        )
        self.mask_unsent = False
        return record

    def _job_added(self, record: JobRecord) -> None:
        source = record.request.image
        pyramid = self.canvas.pyramid
        if pyramid is not None and pyramid.arrays[0] is source:
            source = pyramid.arrays[-1]  # the smallest display level: no 24 MP resize here
        self.gallery.add_job(record, thumbnail(source))

    def _job_changed(self, record: JobRecord) -> None:
        self.gallery.refresh(record)
        if record.state is JobState.FAILED:
            self.statusBar().showMessage(
                self.tr("Job #{number} failed: {reason}").format(
                    number=record.number, reason=record.message
                ),
                10000,
            )

    def _item_saved(self, record: JobRecord, item: object, small: np.ndarray) -> None:
        self.gallery.add_result(record, item, small)  # type: ignore[arg-type]

    def _jobs_idle(self) -> None:
        if self._close_when_idle:
            self.close()

    # ================================================================= preview

    def toggle_preview(self, on: bool) -> None:
        if not on:
            if self.pages.currentWidget() is self.preview:
                self.show_editor()
            return
        if self.image is None or self.canvas.engine is None:
            self.options.preview.setChecked(False)
            return
        self._preview_number += 1
        number = self._preview_number
        request = self.build_request()
        api = api_for(self.current_provider())
        self.statusBar().showMessage(self.tr("Preparing the mask preview…"))

        def work() -> None:
            try:
                upload = prepare_sending(request, api).upload
            except StudioError as error:
                self.preview_failed.emit(error.message, number)
                return
            self.preview_ready.emit(upload, number)

        threading.Thread(target=work, name="mask-preview", daemon=True).start()

    def _show_preview(self, upload: object, number: int) -> None:
        if number != self._preview_number or not self.options.preview.isChecked():
            return
        mask = cv2.imdecode(np.frombuffer(upload.mask_png, np.uint8), cv2.IMREAD_GRAYSCALE)  # type: ignore[attr-defined]
        width, height = upload.size  # type: ignore[attr-defined]
        self.preview.caption = self.tr(
            "Sent mask: {width} × {height} px · black is edited, white is kept"
        ).format(width=width, height=height)
        self.preview.set_image(mask)
        self.pages.setCurrentWidget(self.preview)
        notes = " ".join(upload.notes)  # type: ignore[attr-defined]
        self.statusBar().showMessage(
            notes or self.tr("This is the mask exactly as it is sent."), 10000
        )

    def _preview_failed(self, message: str, number: int) -> None:
        if number == self._preview_number:
            self.options.preview.setChecked(False)
            self.show_error(message)

    def show_editor(self) -> None:
        self.compare.release()  # a view left behind: stop reading, free its pictures
        self.wipe.release()
        self.options.preview.blockSignals(True)
        self.options.preview.setChecked(False)
        self.options.preview.blockSignals(False)
        self.pages.setCurrentWidget(self.canvas if self.image is not None else self.welcome)

    # ================================================================= results

    def _gallery_selection_changed(self) -> None:
        chosen = [
            e for e in self.gallery.selected() if e.item is not None and e.item.seed is not None
        ]
        self.options.reuse_seed.setEnabled(len(chosen) == 1)

    def show_compare(self, entries: list[Entry]) -> None:
        results = [entry for entry in entries if not entry.is_original]
        if not results:
            return
        record = results[0].record
        original = record.request.image
        panes: list[tuple[str, Callable[[], np.ndarray]]] = []
        if not any(entry.is_original for entry in entries):
            panes.append((self.tr("Original"), lambda: original))
        panes += [(entry.title, entry.pixels) for entry in entries]
        region = record.request.options.region
        feather = region.feather if region is not None else 0
        self.compare.open(
            panes[:5], original, self._pyramid_of(original), record.request.mask, feather
        )
        self.pages.setCurrentWidget(self.compare)

    def show_wipe(self, entry: Entry) -> None:
        before = entry.record.request.image
        self.wipe.open(
            before,
            entry.pixels,
            self.tr("Original ◀ ▶ {result}").format(result=entry.title),
            self._pyramid_of(before),
        )
        self.pages.setCurrentWidget(self.wipe)

    def _pyramid_of(self, pixels: np.ndarray) -> Pyramid | None:
        """The editor's display pyramid when `pixels` is the photo open in it (no rebuild)."""
        pyramid = self.canvas.pyramid
        return pyramid if pyramid is not None and pyramid.arrays[0] is pixels else None

    def _view_failed(self, message: str) -> None:
        self.show_editor()
        self.show_error(message)

    def use_as_input(self, entry: Entry) -> None:
        """The result becomes the photo being edited; the user keeps or clears the mask."""
        try:
            pixels = np.array(entry.pixels())
        except StudioError as error:
            self.show_error(error.message)
            return
        mask = None
        if self.canvas.engine is not None and self.mask_has_area:
            choice = self.ask_keep_mask()
            if choice is None:
                return
            if choice == "keep":
                height, width = pixels.shape[:2]
                mask = cv2.resize(
                    self.canvas.engine.copy(), (width, height), interpolation=cv2.INTER_NEAREST
                )
        name = entry.item.path.name if entry.item and entry.item.path else self.tr("Original")
        self.set_document(pixels, name, mask)
        self.mask_unsent = False

    def save_result_as(self, entry: Entry) -> None:
        suggested = entry.item.path.name if entry.item and entry.item.path else "original.png"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the image as"), suggested, self.tr("PNG (*.png)")
        )
        if path:
            self.save_entry(entry, Path(path))

    def save_entry(self, entry: Entry, target: Path) -> bool:
        """A copy of the saved file (with its metadata), or the original encoded as PNG."""
        try:
            if entry.item is not None and entry.item.path is not None:
                shutil.copyfile(entry.item.path, target)
            else:
                ok, data = cv2.imencode(".png", cv2.cvtColor(entry.pixels(), cv2.COLOR_RGB2BGR))
                target.write_bytes(data.tobytes())
        except OSError as error:
            self.show_error(
                self.tr("The image could not be saved to {path} ({reason}).").format(
                    path=target, reason=error.strerror
                )
            )
            return False
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=target), 8000)
        return True

    def copy_result(self, entry: Entry) -> None:
        from ideogram_studio.ui.views import qimage_from_array

        QApplication.clipboard().setImage(
            qimage_from_array(np.ascontiguousarray(entry.pixels())).copy()
        )
        self.statusBar().showMessage(self.tr("Image copied."), 4000)

    def open_result_folder(self, entry: Entry) -> None:
        folder = (
            entry.item.path.parent if entry.item and entry.item.path else self.jobs.store.folder
        )
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reuse_settings(self, entry: Entry) -> None:
        seed = entry.item.seed if entry.item is not None else None
        request = entry.record.request
        self.options.show_options(
            EditOptions.from_parameters(request.options.prompt, request.describe(), seed)
        )
        self.update_generate_state()

    def reuse_seed(self) -> None:
        chosen = [
            e for e in self.gallery.selected() if e.item is not None and e.item.seed is not None
        ]
        if chosen:
            self.options.set_seed(chosen[0].item.seed)  # type: ignore[union-attr, arg-type]

    # ================================================================= preferences

    def set_appearance(self, choice: Appearance, *, remember: bool = True) -> None:
        """Light, dark, or the system's; the tool icons are redrawn in the new text colour."""
        self.appearance = choice
        self.appearance_actions[choice].setChecked(True)
        apply_appearance(choice)
        # Widgets under a style sheet keep their old palette until the sheet is set again.
        self.setStyleSheet("")
        self.setStyleSheet(STYLE)
        self.setPalette(QApplication.palette())
        for tool, action in self.tool_actions.items():
            action.setIcon(TOOL_ICONS[tool]())
        if remember:
            self.preferences.setValue("window/appearance", choice.value)

    def set_language(self, choice: str) -> None:
        """Remember the language for the next start: widgets take their texts when built."""
        previous = str(self.preferences.value("window/language", SYSTEM))
        self.language_actions[choice].setChecked(True)
        self.preferences.setValue("window/language", choice)
        self.preferences.sync()
        if choice != previous:
            self.tell(
                self.tr("Language"),
                self.tr("The new language is used from the next start of Ideogram Studio."),
            )

    def _system_scheme_changed(self) -> None:
        if self.appearance is Appearance.SYSTEM:
            self.set_appearance(Appearance.SYSTEM, remember=False)

    def save_preferences(self) -> None:
        save_preferences(self)

    def load_preferences(self) -> None:
        load_preferences(self)

    # ================================================================= session and history

    def autosave(self) -> None:
        """Keep the mask on disk, at most AUTOSAVE_MS behind, without blocking painting."""
        if self.canvas.engine is None or self.canvas.revision == self._saved_revision:
            return
        if self._autosave_thread is not None and self._autosave_thread.is_alive():
            return  # the previous save is still being written: try again at the next tick
        self._saved_revision = self.canvas.revision
        # Copy the padded buffer in one memcpy (cheaper than the strided image-sized view);
        # the writer thread crops it.
        engine = self.canvas.engine
        snapshot = engine.buffer.copy()[: engine.height, : engine.width]
        self._autosave_thread = self.session.save_mask(snapshot, self.options.prompt_text())

    def restore_session(self) -> bool:
        """Bring back the last session's photo and mask, as they were."""
        restored = self.session.restore()
        if restored is None:
            return False
        self.set_document(restored.image, restored.name, restored.mask)
        self.options.prompt.setPlainText(restored.prompt)
        self._mask_changed()
        self.statusBar().showMessage(
            self.tr("Restored {name} as you left it.").format(name=restored.name), 8000
        )
        return True

    def _history_changed(self) -> None:
        if self.history is not None and self.side_tabs.currentWidget() is self.history_panel:
            self.history_panel.reload()

    def restore_job(self, job: JobRow, result: ResultRow | None) -> None:
        """Put back the job's photo, its mask as painted and every setting, ready to generate."""
        assert self.history is not None
        if not self.confirm_discard_mask():
            return
        try:
            pixels = load_image(self.history.source_path(job.source_sha256))
        except StudioError:
            self.show_error(self.tr("The photo of this job is no longer in the history folder."))
            return
        mask = None
        if job.mask_painted is not None:
            try:
                mask = load_image(job.mask_painted)[:, :, 0]
            except StudioError:
                self.show_error(
                    self.tr("The mask of this job could not be read; the photo is restored.")
                )
        if mask is not None and mask.shape != pixels.shape[:2]:
            mask = None
        self.set_document(pixels, job.source_name or self.tr("Restored photo"), mask)
        seed = result.seed if result is not None else None
        self.options.show_options(EditOptions.from_parameters(job.prompt, job.parameters, seed))
        self._mask_changed()
        self.statusBar().showMessage(
            self.tr("Restored: generate again, or change anything first."), 8000
        )

    def delete_job(self, job: JobRow) -> None:
        assert self.history is not None
        count = sum(1 for r in job.results if r.path)
        if not self.ask_confirm(
            self.tr("Delete this job?"),
            (
                self.tr("The job and its {count} images will be deleted from disk.")
                if count != 1
                else self.tr("The job and its 1 image will be deleted from disk.")
            ).format(count=count),
        ):
            return
        self.history.delete_job(job.id)
        self.history_panel.reload()

    def purge_history(self) -> None:
        assert self.history is not None
        if not self.ask_confirm(
            self.tr("Delete all but favourites?"),
            self.tr("Every job without a ★ result is deleted, with its image files."),
        ):
            return
        removed = self.history.delete_all_but_favourites()
        self.history_panel.reload()
        message = self.tr("Deleted {count} jobs.") if removed != 1 else self.tr("Deleted 1 job.")
        self.statusBar().showMessage(message.format(count=removed), 8000)

    # ================================================================= questions

    def ask_confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def ask_pixels(self, title: str, prompt: str) -> int | None:
        value, ok = QInputDialog.getInt(self, title, prompt, 8, 1, 500)
        return value if ok else None

    def ask_keep_mask(self) -> str | None:
        """'keep', 'clear', or None to stay as it is."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Use as input"))
        box.setText(self.tr("Keep the painted mask on the new image?"))
        keep = box.addButton(self.tr("Keep mask"), QMessageBox.ButtonRole.AcceptRole)
        clear = box.addButton(self.tr("Clear mask"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {keep: "keep", clear: "clear"}.get(box.clickedButton())

    def confirm_discard_mask(self) -> bool:
        if not (self.mask_unsent and self.mask_has_area):
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Discard the mask?"),
            self.tr(
                "The mask you painted has not been used yet. Open another image and discard it?"
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_close(self) -> str:
        """'cancel' (cancel jobs and quit), 'wait' (quit when they finish) or 'stay'."""
        count = len(self.jobs.active())
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Jobs are still running"))
        box.setText(
            self.tr("{count} jobs are still running or waiting.").format(count=count)
            if count != 1
            else self.tr("1 job is still running or waiting.")
        )
        box.setInformativeText(self.tr("Results already saved are kept either way."))
        cancel = box.addButton(
            self.tr("Cancel jobs and quit"), QMessageBox.ButtonRole.DestructiveRole
        )
        wait = box.addButton(self.tr("Quit when they finish"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep working"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return {cancel: "cancel", wait: "wait"}.get(box.clickedButton(), "stay")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.jobs.active() and not self._close_when_idle:
            choice = self.ask_close()
            if choice == "stay":
                event.ignore()
                return
            if choice == "wait":
                self._close_when_idle = True
                self.statusBar().showMessage(
                    self.tr("Ideogram Studio will close when the jobs finish.")
                )
                event.ignore()
                return
        self.jobs.shutdown()
        self.compare.loader.shutdown()
        self.wipe.loader.shutdown()
        self.autosave()
        self.session.flush()
        self.save_preferences()
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)

    # ================================================================= help

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return shortcut_rows(self.actions())

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_rows(), self)
        self.shortcuts_dialog.show()

    def open_data_folder(self) -> None:
        """Results, history, settings: where everything the app keeps is."""
        folder = data_home()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about_text(self) -> str:
        return self.tr(
            "<h3>Ideogram Studio {version}</h3>"
            "<p>Paint a mask on a photo, describe the change, and compare what Ideogram makes"
            " of it.</p><p>Data folder: {folder}<br>Qt {qt} · Python {python}</p>"
        ).format(
            version=__version__,
            folder=html.escape(str(data_home())),
            qt=qVersion(),
            python=platform.python_version(),
        )

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Ideogram Studio"), self.about_text())


def open_history() -> JobArchive | None:
    """The history database; None (and the window works on) if it cannot be opened."""
    try:
        history = JobArchive()
        history.mark_interrupted()
        return history
    except Exception:  # a damaged or locked database must not keep the app from starting
        return None
