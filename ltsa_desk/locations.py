"""Where everything is: config, database, drafts, backups, PDFs and logs.

``ltsa-desk paths`` prints this list and the desk's F1 help shows it, so that an office's IT
person and the support person they phone read the same places. Nothing here creates a file or
opens the database: the paths are worked out from the settings exactly as the program will use
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ltsa_desk import logs
from ltsa_desk.config import Settings, config_file
from ltsa_desk.db.backup import backup_dir_for
from ltsa_desk.db.engine import resolve_db_url, sqlite_path
from ltsa_desk.drafts import drafts_folder

#: The order printed, and the catalog key of each label (``cli.paths_<name>``).
NAMES = ("config", "database", "drafts", "backups", "pdfs", "logs")


@dataclass(frozen=True)
class Locations:
    config: Path
    #: The SQLite file, or the server URL without its password.
    database: str
    drafts: Path
    #: None for a server database: its backups are the server's own (``pg_dump``).
    backups: Path | None
    pdfs: Path
    logs: Path

    def rows(self) -> list[tuple[str, str]]:
        """``(name, value)`` in the order of :data:`NAMES`; "-" where there is none."""
        return [(name, str(getattr(self, name) or "-")) for name in NAMES]


def locations(settings: Settings, db_argument: str | None = None) -> Locations:
    """The places in use for ``--db`` (else the settings' ``db``, else the default file)."""
    url = resolve_db_url(db_argument or settings.db)
    path = sqlite_path(url)
    if path is not None:
        database = str(path)
    else:
        from sqlalchemy.engine import make_url

        database = make_url(url).render_as_string(hide_password=True)
    return Locations(
        config=config_file(),
        database=database,
        drafts=drafts_folder(path),
        backups=backup_dir_for(path, settings.backup_dir) if path is not None else None,
        pdfs=settings.output_dir,
        logs=logs.current_file() or logs.log_file(),
    )
