"""The command line's help in the operator's language.

The help texts stay written in English in the command modules (``help="…"``); for Bahasa
Indonesia the finished parser is walked and each text replaced by its translation from
``help_id.toml``, and argparse's own words (``usage:``, headings, its error messages) come from
the same file through argparse's gettext hook. The language is the one the messages use:
``--lang``, else ``LTSA_DESK_LANG``, else the config file's ``lang``, else Indonesian.
"""

from __future__ import annotations

import argparse
import gettext
import tomllib
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources

from ltsa_desk.i18n import Lang, parse_lang


@cache
def translations() -> dict[str, dict[str, str]]:
    text = resources.files("ltsa_desk.cli").joinpath("help_id.toml").read_text(encoding="utf-8")
    tables: dict[str, dict[str, str]] = tomllib.loads(text)
    return tables


def help_language(argv: Sequence[str] | None) -> Lang:
    """``--lang X`` / ``--lang=X`` in ``argv``, else the settings' sources, as messages do."""
    words = list(argv or ())
    for index, word in enumerate(words):
        if word == "--lang" and index + 1 < len(words):
            return parse_lang(words[index + 1])
        if word.startswith("--lang="):
            return parse_lang(word.removeprefix("--lang="))
    from ltsa_desk.cli.desk import startup_lang

    return startup_lang(argparse.Namespace())


def use_language(lang: Lang) -> None:
    """argparse's own words in ``lang``; call before building the parser (it names its
    groups as it is built)."""
    words = translations()["argparse"] if lang == "id" else {}
    translate: Callable[[str], str] = (
        (lambda message: words.get(message) or gettext.gettext(message))
        if words
        else gettext.gettext
    )
    setattr(argparse, "_", translate)  # noqa: B010 - argparse reads the module global "_"


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every sub-command's parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from parsers(child)


def help_texts(parser: argparse.ArgumentParser) -> Iterator[tuple[object, str, str]]:
    """``(holder, attribute, text)`` of every description and help text under ``parser``."""
    for each in parsers(parser):
        if each.description:
            yield each, "description", each.description
        for action in each._actions:
            if action.help and action.help is not argparse.SUPPRESS:
                yield action, "help", action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        yield choice, "help", choice.help


def translate(parser: argparse.ArgumentParser, lang: Lang) -> None:
    if lang != "id":
        return
    table = translations()["help"]
    for holder, attribute, text in list(help_texts(parser)):
        setattr(holder, attribute, table.get(text, text))
