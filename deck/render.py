"""Render a deck to HTML with Jinja, then lay it out with WeasyPrint."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .cards import Card
from .geometry import Geometry
from .model import Deck

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STYLES = PROJECT_ROOT / "styles"


@dataclass(frozen=True)
class Output:
    """One kind of PDF a build writes."""

    name: str
    bleed: bool
    tagged: bool


OUTPUTS: dict[str, Output] = {
    "print": Output("print", bleed=True, tagged=False),
    "screen": Output("screen", bleed=False, tagged=True),
}


@dataclass(frozen=True)
class Page:
    """Page geometry as the template needs it (mm)."""

    width: float
    height: float
    bleed: float
    margin: float
    body: float = 9.0
    marks: bool = False

    @property
    def small(self) -> float:
        return small_size(self.body)

    @classmethod
    def for_output(cls, geometry: Geometry, output: Output, marks: bool = False) -> Page:
        """Trim size, bleed only where the output has it, and a margin of at least the safe zone."""
        margin = max(geometry.safe + 2.0, round(min(geometry.width, geometry.height) * 0.062, 1))
        return cls(geometry.width, geometry.height, geometry.bleed if output.bleed else 0.0, margin, marks=marks)


FaceKey = tuple[int, str]
"""A face: (card number, 'front' or 'back')."""


@dataclass(frozen=True)
class Context:
    """Everything a template may use.

    ``sizes`` gives the body text size of faces that were shrunk to fit; ``only`` limits the
    rendering to some faces (None renders all of them).
    """

    deck: Deck
    cards: tuple[Card, ...]
    page: Page
    sizes: Mapping[FaceKey, float] = field(default_factory=dict)
    only: frozenset[FaceKey] | None = None

    def wants(self, card: Card, face: str) -> bool:
        """Whether this rendering includes the given face."""
        return self.only is None or (card.number, face) in self.only

    def face_style(self, card: Card, face: str) -> str:
        """Inline CSS for a face's text size, when it differs from the page's."""
        body = self.sizes.get((card.number, face))
        return "" if body is None else f"--body: {body:g}pt; --small: {small_size(body):g}pt;"

    def as_dict(self) -> dict[str, object]:
        return {"deck": self.deck, "cards": self.cards, "page": self.page, "labels": self.deck.labels, "context": self}


def small_size(body_pt: float) -> float:
    """Size of labels and small print for a given body size."""
    return round(body_pt * 8 / 9, 2)


def _mix(colour: str, other: tuple[int, int, int], amount: float) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (o - c) * amount) for c, o in zip(rgb, other, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white by ``amount`` (0..1)."""
    return _mix(colour, (255, 255, 255), amount)


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed with black by ``amount`` (0..1)."""
    return _mix(colour, (0, 0, 0), amount)


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs with single spaces."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


@cache
def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment: autoescaping on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(tint=tint, shade=shade, paragraphs=paragraphs)
    return env


def render_html(context: Context) -> str:
    """The HTML of every face of the deck, one ``section.face`` per page."""
    return environment().get_template("deck.html.j2").render(context.as_dict())


class LocalFetcher(URLFetcher):
    """Fetches only files below the allowed folders; nothing from the network."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        if not url.startswith("file:"):
            raise ValueError(f"refused to fetch {url}: only the deck's own files may be used")
        path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"refused to read {path}: outside the content, templates and styles folders")
        return super().fetch(url, headers)


@cache
def font_config() -> FontConfiguration:
    """One FontConfiguration per process (each new one rescans the fonts)."""
    return FontConfiguration()


@cache
def stylesheet(path: Path = STYLES / "deck.css") -> CSS:
    return CSS(filename=str(path), font_config=font_config(), url_fetcher=LocalFetcher((STYLES,)))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def weasyprint_warnings() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs at warning level or above while the block runs."""
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def layout(html: str, content_root: Path) -> Document:
    """Lay out the HTML into pages."""
    fetcher = LocalFetcher((content_root, TEMPLATES, STYLES))
    document = HTML(string=html, base_url=str(STYLES) + "/", url_fetcher=fetcher)
    return document.render(stylesheets=[stylesheet()], font_config=font_config())
