"""The window in Simplified Chinese: every text a user sees is translated, and the language
follows the system or the user's choice."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QWidget,
)

from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.language import (
    CHINESE,
    ENGLISH,
    SYSTEM,
    choose_language,
    install_language,
    remove_language,
)
from ideogram_studio.ui.main_window import MainWindow
from ideogram_studio.ui.preferences import language_preference, open_preferences
from ideogram_studio.ui.settings_dialog import SettingsDialog
from ideogram_studio.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag

HAN = re.compile(r"[\u4e00-\u9fff]")
# What stays as it is in Chinese too: names, formats, units, keys and environment variables.
UNTRANSLATED = re.compile(
    r"Ideogram Studio|Ideogram|Turbo|V\d|API|URL|HTTP|JPEG|PNG|WebP|BMP|TIFF|GIF|HEIC|RGBA?|"
    r"IDEOGRAM_\w+|https?://\S*|/\S*|Ctrl|Shift|Alt|Esc|Enter|Return|Space|Api-Key|Bearer|English|\S+\.png|"
    r"[A-Z]\b|\b(px|MB|KB|x)\b|#\d+"
)


def untranslated(text: str) -> bool:
    """True when `text` still has English in it: two letters in a row outside the words that
    stay as they are (a Chinese sentence with one English word left in it counts too)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return bool(re.search(r"[A-Za-z]{2}", UNTRANSLATED.sub(" ", plain)))


def visible_texts(root: QWidget) -> dict[str, str]:
    """Every text a user can read in `root`: labels, buttons, tooltips, placeholders, items,
    tab and column titles, menus and their actions (whether shown right now or not)."""
    texts: dict[str, str] = {}

    def add(where: str, text: str | None) -> None:
        if text and text.strip():
            texts[f"{where}: {text}"] = text

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        kind = type(widget).__name__
        add(f"{kind} tooltip", widget.toolTip())
        if widget.isWindow():
            add(f"{kind} title", widget.windowTitle())
        if isinstance(widget, QLabel):
            add("label", widget.text())
        elif isinstance(widget, QAbstractButton):
            add("button", widget.text())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            add("placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add("choice", widget.itemText(index))
        elif isinstance(widget, QGroupBox):
            add("group", widget.title())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add("tab", widget.tabText(index))
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                add("column", widget.horizontalHeaderItem(column).text())
                for row in range(widget.rowCount()):
                    add("cell", widget.item(row, column).text())
        elif isinstance(widget, QTreeWidget):
            for index in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(index)
                add("history item", item.text(0))
                for child in range(item.childCount()):
                    add("history result", item.child(child).text(0))
        elif isinstance(widget, QMenu | QToolBar):
            add("menu", widget.title() if isinstance(widget, QMenu) else widget.windowTitle())
        for action in widget.actions():
            add("action", action.text())
            add("action tooltip", action.toolTip())
    return texts


def assert_all_chinese(root: QWidget) -> None:
    english = [where for where, text in visible_texts(root).items() if untranslated(text)]
    assert not english, "shown in English:\n" + "\n".join(english)


@pytest.fixture
def chinese(qapp):
    assert install_language(CHINESE)
    yield
    remove_language()


@pytest.fixture
def chinese_window(chinese, window):
    """The conftest's window, built after the translation is installed (as at start-up)."""
    return window


def test_the_checker_sees_english(qtbot) -> None:
    label = QLabel("Open a photo")
    qtbot.addWidget(label)
    assert untranslated("Open a photo") and untranslated("<b>#3</b> Cancel")
    assert not untranslated("打开照片 (Ctrl+O)") and not untranslated("V2 Turbo · 1024 px")
    assert untranslated("2026-11-24 · local · 2 张图片")
    assert "label: Open a photo" in visible_texts(label)


def test_the_main_window_in_chinese_from_welcome_to_results(chinese_window, qtbot) -> None:
    window = chinese_window
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert "打开一张照片" in window.welcome.text()
    assert window.options.reason.text() == "请先打开要编辑的照片。"
    assert "数据文件夹：" in window.about_text()
    assert_all_chinese(window)

    window.open_image(SAMPLES / "chelsea.png")
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(150, 100), (300, 200)])
    assert window.undo_action.text() == "撤销 矩形(&U)"  # the step's name, translated
    window.options.prompt.setPlainText("一顶红帽子")
    record = window.generate()  # no key: the local backend
    assert record is not None
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    card = window.gallery.cards[record.number]
    assert card.state.text().startswith("完成")
    assert card.message.text().startswith("已保存 1 张图片。")
    window.gallery.select(card.entries()[1:2])
    assert_all_chinese(window)

    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(card.entries()[1:])
    with qtbot.waitSignal(window.compare.check_ready, timeout=10000):
        window.compare.check.setChecked(True)
    assert "蒙版外" in window.compare.panes[-1].caption
    assert_all_chinese(window)

    window.side_tabs.setCurrentWidget(window.history_panel)
    window.history_panel.tree.expandAll()
    assert_all_chinese(window.history_panel)


def test_errors_and_dialogs_in_chinese(chinese_window, tmp_path, qtbot) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    assert not chinese_window.open_image(broken)
    assert chinese_window.error_banner.text() == (
        "“broken.png” 已损坏或不完整（文件可能被截断）；请用生成它的程序重新导出。"
    )
    window = chinese_window
    dialog = SettingsDialog(
        window.document.settings, window.document.keys, window.document.provider().kind
    )
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "设置"
    assert_all_chinese(dialog)
    shortcuts = ShortcutsDialog(shortcut_rows(window.findChildren(type(window.undo_action))))
    qtbot.addWidget(shortcuts)
    assert_all_chinese(shortcuts)
    rows = dict(shortcut_rows(window.findChildren(type(window.undo_action))))
    assert rows["打开…"] == "Ctrl+O"  # "打开(&O)…" without its accelerator
    assert rows["生成"] == "Ctrl+回车"  # Return and Enter have one name in Chinese: shown once


@pytest.mark.parametrize(
    ("preference", "system", "expected"),
    [
        (SYSTEM, ["zh-CN"], CHINESE),
        (SYSTEM, ["zh-Hans-CN", "en-US"], CHINESE),
        (SYSTEM, ["zh-SG"], CHINESE),
        (SYSTEM, ["zh-TW"], ENGLISH),  # Traditional Chinese: no translation yet
        (SYSTEM, ["en-GB", "zh-CN"], ENGLISH),
        (SYSTEM, ["de-DE"], ENGLISH),
        (CHINESE, ["en-US"], CHINESE),
        (ENGLISH, ["zh-CN"], ENGLISH),
        ("klingon", ["zh-CN"], CHINESE),  # a damaged setting falls back to the system
    ],
)
def test_the_language_follows_the_system_unless_the_user_chose(preference, system, expected):
    assert choose_language(preference, system) == expected


def test_choosing_a_language_is_remembered_for_the_next_start(window, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(MainWindow, "tell", lambda self, title, text: told.append(text))
    assert window.language_actions[SYSTEM].isChecked()
    chinese_action = window.language_actions[CHINESE]
    assert chinese_action.text() == "简体中文"
    chinese_action.trigger()
    assert told == ["The new language is used from the next start of Ideogram Studio."]
    assert language_preference(open_preferences()) == CHINESE
    assert choose_language(language_preference(), ["en-US"]) == CHINESE
    window.language_actions[CHINESE].trigger()  # the same again: nothing to tell
    assert len(told) == 1
