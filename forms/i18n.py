"""UI strings from the ``ui`` catalog, in the language of the running desk.

Binding descriptions are written as catalog keys in ``BINDINGS`` (the language is only known
once the desk starts) and translated per instance by :func:`localize_bindings`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from textual._context import active_app
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.worker import NoActiveWorker, get_current_worker

from ltsa_desk.i18n import DEFAULT_LANG, LANGS, Lang, t

CATALOG_PREFIX = "ui."


def current_lang() -> Lang:
    """The running desk's language; Bahasa Indonesia outside a running app.

    A thread worker runs outside the app's context (asyncio's executor does not carry context
    variables), so there the desk is found through the worker, which Textual does set.
    """
    try:
        app: object = active_app.get()
    except LookupError:
        try:
            app = get_current_worker().node.app
        except NoActiveWorker:
            return DEFAULT_LANG
    lang = getattr(app, "lang", DEFAULT_LANG)
    return cast(Lang, lang) if lang in LANGS else DEFAULT_LANG


def ui(key: str, /, lang: Lang | None = None, **params: Any) -> str:
    """``ui.<key>`` in the desk's language."""
    return t(CATALOG_PREFIX + key, lang or current_lang(), **params)


def _localized(binding: Binding, lang: Lang) -> Binding:
    if not binding.description.startswith(CATALOG_PREFIX):
        return binding
    return replace(binding, description=t(binding.description, lang))


def localize_bindings(node: DOMNode, lang: Lang | None = None) -> None:
    """Replace catalog keys (``ui.…``) in this node's binding descriptions with their text.

    Textual copies the class bindings into ``node._bindings`` for each instance; rewriting that
    copy keeps ids, keys and the keymap machinery intact.
    """
    chosen = lang or current_lang()
    node._bindings = BindingsMap.from_keys(
        {
            key: [_localized(binding, chosen) for binding in bindings]
            for key, bindings in node._bindings.key_to_bindings.items()
        }
    )
