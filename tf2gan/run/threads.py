"""How a training process spreads its work over this machine's CPU cores.

TensorFlow's default gives every op all the cores (oneDNN threads each
product) and runs independent ops side by side. For the tutorials' small
products that is not the best use of a CPU: oneDNN runs a product that
fits in L2 on one thread, and on a larger one two threads reach well under
twice one thread's rate. What runs faster is towers (gan.Towers):
each batch cut into one part per core, every product of a step becoming
one product per part with no data between them, and each op on one
thread, so that the parts run at once, one per core. On this 2-core
machine that trained goodfellow's loop 1.1 times and smoothing's 1.5 to 1.8
times as fast as one batch on TensorFlow's default threads (separate
processes, six rounds of two seconds each; README, Speed, for the bench).

Thread pools are set once per process, before TensorFlow's runtime starts:
call `configure` before anything runs an op.
"""

from __future__ import annotations

import dataclasses
import os

import tensorflow as tf

from tf2gan.base.errors import UsageError
from tf2gan.variants import Variant


@dataclasses.dataclass(frozen=True)
class Parallelism:
    """Towers per batch, and TensorFlow's two thread pools (0: its default)."""

    towers: int = 1
    intra_op_threads: int = 0
    inter_op_threads: int = 0


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def with_towers(towers: int) -> Parallelism:
    """`towers` parts per batch, each op on one thread, `towers` ops at once."""
    if towers == 1:
        return Parallelism()
    return Parallelism(towers, intra_op_threads=1, inter_op_threads=towers)


def plan(variant: Variant, towers: int | None = None, strategy: str = "none") -> Parallelism:
    """How to train `variant` here; towers=None chooses.

    The choice is one tower per core when training on this CPU alone and the
    batch divides into them; otherwise one tower and TensorFlow's defaults.
    A tf.distribute strategy already cuts the batch, one part per device,
    and GPUs run their ops one after another, so neither gets towers; nor
    does a network that normalises over the whole batch.
    """
    whole = not variant.rows_independent
    if towers is None:
        on_cpu_alone = strategy == "none" and not tf.config.list_physical_devices("GPU")
        towers = (cores() if on_cpu_alone and not whole and variant.batch_size % cores() == 0
                  else 1)
    elif towers > 1 and whole:
        raise UsageError(f"--towers={towers}: {variant.name} normalises over whole batches "
                         "(BatchNormalization), which towers would cut")
    elif towers > 1 and strategy != "none":
        raise UsageError(f"--towers={towers} cannot be combined with --strategy={strategy}, "
                         "which already cuts each batch across its devices")
    if variant.batch_size % towers:
        raise UsageError(f"--towers={towers} does not divide {variant.name}'s batch of "
                         f"{variant.batch_size} into equal parts")
    return with_towers(towers)


def configure(parallelism: Parallelism) -> None:
    """Set TensorFlow's thread pools; only before its runtime starts."""
    tf.config.threading.set_intra_op_parallelism_threads(parallelism.intra_op_threads)
    tf.config.threading.set_inter_op_parallelism_threads(parallelism.inter_op_threads)
