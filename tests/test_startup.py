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
