"""A sweep: one photo and mask, up to three axes of values (prompts, seeds, style types,
rendering speeds or models, style codes or palettes), one request per cell of their grid.

The plan is a value: the window's sweep panel and `ideogram-studio sweep` build one, show its
counts and estimated price, and run its cells; the history keeps `to_spec()` and restores the
grid from it. The first axis gives the grid's rows, the second its columns, the third its pages.
No Qt here.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ideogram_studio.backends.options import (
    MAX_IMAGES,
    MAX_SEED,
    STYLES_FOR,
    EditApiId,
    EditOptions,
    Model,
    Palette,
    RenderingSpeed,
    RequestError,
    StyleType,
)
from ideogram_studio.backends.prices import Estimate, usd
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.i18n import translate

MAX_AXES = 3
MAX_CELLS = 64  # a grid past this is no comparison any more, and an expensive mistake
_CODE = re.compile(r"[0-9a-fA-F]{8}")


class AxisKind(enum.StrEnum):
    """What an axis varies: the name of the EditOptions field it sets."""

    PROMPT = "prompt"
    SEED = "seed"
    STYLE_TYPE = "style_type"
    SPEED = "speed"  # Ideogram 3.0
    MODEL = "model"  # legacy edit
    STYLE_CODES = "style_codes"  # Ideogram 3.0
    PALETTE = "palette"  # Ideogram 3.0


# The kinds each API can sweep (an axis of the other API's field would send nothing).
KINDS_FOR = {
    EditApiId.LEGACY: (AxisKind.PROMPT, AxisKind.SEED, AxisKind.STYLE_TYPE, AxisKind.MODEL),
    EditApiId.V3: (
        AxisKind.PROMPT,
        AxisKind.SEED,
        AxisKind.STYLE_TYPE,
        AxisKind.SPEED,
        AxisKind.STYLE_CODES,
        AxisKind.PALETTE,
    ),
}

AxisValue = str | int | StyleType | RenderingSpeed | Model | tuple[str, ...] | Palette


@dataclass(frozen=True)
class SweepAxis:
    """One axis: its kind and its values, as EditOptions takes them."""

    kind: AxisKind
    values: tuple[AxisValue, ...]

    @classmethod
    def parse(cls, kind: AxisKind | str, texts: Sequence[str], api: EditApiId) -> SweepAxis:
        """An axis from the values as typed (the CLI's repeated flags, the panel's lines).
        Raises RequestError with one sentence for a value that cannot be read."""
        kind = AxisKind(kind)
        values = tuple(_parse_value(kind, text, api) for text in texts if str(text).strip())
        return cls(kind, values)

    def label(self, index: int) -> str:
        """The heading of the axis's `index`-th value, for the grid and the contact sheet."""
        return value_label(self.kind, self.values[index])

    def title(self) -> str:
        return kind_title(self.kind)

    def to_spec(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "values": [_value_name(v) for v in self.values]}

    @classmethod
    def from_spec(cls, spec: dict[str, Any], api: EditApiId) -> SweepAxis:
        kind = AxisKind(spec["kind"])
        return cls(kind, tuple(_from_name(kind, value, api) for value in spec["values"]))


@dataclass(frozen=True)
class Cell:
    """One request of the sweep: its place in the grid (an index per axis) and its options."""

    place: tuple[int, ...]
    options: EditOptions
    labels: tuple[str, ...]

    @property
    def key(self) -> str:
        """The place as text, for file names and the history: "r1-c2-p1" (from 1)."""
        return "-".join(f"{tag}{i + 1}" for tag, i in zip("rcp", self.place, strict=False))


@dataclass(frozen=True)
class SweepPlan:
    """The base options (the panel's, with the photo's region choice), the axes, and the
    images each cell asks for."""

    base: EditOptions
    axes: tuple[SweepAxis, ...]
    images_per_cell: int = 1

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(axis.values) for axis in self.axes)

    @property
    def requests(self) -> int:
        count = 1
        for size in self.shape:
            count *= size
        return count if self.axes else 0

    @property
    def images(self) -> int:
        return self.requests * self.images_per_cell

    def validate(self) -> None:
        """Raise RequestError with one sentence when the sweep cannot be sent as planned."""
        if not self.axes:
            raise RequestError(translate("Sweep", "Choose at least one value to sweep over."))
        if len(self.axes) > MAX_AXES:
            raise RequestError(translate("Sweep", "A sweep has at most three axes."))
        kinds = [axis.kind for axis in self.axes]
        if len(set(kinds)) != len(kinds):
            raise RequestError(
                translate(
                    "Sweep", "Each axis must vary something else: {kind} is there twice."
                ).format(kind=kind_title(next(k for k in kinds if kinds.count(k) > 1)))
            )
        for axis in self.axes:
            if axis.kind not in KINDS_FOR[self.base.api]:
                raise RequestError(
                    translate("Sweep", "{kind} cannot be swept with this edit API.").format(
                        kind=kind_title(axis.kind)
                    )
                )
            if not axis.values:
                raise RequestError(
                    translate("Sweep", "The {kind} axis has no values.").format(
                        kind=kind_title(axis.kind)
                    )
                )
            if len(set(map(_value_name_key, axis.values))) != len(axis.values):
                raise RequestError(
                    translate("Sweep", "The {kind} axis has the same value twice.").format(
                        kind=kind_title(axis.kind)
                    )
                )
        if not 1 <= self.images_per_cell <= MAX_IMAGES:
            raise RequestError(
                translate("Sweep", "Each cell asks for 1 to {most} images.").format(most=MAX_IMAGES)
            )
        if self.requests > MAX_CELLS:
            raise RequestError(
                translate(
                    "Sweep", "This sweep has {count} cells; at most {most} can be sent at once."
                ).format(count=self.requests, most=MAX_CELLS)
            )
        for cell in self.cells():
            try:
                cell.options.validate()
            except RequestError as error:
                where = ", ".join(cell.labels)
                raise RequestError(
                    translate("Sweep", "Cell {where}: {reason}").format(
                        where=where, reason=error.message
                    )
                ) from None

    def cells(self) -> list[Cell]:
        """Every cell in reading order: rows, then columns, then pages."""
        found = []
        for place in itertools.product(*(range(size) for size in self.shape)):
            options = dataclasses.replace(self.base, num_images=self.images_per_cell)
            for axis, index in zip(self.axes, place, strict=True):
                options = dataclasses.replace(options, **{str(axis.kind): axis.values[index]})
            if any(axis.kind is AxisKind.STYLE_CODES for axis in self.axes):
                options = dataclasses.replace(options, style_type=None, style_refs=())
            labels = tuple(axis.label(i) for axis, i in zip(self.axes, place, strict=True))
            found.append(Cell(tuple(place), options, labels))
        return found

    def estimate(self, settings: ProviderSettings, kind: ProviderKind) -> SweepEstimate:
        """The price of every cell, added up (a speed axis prices its cells apart)."""
        return SweepEstimate(
            self.requests,
            self.images,
            [settings.estimate_edit(c.options, kind) for c in self.cells()],
        )

    def to_spec(self) -> dict[str, Any]:
        """JSON for the history's group: enough to lay out the grid again."""
        return {
            "base": self.base.to_names(),
            "axes": [axis.to_spec() for axis in self.axes],
            "images_per_cell": self.images_per_cell,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> SweepPlan:
        base = EditOptions.from_names(spec.get("base", {}))
        axes = tuple(SweepAxis.from_spec(axis, base.api) for axis in spec.get("axes", []))
        return cls(base, axes, int(spec.get("images_per_cell", 1)))

    def title(self) -> str:
        """For History: "Sweep: 3 prompts × 2 seeds"."""
        parts = [
            f"{len(axis.values)} "
            + (kind_title(axis.kind).lower() if len(axis.values) == 1 else kind_plural(axis.kind))
            for axis in self.axes
        ]
        return translate("Sweep", "Sweep: {axes}").format(axes=" × ".join(parts))


@dataclass(frozen=True)
class SweepEstimate:
    requests: int
    images: int
    cells: list[Estimate]

    @property
    def total(self) -> float | None:
        """USD for the whole sweep; None when some cell's price is unknown."""
        totals = [cell.total for cell in self.cells]
        return None if any(t is None for t in totals) else sum(t or 0.0 for t in totals)

    @property
    def free(self) -> bool:
        return all(cell.free for cell in self.cells)

    def summary(self) -> str:
        """ "9 requests · 18 images · about $1.44" (or "price unknown", or "free")."""
        if self.free:
            price = translate("Sweep", "free")
        elif self.total is None:
            price = translate("Sweep", "price unknown")
        else:
            price = translate("Sweep", "about {price}").format(price=usd(self.total))
        if self.requests != 1 and self.images != 1:
            return translate("Sweep", "{requests} requests · {images} images · {price}").format(
                requests=self.requests, images=self.images, price=price
            )
        requests = (
            translate("Sweep", "1 request")
            if self.requests == 1
            else translate("Sweep", "{count} requests").format(count=self.requests)
        )
        images = (
            translate("Sweep", "1 image")
            if self.images == 1
            else translate("Sweep", "{count} images").format(count=self.images)
        )
        return f"{requests} · {images} · {price}"


def kind_title(kind: AxisKind) -> str:
    return {
        AxisKind.PROMPT: translate("Sweep", "Prompt"),
        AxisKind.SEED: translate("Sweep", "Seed"),
        AxisKind.STYLE_TYPE: translate("Sweep", "Style type"),
        AxisKind.SPEED: translate("Sweep", "Rendering speed"),
        AxisKind.MODEL: translate("Sweep", "Model"),
        AxisKind.STYLE_CODES: translate("Sweep", "Style codes"),
        AxisKind.PALETTE: translate("Sweep", "Palette"),
    }[kind]


def kind_plural(kind: AxisKind) -> str:
    return {
        AxisKind.PROMPT: translate("Sweep", "prompts"),
        AxisKind.SEED: translate("Sweep", "seeds"),
        AxisKind.STYLE_TYPE: translate("Sweep", "style types"),
        AxisKind.SPEED: translate("Sweep", "speeds"),
        AxisKind.MODEL: translate("Sweep", "models"),
        AxisKind.STYLE_CODES: translate("Sweep", "style codes"),
        AxisKind.PALETTE: translate("Sweep", "palettes"),
    }[kind]


def value_label(kind: AxisKind, value: AxisValue) -> str:
    """How a value reads as a heading: the prompt itself, "seed 42", "REALISTIC"…"""
    if kind is AxisKind.SEED:
        return translate("Sweep", "seed {seed}").format(seed=value)
    if kind is AxisKind.STYLE_CODES:
        return " ".join(value)  # type: ignore[arg-type]
    if kind is AxisKind.PALETTE:
        assert isinstance(value, Palette)
        return value.name or " ".join(s.color_hex for s in value.members)
    return str(value)


def _parse_value(kind: AxisKind, text: str, api: EditApiId) -> AxisValue:
    text = str(text).strip()
    if kind is AxisKind.PROMPT:
        return text
    if kind is AxisKind.SEED:
        if not text.isdigit() or int(text) > MAX_SEED:
            raise RequestError(
                translate(
                    "Sweep", "The seed “{text}” is not a whole number from 0 to {most}."
                ).format(text=text, most=MAX_SEED)
            )
        return int(text)
    if kind is AxisKind.STYLE_TYPE:
        return _named(StyleType, text, STYLES_FOR[api], kind)
    if kind is AxisKind.SPEED:
        return _named(RenderingSpeed, text, tuple(RenderingSpeed), kind)
    if kind is AxisKind.MODEL:
        return _named(Model, text, tuple(Model), kind)
    if kind is AxisKind.STYLE_CODES:
        codes = tuple(code for code in re.split(r"[\s,]+", text) if code)
        bad = [code for code in codes if not _CODE.fullmatch(code)]
        if bad or not codes:
            raise RequestError(
                translate(
                    "Sweep", "“{text}” is not a list of style codes (8 hex digits each)."
                ).format(text=text)
            )
        return tuple(code.lower() for code in codes)
    return Palette.parse(text)


def _named(enum_type: type[enum.StrEnum], text: str, allowed: Sequence, kind: AxisKind) -> Any:
    name = text.upper().replace(" ", "_").replace("-", "_")
    if name not in {str(choice) for choice in allowed}:
        raise RequestError(
            translate("Sweep", "“{text}” is no {kind} here; choose from {names}.").format(
                text=text, kind=kind_title(kind).lower(), names=", ".join(map(str, allowed))
            )
        )
    return enum_type(name)


def _value_name(value: AxisValue) -> Any:
    if isinstance(value, Palette):
        return value.to_names()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, enum.Enum):
        return str(value)
    return value


def _value_name_key(value: AxisValue) -> str:
    return repr(_value_name(value))


def _from_name(kind: AxisKind, value: Any, api: EditApiId) -> AxisValue:
    if kind is AxisKind.PALETTE:
        return Palette.from_names(value)
    if kind is AxisKind.STYLE_CODES:
        return tuple(str(code) for code in value)
    if kind is AxisKind.SEED:
        return int(value)
    if kind is AxisKind.PROMPT:
        return str(value)
    return _parse_value(kind, str(value), api)
