"""The training loop: data, iterations, and what the tutorial showed when.

The loop runs the compiled iteration, and at the variant's own cadence
writes scalars and pictures to TensorBoard and the run directory, and saves
checkpoints so that --resume continues where a run stopped.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan import input_pipeline, pictures, run_dir, sampling
from tf2gan.checkpoints import checkpoint_for, checkpoint_manager
from tf2gan.configs import Variant
from tf2gan.errors import UsageError
from tf2gan.evaluate import SCALARS, Evaluator
from tf2gan.gan import make_gan
from tf2gan.loops import FusedLoop, StepLoop, Trainer
from tf2gan.progress import Progress


@dataclasses.dataclass(frozen=True)
class RunSettings:
    """How to run a variant: everything the flags decide."""

    run_dir: str
    dataset: str
    data_dir: str | None = None
    seed: int = 0
    steps: int | None = None  # overrides the variant's schedule
    epochs: int | None = None  # overrides the variant's schedule
    resume: bool = False
    checkpoint_every: int = 1000
    impl: str = "tf2"  # "tf1": the original, through tf.compat.v1 / Keras 2
    steps_per_call: int = 500  # at most; 1 runs one compiled call per iteration
    jit_compile: bool = False
    mixed_precision: str = "none"  # "bf16" or "fp16": see gan.make_gan
    eval_every: int | None = None  # iterations between judging samples (evaluate.py)
    eval_num: int = 10000  # samples judged each time
    classifier_dir: str | None = None  # the judge's cache (classifier.py)


def make_trainer(variant: Variant, settings: RunSettings,
                 examples: input_pipeline.Examples) -> Trainer:
    if settings.impl == "tf1":
        if settings.mixed_precision != "none":
            raise UsageError("--mixed_precision applies to tf2gan's variants, not to "
                             "--impl=tf1, which runs the original in float32")
        if settings.resume:
            raise UsageError("--resume is not available with --impl=tf1: its TF1 optimiser "
                             "state is not checkpointed")
        from tf2gan.reference.trainer import ReferenceTrainer

        return ReferenceTrainer(variant, settings.seed, examples)
    gan = make_gan(variant, settings.mixed_precision)
    if settings.steps_per_call == 1:
        return StepLoop(gan, settings.seed, examples)
    return FusedLoop(gan, settings.seed, examples, jit_compile=settings.jit_compile)


def total_steps(variant: Variant, settings: RunSettings, steps_per_epoch: int) -> int:
    """Iterations to run: --steps, else --epochs, else the tutorial's schedule."""
    if settings.steps:
        return settings.steps
    if settings.epochs:
        return settings.epochs * steps_per_epoch
    return variant.steps or variant.epochs * steps_per_epoch


def _span(step: int, total: int, limit: int, due: Callable[[int], bool]) -> int:
    """Iterations from `step` up to and including the next one where something is due."""
    count = 1
    while count < limit and step + count < total and not due(step + count - 1):
        count += 1
    return count


def _describe(metrics: dict[str, float]) -> str:
    return (f"D loss {metrics['d_loss']:.4g}, G loss {metrics['g_loss']:.4g}, "
            f"D(x) {metrics['d_real']:.4f}, D(G(z)) {metrics['d_fake']:.4f}")


class _Reporter:
    """Writes what the tutorial showed: scalars, pictures, histograms."""

    def __init__(self, variant: Variant, trainer: Trainer, settings: RunSettings,
                 steps_per_epoch: int, total: int) -> None:
        self.variant, self.trainer, self.settings = variant, trainer, settings
        self.steps_per_epoch, self.total = steps_per_epoch, total
        self.writer = tf.summary.create_file_writer(settings.run_dir)

    def position(self, step: int) -> str:
        where = self.variant.log_cadence.describe(step, self.steps_per_epoch)
        return f"{where} ({step + 1} iterations)"

    def scalars(self, step: int, metrics: dict[str, float]) -> str:
        with self.writer.as_default(step=step + 1):
            for name, value in metrics.items():
                tf.summary.scalar(name, value)
        return f"{self.position(step)}: {_describe(metrics)}"

    def picture(self, step: int, metrics: dict[str, float]) -> str:
        label = self.variant.picture_cadence.label(step, self.steps_per_epoch)
        title = f"{self.position(step)}: {_describe(metrics)}"
        fig, values = pictures.draw(self.variant, self.trainer.generate, self.settings.seed,
                                    step, title)
        png = pictures.png_bytes(fig)
        path = os.path.join(self.settings.run_dir, run_dir.SAMPLES, f"{label}.png")
        with open(path, "wb") as f:
            f.write(png)
        with self.writer.as_default(step=step + 1):
            tf.summary.image(self.variant.picture, tf.image.decode_png(png)[tf.newaxis])
            for name, array in values.items():
                tf.summary.histogram(name, array)
            if values:
                tf.summary.scalar("generated_mean", float(np.mean(values["generated"])))
                tf.summary.scalar("generated_std", float(np.std(values["generated"])))
        return path

    def evaluation(self, step: int, evaluate: Evaluator) -> str:
        values = sampling.generate(self.variant, self.trainer.generate, self.settings.eval_num,
                                   self.settings.seed)
        result = evaluate(values)
        scalars = {key: float(result[key]) for key in SCALARS if key in result}
        with self.writer.as_default(step=step + 1):
            for key, value in scalars.items():
                tf.summary.scalar(f"eval/{key}", value)
        judged = ", ".join(f"{key} {value:.4g}" for key, value in scalars.items())
        return f"{self.position(step)}: {self.settings.eval_num:,} samples: {judged}"


def train(variant: Variant, settings: RunSettings) -> dict[str, float]:
    """Train a variant as its tutorial did; returns the last iteration's metrics."""
    run_dir.check_writable(settings.run_dir, settings.resume)
    input_pipeline.check_fits(variant, settings.dataset)
    examples = input_pipeline.load_examples(settings.dataset, settings.data_dir)
    print(f"tf2gan: data: {examples.description}", flush=True)

    trainer = make_trainer(variant, settings, examples)
    step_var = tf.Variable(0, dtype=tf.int64, name="step")
    checkpoint = checkpoint_for(trainer.gan, step_var)
    manager = checkpoint_manager(checkpoint, settings.run_dir)
    if settings.resume and manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint).assert_existing_objects_matched()
    start = int(step_var.numpy())

    per_epoch = input_pipeline.steps_per_epoch(variant, examples)
    total = total_steps(variant, settings, per_epoch)
    run_dir.write_config(settings.run_dir, run_dir.make_config(
        variant, impl=settings.impl, mixed_precision=settings.mixed_precision,
        dataset=examples.name, data_dir=settings.data_dir, seed=settings.seed,
        total_steps=total), settings.resume)
    if start >= total:
        print(f"tf2gan: {settings.run_dir} has already run {start} of {total} steps")
        return {}

    evaluator = (Evaluator(variant, examples.name, settings.data_dir, settings.classifier_dir)
                 if settings.eval_every else None)
    reporter = _Reporter(variant, trainer, settings, per_epoch, total)
    progress = Progress(start, total)
    if start:
        progress.message(f"tf2gan: resuming {settings.run_dir} at step {start}")
    log = lambda s: variant.log_cadence.due(s, per_epoch, total)
    picture = lambda s: variant.picture_cadence.due(s, per_epoch, total)
    save = lambda s: (s + 1) % settings.checkpoint_every == 0 or s == total - 1
    judge = lambda s: bool(evaluator) and ((s + 1) % settings.eval_every == 0 or s == total - 1)
    step = start
    while step < total:
        count = _span(step, total, settings.steps_per_call,
                      lambda s: log(s) or picture(s) or save(s) or judge(s))
        metrics = {k: float(v) for k, v in trainer.run(step, count).items()}
        step += count
        last = step - 1  # the iteration just completed
        if progress.due():
            progress.show(step, metrics)
        if log(last):
            progress.message(reporter.scalars(last, metrics))
        if picture(last):
            reporter.picture(last, metrics)
        if judge(last):
            progress.message(reporter.evaluation(last, evaluator))
        if save(last):
            trainer.sync()
            step_var.assign(step)
            manager.save(checkpoint_number=step)
    seconds = progress.close(total, metrics)
    reporter.writer.flush()
    print(f"tf2gan: steps {start}-{total} in {seconds:.1f} s ({(total - start) / seconds:.1f} "
          f"steps/s with logging and pictures); run in {settings.run_dir}", flush=True)
    return metrics
