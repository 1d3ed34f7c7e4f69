"""What a run saves to continue, and reading it back.

A checkpoint holds the step counter, both models and the optimisers' state,
so that --resume continues exactly where a run stopped. Reading falls back
past a checkpoint that cannot be read (a machine that died mid-write, a
damaged disk) to the one before, and says so; a disk that refuses a write
is reported in one line.
"""

from __future__ import annotations

import os
import re
from typing import Callable

import tensorflow as tf

from tf2gan import run_dir
from tf2gan.configs import VARIANTS, Variant
from tf2gan.errors import RunError, UsageError
from tf2gan.gan import Gan, make_gan

KEEP = 3  # checkpoints kept: the fallbacks for a damaged latest one


def write_failure(what: str, error: Exception) -> RunError:
    """One line for a write the disk refused (full, read-only, gone).

    TensorFlow's messages read "{{function_node ...}} PATH; REASON [Op:SaveV2]":
    the reason is what the user needs.
    """
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
    else:
        text = " ".join(str(getattr(error, "message", error)).split())
        reason = re.sub(r"\s*\[Op:\w+\]$", "", text.rsplit("; ", 1)[-1])
    return RunError(f"cannot write {what}: {reason}")


def _restore_first_readable(checkpoint: tf.train.Checkpoint, paths: list[str],
                            say: Callable[[str], None], partial: bool = False) -> str | None:
    """Restore the newest of `paths` that reads cleanly; its path, or None."""
    for path in reversed(paths):
        try:
            status = checkpoint.restore(path)
            if partial:
                status.expect_partial()
            status.assert_existing_objects_matched()
            return path
        except (tf.errors.OpError, ValueError, AssertionError) as e:
            reason = str(getattr(e, "message", e)).strip().splitlines()[0]
            say(f"tf2gan: checkpoint {path} cannot be read ({reason}); trying the one before")
    return None


class Saver:
    """The run's checkpoints: the step counter, both models, the optimisers."""

    def __init__(self, gan: Gan, directory: str) -> None:
        self.gan = gan
        self.step = tf.Variable(0, dtype=tf.int64, name="step")
        self.checkpoint = tf.train.Checkpoint(step=self.step, **gan.trackables())
        self.directory = os.path.join(directory, run_dir.CHECKPOINTS)
        self.manager = tf.train.CheckpointManager(self.checkpoint, self.directory,
                                                  max_to_keep=KEEP)

    def restore(self, say: Callable[[str], None] = print) -> int:
        """Restore the latest readable checkpoint; the step it was saved at."""
        if not self.manager.checkpoints:
            return 0
        if _restore_first_readable(self.checkpoint, list(self.manager.checkpoints), say) is None:
            raise RunError(f"no checkpoint in {self.directory} can be read")
        return int(self.step.numpy())

    def weights_finite(self) -> bool:
        return all(bool(tf.reduce_all(tf.math.is_finite(v)))
                   for v in self.gan.generator.trainable_variables
                   + self.gan.discriminator.trainable_variables)

    def save(self, step: int) -> None:
        """Save after `step` iterations."""
        self.step.assign(step)
        try:
            self.manager.save(checkpoint_number=step)
        except (OSError, tf.errors.OpError) as e:
            raise write_failure(f"a checkpoint in {self.directory}", e) from None


def restore_generator(directory: str,
                      say: Callable[[str], None] = print) -> tuple[Variant, tf.keras.Model, int]:
    """(variant, generator, step) of the latest readable checkpoint in a run directory."""
    config = run_dir.read_config(directory)
    name = config.get("variant", {}).get("name")
    if name not in VARIANTS:
        raise UsageError(f"{directory}/{run_dir.CONFIG} names no known variant ({name!r})")
    variant = VARIANTS[name]
    gan = make_gan(variant)
    step = tf.Variable(0, dtype=tf.int64, name="step")
    folder = os.path.join(directory, run_dir.CHECKPOINTS)
    state = tf.train.get_checkpoint_state(folder)
    paths = list(state.all_model_checkpoint_paths) if state else []
    if not paths:
        raise UsageError(f"{directory} holds no checkpoint yet")
    checkpoint = tf.train.Checkpoint(step=step, generator=gan.generator)
    if _restore_first_readable(checkpoint, paths, say, partial=True) is None:
        raise RunError(f"no checkpoint in {folder} can be read")
    return variant, gan.generator, int(step.numpy())

