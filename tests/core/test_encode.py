"""Results saved in their photo's terms: format, colour profile, EXIF, XMP, provenance."""

from __future__ import annotations

import io
import json
import struct

import cv2
import numpy as np
import pytest
from PIL import Image, JpegImagePlugin, TiffImagePlugin

from ideogram_studio.core.encode import (
    add_png_metadata,
    encode_result,
    extension,
    prepared_exif,
    result_format,
    to_8bit,
)
from ideogram_studio.core.metadata import PhotoInfo, read_info
from tests.conftest import REPO

ADOBE_RGB = Image.open(REPO / "tests" / "data" / "rocket.jpg").info["icc_profile"]
PARAMETERS = "a ginger cat 猫 on a sofa\nSeed: 42, Model: V_3, Size: 64x48"
PROVENANCE = json.dumps(
    {"app": "ideogram-studio", "job_id": "ab12", "prompt": "猫 <&>"}, ensure_ascii=False
)
TEXTS = {"parameters": PARAMETERS, "ideogram_studio": PROVENANCE}
SOURCE_XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'xmp:CreatorTool="Lightroom Classic" exif:GPSLatitude="48,51.5N">'
    b"<exif:GPSLongitude>2,21.1E</exif:GPSLongitude></rdf:Description></rdf:RDF>"
    b'</x:xmpmeta><?xpacket end="w"?>'
)
EXIF_IFD, GPS_IFD, USER_COMMENT = 0x8769, 0x8825, 0x9286


def camera_exif() -> bytes:
    exif = Image.Exif()
    exif.update({0x010F: "Canon", 0x0110: "Canon EOS R5", 0x0112: 6})
    exif[EXIF_IFD] = {0x9003: "2024:05:06 07:08:09", 0xA434: "RF50mm F1.8 STM"}
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 30.0), 3: "E", 4: (2.0, 21.0, 5.0)}
    return exif.tobytes()


def photo(shape=(48, 64, 3), dtype=np.uint8, seed=0) -> np.ndarray:
    top = 65535 if dtype == np.uint16 else 255
    return np.random.default_rng(seed).integers(0, top, shape, dtype=dtype, endpoint=True)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def source_jpeg(**options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(photo()).save(out, "JPEG", **options)
    return out.getvalue()


@pytest.fixture
def camera_info() -> PhotoInfo:
    data = source_jpeg(icc_profile=ADOBE_RGB, exif=camera_exif(), xmp=SOURCE_XMP, subsampling=1)
    return read_info(opened(data))


def test_read_info_of_an_adobe_rgb_camera_jpeg(camera_info: PhotoInfo) -> None:
    assert camera_info.format == "JPEG"
    assert camera_info.icc_profile == ADOBE_RGB
    assert camera_info.jpeg_subsampling == 1
    assert b"Lightroom Classic" in camera_info.xmp
    exif = Image.Exif()
    exif.load(camera_info.exif)
    assert exif[0x0110] == "Canon EOS R5"


def test_read_info_drops_what_it_cannot_use() -> None:
    untagged = read_info(opened(source_jpeg()))
    assert (untagged.icc_profile, untagged.exif, untagged.xmp) == (None, None, None)
    image = opened(source_jpeg())
    image.info.update(icc_profile=b"not a profile", exif=b"Exif\0\0garbage")
    assert read_info(image).icc_profile is None
    assert read_info(image).exif is None


def test_read_info_of_a_tiff_keeps_the_exif_sub_ifd_but_not_its_pixel_layout() -> None:
    loaded = Image.Exif()
    loaded.load(camera_exif())
    out = io.BytesIO()
    Image.fromarray(photo()).save(out, "TIFF", exif=loaded, icc_profile=ADOBE_RGB)
    info = read_info(opened(out.getvalue()))
    assert info.format == "TIFF" and info.icc_profile == ADOBE_RGB
    exif = Image.Exif()
    exif.load(info.exif)
    assert exif[0x010F] == "Canon" and 273 not in exif and 256 not in exif
    assert exif.get_ifd(EXIF_IFD)[0x9003] == "2024:05:06 07:08:09"
    assert exif.get_ifd(EXIF_IFD)[0xA434] == "RF50mm F1.8 STM"


@pytest.mark.parametrize("lossless", [True, False])
def test_read_info_tells_lossless_webp(lossless: bool) -> None:
    out = io.BytesIO()
    Image.fromarray(photo((48, 64, 4))).save(out, "WEBP", lossless=lossless, exif=camera_exif())
    info = read_info(opened(out.getvalue()))
    assert (info.format, info.webp_lossless) == ("WEBP", lossless)


def exif_of(image: Image.Image) -> tuple[Image.Exif, dict, dict]:
    exif = image.getexif()
    return exif, exif.get_ifd(EXIF_IFD), exif.get_ifd(GPS_IFD)


def decoded_comment(value: bytes) -> str:
    """As piexif.helper.UserComment.load reads it (and so A1111's PNG Info tab)."""
    assert value[:8] == b"UNICODE\0"
    return value[8:].decode("utf_16_be")


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG", "TIFF"])
@pytest.mark.parametrize("strip", [False, True])
def test_a_camera_photo_comes_back_with_its_profile_and_metadata(
    camera_info: PhotoInfo, fmt: str, strip: bool
) -> None:
    data = encode_result(photo(), camera_info, fmt, texts=TEXTS, strip_location=strip)
    image = opened(data)
    assert image.format == fmt
    assert image.info["icc_profile"] == ADOBE_RGB
    exif, sub, gps = exif_of(image)
    assert (exif[0x010F], exif[0x0110], exif[0x0112]) == ("Canon", "Canon EOS R5", 1)
    assert sub[0x9003] == "2024:05:06 07:08:09" and sub[0xA434] == "RF50mm F1.8 STM"
    assert (gps == {}) == strip
    if not strip:
        assert gps[2] == (48.0, 51.0, 30.0)
    if fmt in ("JPEG", "WEBP"):
        assert decoded_comment(sub[USER_COMMENT]) == PARAMETERS
    xmp = image.info["xmp"].decode("utf-8")
    assert "Lightroom Classic" in xmp
    assert "猫 &lt;&amp;&gt;" in xmp and "Seed: 42" in xmp
    assert ("GPSLatitude" in xmp, "GPSLongitude" in xmp) == (not strip, not strip)
    if fmt == "JPEG":
        assert JpegImagePlugin.get_sampling(image) == 1


def test_the_user_comment_is_typed_undefined_as_exif_readers_expect(camera_info) -> None:
    raw = prepared_exif(camera_info.exif, comment=PARAMETERS)
    assert raw is not None
    head = raw[:8]
    ifd0 = TiffImagePlugin.ImageFileDirectory_v2(head)
    stream = io.BytesIO(raw)
    stream.seek(ifd0.next)
    ifd0.load(stream)
    sub = TiffImagePlugin.ImageFileDirectory_v2(head)
    stream.seek(ifd0[EXIF_IFD])
    sub.load(stream)
    assert sub.tagtype[USER_COMMENT] == 7  # UNDEFINED, not BYTE
    assert decoded_comment(sub[USER_COMMENT]) == PARAMETERS


def test_without_source_exif_jpeg_still_carries_the_parameters() -> None:
    image = opened(encode_result(photo(), PhotoInfo(), "JPEG", texts=TEXTS))
    _, sub, _ = exif_of(image)
    assert decoded_comment(sub[USER_COMMENT]) == PARAMETERS
    assert "icc_profile" not in image.info or not image.info["icc_profile"]
    assert JpegImagePlugin.get_sampling(image) == 0  # unknown: 4:4:4


def test_exif_too_long_for_jpeg_drops_the_comment_not_the_photo(camera_info) -> None:
    long_texts = dict(TEXTS, parameters="猫" * 40_000)  # 80 kB of UTF-16: over the segment
    image = opened(encode_result(photo(), camera_info, "JPEG", texts=long_texts))
    exif, sub, _ = exif_of(image)
    assert exif[0x0110] == "Canon EOS R5" and USER_COMMENT not in sub
    assert image.size == (64, 48)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return chunks


def test_png_metadata_comes_before_the_image_data(camera_info: PhotoInfo) -> None:
    data = encode_result(photo(), camera_info, "PNG", texts=TEXTS)
    image = opened(data)  # not loaded: only the chunks before IDAT are read
    for key in ("parameters", "ideogram_studio", "icc_profile", "exif", "xmp"):
        assert key in image.info, key
    assert image.info["parameters"] == PARAMETERS
    assert json.loads(image.info["ideogram_studio"]) == json.loads(PROVENANCE)
    kinds = [kind for kind, _ in png_chunks(data)]
    first_data = kinds.index(b"IDAT")
    assert kinds[0] == b"IHDR"
    assert {b"iCCP", b"eXIf", b"iTXt"} <= set(kinds[:first_data])
    assert b"eXIf" not in kinds[first_data:] and b"iTXt" not in kinds[first_data:]


@pytest.mark.parametrize("fmt", ["PNG", "TIFF"])
def test_16_bit_results_round_trip_exactly(camera_info: PhotoInfo, fmt: str) -> None:
    for channels in (3, 4):
        pixels = photo((48, 64, channels), np.uint16, seed=channels)
        data = encode_result(pixels, camera_info, fmt, texts=TEXTS)
        back = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        code = cv2.COLOR_BGRA2RGBA if channels == 4 else cv2.COLOR_BGR2RGB
        assert back.dtype == np.uint16
        np.testing.assert_array_equal(cv2.cvtColor(back, code), pixels)
        assert opened(data).info["icc_profile"] == ADOBE_RGB


def test_8_bit_tiff_round_trips_exactly_through_pillow(camera_info: PhotoInfo) -> None:
    pixels = photo((48, 64, 4))
    image = opened(encode_result(pixels, camera_info, "TIFF", texts=TEXTS))
    np.testing.assert_array_equal(np.asarray(image), pixels)
    assert image.getexif()[0x010F] == "Canon"


def test_transparency_is_kept_in_png_and_webp_and_flattened_on_white_in_jpeg() -> None:
    pixels = np.zeros((48, 64, 4), np.uint8)
    pixels[:, :32] = (200, 10, 10, 255)  # opaque red half, fully transparent other half
    info = PhotoInfo(format="PNG")
    png = np.asarray(opened(encode_result(pixels, info, "PNG", texts=TEXTS)))
    np.testing.assert_array_equal(png, pixels)
    webp = np.asarray(
        opened(encode_result(pixels, PhotoInfo(webp_lossless=True), "WEBP", texts=TEXTS))
    )
    assert webp.shape[2] == 4 and webp[0, 40, 3] == 0 and webp[0, 0, 3] == 255
    jpeg = np.asarray(opened(encode_result(pixels, info, "JPEG", texts=TEXTS)).convert("RGB"))
    assert jpeg[24, 50].min() >= 250  # white where it was transparent
    assert jpeg[24, 10, 0] > 180 and jpeg[24, 10, 1] < 40


def test_16_bit_pixels_become_8_bit_with_rounding_in_jpeg() -> None:
    assert to_8bit(
        np.array([[0, 128, 129, 257 * 100 + 128, 257 * 100 + 129, 65535]], np.uint16)
    ).tolist() == [[0, 0, 1, 100, 101, 255]]
    pixels = np.full((48, 64, 3), 257 * 100 + 129, np.uint16)
    image = opened(encode_result(pixels, PhotoInfo(), "JPEG", texts=TEXTS))
    assert image.mode == "RGB" and abs(int(np.asarray(image)[10, 10, 0]) - 101) <= 1


def test_webp_lossless_when_the_source_was() -> None:
    pixels = photo()
    lossless = encode_result(
        pixels, PhotoInfo(format="WEBP", webp_lossless=True), "WEBP", texts=TEXTS
    )
    assert read_info(opened(lossless)).webp_lossless
    np.testing.assert_array_equal(np.asarray(opened(lossless)), pixels)
    lossy = encode_result(pixels, PhotoInfo(format="WEBP"), "WEBP", texts=TEXTS)
    assert not read_info(opened(lossy)).webp_lossless


def test_add_png_metadata_keeps_the_image_data_byte_for_byte(camera_info: PhotoInfo) -> None:
    out = io.BytesIO()
    Image.fromarray(photo()).save(out, "PNG")  # Pillow writes sRGB-less PNG; add a gAMA chunk
    original = out.getvalue()
    gama = b"\x00\x00\x00\x04gAMA\x00\x00\xb1\x8f" + struct.pack(">I", 0x0BFC6105)
    original = original[:33] + gama + original[33:]
    data = add_png_metadata(original, camera_info, texts=TEXTS, strip_location=True)
    idat = lambda png: [body for kind, body in png_chunks(png) if kind == b"IDAT"]  # noqa: E731
    assert idat(data) == idat(original)
    kinds = [kind for kind, _ in png_chunks(data)]
    assert b"gAMA" not in kinds  # it would contradict the embedded profile
    image = opened(data)
    assert image.info["icc_profile"] == ADOBE_RGB and image.info["parameters"] == PARAMETERS
    assert image.getexif().get_ifd(GPS_IFD) == {}
    with pytest.raises(ValueError):
        add_png_metadata(b"GIF89a" + bytes(40), camera_info, texts=TEXTS)


def test_broken_xmp_gives_a_fresh_packet_and_an_earlier_provenance_is_replaced() -> None:
    broken = PhotoInfo(xmp=b"<x:xmpmeta><rdf:RDF><unclosed></rdf:RDF>")
    xmp = opened(encode_result(photo(), broken, "PNG", texts=TEXTS)).info["xmp"]
    assert b"ideogramstudio:provenance" in xmp and b"unclosed" not in xmp
    again = PhotoInfo(xmp=xmp)
    texts = dict(TEXTS, ideogram_studio='{"job_id": "second"}')
    twice = opened(encode_result(photo(), again, "PNG", texts=texts)).info["xmp"]
    assert twice.count(b"ideogramstudio:provenance>") == 2  # one element, open and close
    assert b"second" in twice and b"ab12" not in twice


@pytest.mark.parametrize(
    ("source", "chosen", "expected"),
    [
        ("JPEG", "auto", "JPEG"),
        ("MPO", "auto", "JPEG"),
        ("HEIF", "auto", "JPEG"),
        ("AVIF", "auto", "JPEG"),
        ("PNG", "auto", "PNG"),
        ("BMP", "auto", "PNG"),
        ("GIF", "auto", "PNG"),
        (None, "auto", "PNG"),
        ("PCX", "auto", "PNG"),
        ("WEBP", "auto", "WEBP"),
        ("TIFF", "auto", "TIFF"),
        ("JPEG", "PNG", "PNG"),
        ("PNG", "jpg", "JPEG"),
        ("PNG", "Jpeg", "JPEG"),
        ("PNG", "webp", "WEBP"),
        ("PNG", "tif", "TIFF"),
        ("PNG", "TIFF", "TIFF"),
    ],
)
def test_result_format(source: str | None, chosen: str, expected: str) -> None:
    assert result_format(source, chosen) == expected


def test_result_format_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="gif"):
        result_format("PNG", "gif")
    assert [extension(f) for f in ("PNG", "JPEG", "WEBP", "TIFF")] == [
        ".png",
        ".jpg",
        ".webp",
        ".tif",
    ]
