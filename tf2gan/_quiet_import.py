"""Import TensorFlow without the screenful its C++ runtime prints.

When TensorFlow loads and first probes for devices it logs oneDNN and CUDA
notices, some of them before absl logging is initialised, where neither
TF_CPP_MIN_LOG_LEVEL nor absl's verbosity reaches. tf2gan/__init__.py
imports this module before any other, so the import and the probe happen
here, once, with file descriptor 2 sent to /dev/null; a real import error
still raises, after stderr is back.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration, then restore it."""
    sys.stderr.flush()
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


with _stderr_silenced():
    import tensorflow as tf

    tf.config.list_physical_devices()
