"""Commands that lay nothing out start without the layout stack (WeasyPrint is most of a start-up)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import CONTENT, MINI

PROBE = """
import sys
from click.testing import CliRunner
from deck.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
heavy = sorted(name for name in ("weasyprint", "deck.build", "pypdfium2", "pikepdf") if name in sys.modules)
print(result.exit_code, ",".join(heavy) or "-")
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["validate", "--content", str(CONTENT), "--no-fit"],
        ["i18n", "status", "--content", str(CONTENT), "--no-fit"],
    ],
)
def test_commands_that_lay_nothing_out_do_not_import_the_layout_stack(args, tmp_path):
    probe = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert probe.stdout.split() == ["0", "-"], probe.stdout + probe.stderr


def test_a_build_does_import_it(tmp_path):
    """The probe can see the layout stack when a command does load it."""
    args = ["validate", "--content", str(MINI)]
    probe = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert "weasyprint" in probe.stdout, probe.stdout + probe.stderr


LIBRARY_PROBE = """
import sys
spawned = []
sys.addaudithook(lambda event, args: spawned.append(args[1]) if event == "subprocess.Popen" else None)
import deck.output.language
from weasyprint.text import ffi
print(len(spawned), ffi.pango is not None and ffi.fontconfig is not None)
"""


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="find_library runs subprocesses on Linux only")


@LINUX_ONLY
def test_the_layout_stack_loads_pango_without_running_a_library_search(tmp_path):
    """On Linux, ``find_library`` ran ldconfig, gcc and ld some 70 times for each process that imported WeasyPrint."""
    probe = subprocess.run([sys.executable, "-c", LIBRARY_PROBE], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert probe.stdout.split() == ["0", "True"], probe.stdout + probe.stderr


@LINUX_ONLY
def test_without_the_shortcut_the_probe_sees_the_library_search(tmp_path):
    """The probe above can see a subprocess: importing WeasyPrint directly still searches."""
    plain = LIBRARY_PROBE.replace("import deck.output.language\n", "")
    probe = subprocess.run([sys.executable, "-c", plain], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert int(probe.stdout.split()[0]) > 0, probe.stdout + probe.stderr


FALLBACK_PROBE = """
import ctypes.util, cffi.api
real = cffi.api.FFI.dlopen
def dlopen(self, name, flags=0):
    if name == "libpango-1.0.so.0" and getattr(ctypes.util.find_library, "__name__", "") == "<lambda>":
        raise OSError("as if Pango had a soname WeasyPrint does not try")
    return real(self, name, flags)
cffi.api.FFI.dlopen = dlopen
import deck.layout.engine
from weasyprint.text import ffi
print("pango", ffi.pango is not None)
"""


@LINUX_ONLY
def test_a_library_the_loader_cannot_open_by_soname_is_searched_for_after_all(tmp_path):
    """When the quick path cannot open a library, WeasyPrint is imported again with find_library, and its error
    message about missing libraries, printed by the failed first attempt, is not shown."""
    probe = subprocess.run([sys.executable, "-c", FALLBACK_PROBE], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert probe.stdout == "pango True\n", probe.stdout + probe.stderr
