"""The language of the window: English, or Simplified Chinese from Qt's translation files.

The choice is made once at start, before any widget exists (Qt widgets take their texts when
they are built): "system" follows the operating system's preferred languages, or the user picks
one under View ▸ Language, which is remembered and applies at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ideogram_studio import i18n
from ideogram_studio.resources import TRANSLATIONS

SYSTEM = "system"
ENGLISH = "en"
CHINESE = "zh_CN"
# Each language's name in that language, so a reader finds theirs whatever is showing now.
LANGUAGE_NAMES = {ENGLISH: "English", CHINESE: "简体中文"}
CATALOGUE = "ideogram_studio"

_installed: list[QTranslator] = []
_default_locale: list[QLocale] = []  # the default before we changed it


def choose_language(preference: str, ui_languages: list[str]) -> str:
    """The language to show: the preference if it names one, else the first of the system's
    preferred languages we have (Simplified Chinese for zh, zh-CN, zh-Hans, zh-SG), else English."""
    if preference in LANGUAGE_NAMES:
        return preference
    for name in ui_languages:
        locale = QLocale(name)
        if locale.language() == QLocale.Language.English:
            return ENGLISH
        if locale.language() == QLocale.Language.Chinese:
            traditional = locale.script() == QLocale.Script.TraditionalHanScript
            if not traditional:
                return CHINESE
    return ENGLISH


def system_languages() -> list[str]:
    return QLocale.system().uiLanguages()


def install_language(language: str) -> bool:
    """Load the app's and Qt's own translations (standard buttons, file dialogs) for `language`
    and route every `translate()` call through them. Returns False if the files are missing,
    in which case the app stays in English."""
    remove_language()
    if language == ENGLISH:
        return True
    app = QCoreApplication.instance()
    assert app is not None, "install_language needs the QApplication"
    ours = QTranslator(app)
    if not ours.load(f"{CATALOGUE}_{language}", str(TRANSLATIONS)):
        return False
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    _default_locale.append(QLocale())
    QLocale.setDefault(QLocale(language))
    i18n.install(QCoreApplication.translate)
    return True


def remove_language() -> None:
    """Back to English (the texts as written)."""
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    if _default_locale:
        QLocale.setDefault(_default_locale.pop())
    i18n.install(None)
