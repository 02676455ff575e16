"""Write files whole or not at all, and a set of files all or none.

One file (``write_atomic``): a temporary file in the same folder, synced, renamed into place.

A set of files (``write_all``), so that an output folder holds either every old file or every new one:

1. Each new file is written and synced into ``<folder>/.deck-staging/``. A failure here (a full disk,
   Ctrl-C) removes the staging folder: the output folder is as it was.
2. The list of names is written to ``<folder>/.deck-journal`` with an atomic rename: the commit point.
3. Each staged file is renamed over its old one, then the journal and the staging folder are removed. SIGINT
   and SIGTERM wait from the commit until this is done.

If the process dies between 2 and 3 (SIGKILL, power loss), the next ``write_all`` into that folder (every
``deck build``) first finishes the renames the journal lists; a staging folder without a journal is an
unfinished build, and is removed. A lock on the folder keeps two builds from writing into it at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from deck.content.source import Refused, opened_regular, read_limited

STAGE = ".deck-staging"
JOURNAL = ".deck-journal"
JOURNAL_LIMIT = 2**20
"""No journal deck writes is larger: it lists the names of one build's files."""
KEPT = ".old"
"""Inside the staging folder: links to the old files, to put them back if a rename fails."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is never partial; an earlier file stays until the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file of ``files`` (name -> bytes) into ``folder``, or none of them; see the module's docstring."""
    for name in files:
        _check_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        recover(folder)
        stage = folder / STAGE
        stage.mkdir()
        try:
            for name, data in files.items():
                try:
                    _write_synced(stage / name, data)
                except OSError as exc:  # name the file the user asked for, not the staging copy
                    raise OSError(exc.errno, exc.strerror, str(folder / name)) from None
            _keep_old(folder, stage, files)
            _sync_folder(stage)
            _write_synced(stage / "journal", json.dumps(sorted(files)).encode())
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        with _signals_held():  # from the commit to the last rename: a signal at the commit would leave it half done
            try:
                os.replace(stage / "journal", folder / JOURNAL)  # the commit point
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
            _sync_folder(folder)
            _move_in(folder, stage, list(files))


def recover(folder: Path) -> None:
    """Finish a write that a killed process left committed, or drop one it left uncommitted."""
    stage, journal = folder / STAGE, folder / JOURNAL
    if stage.is_symlink():  # files are moved out of it and it is removed: never through a link
        raise OSError(errno.ELOOP, "a link where deck stages the files it writes; remove it", str(stage))
    if journal.is_file() or journal.is_symlink():
        try:
            listed = json.loads(read_plain(journal, JOURNAL_LIMIT) or b"[]")
        except (ValueError, RecursionError):  # not JSON, or nested too deep: nothing was committed
            listed = []
        names = [name for name in listed if isinstance(name, str)] if isinstance(listed, list) else []
        for name in names:
            with contextlib.suppress(ValueError):
                _check_name(name)
                if (stage / name).is_file():
                    os.replace(stage / name, folder / name)
        _sync_folder(folder)
        journal.unlink()
    if stage.exists():
        try:
            shutil.rmtree(stage)
        except RecursionError:  # folders nested deeper than the removal goes: not deck's
            raise OSError(errno.ENAMETOOLONG, "nested too deep for deck to remove; remove it by hand", str(stage)) from None


def _move_in(folder: Path, stage: Path, names: list[str]) -> None:
    """Rename each staged file into place; on a failure, put the old files back."""
    moved: list[str] = []
    try:
        for name in names:
            os.replace(stage / name, folder / name)
            moved.append(name)
        _sync_folder(folder)
    except BaseException:
        for name in moved:
            old = stage / KEPT / name
            if old.exists():
                os.replace(old, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)
        (folder / JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    (folder / JOURNAL).unlink()
    shutil.rmtree(stage)


def _keep_old(folder: Path, stage: Path, names: Mapping[str, bytes]) -> None:
    """Hard-link each file about to be replaced into the staging folder (no data is copied)."""
    (stage / KEPT).mkdir()
    for name in names:
        if (folder / name).is_file():
            os.link(folder / name, stage / KEPT / name)


def plain_name(name: object) -> bool:
    """Whether ``name`` names a file directly in a folder: no path, not hidden (deck's own files are)."""
    return isinstance(name, str) and bool(name) and "/" not in name and "\0" not in name and not name.startswith(".")


def _check_name(name: str) -> None:
    if not plain_name(name):
        raise ValueError(f"not a plain file name: {name!r}")


def read_plain(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (not through a link, never a pipe) of at most ``limit`` bytes;
    None for anything else, or when it cannot be read."""
    try:
        with opened_regular(path) as fd:
            return read_limited(fd, limit)
    except (Refused, OSError):
        return None


def sha256_plain(path: Path) -> str | None:
    """The SHA-256 of ``path`` when it is a regular file (not through a link, never a pipe); None for anything else."""
    try:
        with opened_regular(path) as fd:
            digest = hashlib.sha256()
            while chunk := os.read(fd, 1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
    except (Refused, OSError):
        return None


def _write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file with os.write (every short write retried) and sync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder itself (no lock file is left behind)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done: the renames are not cut in half.

    In the main thread, their handlers only note them while the block runs, and the first is raised again after it:
    the kernel may hand a signal to any thread of the process (``deck watch`` has its watcher's), and Python runs the
    handler in the main thread whichever took it. Elsewhere (a build in a thread of one's own) the thread blocks them.
    """
    held = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread():
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        return
    arrived: list[int] = []
    handlers = {signum: signal.signal(signum, lambda signum, frame: arrived.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)  # None: not set from Python
        if arrived:
            signal.raise_signal(arrived[0])  # as it came, now that the files are in place
