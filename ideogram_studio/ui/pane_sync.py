"""Panes that move together: zooming or panning one moves the others to the same part of
their image (in image-relative terms, so a 1-megapixel result lines up with its 24-megapixel
original), and held \\ shows the original in all of them. Compare and the sweep grid share it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ideogram_studio.ui.views import ImagePane


class PaneGroup:
    """The synced panes of one view, in the order they were added."""

    def __init__(self) -> None:
        self.panes: list[ImagePane] = []
        self._syncing = False
        self.flicker = False  # \ held: every pane shows its alternate (the original)

    def __iter__(self) -> Iterator[ImagePane]:
        return iter(self.panes)

    def __len__(self) -> int:
        return len(self.panes)

    def __getitem__(self, index: int) -> ImagePane:
        return self.panes[index]

    def add(self, pane: ImagePane) -> None:
        """Follow the pane's zoom and pan; a pane added later takes the others' view."""
        self.align(pane)
        pane.show_alternate = self.flicker
        pane.view_changed.connect(lambda p=pane: self.follow(p))
        self.panes.append(pane)

    def align(self, pane: ImagePane) -> None:
        """Give `pane` (which has just got its picture) the view the others show."""
        leader = next((p for p in self.panes if p is not pane and p.has_image), None)
        if leader is not None and pane.has_image:
            pane.set_relative_view(*leader.held)

    def clear(self) -> list[ImagePane]:
        """Forget every pane (the caller removes them); returns them."""
        panes, self.panes = self.panes, []
        return panes

    def follow(self, source: ImagePane) -> None:
        """Every other pane to `source`'s view."""
        if self._syncing:
            return
        self._syncing = True
        try:
            zoom, cx, cy = source.relative_view()
            for pane in self.panes:
                if pane is not source and pane.has_image:
                    pane.set_relative_view(zoom, cx, cy)
        finally:
            self._syncing = False

    def fit_all(self) -> None:
        for pane in self.panes:
            pane.fit()
        if self.panes:
            self.follow(self.panes[0])

    def actual_size(self) -> None:
        """100 % in the first pane with an image; the others follow."""
        pane = next((p for p in self.panes if p.has_image), None)
        if pane is not None:
            pane.actual_size()

    def set_flicker(self, showing_original: bool) -> None:
        self.flicker = showing_original
        for pane in self.panes:
            pane.show_alternate = showing_original
            pane.update()
