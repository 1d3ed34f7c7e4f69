"""Writing a run's files so that a crash or a full disk never leaves half a file.

Every file tf2gan writes into a run directory is first written whole to a
temporary file in the same folder, flushed and synced, then renamed over
the real name: a reader sees the old file or the new one, never a mix, and
a write that fails leaves the old file as it was. A process killed between
the two leaves only its temporary file, named `.NAME.tmp-PID`, which
readers never open and the next writer of the run removes.
"""

from __future__ import annotations

import glob
import os

from tf2gan.base.errors import UsageError

TEMPORARY_MARK = ".tmp-"


def make_folder(path: str, name: str | None = None) -> None:
    """Create folder `path` (and its parents), or refuse in one line that calls
    it `name` (default: its path)."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot write to {name or path}: {e.strerror or e}") from None


def temporary_name(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}{TEMPORARY_MARK}{os.getpid()}")


def write_atomically(path: str, data: bytes | str) -> None:
    """Replace `path` by `data` in one step; OSError if the disk refuses,
    with `path` unchanged and no temporary file left behind."""
    temporary = temporary_name(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(temporary, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise
    _sync_folder(os.path.dirname(path) or ".")


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (a power cut could otherwise undo it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftovers(folder: str) -> list[str]:
    """Delete the temporary files dead writers left under `folder`; their paths.

    Only the holder of the run's lock may call this: another live writer's
    temporary files would go too.
    """
    removed = []
    for path in glob.glob(os.path.join(glob.escape(folder), "**", f".*{TEMPORARY_MARK}*"),
                          recursive=True):
        try:
            os.remove(path)
            removed.append(path)
        except OSError:
            pass
    return removed
