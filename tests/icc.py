"""Write a small, valid CMYK ICC v2 output profile for the tests (no CMYK profile ships with a fresh machine).

The colour model is naive (CMYK as subtractive sRGB), which is all the tests need: a profile that
LittleCMS accepts, with which sRGB colours convert to CMYK and back.
"""

from __future__ import annotations

import struct
from itertools import product
from pathlib import Path

D50 = (0.9642, 1.0, 0.8249)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _srgb_to_lab(r: float, g: float, b: float) -> tuple[float, float, float]:
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    # sRGB to XYZ, adapted to D50 (Bradford), as in the ICC sRGB profile.
    x = 0.4360747 * lin[0] + 0.3850649 * lin[1] + 0.1430804 * lin[2]
    y = 0.2225045 * lin[0] + 0.7168786 * lin[1] + 0.0606169 * lin[2]
    z = 0.0139322 * lin[0] + 0.0971045 * lin[1] + 0.7141733 * lin[2]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / D50[0]), f(y / D50[1]), f(z / D50[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_to_srgb(lab_l: float, a: float, b: float) -> tuple[float, float, float]:
    fy = (lab_l + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def finv(t: float) -> float:
        return t**3 if t**3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)

    x, y, z = finv(fx) * D50[0], finv(fy) * D50[1], finv(fz) * D50[2]
    lin = (
        3.1338561 * x - 1.6168667 * y - 0.4906146 * z,
        -0.9787684 * x + 1.9161415 * y + 0.0334540 * z,
        0.0719453 * x - 0.2289914 * y + 1.4052427 * z,
    )
    out = []
    for c in lin:
        c = min(1.0, max(0.0, c))
        out.append(12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)
    return out[0], out[1], out[2]


def _lab16(lab_l: float, a: float, b: float) -> list[int]:
    """Lab in the ICC v2 16-bit encoding used by lut16Type."""

    def clamp(v: float) -> int:
        return max(0, min(0xFFFF, round(v)))

    return [clamp(lab_l / 100 * 0xFF00), clamp((a + 128) * 256), clamp((b + 128) * 256)]


def _lut16(inputs: int, outputs: int, grid: int, clut: list[int]) -> bytes:
    identity = b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    ramp = b"".join(struct.pack(">H", v) for v in (0, 0xFFFF))
    body = b"mft2" + b"\0" * 4 + struct.pack(">BBBB", inputs, outputs, grid, 0) + identity + struct.pack(">HH", 2, 2)
    body += ramp * inputs + b"".join(struct.pack(">H", v) for v in clut) + ramp * outputs
    return body


def _a2b0() -> bytes:
    clut: list[int] = []
    for c, m, y, k in product((0.0, 1.0), repeat=4):
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        clut += _lab16(*_srgb_to_lab(*rgb))
    return _lut16(4, 3, 2, clut)


def _b2a0(grid: int = 17) -> bytes:
    clut: list[int] = []
    steps = [i / (grid - 1) for i in range(grid)]
    for lv, av, bv in product(steps, repeat=3):
        r, g, b = _lab_to_srgb(lv * 0xFFFF / 0xFF00 * 100, av * 255 - 128, bv * 255 - 128)
        k = 1 - max(r, g, b)
        cmy = [0.0, 0.0, 0.0] if k >= 1 else [(1 - v - k) / (1 - k) for v in (r, g, b)]
        clut += [round(v * 0xFFFF) for v in (*cmy, k)]
    return _lut16(3, 4, grid, clut)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0" * 3 + b"\0" * 67


def _text(text: str) -> bytes:
    return b"text" + b"\0" * 4 + text.encode("ascii") + b"\0"


def write_cmyk_profile(path: Path, name: str = "Test CMYK") -> Path:
    """Write the profile to ``path`` and return it."""
    tags = [
        (b"desc", _desc(name)),
        (b"cprt", _text("No copyright, use freely")),
        (b"wtpt", b"XYZ " + b"\0" * 4 + b"".join(_s15(v) for v in D50)),
        (b"A2B0", _a2b0()),
        (b"B2A0", _b2a0()),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"prtr" + b"CMYK" + b"Lab "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"APPL" + b"\0" * 4 + b"\0" * 8 + b"\0" * 8
    header += struct.pack(">I", 0) + b"".join(_s15(v) for v in D50) + b"\0" * 4 + b"\0" * 16 + b"\0" * 28
    assert len(header) == 128, len(header)
    path.write_bytes(header + struct.pack(">I", len(tags)) + table + data)
    return path
