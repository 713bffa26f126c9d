"""Shared fixtures. Qt must be told to run without a screen before anything imports it."""

from __future__ import annotations

import os
from pathlib import Path

# A 1920 x 1200 screen, as on a designer's desk: Qt's offscreen default is 800 x 800, smaller
# than the window's minimum size, so restored window geometry would be squeezed to fit it.
SCREEN = Path(__file__).resolve().parent / "offscreen-screen.json"
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data"


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so nothing touches the real user's."""
    home = tmp_path / "studio-home"
    monkeypatch.setenv("IDEOGRAM_STUDIO_HOME", str(home))
    monkeypatch.delenv("IDEOGRAM_API_KEY", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_system_keyring():
    """Tests never read or write the developer's real keyring."""
    import keyring
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def samples() -> Path:
    assert SAMPLES.is_dir(), f"sample photos missing at {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def cat_pixels(samples: Path) -> np.ndarray:
    with Image.open(samples / "chelsea.png") as image:
        return np.asarray(image.convert("RGB")).copy()


@pytest.fixture
def fake():  # noqa: ANN201 - the type lives in tests.backends
    """A strict fake Ideogram server on 127.0.0.1, on a free port."""
    from tests.support.fake_ideogram import FakeIdeogram

    server = FakeIdeogram().start()
    yield server
    server.stop()


@pytest.fixture
def remote(monkeypatch: pytest.MonkeyPatch, fake):  # noqa: ANN001, ANN201
    """The fake server as the provider, set through the CLI's environment variables (the
    window and the document read them too)."""
    from tests.support.fake_ideogram import API_KEY

    monkeypatch.setenv("IDEOGRAM_PROVIDER", "ideogram")
    monkeypatch.setenv("IDEOGRAM_BASE_URL", fake.base_url)
    monkeypatch.setenv("IDEOGRAM_API_KEY", API_KEY)
    return fake


@pytest.fixture
def make_document(tmp_path: Path):  # noqa: ANN201 - a factory of Documents
    """Documents over a queue, a history and a session in tmp_path; their worker threads are
    finished before the test ends (a queue dropped with a thread running would abort)."""
    from ideogram_studio.backends.storage import ResultStore
    from ideogram_studio.jobs.archive import JobArchive
    from ideogram_studio.jobs.queue import JobQueue
    from ideogram_studio.jobs.session import Session
    from ideogram_studio.model.document import Document

    made = []

    def make(session=None):  # noqa: ANN001, ANN202 - a Session, a Document
        archive = JobArchive(tmp_path / "home")
        jobs = JobQueue(ResultStore(tmp_path / "results"), recorder=archive)
        document = Document(jobs, session=session or Session(tmp_path / "session"), archive=archive)
        made.append(document)
        return document

    yield make
    for document in made:
        document.jobs.shutdown()
        document.autosave_timer.stop()
        document.session.flush()
