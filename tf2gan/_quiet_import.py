"""Import TensorFlow without the screenful its C++ runtime prints.

When TensorFlow loads and first probes for devices it logs oneDNN and CUDA
notices, some of them before absl logging is initialised, where neither
TF_CPP_MIN_LOG_LEVEL nor absl's verbosity reaches. tf2gan/__init__.py calls
import_tensorflow before importing anything else, so the import and the
probe happen here, once, with file descriptor 2 sent to /dev/null; a real
import error still raises, after stderr is back.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# What Keras imports with itself whenever it is installed, for features no
# tf2gan command uses: scikit-learn for its estimator wrappers, pandas for
# DataFrames given to fit(), pyplot for its image gallery (tf2gan draws with
# matplotlib.figure). Together they are a third of a command's start-up.
KERAS_EXTRAS_NO_COMMAND_USES = ("sklearn", "pandas", "matplotlib.pyplot")


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


@contextlib.contextmanager
def _unimportable(names: tuple[str, ...]) -> Iterator[None]:
    """Importing any of `names` raises ImportError, as if it were not
    installed, for the duration; afterwards each imports as usual."""
    absent = [name for name in names if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  (Python's "not importable")
    try:
        yield
    finally:
        for name in absent:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def import_tensorflow(command: bool) -> None:
    """Import TensorFlow and probe its devices quietly.

    command: this process is a tf2gan command, which uses none of Keras'
    extras, so they are not imported with it. A program that imports tf2gan
    keeps all of Keras.
    """
    with _stderr_silenced(), _unimportable(KERAS_EXTRAS_NO_COMMAND_USES if command else ()):
        import tensorflow as tf

        tf.config.list_physical_devices()
