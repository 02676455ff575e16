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
