"""deck: turn structured YAML content into print-ready PDF card decks."""

__version__ = "0.1.0"
