"""Settings: a TOML file in the user config folder, overridden by ``LTSA_DESK_*`` variables.

Paths come from platformdirs so the desk behaves on Linux and Windows alike. ``LTSA_DESK_CONFIG``
points at another file, which is how tests stay hermetic.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Literal

from platformdirs import PlatformDirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "ltsa-desk"
DIRS = PlatformDirs(APP_NAME, appauthor=False)


def config_file() -> Path:
    override = os.environ.get("LTSA_DESK_CONFIG")
    return Path(override) if override else Path(DIRS.user_config_dir) / "config.toml"


def default_data_dir() -> Path:
    return Path(DIRS.user_data_dir)


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
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=1)
    keymap: dict[str, str] = Field(default_factory=dict)

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
