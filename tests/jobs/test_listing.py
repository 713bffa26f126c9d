"""History's list: jobs alone and each group of jobs as one entry, newest first, with the
group's counts and thumbnail; search and "★ only" reach the jobs inside groups."""

from __future__ import annotations

from pathlib import Path

from ideogram_studio.backends.local import LocalBackend
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.listing import GroupEntry
from tests.backends.helpers import cat_request, with_options


def edit(history: JobArchive, store: ResultStore, prompt: str, **group: object) -> None:
    request = with_options(cat_request(), prompt=prompt, num_images=2)
    run_edit(request, LocalBackend(), store, recorder=history, **group)


def test_a_group_is_one_entry_among_the_jobs_newest_first(tmp_path: Path) -> None:
    history = JobArchive(tmp_path / "home")
    store = ResultStore(tmp_path / "out")
    edit(history, store, "before")
    sweep = history.start_group("sweep", "Sweep: 3 prompts", {})
    for column, prompt in enumerate(("a hat", "a bow", "a scarf")):
        edit(history, store, prompt, group_id=sweep, group_place={"cell": [0, column]})
    history.start_group("batch", "An empty batch", {})  # nothing recorded: not listed
    edit(history, store, "after")

    entries = history.entries()
    assert [getattr(e, "prompt", None) for e in entries] == ["after", None, "before"]
    group = entries[1]
    assert isinstance(group, GroupEntry)
    assert group.group.title == "Sweep: 3 prompts" and group.group.kind == "sweep"
    assert (group.jobs, group.images, group.running, group.failed) == (3, 6, 0, 0)
    assert group.prompts == ["a hat", "a bow", "a scarf"] and group.backend == "local"
    first = history.group(sweep).jobs[0].results[0]
    assert group.thumb == first.thumb  # no winner yet: the first saved image

    winner = history.group(sweep).jobs[2].results[1]
    history.set_favourite(winner.id, True)
    assert history.entries()[1].thumb == winner.thumb  # a winner stands for its sweep
    assert [type(e).__name__ for e in history.entries(favourites_only=True)] == ["GroupEntry"]
    assert [type(e).__name__ for e in history.entries(search="bow")] == ["GroupEntry"]
    assert [type(e).__name__ for e in history.entries(search="sweep: 3")] == ["GroupEntry"]
    assert [e.prompt for e in history.entries(search="after")] == ["after"]
    assert len(history.entries(limit=2)) == 2 and len(history.entries(offset=2)) == 1
    assert len(history.page()) == 5  # every job, those of the group too
