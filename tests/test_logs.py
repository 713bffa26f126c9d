"""The log: where it goes, what it hides, and the sentence a bug ends with."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ideogram_studio import cli, logs

KEY = "sk-secret-5f3a9d"


@pytest.fixture
def fresh_log():  # noqa: ANN201
    """setup_logging() changes the process's root logger: undo it after each test."""
    yield
    root = logging.getLogger()
    if logs._handler is not None:
        root.removeHandler(logs._handler)
        logs._handler.close()
        logs._handler = None
    logs._secrets.clear()


def test_keys_and_auth_tokens_never_reach_the_log(fresh_log, tmp_path: Path) -> None:
    path = logs.setup_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / "ideogram-studio.log"
    logs.hide(KEY)
    log = logging.getLogger("ideogram_studio.test")
    log.warning("sent %s with headers %s", KEY, {"Authorization": "Bearer relay-token-1"})
    log.warning('{"Api-Key": "other-key-2"} and Api-Key: other-key-3')
    try:
        raise RuntimeError(f"server echoed {KEY}")
    except RuntimeError:
        log.exception("failed")
    text = path.read_text(encoding="utf-8")
    for secret in (KEY, "relay-token-1", "other-key-2", "other-key-3"):
        assert secret not in text
    assert text.count("[hidden]") >= 5 and "Traceback" in text
    assert (tmp_path / "logs" / "crashes.log").exists()  # faulthandler writes there
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_unwritable_folder_means_no_file_log_and_no_error(fresh_log, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert logs.setup_logging(blocker / "logs") is None


def test_a_bug_in_the_command_line_is_one_sentence_and_its_traceback_is_logged(
    fresh_log, monkeypatch, capsys, studio_home: Path
) -> None:
    monkeypatch.setenv("IDEOGRAM_API_KEY", KEY)

    def broken(argv: list[str]) -> int:
        raise ValueError(f"a bug that prints {KEY}")

    monkeypatch.setitem(cli.COMMANDS, "edit", broken)
    assert cli.main(["photo.png"]) == cli.EXIT_BUG
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and KEY not in err
    assert err.startswith("Ideogram Studio stopped on an unexpected error (ValueError:")
    text = (studio_home / "logs" / "ideogram-studio.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "in broken" in text and KEY not in text
