"""Text for pictures drawn with Pillow (the contact sheet): a font that has the glyphs, lines
wrapped to a width and shortened with … when they do not fit. No Qt here.

Pillow's own scalable font (ImageFont.load_default) covers Latin only; Cyrillic, Greek and
CJK prompts would come out as boxes. So each text takes the first of a few common system
fonts that draws all its characters, and Pillow's font when none is installed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import ImageDraw, ImageFont

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Common places of fonts with wide coverage, Latin-plus first, CJK fallbacks after.
_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/ghostscript/10.00.0/Resource/CIDFSubst/DroidSansFallback.ttf",
)
_NO_SUCH_CHARACTER = "\U0010fffd"  # private use: drawn as the font's "missing glyph" box


@functools.lru_cache(maxsize=64)
def _fonts(size: int) -> tuple[FontType, ...]:
    found: list[FontType] = []
    for path in _CANDIDATES:
        if Path(path).is_file():
            try:
                found.append(ImageFont.truetype(path, size))
            except OSError:
                continue
    found.append(ImageFont.load_default(size=size))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _draws(font: FontType, character: str) -> bool:
    if character.isspace():
        return True
    missing = font.getmask(_NO_SUCH_CHARACTER)
    mask = font.getmask(character)
    return mask.size != missing.size or bytes(mask) != bytes(missing)


def font_for(text: str, size: int) -> FontType:
    """The first font that draws every character of `text` at `size` pixels (else the one
    that draws most of them)."""
    fonts = _fonts(size)
    characters = set(text)
    best, best_count = fonts[-1], -1
    for font in fonts:
        count = sum(_draws(font, character) for character in characters)
        if count == len(characters):
            return font
        if count > best_count:
            best, best_count = font, count
    return best


def text_width(text: str, font: FontType) -> float:
    return font.getlength(text)


def wrapped(text: str, font: FontType, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `max_lines`; the last line ends in …
    when the text goes on. Words longer than a line are broken (CJK has no spaces)."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        word = words.pop(0)
        attempt = f"{current} {word}" if current else word
        if text_width(attempt, font) <= width:
            current = attempt
            continue
        if not current:  # one word wider than the line: break it
            cut = _fitting(word, font, width)
            current, rest = word[:cut], word[cut:]
            words.insert(0, rest)
        else:
            words.insert(0, word)
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if words or current:
        lines[-1] = shortened(lines[-1] + " " + " ".join(words), font, width)
    return lines


def shortened(text: str, font: FontType, width: int) -> str:
    """`text` if it fits in `width`, else its start and …"""
    if text_width(text, font) <= width:
        return text
    cut = _fitting(text, font, width - text_width("…", font))
    return text[:cut].rstrip() + "…"


def _fitting(text: str, font: FontType, width: float) -> int:
    """How many leading characters of `text` fit in `width` (at least one)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle], font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    box: tuple[int, int, int, int],
    size: int,
    colour: tuple[int, int, int],
    *,
    centred: bool = True,
) -> None:
    """`lines` in the box (x, y, width, height), centred on both axes (or left and top)."""
    x, y, width, height = box
    line_height = round(size * 1.25)
    top = y + max(0, (height - line_height * len(lines)) // 2) if centred else y
    for number, line in enumerate(lines):
        font = font_for(line, size)
        left = x + max(0, (width - round(text_width(line, font))) // 2) if centred else x
        draw.text((left, top + number * line_height), line, font=font, fill=colour)


def line_count_height(count: int, size: int) -> int:
    return round(size * 1.25) * count
