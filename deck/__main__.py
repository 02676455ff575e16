"""``python -m deck``: the same as the ``deck`` command."""

from deck.cli_guard import stop_cleanly_on_sigterm

stop_cleanly_on_sigterm()  # before the slow imports: a SIGTERM during them ends the command cleanly too

from deck.cli import main  # noqa: E402

main()
