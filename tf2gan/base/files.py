"""Writing files so that a crash or a full disk never leaves half a file.

Every file tf2gan writes (in a run directory, the judge's cache, a study,
samples) is first written whole to a temporary file in the same folder,
flushed and synced, then renamed over the real name: a reader sees the old
file or the new one, never a mix, and a write that fails leaves the old file
as it was. A process killed between the two leaves only its temporary file,
named `.NAME.tmp-PID`, which readers never open and the next writer of the
run removes.

Files that several processes may write (the judge's cache) are written
under an advisory lock (`locked`): the kernel drops it when its holder ends,
however it ends, so a killed holder never blocks the next.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
from typing import Callable, Iterator

from tf2gan.base.errors import UsageError

TEMPORARY_MARK = ".tmp-"


def make_folder(path: str, name: str | None = None) -> None:
    """Create folder `path` (and its parents), or refuse in one line that calls
    it `name` (default: its path)."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot write to {name or path}: {e.strerror or e}") from None


def temporary_name(path: str, suffix: str = "") -> str:
    """Where `path` is written before the rename; `suffix` for writers that
    insist on one (Keras saves only to names ending in .keras)."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}{TEMPORARY_MARK}{os.getpid()}{suffix}")


def write_atomically(path: str, data: bytes | str) -> None:
    """Replace `path` by `data` in one step; OSError if the disk refuses,
    with `path` unchanged and no temporary file left behind."""
    payload = data.encode("utf-8") if isinstance(data, str) else data

    def write(temporary: str) -> None:
        with open(temporary, "wb") as f:
            f.write(payload)

    replace_with(path, write)


def replace_with(path: str, write: Callable[[str], None], suffix: str = "") -> None:
    """Replace `path` by what `write(temporary_path)` writes, in one step.

    For writers that take a path rather than bytes (Keras, NumPy): the file
    they write is synced and renamed over `path`. OSError if the disk
    refuses, with `path` unchanged and no temporary file left behind.
    """
    temporary = temporary_name(path, suffix)
    try:
        write(temporary)
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise
    _sync_folder(os.path.dirname(path) or ".")


@contextlib.contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive advisory lock on the file `path` (created if need be)
    for the block, waiting while another process holds it. OSError if the
    lock file cannot be made."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor drops the flock


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


def left_by_a_dead_process(path: str) -> bool:
    """Whether `path`, named NAME.tmp-PID, was written by a process that has
    ended: what a kill -9 leaves, safe to remove. A live writer's is not."""
    pid = path.rsplit(TEMPORARY_MARK, 1)[-1]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


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
