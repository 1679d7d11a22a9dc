"""LTSA Desk core: records, identity checks, requirement rules, services and CLI.

This package never imports Textual; the desk UI lives in ``screens`` and ``forms``.

The version has one source, ``pyproject.toml``, read back from the installed package's metadata
(an editable install has it too).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ltsa-desk")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
