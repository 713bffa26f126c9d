"""The main window's menus, actions and tool bar, its look and language, and the Help menu.

A mixin of MainWindow (texts in its translation context): it only builds and reacts; the
window's other parts say what the actions do.
"""

from __future__ import annotations

import html
import platform

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from ideogram_studio import __version__
from ideogram_studio.core.files import data_home
from ideogram_studio.core.tools import Tool, tool_label
from ideogram_studio.i18n import translate
from ideogram_studio.logs import log_file
from ideogram_studio.ui import icons
from ideogram_studio.ui.appearance import Appearance
from ideogram_studio.ui.appearance import apply as apply_appearance
from ideogram_studio.ui.language import LANGUAGE_NAMES, SYSTEM
from ideogram_studio.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

STYLE = """
#errorBanner { background: #5c1f1f; color: #ffe9e9; padding: 8px 12px; }
#welcome { color: #d8d8dc; background: #2b2b2e; font-size: 15px; }
#panelTitle, #viewStatus { font-weight: 600; font-size: 13px; }
#generateReason, #hint, #galleryEmpty, #storageNote { color: #8a8a90; }
#overrideNote { color: #c77d00; }
#jobCard { border: 1px solid #505056; border-radius: 6px; }
QPushButton#generate { font-weight: 600; font-size: 14px; }
"""
HARDNESS_STEP = 0.1
# Softer and harder: Shift+[ and Shift+] on a US keyboard, named by the character they type. No
# "Shift+[" beside "{": X11, Windows and macOS offer a shifted key both as "{" and as "Shift+[",
# and an action two of whose shortcuts match one press fires nothing ("Ambiguous shortcut
# overload"). "Shift+{" is never offered by them; it catches events sent with the key and Shift
# (the offscreen platform, tests). "{" also works where the brace is typed with AltGr.
BRACE_KEYS = {"{": ("{", "Shift+{"), "}": ("}", "Shift+}")}
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


class MenusMixin:
    """Menus, actions and the tools bar of MainWindow."""

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
        file = bar.addMenu(translate("MainWindow", "&File"))
        self._action(
            translate("MainWindow", "&Open…"),
            self.choose_image,
            QKeySequence(QKeySequence.StandardKey.Open).toString(),
            menu=file,
        )
        self._action(translate("MainWindow", "&Paste image"), self.paste_image, "Ctrl+V", menu=file)
        self._action(translate("MainWindow", "&Batch edit…"), self.open_batch_dialog, menu=file)
        file.addSeparator()
        self._action(
            translate("MainWindow", "Import mask (black = edit)…"),
            lambda: self.choose_mask(False),
            menu=file,
        )
        self._action(
            translate("MainWindow", "Import mask (white = edit)…"),
            lambda: self.choose_mask(True),
            menu=file,
        )
        self._action(translate("MainWindow", "&Export mask…"), self.choose_mask_export, menu=file)
        file.addSeparator()
        self._action(translate("MainWindow", "&Quit"), self.close, "Ctrl+Q", menu=file)

        edit = bar.addMenu(translate("MainWindow", "&Edit"))
        self.undo_action = self._action(
            translate("MainWindow", "&Undo"), self.undo, ("Ctrl+Z",), menu=edit
        )
        self.redo_action = self._action(
            translate("MainWindow", "&Redo"), self.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), menu=edit
        )
        edit.addSeparator()
        self._action(translate("MainWindow", "&Settings…"), self.open_settings, "Ctrl+,", menu=edit)

        mask = bar.addMenu(translate("MainWindow", "&Mask"))
        self._action(
            translate("MainWindow", "&Invert"),
            lambda: self.canvas.apply(lambda e: e.invert()),
            "Ctrl+I",
            menu=mask,
        )
        self._action(
            translate("MainWindow", "&Clear"),
            lambda: self.canvas.apply(lambda e: e.clear()),
            "Ctrl+D",
            menu=mask,
        )
        self._action(
            translate("MainWindow", "&Fill all"),
            lambda: self.canvas.apply(lambda e: e.fill()),
            menu=mask,
        )
        mask.addSeparator()
        for text, title, prompt, operation in (
            (
                translate("MainWindow", "&Grow…"),
                translate("MainWindow", "Grow the mask"),
                translate("MainWindow", "Grow by (pixels):"),
                "grow",
            ),
            (
                translate("MainWindow", "&Shrink…"),
                translate("MainWindow", "Shrink the mask"),
                translate("MainWindow", "Shrink by (pixels):"),
                "shrink",
            ),
            (
                translate("MainWindow", "&Feather…"),
                translate("MainWindow", "Feather the mask"),
                translate("MainWindow", "Feather by (pixels):"),
                "feather",
            ),
        ):
            self._action(
                text,
                lambda _c=False, t=title, p=prompt, o=operation: self._mask_by(t, p, o),
                menu=mask,
            )

        view = bar.addMenu(translate("MainWindow", "&View"))
        self._action(
            translate("MainWindow", "&Fit in window"),
            lambda: self.current_view().fit(),
            "Ctrl+0",
            menu=view,
        )
        self._action("&100 %", lambda: self.current_view().actual_size(), "Ctrl+1", menu=view)
        self._action(
            translate("MainWindow", "Zoom &in"),
            lambda: self.current_view().zoom_by(1.5),
            ("Ctrl++", "Ctrl+="),
            menu=view,
        )
        self._action(
            translate("MainWindow", "Zoom &out"),
            lambda: self.current_view().zoom_by(1 / 1.5),
            "Ctrl+-",
            menu=view,
        )
        view.addSeparator()
        self._action(translate("MainWindow", "&Editor"), self.show_editor, "Ctrl+E", menu=view)
        appearance = view.addMenu(translate("MainWindow", "&Appearance"))
        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[Appearance, QAction] = {}
        for choice, text in (
            (Appearance.SYSTEM, translate("MainWindow", "Follow the &system")),
            (Appearance.LIGHT, translate("MainWindow", "&Light")),
            (Appearance.DARK, translate("MainWindow", "&Dark")),
        ):
            action = appearance.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, c=choice: self.set_appearance(c))
            self.appearance_group.addAction(action)
            self.appearance_actions[choice] = action
        language_menu = view.addMenu(translate("MainWindow", "&Language"))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        # Each language is named in itself; "system" is in the language shown now.
        choices = [(SYSTEM, translate("MainWindow", "Follow the system"))] + list(
            LANGUAGE_NAMES.items()
        )
        for code, text in choices:
            action = language_menu.addAction(text)
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action

        tools = bar.addMenu(translate("MainWindow", "&Tools"))
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
        self._action(
            translate("MainWindow", "Swap paint / erase"), self.swap_paint_erase, "X", menu=tools
        )
        self._action(
            translate("MainWindow", "Smaller brush"),
            lambda: self.canvas.step_brush(-1),
            "[",
            menu=tools,
        )
        self._action(
            translate("MainWindow", "Larger brush"),
            lambda: self.canvas.step_brush(1),
            "]",
            menu=tools,
        )
        self._action(
            translate("MainWindow", "Softer brush"),
            lambda: self.canvas.set_brush(hardness=self.canvas.brush_hardness - HARDNESS_STEP),
            BRACE_KEYS["{"],
            menu=tools,
        )
        self._action(
            translate("MainWindow", "Harder brush"),
            lambda: self.canvas.set_brush(hardness=self.canvas.brush_hardness + HARDNESS_STEP),
            BRACE_KEYS["}"],
            menu=tools,
        )

        run = self.generate_menu = bar.addMenu(translate("MainWindow", "&Generate"))
        self._action(
            translate("MainWindow", "&Generate"),
            self.generate,
            ("Ctrl+Return", "Ctrl+Enter"),
            menu=run,
        )
        self._action(
            translate("MainWindow", "Focus the &prompt"),
            self.options.focus_prompt,
            "Ctrl+L",
            menu=run,
        )
        self._action(translate("MainWindow", "Cancel all jobs"), self.jobs.cancel_all, menu=run)

        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        self._action(
            translate("MainWindow", "&Shortcuts"),
            self.show_shortcuts,
            ("F1", "Ctrl+/"),
            menu=help_menu,
        )
        self._action(
            translate("MainWindow", "Open the &data folder"), self.open_data_folder, menu=help_menu
        )
        self._action(translate("MainWindow", "Open the &log"), self.open_log, menu=help_menu)
        help_menu.addSeparator()
        self._action(
            translate("MainWindow", "&About Ideogram Studio"), self.show_about, menu=help_menu
        )

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
                translate("MainWindow", "Language"),
                translate(
                    "MainWindow", "The new language is used from the next start of Ideogram Studio."
                ),
            )

    def _system_scheme_changed(self) -> None:
        if self.appearance is Appearance.SYSTEM:
            self.set_appearance(Appearance.SYSTEM, remember=False)

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

    def open_log(self) -> None:
        """What went wrong, for a bug report: the log file (its folder holds crash reports)."""
        log = log_file()
        if log is None or not log.exists():
            self.show_error(
                translate(
                    "MainWindow", "No log is being written: the data folder cannot be written."
                )
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log)))

    def about_text(self) -> str:
        return translate(
            "MainWindow",
            "<h3>Ideogram Studio {version}</h3>"
            "<p>Paint a mask on a photo, describe the change, and compare what Ideogram makes"
            " of it.</p><p>Data folder: {folder}<br>Qt {qt} · Python {python}</p>",
        ).format(
            version=__version__,
            folder=html.escape(str(data_home())),
            qt=qVersion(),
            python=platform.python_version(),
        )

    def show_about(self) -> None:
        QMessageBox.about(self, translate("MainWindow", "About Ideogram Studio"), self.about_text())
