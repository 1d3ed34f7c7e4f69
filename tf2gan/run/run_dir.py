"""A run directory: its config.json, its lock, and the checks that keep runs apart.

A run directory holds one run, written by one process at a time: training
holds an advisory lock on RUN_DIR/.lock (fcntl.flock, which the kernel
releases when the process ends, however it ends), and a second writer is
refused. Readers (sample, evaluate, compare, TensorBoard) take no lock.
Training into a directory that already holds a run (its config.json or
any checkpoint) needs --resume, and resuming needs the same configuration:
only the length of the schedule and how it is spread over devices may change.
"""

from __future__ import annotations

import dataclasses
import fcntl
import glob
import json
import os
import re
from typing import Any

from tf2gan import variants
from tf2gan.base import files
from tf2gan.base.errors import RunError, UsageError
from tf2gan.base.files import write_atomically
from tf2gan.run.settings import MAY_CHANGE_ON_RESUME
from tf2gan.variants import Variant

CONFIG = "config.json"
CHECKPOINTS = "checkpoints"
SAMPLES = "samples"
LOCK = ".lock"
# Written when a run stops on a non-finite loss or weights: {"step", "what"}.
# The originals' raw logs diverge this way too; a study counts such a run.
DIVERGED = "diverged.json"
# Keys of config.json that a resumed run may change: the schedule's length,
# how the same computation is spread over devices and cores, and where the
# variant's original is found, which the run does not compute with (and
# which runs from before Variant.original had it do not record).


def make_config(variant: Variant, **settings: Any) -> dict[str, Any]:
    """The resolved variant and run settings, as config.json stores them."""
    return {"variant": dataclasses.asdict(variant), **settings}


def read_config(run_dir: str) -> dict[str, Any]:
    """config.json, checked to be a run's configuration; UsageError if it is not."""
    path = os.path.join(run_dir, CONFIG)
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except FileNotFoundError:
        raise UsageError(f"{run_dir} holds no run: {CONFIG} is missing") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} cannot be read: {e}") from None
    variant = config.get("variant") if isinstance(config, dict) else None
    if not isinstance(variant, dict) or not isinstance(variant.get("name"), str):
        raise UsageError(f"{path} is not a run's configuration (it names no variant)")
    return config


def variant_of_run(run_dir: str) -> Variant:
    """The registered variant config.json names; UsageError if it names none."""
    name = read_config(run_dir)["variant"]["name"]
    if name not in variants.names():
        raise UsageError(f"{run_dir}/{CONFIG} names no known variant ({name!r})")
    return variants.get(name)


def checkpoint_files(run_dir: str) -> list[tuple[int, str]]:
    """(step, prefix) of every checkpoint on disk, newest first: what exists,
    whatever the `checkpoint` index file says."""
    folder = os.path.join(run_dir, CHECKPOINTS)
    found = []
    for index in glob.glob(os.path.join(glob.escape(folder), "ckpt-*.index")):
        match = re.fullmatch(r"ckpt-(\d+)\.index", os.path.basename(index))
        if match:
            found.append((int(match.group(1)), index[:-len(".index")]))
    return sorted(found, reverse=True)


def writer_of(run_dir: str) -> int | None:
    """The PID of the process training in `run_dir` now (holding its lock), or None."""
    try:
        fd = os.open(os.path.join(run_dir, LOCK), os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return None
    except OSError:
        holder = os.read(fd, 32).decode(errors="replace").strip()
        return int(holder) if holder.isdigit() else -1
    finally:
        os.close(fd)


class RunLock:
    """Held by the one process that writes a run directory."""

    def __init__(self, run_dir: str) -> None:
        path = os.path.join(run_dir, LOCK)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise UsageError(f"cannot write to run directory {run_dir}: "
                             f"{e.strerror or e}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(self._fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(self._fd)
            raise UsageError(f"{run_dir} is in use: another tf2gan process (PID {holder}) is "
                             "training in it; wait for it to end or choose another "
                             "--run_dir") from None
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        os.close(self._fd)  # closing the last descriptor drops the flock


def open_for_writing(run_dir: str, resume: bool) -> RunLock:
    """Create run_dir and lock it, or refuse it, before any time is spent on data
    or models; clear what dead writers left (temporary files, unfinished
    checkpoint folders). The caller holds the lock while it writes."""
    files.make_folder(os.path.join(run_dir, SAMPLES), f"run directory {run_dir}")
    lock = RunLock(run_dir)
    try:
        has_config = os.path.exists(os.path.join(run_dir, CONFIG))
        checkpoints = checkpoint_files(run_dir)
        if resume and not has_config:
            held = (f"; its {len(checkpoints)} checkpoint(s) are left as they are" if checkpoints
                    else "")
            raise UsageError(f"--resume: {run_dir} holds no run to continue ({CONFIG} is "
                             f"missing){held}")
        if not resume and (has_config or checkpoints):
            raise UsageError(f"{run_dir} already holds a run; pass --resume to continue it "
                             "or choose another --run_dir")
        files.remove_leftovers(run_dir)
        if os.path.exists(os.path.join(run_dir, DIVERGED)):  # a resumed run tries again
            os.remove(os.path.join(run_dir, DIVERGED))
    except BaseException:
        lock.release()
        raise
    return lock


def _differences(saved: dict[str, Any], current: dict[str, Any], prefix: str = "") -> list[str]:
    found = []
    for key in sorted(set(saved) | set(current)):
        if f"{prefix}{key}" in MAY_CHANGE_ON_RESUME:
            continue
        a, b = saved.get(key), current.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            found += _differences(a, b, f"{prefix}{key}.")
        elif a != b:
            found.append(f"{prefix}{key} was {_brief(a)}, now {_brief(b)}")
    return found


_SHOWN = 3  # differences a refusal names


def _brief(value: Any, most: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= most else text[:most - 3] + "..."


def check_resumable(run_dir: str, config: dict[str, Any]) -> None:
    """Refuse to resume with any change but those MAY_CHANGE_ON_RESUME allows,
    in a line a reader takes in: another variant by name, else the first
    differences."""
    saved = read_config(run_dir)
    was, now = saved["variant"]["name"], config["variant"]["name"]
    if was != now:
        raise UsageError(f"--resume refused: {run_dir} holds a run of {was}, not {now}; "
                         "choose another --run_dir")
    # JSON has no tuples: compare what would be stored with what was stored.
    differences = _differences(saved, json.loads(json.dumps(config)))
    if differences:
        shown = differences[:_SHOWN] + (
            [f"and {len(differences) - _SHOWN} more"] if len(differences) > _SHOWN else [])
        raise UsageError(f"--resume refused: {run_dir} was trained with another "
                         f"configuration ({'; '.join(shown)})")


def write_config(run_dir: str, config: dict[str, Any]) -> None:
    """Write config.json (whole, or not at all)."""
    try:
        write_atomically(os.path.join(run_dir, CONFIG), json.dumps(config, indent=2) + "\n")
    except OSError as e:
        raise RunError(f"cannot write {CONFIG} in {run_dir}: {e.strerror or e}; the one "
                       "there is unchanged") from None
