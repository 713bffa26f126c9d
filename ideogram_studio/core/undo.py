"""Undo history that stores only the tiles a step changed, packed small.

The mask buffer is cut into TILE x TILE tiles. A step keeps the indices of the tiles it changed
and their contents before the change (after an undo: after the change, for redo). Memory thus
grows with the pixels touched, not with the image, and a byte cap drops the oldest steps.

Packing happens off the caller's thread: a step first holds its tiles raw (a plain copy, cheap
to take), and a background thread compacts them: uniform tiles, which are most tiles of a mask,
to one byte, the rest through zlib (which releases the GIL). A whole-image operation so costs
the painter a memory copy instead of a 70 ms compression.
"""

from __future__ import annotations

import threading
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

TILE = 64
_BYTE_SPREAD = np.uint64(0x0101010101010101)  # a byte repeated over the 8 bytes of a uint64

_compactor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="undo-compactor")


def tile_view(buffer: np.ndarray) -> np.ndarray:
    """A (tile rows, TILE, tile columns, TILE) view of a buffer with sides multiple of TILE."""
    rows, columns = buffer.shape
    return buffer.reshape(rows // TILE, TILE, columns // TILE, TILE)


def changed_tiles(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """A bool per tile: does any byte differ? Compares 8 bytes at a time."""
    rows, columns = before.shape
    difference = np.bitwise_xor(before.view(np.uint64), after.view(np.uint64))
    return difference.reshape(rows // TILE, TILE, columns // TILE, TILE // 8).any(axis=(1, 3))


class PackedTiles:
    """The contents of some tiles, raw at first and compacted later in the background."""

    __slots__ = ("rows", "columns", "_raw", "_uniform", "_values", "_blob", "_lock")

    def __init__(self, contents: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> None:
        """Own `contents`, a (count, TILE, TILE) uint8 array nobody else will write to."""
        self.rows = rows
        self.columns = columns
        self._raw: np.ndarray | None = contents
        self._uniform = np.zeros(0, dtype=bool)
        self._values = np.zeros(0, dtype=np.uint8)
        self._blob = b""
        self._lock = threading.Lock()

    @classmethod
    def capture(cls, tiles: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> PackedTiles:
        """Copy the current contents of the given tiles of a tile view."""
        return cls(tiles[rows, :, columns, :], rows, columns)

    def compact(self) -> None:
        raw = self._raw  # never mutated, so it can be read without the lock
        if raw is None:
            return
        flat = raw.reshape(len(raw), -1)
        first = flat[:, 0]
        uniform = (flat.view(np.uint64) == (first.astype(np.uint64) * _BYTE_SPREAD)[:, None]).all(
            axis=1
        )
        mixed = raw[~uniform]
        blob = zlib.compress(mixed, 1) if len(mixed) else b""
        with self._lock:
            self._uniform, self._values, self._blob = uniform, first.copy(), blob
            self._raw = None

    def restore(self, tiles: np.ndarray) -> None:
        """Write the held contents back into a tile view."""
        with self._lock:
            raw = self._raw
            if raw is None:
                raw = np.empty((len(self.rows), TILE, TILE), dtype=np.uint8)
                raw[self._uniform] = self._values[self._uniform, None, None]
                mixed = int(np.count_nonzero(~self._uniform))
                if mixed:
                    data = zlib.decompress(self._blob, bufsize=mixed * TILE * TILE)
                    raw[~self._uniform] = np.frombuffer(data, np.uint8).reshape(-1, TILE, TILE)
        tiles[self.rows, :, self.columns, :] = raw

    @property
    def nbytes(self) -> int:
        index_bytes = self.rows.nbytes + self.columns.nbytes + 64
        raw = self._raw
        if raw is not None:
            return raw.nbytes + index_bytes
        return len(self._blob) + self._uniform.nbytes + self._values.nbytes + index_bytes

    def bounds(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in pixels of the tiles held."""
        return (
            int(self.columns.min()) * TILE,
            int(self.rows.min()) * TILE,
            (int(self.columns.max()) + 1) * TILE,
            (int(self.rows.max()) + 1) * TILE,
        )


@dataclass(slots=True)
class Step:
    """One undoable action: its name for the menu and the other side of its tiles."""

    label: str
    tiles: PackedTiles

    def swap(self, tile_grid: np.ndarray) -> None:
        """Put the stored tiles back and keep what was there, so the same step can be redone."""
        current = PackedTiles.capture(tile_grid, self.tiles.rows, self.tiles.columns)
        self.tiles.restore(tile_grid)
        self.tiles = current


class UndoHistory:
    """Undo and redo stacks with a cap on the memory they hold."""

    def __init__(self, limit_bytes: int = 256 * 1024 * 1024) -> None:
        self.limit_bytes = limit_bytes
        self._undo: deque[Step] = deque()
        self._redo: list[Step] = []
        self._pending: list[Future[None]] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    @property
    def nbytes(self) -> int:
        return sum(step.tiles.nbytes for step in self._undo) + sum(
            step.tiles.nbytes for step in self._redo
        )

    def __len__(self) -> int:
        return len(self._undo)

    def push(self, step: Step) -> None:
        """Record a new step: the redo stack is dropped, and the oldest steps past the cap."""
        self._redo.clear()
        self._undo.append(step)
        self._compact_later(step)
        total = self.nbytes
        # Always keep the newest step, even if it alone is over the cap.
        while total > self.limit_bytes and len(self._undo) > 1:
            total -= self._undo.popleft().tiles.nbytes

    def pop_undo(self) -> Step | None:
        return self._undo.pop() if self._undo else None

    def pop_redo(self) -> Step | None:
        return self._redo.pop() if self._redo else None

    def push_redo(self, step: Step) -> None:
        self._redo.append(step)
        self._compact_later(step)

    def push_after_redo(self, step: Step) -> None:
        self._undo.append(step)
        self._compact_later(step)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def flush(self) -> None:
        """Wait until every step is compacted (for measurements and tests)."""
        for future in self._pending:
            future.result()
        self._pending.clear()

    def _compact_later(self, step: Step) -> None:
        self._pending = [future for future in self._pending if not future.done()]
        self._pending.append(_compactor.submit(step.tiles.compact))
