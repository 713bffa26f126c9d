"""The studio window: canvas and tools, the options panel, jobs and the gallery, compare views.

It shows the editing document (model.document) and binds its widgets to it: the document holds
the photo, the mask, the options and the rules; widgets call it and follow its signals. Menus,
the gallery's actions and the questions it asks live in the window_* mixins.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFileOpenEvent,
    QGuiApplication,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.core.files import (
    check_data_folder,
    data_home,
    default_output_folder,
    fallback_results_folder,
)
from ideogram_studio.core.imageio import supported_formats_text
from ideogram_studio.core.photo import Photo
from ideogram_studio.core.tools import Tool
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import QT_TRANSLATE_NOOP
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.queue import JobQueue, JobRecord
from ideogram_studio.jobs.session import Session, remove_stale_partials
from ideogram_studio.model.document import Document
from ideogram_studio.ui.appearance import Appearance
from ideogram_studio.ui.canvas import Canvas
from ideogram_studio.ui.compare import CompareView, WipePage
from ideogram_studio.ui.gallery import Gallery
from ideogram_studio.ui.history_panel import HistoryPanel
from ideogram_studio.ui.options_panel import OptionsPanel
from ideogram_studio.ui.preferences import (
    open_preferences,
)
from ideogram_studio.ui.tool_options import ToolOptionsBar
from ideogram_studio.ui.views import ImagePane, array_from_qimage
from ideogram_studio.ui.window_batch import BatchMixin
from ideogram_studio.ui.window_mask import OPEN_FILTER, MaskActionsMixin
from ideogram_studio.ui.window_menus import STYLE, MenusMixin
from ideogram_studio.ui.window_questions import QuestionsMixin
from ideogram_studio.ui.window_regions import RegionsMixin
from ideogram_studio.ui.window_results import ResultsMixin
from ideogram_studio.ui.window_session import SessionMixin
from ideogram_studio.ui.window_spend import SpendMixin
from ideogram_studio.ui.window_sweep import SweepMixin
from ideogram_studio.ui.window_tools import ToolsMixin

WELCOME = QT_TRANSLATE_NOOP(
    "MainWindow",
    "<h2>Ideogram Studio</h2>"
    "<p>Open a photo (<b>File ▸ Open</b>, Ctrl+O), drop one here or paste one (Ctrl+V), then"
    " paint over what should change.</p>"
    "<p>Without a key you can work offline at once: the local backend removes what you paint."
    "<br>With an Ideogram or relay API key (<b>Edit ▸ Settings</b>), describe the change and"
    " Ideogram paints it, up to eight versions to compare.</p>",
)


class MainWindow(
    MenusMixin,
    MaskActionsMixin,
    ResultsMixin,
    ToolsMixin,
    QuestionsMixin,
    RegionsMixin,
    SpendMixin,
    SessionMixin,
    SweepMixin,
    BatchMixin,
    QMainWindow,
):
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
        self._close_when_idle = False
        # A history group's kind -> how it is brought back (window_session.restore_group).
        self.group_restorers: dict[str, Callable[[GroupRow], None]] = {}

        self.history = history or open_history()
        session = session or Session()
        self._storage_problem = check_data_folder()
        fallback = None
        if store is None and self._storage_problem:
            fallback = fallback_results_folder()  # results are kept somewhere all the same
        store = store or ResultStore(fallback or default_output_folder())
        home = data_home()
        remove_stale_partials(store.folder, session.folder, home / "masks", home / "sources")
        self.jobs = JobQueue(store, recorder=self.history, parent=self)
        self.jobs.added.connect(self._job_added)
        self.jobs.changed.connect(self._job_changed)
        self.jobs.item_saved.connect(self._item_saved)
        self.jobs.idle.connect(self._jobs_idle)
        self.jobs.ended.connect(lambda _record: self._history_changed())
        self.document = Document(self.jobs, session=session, archive=self.history, parent=self)

        self._build_pages()
        self._build_panels()
        self._build_regions()
        self._build_actions()
        self._build_toolbars()
        self._build_status()
        self._bind_document()
        self._bind_spend()
        self._bind_batch()
        self._build_tools()
        self._build_sweep()
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.gallery.refresh_running)
        self.ticker.timeout.connect(self._check_storage)
        self.ticker.start()
        QApplication.instance().installEventFilter(self)
        self.preferences = open_preferences()
        self.appearance = Appearance.SYSTEM
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: self._system_scheme_changed())
        self.last_folder = ""
        self.load_preferences()
        self._say_storage(fallback)
        self._provider_changed()
        self._blocker_changed(self.document.generate_blocker())

    # ================================================================= building

    def _build_pages(self) -> None:
        self.error_banner = QLabel()
        self.error_banner.setObjectName("errorBanner")
        self.error_banner.setWordWrap(True)
        self.error_banner.setTextFormat(Qt.TextFormat.PlainText)  # may quote a server
        self.error_banner.hide()
        self.welcome = QLabel(self.tr(WELCOME))
        self.welcome.setObjectName("welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.canvas = Canvas()
        self.canvas.mask_changed.connect(lambda: self.document.mask_edited(self.canvas.last_change))
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
        self.options.generate_requested.connect(self.generate)
        self.options.settings_requested.connect(self.open_settings)
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
        self.gallery.style_reference_requested.connect(self.use_as_style_reference)
        self.gallery.character_reference_requested.connect(self.use_as_character_reference)
        self.gallery.selection_changed.connect(self._gallery_selection_changed)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.gallery, self.tr("Results"))
        if self.history is not None:
            self.history_panel = HistoryPanel(self.history)
            self.history_panel.restore_requested.connect(self.restore_job)
            self.history_panel.delete_requested.connect(self.delete_job)
            self.history_panel.fetch_requested.connect(self.fetch_again)
            self.history_panel.purge_requested.connect(self.purge_history)
            self.side_tabs.addTab(self.history_panel, self.tr("History"))
            self.side_tabs.currentChanged.connect(lambda _i: self._side_tab_shown())
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

    def _bind_document(self) -> None:
        document = self.document
        document.photo_changed.connect(self._photo_changed)
        document.mask_changed.connect(self._mask_changed)
        document.options_changed.connect(self.options.show_options)
        document.provider_changed.connect(self._provider_changed)
        document.blocker_changed.connect(self._blocker_changed)
        document.preview_ready.connect(self._show_preview)
        document.preview_failed.connect(self._preview_failed)
        self.options.options_edited.connect(document.set_options)
        self.options.provider_chosen.connect(document.choose_provider)
        document.set_options(self.options.options())

    # ================================================================= the document

    @property
    def image(self) -> np.ndarray | None:
        return self.document.pixels

    @property
    def document_name(self) -> str:
        return self.document.name

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
            self.document.open(path)
        except StudioError as error:
            self.show_error(error.message)
            return False
        # Dropped, pasted as a file or given on the command line too: the next file dialogs
        # (Batch edit's among them) start where this photo is.
        self.last_folder = str(Path(path).resolve().parent)
        return True

    def _photo_changed(self) -> None:
        document = self.document
        assert document.photo is not None and document.engine is not None
        self.canvas.set_document(document.photo.display, document.engine)
        self.canvas.set_mask_visible(True)
        self.options.preview.setChecked(False)
        self.pages.setCurrentWidget(self.canvas)
        self.canvas.setFocus()
        self.error_banner.hide()
        name, width, height = document.name, document.photo.width, document.photo.height
        self.setWindowTitle(f"{name} — Ideogram Studio")
        self.statusBar().showMessage(
            self.tr("{name}: {width} × {height} pixels").format(
                name=name, width=width, height=height
            ),
            8000,
        )
        self._update_zoom_label()

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
            self.document.set_photo(Photo(array_from_qimage(image), self.tr("Pasted image")))

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

    def _mask_changed(self) -> None:
        engine = self.document.engine
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

    # ================================================================= tools and views

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
        if page is self.sweep_grid and self.sweep_grid.sync.panes:
            return self.sweep_grid.sync.panes[0]
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
        self.regions_page.set_flicker(held)
        self.sweep_grid.set_flicker(held)

    # ================================================================= provider

    def _provider_changed(self) -> None:
        current = self.document.provider()
        self.options.set_provider(current.kind, current.key_status())
        self.options.set_backend(self.document.max_images(), self.document.backend_note())
        forced = "IDEOGRAM_PROVIDER" in current.overrides
        self.options.provider.setEnabled(not forced)
        self.options.provider.setToolTip(
            self.tr("Set by IDEOGRAM_PROVIDER in the environment") if forced else ""
        )

    def open_settings(self) -> None:
        from ideogram_studio.ui.settings_dialog import SettingsDialog

        document = self.document
        dialog = SettingsDialog(
            document.settings, document.keys, document.provider().kind, parent=self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_settings(dialog)

    def apply_settings(self, dialog: object) -> None:
        try:
            dialog.save()  # type: ignore[attr-defined]
        except StudioError as error:
            self.show_error(error.message)
        self.document.settings_saved(dialog.settings)  # type: ignore[attr-defined]

    # ================================================================= generating

    def _blocker_changed(self, reason: str | None) -> None:
        self.options.set_blocker(reason)

    def generate(self) -> JobRecord | None:
        if self.document.results_unwritable and check_data_folder() is None:
            self.document.results_unwritable = False  # fixed meanwhile (space freed, remounted)
            self.error_banner.hide()
        if self.document.generate_blocker() is None and not self.may_spend():
            return None
        if self.document.regions.several:  # one region edit per prompt region
            return next(iter(self.generate_regions()), None)
        record = self.document.generate()
        if record is None:  # say why where the user looks after pressing a key
            self.statusBar().showMessage(self.document.generate_blocker() or "", 6000)
            return None
        # Its card is where the job shows: never a paid job sent with nothing seen to happen.
        self.side_tabs.setCurrentWidget(self.gallery)
        self.statusBar().showMessage(
            self.tr("Job {number} queued.").format(number=record.number), 4000
        )
        if self.pages.currentWidget() is self.canvas:
            self.canvas.setFocus()  # B, E, [ and ] choose tools again, not type into the prompt
        return record

    def _jobs_idle(self) -> None:
        if self._close_when_idle:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.may_close_with_batch():
            event.ignore()
            return
        if self.jobs.active() and not self._close_when_idle:
            choice = self.ask_close()
            if choice == "stay":
                event.ignore()
                return
            if choice == "wait" and self.jobs.active():  # the last may have ended meanwhile
                self._close_when_idle = True
                self.statusBar().showMessage(
                    self.tr("Ideogram Studio will close when the jobs finish.")
                )
                event.ignore()
                return
        self.stop_fetching()
        self.stop_describing()
        self.stop_batch()
        self.jobs.shutdown()
        self.compare.loader.shutdown()
        self.wipe.loader.shutdown()
        self.regions_page.shutdown()
        self.sweep_grid.shutdown()
        self.document.close()
        self.save_preferences()
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)


def open_history() -> JobArchive | None:
    """The history database; None (and the window works on) if it cannot be opened."""
    try:
        history = JobArchive()
        history.mark_interrupted()
        return history
    except Exception:  # a damaged or locked database must not keep the app from starting
        return None
