"""The Linux desktop entry and the icons at the usual sizes."""

from __future__ import annotations

import configparser
import tomllib

from PIL import Image

from tests.conftest import REPO


def test_the_desktop_entry_starts_the_installed_command_with_a_file() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(REPO / "resources" / "ideogram-studio.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    command = desktop["Exec"].split()[0]
    assert command in scripts and desktop["Exec"].endswith("%f")
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Icon"] == "ideogram-studio"
    assert "image/jpeg" in desktop["MimeType"] and desktop["MimeType"].endswith(";")
    assert desktop["Categories"].startswith("Graphics;")
    assert desktop["Comment[zh_CN]"] and desktop["GenericName[zh_CN]"]


def test_icons_exist_at_the_usual_sizes() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = REPO / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        with Image.open(path / "ideogram-studio.png") as icon:
            assert icon.size == (size, size) and icon.mode == "RGBA"
            assert icon.getpixel((0, 0))[3] == 0  # transparent corners, not a white square
            assert icon.getpixel((size // 2, size // 2))[3] == 255
