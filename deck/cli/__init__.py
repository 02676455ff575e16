"""The command line: a thin click layer over deck.build, deck.content and deck.translate (``deck = deck.cli:main``)."""

from deck.cli.main import main

__all__ = ["main"]
