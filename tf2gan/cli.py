"""Running an absl program so that bad input costs the user one line.

Flag errors and UsageError print `tf2gan: error: ...` on stderr and exit
with status 2; nothing else about the program's output changes.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Callable, Iterator, Sequence

from absl import app, flags, logging

from tf2gan.errors import UsageError


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


# TensorFlow's C++ runtime logs a screenful (CUDA probing, oneDNN notices)
# before absl logging is initialised, where TF_CPP_MIN_LOG_LEVEL cannot
# reach it. Import it and probe the devices once with stderr silenced; a real
# import error still raises here, after stderr is back.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
with _stderr_silenced():
    import tensorflow as tf

    tf.config.list_physical_devices()


def fail(message: str) -> None:
    print(f"tf2gan: error: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


def _parse_flags(argv: Sequence[str]) -> list[str]:
    try:
        return flags.FLAGS(argv)
    except flags.Error as e:
        fail(str(e))


def run(main: Callable[[Sequence[str]], None]) -> None:
    """app.run(main), with flag errors and UsageError reported in one line."""

    def guarded(argv: Sequence[str]) -> None:
        if len(argv) > 1:
            fail(f"unexpected arguments {' '.join(argv[1:])!r}; flags take the form --name=value")
        if not flags.FLAGS["verbosity"].present:
            # TensorFlow and TFDS log routine notices through absl (checkpoint
            # sharding, empty TFDS folders): by default show only errors.
            logging.set_verbosity(logging.ERROR)
        try:
            main(argv)
        except UsageError as e:
            fail(str(e))

    app.run(guarded, flags_parser=_parse_flags)
