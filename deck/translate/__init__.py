"""Translations: PO files for translators, and the state of each language against its source."""
