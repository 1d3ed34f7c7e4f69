"""What a run saves to continue, and reading it back."""

from __future__ import annotations

import os

import tensorflow as tf

from tf2gan import run_dir
from tf2gan.configs import VARIANTS, Variant
from tf2gan.errors import UsageError
from tf2gan.gan import Gan, make_gan


def checkpoint_for(gan: Gan, step: tf.Variable) -> tf.train.Checkpoint:
    return tf.train.Checkpoint(step=step, **gan.trackables())


def checkpoint_manager(checkpoint: tf.train.Checkpoint, directory: str) -> tf.train.CheckpointManager:
    return tf.train.CheckpointManager(checkpoint, os.path.join(directory, run_dir.CHECKPOINTS),
                                      max_to_keep=3)


def restore_generator(directory: str) -> tuple[Variant, tf.keras.Model, int]:
    """(variant, generator, step) of the latest checkpoint in a run directory."""
    config = run_dir.read_config(directory)
    name = config.get("variant", {}).get("name")
    if name not in VARIANTS:
        raise UsageError(f"{directory}/{run_dir.CONFIG} names no known variant ({name!r})")
    variant = VARIANTS[name]
    gan = make_gan(variant)
    step = tf.Variable(0, dtype=tf.int64, name="step")
    latest = tf.train.latest_checkpoint(os.path.join(directory, run_dir.CHECKPOINTS))
    if not latest:
        raise UsageError(f"{directory} holds no checkpoint yet")
    status = tf.train.Checkpoint(step=step, generator=gan.generator).restore(latest)
    status.assert_existing_objects_matched().expect_partial()
    return variant, gan.generator, int(step.numpy())
