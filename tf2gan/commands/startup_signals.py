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

# A copy of the real stderr: TensorFlow's import runs with descriptor 2 sent
# to /dev/null (quiet_import), and the line must still reach the user.
_stderr = -1


def _stop(signum: int, frame: object) -> None:
    del frame
    line = f"tf2gan: stopped by {signal.Signals(signum).name}; nothing was written\n"
    os.write(_stderr, line.encode())
    os._exit(128 + signum)


def install() -> None:
    """From now until a command installs its own handling, SIGINT and SIGTERM
    end the process in one line (launch.begin calls it first thing)."""
    global _stderr
    _stderr = os.dup(2)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
