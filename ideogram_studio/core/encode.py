"""Encoding a result in its photo's terms: format, colour profile, EXIF, XMP, and provenance.

Pure (no Qt, no files): pixels and a PhotoInfo in, the file's bytes out. Metadata never makes
a save fail: what cannot be read or does not fit is dropped, and the pixels are written.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, JpegImagePlugin, TiffImagePlugin, TiffTags

from ideogram_studio.core.colour import to_8bit
from ideogram_studio.core.imageio import heif_supported
from ideogram_studio.core.metadata import EXIF_IFD, GPS_IFD, PhotoInfo, read_info
from ideogram_studio.core.xmp import merged_xmp

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp", "TIFF": ".tif", "HEIF": ".heic"}
_CHOICES = {
    "png": "PNG",
    "jpeg": "JPEG",
    "jpg": "JPEG",
    "webp": "WEBP",
    "tiff": "TIFF",
    "tif": "TIFF",
}
_FAMILIES = {"JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WEBP", "TIFF": "TIFF"}
_HEIF_FAMILY = {"HEIF", "HEIC", "AVIF"}
_EXIF_PREFIX = b"Exif\x00\x00"
_JPEG_MARKER_LIMIT = 65533  # bytes after the APP1 length field
_ORIENTATION, _USER_COMMENT, _MAKER_NOTE, _INTEROP_IFD = 0x0112, 0x9286, 0x927C, 0xA005
_PIXEL_X, _PIXEL_Y = 0xA002, 0xA003
# IFD0 tags about a file's pixel layout, thumbnail or other blocks: never carried over.
_LAYOUT_TAGS = frozenset(
    {254, 255, 256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 317, 322, 323, 324, 325}
    | {338, 339, 513, 514, 530, 531, 532, 700, 33723, 34377, 34675, 37724}
)
_XMP_KEYWORD = b"XML:com.adobe.xmp"
_REPLACED_BY_ICC = {b"iCCP", b"sRGB", b"gAMA", b"cHRM"}


def heif_writable() -> bool:
    """Whether a HEIF encoder is registered with Pillow (pillow-heif installed)."""
    Image.init()
    return heif_supported() and "HEIF" in Image.SAVE


def result_format(source_format: str | None, chosen: str = "auto") -> str:
    """The format to save a result in: the photo's own family ("auto") or the chosen one."""
    choice = (chosen or "auto").strip().lower()
    if choice == "auto":
        source = (source_format or "").upper()
        if source in _HEIF_FAMILY:
            # Not HEIF even when pillow-heif can write it: its x265 encoder takes about 40 s
            # for 24 megapixels (benchmarks/bench_saving.py), too long for a save. "heif" is
            # still there to choose.
            return "JPEG"
        return _FAMILIES.get(source, "PNG")
    if choice in _CHOICES:
        return _CHOICES[choice]
    if choice in ("heif", "heic") and heif_writable():
        return "HEIF"
    raise ValueError(
        f"unknown result format {chosen!r}: choose auto, png, jpeg (jpg), webp or tiff (tif)"
    )


def extension(fmt: str) -> str:
    """The file name extension for a result_format() value: ".png", ".jpg", ".webp", ".tif"."""
    try:
        return _EXTENSIONS[fmt.upper()]
    except KeyError:
        raise ValueError(f"no extension for format {fmt!r}") from None


def encode_result(
    pixels: np.ndarray,
    info: PhotoInfo,
    fmt: str,
    *,
    texts: Mapping[str, str],
    strip_location: bool = False,
) -> bytes:
    """The result file's bytes: `pixels` (h, w, 3|4 RGB(A), uint8|uint16, already in the
    colour space of `info.icc_profile`) in `fmt`, with the photo's profile and metadata and
    `texts` ({"parameters": A1111 text, "ideogram_studio": provenance JSON})."""
    if (
        pixels.ndim != 3
        or pixels.shape[2] not in (3, 4)
        or pixels.dtype not in (np.uint8, np.uint16)
    ):
        raise ValueError(
            f"expected (h, w, 3|4) uint8/uint16 RGB(A), got {pixels.shape} {pixels.dtype}"
        )
    fmt = fmt.upper()
    height, width = pixels.shape[:2]
    comment = texts.get("parameters") if fmt in ("JPEG", "WEBP", "HEIF") else None
    limit = _JPEG_MARKER_LIMIT - len(_EXIF_PREFIX) if fmt == "JPEG" else None
    exif = prepared_exif(
        info.exif, size=(width, height), comment=comment, strip_location=strip_location, limit=limit
    )
    xmp = merged_xmp(info.xmp, texts, strip_location=strip_location)
    if fmt == "PNG":
        return _with_chunks(_png_pixels(pixels), _png_chunks(info.icc_profile, exif, xmp, texts))
    if fmt == "TIFF":
        return _tiff(pixels, info.icc_profile, exif, xmp)
    if fmt not in ("JPEG", "WEBP", "HEIF"):
        raise ValueError(f"cannot encode format {fmt!r}")
    return _pillow(pixels, info, fmt, exif, xmp)


def add_png_metadata(
    png: bytes, info: PhotoInfo, *, texts: Mapping[str, str], strip_location: bool = False
) -> bytes:
    """`png` (e.g. Ideogram's own file, its image data kept byte for byte) with the profile,
    EXIF, texts and XMP chunks inserted before its image data."""
    if not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", png[16:24])
    exif = prepared_exif(info.exif, size=(width, height), strip_location=strip_location)
    xmp = merged_xmp(info.xmp, texts, strip_location=strip_location)
    return _with_chunks(png, _png_chunks(info.icc_profile, exif, xmp, texts))


def encode_copy(pixels: np.ndarray, info: PhotoInfo, *, texts: Mapping[str, str]) -> bytes:
    """A lossless PNG of a photo (the session's, the history's copy) at its own depth, with its
    profile, EXIF (upright) and XMP as they are, and `texts`: no provenance is added."""
    height, width = pixels.shape[:2]
    exif = prepared_exif(info.exif, size=(width, height))
    chunks = _png_chunks(info.icc_profile, exif, info.xmp or b"", texts)
    return _with_chunks(_png_pixels(pixels), chunks)


def saved_like(pixels: np.ndarray, info: PhotoInfo, path: Path) -> bytes | None:
    """The photo's own pixels saved as the lossy result at `path` was (JPEG with its chroma
    subsampling, lossy WebP), or None for a lossless file. Compared with this, a region
    edit's result differs only where the edit reached, not wherever the compression did."""
    with Image.open(path) as image:
        fmt = image.format
        if fmt == "JPEG":
            info = replace(info, jpeg_subsampling=JpegImagePlugin.get_sampling(image))
        elif fmt != "WEBP" or read_info(image).webp_lossless:
            return None
    return encode_result(pixels, info, fmt, texts={})


# --- EXIF -----------------------------------------------------------------------------------


def user_comment(text: str) -> bytes:
    """An EXIF UserComment as piexif.helper.UserComment.dump(text, encoding="unicode") makes
    it, which is how A1111 and other Stable Diffusion tools write and read their parameters."""
    return b"UNICODE\x00" + text.encode("utf-16-be", errors="replace")


def prepared_exif(
    source: bytes | None,
    *,
    size: tuple[int, int] | None = None,
    comment: str | None = None,
    strip_location: bool = False,
    limit: int | None = None,
) -> bytes | None:
    """The EXIF to write (TIFF bytes, no "Exif\\0\\0"): the source's, upright (Orientation 1),
    its pixel size updated, without GPS when `strip_location`, with `comment` as UserComment.
    The thumbnail (IFD1, which shows the unedited photo) is never carried over. Over `limit`
    bytes, the MakerNote and then the comment are dropped; None when nothing can be written."""
    try:
        ifds = _load_ifds(source)
    except Exception:  # noqa: BLE001 - unreadable EXIF: start afresh rather than fail
        ifds = {}
    for drop in ((), (_MAKER_NOTE,), (_MAKER_NOTE, _USER_COMMENT)):
        try:
            data = _exif_bytes(ifds, size, comment, strip_location, drop)
        except Exception:  # noqa: BLE001 - a value Pillow cannot write back
            if ifds:
                ifds = {}
                continue
            return None
        if data is None or limit is None or len(data) <= limit:
            return data
    return None


def _load_ifds(source: bytes | None) -> dict[int, TiffImagePlugin.ImageFileDirectory_v2]:
    """IFD0 (key 0), Exif, GPS and Interop IFDs, each with its tags' own types."""
    if not source:
        return {}
    data = source[len(_EXIF_PREFIX) :] if source.startswith(_EXIF_PREFIX) else source
    head, stream = data[:8], io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ifd0 = TiffImagePlugin.ImageFileDirectory_v2(head)
        stream.seek(ifd0.next)
        ifd0.load(stream)
        ifds = {0: ifd0}
        for parent, tag in ((0, EXIF_IFD), (0, GPS_IFD), (EXIF_IFD, _INTEROP_IFD)):
            offset = ifds[parent].get(tag) if parent in ifds else None
            if isinstance(offset, int) and 8 <= offset < len(data):
                sub = TiffImagePlugin.ImageFileDirectory_v2(head, group=tag)
                stream.seek(offset)
                sub.load(stream)
                ifds[tag] = sub
    return ifds


def _exif_bytes(
    loaded: dict[int, TiffImagePlugin.ImageFileDirectory_v2],
    size: tuple[int, int] | None,
    comment: str | None,
    strip_location: bool,
    drop: tuple[int, ...],
) -> bytes | None:
    head = loaded[0]._get_ifh()[:8] if 0 in loaded else b"MM\x00\x2a\x00\x00\x00\x08"
    ifd0, subs = _exif_ifds(loaded, head, size, comment, strip_location, drop)
    if not len(ifd0) and not subs:
        return None
    return _laid_out(head, ifd0, subs, ifd0_first=True)


_Subs = list[
    tuple[TiffImagePlugin.ImageFileDirectory_v2, int, TiffImagePlugin.ImageFileDirectory_v2]
]


def _exif_ifds(
    loaded: dict[int, TiffImagePlugin.ImageFileDirectory_v2],
    head: bytes,
    size: tuple[int, int] | None,
    comment: str | None,
    strip_location: bool,
    drop: tuple[int, ...],
) -> tuple[TiffImagePlugin.ImageFileDirectory_v2, _Subs]:
    """Copies of the loaded IFDs (each tag with its own type) as they are to be written, and
    the (parent, pointer tag, sub-IFD) links between them."""

    def copy(key: int, skip: frozenset[int] | tuple[int, ...] = ()):
        ifd = TiffImagePlugin.ImageFileDirectory_v2(head, group=key or None)
        for tag, value in loaded[key].items() if key in loaded else ():
            if tag not in skip and tag not in drop:
                _set(ifd, tag, loaded[key].tagtype[tag], value)
        return ifd

    ifd0 = copy(0, _LAYOUT_TAGS | {EXIF_IFD, GPS_IFD})
    exif = copy(EXIF_IFD, (_INTEROP_IFD,))
    interop = copy(_INTEROP_IFD)
    if 0 in loaded or comment:
        _set(ifd0, _ORIENTATION, TiffTags.SHORT, 1)  # the pixels are upright
    if comment and _USER_COMMENT not in drop:
        if not len(exif):
            _set(exif, 0x9000, TiffTags.UNDEFINED, b"0232")  # ExifVersion
        _set(exif, _USER_COMMENT, TiffTags.UNDEFINED, user_comment(comment))
    if size is not None:
        for tag, value in zip((_PIXEL_X, _PIXEL_Y), size, strict=True):
            if tag in exif:
                _set(exif, tag, TiffTags.LONG, value)
    links = [(ifd0, EXIF_IFD, exif), (exif, _INTEROP_IFD, interop)]
    if not strip_location:
        links.append((ifd0, GPS_IFD, copy(GPS_IFD)))
    subs = [link for link in links if len(link[2]) and (link[0] is ifd0 or len(exif))]
    return ifd0, subs


def _laid_out(
    head: bytes,
    ifd0: TiffImagePlugin.ImageFileDirectory_v2,
    subs: _Subs,
    *,
    ifd0_first: bool,
) -> bytes:
    """A TIFF structure: the header, then IFD0 and its sub-IFDs one after the other (IFD0
    last when image data follows it: Pillow places strips after the IFD it writes last)."""
    for parent, tag, _ in subs:
        _set(parent, tag, TiffTags.LONG, 0)  # placeholder: an IFD's size does not depend on it
    ifds = [sub for _, _, sub in subs]
    order = [ifd0, *ifds] if ifd0_first else [*ifds, ifd0]
    offsets, position = {}, 8
    for ifd in order:
        offsets[id(ifd)] = position
        position += len(ifd.tobytes(position))
    for parent, tag, sub in subs:
        _set(parent, tag, TiffTags.LONG, offsets[id(sub)])
    first = struct.pack("<I" if head[:2] == b"II" else ">I", offsets[id(ifd0)])
    return head[:4] + first + b"".join(ifd.tobytes(offsets[id(ifd)]) for ifd in order)


def _set(ifd: TiffImagePlugin.ImageFileDirectory_v2, tag: int, kind: int, value: object) -> None:
    ifd.tagtype[tag] = kind
    ifd[tag] = value


# --- PNG ------------------------------------------------------------------------------------


def _png_pixels(pixels: np.ndarray) -> bytes:
    code = cv2.COLOR_RGBA2BGRA if pixels.shape[2] == 4 else cv2.COLOR_RGB2BGR
    bgr = cv2.cvtColor(np.ascontiguousarray(pixels), code)
    ok, encoded = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:  # pragma: no cover - OpenCV cannot fail on a valid array
        raise RuntimeError("PNG encoding failed")
    return encoded.tobytes()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _text_chunk(key: str, value: str) -> bytes:
    keyword = key.encode("latin-1", errors="replace")[:79]
    try:
        return _chunk(b"tEXt", keyword + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", keyword + b"\0\0\0\0\0" + value.encode("utf-8"))


def _png_chunks(
    icc: bytes | None, exif: bytes | None, xmp: bytes, texts: Mapping[str, str]
) -> list[bytes]:
    chunks = []
    if icc:
        chunks.append(_chunk(b"iCCP", b"ICC profile\0\0" + zlib.compress(icc)))
    if exif:
        chunks.append(_chunk(b"eXIf", exif))
    chunks += [_text_chunk(key, value) for key, value in texts.items()]
    if xmp:
        chunks.append(_chunk(b"iTXt", _XMP_KEYWORD + b"\0\0\0\0\0" + xmp))
    return chunks


def _keyword(kind: bytes, body: bytes) -> bytes | None:
    return body.split(b"\0", 1)[0] if kind in (b"tEXt", b"iTXt", b"zTXt") else None


def _with_chunks(png: bytes, chunks: list[bytes]) -> bytes:
    """Insert `chunks` right after IHDR (before PLTE and IDAT, as iCCP must be), removing the
    chunks they replace; every other chunk is kept as it is."""
    kinds = {chunk[4:8] for chunk in chunks}
    keywords = {_keyword(chunk[4:8], chunk[8:]) for chunk in chunks} - {None}
    replaced = (_REPLACED_BY_ICC if b"iCCP" in kinds else set()) | (kinds & {b"eXIf"})
    kept, position = [], len(PNG_SIGNATURE)
    while position + 12 <= len(png):
        length = struct.unpack(">I", png[position : position + 4])[0]
        kind = png[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(png):
            raise ValueError("the PNG file is cut off")
        body_head = png[position + 8 : position + 8 + min(length, 80)]
        if kind not in replaced and _keyword(kind, body_head) not in keywords:
            kept.append(png[position:end])
        if kind == b"IHDR":
            kept.extend(chunks)
        position = end
        if kind == b"IEND":
            break
    if not kept or kept[0][4:8] != b"IHDR":
        raise ValueError("not a PNG file: it does not begin with IHDR")
    return PNG_SIGNATURE + b"".join(kept)


# --- JPEG, WebP, HEIF -----------------------------------------------------------------------


def flatten_on_white(pixels: np.ndarray) -> np.ndarray:
    """RGBA uint8 composited over white, for formats without transparency."""
    rgb, alpha = pixels[:, :, :3], pixels[:, :, 3:]
    alpha3 = cv2.merge([alpha, alpha, alpha])
    return cv2.add(cv2.multiply(rgb, alpha3, scale=1 / 255), 255 - alpha3)


def _pillow(pixels: np.ndarray, info: PhotoInfo, fmt: str, exif: bytes | None, xmp: bytes) -> bytes:
    pixels = to_8bit(pixels)
    if fmt == "JPEG" and pixels.shape[2] == 4:
        pixels = flatten_on_white(pixels)
    image = Image.fromarray(np.ascontiguousarray(pixels))
    options: dict[str, object] = {"icc_profile": info.icc_profile or None}
    if exif:
        options["exif"] = _EXIF_PREFIX + exif
    if fmt == "JPEG":
        subsampling = info.jpeg_subsampling if info.jpeg_subsampling in (0, 1, 2) else 0
        options.update(quality=95, subsampling=subsampling, optimize=False)
        if len(xmp) > _JPEG_MARKER_LIMIT - 29:  # the XMP marker's namespace takes 29 bytes
            xmp = merged_xmp(None, {}) if len(info.xmp or b"") > 60000 else info.xmp or b""
    elif fmt == "WEBP" and info.webp_lossless:
        options.update(lossless=True, quality=25)  # quality is effort here: 25 as fast as 0
    elif fmt == "WEBP":
        options.update(quality=95, method=2)  # method 2: half method 0's time, no larger
    else:
        heif_supported()  # registers pillow-heif's HEIF saver
        options.update(quality=90)
    if xmp:
        options["xmp"] = xmp
    output = io.BytesIO()
    try:
        image.save(output, format=fmt, **options)
    except (ValueError, OSError):
        # Metadata a writer refuses (too long, malformed): the pixels matter more.
        output = io.BytesIO()
        options = {k: v for k, v in options.items() if k not in ("exif", "xmp", "icc_profile")}
        image.save(output, format=fmt, **options)
    return output.getvalue()


# --- TIFF -----------------------------------------------------------------------------------


def _tiff(pixels: np.ndarray, icc: bytes | None, exif: bytes | None, xmp: bytes) -> bytes:
    """A baseline TIFF (8 or 16 bits a sample, deflate with the horizontal predictor) written
    here: Pillow cannot hold 16-bit RGB, OpenCV writes no ICC, XMP or EXIF tags, and neither
    libtiff through Pillow nor tifffile writes an Exif sub-IFD. Pillow's IFD writer lays out
    the tags (EXIF ones typed as the source had them) and the Exif/GPS sub-IFDs."""
    height, width, channels = pixels.shape
    samples = np.ascontiguousarray(pixels.astype(pixels.dtype.newbyteorder("<"), copy=False))
    differences = samples.copy()
    np.subtract(samples[:, 1:], samples[:, :-1], out=differences[:, 1:])
    rows = max(1, (1 << 20) // (width * channels * samples.itemsize))
    with ThreadPoolExecutor() as pool:  # zlib releases the GIL: strips compress in parallel
        strips = list(
            pool.map(
                lambda top: zlib.compress(differences[top : top + rows].tobytes(), 1),
                range(0, height, rows),
            )
        )
    head = b"II\x2a\x00\x08\x00\x00\x00"
    ifd = TiffImagePlugin.ImageFileDirectory_v2(head)
    bits = samples.itemsize * 8
    long, short = TiffTags.LONG, TiffTags.SHORT
    _set(ifd, 256, long, width)
    _set(ifd, 257, long, height)
    _set(ifd, 258, short, (bits,) * channels)
    _set(ifd, 259, short, 8)  # Adobe deflate
    _set(ifd, 262, short, 2)  # RGB
    _set(ifd, 277, short, channels)
    _set(ifd, 278, long, rows)
    _set(ifd, 284, short, 1)
    _set(ifd, 317, short, 2)  # horizontal differencing
    if channels == 4:
        _set(ifd, 338, short, 2)  # unassociated alpha
    offsets = np.cumsum([0] + [len(strip) for strip in strips[:-1]]).tolist()
    _set(ifd, 273, long, tuple(offsets))  # relative: tobytes adds where the data begins
    _set(ifd, 279, long, tuple(len(strip) for strip in strips))
    if icc:
        _set(ifd, 34675, TiffTags.UNDEFINED, icc)
    if xmp:
        _set(ifd, 700, TiffTags.BYTE, xmp)
    try:
        exif_ifd0, subs = _exif_ifds(_load_ifds(exif), head, None, None, False, ())
    except Exception:  # noqa: BLE001 - EXIF that cannot be written back: keep the image
        exif_ifd0, subs = None, []
    if exif_ifd0 is not None:
        for tag, value in exif_ifd0.items():
            if tag not in ifd:
                _set(ifd, tag, exif_ifd0.tagtype[tag], value)
        subs = [(ifd if parent is exif_ifd0 else parent, tag, sub) for parent, tag, sub in subs]
    if 282 not in ifd or 283 not in ifd:  # baseline readers want a resolution: 72 dpi
        _set(ifd, 282, TiffTags.RATIONAL, 72.0)
        _set(ifd, 283, TiffTags.RATIONAL, 72.0)
        _set(ifd, 296, short, 2)
    try:
        return _laid_out(head, ifd, subs, ifd0_first=False) + b"".join(strips)
    except Exception:  # noqa: BLE001
        for tag in (EXIF_IFD, GPS_IFD):
            ifd.pop(tag, None)
        return head + ifd.tobytes(8) + b"".join(strips)
