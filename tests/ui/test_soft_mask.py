"""What is painted is what is edited: every pixel the overlay tints is sent as edit."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtGui import qAlpha

from ideogram_studio.backends.legacy_edit import API as IDEOGRAM
from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.service import prepare_sending
from ideogram_studio.core.brush import Brush
from ideogram_studio.core.mask import MaskEngine
from ideogram_studio.core.maskfile import encode_upload_mask
from ideogram_studio.ui.canvas import Canvas, overlay_alphas


def decode(png: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def soft_stroke(width: int, height: int) -> MaskEngine:
    engine = MaskEngine(width, height)
    engine.brush = Brush(40, hardness=0.2)
    engine.begin_stroke(width * 0.3, height * 0.5)
    engine.stroke_to(width * 0.7, height * 0.55)
    engine.end_stroke()
    return engine


def shown_canvas(qtbot, engine: MaskEngine) -> Canvas:
    canvas = Canvas()
    qtbot.addWidget(canvas)
    canvas.set_document(np.full((engine.height, engine.width, 3), 128, np.uint8), engine)
    return canvas


def tinted(canvas: Canvas, mask: np.ndarray) -> np.ndarray:
    """Where the canvas's own colour table draws the mask with any opacity."""
    alphas = np.array([qAlpha(colour) for colour in canvas._overlay.colorTable()])
    assert len(alphas) == 256
    return alphas[mask] > 0


def test_the_sent_mask_is_black_exactly_where_the_overlay_tints(qtbot) -> None:
    engine = soft_stroke(300, 200)
    soft = (engine.data > 0) & (engine.data < 128)
    assert soft.sum() > 500  # a wide soft rim, once sent as "keep"
    canvas = shown_canvas(qtbot, engine)
    for opacity in (0.5, 0.05, 1.0):
        canvas.set_overlay(opacity=opacity)
        sent = decode(encode_upload_mask(engine.data))
        assert set(np.unique(sent).tolist()) == {0, 255}
        assert np.array_equal(sent == 0, tinted(canvas, engine.data))


def test_the_prepared_upload_and_the_preview_cover_the_soft_edge(qtbot) -> None:
    engine = soft_stroke(300, 200)
    canvas = shown_canvas(qtbot, engine)
    request = EditRequest(
        np.full((200, 300, 3), 90, np.uint8), engine.copy(), EditOptions(prompt="x")
    )
    sent = decode(prepare_sending(request, IDEOGRAM).upload.mask_png)
    assert np.array_equal(sent == 0, tinted(canvas, engine.data))


def test_a_scaled_region_crop_still_covers_every_tinted_pixel(qtbot) -> None:
    engine = MaskEngine(3000, 2000)
    engine.brush = Brush(400, hardness=0.2)
    engine.begin_stroke(600, 1000)
    engine.stroke_to(2400, 1100)
    engine.end_stroke()
    canvas = shown_canvas(qtbot, engine)
    image = np.full((2000, 3000, 3), 90, np.uint8)
    options = EditOptions(prompt="x", edit_region=True, margin=50, feather=0)
    sending = prepare_sending(EditRequest(image, engine.copy(), options), IDEOGRAM)
    crop, (sent_w, sent_h) = sending.region.crop, sending.region.send_size
    assert sent_w < crop.width  # scaled down for sending
    sent = decode(sending.upload.mask_png)
    assert sent.shape == (sent_h, sent_w) and set(np.unique(sent).tolist()) == {0, 255}
    rows, columns = np.nonzero(tinted(canvas, engine.data[crop.slices]))
    # The sent pixel each tinted photo pixel's centre falls in is black.
    sent_rows = ((rows + 0.5) * sent_h / crop.height).astype(int)
    sent_columns = ((columns + 0.5) * sent_w / crop.width).astype(int)
    assert (sent[sent_rows, sent_columns] == 0).all()


def test_every_mask_value_shows_and_stronger_values_show_more() -> None:
    for opacity in (0.05, 0.5, 1.0):
        alphas = overlay_alphas(opacity)
        assert len(alphas) == 256 and alphas[0] == 0
        assert min(alphas[1:]) >= 1 and alphas[255] == round(255 * opacity)
        assert all(a <= b for a, b in zip(alphas, alphas[1:], strict=False))
    default = overlay_alphas(0.5)
    assert default[1] >= 40  # the faintest soft rim is clearly tinted at the default opacity
    assert default[128] > default[32] > default[1]
