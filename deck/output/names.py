"""What the output files are called."""

from __future__ import annotations

from deck.layout.geometry import Geometry, Paper, load_presets
from deck.options import OUTPUTS


def output_name(deck_id: str, language: str, output: str, geometry: Geometry, paper: Paper | None = None) -> str:
    """``<deck>-<lang>[-<size>]-<output>[-<paper>].pdf``; the size appears only when it is not the default."""
    size = "" if geometry.name == load_presets().default_size else f"-{geometry.name}"
    sheet = f"-{paper.name}" if paper is not None and (OUTPUTS[output].imposed or OUTPUTS[output].paper) else ""
    return f"{deck_id}-{language}{size}-{output}{sheet}.pdf"
