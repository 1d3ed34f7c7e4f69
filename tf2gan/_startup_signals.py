"""SIGINT and SIGTERM while a tf2gan command starts: one line, not a traceback.

`python -m tf2gan.COMMAND` and the `tf2gan` script (console.py) import
TensorFlow (most commands once their flags are read), seconds of work
during which Ctrl-C
would end in a KeyboardInterrupt traceback from deep inside that import.
Until a command installs its own handling (a training run's
stopping.StopSignals, a study's forwarding to its runs), either signal ends
the process in one line with status 128 + the signal: nothing has been
written yet, and tf2gan's writes are atomic.
"""

from __future__ import annotations

import os
import signal

# The console script setup.py declares (console.py).
SCRIPT = "tf2gan"

# A copy of the real stderr: TensorFlow's import runs with descriptor 2 sent
# to /dev/null (_quiet_import), and the line must still reach the user.
_stderr = -1


def _stop(signum: int, frame: object) -> None:
    del frame
    line = f"tf2gan: stopped by {signal.Signals(signum).name}; nothing was written\n"
    os.write(_stderr, line.encode())
    os._exit(128 + signum)


def starting(argv: list[str], orig_argv: list[str]) -> bool:
    """Whether a tf2gan command is starting in this process: `python -m
    tf2gan.COMMAND` (runpy imports the package while argv[0] is still "-m";
    the interpreter's own arguments name the module), or the `tf2gan` script
    pip writes (argv[0] is its path). A program of the user's that imports
    tf2gan, run with `python -m` or not, is not a command."""
    if argv[:1] == ["-m"]:
        module = orig_argv[orig_argv.index("-m") + 1:][:1] if "-m" in orig_argv else []
        return bool(module) and module[0].startswith("tf2gan.")
    return bool(argv) and os.path.basename(argv[0]) == SCRIPT


def install() -> None:
    global _stderr
    _stderr = os.dup(2)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
