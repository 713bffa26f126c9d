"""Integer pixel rectangles: what every mask operation returns as its dirty area."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rect:
    """A half-open pixel rectangle [x, x + width) x [y, y + height)."""

    x: int
    y: int
    width: int
    height: int

    @classmethod
    def from_edges(cls, left: int, top: int, right: int, bottom: int) -> Rect:
        return cls(left, top, max(0, right - left), max(0, bottom - top))

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def is_empty(self) -> bool:
        return self.width <= 0 or self.height <= 0

    @property
    def slices(self) -> tuple[slice, slice]:
        """Index into a (rows, columns) array."""
        return slice(self.y, self.bottom), slice(self.x, self.right)

    @property
    def area(self) -> int:
        return 0 if self.is_empty else self.width * self.height

    def union(self, other: Rect) -> Rect:
        if self.is_empty:
            return other
        if other.is_empty:
            return self
        return Rect.from_edges(
            min(self.x, other.x),
            min(self.y, other.y),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def intersect(self, other: Rect) -> Rect:
        return Rect.from_edges(
            max(self.x, other.x),
            max(self.y, other.y),
            min(self.right, other.right),
            min(self.bottom, other.bottom),
        )

    def grown(self, margin: int) -> Rect:
        return Rect(
            self.x - margin, self.y - margin, self.width + 2 * margin, self.height + 2 * margin
        )


EMPTY = Rect(0, 0, 0, 0)
