"""Atomic writes, file modes and the data-folder check (no Qt)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ideogram_studio.core import files
from ideogram_studio.core.files import check_data_folder, private_folder, write_atomic

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@posix_only
def test_results_get_the_users_mode_and_private_files_stay_private(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "_umask", 0o022)
    result = write_atomic(tmp_path / "result.png", b"png")
    key = write_atomic(tmp_path / "keys.json", b"{}", private=True)
    assert stat.S_IMODE(result.stat().st_mode) == 0o644
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    monkeypatch.setattr(files, "_umask", 0o077)
    assert stat.S_IMODE(write_atomic(tmp_path / "b.png", b"x").stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".partial-*"))


def test_the_umask_is_read_without_changing_it() -> None:
    files._umask = None
    before = os.umask(0o027)
    try:
        assert files.current_umask() == 0o027 and os.umask(0o027) == 0o027
    finally:
        os.umask(before)
        files._umask = None


@posix_only
def test_the_data_folder_is_made_private_and_an_old_one_is_tightened(studio_home: Path) -> None:
    studio_home.mkdir(mode=0o755)
    studio_home.chmod(0o755)  # as earlier versions left it
    assert check_data_folder() is None
    assert stat.S_IMODE(studio_home.stat().st_mode) == 0o700
    other = private_folder(studio_home / "masks")
    assert stat.S_IMODE(other.stat().st_mode) == 0o700
    assert not list(studio_home.glob(".partial-*"))  # the probe is gone


def test_a_data_folder_that_cannot_be_created_is_one_sentence(tmp_path: Path) -> None:
    """Under a regular file no folder can be made, whoever runs the test: chmod 0500 would
    not stop root (as the tests run here and in CI), a read-only mount needs privileges."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    problem = check_data_folder(blocker / "home")
    assert problem is not None and problem.count(".") >= 1 and "\n" not in problem
    assert problem.startswith(f"The data folder {blocker / 'home'} cannot be written (")


def test_a_full_disk_is_one_sentence(tmp_path: Path, monkeypatch) -> None:
    """No small file system can be mounted without privileges: fsync reporting ENOSPC is
    what a full disk does to the probe (delayed allocation reports it there)."""

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    problem = check_data_folder(tmp_path / "home")
    assert problem is not None and "No space left on device" in problem
    assert not list((tmp_path / "home").glob(".partial-*"))


def test_stale_partials_go_and_fresh_ones_stay(tmp_path: Path) -> None:
    old, new = tmp_path / ".partial-old", tmp_path / ".partial-new"
    old.write_bytes(b"x" * 100)
    new.write_bytes(b"x")
    os.utime(old, (1, 1))
    assert files.remove_stale_partials(tmp_path, tmp_path / "missing", tmp_path / "a/b") == 1
    assert new.exists() and not old.exists()


def test_results_have_a_fallback_folder_that_can_be_written(monkeypatch, tmp_path: Path) -> None:
    from ideogram_studio.core import files

    monkeypatch.setattr(files.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = files.fallback_results_folder()
    assert folder is not None and folder.parent == tmp_path and folder.is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(files.tempfile, "gettempdir", lambda: str(blocker))
    assert files.fallback_results_folder() is None
