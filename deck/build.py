"""Build a deck: load → validate → model → render → write, one stage after the other."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cards import sequence
from .content import Content, load_content
from .errors import RenderError
from .fit import Fitted, Shrink, fit
from .geometry import Geometry, load_presets, resolve_size
from .render import OUTPUTS, Context, Output, Page, layout, render_html, weasyprint_warnings
from .write import write_atomic

MIN_BODY_PT = 8.0


@dataclass(frozen=True)
class Planned:
    """One output file, rendered in memory and ready to write."""

    path: Path
    language: str
    output: Output
    fitted: Fitted
    warnings: tuple[str, ...]
    pdf: bytes

    @property
    def pages(self) -> int:
        return len(self.fitted.document.pages)


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int
    shrinks: tuple[Shrink, ...]
    warnings: tuple[str, ...]


def output_name(deck_id: str, language: str, output: str, geometry: Geometry) -> str:
    """``<deck>-<lang>[-<size>]-<output>.pdf``; the size appears only when it is not the default."""
    size = "" if geometry.name == load_presets().default_size else f"-{geometry.name}"
    return f"{deck_id}-{language}{size}-{output}.pdf"


def render_output(
    content: Content, language: str, output: Output, geometry: Geometry, min_pt: float = MIN_BODY_PT
) -> tuple[Fitted, tuple[str, ...]]:
    """Lay out one language's deck for one output, every face fitted."""
    deck = content.decks[language]
    context = Context(deck, sequence(deck), Page.for_output(geometry, output))
    what = f"language {language}, size {geometry.name}"
    with weasyprint_warnings() as warnings:
        fitted = fit(context, lambda ctx: layout(render_html(ctx), content.folder), min_pt, what)
    return fitted, tuple(dict.fromkeys(warnings))


def pdf_bytes(fitted: Fitted, output: Output) -> bytes:
    """The finished PDF of a fitted document."""
    buffer = io.BytesIO()
    fitted.document.write_pdf(buffer, pdf_tags=output.tagged)
    return buffer.getvalue()


def build(
    content_dir: Path,
    out_dir: Path,
    languages: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
    size: str | None = None,
    on_written: Callable[[Written], None] | None = None,
) -> list[Written]:
    """Build every requested language and output; nothing is written unless everything renders."""
    geometry = resolve_size(size)
    content = load_content(content_dir, list(languages) if languages else None)
    planned: list[Planned] = []
    for language in content.decks:
        for name in outputs or list(OUTPUTS):
            output = OUTPUTS[name]
            fitted, warnings = render_output(content, language, output, geometry)
            path = out_dir / output_name(content.deck_id, language, name, geometry)
            planned.append(Planned(path, language, output, fitted, warnings, pdf_bytes(fitted, output)))
    written = []
    for plan in planned:
        write_atomic(plan.path, plan.pdf)
        result = Written(plan.path, plan.pages, plan.fitted.shrinks, plan.warnings)
        written.append(result)
        if on_written:
            on_written(result)
    return written


__all__ = ["RenderError", "build", "output_name", "render_output"]
