"""What a user chose for an edit, as one frozen value, for either edit API: checked in one
place, persisted by name, and described for provenance as it was sent.

Both APIs' fields live in the one value: switching the API in the panel keeps what was set for
the other, but only the chosen API's fields are checked, sent and recorded.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from ideogram_studio.core.region import DEFAULT_FEATHER, MAX_FEATHER, MAX_MARGIN, RegionOptions
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

MAX_SEED = 2_147_483_647
MAX_IMAGES = 8
# The OpenAPI specification says 10 MB per file (the prose docs say 25 MB): trust the smaller.
MAX_UPLOAD_BYTES = 10 * 1000 * 1000
MAX_STYLE_REFERENCES_BYTES = MAX_UPLOAD_BYTES  # all style reference images together
MIN_COLOR_WEIGHT, MAX_COLOR_WEIGHT = 0.05, 1.0


class RequestError(StudioError):
    """The request cannot be sent as it is; nothing was sent."""


class EditApiId(enum.StrEnum):
    """Which edit API runs a job; the value is also the key of its path in a provider."""

    LEGACY = "edit"  # POST /edit, models V_2 and V_2_TURBO
    V3 = "v3"  # Ideogram 3.0 inpaint


class Model(enum.StrEnum):
    V_2 = "V_2"
    V_2_TURBO = "V_2_TURBO"


class MagicPrompt(enum.StrEnum):
    AUTO = "AUTO"
    ON = "ON"
    OFF = "OFF"


class StyleType(enum.StrEnum):
    AUTO = "AUTO"
    GENERAL = "GENERAL"
    REALISTIC = "REALISTIC"
    DESIGN = "DESIGN"
    RENDER_3D = "RENDER_3D"  # legacy edit only
    ANIME = "ANIME"  # legacy edit only
    FICTION = "FICTION"  # Ideogram 3.0 only


STYLES_FOR = {
    EditApiId.LEGACY: (
        StyleType.AUTO,
        StyleType.GENERAL,
        StyleType.REALISTIC,
        StyleType.DESIGN,
        StyleType.RENDER_3D,
        StyleType.ANIME,
    ),
    EditApiId.V3: (
        StyleType.AUTO,
        StyleType.GENERAL,
        StyleType.REALISTIC,
        StyleType.DESIGN,
        StyleType.FICTION,
    ),
}


class RenderingSpeed(enum.StrEnum):
    FLASH = "FLASH"
    TURBO = "TURBO"
    DEFAULT = "DEFAULT"
    QUALITY = "QUALITY"


# Ideogram's named palettes (`{"name": ...}`).
PALETTE_PRESETS = ("EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_STYLE_CODE = re.compile(r"[0-9a-fA-F]{8}")


@dataclass(frozen=True)
class Swatch:
    """One colour of a custom palette; no weight sends none (Ideogram decides)."""

    color_hex: str
    weight: float | None = None


@dataclass(frozen=True)
class Palette:
    """A preset by name, or custom swatches (never both)."""

    name: str | None = None
    members: tuple[Swatch, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `color_palette` part as Ideogram takes it."""
        if self.name:
            return {"name": self.name}
        members: list[dict[str, Any]] = []
        for swatch in self.members:
            member: dict[str, Any] = {"color_hex": swatch.color_hex.lower()}
            if swatch.weight is not None:
                member["color_weight"] = swatch.weight
            members.append(member)
        return {"members": members}

    @classmethod
    def parse(cls, text: str) -> Palette:
        """A preset name (`PASTEL`) or `#RRGGBB[:weight],...`, as the CLI takes it. Raises
        RequestError with a sentence for what cannot be read."""
        text = text.strip()
        if text.upper() in PALETTE_PRESETS:
            return cls(name=text.upper())
        swatches = []
        for part in filter(None, (piece.strip() for piece in text.split(","))):
            colour, _, weight = part.partition(":")
            try:
                value = float(weight) if weight.strip() else None
            except ValueError:
                raise RequestError(
                    translate("Request", "The palette weight “{weight}” is not a number.").format(
                        weight=weight
                    )
                ) from None
            swatches.append(Swatch(colour.strip(), value))
        if not swatches:
            raise RequestError(
                translate(
                    "Request",
                    "A palette is a preset ({names}) or colours like #b470b3:0.5,#2a9d8f.",
                ).format(names=", ".join(PALETTE_PRESETS))
            )
        return cls(members=tuple(swatches))

    def to_names(self) -> dict[str, object]:
        return {
            "name": self.name,
            "members": [[s.color_hex, s.weight] for s in self.members],
        }

    @classmethod
    def from_names(cls, value: object) -> Palette:
        if not isinstance(value, Mapping):
            raise ValueError(value)
        name = value.get("name")
        members = []
        for member in value.get("members") or []:
            colour, weight = member
            members.append(Swatch(str(colour), None if weight is None else float(weight)))
        return cls(str(name) if name else None, tuple(members))


@dataclass(frozen=True, kw_only=True)
class EditOptions:
    """Everything the user chose for an edit, as one value: from the panel (or the command
    line) through the document and the queue to the backend. None sends nothing."""

    prompt: str = ""
    api: EditApiId = EditApiId.LEGACY
    model: Model = Model.V_2  # legacy edit only
    magic_prompt: MagicPrompt | None = None
    style_type: StyleType | None = None
    seed: int | None = None
    num_images: int = 1
    # Ideogram 3.0 only. Reference images are files, read when the edit is sent.
    speed: RenderingSpeed | None = None  # None: the API's default (DEFAULT)
    style_codes: tuple[str, ...] = ()
    style_refs: tuple[str, ...] = ()
    palette: Palette | None = None
    character_ref: str | None = None
    character_mask: str | None = None
    # A region edit sends only a crop around the mask; margin and blend are kept while it is off.
    edit_region: bool = False
    margin: int | None = None  # pixels of context around the mask; None: a quarter of its box
    feather: int = DEFAULT_FEATHER  # width of the blend outside the mask, in pixels
    # Region edits of a crop much larger than the API returns: each result is upscaled (the
    # Upscale API) before it is blended in, so the pasted area is sharp, not stretched.
    upscale_region: bool = False

    @property
    def region(self) -> RegionOptions | None:
        """The region edit asked for, or None when the whole photo is sent."""
        return RegionOptions(self.margin, self.feather) if self.edit_region else None

    @property
    def is_v3(self) -> bool:
        return self.api is EditApiId.V3

    @property
    def rendering_speed(self) -> RenderingSpeed:
        """The speed the edit runs at (what it costs), unset meaning the API's default."""
        return self.speed or RenderingSpeed.DEFAULT

    def validate(self) -> None:
        """Raise RequestError with a sentence for the user if these options cannot be sent."""
        if not self.prompt.strip():
            raise RequestError(
                translate("Request", "Write a prompt that describes the change before generating.")
            )
        if not 1 <= self.num_images <= MAX_IMAGES:
            raise RequestError(
                translate("Request", "Ask for 1 to {max_images} images, not {num_images}.").format(
                    max_images=MAX_IMAGES, num_images=self.num_images
                )
            )
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            raise RequestError(
                translate(
                    "Request", "The seed must be a whole number from 0 to {max_seed:,}."
                ).format(max_seed=MAX_SEED)
            )
        if self.style_type is not None and self.style_type not in STYLES_FOR[self.api]:
            raise RequestError(
                translate("Request", "The style “{style}” is not offered by {api}.").format(
                    style=self.style_type, api=api_title(self.api)
                )
            )
        if self.is_v3:
            self._validate_v3()
        elif self.model not in tuple(Model):
            raise RequestError(
                translate(
                    "Request", "Ideogram edits only with V_2 or V_2_TURBO, not {model}."
                ).format(model=self.model)
            )

    def _validate_v3(self) -> None:
        for code in self.style_codes:
            if not _STYLE_CODE.fullmatch(code):
                raise RequestError(
                    translate(
                        "Request",
                        "The style code “{code}” is not 8 hexadecimal characters (like 8a3f0c21).",
                    ).format(code=code)
                )
        if self.style_codes and (self.style_type is not None or self.style_refs):
            raise RequestError(
                translate(
                    "Request",
                    "Style codes cannot be combined with a style type or with style reference "
                    "images: clear the one or the other.",
                )
            )
        if self.character_ref is None and self.character_mask is not None:
            raise RequestError(
                translate(
                    "Request", "A character mask needs a character reference image to go with."
                )
            )
        if self.character_ref is not None and self.style_type is None:
            raise RequestError(
                translate(
                    "Request",
                    "A character reference needs a style type: choose one (Auto will do).",
                )
            )
        if self.palette is not None:
            _check_palette(self.palette)
        files = list(self.style_refs)
        files += [f for f in (self.character_ref, self.character_mask) if f is not None]
        for file in files:
            _check_readable(file)
        total = sum(_size(file) for file in self.style_refs)
        if total > MAX_STYLE_REFERENCES_BYTES:
            raise RequestError(
                translate(
                    "Request",
                    "The style reference images come to {size} MB together; Ideogram takes "
                    "{limit} MB in total: use fewer or smaller images.",
                ).format(size=f"{total / 1e6:.1f}", limit=MAX_STYLE_REFERENCES_BYTES // 1_000_000)
            )
        for file in (self.character_ref, self.character_mask):
            if file is not None and _size(file) > MAX_UPLOAD_BYTES:
                raise RequestError(
                    translate(
                        "Request", "{name} is over Ideogram's {limit} MB limit for one file."
                    ).format(name=Path(file).name, limit=MAX_UPLOAD_BYTES // 1_000_000)
                )

    def sent(self) -> dict[str, object]:
        """What the chosen API is asked for, by its own field names, for provenance and the
        history (reference images by file name): no field of the other API."""
        described: dict[str, object] = {"api": str(self.api), "prompt": self.prompt}
        if self.is_v3:
            described |= {
                "magic_prompt": _text(self.magic_prompt),
                "rendering_speed": _text(self.speed),
                "style_type": _text(self.style_type),
                "style_codes": list(self.style_codes) or None,
                "style_reference_images": [Path(f).name for f in self.style_refs] or None,
                "color_palette": self.palette.to_json() if self.palette else None,
                "character_reference_images": _name(self.character_ref),
                "character_reference_images_mask": _name(self.character_mask),
            }
        else:
            described |= {
                "model": str(self.model),
                "magic_prompt_option": _text(self.magic_prompt),
                "style_type": _text(self.style_type),
            }
        described |= {"seed": self.seed, "num_images": self.num_images}
        return described

    def to_names(self) -> dict[str, object]:
        """JSON-ready, by name (enum values, never list positions): for the session and the
        preferences, which must survive a model or style being added or removed."""
        return {
            "prompt": self.prompt,
            "api": str(self.api),
            "model": str(self.model),
            "magic_prompt": _text(self.magic_prompt),
            "style_type": _text(self.style_type),
            "seed": self.seed,
            "num_images": self.num_images,
            "speed": _text(self.speed),
            "style_codes": list(self.style_codes),
            "style_refs": list(self.style_refs),
            "palette": self.palette.to_names() if self.palette else None,
            "character_ref": self.character_ref,
            "character_mask": self.character_mask,
            "edit_region": self.edit_region,
            "margin": self.margin,
            "feather": self.feather,
            "upscale_region": self.upscale_region,
        }

    @classmethod
    def from_names(
        cls, values: Mapping[str, object], base: EditOptions | None = None
    ) -> EditOptions:
        """Options stored by `to_names`; a missing, unknown or damaged value keeps `base`'s."""
        base = base or cls()
        return cls(
            prompt=_choose(values.get("prompt"), str, base.prompt),
            api=_choose(values.get("api"), EditApiId, base.api),
            model=_choose(values.get("model"), Model, base.model),
            magic_prompt=_optional(values, "magic_prompt", MagicPrompt, base.magic_prompt),
            style_type=_optional(values, "style_type", StyleType, base.style_type),
            seed=_seed(values, base.seed),
            num_images=_choose(values.get("num_images"), _count, base.num_images),
            speed=_optional(values, "speed", RenderingSpeed, base.speed),
            style_codes=_choose(values.get("style_codes"), _texts, base.style_codes),
            style_refs=_choose(values.get("style_refs"), _texts, base.style_refs),
            palette=_optional(values, "palette", Palette.from_names, base.palette),
            character_ref=_optional(values, "character_ref", str, base.character_ref),
            character_mask=_optional(values, "character_mask", str, base.character_mask),
            edit_region=_choose(values.get("edit_region"), _flag, base.edit_region),
            margin=_optional(values, "margin", _margin, base.margin),
            feather=_choose(values.get("feather"), _feather, base.feather),
            upscale_region=_choose(values.get("upscale_region"), _flag, base.upscale_region),
        )

    @classmethod
    def from_parameters(
        cls,
        prompt: str,
        parameters: Mapping[str, object],
        seed: int | None = None,
        base: EditOptions | None = None,
    ) -> EditOptions:
        """The options of a past job as `EditRequest.describe()` and the history recorded them,
        with the seed of the chosen result when given. A job recorded without a region keeps
        `base`'s region settings (the photo's default, the user's margin and blend).

        Saved files name reference images only; the history keeps their paths too. Without
        those, a restored 3.0 job keeps `base`'s reference files whose names match."""
        region = parameters.get("region")
        base = base or cls()
        api = _choose(parameters.get("api"), EditApiId, EditApiId.LEGACY)
        names: dict[str, object] = {
            "prompt": prompt,
            "api": str(api),
            "style_type": parameters.get("style_type"),
            "seed": seed if seed is not None else parameters.get("seed"),
            "num_images": parameters.get("num_images") or 1,
        }
        if api is EditApiId.V3:
            # The history also keeps the files' paths (references.recorded_files): those win.
            paths = _still_there(parameters.get("reference_files"))
            names |= {
                "magic_prompt": parameters.get("magic_prompt"),
                "speed": parameters.get("rendering_speed"),
                "style_codes": parameters.get("style_codes") or [],
                "style_refs": paths.get("style_refs")
                or _matching(base.style_refs, parameters.get("style_reference_images")),
                "palette": _palette_of(parameters.get("color_palette")),
                "character_ref": paths.get("character_ref")
                or _matching_one(base.character_ref, parameters.get("character_reference_images")),
                "character_mask": paths.get("character_mask")
                or _matching_one(
                    base.character_mask, parameters.get("character_reference_images_mask")
                ),
            }
        else:
            names |= {
                "model": parameters.get("model") or str(Model.V_2),
                "magic_prompt": parameters.get("magic_prompt_option"),
            }
        if isinstance(region, dict):
            names["edit_region"] = True
            names["margin"] = None if region.get("margin_auto") else region.get("margin") or None
            names["feather"] = region.get("feather") or 0
        restored = cls.from_names(names, base)
        if names["seed"] is None:  # a job that ran with a random seed: stay random
            restored = replace(restored, seed=None)
        return restored


def api_title(api: EditApiId) -> str:
    """The API's name in sentences."""
    if api is EditApiId.V3:
        return translate("Request", "Ideogram 3.0")
    return translate("Request", "the legacy edit (2.0)")


def _check_palette(palette: Palette) -> None:
    if palette.name is not None:
        if palette.name not in PALETTE_PRESETS:
            raise RequestError(
                translate(
                    "Request", "“{name}” is not one of Ideogram's palettes ({names})."
                ).format(name=palette.name, names=", ".join(PALETTE_PRESETS))
            )
        return
    if not palette.members:
        raise RequestError(translate("Request", "The custom palette has no colour in it."))
    for swatch in palette.members:
        if len(palette.members) == 1 and not swatch.color_hex.startswith("#"):
            # A name that is no preset (--palette NEON): say which names there are.
            raise RequestError(
                translate(
                    "Request",
                    "“{name}” is neither one of Ideogram's palettes ({names}) nor a colour "
                    "like #b470b3.",
                ).format(name=swatch.color_hex, names=", ".join(PALETTE_PRESETS))
            )
        if not _HEX_COLOUR.fullmatch(swatch.color_hex):
            raise RequestError(
                translate(
                    "Request", "The palette colour “{colour}” is not written like #b470b3."
                ).format(colour=swatch.color_hex)
            )
        weight = swatch.weight
        if weight is not None and not MIN_COLOR_WEIGHT <= weight <= MAX_COLOR_WEIGHT:
            raise RequestError(
                translate(
                    "Request",
                    "The weight of {colour} must be from {low} to {high}, not {weight}.",
                ).format(
                    colour=swatch.color_hex,
                    low=MIN_COLOR_WEIGHT,
                    high=MAX_COLOR_WEIGHT,
                    weight=weight,
                )
            )


def _check_readable(file: str) -> None:
    if not os.path.isfile(file) or not os.access(file, os.R_OK):
        raise RequestError(
            translate(
                "Request", "The reference image {name} cannot be read: it was moved or removed."
            ).format(name=Path(file).name)
        )


def _size(file: str) -> int:
    try:
        return os.path.getsize(file)
    except OSError:
        return 0


def _name(file: str | None) -> str | None:
    return None if file is None else Path(file).name


def _still_there(recorded: object) -> dict[str, object]:
    """The reference files the history recorded that are still on disk (the others are named
    to the user, who may add them again)."""
    if not isinstance(recorded, Mapping):
        return {}
    kept: dict[str, object] = {}
    for key, value in recorded.items():
        if isinstance(value, list):
            kept[key] = [f for f in value if isinstance(f, str) and os.path.isfile(f)]
        elif isinstance(value, str) and os.path.isfile(value):
            kept[key] = value
    return kept


def _matching(files: Sequence[str], names: object) -> list[str]:
    if not isinstance(names, list):
        return []
    by_name = {Path(f).name: f for f in files if os.path.isfile(f)}
    return [by_name[name] for name in names if name in by_name]


def _matching_one(file: str | None, name: object) -> str | None:
    if file is None or Path(file).name != name or not os.path.isfile(file):
        return None
    return file


def _palette_of(value: object) -> dict[str, object] | None:
    if not isinstance(value, Mapping):
        return None
    members = [
        [m.get("color_hex"), m.get("color_weight")]
        for m in value.get("members") or []
        if isinstance(m, Mapping)
    ]
    return {"name": value.get("name"), "members": members}


def _text(value: enum.StrEnum | None) -> str | None:
    return None if value is None else str(value)


T = TypeVar("T")


def _choose(value: object, convert: Callable[[Any], T], fallback: T) -> T:
    if value is None:
        return fallback
    try:
        return convert(value)
    except (TypeError, ValueError):
        return fallback  # a hand-edited file, or a model that no longer exists


def _optional(values: Mapping[str, object], key: str, convert: Callable[[Any], T], fallback: T):
    """None (or empty) stored means "Default": sends nothing."""
    if key not in values:
        return fallback
    value = values[key]
    return None if value in (None, "") else _choose(value, convert, fallback)


def _seed(values: Mapping[str, object], fallback: int | None) -> int | None:
    def convert(value: object) -> int:
        seed = int(value)  # type: ignore[call-overload]
        if not 0 <= seed <= MAX_SEED:
            raise ValueError(seed)
        return seed

    return _optional(values, "seed", convert, fallback)


def _count(value: object) -> int:
    count = int(value)  # type: ignore[call-overload]
    if not 1 <= count <= MAX_IMAGES:
        raise ValueError(count)
    return count


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(value)
    return tuple(str(item) for item in value)


def _pixels(value: object, limit: int) -> int:
    pixels = int(value)  # type: ignore[call-overload]
    if pixels < 0:
        raise ValueError(pixels)
    return min(pixels, limit)  # what the panel can show is what is sent


def _margin(value: object) -> int:
    return _pixels(value, MAX_MARGIN)


def _feather(value: object) -> int:
    return _pixels(value, MAX_FEATHER)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1"):
        return True
    if str(value).lower() in ("false", "0"):
        return False
    raise ValueError(value)
