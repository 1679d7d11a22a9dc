"""LTSA Desk core: records, identity checks, requirement rules, services and CLI.

This package never imports Textual; the desk UI lives in ``screens`` and ``forms``.
"""

__version__ = "0.1.0"
