"""Step parity: does a variant compute what its original computed?

python -m tf2gan.parity --variant=V [--dtype=float64|float32] [--iterations=20]

Both start from the same weights and are fed the same batches and noise;
after the iterations every parameter is compared, and the largest
difference, relative to the largest value of its tensor, is printed.

float64 is the check: in float32 the two agree to ~1e-6 for tf101, but
where a parameter's Adam momentum passes through zero (the biases of
goodfellow and smoothing), last-bit differences in a sum decide the sign of
an update of size lr, and float32 runs drift apart by up to a few percent of
such a tensor within 20 steps. That says nothing about whether the two
compute the same thing. In float64 one more thing must go: TF1's
AdamOptimizer and Keras 3's Adam both round beta_1 and beta_2 to float32
even for float64 variables (a 6.7e-6 relative error in the first step), so
the float64 check hands both the exact betas.

003's dropout masks are random inside both graphs; parity pins them: both
sides replace the mask draw by the same stateless draw, keyed by the
layer's width and repeated every batch_size rows (the variant runs D on x
and G(z) as one batch, the original in two calls), and keep their own rate (the variant's dropout_rate 0.7, the
original's keep_prob .3), so the rate and the scaling are still compared.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Iterator, Sequence

import numpy as np
import tensorflow as tf
from absl import flags

from tf2gan import cli, models
from tf2gan import gan as gan_lib
from tf2gan.configs import VARIANTS, Variant
from tf2gan.reference import make_reference, tf1_dropout
from tf2gan.reference.base import Reference


@dataclasses.dataclass(frozen=True)
class ParityResult:
    variant: str
    dtype: str
    iterations: int
    worst_relative: float  # max over tensors of max|ours - theirs| / max|theirs|
    worst_tensor: str
    moved: float  # how far G's first kernel moved, relative: the check has teeth


def _pinned_dropout(x: tf.Tensor, keep: float, batch: int) -> tf.Tensor:
    """Dropout whose mask is a fixed [batch, width] draw, repeated down the rows.

    The original runs D on x and on G(z) in two calls of `batch` rows; the
    variant runs them as one call of 2 * batch rows. Repeating the mask per
    `batch` rows gives both sides the same mask for the same example.
    """
    width = int(x.shape[-1])
    u = tf.random.stateless_uniform((batch, width), seed=[width, 0], dtype=x.dtype)
    u = tf.tile(u, [tf.shape(x)[0] // batch, 1])
    return tf.where(u >= 1.0 - keep, x / keep, tf.zeros_like(x))


@contextlib.contextmanager
def _pinned_masks(batch: int) -> Iterator[None]:
    original_call = models.AlwaysOnDropout.call
    models.AlwaysOnDropout.call = (
        lambda self, x, training=None: _pinned_dropout(x, 1 - self.rate, batch))
    try:
        yield
    finally:
        models.AlwaysOnDropout.call = original_call


@contextlib.contextmanager
def precision(dtype: tf.DType) -> Iterator[None]:
    """Keras builds in `dtype`; in float64, TF1's Adam gets float64 hyperparameters."""
    floatx, policy = tf.keras.config.floatx(), tf.keras.config.dtype_policy()
    adam_init = tf.compat.v1.train.AdamOptimizer.__init__
    if dtype == tf.float64:
        def exact_adam(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                       **kwargs):
            f64 = lambda x: tf.constant(x, tf.float64)
            adam_init(self, f64(learning_rate), f64(beta1), f64(beta2), f64(epsilon), **kwargs)

        tf.compat.v1.train.AdamOptimizer.__init__ = exact_adam
    tf.keras.config.set_floatx(dtype.name)
    tf.keras.config.set_dtype_policy(dtype.name)  # a policy cached earlier would stay
    try:
        yield
    finally:
        tf.compat.v1.train.AdamOptimizer.__init__ = adam_init
        tf.keras.config.set_floatx(floatx)
        tf.keras.config.set_dtype_policy(policy)


def _original(name: str, seed: int, dtype: tf.DType) -> Reference:
    if name == "dropout":
        batch = VARIANTS[name].batch_size
        return tf1_dropout.Dropout(seed, dtype, dropout=lambda x: _pinned_dropout(x, .3, batch))
    return make_reference(name, seed, dtype)


def _feeds(variant: Variant, iterations: int, rng: np.random.Generator):
    """(real, D's noise, G's noises) per iteration, drawn as the sources drew them."""
    def prior(*shape):
        if variant.noise.kind == "normal":
            return rng.normal(size=shape)
        return rng.uniform(variant.noise.low, variant.noise.high, shape)

    shape = (variant.batch_size, variant.example_dim)
    for _ in range(iterations):
        if variant.data == "gaussian":
            real = rng.normal(variant.gaussian_mean, variant.gaussian_stddev, shape)
        else:
            real = rng.uniform(-1.0 if variant.data_scale == "symmetric" else 0.0, 1.0, shape)
        d_noise = prior(variant.batch_size, variant.noise.dim)
        g_noises = (d_noise[np.newaxis] if variant.reuse_noise_for_g
                    else prior(variant.g_steps, variant.batch_size, variant.noise.dim))
        yield real, d_noise, g_noises


def run_parity(name: str, dtype: tf.DType = tf.float64, iterations: int = 20,
               seed: int = 0) -> ParityResult:
    """Train variant `name` and its original side by side; compare every parameter."""
    variant = VARIANTS[name]
    with precision(dtype), _pinned_masks(variant.batch_size):
        gan = gan_lib.make_gan(variant)
        if dtype == tf.float64:
            for optimizer in {id(o): o for o in (gan.d_optimizer, gan.g_optimizer)}.values():
                optimizer.beta_1 = tf.constant(optimizer.beta_1, tf.float64)
                optimizer.beta_2 = tf.constant(optimizer.beta_2, tf.float64)
        original = _original(name, seed, dtype)
        start = [v.numpy() for v in gan.generator.trainable_variables]
        original.set_weights(start, [v.numpy() for v in gan.discriminator.trainable_variables])
        step = tf.function(lambda *args: gan_lib.train_step(gan, *args))
        for real, d_noise, g_noises in _feeds(variant, iterations, np.random.default_rng(seed)):
            real, d_noise, g_noises = (np.asarray(a, dtype.as_numpy_dtype)
                                       for a in (real, d_noise, g_noises))
            step(real, d_noise, g_noises)
            original.train_discriminator(real, d_noise)
            for g_noise in g_noises:
                original.train_generator(g_noise)
    g_theirs, d_theirs = original.get_weights()
    ours = gan.generator.trainable_variables + gan.discriminator.trainable_variables
    relative = [float(np.max(np.abs(v.numpy() - t)) / max(np.max(np.abs(t)), 1e-30))
                for v, t in zip(ours, g_theirs + d_theirs)]
    worst = int(np.argmax(relative))
    moved = float(np.max(np.abs(g_theirs[0] - start[0])) / np.max(np.abs(start[0])))
    return ParityResult(name, dtype.name, iterations, relative[worst], ours[worst].path, moved)


def main(argv: Sequence[str]) -> None:
    del argv
    args = flags.FLAGS
    result = run_parity(args.variant, tf.as_dtype(args.dtype), args.iterations, args.seed)
    print(f"{result.variant} ({result.dtype}, {result.iterations} iterations): largest "
          f"difference {result.worst_relative:.2e} of its tensor's scale, in "
          f"{result.worst_tensor}; G's first kernel moved {result.moved:.2e}")


def define_flags() -> None:
    flags.DEFINE_enum("variant", "goodfellow", list(VARIANTS), "Which variant to check.")
    flags.DEFINE_enum("dtype", "float64", ["float64", "float32"], "Precision of both sides.")
    flags.DEFINE_integer("iterations", 20, "Iterations to run.", lower_bound=1)
    flags.DEFINE_integer("seed", 0, "Seeds the weights, batches and noise.")


if __name__ == "__main__":
    define_flags()
    cli.run(main)
