"""Rebuild the screen PDF whenever a content, template or style file is saved (``deck watch``)."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from deck.build import Options, Written, build
from deck.cli_guard import os_error_line, stop_cleanly
from deck.errors import ContentError, RenderError
from deck.layout.render import STYLES, TEMPLATES
from deck.output.preview import FACE_PNG, face_images, face_png_name, save_png

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico")
"""Images a stylesheet or template may name: what WeasyPrint (with Pillow) draws."""
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
WATCHED_SUFFIXES = (".yaml", ".yml", ".j2", ".html", ".css", *FONT_SUFFIXES, *IMAGE_SUFFIXES)
"""The kinds of file a build reads; anything else in the folders (an editor's temporary file) is not a change."""

QUIET_MS = 300
"""How long the folders must stay quiet before a rebuild: an editor that saves in several steps (delete, then
write) is one change, not a failing build and a good one."""
LONGEST_MS = 2_000
"""The longest a rebuild waits for the folders to go quiet."""
TICK_MS = 200
"""How often the watch looks whether a watched folder went away or came back (the system's watch is lost with it)."""


def watched_folders(content_dir: Path, options: Options) -> list[Path]:
    """Every folder whose files a build reads: the content, the templates and styles, the user's own; as given, so
    that a link among them is looked through again when the watch looks whether a folder changed."""
    folders = [content_dir, TEMPLATES, STYLES]
    if options.theme.templates is not None:
        folders.append(options.theme.templates)
    if options.theme.stylesheet is not None:
        folders.append(options.theme.stylesheet.parent)
    return list(dict.fromkeys(folder.absolute() for folder in folders))


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
        """Remove the PNGs of faces the PDF no longer has (also those an earlier watch wrote), then render every face
        and write the PNG of each one that changed since the last call."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        images = face_images(pdf_path, self.dpi)
        faces = {face_png_name(index) for index in range(len(images))}
        for path in self.out_dir.glob("card-*.png"):
            if FACE_PNG.fullmatch(path.name) and path.name not in faces:
                path.unlink(missing_ok=True)
        self.seen = {index: digest for index, digest in self.seen.items() if index < len(images)}
        changed = []
        for index, image in enumerate(images):
            digest = hashlib.sha256(image.tobytes()).hexdigest()
            if self.seen.get(index) == digest:
                continue
            path = self.out_dir / face_png_name(index)
            save_png(image, path)
            self.seen[index] = digest
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
    note: Callable[[str], None] | None = None
    """Hears what a build notes (a card continued on a continuation card, a language skipped), as ``deck build`` says it."""

    def rebuild(self) -> bool:
        """Build the screen PDFs; on failure say why and keep the last good PDFs. True when it built."""
        try:
            written = build(self.content_dir, self.out_dir, self.languages, ["screen"], self.options, self.report, self.note)
        except ContentError as error:
            for problem in error.problems:
                self.echo(str(problem))
            self.echo(f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} found; {self._kept()}.")
            return False
        except RenderError as error:
            self.echo(f"{error}\n{_sentence(self._kept())}")
            return False
        except OSError as error:  # the output folder cannot be written (full, read-only, a folder in a file's place)
            self.echo(f"{os_error_line(error)}\n{_sentence(self._kept())}")
            return False
        if self.preview_dir is not None:
            for result in written:
                folder = self.preview_dir / result.path.stem
                changed = self.previews.setdefault(result.path, FacePreviews(folder)).update(result.path)
                self.echo(f"  preview: {len(changed)} face{'s' if len(changed) != 1 else ''} changed in {folder}")
        return True

    def _kept(self) -> str:
        """What a failed build leaves: the last good PDF, or none when no build made one yet."""
        try:
            made = any(path.name.endswith("-screen.pdf") for path in self.out_dir.iterdir())
        except OSError:
            made = False
        return "the last good PDF is kept" if made else "no PDF was written"

    def run(self, stop: threading.Event | None = None, force_polling: bool | None = None) -> None:
        """Build once, then again after every saved change, until ``stop`` is set or Ctrl-C; SIGTERM exits with 143.

        The folders are watched before the first build, so that a save during it is not lost. A folder that goes
        away (deleted, replaced, moved) is watched again when it is back, and the deck is built again then.
        """
        terminated = threading.Event()
        with _sigterm_noted(terminated):
            try:
                self._watch(stop, force_polling)
            except KeyboardInterrupt:  # watchfiles reports any signal while it waits as this
                if terminated.is_set():
                    raise SystemExit(128 + signal.SIGTERM) from None
                raise

    def _watch(self, stop: threading.Event | None, force_polling: bool | None) -> None:
        folders = watched_folders(self.content_dir, self.options)
        written = [folder.resolve() for folder in (self.out_dir, self.preview_dir) if folder is not None]
        announced = False
        while stop is None or not stop.is_set():
            seen = _identities(folders)
            roots = {folder: str(folder.resolve()) for folder in folders if seen[folder] is not None}
            names = frozenset(roots.values())
            changes = watchfiles.watch(
                *dict.fromkeys(roots.values()),
                watch_filter=lambda change, path, names=names: path in names or not _ignored(path, written),
                debounce=LONGEST_MS,
                step=QUIET_MS,
                stop_event=stop,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                raise_interrupt=True,
                force_polling=force_polling,
            )
            try:
                next(changes, None)  # the folders are watched from here on
            except OSError as error:
                if _identities(folders) == seen:  # not a folder gone between the look and the watch: the system's
                    self.echo(f"{os_error_line(error)}; watching by looking at the files every 300 ms instead")
                    force_polling = True
                time.sleep(TICK_MS / 1000)
                continue
            self.rebuild()
            if not announced:
                self.echo("watching " + ", ".join(str(folder) for folder in folders) + " (Ctrl-C to stop)")
                announced = True
            for found in changes:
                deleted = {path for _, path in found if path in names}  # made again, it may have the same inode
                if (now := _identities(folders)) != seen or deleted:  # a folder went, came back or was replaced
                    moved = [
                        f"{folder} ({_moved(seen[folder], now[folder])})"
                        for folder in folders
                        if now[folder] != seen[folder] or roots.get(folder) in deleted
                    ]
                    self.echo("changed: " + ", ".join(moved))
                    break
                if found:
                    self.echo("changed: " + ", ".join(sorted({Path(path).name for _, path in found})))
                    self.rebuild()
            else:
                return  # stopped


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _moved(before: tuple[int, int] | None, now: tuple[int, int] | None) -> str:
    return "gone" if now is None else "back" if before is None else "replaced"


def _identities(folders: Sequence[Path]) -> dict[Path, tuple[int, int] | None]:
    """Each folder's device and inode, None when it is not there: another folder in its place is another folder."""
    found: dict[Path, tuple[int, int] | None] = {}
    for folder in folders:
        try:
            status = os.stat(folder)
            found[folder] = (status.st_dev, status.st_ino)
        except OSError:
            found[folder] = None
    return found


@contextmanager
def _sigterm_noted(terminated: threading.Event) -> Iterator[None]:
    """While the block runs, SIGTERM sets ``terminated`` and ends the process cleanly (as ``deck.cli_guard`` does)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        terminated.set()
        stop_cleanly(signum, frame)

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
