"""Where the app keeps its files, and writing a file so that a crash never leaves half of it."""

from __future__ import annotations

import contextlib
import getpass
import os
import tempfile
import time
from pathlib import Path

import platformdirs

from ideogram_studio.i18n import translate

PARTIAL_PREFIX = ".partial-"
STALE_PARTIAL_SECONDS = 60
_umask: int | None = None


def data_home() -> Path:
    """The app's data folder: IDEOGRAM_STUDIO_HOME, else the platform's convention."""
    override = os.environ.get("IDEOGRAM_STUDIO_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("ideogram-studio", appauthor=False))


def default_output_folder() -> Path:
    return data_home() / "results"


def private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) readable by the user only: it holds prompts, sources
    and masks. A folder that exists keeps its mode, except the data folder itself, which is
    tightened (earlier versions made it 0755)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder == data_home():
        with contextlib.suppress(OSError):  # not ours, or a file system without modes
            if folder.stat().st_mode & 0o077:
                folder.chmod(0o700)
    return folder


def check_data_folder(folder: Path | None = None) -> str | None:
    """One sentence on why the data folder (default: data_home()) cannot be created or written,
    or None when it can. Tries both for real: permissions alone do not tell (root ignores them,
    a full disk refuses any mode). Qt-free, for the command line and the window alike."""
    folder = folder or data_home()
    try:
        private_folder(folder)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=PARTIAL_PREFIX) as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return translate(
            "Files",
            "The data folder {folder} cannot be written ({reason}); the history and the "
            "session are not kept.",
        ).format(folder=folder, reason=reason)
    return None


def fallback_results_folder() -> Path | None:
    """A folder results can go to when the data folder cannot be written (the system's
    temporary folder, one per user), or None when that cannot be written either."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name known (a stripped-down container): still one folder
        user = "user"
    folder = Path(tempfile.gettempdir()) / f"ideogram-studio-results-{user}"
    return folder if check_data_folder(folder) is None else None


def write_atomic(
    target: Path, data: bytes, *, private: bool = False, keep_existing: bool = False
) -> Path:
    """Write through a temporary file and a rename: a crash leaves the old file or the new one,
    never half of one. Returns the path written. `private` makes the file readable by the user
    only (before any byte lands); otherwise it gets the mode any new file of the user gets
    (0666 less the umask), as a result in a shared folder should. `keep_existing` never
    overwrites: a taken name gets a suffix, chosen once the bytes are on disk."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=target.parent, prefix=PARTIAL_PREFIX, delete=False
    )
    try:
        with handle:
            # NamedTemporaryFile is always 0600; a result should not be.
            os.chmod(handle.name, 0o600 if private else 0o666 & ~current_umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        final = _free_name(target) if keep_existing else target
        os.replace(handle.name, final)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    fsync_folder(final.parent)  # the rename itself survives a power cut
    return final


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); a no-op where folders cannot be opened."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:  # Windows: NTFS journals the rename itself
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | flag)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (network, FUSE) refuse fsync on a folder
    finally:
        os.close(descriptor)


def current_umask() -> int:
    """The process umask, read once. Linux reports it without changing it; elsewhere it is
    set and restored at once (the first write happens before any writer thread starts)."""
    global _umask
    if _umask is None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                line = next(x for x in status if x.startswith("Umask:"))
            _umask = int(line.split()[1], 8)
        except (OSError, StopIteration, ValueError, IndexError):
            _umask = os.umask(0o022)
            os.umask(_umask)
    return _umask


def remove_stale_partials(*folders: Path) -> int:
    """Temporary files left by a process killed mid-write (older than a minute: not in use).
    Never raises: a folder that cannot be read or cleaned is left as it is."""
    removed = 0
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for folder in folders:
        try:
            partials = list(folder.glob(PARTIAL_PREFIX + "*")) if folder.is_dir() else []
        except OSError:
            continue
        for partial in partials:
            try:
                if partial.stat().st_mtime < cutoff:
                    partial.unlink()
                    removed += 1
            except OSError:
                continue
    return removed


def _free_name(target: Path) -> Path:
    candidate, counter = target, 2
    while candidate.exists():  # never overwrite an earlier result
        candidate = target.with_name(f"{target.stem}_{counter}{target.suffix}")
        counter += 1
    return candidate
