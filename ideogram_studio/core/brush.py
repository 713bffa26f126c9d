"""Round brush stamps and the placement of dabs along a stroke.

A dab is a cached uint8 disk (255 at the centre) combined into the mask with np.maximum (paint)
or np.minimum (erase) on a slice the size of the brush: cost follows the brush, not the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Radii are cached in quarter-pixel steps: pressure produces a continuum of sizes.
_RADIUS_STEP = 0.25
_HARDNESS_STEP = 0.05


@dataclass(frozen=True, slots=True)
class Brush:
    """What the brush tool is set to. Radius is in image pixels."""

    radius: float = 40.0
    hardness: float = 0.8
    spacing: float = 0.1  # distance between dabs as a fraction of the diameter (Krita uses ~0.1)
    pressure_size: bool = True  # tablet pressure scales the radius

    def radius_at(self, pressure: float) -> float:
        if not self.pressure_size:
            return self.radius
        return max(0.5, self.radius * min(1.0, max(0.0, pressure)))

    def step_at(self, pressure: float) -> float:
        return max(1.0, self.spacing * 2.0 * self.radius_at(pressure))


def quantize_radius(radius: float) -> float:
    return max(_RADIUS_STEP * 2, round(radius / _RADIUS_STEP) * _RADIUS_STEP)


def quantize_hardness(hardness: float) -> float:
    return round(min(1.0, max(0.0, hardness)) / _HARDNESS_STEP) * _HARDNESS_STEP


def stamp(radius: float, hardness: float) -> np.ndarray:
    """The dab for a brush: a square uint8 array, odd-sized, its centre pixel at the middle."""
    return _stamp(quantize_radius(radius), quantize_hardness(hardness))


def erase_stamp(radius: float, hardness: float) -> np.ndarray:
    """255 minus the dab, so erasing is a single np.minimum."""
    return _erase_stamp(quantize_radius(radius), quantize_hardness(hardness))


@lru_cache(maxsize=256)
def _stamp(radius: float, hardness: float) -> np.ndarray:
    half = math.ceil(radius)
    offsets = np.arange(-half, half + 1, dtype=np.float32)
    distance = np.hypot(offsets[None, :], offsets[:, None])
    # One pixel of antialiasing on the rim keeps a hard brush from looking jagged.
    rim = np.clip(radius + 0.5 - distance, 0.0, 1.0)
    core = radius * hardness
    if radius - core > 1.0:
        t = np.clip((distance - core) / (radius - core), 0.0, 1.0)
        falloff = 0.5 * (1.0 + np.cos(np.pi * t))  # smooth from 1 at the core to 0 at the rim
        profile = np.minimum(rim, falloff)
    else:
        profile = rim
    result = np.round(profile * 255.0).astype(np.uint8)
    result[half, half] = 255  # even a tiny, soft dab marks the pixel under the cursor
    result.setflags(write=False)
    return result


@lru_cache(maxsize=256)
def _erase_stamp(radius: float, hardness: float) -> np.ndarray:
    result = 255 - _stamp(radius, hardness)
    result.setflags(write=False)
    return result


def dab_positions(
    start: tuple[float, float, float],
    end: tuple[float, float, float],
    carry: float,
    brush: Brush,
) -> tuple[list[tuple[float, float, float]], float]:
    """Dabs from start to end (x, y, pressure), spaced by the brush; returns (dabs, new carry).

    `carry` is how far along the path the next dab is due, so spacing stays even across
    mouse events however they are sampled; the start point itself was dabbed already.
    """
    x0, y0, p0 = start
    x1, y1, p1 = end
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0.0:
        return [], carry
    dabs: list[tuple[float, float, float]] = []
    travelled = carry
    while travelled <= length:
        t = travelled / length
        pressure = p0 + (p1 - p0) * t
        dabs.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, pressure))
        travelled += brush.step_at(pressure)
    return dabs, travelled - length
