"""The PySide6 crash guard: 6.12.0 on CPython 3.11 aborts after thousands of update()/emit()
calls (a refcount bug on None/True/False), which would kill a painter mid-stroke."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib

from packaging.requirements import Requirement

from tests.conftest import REPO

CRASHING = "6.12.0"


def pyside_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return [r for r in requirements if r.name.lower().startswith("pyside6")]


def allowed(python_version: str, version: str) -> bool:
    environment = {"python_version": python_version, "python_full_version": python_version + ".0"}
    active = [
        r for r in pyside_requirements() if r.marker is None or r.marker.evaluate(environment)
    ]
    assert active, f"no PySide6 requirement applies on Python {python_version}"
    return all(r.specifier.contains(version, prereleases=True) for r in active)


def test_the_specification_never_resolves_to_the_crashing_pair() -> None:
    assert not allowed("3.11", CRASHING)
    assert allowed("3.11", "6.11.3")
    assert allowed("3.12", CRASHING)  # immortal None/True/False on 3.12: not affected
    for requirement in pyside_requirements():
        assert requirement.name == "PySide6-Essentials"  # never the full PySide6 with Addons


def test_the_installed_pair_is_not_the_crashing_one() -> None:
    import PySide6

    if sys.version_info < (3, 12):
        assert PySide6.__version__ != CRASHING


def test_two_hundred_thousand_qt_calls_do_not_abort() -> None:
    """The calls a painter makes on every mouse move, in a child process that may crash."""
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QObject, Signal
        from PySide6.QtWidgets import QApplication, QLabel, QWidget

        class Emitter(QObject):
            changed = Signal(bool)

        app = QApplication([])
        widget, label, emitter = QWidget(), QLabel(), Emitter()
        emitter.changed.connect(lambda value: None)
        for index in range(200_000):
            widget.update()
            label.setText("x")
            emitter.changed.emit(index % 2 == 0)
        print("survived")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
