"""What a click costs, estimated before anything is sent: a table of prices per image, by API
and speed (and reference kind), shipped as data (`resources/prices.json`, Ideogram's published
prices) and editable per provider in Settings, since relays set their own.

Every figure is an estimate; a price nobody published (Upscale, Describe) stays unknown and is
said so, never invented. Withheld images are billed too, so an estimate counts every image asked
for. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from ideogram_studio.backends.options import EditApiId, EditOptions
from ideogram_studio.i18n import translate
from ideogram_studio.resources import RESOURCES

log = logging.getLogger(__name__)

PRICES_FILE = RESOURCES / "prices.json"
# The table's groups: an edit API's id, "v3_character" (3.0 with a character reference), and
# the other APIs. Within a group, a price per model (legacy) or rendering speed.
V3_CHARACTER = "v3_character"
UPSCALE = "upscale"
DESCRIBE = "describe"
ANY = "DEFAULT"  # the one entry of a group that has no speeds


@dataclass(frozen=True)
class PriceTable:
    """USD per image: group -> variant -> price (None: unknown)."""

    per_image: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)

    def price(self, group: str, variant: str = ANY) -> float | None:
        value = self.per_image.get(group, {}).get(variant)
        return float(value) if _is_price(value) else None

    def with_price(self, group: str, variant: str, price: float | None) -> PriceTable:
        groups = {name: dict(prices) for name, prices in self.per_image.items()}
        groups.setdefault(group, {})[variant] = price
        return PriceTable(groups)

    def to_json(self) -> dict[str, dict[str, float | None]]:
        return {group: dict(prices) for group, prices in self.per_image.items()}

    def entries(self) -> list[tuple[str, str]]:
        """Every (group, variant) of the table, in its order: the rows a price editor shows."""
        return [(group, variant) for group, prices in self.per_image.items() for variant in prices]

    def differences(self, base: PriceTable) -> PriceTable:
        """What this table sets otherwise than `base`: the user's own prices, stored as such
        so that a newer published price still reaches every entry the user left alone."""
        changed: dict[str, dict[str, float | None]] = {}
        for group, prices in self.per_image.items():
            for variant in prices:
                price = self.price(group, variant)
                known = variant in base.per_image.get(group, {})
                if not known or price != base.price(group, variant):
                    changed.setdefault(group, {})[variant] = price
        return PriceTable(changed)

    @classmethod
    def from_json(cls, value: object, base: PriceTable | None = None) -> PriceTable:
        """A table as stored; what is missing or damaged keeps `base`'s (the shipped one)."""
        groups = {name: dict(prices) for name, prices in (base or cls()).per_image.items()}
        if isinstance(value, Mapping):
            for group, prices in value.items():
                if not isinstance(prices, Mapping):
                    continue
                for variant, price in prices.items():
                    if price is None or _is_price(price):
                        groups.setdefault(str(group), {})[str(variant)] = price
        return cls(groups)


def _is_price(value: object) -> bool:
    """A number of dollars, 0 or more (not a flag, not NaN or infinite)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


@cache
def published() -> PriceTable:
    """The table shipped with the app: Ideogram's published prices."""
    try:
        document = json.loads(PRICES_FILE.read_text(encoding="utf-8"))
        return PriceTable.from_json(document.get("per_image"))
    except (OSError, ValueError, AttributeError):
        log.warning("the price table %s cannot be read", PRICES_FILE, exc_info=True)
        return PriceTable()


FREE = PriceTable()  # the local backend: nothing is billed


@dataclass(frozen=True)
class Estimate:
    """The price of one job before it is sent: `images` at `per_image` USD each (None:
    unknown). Free jobs (the local backend) have `free` set."""

    images: int
    per_image: float | None
    free: bool = False
    # A region edit's results upscaled before blending: their own estimate, on top.
    upscales: Estimate | None = None

    @property
    def own_total(self) -> float | None:
        if self.free:
            return 0.0
        return None if self.per_image is None else round(self.images * self.per_image, 4)

    @property
    def total(self) -> float | None:
        """The whole job's, upscales included; None when any part's price is unknown."""
        own, extra = self.own_total, self.upscales.total if self.upscales else 0.0
        return None if own is None or extra is None else round(own + extra, 4)

    @property
    def known(self) -> float | None:
        """What is known of the price: the whole total, or the edit's own when only its
        upscales are unknown. What the history records and the daily limit counts: a known
        $0.20 is never treated as nothing because an extra part has no published price."""
        total = self.total
        return self.own_total if total is None and self.upscales is not None else total

    def with_upscales(self, upscales: Estimate | None) -> Estimate:
        return replace(self, upscales=upscales if upscales and upscales.images else None)

    def text(self) -> str:
        """ "about $0.24", "free (offline)" or "price unknown", for the button and the CLI;
        "about $0.24 + 4 upscales, price unknown" when only the edit's price is known."""
        return self._words(about)

    def figure(self) -> str:
        """ "$0.12", "free (offline)" or "price unknown": the dry run's `estimate:` line."""
        return self._words(usd)

    def _words(self, amount: Callable[[float], str]) -> str:
        if self.free:
            return translate("Prices", "free (offline)")
        total, own = self.total, self.own_total
        if total is not None:
            return amount(total)
        if own is not None and self.upscales is not None:
            return translate("Prices", "{amount} + {count} upscales, price unknown").format(
                amount=amount(own), count=self.upscales.images
            )
        return unknown()

    def summary(self) -> str:
        """ "4 images · about $0.24": what the Generate button says after its name."""
        if self.images == 1:
            images = translate("Prices", "1 image")
        else:
            images = translate("Prices", "{count} images").format(count=self.images)
        return f"{images} · {self.text()}"

    def to_json(self) -> dict[str, object]:
        """For the command line's JSON documents: USD (None: unknown) and the words."""
        document: dict[str, object] = {
            "usd": self.total,
            "per_image": None if self.free else self.per_image,
            "images": self.images,
            "free": self.free,
            "text": self.figure(),
        }
        if self.upscales is not None:  # a region edit's upscales before blending
            document["upscales"] = self.upscales.to_json()
        return document


def about(amount: float) -> str:
    """ "about $0.24": an amount said as the estimate it is."""
    return translate("Prices", "about {amount}").format(amount=usd(amount))


def unknown() -> str:
    """What a price nobody published is called."""
    return translate("Prices", "price unknown")


def usd(amount: float) -> str:
    """$X.XX: two decimals at least, more when a price has them ($0.035)."""
    text = f"{amount:.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"${whole}.{decimals.ljust(2, '0')}"


def edit_price(options: EditOptions, table: PriceTable) -> float | None:
    """USD per image of an edit with these options."""
    if options.api is EditApiId.V3:
        group = V3_CHARACTER if options.character_ref else str(EditApiId.V3)
        return table.price(group, str(options.rendering_speed))
    return table.price(str(EditApiId.LEGACY), str(options.model))


def estimate_edit(options: EditOptions, table: PriceTable, *, free: bool = False) -> Estimate:
    return Estimate(options.num_images, None if free else edit_price(options, table), free)


def estimate_upscale(images: int, table: PriceTable, *, free: bool = False) -> Estimate:
    """`images` upscales (one per result): Ideogram publishes no price for them."""
    return Estimate(images, None if free else table.price(UPSCALE), free)
