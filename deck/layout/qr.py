"""QR codes drawn as vectors: one SVG path of the dark modules, sharp at any print size."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""


def module_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The code's size in modules and its dark modules as (row, first column, length) runs."""
    matrix = segno.make(url, error="m", micro=False).matrix
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(matrix), runs


def qr_svg(url: str) -> Markup:
    """An inline SVG of the QR code of ``url``, with its quiet zone; the stylesheet gives it its size."""
    size, runs = module_runs(url)
    side = size + 2 * QUIET_ZONE
    path = "".join(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{n}v1h-{n}z" for y, x, n in runs)
    return Markup(
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" aria-label="QR: {escape(url)}">'
        f'<rect width="{side}" height="{side}" fill="#ffffff"/><path fill="#000000" d="{path}"/></svg>'
    )
