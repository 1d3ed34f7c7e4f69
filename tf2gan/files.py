"""Files written whole or not at all.

A picture or an animation that a killed process left half written looks
like a damaged file to every viewer. Writing goes to a temporary file in the
same folder, is flushed to the disk and then renamed over the target, which
POSIX makes atomic: a reader sees the old file or the new one.
"""

from __future__ import annotations

import os


def write_atomically(path: str, data: bytes) -> None:
    """Write `data` to `path` so that no reader ever sees part of it."""
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
