"""End-of-day figures and exports: the recap, its CSV/XLSX/PDF files, and the hand-off file.

Every figure is computed by the database with aggregate queries (``GROUP BY``, ``COUNT``) over
indexed columns, so a recap stays fast on a desk holding a million applicants; rows are only
read for bounded lists (the waiting files, capped). Nothing here imports Textual.
"""

from ltsa_desk.reports.period import Period, parse_period
from ltsa_desk.reports.recap import Recap, compute_recap
from ltsa_desk.reports.scope import Scope, resolve_scope

__all__ = ["Period", "Recap", "Scope", "compute_recap", "parse_period", "resolve_scope"]
