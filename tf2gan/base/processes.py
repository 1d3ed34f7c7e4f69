"""Child processes that end with the process that started them.

A study starts its trainings and judgings as processes of their own, each in
a session of its own so that Ctrl-C at the terminal reaches only the study,
which passes it on once. Killed with SIGKILL, the study can pass nothing on:
on Linux the kernel itself then sends the child a signal (prctl's
PR_SET_PDEATHSIG), and a training stops as it stops on SIGTERM, saving a
checkpoint. Where prctl does not exist the child runs on, as it did before.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from typing import Callable

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def ends_with_this_process(signum: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen: the child is sent `signum` when
    this process dies, however it dies. None where the system cannot.

    libc is found here, before the fork: the child runs only the prctl call.
    """
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arrange() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signum))
        if os.getppid() != parent:  # the parent died before the request was made
            os.kill(os.getpid(), signum)

    return arrange
