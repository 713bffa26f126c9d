"""The app's log: a rotating file in the data folder, so that a fault in a build without a
console (Windows, macOS) leaves a trace, with API keys never written.

`setup_logging` is called once at start by the command line and by the window; it never
raises: a folder that cannot be written means no file log, not a failure. `hide` adds a secret
that the filter blanks out wherever it appears; header-like tokens (`Bearer …`, `Api-Key: …`)
are blanked even when nobody said they were secret. Hard crashes (a segfault in Qt or numpy)
are written by `faulthandler` to a file beside the log.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import re
import threading
from pathlib import Path
from typing import IO

LOG_NAME = "ideogram-studio.log"
CRASH_NAME = "crashes.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
HIDDEN = "[hidden]"
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

_TOKENS = re.compile(
    r"(?P<name>\bBearer\s+|\bApi-Key[\"']?\s*[:=]\s*[\"']?|\bIDEOGRAM_API_KEY\s*=\s*)"
    r"(?P<token>[^\s\"',;}]+)",
    re.IGNORECASE,
)
_secrets: set[str] = set()
_lock = threading.Lock()
_handler: logging.Handler | None = None
_crash_file: IO[str] | None = None  # open for the life of the process: faulthandler writes to it


def hide(secret: str | None) -> None:
    """Never write `secret` (an API key) to the log, from now on."""
    if secret and len(secret) >= 4:  # a shorter "key" would blank ordinary words
        with _lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """`text` with every hidden secret and every header-like token replaced by [hidden]."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return _TOKENS.sub(lambda match: match.group("name") + HIDDEN, text)


class RedactingFilter(logging.Filter):
    """Renders each record (message, arguments, traceback) and blanks the secrets in it,
    before any formatter or handler sees it."""

    _plain = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg = redact(record.getMessage())
        except Exception:  # noqa: BLE001 - a broken format string must not lose the record
            record.msg = redact(str(record.msg))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._plain.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Path | None:
    """Log to `folder`/ideogram-studio.log (default: the data folder's logs/), 1 MB × 3 files,
    and send hard crashes to crashes.log beside it. Returns the log's path, or None when the
    folder cannot be written (then nothing is logged to a file). Calling it again moves the
    log to the new folder. Never raises."""
    global _handler, _crash_file
    try:
        from ideogram_studio.core.files import data_home, private_folder

        folder = folder or data_home() / "logs"
        private_folder(folder)  # the log holds prompts and file names
        path = folder / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        path.chmod(0o600)  # rotated files stay unreadable to others through the 0700 folder
        crash = open(folder / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115 - kept open
        crash.seek(0, 2)
    except Exception:  # noqa: BLE001 - no log is better than no app
        # Without any handler logging's last resort prints warnings to stderr: the user gets
        # the one sentence, not a copy of it with a logger's prefix.
        root = logging.getLogger()
        if not root.handlers:
            root.addHandler(logging.NullHandler())
        return None
    root = logging.getLogger()
    with _lock:
        if _handler is not None:
            root.removeHandler(_handler)
            _handler.close()
        _handler = handler
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > level:
            root.setLevel(level)
        previous, _crash_file = _crash_file, crash
    # No file descriptor (embedded interpreters): the log still works without it.
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        faulthandler.enable(crash, all_threads=True)
    if previous is not None:
        previous.close()
    return path


def log_file() -> Path | None:
    """Where the log is written now, or None."""
    handler = _handler
    return Path(handler.baseFilename) if isinstance(handler, logging.FileHandler) else None
