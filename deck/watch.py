"""Rebuild the screen PDF whenever a content, template or style file is saved (``deck watch``)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from deck.build import Options, Written, build
from deck.cli_guard import os_error_line
from deck.errors import ContentError, RenderError
from deck.layout.render import STYLES, TEMPLATES
from deck.output.preview import face_images, face_png_name

WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".html", ".css", ".ttf", ".otf", ".woff", ".woff2", ".svg", ".png", ".jpg")
"""The kinds of file a build reads; anything else in the folders (an editor's temporary file) is not a change."""

DEBOUNCE_MS = 300
"""How long the watcher waits for more changes before it rebuilds (an editor saves in several steps)."""


def watched_folders(content_dir: Path, options: Options) -> list[Path]:
    """Every folder whose files a build reads: the content, the templates and styles, the user's own."""
    folders = [content_dir, TEMPLATES, STYLES]
    if options.theme.templates is not None:
        folders.append(options.theme.templates)
    if options.theme.stylesheet is not None:
        folders.append(options.theme.stylesheet.parent)
    return list(dict.fromkeys(folder.resolve() for folder in folders if folder.is_dir()))


def _ignored(path: str, written: Sequence[Path]) -> bool:
    """Only the kinds of file a build reads start a rebuild: not temporary or hidden files, nor what the watch writes."""
    name = Path(path).name
    if name.startswith(".") or not name.lower().endswith(WATCHED_SUFFIXES):
        return True
    return any(Path(path).resolve().is_relative_to(folder) for folder in written)


@dataclass
class FacePreviews:
    """PNGs of a PDF's faces, written again only when a face looks different."""

    out_dir: Path
    dpi: float = 110
    seen: dict[int, str] = field(default_factory=dict)

    def update(self, pdf_path: Path) -> list[Path]:
        """Render every face and write the PNG of each one that changed since the last call."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        changed = []
        for index, image in enumerate(face_images(pdf_path, self.dpi)):
            digest = hashlib.sha256(image.tobytes()).hexdigest()
            if self.seen.get(index) == digest:
                continue
            self.seen[index] = digest
            path = self.out_dir / face_png_name(index)
            image.save(path, optimize=True)
            changed.append(path)
        return changed


@dataclass
class Watcher:
    """One watch session: what to build, where to say what happened, and the previews kept so far."""

    content_dir: Path
    out_dir: Path
    languages: Sequence[str] | None
    options: Options
    echo: Callable[[str], None]
    report: Callable[[Written], None]
    preview_dir: Path | None = None
    previews: dict[Path, FacePreviews] = field(default_factory=dict)

    def rebuild(self) -> bool:
        """Build the screen PDFs; on failure say why and keep the last good PDFs. True when it built."""
        try:
            written = build(self.content_dir, self.out_dir, self.languages, ["screen"], self.options, on_written=self.report)
        except ContentError as error:
            for problem in error.problems:
                self.echo(str(problem))
            self.echo(f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} found; the last good PDF is kept.")
            return False
        except RenderError as error:
            self.echo(f"{error}\nThe last good PDF is kept.")
            return False
        except OSError as error:  # the output folder cannot be written (full, read-only, a folder in a file's place)
            self.echo(f"{os_error_line(error)}\nThe last good PDF is kept.")
            return False
        if self.preview_dir is not None:
            for result in written:
                folder = self.preview_dir / result.path.stem
                changed = self.previews.setdefault(result.path, FacePreviews(folder)).update(result.path)
                self.echo(f"  preview: {len(changed)} face{'s' if len(changed) != 1 else ''} changed in {folder}")
        return True

    def run(self, stop: threading.Event | None = None, force_polling: bool | None = None) -> None:
        """Build once, then again after every saved change, until ``stop`` is set or Ctrl-C."""
        folders = watched_folders(self.content_dir, self.options)
        written = [folder.resolve() for folder in (self.out_dir, self.preview_dir) if folder is not None]
        self.rebuild()
        self.echo("watching " + ", ".join(str(folder) for folder in folders) + " (Ctrl-C to stop)")
        for changes in watchfiles.watch(
            *folders,
            watch_filter=lambda change, path: not _ignored(path, written),
            debounce=DEBOUNCE_MS,
            stop_event=stop,
            raise_interrupt=False,
            force_polling=force_polling,
        ):
            names = sorted({Path(path).name for _, path in changes})
            self.echo("changed: " + ", ".join(names))
            self.rebuild()
