"""The job queue on real QThreads against the loopback fake server."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

import numpy as np
import pytest

from ideogram_studio.backends.outcome import ErrorKind, ItemStatus
from ideogram_studio.backends.providers import LOCAL, resolve_provider
from ideogram_studio.backends.service import JobSpec
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.queue import JobQueue, JobState
from tests.backends.helpers import cat_request, files_in
from tests.support.fake_ideogram import API_KEY, Act


@pytest.fixture
def queue(qtbot, tmp_path: Path):
    jobs = JobQueue(ResultStore(tmp_path / "results"))
    yield jobs
    jobs.shutdown()


def ideogram(fake):
    return resolve_provider("ideogram", fake.base_url, API_KEY)


def test_a_job_runs_off_the_gui_thread_and_reports_each_saved_image(qtbot, queue, fake) -> None:
    fake.script = [Act(items=["ok", "unsafe", "ok"])]
    saved, threads = [], []
    gui_thread = threading.get_ident()
    queue.item_saved.connect(lambda record, item, small: saved.append((item, small)))
    original_run = fake.success

    def spy(received, act):  # noqa: ANN001, ANN202
        threads.append(threading.get_ident())
        return original_run(received, act)

    fake.success = spy
    with qtbot.waitSignal(queue.idle, timeout=20000):
        record = queue.submit(JobSpec(cat_request(num_images=3), ideogram(fake), API_KEY))
    assert record.state is JobState.DONE
    assert record.message == "2 saved, 1 not available."
    assert [item.status for item in record.items] == [
        ItemStatus.READY,
        ItemStatus.READY,
        ItemStatus.WITHHELD,
    ]
    assert len(saved) == 2 and all(small.shape[2] == 3 for _, small in saved)
    assert max(saved[0][1].shape[:2]) <= 192
    folder = queue.store.folder
    assert len([n for n in files_in(folder) if not n.endswith("-mask.png")]) == 2
    assert record.job is not None and record.job.mask_path is not None
    assert threads and gui_thread not in threads


def test_at_most_max_running_jobs_run_and_the_rest_wait(qtbot, queue, fake) -> None:
    queue.max_running = 1
    fake.script = [Act(delay=0.6), Act()]
    first = queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    second = queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    assert first.state is JobState.RUNNING and second.state is JobState.WAITING
    qtbot.waitUntil(lambda: second.state is JobState.RUNNING, timeout=10000)
    assert first.state is JobState.DONE
    qtbot.waitUntil(lambda: second.state is JobState.DONE, timeout=10000)


def test_cancel_after_the_upload_keeps_waiting_and_saves_what_was_paid_for(
    qtbot, queue, fake
) -> None:
    fake.script = [Act(delay=1.5, items=["ok", "ok"])]
    record = queue.submit(JobSpec(cat_request(num_images=2), ideogram(fake), API_KEY))
    qtbot.waitUntil(lambda: record.cancel_token.billable, timeout=5000)
    queue.cancel(record)
    assert record.state is JobState.RUNNING and record.kept_for_saving
    assert record.message.startswith("This edit may already be billed")
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
    assert record.state is JobState.DONE and record.message == "2 images saved."
    assert len([n for n in files_in(queue.store.folder) if not n.endswith("-mask.png")]) == 2
    assert len(fake.posts) == 1


def test_discarding_a_billed_job_stops_it_and_saves_nothing(qtbot, queue, fake) -> None:
    fake.script = [Act(delay=5)]
    record = queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    qtbot.waitUntil(lambda: record.cancel_token.billable, timeout=5000)
    queue.cancel(record)  # first press: keep waiting
    with qtbot.waitSignal(queue.ended, timeout=3000):
        queue.cancel(record)  # second press (the card's Discard): stop
    assert record.state is JobState.CANCELLED
    assert record.message == "Discarded: images that come back are not saved."
    assert files_in(queue.store.folder) == []
    assert len(fake.posts) <= 1  # never sent again


def test_a_local_job_is_cancelled_at_once_it_costs_nothing(qtbot, queue) -> None:
    record = queue.submit(JobSpec(cat_request(num_images=2), LOCAL, None))
    with qtbot.waitSignal(queue.ended, timeout=20000):
        queue.cancel(record)
    assert record.state is JobState.CANCELLED and not record.kept_for_saving
    assert not record.cancel_token.billable


def test_a_waiting_job_is_cancelled_at_once(qtbot, queue, fake) -> None:
    queue.max_running = 1
    fake.script = [Act(delay=1)]
    queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    waiting = queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    queue.cancel(waiting)
    assert waiting.state is JobState.CANCELLED
    assert waiting.message == "Cancelled before it started."


@pytest.mark.parametrize(
    ("act", "kind", "words"),
    [
        (Act(401, {"error": "Unauthorized"}), ErrorKind.REFUSED, "API key was refused"),
        (Act(500, {"error": "boom"}), ErrorKind.NETWORK, "server failed (HTTP 500)"),
    ],
)
def test_errors_end_the_job_with_the_backends_sentence(qtbot, queue, fake, act, kind, words):
    fake.script = [act]
    with qtbot.waitSignal(queue.ended, timeout=20000):
        record = queue.submit(JobSpec(cat_request(), ideogram(fake), API_KEY))
    assert record.state is JobState.FAILED
    assert record.error_kind is kind
    assert words in record.message


def test_an_invalid_request_fails_as_input_without_contacting_anyone(qtbot, queue, fake):
    request = cat_request()
    empty = dataclasses.replace(request, mask=np.zeros_like(request.mask))
    with qtbot.waitSignal(queue.ended, timeout=5000):
        record = queue.submit(JobSpec(empty, ideogram(fake), API_KEY))
    assert record.error_kind is ErrorKind.INPUT
    assert "marks nothing to edit" in record.message
    assert fake.posts == []


def test_the_local_backend_runs_as_a_job(qtbot, queue) -> None:
    with qtbot.waitSignal(queue.idle, timeout=20000):
        record = queue.submit(JobSpec(cat_request(num_images=2), LOCAL, None))
    assert record.state is JobState.DONE
    assert len(record.items) == 2
    assert all(item.path and item.path.exists() for item in record.items)


def test_a_job_whose_every_image_was_withheld_ends_failed(qtbot, queue, fake) -> None:
    fake.script = [Act(items=["unsafe", "unsafe"])]
    with qtbot.waitSignal(queue.idle, timeout=20000):
        record = queue.submit(JobSpec(cat_request(num_images=2), ideogram(fake), API_KEY))
    assert record.state is JobState.FAILED and record.error_kind is ErrorKind.NETWORK
    assert record.message.startswith("No image could be saved from this edit.")
    assert "Withheld by Ideogram's safety filter" in record.message
    assert [item.status for item in record.items] == [ItemStatus.WITHHELD] * 2
    assert len(fake.posts) == 1  # billed once, never sent again


def test_the_queue_counts_images_not_jobs_and_never_provokes_a_429(qtbot, queue, fake) -> None:
    fake.default = Act(delay=0.4)  # each edit stays in progress a while
    queue.max_running = 8
    sizes = [4, 4, 4, 2, 1]
    with qtbot.waitSignal(queue.idle, timeout=60000):
        records = [
            queue.submit(JobSpec(cat_request(num_images=n), ideogram(fake), API_KEY)) for n in sizes
        ]
        # Two jobs of 4 run; the third would make 12 images in progress: it waits, and says why.
        assert [r.state for r in records[:3]] == [
            JobState.RUNNING,
            JobState.RUNNING,
            JobState.WAITING,
        ]
        assert records[2].message == (
            "Waiting: 8 images are in progress and Ideogram allows 10 at once."
        )
    assert all(r.state is JobState.DONE for r in records)
    assert fake.inflight_refused == 0 and fake.most_inflight <= 10
    assert sum(len(r.items) for r in records) == sum(sizes)


def test_a_queue_counting_jobs_only_would_be_refused_by_the_server(qtbot, queue, fake) -> None:
    """The fake holds Ideogram's limit: the same jobs let through at once get 429s."""
    fake.default = Act(delay=0.4)
    queue.max_running, queue.images_in_flight = 8, 100
    with qtbot.waitSignal(queue.idle, timeout=60000):
        for n in (4, 4, 4):
            queue.submit(JobSpec(cat_request(num_images=n), ideogram(fake), API_KEY))
    assert fake.inflight_refused >= 1


def test_a_lowered_limit_lets_one_job_over_it_run_alone(qtbot, queue, fake) -> None:
    queue.images_in_flight = 3
    with qtbot.waitSignal(queue.idle, timeout=60000):
        big = queue.submit(JobSpec(cat_request(num_images=4), ideogram(fake), API_KEY))
        small = queue.submit(JobSpec(cat_request(num_images=1), ideogram(fake), API_KEY))
        assert big.state is JobState.RUNNING and small.state is JobState.WAITING
    assert big.state is small.state is JobState.DONE
