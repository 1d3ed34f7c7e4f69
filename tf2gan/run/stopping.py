"""Stopping a run: by the user's signals, and by deadlines on what may hang.

Python runs signal handlers only between bytecodes of the main thread,
which sits inside TensorFlow for a whole span of training. So a signal's
number also goes down a pipe (signal.set_wakeup_fd) to a thread that acts
on it at once, and a deadline on a span is a thread too. One wait holds
Python's GIL, so that no thread of ours can run: a multi-worker strategy's
start-up, which waits inside TensorFlow until every worker has come. There
the deadline is a small separate process (StartupWatchdog) and the stop
signals keep their default action, which the kernel carries out.

The first SIGINT or SIGTERM during training asks the loop to save a
checkpoint and stop after the span under way; if that span does not end
within a grace period (a collective waiting for a worker that died), or
before training has begun (nothing to save yet), the process ends at once.
A second signal always ends it at once. Checkpoints already written stay.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

# How long the span under way may take to end after the first stop signal.
GRACE_SECONDS = 60.0


def _exit_now(message: str, status: int) -> None:
    sys.stderr.write(f"tf2gan: {message}\n")
    sys.stderr.flush()
    os._exit(status)


class StopSignals:
    """SIGINT and SIGTERM for a training process (see the module docstring).

    `saving` says whether the loop can save on the first signal; the loop
    sets it once training has begun. `received` holds the first signal's
    number for the loop to act on.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, grace_seconds: float = GRACE_SECONDS) -> None:
        self.grace_seconds = grace_seconds
        self.saving = False
        self.received: int | None = None
        self._saved = threading.Event()
        self._previous: dict[int, object] = {}
        self._pipe: tuple[int, int] | None = None
        self._previous_fd = -1
        self._watcher: threading.Thread | None = None

    def _watch(self, read: int) -> None:
        while data := os.read(read, 1):
            signum = data[0]
            if signum not in self.SIGNALS:
                continue
            name = signal.Signals(signum).name
            if self.received is None and self.saving:
                self.received = signum
                threading.Thread(target=self._grace, args=(signum,), daemon=True).start()
                continue
            if self.received is None:
                _exit_now(f"stopped by {name} before training began; nothing was saved",
                          128 + signum)
            _exit_now(f"a second stop signal ({name}): stopping now, without saving; "
                      "checkpoints already written are kept", 128 + signum)

    def _grace(self, signum: int) -> None:
        if not self._saved.wait(self.grace_seconds):
            _exit_now(f"stopped by {signal.Signals(signum).name}: the span under way did not "
                      f"end within {self.grace_seconds:g} s (a worker that stopped answering?); "
                      "stopping without saving; checkpoints already written are kept",
                      128 + signum)

    def acted_on(self) -> None:
        """The loop has saved after the first signal: no grace deadline any more."""
        self._saved.set()

    def __enter__(self) -> "StopSignals":
        if threading.current_thread() is not threading.main_thread():
            return self
        read, write = os.pipe()
        os.set_blocking(write, False)
        self._pipe = (read, write)
        self._previous_fd = signal.set_wakeup_fd(write)
        for signum in self.SIGNALS:  # a Python handler, so that the wakeup fd is written
            self._previous[signum] = signal.signal(signum, lambda *_: None)
        self._watcher = threading.Thread(target=self._watch, args=(read,), daemon=True)
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pipe is None:
            return
        signal.set_wakeup_fd(self._previous_fd)
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        read, write = self._pipe
        os.close(write)  # the watcher reads end-of-file and returns
        self._watcher.join()
        os.close(read)


class Deadline:
    """Ends the process in one line if a block does not finish in time.

    For what can wait forever on another process: a multi-worker start-up
    whose peers never come, a collective whose peer died. Nothing is saved
    on the way out (a wait that never returns holds nothing worth saving);
    checkpoints already written stay.
    """

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds, self.what = seconds, what
        self._done = threading.Event()

    def _watch(self) -> None:
        if not self._done.wait(self.seconds):
            _exit_now(f"error: {self.what} did not finish within {self.seconds:g} s; "
                      "stopping (checkpoints already written are kept)", 1)

    def __enter__(self) -> "Deadline":
        threading.Thread(target=self._watch, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()


# The watchdog: waits for "done" on stdin. A timeout: it says so and kills the
# waiting process. End of input without "done": that process died (a stop
# signal's default action); it says so.
_WATCHDOG = """
import os, select, signal, sys
parent, seconds, what = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
if not select.select([sys.stdin], [], [], seconds)[0]:
    sys.stderr.write(f"tf2gan: error: {what} did not finish within {seconds:g} s; "
                     "stopping (nothing was saved)\\n")
    sys.stderr.flush()
    os.kill(parent, signal.SIGKILL)
elif sys.stdin.buffer.read() != b"done":
    sys.stderr.write(f"tf2gan: stopped while {what} was under way; nothing was saved\\n")
"""


class StartupWatchdog:
    """A deadline, and stop signals, for a wait that holds Python's GIL.

    While the block runs, SIGINT and SIGTERM take their default action (the
    process ends at once: nothing has been saved yet), and a watchdog
    process outside this one ends it in one line if the block has not
    finished within `seconds`, or says in one line why it ended. The
    watchdog runs in a session of its own, so that Ctrl-C at the terminal
    reaches only this process.
    """

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds, self.what = seconds, what
        self._watchdog: subprocess.Popen | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "StartupWatchdog":
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(self.seconds), self.what],
            stdin=subprocess.PIPE, start_new_session=True)
        for signum in StopSignals.SIGNALS:
            self._previous[signum] = signal.signal(signum, signal.SIG_DFL)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._watchdog.stdin.write(b"done")
        self._watchdog.stdin.close()
        self._watchdog.wait()
