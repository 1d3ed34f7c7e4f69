"""Ways to run a span of iterations: many per compiled call, or one per call.

A trainer's `run(start, count)` performs iterations start .. start+count-1
and says how many it completed and the last one's metrics. All draw the same
batches and the same noise for the same iteration, so they reach the same
weights (tests/test_loops.py); they differ only in how much Python runs per
step. A span stops early at the first iteration whose loss is not finite,
so that nothing after it is saved.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Iterator, Mapping, Protocol

import numpy as np
import tensorflow as tf

from tf2gan.base.errors import UsageError
from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core.gan import (Draws, GAN, iteration_noise, make_train_iteration,
                             train_step)
from tf2gan.data import input_pipeline

# Images beyond this many bytes stay on the host and stream through tf.data.
DEVICE_DATA_LIMIT = 1 << 30
LOSSES = ("d_loss", "g_loss")

Metrics = Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class Span:
    """What a span did: iterations completed and the last one's metrics."""

    completed: int
    metrics: dict[str, float]

    def nonfinite_loss(self) -> str | None:
        """The first loss of the last iteration that is not finite, if any."""
        return next((k for k in LOSSES if not math.isfinite(self.metrics[k])), None)


class Trainer(Protocol):
    """Runs iterations; `gan` holds the state that checkpoints save."""

    gan: GAN

    def run(self, start: int, count: int) -> Span:
        """Iterations start .. start+count-1, stopping after a non-finite loss."""

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        """G(noise) for pictures."""

    def sync(self) -> None:
        """Bring `gan` up to date before a checkpoint."""


def _finite(metrics: Mapping[str, tf.Tensor]) -> tf.Tensor:
    return tf.reduce_all([tf.math.is_finite(metrics[k]) for k in LOSSES])


def _span(completed: Any, metrics: Mapping[str, Any]) -> Span:
    return Span(int(completed), {k: float(v) for k, v in metrics.items()})


def _replica_share(x: tf.Tensor, axis: int = 0) -> tf.Tensor:
    """This replica's equal share of a global batch along `axis`."""
    context = tf.distribute.get_replica_context()
    share = tf.shape(x)[axis] // context.num_replicas_in_sync
    begin = tf.cast(context.replica_id_in_sync_group, tf.int32) * share
    return tf.gather(x, tf.range(begin, begin + share), axis=axis)


class FusedLoop:
    """Many iterations inside one compiled function (a tf.range loop).

    Batches are gathered inside the loop from images held on the device, by
    row indices computed on the host in the pipeline's order; 004's vectors
    are drawn inside the loop; data too large for the device come through a
    tf.data iterator read inside the loop. Noise is drawn inside the loop
    from (seed, step). With jit_compile the whole span compiles with XLA
    (not in the iterator case, which XLA cannot compile); XLA's stateless
    random numbers differ from TensorFlow's kernels' for the same key, so
    such a loop draws other batches of noise than the others.

    Under a tf.distribute strategy (the gan built in its scope) every replica
    draws the same global batch and noise and trains on its equal share, so
    the run computes what one device would for the tutorial's batch size.
    """

    def __init__(self, gan: GAN, seed: int, examples: input_pipeline.Examples,
                 jit_compile: bool = False,
                 strategy: tf.distribute.Strategy | None = None) -> None:
        self.gan, self._seed, self._variant = gan, seed, gan.variant
        self._strategy = strategy
        variant = gan.variant
        self._images: tf.Tensor | None = None
        self._indices: input_pipeline.BatchIndices | None = None
        self._stream: input_pipeline.BatchStream | None = None
        if strategy is not None:
            replicas = strategy.num_replicas_in_sync
            if variant.batch_size % replicas:
                raise UsageError(f"{variant.name}'s batch of {variant.batch_size} cannot be "
                                 f"shared equally by {replicas} replicas")
            if jit_compile:
                raise UsageError("--jit_compile is not available with --strategy")
        if examples.images is not None:
            images = input_pipeline.training_images(variant, examples.images)
            if images.nbytes <= DEVICE_DATA_LIMIT:
                self._images = tf.constant(images)
                self._indices = input_pipeline.BatchIndices(
                    len(images), variant.batch_size, seed, variant.last_batch == "smaller")
            elif strategy is not None:
                raise UsageError(f"--strategy needs the training images in memory; these are "
                                 f"{images.nbytes / 2**30:.1f} GiB")
            else:
                self._stream = input_pipeline.BatchStream(variant, examples, seed)
                jit_compile = False
        self._span = tf.function(self._train_span, jit_compile=jit_compile,
                                 reduce_retracing=True)
        self._traced = False

    def _real(self, step: tf.Tensor, rows: tf.Tensor | None,
              iterator: Iterator[tf.Tensor] | None) -> tf.Tensor:
        if self._images is not None:
            if self._variant.last_batch == "smaller":
                rows = tf.boolean_mask(rows, rows != input_pipeline.NO_ROW)
            return input_pipeline.scale_pixels(tf.gather(self._images, rows),
                                               self._variant.data_scale)
        if iterator is not None:
            return next(iterator)
        return input_pipeline.gaussian_real_sample(
            self._variant, self._variant.batch_size, stream_seed(self._seed, Stream.DATA, step))

    def _iteration(self, step: tf.Tensor, rows: tf.Tensor | None,
                   iterator: Iterator[tf.Tensor] | None, draws: Draws) -> dict[str, tf.Tensor]:
        real = self._real(step, rows, iterator)
        if self._strategy is not None:
            real = _replica_share(real)
            draws = draws._replace(d=_replica_share(draws.d, axis=1),
                                   g=_replica_share(draws.g, axis=1))
        return {k: tf.cast(v, tf.float32) for k, v in train_step(self.gan, real, draws).items()}

    def _train_span(self, start: tf.Tensor, count: tf.Tensor, indices: tf.Tensor,
                    iterator: Any = None) -> tuple[tf.Tensor, dict[str, tf.Tensor]]:
        metrics = {k: tf.constant(0.0) for k in ("d_loss", "d_real", "d_fake", "g_loss")}
        completed = tf.constant(0)
        # Each iteration draws the next one's noise: nothing waits for that
        # draw, so it runs beside this iteration's work (with towers, beside
        # an Adam update that leaves a core idle) instead of holding up the
        # next iteration's first product.
        noise = iteration_noise(self._variant, self._seed, start)
        for i in tf.range(count):
            step = start + tf.cast(i, tf.int64)
            rows = indices[i] if self._images is not None else None
            next_noise = iteration_noise(self._variant, self._seed, step + 1)
            if self._strategy is None:
                metrics = self._iteration(step, rows, iterator, noise)
            else:
                per_replica = self._strategy.run(self._iteration,
                                                 args=(step, rows, iterator, noise))
                metrics = {k: self._strategy.reduce(tf.distribute.ReduceOp.MEAN, v, axis=None)
                           for k, v in per_replica.items()}
            noise = next_noise
            completed = i + 1
            if not _finite(metrics):
                break
        return completed, metrics

    def run(self, start: int, count: int) -> Span:
        indices = (self._indices.take(start, count) if self._indices is not None
                   else np.zeros((count, 0), np.int64))
        iterator = self._stream.take(start, count) if self._stream is not None else None
        if not self._traced:
            # Spans differ in length. Traced first for a span of any length,
            # the loop compiles once; traced for the first span's length, it
            # would compile again, for any length, at the second (1.4 s each
            # for goodfellow).
            self._span.get_concrete_function(
                tf.TensorSpec([], tf.int64), tf.TensorSpec([], tf.int32),
                tf.TensorSpec([None, indices.shape[1]], tf.int64), iterator)
            self._traced = True
        completed, metrics = self._span(tf.constant(start, tf.int64),
                                        tf.constant(count, tf.int32), tf.constant(indices),
                                        iterator)
        return _span(completed, metrics)

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        return self.gan.generator(noise, training=False).numpy()

    def sync(self) -> None:
        pass


class StepLoop:
    """One compiled call per iteration, fed by a tf.data iterator: the plain port."""

    def __init__(self, gan: GAN, seed: int, examples: input_pipeline.Examples) -> None:
        self.gan, self._seed = gan, seed
        self._stream = input_pipeline.BatchStream(gan.variant, examples, seed)
        self._iteration = make_train_iteration(gan, seed)

    def run(self, start: int, count: int) -> Span:
        batches = self._stream.take(start, count)
        for i, step in enumerate(range(start, start + count)):
            span = _span(i + 1, self._iteration(next(batches), tf.constant(step, tf.int64)))
            if span.nonfinite_loss():
                break
        return span

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        return self.gan.generator(noise, training=False).numpy()

    def sync(self) -> None:
        pass
