"""How History words a group of jobs (a sweep, a batch, prompt regions): its entry's two lines
and tooltip, and each of its jobs' place in it ("r1 c2: a red hat · seed 7")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ideogram_studio.backends.options import RequestError
from ideogram_studio.backends.prices import about, unknown
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.sweep import SweepPlan
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate
from ideogram_studio.jobs.groups import GroupRow
from ideogram_studio.jobs.listing import GroupEntry

UNFOLDING = QT_TRANSLATE_NOOP("HistoryPanel", "Reading its jobs…")
MOST_PROMPTS = 8  # in an entry's tooltip
LABEL_LENGTH = 40


def count_words(kind: str, count: int) -> str:
    """ "9 cells", "40 photos", "2 regions": what a group's jobs are to the user."""
    if kind == "sweep":
        text = (
            translate("HistoryPanel", "{count} cells")
            if count != 1
            else translate("HistoryPanel", "1 cell")
        )
    elif kind == "batch":
        text = (
            translate("HistoryPanel", "{count} photos")
            if count != 1
            else translate("HistoryPanel", "1 photo")
        )
    elif kind == "regions":
        text = (
            translate("HistoryPanel", "{count} regions")
            if count != 1
            else translate("HistoryPanel", "1 region")
        )
    else:
        text = (
            translate("HistoryPanel", "{count} jobs")
            if count != 1
            else translate("HistoryPanel", "1 job")
        )
    return text.format(count=count)


def group_text(
    entry: GroupEntry, when: str, backend_name: Callable[[str], str]
) -> tuple[str, str, str]:
    """(title, detail line, tooltip) of a group's entry: "Sweep: 3 prompts × 2 seeds" over
    "2026-12-02 01:20 · Ideogram · 6 cells · 6 images · about $0.48 · 1 failed"."""
    images = (
        translate("HistoryPanel", "{count} images")
        if entry.images != 1
        else translate("HistoryPanel", "1 image")
    ).format(count=entry.images)
    parts = [when, backend_name(entry.backend), count_words(entry.group.kind, entry.jobs), images]
    if entry.backend != ProviderKind.LOCAL.value:
        parts.append(about(entry.estimate) if entry.estimate is not None else unknown())
    if entry.running:
        parts.append(translate("HistoryPanel", "{count} running").format(count=entry.running))
    if entry.failed:
        parts.append(translate("HistoryPanel", "{count} failed").format(count=entry.failed))
    if entry.unsaved:
        parts.append(
            translate("HistoryPanel", "{count} not saved: unfold to fetch again").format(
                count=entry.unsaved
            )
        )
    prompts = entry.prompts[:MOST_PROMPTS] + (["…"] if len(entry.prompts) > MOST_PROMPTS else [])
    return entry.group.title, " · ".join(filter(None, parts)), "\n".join(prompts)


def place_label(group: GroupRow, place: dict[str, Any] | None) -> str:
    """A job's place in its group, as short words: a sweep's cell by its values."""
    if not place:
        return ""
    if group.kind == "sweep" and "cell" in place:
        labels = _sweep_labels(group, list(place["cell"]))
        if labels:
            return " · ".join(shorten(label) for label in labels)
    return " · ".join(shorten(str(value)) for value in place.values())


def _sweep_labels(group: GroupRow, cell: list[int]) -> list[str] | None:
    try:
        plan = SweepPlan.from_spec(group.spec)
        return [axis.label(index) for axis, index in zip(plan.axes, cell, strict=True)]
    except (RequestError, KeyError, ValueError, IndexError, TypeError):
        return None  # a spec this version cannot read: the place as it is stored


def shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    """One line of at most `limit` characters, cut with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
