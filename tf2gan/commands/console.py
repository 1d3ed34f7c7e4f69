"""The `tf2gan` command that pip installs: `tf2gan COMMAND [flags]`, also
`python -m tf2gan COMMAND [flags]`.

Each command is the module `python -m` runs for it (`tf2gan train` is
`python -m tf2gan.main`, `tf2gan sample` is `python -m tf2gan.sample`, and
so on), run the way `python -m` runs it (runpy, as `__main__`, with
sys.argv[0] the module's file), so that a command's flags, output, one-line
errors and exit status are the same either way. Only the chosen module is
run: absl's flags are global to a process, and each command defines its own.

The script begins the command process (launch.begin: one-line stops, a
quiet TensorFlow) before anything else, as `python -m tf2gan.COMMAND` does.
"""

from __future__ import annotations

import runpy
import sys
from typing import Sequence

import tf2gan
from tf2gan.commands import launch

COMMANDS = launch.ENTRY_MODULES
USAGE = f"usage: tf2gan {'|'.join(COMMANDS)} [flags]"


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command named in argv[1] with the flags after it."""
    launch.begin()
    from tf2gan.commands import cli

    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else None
    if command in ("-h", "--help"):
        print(f"{USAGE}\n`tf2gan COMMAND --help` lists a command's flags; "
              "`tf2gan --version` the version.")
        return
    if command in ("-V", "--version"):
        print(f"tf2gan {tf2gan.__version__}")
        return
    if command not in COMMANDS:
        given = "no command given" if command is None else f"unknown command {command!r}"
        cli.fail(f"{given}; {USAGE}")
    sys.argv = [argv[0], *argv[2:]]
    runpy.run_module(COMMANDS[command], run_name="__main__", alter_sys=True)
