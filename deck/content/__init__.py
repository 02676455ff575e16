"""Load, check and model what the user wrote: content files → a validated ``Content`` of frozen decks."""
