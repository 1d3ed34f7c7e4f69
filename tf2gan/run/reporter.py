"""What a run shows as it trains: the tutorial's log lines and pictures,
TensorBoard's scalars, histograms and evaluations, and the progress GIF at
the end. Pictures and histograms are drawn on a thread of their own
(background.py), so that the loop does not wait for matplotlib."""

from __future__ import annotations

import os
import sys
from typing import Any

import tensorflow as tf

from tf2gan.base.errors import RunError
from tf2gan.base.files import write_atomically
from tf2gan.core import sampling
from tf2gan.core.loops import Trainer
from tf2gan.judge.evaluate import SCALARS, Evaluator
from tf2gan.run import gif, pictures, run_dir, summaries
from tf2gan.run.background import Background
from tf2gan.run.checkpoints import write_failure
from tf2gan.run.settings import RunSettings
from tf2gan.variants import Variant


def _describe(metrics: dict[str, float]) -> str:
    return (f"D loss {metrics['d_loss']:.4g}, G loss {metrics['g_loss']:.4g}, "
            f"D(x) {metrics['d_real']:.4f}, D(G(z)) {metrics['d_fake']:.4f}")


class Reporter:
    """Writes what the tutorial showed (scalars, pictures) and what TensorBoard
    compares runs by; pictures and histograms are written in the background
    (background.py), everything else at once."""

    def __init__(self, variant: Variant, trainer: Trainer, settings: RunSettings,
                 directory: str, steps_per_epoch: int) -> None:
        self.variant, self.trainer, self.settings = variant, trainer, settings
        self.directory, self.steps_per_epoch = directory, steps_per_epoch
        self.writer = tf.summary.create_file_writer(directory)
        self.background = Background()

    def position(self, step: int) -> str:
        where = self.variant.log_cadence.describe(step, self.steps_per_epoch)
        return f"{where} ({step + 1} iterations)"

    def start(self, config: dict[str, Any], step: int) -> None:
        with self.writer.as_default(step=step):
            summaries.write_start(self.variant, config, step,
                                  os.path.basename(os.path.normpath(self.directory)))

    def scalars(self, step: int, metrics: dict[str, float]) -> str:
        with self.writer.as_default(step=step + 1):
            summaries.write_training(metrics)
        return f"{self.position(step)}: {_describe(metrics)}"

    def picture(self, step: int, metrics: dict[str, float]) -> None:
        label = self.variant.picture_cadence.label(step, self.steps_per_epoch)
        title = f"{self.position(step)}: {_describe(metrics)}"
        shown = pictures.compute(self.variant, self.trainer.generate, self.settings.seed, step)
        path = os.path.join(self.directory, run_dir.SAMPLES, f"{label}.png")
        self.background.submit(lambda: self._draw(step, shown, title, path))

    def _draw(self, step: int, shown: pictures.Shown, title: str, path: str) -> None:
        """On the background thread: the picture, its PNG and its summaries."""
        try:
            png = pictures.png_bytes(pictures.draw(self.variant, shown, title))
        except Exception as e:  # noqa: BLE001 - matplotlib's errors have no common base
            reason = " ".join(str(e).split()) or "no reason given"
            raise RunError(f"cannot draw {path}: {type(e).__name__}: {reason}") from None
        try:
            write_atomically(path, png)
        except OSError as e:
            raise write_failure(path, e) from None
        with self.writer.as_default(step=step + 1):
            summaries.write_picture(self.variant, png, shown.values)

    def histograms(self, step: int) -> None:
        self.trainer.sync()  # --impl=original holds its weights in its own models
        values = summaries.weights([self.trainer.gan.generator, self.trainer.gan.discriminator])

        def write() -> None:
            with self.writer.as_default(step=step + 1):
                summaries.write_weights(values)

        self.background.submit(write)

    def evaluation(self, step: int, evaluate: Evaluator) -> str:
        values = sampling.generate(self.variant, self.trainer.generate, self.settings.eval_num,
                                   self.settings.seed)
        result = evaluate(values)
        scalars = {key: float(result[key]) for key in SCALARS if key in result}
        with self.writer.as_default(step=step + 1):
            for key, value in scalars.items():
                tf.summary.scalar(f"eval/{key}", value, description=SCALARS[key])
        judged = ", ".join(f"{key} {value:.4g}" for key, value in scalars.items())
        return f"{self.position(step)}: {self.settings.eval_num:,} samples: {judged}"

    def check(self) -> None:
        """Raise the failure of a picture or histogram written in the background."""
        self.background.check()

    def flush(self) -> None:
        """Wait for what is written in the background, then flush the events to disk."""
        self.background.wait()
        try:
            self.writer.flush()
        except (OSError, tf.errors.OpError) as e:
            raise write_failure(f"TensorBoard events in {self.directory}", e) from None

    def close(self) -> None:
        """Wait for what is written in the background, raising nothing: the run is ending."""
        self.background.close()


def write_progress_gif(directory: str) -> None:
    """samples/progress.gif, when training drew at least two pictures.

    The GIF is a by-product of a run that has already saved its work, so
    nothing that goes wrong in it (a damaged PNG, a full disk, Pillow
    itself) may fail the run: it costs one line on stderr.
    """
    try:
        pictures_drawn = gif.training_pictures(directory)
        if len(pictures_drawn) >= 2:
            path, frames = gif.write_progress(directory, pictures_drawn)
            print(f"tf2gan: wrote {path} ({frames} frames)", flush=True)
    except Exception as e:  # noqa: BLE001 - see the docstring
        reason = " ".join(str(e).split()) or type(e).__name__
        print(f"tf2gan: no progress GIF: {reason}", file=sys.stderr, flush=True)
