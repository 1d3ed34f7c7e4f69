"""Ways to run a span of iterations: many per compiled call, or one per call.

A trainer's `run(start, count)` performs iterations start .. start+count-1
and returns the last one's metrics. All draw the same batches and the same
noise for the same iteration, so they reach the same weights
(tests/test_loops.py); they differ only in how much Python runs per step.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Protocol

import numpy as np
import tensorflow as tf

from tf2gan import input_pipeline
from tf2gan.gan import Gan, iteration_noise, make_train_iteration, train_step
from tf2gan.noise import Stream, stream_seed

# Images beyond this many bytes stay on the host and stream through tf.data.
DEVICE_DATA_LIMIT = 1 << 30

Metrics = Mapping[str, Any]


class Trainer(Protocol):
    """Runs iterations; `gan` holds the state that checkpoints save."""

    gan: Gan

    def run(self, start: int, count: int) -> Metrics:
        """Iterations start .. start+count-1; the last one's metrics."""

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        """G(noise) for pictures."""

    def sync(self) -> None:
        """Bring `gan` up to date before a checkpoint."""


def _zero_metrics() -> dict[str, tf.Tensor]:
    return {k: tf.constant(0.0) for k in ("d_loss", "d_real", "d_fake", "g_loss")}


class FusedLoop:
    """Many iterations inside one compiled function (a tf.range loop).

    Batches are gathered inside the loop from images held on the device, by
    row indices computed on the host in the pipeline's order; 004's vectors
    are drawn inside the loop; data too large for the device come through a
    tf.data iterator read inside the loop. Noise is drawn inside the loop
    from (seed, step). With jit_compile the whole span compiles with XLA
    (not in the iterator case, which XLA cannot compile).
    """

    def __init__(self, gan: Gan, seed: int, examples: input_pipeline.Examples,
                 jit_compile: bool = False) -> None:
        self.gan, self._seed, self._variant = gan, seed, gan.variant
        variant = gan.variant
        self._images: tf.Tensor | None = None
        self._indices: input_pipeline.BatchIndices | None = None
        self._stream: input_pipeline.BatchStream | None = None
        if examples.images is not None:
            images = input_pipeline.training_images(variant, examples.images)
            if images.nbytes <= DEVICE_DATA_LIMIT:
                self._images = tf.constant(images)
                self._indices = input_pipeline.BatchIndices(len(images), variant.batch_size, seed)
            else:
                self._stream = input_pipeline.BatchStream(variant, examples, seed)
                jit_compile = False
        self._span = tf.function(self._train_span, jit_compile=jit_compile)

    def _real(self, step: tf.Tensor, rows: tf.Tensor | None,
              iterator: Iterator[tf.Tensor] | None) -> tf.Tensor:
        if self._images is not None:
            return input_pipeline.scale_pixels(tf.gather(self._images, rows),
                                               self._variant.data_scale)
        if iterator is not None:
            return next(iterator)
        return input_pipeline.gaussian_real_sample(
            self._variant, self._variant.batch_size, stream_seed(self._seed, Stream.DATA, step))

    def _train_span(self, start: tf.Tensor, count: tf.Tensor, indices: tf.Tensor,
                    iterator: Any = None) -> dict[str, tf.Tensor]:
        metrics = _zero_metrics()
        for i in tf.range(count):
            step = start + tf.cast(i, tf.int64)
            real = self._real(step, indices[i] if self._images is not None else None, iterator)
            d_noise, g_noises = iteration_noise(self._variant, self._seed, step)
            metrics = {k: tf.cast(v, tf.float32)
                       for k, v in train_step(self.gan, real, d_noise, g_noises).items()}
        return metrics

    def run(self, start: int, count: int) -> Metrics:
        indices = (self._indices.take(start, count) if self._indices is not None
                   else np.zeros((count, 0), np.int64))
        iterator = self._stream.take(start, count) if self._stream is not None else None
        return self._span(tf.constant(start, tf.int64), tf.constant(count, tf.int32),
                          tf.constant(indices), iterator)

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        return self.gan.generator(noise, training=False).numpy()

    def sync(self) -> None:
        pass


class StepLoop:
    """One compiled call per iteration, fed by a tf.data iterator: the plain port."""

    def __init__(self, gan: Gan, seed: int, examples: input_pipeline.Examples) -> None:
        self.gan, self._seed = gan, seed
        self._stream = input_pipeline.BatchStream(gan.variant, examples, seed)
        self._iteration = make_train_iteration(gan, seed)

    def run(self, start: int, count: int) -> Metrics:
        batches = self._stream.take(start, count)
        for step in range(start, start + count):
            metrics = self._iteration(next(batches), tf.constant(step, tf.int64))
        return metrics

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        return self.gan.generator(noise, training=False).numpy()

    def sync(self) -> None:
        pass
