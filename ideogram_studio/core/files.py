"""Where the app keeps its files, and writing a file so that a crash never leaves half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """The app's data folder: IDEOGRAM_STUDIO_HOME, else the platform's convention."""
    override = os.environ.get("IDEOGRAM_STUDIO_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("ideogram-studio", appauthor=False))


def default_output_folder() -> Path:
    return data_home() / "results"


def write_atomic(
    target: Path, data: bytes, *, private: bool = False, keep_existing: bool = False
) -> Path:
    """Write through a temporary file and a rename: a crash leaves the old file or the new one,
    never half of one. Returns the path written. `private` makes the file readable by the user
    only (before any byte lands); `keep_existing` never overwrites: a taken name gets a suffix,
    chosen once the bytes are on disk."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        dir=target.parent, prefix=".partial-", delete=False
    )
    try:
        with handle:
            if private:
                os.chmod(handle.name, 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        final = _free_name(target) if keep_existing else target
        os.replace(handle.name, final)
        return final
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _free_name(target: Path) -> Path:
    candidate, counter = target, 2
    while candidate.exists():  # never overwrite an earlier result
        candidate = target.with_name(f"{target.stem}_{counter}{target.suffix}")
        counter += 1
    return candidate
