"""The training loop: data, iterations, and what the tutorial showed when.

The loop runs the compiled iterations in spans that end where the tutorial
logs or draws or a checkpoint is due, and writes scalars and pictures to
TensorBoard and the run directory at the variant's own cadence. It keeps a
run's work safe: SIGINT and SIGTERM save a checkpoint and stop, a
non-finite loss stops the run before anything after it is saved, a
checkpoint that cannot be read gives way to the one before, and a write the
disk refuses is reported in one line.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from typing import Callable

import tensorflow as tf

from tf2gan.base import memory
from tf2gan.base.errors import Interrupted, RunError, UsageError
from tf2gan.base.files import write_atomically
from tf2gan.core import models
from tf2gan.core.gan import make_gan
from tf2gan.core.loops import FusedLoop, Span, StepLoop, Trainer
from tf2gan.data import datasets, input_pipeline
from tf2gan.judge.evaluate import Evaluator, bytes_per_judged_sample
from tf2gan.run import distribute, run_dir
from tf2gan.run.checkpoints import Saver
from tf2gan.run.final_line import Finished
from tf2gan.run.progress import Progress
from tf2gan.run.reporter import Reporter, write_progress_gif
from tf2gan.run.settings import RunSettings
from tf2gan.run.stopping import Deadline, StopSignals
from tf2gan.variants import Variant

# Iterations between checkpoints, for variants whose source did not say.
DEFAULT_CHECKPOINT_EVERY = 1000
# A span (one compiled call) aims to last about this long, so that the
# progress line moves and SIGINT / SIGTERM are answered within a second or so.
SPAN_SECONDS = 1.0


def make_trainer(variant: Variant, settings: RunSettings, examples: input_pipeline.Examples,
                 strategy: tf.distribute.Strategy | None = None) -> Trainer:
    if settings.impl == "original":
        if settings.mixed_precision != "none" or strategy is not None:
            raise UsageError("--mixed_precision and --strategy apply to tf2gan's variants, not "
                             "to --impl=original, which runs the original as it ran")
        if settings.resume:
            raise UsageError("--resume is not available with --impl=original: its optimiser "
                             "state is not checkpointed")
        from tf2gan.originals.trainer import OriginalTrainer

        return OriginalTrainer(variant, settings.seed, examples, settings.initial_weights,
                                init_seed=settings.init_seed)
    mean = input_pipeline.mean_example(variant, examples) if models.reads_data(variant) else None
    if strategy is None:
        gan = make_gan(variant, settings.mixed_precision, settings.towers, mean)
        if settings.steps_per_call == 1:
            return StepLoop(gan, settings.seed, examples)
    else:
        with strategy.scope():
            gan = make_gan(variant, settings.mixed_precision, mean_example=mean)
    return FusedLoop(gan, settings.seed, examples, settings.jit_compile, strategy)


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


class _SpanSize:
    """How many iterations a span may hold: --steps_per_call at most, and
    about SPAN_SECONDS' worth at the rate the last span ran.

    Workers of a multi-worker strategy run their spans' collectives
    together, so they must agree on every span's length: they do not
    adapt it to their own clocks.
    """

    def __init__(self, limit: int, adapt: bool) -> None:
        self.limit, self.adapt = limit, adapt
        self.size = min(limit, 10) if adapt else limit

    def ran(self, count: int, seconds: float) -> None:
        if self.adapt:
            rate = count / max(seconds, 1e-6)
            self.size = max(1, min(self.limit, int(rate * SPAN_SECONDS)))


def _checkpoint_due(variant: Variant, settings: RunSettings, step: int, steps_per_epoch: int,
                    total: int) -> bool:
    """Whether a checkpoint follows iteration `step`: every --checkpoint_every
    iterations if given, else at the variant's own cadence, else every
    DEFAULT_CHECKPOINT_EVERY; and after the last iteration."""
    if step == total - 1:
        return True
    if settings.checkpoint_every is None and variant.checkpoint_cadence is not None:
        return variant.checkpoint_cadence.due(step, steps_per_epoch, total)
    return (step + 1) % (settings.checkpoint_every or DEFAULT_CHECKPOINT_EVERY) == 0


def train(variant: Variant, settings: RunSettings,
          strategy: tf.distribute.Strategy | None = None,
          stop: StopSignals | None = None) -> dict[str, float]:
    """Train a variant as its tutorial did; returns the last iteration's metrics.

    `stop` is the process's signal handling when the caller installed it
    earlier (main does, before a strategy's start-up); else train installs it.
    """
    if settings.eval_every:
        memory.check_fits("eval_num", settings.eval_num, bytes_per_judged_sample(variant),
                          "samples, judged every --eval_every")
    with contextlib.ExitStack() as stack:
        if stop is None:
            stop = stack.enter_context(StopSignals())
        directory = distribute.worker_run_dir(settings.run_dir, strategy)
        lock = run_dir.open_for_writing(directory, settings.resume)
        stack.callback(lock.release)
        return _train(variant, settings, strategy, stop, directory)


def _train(variant: Variant, settings: RunSettings, strategy: tf.distribute.Strategy | None,
           stop: StopSignals, directory: str) -> dict[str, float]:
    datasets.check_fits(variant, settings.dataset)
    if settings.eval_every:
        datasets.check_judgeable(settings.dataset)
    examples = input_pipeline.load_examples(settings.dataset, settings.data_dir)
    print(f"tf2gan: data: {examples.description}", flush=True)

    per_epoch = input_pipeline.steps_per_epoch(variant, examples)
    total = total_steps(variant, settings, per_epoch)
    config = run_dir.make_config(variant, **settings.recorded(dataset=examples.name),
                                 total_steps=total)
    if settings.resume:
        run_dir.check_resumable(directory, config)

    trainer = make_trainer(variant, settings, examples, strategy)
    saver = Saver(trainer.gan, directory)
    # Without --resume the run holds no checkpoint (open_for_writing saw to it).
    start = saver.restore()
    if start > total:
        asked = (f"--steps={settings.steps}" if settings.steps else
                 f"--epochs={settings.epochs}" if settings.epochs else "the recipe's schedule")
        raise UsageError(f"{directory} has already run {start} steps, more than the {total} of "
                         f"{asked}; nothing was changed: ask for more to continue it")
    run_dir.write_config(directory, config)
    if start >= total:
        print(f"tf2gan: {directory} has already run {start} of {total} steps")
        return {}

    evaluator = (Evaluator(variant, examples.name, settings.data_dir, settings.classifier_dir)
                 if settings.eval_every else None)
    progress = Progress(start, total)
    reporter = Reporter(variant, trainer, settings, directory, per_epoch)
    try:
        reporter.start(config, start)
        if start:
            progress.message(f"tf2gan: resuming {directory} at step {start}")
        log = lambda s: variant.log_cadence.due(s, per_epoch, total)
        picture = lambda s: variant.picture_cadence.due(s, per_epoch, total)
        save = lambda s: _checkpoint_due(variant, settings, s, per_epoch, total)
        judge = lambda s: bool(evaluator) and ((s + 1) % settings.eval_every == 0
                                               or s == total - 1)
        histograms = lambda s: bool(settings.histograms_every) and (
            (s + 1) % settings.histograms_every == 0)
        size = _SpanSize(settings.steps_per_call, adapt=not distribute.multi_worker(strategy))
        # A multi-worker span waits on the other workers' collectives: if one
        # of them is gone, it would wait for ever.
        deadline = ((lambda: Deadline(settings.worker_timeout, "a span of training with the "
                                      "other workers (one of them stopped answering?)"))
                    if distribute.multi_worker(strategy) else contextlib.nullcontext)
        step = start
        stop.saving = True
        while step < total:
            count = _span(step, total, size.size,
                          lambda s: log(s) or picture(s) or save(s) or judge(s) or histograms(s))
            began = time.monotonic()
            try:
                with deadline():
                    span: Span = trainer.run(step, count)
            except tf.errors.OpError as e:  # a worker gone, memory exhausted, ...
                reason = " ".join(str(e.message).split())
                raise RunError(f"training failed after step {step}: {reason}; checkpoints "
                               "already written are kept") from None
            size.ran(span.completed, time.monotonic() - began)
            step += span.completed
            last = step - 1  # the iteration just completed
            metrics = span.metrics
            loss = span.nonfinite_loss()
            # A NaN can also slip past the losses into the weights: a fused
            # matmul-and-ReLU maps NaN inputs to 0 but not their gradients.
            if loss or not saver.weights_finite():
                what = (f"{loss} is {metrics[loss]} at {reporter.position(last)}" if loss
                        else f"the weights are not finite after iterations "
                        f"{step - span.completed + 1}-{step}, though the losses are")
                kept = saver.manager.latest_checkpoint or "none was saved yet"
                try:  # for a study (fidelity.py); if the disk refuses, the line below still goes out
                    write_atomically(os.path.join(directory, run_dir.DIVERGED),
                                     json.dumps({"step": last, "what": what}) + "\n")
                except OSError:
                    pass
                raise RunError(f"{what}; stopped without saving. The last good checkpoint "
                               f"is kept: {kept}")
            reporter.check()
            if progress.due():
                progress.show(step, metrics)
            if log(last):
                progress.message(reporter.scalars(last, metrics))
            if picture(last):
                reporter.picture(last, metrics)
            if histograms(last):
                reporter.histograms(last)
            if judge(last):
                progress.message(reporter.evaluation(last, evaluator))
            if save(last) or stop.received:
                trainer.sync()
                saver.save(step)
            if stop.received:
                stop.acted_on()
                reporter.flush()
                progress.clear()
                raise Interrupted(stop.received, f"saved a checkpoint at step {step} of "
                                  f"{total} in {directory}; continue with --resume")
        reporter.flush()  # every picture written, so the time below includes them
        seconds = progress.close(total, metrics)
        write_progress_gif(directory)
        print(Finished(start, total, seconds, directory).line(), flush=True)
        return metrics
    except RunError:
        progress.clear()  # the error's line starts on a line of its own
        raise
    finally:
        reporter.close()  # waits for what is written in the background
