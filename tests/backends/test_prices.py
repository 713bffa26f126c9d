"""The price before you pay: each combination's estimate against the shipped table, the words
it is said in, a relay's own prices, and what settings.json keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ideogram_studio.backends.options import EditApiId, EditOptions, Model, RenderingSpeed
from ideogram_studio.backends.prices import (
    DESCRIBE,
    UPSCALE,
    Estimate,
    estimate_edit,
    estimate_upscale,
    published,
    usd,
)
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.settings import ProviderSettings

# Ideogram's published prices per image (ideogram-api.md), as the shipped table must hold them.
LEGACY = {Model.V_2: 0.08, Model.V_2_TURBO: 0.05}
V3 = {
    RenderingSpeed.FLASH: 0.03,
    RenderingSpeed.TURBO: 0.03,
    RenderingSpeed.DEFAULT: 0.06,
    RenderingSpeed.QUALITY: 0.09,
}
V3_CHARACTER = {
    RenderingSpeed.TURBO: 0.10,
    RenderingSpeed.DEFAULT: 0.15,
    RenderingSpeed.QUALITY: 0.20,
}


@pytest.mark.parametrize("model", list(Model))
@pytest.mark.parametrize("count", [1, 4, 8])
def test_a_legacy_edit_costs_its_model_s_price_per_image(model: Model, count: int) -> None:
    estimate = estimate_edit(EditOptions(model=model, num_images=count), published())
    assert estimate.per_image == LEGACY[model]
    assert estimate.total == pytest.approx(LEGACY[model] * count)


@pytest.mark.parametrize("speed", list(RenderingSpeed))
def test_a_3_0_edit_costs_its_speed_s_price(speed: RenderingSpeed) -> None:
    options = EditOptions(api=EditApiId.V3, speed=speed, num_images=3, model=Model.V_2_TURBO)
    estimate = estimate_edit(options, published())
    assert estimate.total == pytest.approx(V3[speed] * 3)  # the legacy model plays no part


def test_a_3_0_edit_at_the_api_s_default_speed_costs_the_default_price() -> None:
    estimate = estimate_edit(EditOptions(api=EditApiId.V3, num_images=4), published())
    assert estimate.total == pytest.approx(0.24)
    assert estimate.text() == "about $0.24"
    assert estimate.summary() == "4 images · about $0.24"


@pytest.mark.parametrize(
    "speed", [RenderingSpeed.TURBO, RenderingSpeed.DEFAULT, RenderingSpeed.QUALITY]
)
def test_a_character_reference_costs_the_character_price(speed: RenderingSpeed) -> None:
    options = EditOptions(api=EditApiId.V3, speed=speed, character_ref="face.png", num_images=2)
    assert estimate_edit(options, published()).total == pytest.approx(V3_CHARACTER[speed] * 2)


def test_a_price_nobody_published_is_unknown_never_invented() -> None:
    flash_character = EditOptions(
        api=EditApiId.V3, speed=RenderingSpeed.FLASH, character_ref="face.png"
    )
    for estimate in (
        estimate_edit(flash_character, published()),
        estimate_upscale(2, published()),
    ):
        assert estimate.total is None
        assert estimate.text() == "price unknown" and estimate.figure() == "price unknown"
    assert published().price(UPSCALE) is None and published().price(DESCRIBE) is None
    assert estimate_upscale(1, published()).summary() == "1 image · price unknown"
    settings = ProviderSettings()
    assert settings.estimate_upscale(2, ProviderKind.IDEOGRAM).text() == "price unknown"
    settings.set_price_table(ProviderKind.RELAY, published().with_price(UPSCALE, "DEFAULT", 0.1))
    assert settings.estimate_upscale(2, ProviderKind.RELAY).text() == "about $0.20"


def test_the_local_backend_is_free() -> None:
    settings = ProviderSettings()
    estimate = settings.estimate_edit(EditOptions(num_images=2), ProviderKind.LOCAL)
    assert estimate.free and estimate.total == 0.0
    assert estimate.text() == estimate.figure() == "free (offline)"
    assert estimate.summary() == "2 images · free (offline)"


def test_a_relay_s_own_price_changes_only_its_estimates(tmp_path: Path) -> None:
    settings = ProviderSettings()
    v3 = EditOptions(api=EditApiId.V3, num_images=4)
    relay = settings.price_table(ProviderKind.RELAY)
    assert relay == published()  # a relay starts from Ideogram's published prices
    settings.set_price_table(ProviderKind.RELAY, relay.with_price("v3", "DEFAULT", 0.05))
    assert settings.estimate_edit(v3, ProviderKind.RELAY).total == pytest.approx(0.20)
    assert settings.estimate_edit(v3, ProviderKind.IDEOGRAM).total == pytest.approx(0.24)
    # The other prices of the relay are still the published ones.
    legacy = EditOptions(model=Model.V_2_TURBO)
    assert settings.estimate_edit(legacy, ProviderKind.RELAY).total == pytest.approx(0.05)


def test_amounts_are_dollars_with_two_decimals_at_least() -> None:
    assert usd(0.24) == "$0.24"
    assert usd(3.2) == "$3.20"
    assert usd(0.1) == "$0.10"
    assert usd(0.035) == "$0.035"
    assert usd(12) == "$12.00"
    assert Estimate(3, 0.04).figure() == "$0.12"


def test_prices_and_the_daily_limit_round_trip_through_settings_json(tmp_path: Path) -> None:
    settings = ProviderSettings(daily_limit=5.0)
    table = published().with_price("v3", "DEFAULT", 0.05).with_price("edit", "V_2", None)
    settings.set_price_table(ProviderKind.RELAY, table)
    settings.save(tmp_path)
    stored = json.loads((tmp_path / "settings.json").read_text())
    # Only what differs from the published prices is kept: a newer published price still
    # reaches every entry the user left alone.
    assert stored["prices"] == {"relay": {"v3": {"DEFAULT": 0.05}, "edit": {"V_2": None}}}
    assert stored["daily_limit"] == 5.0

    loaded = ProviderSettings.load(tmp_path)
    assert loaded == settings
    relay = loaded.price_table(ProviderKind.RELAY)
    assert relay.price("v3", "DEFAULT") == 0.05
    assert relay.price("edit", "V_2") is None  # emptied: unknown, not the published $0.08
    assert relay.price("v3", "QUALITY") == 0.09
    assert loaded.estimate_edit(EditOptions(), ProviderKind.RELAY).text() == "price unknown"

    loaded.set_price_table(ProviderKind.RELAY, published())  # "Reset to published prices"
    assert loaded.prices == {}
    loaded.daily_limit = None
    loaded.save(tmp_path)
    assert ProviderSettings.load(tmp_path) == ProviderSettings()


def test_damaged_prices_and_limits_in_settings_json_are_ignored(tmp_path: Path) -> None:
    document = {
        "prices": {
            "relay": {"v3": {"DEFAULT": -1, "TURBO": "cheap", "QUALITY": True, "FLASH": 0.02}},
            "custom": "nonsense",
        },
        "daily_limit": "lots",
    }
    (tmp_path / "settings.json").write_text(json.dumps(document))
    loaded = ProviderSettings.load(tmp_path)
    relay = loaded.price_table(ProviderKind.RELAY)
    assert relay.price("v3", "DEFAULT") == 0.06  # the published price stays
    assert relay.price("v3", "TURBO") == 0.03 and relay.price("v3", "QUALITY") == 0.09
    assert relay.price("v3", "FLASH") == 0.02
    assert loaded.price_table(ProviderKind.CUSTOM) == published()
    assert loaded.daily_limit is None
    for limit in (0, -3, True, float("inf")):
        (tmp_path / "settings.json").write_text(json.dumps({"daily_limit": limit}))
        assert ProviderSettings.load(tmp_path).daily_limit is None


def test_region_upscales_add_to_the_estimate_and_an_unknown_price_is_said() -> None:
    settings = ProviderSettings()
    two = EditOptions(prompt="x", num_images=2)  # legacy V_2: $0.08 each
    estimate = settings.estimate_edit(two, ProviderKind.IDEOGRAM, upscales=2)
    assert estimate.total is None  # Ideogram publishes no price for Upscale
    assert estimate.summary() == "2 images · about $0.16 + 2 upscales, price unknown"
    assert estimate.figure() == "$0.16 + 2 upscales, price unknown"
    table = settings.price_table(ProviderKind.RELAY).with_price("upscale", "DEFAULT", 0.02)
    settings.set_price_table(ProviderKind.RELAY, table)  # a relay that publishes its price
    relay = settings.estimate_edit(two, ProviderKind.RELAY, upscales=2)
    assert relay.total == pytest.approx(0.20) and relay.text() == "about $0.20"
    assert settings.estimate_edit(two, ProviderKind.IDEOGRAM).text() == "about $0.16"


def test_the_known_part_of_a_price_is_recorded_and_held_to_the_daily_limit() -> None:
    from ideogram_studio.jobs.spend import over_limit

    settings = ProviderSettings()
    two = EditOptions(prompt="x", num_images=2)
    estimate = settings.estimate_edit(two, ProviderKind.IDEOGRAM, upscales=2)
    assert estimate.total is None and estimate.known == pytest.approx(0.16)
    overrun = over_limit(None, estimate, 0.10)
    assert overrun is not None and overrun.after == pytest.approx(0.16)
    unknown = settings.estimate_upscale(2, ProviderKind.IDEOGRAM)
    assert unknown.known is None and over_limit(None, unknown, 0.10) is None
