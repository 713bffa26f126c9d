"""A sweep's plan: its cells are every combination of the axes' values, each with its options,
its counts and price add up, and it survives the history's JSON."""

from __future__ import annotations

import pytest

from ideogram_studio.backends.options import (
    EditApiId,
    EditOptions,
    RenderingSpeed,
    RequestError,
    StyleType,
)
from ideogram_studio.backends.providers import ProviderKind
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.sweep import AxisKind, SweepAxis, SweepPlan

V3 = EditOptions(prompt="a hat", api=EditApiId.V3)


def test_cells_are_every_combination_in_reading_order() -> None:
    plan = SweepPlan(
        V3,
        (
            SweepAxis.parse("prompt", ["a red hat", "a blue hat", "a crown"], EditApiId.V3),
            SweepAxis.parse("style_type", ["realistic", "DESIGN"], EditApiId.V3),
        ),
        images_per_cell=2,
    )
    plan.validate()
    cells = plan.cells()
    assert (plan.requests, plan.images, plan.shape) == (6, 12, (3, 2))
    assert [c.place for c in cells] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    assert [(c.options.prompt, c.options.style_type) for c in cells[:3]] == [
        ("a red hat", StyleType.REALISTIC),
        ("a red hat", StyleType.DESIGN),
        ("a blue hat", StyleType.REALISTIC),
    ]
    assert all(c.options.num_images == 2 for c in cells)
    assert cells[5].labels == ("a crown", "DESIGN") and cells[5].key == "r3-c2"


def test_the_price_adds_up_each_cell_at_its_own_speed() -> None:
    plan = SweepPlan(
        V3,
        (
            SweepAxis.parse("speed", ["turbo", "quality"], EditApiId.V3),
            SweepAxis.parse("seed", ["1", "2"], EditApiId.V3),
        ),
    )
    settings = ProviderSettings()
    each = {
        speed: settings.estimate_edit(
            EditOptions(prompt="a hat", api=EditApiId.V3, speed=speed), ProviderKind.IDEOGRAM
        ).total
        for speed in (RenderingSpeed.TURBO, RenderingSpeed.QUALITY)
    }
    estimate = plan.estimate(settings, ProviderKind.IDEOGRAM)
    assert estimate.total == pytest.approx(
        2 * each[RenderingSpeed.TURBO] + 2 * each[RenderingSpeed.QUALITY]
    )
    assert estimate.summary().startswith("4 requests · 4 images · about $")
    assert plan.estimate(settings, ProviderKind.LOCAL).summary().endswith("free")


def test_a_plan_comes_back_from_its_spec() -> None:
    plan = SweepPlan(
        V3,
        (
            SweepAxis.parse("palette", ["PASTEL", "#b470b3:0.5,#2a9d8f"], EditApiId.V3),
            SweepAxis.parse("style_codes", ["1A2B3C4D", "aaaaaaaa bbbbbbbb"], EditApiId.V3),
            SweepAxis.parse("seed", ["7"], EditApiId.V3),
        ),
        images_per_cell=3,
    )
    again = SweepPlan.from_spec(plan.to_spec())
    assert again == plan
    assert [c.options for c in again.cells()] == [c.options for c in plan.cells()]
    assert plan.cells()[3].options.style_codes == ("aaaaaaaa", "bbbbbbbb")
    assert plan.title() == "Sweep: 2 palettes × 2 style codes × 1 seed"


@pytest.mark.parametrize(
    ("axes", "sentence"),
    [
        ((), "Choose at least one value to sweep over."),
        (
            (("seed", ["1"]), ("seed", ["2"])),
            "Each axis must vary something else: Seed is there twice.",
        ),
        ((("model", ["V_2"]),), "Model cannot be swept with this edit API."),
        ((("seed", ["1", "1"]),), "The Seed axis has the same value twice."),
        (
            (("prompt", [f"p{i}" for i in range(9)]), ("seed", [str(i) for i in range(8)])),
            "This sweep has 72 cells; at most 64 can be sent at once.",
        ),
        ((("prompt", ["a hat", " "]),), None),
    ],
)
def test_a_sweep_that_cannot_be_sent_says_why(axes, sentence) -> None:  # noqa: ANN001
    plan = SweepPlan(V3, tuple(SweepAxis.parse(k, v, EditApiId.V3) for k, v in axes))
    if sentence is None:
        plan.validate()  # a blank line is no value
        assert plan.shape == (1,)
        return
    with pytest.raises(RequestError) as raised:
        plan.validate()
    assert raised.value.message == sentence


def test_values_that_cannot_be_read_are_refused_in_one_sentence() -> None:
    with pytest.raises(RequestError, match="is not a whole number"):
        SweepAxis.parse(AxisKind.SEED, ["forty"], EditApiId.V3)
    with pytest.raises(RequestError, match="choose from AUTO, GENERAL, REALISTIC, DESIGN, FICTION"):
        SweepAxis.parse(AxisKind.STYLE_TYPE, ["anime"], EditApiId.V3)
    with pytest.raises(RequestError, match="8 hex digits"):
        SweepAxis.parse(AxisKind.STYLE_CODES, ["12345"], EditApiId.V3)


def test_one_request_or_one_image_reads_in_the_singular() -> None:
    settings, kind = ProviderSettings(), ProviderKind.LOCAL
    one = SweepAxis.parse("prompt", ["a hat"], EditApiId.V3)
    two = SweepAxis.parse("seed", ["1", "2"], EditApiId.V3)
    assert SweepPlan(V3, (one,)).estimate(settings, kind).summary() == "1 request · 1 image · free"
    assert SweepPlan(V3, (one,), 3).estimate(settings, kind).summary() == (
        "1 request · 3 images · free"
    )
    assert SweepPlan(V3, (two,)).estimate(settings, kind).summary() == (
        "2 requests · 2 images · free"
    )


def test_a_sheet_cell_of_several_images_labels_each_with_its_seed() -> None:
    import numpy as np

    from ideogram_studio.backends.sweep_run import sweep_sheet
    from ideogram_studio.core.contact_sheet import SheetCell

    plan = SweepPlan(V3, (SweepAxis.parse("prompt", ["a hat", "a crown"], EditApiId.V3),), 2)
    image = np.zeros((30, 40, 3), np.uint8)
    sheet = sweep_sheet(
        plan,
        [
            SheetCell((0,), images=(image, image), seeds=(11, 42)),
            SheetCell((1,), images=(image,), seeds=(7,)),
        ],
    )
    assert [cell.image_labels for cell in sheet.cells] == [("seed 11", "seed 42"), ()]
