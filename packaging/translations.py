"""Keep the translations in step with the code: `make translations`.

1. `pyside6-lupdate` collects every `tr()` / `translate()` text of the package into
   `resources/translations/ideogram_studio_<lang>.ts`, keeping the translations already made and
   dropping texts the code no longer has.
2. Translate what is new (Qt Linguist: `pyside6-linguist resources/translations/*.ts`, or any
   editor: fill the `<translation>` elements and remove `type="unfinished"`).
3. `pyside6-lrelease` compiles each .ts to the .qm the app loads. Both files are committed;
   `tests/test_translations.py` fails while a text is untranslated or a .qm is stale.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """The PySide6 tool beside this Python (the venv's bin/ or Scripts/)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name


def sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "ideogram_studio").rglob("*.py"))


def update(ts_file: Path, language: str) -> None:
    subprocess.run(
        [tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
         "-source-language", "en", "-target-language", language, "-ts", str(ts_file)],
        cwd=REPO, check=True,
    )  # fmt: skip


def release(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True
    )


def main() -> int:
    for language in LANGUAGES:
        ts_file = TRANSLATIONS / f"ideogram_studio_{language}.ts"
        update(ts_file, language)
        release(ts_file, ts_file.with_suffix(".qm"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
