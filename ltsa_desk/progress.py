"""Progress of long work (the demo, an import), reported through a callback.

The core never prints: a long service takes ``progress: Progress`` and calls it with how much is
done of how much. The command line turns that into a bar on a terminal or a few plain lines
otherwise (``ltsa_desk.cli.progress``); a caller that does not care passes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)``: ``done`` of ``total`` steps are finished.
Progress = Callable[[int, int], None]


def silent(done: int, total: int) -> None:
    """The default: nobody is watching."""
