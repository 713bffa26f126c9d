"""Groups of jobs in the history: a sweep's cells recorded with their places, read back whole,
and deleted with their jobs and files."""

from __future__ import annotations

from pathlib import Path

from ideogram_studio.backends.local import LocalBackend
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.jobs.archive import JobArchive
from tests.backends.helpers import cat_request, with_options


def test_a_group_holds_its_jobs_with_their_places_and_goes_with_them(tmp_path: Path) -> None:
    history = JobArchive(tmp_path / "home")
    group_id = history.start_group("sweep", "2 prompts", {"axes": [["prompt", ["a", "b"]]]})
    store = ResultStore(tmp_path / "out")
    for prompt in ("a hat", "a bow"):
        request = with_options(cat_request(), prompt=prompt)
        run_edit(
            request,
            LocalBackend(),
            store,
            recorder=history,
            group_id=group_id,
            group_place={"cell": [0, 0 if prompt == "a hat" else 1]},
        )
    run_edit(with_options(cat_request(), prompt="alone"), LocalBackend(), store, recorder=history)
    history.set_group_state(group_id, {"winners": [[0, 1]]})

    group = history.group(group_id)
    assert group is not None and group.kind == "sweep" and group.title == "2 prompts"
    assert group.spec == {"axes": [["prompt", ["a", "b"]]]}
    assert group.state == {"winners": [[0, 1]]}
    assert [(job.prompt, job.group_place) for job in group.jobs] == [
        ("a hat", {"cell": [0, 0]}),
        ("a bow", {"cell": [0, 1]}),
    ]
    assert [g.id for g in history.groups("sweep")] == [group_id] and history.groups("batch") == []
    files = [r.path for job in group.jobs for r in job.results]
    assert files and all(path.exists() for path in files)

    history.delete_group(group_id)
    assert history.group(group_id) is None
    assert [job.prompt for job in history.page()] == ["alone"]
    assert not any(path.exists() for path in files)
