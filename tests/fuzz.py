"""A mutational fuzzer of every content file and of PO files, calling the command line in-process.

Each run copies the small right-to-left fixture (English source, Arabic translation), damages one file with
a few random mutations (bytes flipped, spans cut or doubled, lines swapped, YAML and PO syntax, hostile
tokens spliced in), and runs a command on it: ``validate`` (mostly without fitting), ``build``, or for a PO
file ``i18n import`` then ``validate``. A run fails on a Python exception (a traceback), on a hang (no
answer within the time limit) and on any exit code other than 0, 1 or 2.

    python -m tests.fuzz --seconds 600 --seed 1     # what `make fuzz` runs
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from deck.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "rtl"
CONTENT_FILES = [
    "deck.yaml",
    "en/deck.yaml",
    "en/werkvormen/parking-lot.yaml",
    "en/werkvormen/pause-button.yaml",
    "ar/deck.yaml",
    "ar/werkvormen/parking-lot.yaml",
    "ar/werkvormen/pause-button.yaml",
    "ar/translated-from.yaml",
]
PO_FILE = "ar.po"

TOKENS = [
    b"!!float x", b"!!int 0b2", b"!!timestamp x", b"!!python/object/apply:os.system ['true']", b"&a x", b"*a", b"<<: {}",
    b"2026-13-45", b"2026-02-30", b"0001-01-01", b".nan", b"-.inf", b"~", b"null", b"[]", b"{}", b"- ", b": ", b"? ", b"|", b">-",
    b"\x1b[31m", b"\\x1b", b"\\u202e", b"\x00", b"\xff\xfe", b"\xc3", b"\t", b"\r\n", b"\n\n", b"'", b'"', b"#",
    b"<img/src=x>", b"<svg/onload=alert(1)>", b"<!-- -->", b"<http://x>", b"[a][b]", b"[a](http://x)", b"{dimension}", b"{stage}",
    b"{{ 7*7 }}", b"{% if %}", b"../../etc/passwd", b"/etc/passwd", b"file:///etc/passwd", b"x" * 3001, b"-" * 70, b"9" * 5000,
    b"parking-lot-back", b"werkvorm-x--back", b"msgctxt ", b"msgid ", b'msgstr ""', b"#, fuzzy", b'"Language: ../x\\n"',
    b'"Language: .\\n"', b"msgid_plural ", b'msgstr[0] "x"', b'"\\n"',
]  # fmt: skip


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def _cut(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[at + rng.randrange(1, 64) :]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def _double(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    span = data[at : at + rng.randrange(1, 200)]
    return data[:at] + span * rng.randrange(2, 6) + data[at:]


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    choice = rng.randrange(3)
    if choice == 0:
        lines[i], lines[j] = lines[j], lines[i]
    elif choice == 1:
        lines.insert(i, lines[j])  # a duplicate key, often
    else:
        del lines[i]
    return b"\n".join(lines)


def _value(data: bytes, rng: random.Random) -> bytes:
    """Replace what follows a ``key:`` or ``msgstr`` on one line with a hostile token."""
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    for sep in (b": ", b"msgstr "):
        if sep in lines[i]:
            head = lines[i].split(sep, 1)[0]
            lines[i] = head + sep + rng.choice(TOKENS)
            break
    return b"\n".join(lines)


MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [_flip, _cut, _insert, _double, _lines, _value, _value, _insert]


@dataclass
class Outcome:
    runs: int = 0
    by_exit: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def _prepare(root: Path) -> tuple[Path, bytes]:
    """The fixture copied into ``root``, and a PO file of its Arabic translation."""
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    result = CliRunner().invoke(main, ["i18n", "export", "ar", "--content", str(content), "--out", str(root / PO_FILE)])
    assert result.exit_code == 0, result.output
    return content, (root / PO_FILE).read_bytes()


def one_case(rng: random.Random, work: Path, pristine: Path, po: bytes, timeout: int) -> tuple[str, int | None, str | None]:
    """Run one mutated case; return (description, exit code, failure or None)."""
    content = work / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(pristine, content)
    target = rng.choice([*CONTENT_FILES, PO_FILE, PO_FILE])
    data = po if target == PO_FILE else (content / target).read_bytes()
    for _ in range(rng.randrange(1, 4)):
        data = rng.choice(MUTATIONS)(data, rng)
    path = work / PO_FILE if target == PO_FILE else content / target
    path.write_bytes(data)
    roll = rng.random()
    if target == PO_FILE:
        commands = [["i18n", "import", str(path), "--content", str(content)], ["validate", "--no-fit", "--content", str(content)]]
    elif roll < 0.04:
        commands = [["build", "--content", str(content), "--out", str(work / "out"), "--output", "screen"]]
    elif roll < 0.12:
        commands = [["validate", "--content", str(content)]]
    else:
        commands = [["validate", "--no-fit", "--content", str(content)]]
    description = f"{target} -> {' / '.join(c[0] if c[0] != 'i18n' else 'i18n ' + c[1] for c in commands)}"
    code = None
    for command in commands:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(timeout)
        try:
            result = CliRunner().invoke(main, command)
        except Hang:
            return description, None, f"no answer within {timeout} s"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        code = result.exit_code
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            if isinstance(result.exception, Hang):
                return description, None, f"no answer within {timeout} s"
            trace = "".join(traceback.format_exception(result.exception))
            return description, code, f"traceback:\n{trace}"
        if code not in (0, 1, 2):
            return description, code, f"exit code {code}"
        if "Traceback (most recent call last)" in result.output:
            return description, code, "a traceback was printed"
        if code != 0:
            break
    return description, code, None


def fuzz(seconds: float | None = None, runs: int | None = None, seed: int = 0, timeout: int = 60, keep: Path | None = None) -> Outcome:
    """Fuzz until ``seconds`` have passed or ``runs`` cases have run; failing inputs are copied to ``keep``."""
    rng = random.Random(seed)
    outcome = Outcome()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="deck-fuzz-") as tmp:
        root = Path(tmp)
        pristine, po = _prepare(root / "pristine")
        work = root / "work"
        work.mkdir()
        while (runs is None or outcome.runs < runs) and (seconds is None or time.monotonic() - start < seconds):
            description, code, failure = one_case(rng, work, pristine, po, timeout)
            outcome.runs += 1
            outcome.by_exit[code if code is not None else -1] = outcome.by_exit.get(code if code is not None else -1, 0) + 1
            if failure:
                outcome.failures.append(f"run {outcome.runs} ({description}): {failure}")
                if keep is not None:
                    saved = keep / f"case-{outcome.runs}"
                    shutil.copytree(work, saved, dirs_exist_ok=True)
    return outcome


def _main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz deck's content and PO reading.")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=Path("build/fuzz-failures"))
    args = parser.parse_args()
    outcome = fuzz(seconds=args.seconds, seed=args.seed, keep=args.keep)
    for failure in outcome.failures:
        print(failure, file=sys.stderr)
    exits = ", ".join(f"exit {code}: {count}" for code, count in sorted(outcome.by_exit.items()))
    print(f"{outcome.runs} runs in {args.seconds:g} s (seed {args.seed}); {exits}; {len(outcome.failures)} failures")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(_main())
