"""What a later build may take from an earlier one instead of working it out again: the results of steps
that depend on their inputs only (a font's subset, a page of printing instructions).

Each result is stored under the digest of everything its step reads and checked, when read, against
the digest of what the step gave: a damaged entry is worked out again. The build's workers only read
entries and collect new ones; the build stores them once every PDF is written (``store``), so that
a failed build leaves the output folder, cache included, as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

Taken = tuple[frozenset[str], dict[str, bytes]]
"""The entries a worker read, and the ones it made (digest -> result)."""

MAX_ENTRY_BYTES = 32 * 2**20
"""No result is larger (a font subset is some kilobytes, an instruction page some tens)."""
ENTRY = re.compile(r"[0-9a-f]{64}")
"""The name of an entry: the digest of its inputs."""
KEPT = 4096
"""Entries kept in one output folder's cache, the most recently used first: a language of the default deck uses
about 30 (its parts, font programs and subsets), one of 243 cards about 140."""
KEPT_BYTES = 512 * 2**20
"""At most so many bytes of entries are kept, the most recently used first (a part is some tens of kilobytes)."""


@dataclass
class Reuse:
    """The entries one process reads (from ``folder``, None: no cache) and the ones it made."""

    folder: Path | None = None
    namespace: str = ""
    """What every entry also depends on: deck's version, the files a layout reads."""
    used: set[str] = field(default_factory=set)
    new: dict[str, bytes] = field(default_factory=dict)

    def key(self, *parts: bytes | str) -> str:
        """The name of a step's result: the digest of its inputs, in order, and of the time every timestamp
        written is set to (fontTools dates a subset font with it: ``deck.content.dates.reproducible``)."""
        digest = hashlib.sha256(f"{self.namespace}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
        for part in parts:
            data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        """An earlier result, or None."""
        if key in self.new:
            return self.new[key]
        if self.folder is None:
            return None
        path = self.folder / key
        try:
            found = path.lstat()
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_ENTRY_BYTES:
                return None  # an entry is a file this cache wrote: not a link, nothing larger
            stored = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(stored[32:]).digest() != stored[:32]:
            return None  # damaged: work it out again
        self.used.add(key)
        return stored[32:]

    def put(self, key: str, data: bytes) -> None:
        """A result just worked out, for ``store`` to keep."""
        if self.folder is not None:
            self.new[key] = data

    def made(self, key: str, make: Callable[[], bytes | None]) -> bytes | None:
        """The result named ``key``: an earlier one, or what ``make`` gives now (kept unless None)."""
        found = self.get(key)
        if found is None:
            found = make()
            if found is not None:
                self.put(key, found)
        return found

    def taken(self) -> Taken:
        """What was read and made since the last call (to send to the build)."""
        found = (frozenset(self.used), dict(self.new))
        self.used.clear()
        self.new.clear()
        return found


REUSE = Reuse()
"""This process's entries; a build's worker sets it with ``reusing``."""


@contextlib.contextmanager
def reusing(folder: Path | None, namespace: str) -> Iterator[Reuse]:
    """Read earlier results from ``folder`` (None: none) while the block runs."""
    global REUSE
    before = REUSE
    REUSE = Reuse(folder, namespace)
    try:
        yield REUSE
    finally:
        REUSE = before


def store(root: Path, folder: Path, taken: Iterable[Taken]) -> None:
    """Keep the new results of a build's workers in ``folder`` (below the output folder ``root``) and mark the ones
    they read as recent; drop the oldest beyond ``KEPT`` entries or ``KEPT_BYTES``. Nothing is kept when a link leads the folder elsewhere."""
    if not plain_folder(root, folder):
        return
    used = {key for found, _ in taken for key in found}
    new = {key: data for _, made in taken for key, data in made.items()}
    folder.mkdir(parents=True, exist_ok=True)
    for key, data in new.items():
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(data).digest() + data)
            os.replace(tmp, folder / key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    for key in used - set(new):
        with contextlib.suppress(OSError):
            os.utime(folder / key, follow_symlinks=False)
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):  # another build may have just removed it
            found = path.lstat()
            if ENTRY.fullmatch(path.name) and stat.S_ISREG(found.st_mode):
                entries.append((found.st_mtime_ns, found.st_size, path))
    kept_bytes = 0
    for number, (_, size, path) in enumerate(sorted(entries, reverse=True)):
        kept_bytes += size
        if number >= KEPT or kept_bytes > KEPT_BYTES:
            path.unlink(missing_ok=True)


def plain_folder(root: Path, folder: Path) -> bool:
    """Whether ``folder`` lies below ``root`` with no link on the way (what is there yet)."""
    try:
        relative = folder.relative_to(root)
    except ValueError:
        return False
    here = root
    for part in relative.parts:
        here = here / part
        if here.is_symlink():
            return False
    return True
