"""Translation hook for code that does not import Qt: core, backends, the Qt-free modules of
jobs, and texts the document and the window's mixins share under one context.

Their user-facing sentences are written as `translate("Context", "English text")`, which
`pyside6-lupdate` extracts like any Qt call. By default the English text comes back unchanged, so
the command line and the tests stay in English; the window points the hook at
`QCoreApplication.translate` (see `ui.language`), which is thread-safe, so messages built on a
worker thread are translated too. Placeholders are named (`{path}`) and filled in with
`.format()` after translating, so a translation may put them in another order.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]

_translator: Translator | None = None


def translate(context: str, text: str) -> str:
    """`text` in the user's language, or as written when no translation is installed."""
    return text if _translator is None else _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate knows)
    """Marks a constant for extraction; it is translated where it is shown, with `translate`."""
    return text


def install(translator: Translator | None) -> None:
    """Route `translate` through `translator` (None: back to English)."""
    global _translator
    _translator = translator
