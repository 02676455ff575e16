"""Render a deck to HTML with Jinja, then lay it out with WeasyPrint."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2

from deck.colour import CmykConverter, text_on
from deck.content.model import Deck
from deck.errors import RenderError, shown
from deck.layout.blocks import break_long_words, keep_last_word, paragraphs
from deck.layout.cards import Card
from deck.layout.engine import CSS, HTML, Document, FontConfiguration, URLFetcher
from deck.layout.geometry import Geometry
from deck.layout.qr import qr_svg
from deck.layout.sheets import SheetPlan
from deck.layout.upstream import apply as apply_upstream_workarounds
from deck.options import DEFAULT_THEME, Output, Theme
from deck.resources import STYLES, TEMPLATES, files_digest, stylesheet_files

apply_upstream_workarounds()


A6_AREA = 105.0 * 148.0
"""The card area the type sizes are designed for; other sizes scale type by the square root of their area."""


@dataclass(frozen=True)
class Page:
    """Page geometry as the template needs it (mm)."""

    width: float
    height: float
    bleed: float
    margin: float
    scale: float = 1.0

    @property
    def body(self) -> float:
        """Body text size (pt): 9 pt on A6, smaller on smaller cards, in quarter points."""
        return round(9.0 * self.scale * 4) / 4

    @property
    def small(self) -> float:
        return small_size(self.body)

    @classmethod
    def for_output(cls, geometry: Geometry, output: Output) -> Page:
        """Trim size, bleed only where the output has it, and a margin of at least the safe zone."""
        scale = min(1.2, max(0.8, round(math.sqrt(geometry.width * geometry.height / A6_AREA), 3)))
        margin = max(geometry.safe + 1.0, round(min(geometry.width, geometry.height) * 0.062, 1))
        return cls(geometry.width, geometry.height, geometry.bleed if output.bleed else 0.0, margin, scale)


FaceKey = tuple[str, str]
"""A face: (card label as printed, like "6" or "6a"; 'front' or 'back')."""


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
    created: str | None = None
    """The PDF's creation date (W3C format), fixed so that the same content gives the same bytes."""

    def wants(self, card: Card, face: str) -> bool:
        """Whether this rendering includes the given face."""
        return self.only is None or (card.label, face) in self.only

    def face_style(self, card: Card, face: str) -> str:
        """Inline CSS for a face's text size, when it differs from the page's."""
        body = self.sizes.get((card.label, face))
        return "" if body is None else f"--body: {body:g}pt; --small: {small_size(body):g}pt;"

    def as_dict(self) -> dict[str, object]:
        return {
            "deck": self.deck,
            "cards": self.cards,
            "page": self.page,
            "labels": self.deck.labels,
            "context": self,
            "created": self.created,
        }


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


def plain(text: str) -> str:
    """The text without any marking, for attributes and the document title."""
    return f"{text}"


@cache
def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: autoescaping on, undefined names are errors, the user's templates first."""
    folders = [str(user_templates)] if user_templates else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        tint=tint,
        shade=shade,
        paragraphs=paragraphs,
        plain=plain,
        keep_last_word=keep_last_word,
        break_long_words=break_long_words,
        text_on=text_on,
        qr=qr_svg,
    )
    return env


def _render(theme: Theme, name: str, values: dict[str, object]) -> str:
    """Render a template; a mistake in a template is a RenderError naming its file and line."""
    try:
        return environment(theme.templates).get_template(name).render(values)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{_template_name(exc.filename, name)}:{exc.lineno}: template syntax error: {exc.message}") from None
    except (jinja2.UndefinedError, jinja2.TemplateError, TypeError, AttributeError) as exc:
        where = _template_frame(exc) or (name, None)
        line = f":{where[1]}" if where[1] else ""
        raise RenderError(f"{_template_name(where[0], name)}{line}: template error: {exc}") from None


def _template_name(filename: str | None, fallback: str) -> str:
    return shown(Path(filename)) if filename else fallback


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in a traceback (Jinja maps template lines into tracebacks)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_html(context: Context, theme: Theme = DEFAULT_THEME) -> str:
    """The HTML of every face of the deck, one ``section.face`` per page."""
    return _render(theme, "deck.html.j2", context.as_dict())


_FACE = re.compile(r'<section\b[^>]*?\bdata-card="([^"]*)" data-face="([^"]*)"')


def face_html(html: str, context: Context) -> dict[FaceKey, str] | None:
    """The HTML of each face, in page order; None when the templates do not mark each face as the deck's do."""
    starts = [(match.start(), (match.group(1), match.group(2))) for match in _FACE.finditer(html)]
    wanted = [(card.label, face) for card in context.cards for face in ("front", "back") if context.wants(card, face)]
    if [key for _, key in starts] != wanted:
        return None
    ends = [start for start, _ in starts[1:]] + [html.rfind("</body>")]
    return {key: html[start:end] for (start, key), end in zip(starts, ends, strict=True)}


def frame_html(html: str, faces: Mapping[FaceKey, str]) -> str:
    """The deck's HTML without its faces (``face_html``, which follow each other): what every face is laid out in."""
    start = html.index(next(iter(faces.values()))) if faces else len(html)
    return html[:start] + html[start + sum(map(len, faces.values())) :]


def render_sheets_html(context: Context, plan: SheetPlan, geometry: Geometry, theme: Theme = DEFAULT_THEME) -> str:
    """The HTML of office-printer sheets: an instruction page, then the faces placed by ``plan``."""
    return _render(theme, "sheets.html.j2", {**context.as_dict(), "plan": plan, "geometry": geometry})


def render_page_html(context: Context, template: str, values: Mapping[str, object], theme: Theme = DEFAULT_THEME) -> str:
    """The HTML of a page template other than the deck's (like the scan sheet), with the deck's context."""
    return _render(theme, template, {**context.as_dict(), **values})


class LocalFetcher(URLFetcher):
    """Fetches only files below the allowed folders; nothing from the network."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: object = None):  # type: ignore[no-untyped-def]
        if not url.startswith("file:"):
            raise ValueError(f"refused to fetch {url}: only the deck's own files may be used")
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"refused to read {path}: outside the content, templates and styles folders")
        if not path.is_file():  # a FIFO would block the layout, a device would never end
            raise ValueError(f"refused to read {path}: not a regular file")
        return super().fetch(url, headers)


@cache
def font_config() -> FontConfiguration:
    """One FontConfiguration per process (each new one rescans the fonts)."""
    return FontConfiguration()


@cache
def stylesheet(path: Path = STYLES / "deck.css") -> CSS:
    return CSS(filename=str(path), font_config=font_config(), url_fetcher=LocalFetcher((STYLES,)))


_READ_FROM: dict[str, str] = {}
"""The digest of the files the process's parsed templates, and its parsed stylesheet and fonts, were read from."""


def forget_changed(theme: Theme) -> None:
    """Read the templates, the stylesheet and its fonts again in a later build of this process when a file they come
    from changed since (``deck watch`` builds again and again in one process): an edited ``styles/deck.css`` or font,
    a font one's own stylesheet names, or a template of one's own added beside the project's, which Jinja, having found
    the project's, would not see."""
    templates = files_digest([*([theme.templates] if theme.templates else []), TEMPLATES])
    styles = files_digest([STYLES, *(stylesheet_files(theme.stylesheet) if theme.stylesheet else [])])  # fonts it names too
    if _READ_FROM.get("templates") != templates:  # on the first call too: a layout may have come before any build
        environment.cache_clear()
    if _READ_FROM.get("styles") != styles:
        stylesheet.cache_clear()
        font_config.cache_clear()
    _READ_FROM.update(templates=templates, styles=styles)


NOT_ABOUT_THE_DECK = ("Using fontTools instead of HarfBuzz-Subset",)
"""WeasyPrint warnings about this machine's libraries, not about the deck: not reported."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(NOT_ABOUT_THE_DECK):
            self.messages.append(message)


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


def layout(html: str, content_root: Path, cmyk: CmykConverter | None = None, theme: Theme = DEFAULT_THEME) -> Document:
    """Lay out the HTML into pages; with ``cmyk``, every colour is given in that profile's CMYK."""
    profiles: dict[str, object] = {}
    roots = (content_root, *theme.roots)
    if cmyk is None:
        fetcher = LocalFetcher(roots)
        sheets = [stylesheet()]
    else:
        fetcher = LocalFetcher((*roots, cmyk.profile.parent))
        css = cmyk.profile_rule() + cmyk.css((STYLES / "deck.css").read_text(encoding="utf-8"))
        sheets = [CSS(string=css, base_url=str(STYLES) + "/", font_config=font_config(), url_fetcher=fetcher, color_profiles=profiles)]
        html = cmyk.html(html)
    if theme.stylesheet is not None:
        sheets.append(user_stylesheet(theme.stylesheet, fetcher, cmyk, profiles))
    document = HTML(string=html, base_url=str(STYLES) + "/", url_fetcher=fetcher)
    return document.render(stylesheets=sheets, font_config=font_config(), color_profiles=profiles)


def user_stylesheet(path: Path, fetcher: URLFetcher, cmyk: CmykConverter | None, profiles: dict[str, object]) -> CSS:
    """The user's stylesheet; what WeasyPrint says about it (an ignored rule, say) is prefixed with its file name."""
    if not path.is_file():  # a FIFO would block the read
        raise RenderError(f"{shown(path)}: cannot read the stylesheet: not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RenderError(f"{shown(path)}: cannot read the stylesheet: {exc}") from None
    logger = logging.getLogger("weasyprint")
    prefix = _Prefix(f"{shown(path)}: ")
    logger.addFilter(prefix)
    try:
        return CSS(
            string=cmyk.css(text) if cmyk else text,
            base_url=path.resolve().as_uri(),
            font_config=font_config(),
            url_fetcher=fetcher,
            color_profiles=profiles,
        )
    except RecursionError:  # WeasyPrint reads nested blocks and functions recursively
        raise RenderError(f"{shown(path)}: cannot read the stylesheet: its blocks are nested too deeply") from None
    finally:
        logger.removeFilter(prefix)


class _Prefix(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.prefix + str(record.msg)
        return True
