"""Prompt regions of the document: several masks, each with its own prompt, colour and name,
like a painting tool's layers. The tools paint into the active one.

The document keeps working on one mask as before: its `engine` is the active region's mask
and its prompt (in the options) is the active region's prompt. A list of one region is the
single-mask flow exactly; only with two or more does Generate send one request per region.
No widgets here; the window binds to the signals.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal

from ideogram_studio.backends.prices import Estimate
from ideogram_studio.backends.request import EditOptions
from ideogram_studio.core.mask import MaskEngine
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.session import Session

# Distinct at a glance over photos and from each other (the first is the single mask's red).
REGION_COLOURS: tuple[tuple[int, int, int], ...] = (
    (255, 45, 85),
    (30, 144, 255),
    (255, 196, 0),
    (40, 200, 120),
    (170, 85, 255),
    (255, 120, 30),
    (0, 206, 209),
    (240, 80, 200),
)
MAX_REGIONS = 8  # one request each: more is a sweep's job, not a picture's


@dataclass(eq=False)
class PaintedRegion:
    """One region: its mask at the photo's full size (with its own undo), prompt, colour
    and name. The active region's prompt and area live in the document while it is active."""

    engine: MaskEngine
    prompt: str
    colour: tuple[int, int, int]
    name: str
    has_area: bool = False


class RegionHost(Protocol):
    """What the region list needs of the document (model.document.Document)."""

    engine: MaskEngine | None
    mask_has_area: bool
    options: EditOptions

    def set_options(self, options: EditOptions) -> None: ...
    def update_blocker(self) -> None: ...


class RegionList(QObject):
    changed = Signal()  # a region was added, removed, renamed or moved
    active_changed = Signal()  # another region is painted into (the document's engine follows)
    prompt_changed = Signal(int)  # the region's prompt, typed in its row or in the prompt box

    def __init__(self, host: RegionHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.regions: list[PaintedRegion] = []
        self.active = 0
        self.revision = 0  # counts changes of names, prompts and order (the autosave's)
        self._saved: object = None  # what the last autosave wrote (a key of revisions)

    # ----------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self.regions)

    @property
    def several(self) -> bool:
        """Two or more regions: Generate sends one request per region."""
        return len(self.regions) > 1

    def prompt_of(self, index: int) -> str:
        if index == self.active:
            return self.host.options.prompt
        return self.regions[index].prompt

    def has_area(self, index: int) -> bool:
        if index == self.active:
            return self.host.mask_has_area
        return self.regions[index].has_area

    def snapshot(self) -> list[PaintedRegion]:
        """The regions with the active one's prompt and area brought up to date."""
        if self.regions:
            current = self.regions[self.active]
            current.prompt, current.has_area = self.host.options.prompt, self.host.mask_has_area
        return list(self.regions)

    def blocker(self) -> str | None:
        """Why the regions cannot be sent, naming the first that lacks paint or a prompt."""
        for index, region in enumerate(self.regions):
            if not self.has_area(index):
                return translate(
                    "MainWindow", "Paint {name} first: it marks nothing to change yet."
                ).format(name=region.name)
            if not self.prompt_of(index).strip():
                return translate(
                    "MainWindow", "Write a prompt for {name}: what it should become."
                ).format(name=region.name)
        return None

    def times(self, one: Estimate) -> Estimate:
        """The estimate of one request made for every region (each sends the same options)."""
        count = len(self.regions)
        if count <= 1:
            return one
        upscales = one.upscales
        if upscales is not None:
            upscales = dataclasses.replace(upscales, images=upscales.images * count)
        return dataclasses.replace(one, images=one.images * count, upscales=upscales)

    def masks(self) -> list[np.ndarray]:
        """Copies of every region's mask, in order (for a worker thread or the history)."""
        return [region.engine.copy() for region in self.regions]

    # ----------------------------------------------------------------- changes

    def reset(self, engine: MaskEngine) -> None:
        """A new photo: one region, its mask the document's (the single-mask flow)."""
        self.regions = [PaintedRegion(engine, "", REGION_COLOURS[0], self.default_name(0), False)]
        self.active = 0
        self.revision += 1
        self.changed.emit()

    def default_name(self, index: int) -> str:
        return translate("MainWindow", "Region {number}").format(number=index + 1)

    def add(self) -> PaintedRegion | None:
        """A new empty region after the others, which becomes the active one; None at the
        most regions (or with no photo)."""
        engine = self.host.engine
        if engine is None or len(self.regions) >= MAX_REGIONS:
            return None
        used = {region.colour for region in self.regions}
        colour = next((c for c in REGION_COLOURS if c not in used), REGION_COLOURS[0])
        index = len(self.regions)
        region = PaintedRegion(
            MaskEngine(engine.width, engine.height), "", colour, self._free_name(index)
        )
        region.engine.brush = engine.brush
        self.regions.append(region)
        self.revision += 1
        self.changed.emit()
        self.activate(index)
        return region

    def _free_name(self, index: int) -> str:
        names = {region.name for region in self.regions}
        while self.default_name(index) in names:
            index += 1
        return self.default_name(index)

    def remove(self, index: int) -> None:
        """Delete a region (its paint too); the last one is never removed."""
        if len(self.regions) <= 1 or not 0 <= index < len(self.regions):
            return
        self.snapshot()
        was_active = index == self.active
        del self.regions[index]
        if self.active > index or self.active >= len(self.regions):
            self.active -= 1
        self.revision += 1
        if was_active:
            self._enter(self.active, tell=False)  # the list is told first, then the switch
        self.changed.emit()
        if was_active:
            self.active_changed.emit()

    def rename(self, index: int, name: str) -> None:
        name = name.strip()
        if name and name != self.regions[index].name:
            self.regions[index].name = name
            self.revision += 1
            self.changed.emit()
            self.host.update_blocker()  # its sentence may name it

    def move(self, index: int, to: int) -> None:
        """Reorder (the request order and the order picks are laid over each other)."""
        if not (0 <= index < len(self.regions) and 0 <= to < len(self.regions)) or index == to:
            return
        active = self.regions[self.active]
        self.regions.insert(to, self.regions.pop(index))
        self.active = self.regions.index(active)
        self.revision += 1
        self.changed.emit()

    def set_prompt(self, index: int, prompt: str) -> None:
        """A prompt typed in a region's row: the active one's is the prompt box's."""
        if index == self.active:
            if prompt != self.host.options.prompt:
                self.host.set_options(dataclasses.replace(self.host.options, prompt=prompt))
        elif prompt != self.regions[index].prompt:
            self.regions[index].prompt = prompt
            self.revision += 1
            self.host.update_blocker()
        self.prompt_changed.emit(index)

    def activate(self, index: int) -> None:
        """Paint into another region from now on: the document's mask and prompt follow."""
        if not 0 <= index < len(self.regions) or index == self.active:
            return
        self.snapshot()  # the one left keeps its prompt and area
        self.active = index
        self._enter(index)

    def _enter(self, index: int, *, tell: bool = True) -> None:
        region, host = self.regions[index], self.host
        host.engine = region.engine
        host.mask_has_area = region.has_area
        host.set_options(dataclasses.replace(host.options, prompt=region.prompt))
        host.update_blocker()
        if tell:
            self.active_changed.emit()

    # ----------------------------------------------------------------- session

    def autosave(self, session: Session) -> None:
        """Keep every region's mask, prompt and name beside the autosaved photo (the
        document's own autosave keeps the active mask), only when something changed."""
        regions = self.snapshot()
        key = (
            self.revision,
            self.active,
            tuple((id(r.engine), r.engine.revision, r.prompt) for r in regions),
        )
        if key == self._saved or (self._saved is None and not self.several):
            return
        self._saved = key
        if not self.several:
            session.save_regions([], {})  # back to one mask: the regions' files go
            return
        facts = {
            "active": self.active,
            "prompts": [region.prompt for region in regions],
            "names": [region.name for region in regions],
        }
        session.save_regions([region.engine.copy() for region in regions], facts)

    def restore(self, saved: tuple[list[np.ndarray], dict] | None) -> bool:
        """Bring back the regions autosaved with the restored photo (Restored.regions)."""
        if saved is None or self.host.engine is None:
            return False
        masks, facts = saved
        prompts = list(facts.get("prompts") or [])
        names = list(facts.get("names") or [])
        regions = [
            (
                mask,
                str(prompts[i]) if i < len(prompts) else "",
                str(names[i]) if i < len(names) else self.default_name(i),
            )
            for i, mask in enumerate(masks)
        ]
        self.replace_all(regions, int(facts.get("active", 0)), keep_first=False)
        self._saved = None
        return True

    def replace_all(
        self, regions: list[tuple[np.ndarray, str, str]], active: int = 0, *, keep_first: bool
    ) -> None:
        """Put back saved regions (mask, prompt, name) over the photo open now: a restored
        session or history group. The first goes into the document's own engine, which with
        `keep_first` holds it already (the photo was opened with it)."""
        engine = self.host.engine
        if engine is None or not regions:
            return
        made: list[PaintedRegion] = []
        for index, (mask, prompt, name) in enumerate(regions[:MAX_REGIONS]):
            target = engine if index == 0 else MaskEngine(engine.width, engine.height)
            if index or not keep_first:
                target.data[...] = mask
                target.brush = engine.brush
            colour = REGION_COLOURS[index % len(REGION_COLOURS)]
            made.append(PaintedRegion(target, prompt, colour, name, target.has_edit_area()))
        self.regions = made
        self.active = -1  # entering sets the document's mask, area and prompt
        self.revision += 1
        self.changed.emit()
        self.active = min(max(active, 0), len(made) - 1)
        self._enter(self.active)
