"""Texts that come from users and servers, shown as they are: Qt guesses rich text from a
leading tag, so a prompt like "<SALE> sign" would lose its words in a label or a tooltip."""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    """A tooltip that shows `text` literally, line breaks kept (rich text, escaped)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
