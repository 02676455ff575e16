"""``python -m deck``: the same as the ``deck`` command."""

from .cli import main

main()
