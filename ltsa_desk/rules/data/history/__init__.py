"""Earlier versions of the packaged rulesets (``<id>-<version>.toml``), kept for ``--compare``."""
