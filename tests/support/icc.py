"""ICC profiles made in the tests: a Display P3 matrix/curve profile (what phones shoot in),
built from its published primaries, so no profile file of unknown licence is needed."""

from __future__ import annotations

import struct

import numpy as np

D50 = (0.9642, 1.0, 0.8249)
BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)


def _xyz(x: float, y: float) -> np.ndarray:
    return np.array([x / y, 1.0, (1 - x - y) / y])


def _colorants(primaries, white) -> np.ndarray:
    """Columns: the red, green and blue colorants in XYZ, adapted to the D50 of the PCS."""
    matrix = np.stack([_xyz(*p) for p in primaries], axis=1)
    white_xyz = _xyz(*white)
    matrix = matrix * np.linalg.solve(matrix, white_xyz)
    cone_src, cone_dst = BRADFORD @ white_xyz, BRADFORD @ np.array(D50)
    adapt = np.linalg.inv(BRADFORD) @ np.diag(cone_dst / cone_src) @ BRADFORD
    return adapt @ matrix


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(values) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _srgb_curve(points: int = 1024) -> bytes:
    x = np.linspace(0, 1, points)
    y = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    table = np.round(y * 65535).astype(">u2").tobytes()
    return b"curv\0\0\0\0" + struct.pack(">I", points) + table


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + b"\0" * 8  # no Unicode description
        + b"\0" * 3  # no ScriptCode description
        + b"\0" * 67
    )


def matrix_profile(name: str, primaries, white=(0.3127, 0.3290)) -> bytes:
    """An ICC v2 display profile with the sRGB tone curve and these primaries (x, y)."""
    colorants = _colorants(primaries, white)
    curve = _srgb_curve()
    tags = [
        (b"desc", _desc(name)),
        (b"cprt", b"text\0\0\0\0No copyright, made in the tests\0"),
        (b"wtpt", _xyz_tag(D50)),
        (b"rXYZ", _xyz_tag(colorants[:, 0])),
        (b"gXYZ", _xyz_tag(colorants[:, 1])),
        (b"bXYZ", _xyz_tag(colorants[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = [], b""
    for signature, data in tags:
        table.append(struct.pack(">4sII", signature, offset + len(body), len(data)))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual intent
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 4  # creator
        + b"\0" * 44  # profile ID and reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(table) + body


def display_p3() -> bytes:
    return matrix_profile("Display P3", [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)])
