"""The run-directory workflow from Python: `tf2gan.train` and `tf2gan.load`.

`train` is the train command without its command line: the same settings
(run/settings.py), the same run directory, checkpoints, pictures and
TensorBoard events, the same resume. `load` gives a run's newest checkpoint
back as a tf2gan.GAN, to sample, export or `fit` on from where it stopped.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tf2gan import variants
from tf2gan.core.gan import GAN
from tf2gan.data.datasets import default_dataset
from tf2gan.run import checkpoints
from tf2gan.run import train as training
from tf2gan.run.settings import RunSettings
from tf2gan.variants import Variant


def train(variant: Variant | str, run_dir: str, *, dataset: str | None = None,
          seed: int = 0, **settings: Any) -> dict[str, float]:
    """Trains a variant into a run directory, as `tf2gan train` does.

    The initial weights are drawn as the command draws them (the process's
    generators seeded with `seed`, or `init_seed` where given), so the same
    arguments give the command's run. Unlike the command, it leaves
    TensorFlow's threads as the process has them and cuts no batch into
    towers unless `towers` is given (thread pools are set before TensorFlow
    starts, which the command can do and a library cannot).

    Args:
      variant: a Variant, or a registered variant's name.
      run_dir: the run directory (config.json, checkpoints/, samples/,
        TensorBoard events).
      dataset: the training data's name, as --dataset takes it (default: the
        variant's own).
      seed: seeds the data order, the noise and the initial weights.
      **settings: any other run setting, named as its flag: steps, epochs,
        resume, checkpoint_every, mixed_precision, towers, eval_every, ...
        (tf2gan/run/settings.py).

    Returns:
      The last iteration's metrics (d_loss, g_loss, d_real, d_fake); empty
      if the run had already finished.

    Raises:
      TypeError: a setting of another name.
      tf2gan.base.errors.UsageError, RunError: what the command would
        report in one line (the message is that line).
      tf2gan.base.errors.Interrupted: SIGINT or SIGTERM arrived; a
        checkpoint was saved and `resume=True` continues.
    """
    if isinstance(variant, str):
        variant = variants.get(variant)
    run = RunSettings(run_dir=run_dir, dataset=dataset or default_dataset(variant), seed=seed,
                      **settings)
    tf.keras.utils.set_random_seed(seed if run.init_seed is None else run.init_seed)
    return training.train(variant, run)


def load(run_dir: str) -> GAN:
    """The GAN of a run directory's newest usable checkpoint.

    Both networks and the optimisers' state are restored, and the GAN's
    iteration counter is the checkpoint's step, so `fit` goes on with the
    noise the run would have drawn next. Nothing in the run directory is
    written, and a run still training may be read.

    Args:
      run_dir: a run directory written by `train` or the train command.

    Returns:
      The tf2gan.GAN, not compiled.

    Raises:
      tf2gan.base.errors.UsageError: no run there, or no checkpoint yet.
      tf2gan.base.errors.RunError: no checkpoint there can be read.
    """
    gan, _ = checkpoints.restore_gan(run_dir, say=lambda line: None)
    return gan
