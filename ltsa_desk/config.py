"""Settings: a TOML file in the user config folder, overridden by ``LTSA_DESK_*`` variables.

Paths come from platformdirs so the desk behaves on Linux and Windows alike. ``LTSA_DESK_CONFIG``
points at another file, which is how tests stay hermetic.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Literal

from platformdirs import PlatformDirs
from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from ltsa_desk.clock import resolve_zone

APP_NAME = "ltsa-desk"
DIRS = PlatformDirs(APP_NAME, appauthor=False)


def config_file() -> Path:
    override = os.environ.get("LTSA_DESK_CONFIG")
    return Path(override) if override else Path(DIRS.user_config_dir) / "config.toml"


def default_data_dir() -> Path:
    return Path(DIRS.user_data_dir)


#: Printed on the pre-counselling sheet. No telephone numbers by default: an office sets its own
#: (and the ministry's current hotline) in ``complaint_channel`` rather than trusting stale ones.
COMPLAINT_CHANNEL_ID = (
    "Laporkan perekrutan ilegal: calo atau sponsor perorangan, pungutan biaya di luar ketentuan, "
    "janji kerja ke luar negeri tanpa P3MI berizin, atau permintaan menyerahkan dokumen asli "
    "kepada perorangan. Sampaikan ke meja Pengaduan dan Informasi di LTSA ini, ke Dinas Tenaga "
    "Kerja kabupaten/kota, atau ke layanan pengaduan Kementerian P2MI (KP2MI). Periksa izin P3MI "
    "dan job order di meja ini sebelum membayar apa pun."
)
COMPLAINT_CHANNEL_EN = (
    "Report illegal recruitment: brokers or individual sponsors, fees beyond the official ones, "
    "offers of work abroad without a licensed P3MI, or requests to hand original documents to "
    "an individual. Tell the Complaints and Information desk at this LTSA, the district manpower "
    "office (Disnaker), or the complaint service of the Ministry P2MI (KP2MI). Check the P3MI "
    "licence and the job order at this desk before paying anything."
)


class Settings(BaseSettings):
    """What an office may set without touching code."""

    model_config = SettingsConfigDict(env_prefix="LTSA_DESK_", extra="ignore")

    db: str | None = Field(default=None, description="database path or URL")
    lang: Literal["id", "en"] = "id"
    office_code: str | None = Field(default=None, description="this desk's office")
    counter: str = Field(default="1", description="counter (loket) name shown on tickets")
    rules_file: Path | None = Field(default=None, description="office overlay of the rules")
    output_dir: Path = Field(default_factory=lambda: Path(DIRS.user_documents_dir) / APP_NAME)
    printer: str | None = Field(default=None, description="CUPS printer name for lp")
    complaint_channel: str = Field(
        default=COMPLAINT_CHANNEL_ID,
        description="where to report illegal recruitment, printed on the pre-counselling sheet",
    )
    complaint_channel_en: str = Field(
        default=COMPLAINT_CHANNEL_EN, description="the same text for sheets printed in English"
    )
    backup_dir: Path | None = Field(default=None, description="default: backups/ beside the db")
    backup_keep: int = Field(default=14, ge=1, description="daily and manual backups kept")
    lockout_failures: int = Field(default=5, ge=1, description="failed logins before a lockout")
    lockout_minutes: int = Field(default=15, ge=1)
    idle_lock_minutes: int = Field(default=5, ge=1, description="desk locks after this idle time")
    keymap: dict[str, str] = Field(default_factory=dict)
    time_zone: str | None = Field(
        default=None,
        description="the office's zone (WIB, WITA, WIT or an IANA name); default: from the "
        "province of the office's served regency, else the computer's",
    )

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and value.strip():
            resolve_zone(value)
            return value.strip()
        return None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_file()),
        )


@cache
def load_settings() -> Settings:
    return Settings()


def write_first_config(values: dict[str, str]) -> Path | None:
    """A first ``config.toml`` holding ``values`` (the desk's first-run set-up: the printer),
    written only where there is none: an existing file is the office's, edited by hand, and
    is never rewritten. Returns the file written, or None when one was already there."""
    path = config_file()
    if path.exists():
        return None
    # JSON string escapes are valid TOML basic strings.
    lines = [
        f"{name} = {json.dumps(value, ensure_ascii=False)}\n" for name, value in values.items()
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.writelines(lines)
    load_settings.cache_clear()
    return path
