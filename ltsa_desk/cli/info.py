"""``ltsa-desk paths``: where the config, database, drafts, backups, PDFs and logs are;
``ltsa-desk completion SHELL``: the script that makes the shell complete commands and options."""

from __future__ import annotations

import argparse
import sys

from ltsa_desk.cli.common import global_options, lang_of, print_json
from ltsa_desk.i18n import t


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    paths = sub.add_parser(
        "paths",
        parents=[global_options()],
        help="where the config, database, drafts, backups, PDFs and logs are",
    )
    paths.add_argument("--json", action="store_true")
    paths.set_defaults(handler=run_paths)
    completion = sub.add_parser(
        "completion",
        parents=[global_options()],
        help="print the shell completion script (bash, zsh, fish, powershell)",
        description=(
            "bash: ltsa-desk completion bash >> ~/.bashrc; zsh: ltsa-desk completion zsh >> "
            "~/.zshrc; PowerShell: ltsa-desk completion powershell >> $PROFILE"
        ),
    )
    completion.add_argument("shell", choices=SHELLS)
    completion.set_defaults(handler=run_completion)


SHELLS = ("bash", "zsh", "fish", "powershell")


def run_completion(args: argparse.Namespace) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["ltsa-desk"], shell=args.shell))
    return 0


def run_paths(args: argparse.Namespace) -> int:
    from ltsa_desk.config import load_settings
    from ltsa_desk.locations import locations

    found = locations(load_settings(), getattr(args, "db", None))
    if args.json:
        print_json(dict(found.rows()))
        return 0
    lang = lang_of(args)
    labels = {name: t(f"cli.paths_{name}", lang) for name, _ in found.rows()}
    width = max(len(label) for label in labels.values())
    for name, value in found.rows():
        print(f"{labels[name]:<{width}}  {value}")
    return 0
