"""Colours for print: convert the deck's sRGB colours to CMYK for a given ICC profile."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms

_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_STYLED = re.compile(r'(style="[^"]*"|<style>.*?</style>)', re.S)


class CmykConverter:
    """Turns ``#rrggbb`` colours into ``device-cmyk()`` through a CMYK output profile."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile.resolve()
        try:
            opened = ImageCms.getOpenProfile(str(self.profile))
        except (OSError, ImageCms.PyCMSError) as exc:
            raise ValueError(f"{profile}: not a readable ICC profile ({exc})") from None
        space = opened.profile.xcolor_space.strip()
        if space != "CMYK":
            raise ValueError(f"{profile}: expected a CMYK output profile, got a {space} profile")
        srgb = ImageCms.createProfile("sRGB")
        try:
            self._transform = ImageCms.buildTransform(srgb, opened, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        except ImageCms.PyCMSError as exc:
            raise ValueError(f"{profile}: cannot convert sRGB colours with this profile ({exc})") from None
        self.name = self.profile.name

    @cache  # noqa: B019 - one converter per build; colours are few
    def cmyk(self, colour: str) -> str:
        """``colour`` (#rgb or #rrggbb) as a CSS ``device-cmyk()`` value."""
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), self._transform).getpixel((0, 0))
        return "device-cmyk({})".format(" ".join(f"{value / 255:.3f}" for value in pixel))

    def css(self, text: str) -> str:
        """Every hex colour in a stylesheet, converted."""
        return _HEX.sub(lambda m: self.cmyk(m.group(0)), text)

    def html(self, text: str) -> str:
        """Hex colours in the style attributes and style elements of an HTML document, converted."""
        return _STYLED.sub(lambda m: self.css(m.group(0)), text)

    def profile_rule(self) -> str:
        """The CSS rule that makes the profile the document's CMYK colour space."""
        return f"@color-profile device-cmyk {{ src: url('{self.profile.as_uri()}'); components: cyan, magenta, yellow, black; }}"


INK = "#1f2a30"
"""The deck's black: the dark text colour (styles/deck.css --ink)."""
PAPER = "#ffffff"
MIN_CONTRAST = 4.5
"""WCAG AA for normal text."""


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [c / 255 for c in _rgb(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(colour: str) -> str:
    """The text colour for a band or background of ``colour``: white or the deck's black, whichever contrasts more."""
    return PAPER if contrast(colour, PAPER) >= contrast(colour, INK) else INK


def readable(colour: str) -> bool:
    """Whether white or black text on ``colour`` reaches the minimum contrast."""
    return contrast(colour, text_on(colour)) >= MIN_CONTRAST


def nearest_readable(colour: str) -> str:
    """The colour nearest to ``colour`` (mixed towards black or white in 1% steps) that text can be read on."""
    rgb = _rgb(colour)
    for step in range(1, 101):
        for target in ((0, 0, 0), (255, 255, 255)):
            mixed = "#" + "".join(f"{round(c + (t - c) * step / 100):02x}" for c, t in zip(rgb, target, strict=True))
            if readable(mixed):
                return mixed
    return INK


def contrast_problem(colour: str) -> str | None:
    """A message when neither white nor black text reaches the minimum contrast on ``colour``, else None."""
    if readable(colour):
        return None
    best = max(contrast(colour, PAPER), contrast(colour, INK))
    return (
        f"text on {colour} reaches a contrast of only {best:.1f}:1 with white or black (at least {MIN_CONTRAST:g}:1 is needed); "
        f"the nearest colour that passes is {nearest_readable(colour)}"
    )
