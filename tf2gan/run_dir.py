"""A run directory: its config.json, and the checks that keep runs apart.

A run directory holds one run. Training into a directory that already holds
one needs --resume, and resuming needs the same configuration: only the
length of the schedule and the distribution strategy may change.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any

from tf2gan.configs import Variant
from tf2gan.errors import UsageError

CONFIG = "config.json"
CHECKPOINTS = "checkpoints"
SAMPLES = "samples"
# Keys of config.json that a resumed run may change: the schedule's length,
# and how the same computation is spread over devices and cores.
MAY_CHANGE_ON_RESUME = ("total_steps", "strategy", "towers")


def make_config(variant: Variant, **settings: Any) -> dict[str, Any]:
    """The resolved variant and run settings, as config.json stores them."""
    return {"variant": dataclasses.asdict(variant), **settings}


def read_config(run_dir: str) -> dict[str, Any]:
    path = os.path.join(run_dir, CONFIG)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise UsageError(f"{run_dir} holds no run: {CONFIG} is missing") from None
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} cannot be read: {e}") from None


def check_writable(run_dir: str, resume: bool) -> None:
    """Create run_dir, or refuse it, before any time is spent on data or models."""
    exists = os.path.exists(os.path.join(run_dir, CONFIG))
    if resume and not exists:
        raise UsageError(f"--resume: {run_dir} holds no run to continue ({CONFIG} is missing)")
    if not resume and exists:
        raise UsageError(f"{run_dir} already holds a run; pass --resume to continue it "
                         "or choose another --run_dir")
    try:
        os.makedirs(os.path.join(run_dir, SAMPLES), exist_ok=True)
        probe = os.path.join(run_dir, ".write_test")
        with open(probe, "w", encoding="utf-8"):
            pass
        os.remove(probe)
    except OSError as e:
        raise UsageError(f"cannot write to run directory {run_dir}: "
                         f"{e.strerror or e}") from None


def _differences(saved: dict[str, Any], current: dict[str, Any], prefix: str = "") -> list[str]:
    found = []
    for key in sorted(set(saved) | set(current)):
        if not prefix and key in MAY_CHANGE_ON_RESUME:
            continue
        a, b = saved.get(key), current.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            found += _differences(a, b, f"{prefix}{key}.")
        elif a != b:
            found.append(f"{prefix}{key} was {a!r}, now {b!r}")
    return found


def write_config(run_dir: str, config: dict[str, Any], resume: bool) -> None:
    """Write config.json; when resuming, first refuse any change but the schedule's."""
    # JSON has no tuples: compare what would be stored with what was stored.
    config = json.loads(json.dumps(config))
    if resume:
        differences = _differences(read_config(run_dir), config)
        if differences:
            raise UsageError(f"--resume refused: {run_dir} was trained with another "
                             f"configuration ({'; '.join(differences)})")
    try:
        with open(os.path.join(run_dir, CONFIG), "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)
            f.write("\n")
    except OSError as e:
        raise UsageError(f"cannot write {CONFIG} in {run_dir}: {e.strerror or e}") from None
