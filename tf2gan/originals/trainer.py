"""Training an original inside tf2gan's loop, for side-by-side runs (--impl=original).

The original gets the same batches and the same noise as the variant would
(iteration_noise), runs its own session.run / train_on_batch / tf.function
steps, and hands its weights to a TF2 GAN of the same shape whenever a
checkpoint is written, so that an original's run directory reads like any other.

It starts from its own initialisers' draw, or from the weights tf2gan's
variant draws for the same seed: the first answers whether tf2gan's
initialisers are faithful, the second whether its execution is.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from tf2gan.core.gan import GAN, iteration_noise, make_gan
from tf2gan.core.loops import Span
from tf2gan.data import input_pipeline
from tf2gan.originals import make_original
from tf2gan.variants import Variant


class OriginalTrainer:
    """A loops.Trainer that runs the original one iteration at a time, as its
    source stepped (session.run per half-step, train_on_batch, or the DCGAN
    tutorial's train_step)."""

    def __init__(self, variant: Variant, seed: int, examples: input_pipeline.Examples,
                 initial_weights: str = "own", dtype: tf.DType = tf.float32,
                 init_seed: int | None = None) -> None:
        """initial_weights: "own" (the original's initialisers) or "tf2" (the
        weights make_gan draws, which are tf2gan's for the same seed when the
        process was seeded as main seeds it). init_seed, if given, seeds the
        original's graph (its own draw) in place of `seed`; batches and noise
        follow `seed` either way."""
        self.variant, self.seed = variant, seed
        self.gan: GAN = make_gan(variant)
        self.original = make_original(variant.name, seed if init_seed is None else init_seed,
                                        dtype)
        if initial_weights == "tf2":
            self.original.set_weights(*(model.get_weights() for model in
                                         (self.gan.generator, self.gan.discriminator)))
        self._stream = input_pipeline.BatchStream(variant, examples, seed)

    def run(self, start: int, count: int) -> Span:
        batches = self._stream.take(start, count)
        for i, step in enumerate(range(start, start + count)):
            draws = iteration_noise(self.variant, self.seed, tf.constant(step, tf.int64))
            metrics = self.original.train_iteration(next(batches).numpy(), draws.d.numpy(),
                                                     draws.g.numpy())
            span = Span(i + 1, metrics)
            if span.nonfinite_loss():
                break
        return span

    def generate(self, noise: tf.Tensor) -> np.ndarray:
        return self.original.generate(np.asarray(noise))

    def sync(self) -> None:
        generator, discriminator = self.original.get_weights()
        self.gan.generator.set_weights(generator)
        self.gan.discriminator.set_weights(discriminator)
