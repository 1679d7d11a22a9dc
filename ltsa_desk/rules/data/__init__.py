"""Packaged rulesets (``<id>.toml``); a package so that the TOML files ship with the wheel."""
