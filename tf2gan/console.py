"""The `tf2gan` command that pip installs: `tf2gan COMMAND [flags]`.

Each command is the module `python -m` runs for it (`tf2gan train` is
`python -m tf2gan.main`, `tf2gan sample` is `python -m tf2gan.sample`, and
so on), run the way `python -m` runs it (runpy, as `__main__`, with
sys.argv[0] the module's file), so that a command's flags, output, one-line
errors and exit status are the same either way. Only the chosen module is
run: absl's flags are global to a process, and each command defines its own.

A command that is starting ends in one line on SIGINT or SIGTERM
(_startup_signals). The package's __init__ installs that handling, when the
program is this script as when it is `python -m` (_startup_signals.starting),
because the script pip writes imports `tf2gan.console`, and with it the
package, before any line here.
"""

from __future__ import annotations

import runpy
import sys
from typing import Sequence

from tf2gan import cli

COMMANDS = {
    "train": "tf2gan.main",
    "sample": "tf2gan.sample",
    "evaluate": "tf2gan.evaluate",
    "compare": "tf2gan.compare",
    "parity": "tf2gan.parity",
    "bench": "tf2gan.bench",
    "export": "tf2gan.export",
    "fidelity": "tf2gan.fidelity",
}
USAGE = f"usage: tf2gan {'|'.join(COMMANDS)} [flags]"


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command named in argv[1] with the flags after it."""
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else None
    if command in ("-h", "--help"):
        print(f"{USAGE}\n`tf2gan COMMAND --help` lists a command's flags.")
        return
    if command not in COMMANDS:
        given = "no command given" if command is None else f"unknown command {command!r}"
        cli.fail(f"{given}; {USAGE}")
    sys.argv = [argv[0], *argv[2:]]
    runpy.run_module(COMMANDS[command], run_name="__main__", alter_sys=True)
