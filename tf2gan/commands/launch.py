"""How a tf2gan command process starts, and only a command process.

A command ends in one line on SIGINT or SIGTERM while it starts
(startup_signals), imports TensorFlow quietly and without Keras' extras
when it first needs it (quiet_import), reads its flags (refusing a wrong one
in one line, before TensorFlow loads) and runs its `main` under cli.run.
A program that imports tf2gan gets none of this: importing the library
changes nothing in the process.
"""

from __future__ import annotations

import importlib
import sys

from tf2gan.commands import quiet_import, startup_signals

# Command name -> the module `python -m` runs for it (tf2gan/<module>.py, an
# entry point that calls `run` with the name).
ENTRY_MODULES = {
    "train": "tf2gan.main",
    "sample": "tf2gan.sample",
    "evaluate": "tf2gan.evaluate",
    "compare": "tf2gan.compare",
    "parity": "tf2gan.parity",
    "bench": "tf2gan.bench",
    "export": "tf2gan.export",
    "fidelity": "tf2gan.fidelity",
}

_begun = False


def begin() -> None:
    """Make this process a tf2gan command: one-line stops, a quiet TensorFlow.
    Called first by every entry point; a second call does nothing."""
    global _begun
    if _begun:
        return
    _begun = True
    startup_signals.install()
    quiet_import.install()


def run(command: str) -> None:
    """Run the command `command` (a key of ENTRY_MODULES) with sys.argv's flags."""
    begin()
    from tf2gan.commands import cli

    module = importlib.import_module(f"tf2gan.commands.{command}")
    module.define_flags()
    # --help shows the command's docstring and flags, as for a module that
    # defines its flags itself.
    sys.modules["__main__"].__doc__ = module.__doc__
    cli.adopt_flags(module)
    cli.run(module.main)
