"""What the history says was spent: which jobs count (those that may have been billed), the
totals of a day and a month in local time, prices nobody knows, and the daily limit."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ideogram_studio.backends.local import LocalBackend
from ideogram_studio.backends.outcome import Cancelled, CancelToken, EditError
from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.spend import (
    Spend,
    over_limit,
    parse_month,
    spent_in_month,
    spent_this_month,
    spent_today,
    totals_text,
)
from tests.backends.helpers import backend_for, cat_request
from tests.support.fake_ideogram import Act, FakeIdeogram


@pytest.fixture
def history(tmp_path: Path) -> JobArchive:
    return JobArchive(tmp_path / "home")


def send(history: JobArchive, backend, tmp_path: Path, *, known: bool = True, **options):  # noqa: ANN001, ANN201
    """One edit through the shared path, its estimate from the published prices as the
    window and the CLI give it (or none: a price nobody knows)."""
    request = cat_request(**options)
    estimate = ProviderSettings().estimate_edit(request.options, ProviderKind(backend.name))
    return run_edit(
        request,
        backend,
        ResultStore(tmp_path / "results"),
        recorder=history,
        estimate=estimate.total if known else None,
    )


def billed_column(history: JobArchive) -> list[tuple[str, int | None]]:
    rows = history.reader().execute("SELECT state, billed FROM jobs ORDER BY id").fetchall()
    return [(state, billed) for state, billed in rows]


def test_only_jobs_that_may_have_been_billed_count(
    history: JobArchive, fake: FakeIdeogram, tmp_path: Path
) -> None:
    backend = backend_for(fake)
    fake.script = [Act(items=["ok", "ok"])]
    send(history, backend, tmp_path, num_images=2)  # $0.16: answered
    fake.script = [Act(422, {"error": "Prompt provided failed safety check"})]
    with pytest.raises(EditError):
        send(history, backend, tmp_path)  # refused before running: not billed
    fake.script = [Act(items=["unsafe"])]
    send(history, backend, tmp_path)  # withheld, still billed: $0.08
    fake.script = [Act(500, {"error": "boom"})]
    with pytest.raises(EditError):
        send(history, backend, tmp_path)  # it may have run: $0.08
    fake.script = [Act(429, {"error": "busy", "reject_reason": "inflight_limit"})] * 3
    with pytest.raises(EditError):
        send(history, backend, tmp_path)  # 429 every time: never run
    fake.script = [Act(drop=True)]
    with pytest.raises(EditError):
        send(history, backend, tmp_path)  # the connection broke after sending: $0.08
    posts = len(fake.posts)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_edit(
            cat_request(), backend, ResultStore(tmp_path / "r"), cancel=token, recorder=history
        )
    assert len(fake.posts) == posts  # cancelled before sending: nothing left
    fake.script = [Act(items=["ok"])]
    send(history, backend, tmp_path, known=False)  # billed, at a price nobody knows
    send(history, LocalBackend(), tmp_path, num_images=2)  # free: never counted

    assert billed_column(history) == [
        ("done", 1),
        ("failed", 0),
        ("failed", 1),
        ("failed", 1),
        ("failed", 0),
        ("failed", 1),
        ("cancelled", 0),
        ("done", 1),
        ("done", 0),
    ]
    today = spent_today(history)
    assert today == Spend(pytest.approx(0.40), jobs=5, unknown=1)
    assert spent_this_month(history) == today
    assert today.amount() == "$0.40"
    assert totals_text(today, today) == (
        "Today about $0.40 · this month about $0.40 (estimates; 1 job this month has no known "
        "price)"
    )
    assert spent_today(history, provider="relay") == Spend()


def moved(history: JobArchive, job_key: str, when: datetime) -> None:
    """A job as if it had started at local time `when` (stored in UTC, as jobs are)."""
    stamp = when.astimezone().astimezone(UTC).isoformat()
    with history._transaction() as db:
        db.execute("UPDATE jobs SET created = ? WHERE job_key = ?", (stamp, job_key))


@pytest.fixture(params=["UTC", "Pacific/Auckland", "America/New_York"])
def local_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The computer's time zone: far from UTC on either side, so a day in UTC is not one here."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_days_and_months_are_the_user_s_local_ones(
    history: JobArchive, fake: FakeIdeogram, tmp_path: Path, local_zone: str
) -> None:
    backend = backend_for(fake)
    keys = []
    for count in (1, 2, 4, 8):  # $0.08, $0.16, $0.32, $0.64
        fake.script = [Act(items=["ok"] * count)]
        job, _outcome = send(history, backend, tmp_path, num_images=count)
        keys.append(job.id)
    now = datetime(2026, 4, 15, 12, 0)  # local time
    moved(history, keys[0], datetime(2026, 4, 15, 0, 0))  # today, its first moment
    moved(history, keys[1], datetime(2026, 4, 14, 23, 59, 59))  # yesterday
    moved(history, keys[2], datetime(2026, 4, 1, 0, 0))  # this month's first moment
    moved(history, keys[3], datetime(2026, 3, 31, 23, 59))  # last month
    assert spent_today(history, now) == Spend(pytest.approx(0.08), 1)
    assert spent_this_month(history, now) == Spend(pytest.approx(0.56), 3)
    assert spent_in_month(history, 2026, 3) == Spend(pytest.approx(0.64), 1)
    assert spent_in_month(history, 2026, 5) == Spend()
    assert parse_month(" 2026-04 ") == (2026, 4)
    for wrong in ("2026-13", "April", "26-04", "2026-4"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(wrong)


def test_the_daily_limit_counts_today_the_queue_and_the_job(
    history: JobArchive, fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(items=["ok"] * 5)]
    send(history, backend_for(fake), tmp_path, num_images=5)  # $0.40 today
    job = Estimate(2, 0.08)  # $0.16
    overrun = over_limit(history, job, 0.50)
    assert overrun is not None and overrun.facts() == {
        "job": "$0.16",
        "after": "$0.56",
        "limit": "$0.50",
    }
    assert over_limit(history, job, None) is None  # no limit set
    assert over_limit(history, job, 0.56) is None  # reaching the limit is within it
    assert over_limit(history, Estimate(1, 0.08), 0.50) is None
    assert over_limit(history, Estimate(1, 0.08), 0.50, pending=0.05) is not None
    assert over_limit(history, Estimate(8, None), 0.01) is None  # nothing known to add
    assert over_limit(history, Estimate(2, None, free=True), 0.01) is None
    assert over_limit(None, job, 0.10) is not None  # no history: the job alone counts

    # A job this process is running is the window's queue's to count, not the history's.
    with history._transaction() as db:
        db.execute("UPDATE jobs SET state = 'running', billed = NULL, pid = ?", (os.getpid(),))
    assert spent_today(history).total == pytest.approx(0.40)  # running: it will be billed
    assert spent_today(history, skip_running_of=os.getpid()) == Spend()
