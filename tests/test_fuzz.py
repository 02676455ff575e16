"""The fuzzer, briefly: damaged content and PO files give exit 0, 1 or 2, never a traceback or a hang (`make fuzz` runs it long)."""

from __future__ import annotations

from .fuzz import fuzz


def test_a_brief_fuzz_of_content_and_po_files_finds_no_traceback_hang_or_odd_exit():
    outcome = fuzz(runs=60, seed=0, timeout=120)
    assert outcome.failures == []
    assert outcome.runs == 60
    assert outcome.by_exit.get(1, 0) > 10 and outcome.by_exit.get(0, 0) > 0  # it damages, and not only fatally


def test_the_fuzzer_reports_a_traceback(monkeypatch):
    from deck.cli import content as cli

    def broken(*args, **kwargs):
        raise KeyError("planted bug")

    monkeypatch.setattr(cli, "load_languages", broken)  # what `deck validate` calls
    outcome = fuzz(runs=5, seed=0)
    assert outcome.failures and "KeyError: 'planted bug'" in outcome.failures[0]
