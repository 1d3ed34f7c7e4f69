"""Parity: does a variant compute what its original computed?

The command: tf2gan/commands/parity.py.

Step parity drives one training step of each side with the same synthetic
batches and noise. End-to-end parity runs the trainers `tf2gan.main` builds
for `--impl=tf2` (the fused loop, its towers, the device-side batches and
the noise drawn inside the loop one iteration ahead) and for `--impl=original
--initial_weights=tf2` (the original's session.run steps fed by the tf.data
pipeline and noise drawn in Python), each seeded as main seeds it, over
spans of uneven length as training runs them, and compares the weights
after every span. Both start from the same weights and see the same data;
every parameter is compared, and the largest difference, relative to the
largest value of its tensor, is printed.

float64 is the check: in float32 the two agree to ~1e-6 for tf101, but
where a parameter's Adam momentum passes through zero (the biases of
goodfellow and smoothing), last-bit differences in a sum decide the sign of
an update of size lr, and float32 runs drift apart by up to a few percent of
such a tensor within 20 steps. That says nothing about whether the two
compute the same thing. In float64 one more thing must go: TF1's
AdamOptimizer and Keras 3's Adam both round beta_1 and beta_2 to float32
even for float64 variables (a 6.7e-6 relative error in the first step), so
the float64 check hands both the exact betas.

Dropout masks (003's, dcgan's) are random inside both sides; parity pins
them: both sides replace the mask draw by the same stateless draw, keyed by
the size of the layer's output and the same for every row (the variant runs D on x and
G(z) as one batch cut into towers, the original in two calls), and keep
their own rate (003's dropout_rate 0.7 against its original's keep_prob .3),
so the rate and the scaling are still compared.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Iterator

import numpy as np
import tensorflow as tf

from tf2gan import variants
from tf2gan.base import extras
from tf2gan.core import gan as gan_lib
from tf2gan.core.noise import sample_prior_numpy
from tf2gan.data import input_pipeline, kinds
from tf2gan.originals import make_original
from tf2gan.variants import Variant


@dataclasses.dataclass(frozen=True)
class ParityResult:
    variant: str
    dtype: str
    iterations: int
    worst_relative: float  # max over tensors of max|ours - theirs| / max|theirs|
    worst_tensor: str
    moved: float  # how far G's first kernel moved, relative: the check has teeth


def _pinned_dropout(x: tf.Tensor, keep: float) -> tf.Tensor:
    """Dropout whose mask is one fixed draw per layer shape, the same for every row.

    The same for every row, the mask does not depend on how a batch is laid
    out: an original may run D on x and on G(z) in two calls, the variant in
    one, cut into towers. The keep probability is still each side's own.
    """
    shape = (1,) + tuple(int(n) for n in x.shape[1:])
    u = tf.random.stateless_uniform(shape, seed=[int(np.prod(shape)), 0], dtype=x.dtype)
    return tf.where(u >= 1.0 - keep, x / keep, tf.zeros_like(x))


@contextlib.contextmanager
def pinned_masks() -> Iterator[None]:
    """Every dropout of both sides draws its mask by _pinned_dropout: Keras'
    Dropout in training calls (and the variants' AlwaysOnDropout, which is
    one) and TF1's tf.nn.dropout as 003 called it (keep .3)."""
    keras_call, tf1_dropout = tf.keras.layers.Dropout.call, tf.compat.v1.nn.dropout
    tf.keras.layers.Dropout.call = (lambda self, x, training=None:
                                    _pinned_dropout(x, 1 - self.rate) if training else x)
    tf.compat.v1.nn.dropout = lambda x, keep_prob, **kwargs: _pinned_dropout(x, keep_prob)
    try:
        yield
    finally:
        tf.keras.layers.Dropout.call, tf.compat.v1.nn.dropout = keras_call, tf1_dropout


@contextlib.contextmanager
def precision(dtype: tf.DType) -> Iterator[None]:
    """Keras builds in `dtype`; in float64, the originals' Adams get float64
    hyperparameters (TF1's AdamOptimizer, tf_keras' legacy Adam and Keras 3's
    Adam all pass Python floats through float32 otherwise; tf2gan's
    FusedAdam does not)."""
    floatx, policy = tf.keras.config.floatx(), tf.keras.config.dtype_policy()
    patched: list[tuple[type, object]] = []

    def exact(cls: type, names: tuple[str, ...]) -> None:
        init = cls.__init__

        def exact_init(self, *args, **kwargs):
            for name in names:
                if isinstance(kwargs.get(name), float):
                    kwargs[name] = tf.constant(kwargs[name], tf.float64)
            init(self, *args, **kwargs)

        patched.append((cls, init))
        cls.__init__ = exact_init

    if dtype == tf.float64:
        tf_keras = extras.require("tf_keras")

        def exact_tf1_adam(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                           **kwargs):
            f64 = lambda x: tf.constant(x, tf.float64)
            tf1_adam_init(self, f64(learning_rate), f64(beta1), f64(beta2), f64(epsilon),
                          **kwargs)

        tf1_adam = tf.compat.v1.train.AdamOptimizer
        tf1_adam_init = tf1_adam.__init__
        patched.append((tf1_adam, tf1_adam_init))
        tf1_adam.__init__ = exact_tf1_adam
        exact(tf_keras.optimizers.legacy.Adam, ("lr", "learning_rate", "beta_1", "beta_2"))

        keras_adam = tf.keras.optimizers.Adam
        keras_adam_init = keras_adam.__init__

        def exact_keras_adam(self, *args, **kwargs):
            keras_adam_init(self, *args, **kwargs)
            if type(self) is keras_adam:  # FusedAdam, a subclass, needs nothing
                self.beta_1, self.beta_2 = (tf.constant(beta, tf.float64)
                                            for beta in (self.beta_1, self.beta_2))

        patched.append((keras_adam, keras_adam_init))
        keras_adam.__init__ = exact_keras_adam
    tf.keras.config.set_floatx(dtype.name)
    tf.keras.config.set_dtype_policy(dtype.name)  # a policy cached earlier would stay
    try:
        yield
    finally:
        for cls, init in patched:
            cls.__init__ = init
        tf.keras.config.set_floatx(floatx)
        tf.keras.config.set_dtype_policy(policy)


def _feeds(variant: Variant, iterations: int, rng: np.random.Generator):
    """(real, D's noises, G's noises) per iteration, drawn as the sources drew them."""
    prior = lambda *shape: sample_prior_numpy(variant.noise, shape, rng)

    shape = (variant.batch_size, variant.example_dim)
    for _ in range(iterations):
        real = kinds.of(variant).stand_in(variant, rng, shape)
        schedule = variant.schedule
        d_noises = prior(schedule.d_steps, variant.batch_size, variant.noise.dim)
        fresh = prior(schedule.g_steps - schedule.reuse_noise, variant.batch_size,
                      variant.noise.dim)
        yield real, d_noises, np.concatenate([d_noises[-1:], fresh]) if schedule.reuse_noise \
            else fresh


def run_parity(name: str, dtype: tf.DType = tf.float64, iterations: int = 20,
               seed: int = 0, batch_size: int | None = None) -> ParityResult:
    """Train variant `name` and its original side by side; compare every parameter.

    batch_size, if given, replaces the variant's: the step is the same code
    for any batch, and a convolutional GAN's float64 step on a small batch
    takes a test seconds, not minutes."""
    variant = variants.get(name)
    if batch_size:
        variant = dataclasses.replace(variant, batch_size=batch_size)
    updates = variant.schedule.d_steps + variant.schedule.g_steps
    with precision(dtype), pinned_masks():
        gan = gan_lib.make_gan(variant)
        original = make_original(name, seed, dtype)
        start = gan.generator.get_weights()
        original.set_weights(start, gan.discriminator.get_weights())
        step = tf.function(lambda real, d, g: gan_lib.train_step(
            gan, real, gan_lib.Draws(d, g, tf.zeros((updates, 2), tf.int64))))
        for real, d_noises, g_noises in _feeds(variant, iterations, np.random.default_rng(seed)):
            real, d_noises, g_noises = (np.asarray(a, dtype.as_numpy_dtype)
                                        for a in (real, d_noises, g_noises))
            step(real, d_noises, g_noises)
            original.train_iteration(real, d_noises, g_noises)
    g_theirs, d_theirs = original.get_weights()
    ours = gan.generator.weights + gan.discriminator.weights
    relative = [float(np.max(np.abs(v.numpy() - t)) / max(np.max(np.abs(t)), 1e-30))
                for v, t in zip(ours, g_theirs + d_theirs)]
    worst = int(np.argmax(relative))
    moved = float(np.max(np.abs(g_theirs[0] - start[0])) / np.max(np.abs(start[0])))
    return ParityResult(name, dtype.name, iterations, relative[worst], ours[worst].path, moved)


def _relative_differences(ours: list[np.ndarray], theirs: list[np.ndarray]) -> list[float]:
    return [float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30))
            for a, b in zip(ours, theirs)]


@dataclasses.dataclass(frozen=True)
class EndToEndResult:
    variant: str
    iterations: int
    spans: int
    towers: int
    worst_relative: float  # after the last span
    worst_tensor: str
    # The first span end (iterations done) where some tensor differed by more
    # than `tolerance` of its scale; None if they tracked to the end.
    diverged_at: int | None
    tolerance: float
    moved: float  # how far G's first kernel moved, relative
    # With a control: tf2gan against itself with another tower count, which
    # sums the same products in another order. Where it too parts beyond the
    # tolerance, the training dynamics amplify rounding, whatever the code.
    control_diverged_at: int | None = None
    control_worst_relative: float | None = None


# Spans of uneven length, as a run's spans are: single iterations and long stretches.
SPAN_PATTERN = (1, 7, 17, 3, 40, 1, 64)


def span_lengths(iterations: int) -> list[int]:
    """SPAN_PATTERN repeated until `iterations` are covered, the last span cut short."""
    lengths, done = [], 0
    while done < iterations:
        count = min(iterations - done, SPAN_PATTERN[len(lengths) % len(SPAN_PATTERN)])
        lengths.append(count)
        done += count
    return lengths


def _variables(trainer) -> list[tf.Variable]:
    """G's then D's variables, in the order of the originals' get_weights():
    BatchNormalization's moving statistics too, which a step also changes."""
    return trainer.gan.generator.weights + trainer.gan.discriminator.weights


def _weights(trainer) -> list[np.ndarray]:
    return [v.numpy() for v in _variables(trainer)]


def run_end_to_end(name: str, examples: input_pipeline.Examples, iterations: int = 300,
                   seed: int = 0, towers: int | None = None, tolerance: float = 1e-6,
                   batch_size: int | None = None, control: bool = False) -> EndToEndResult:
    """tf2gan's trainer and the original's, as main builds them, from one start, in float64.

    towers=None takes two where the batch divides and the networks allow;
    batch_size, if given, replaces the variant's (as for run_parity);
    control: also run tf2gan with the other tower count (1 or 2) beside them.
    """
    from tf2gan.originals.trainer import OriginalTrainer
    from tf2gan.run.settings import RunSettings
    from tf2gan.run.train import make_trainer

    variant = variants.get(name)
    if batch_size:
        variant = dataclasses.replace(variant, batch_size=batch_size)
    if towers is None:
        towers = 2 if variant.rows_independent and variant.batch_size % 2 == 0 else 1
    settings = RunSettings(run_dir="", dataset=examples.name, seed=seed, towers=towers)
    with precision(tf.float64), pinned_masks():
        tf.keras.utils.set_random_seed(seed)  # as tf2gan.main seeds the process
        ours = make_trainer(variant, settings, examples)
        tf.keras.utils.set_random_seed(seed)
        theirs = OriginalTrainer(variant, seed, examples, initial_weights="tf2",
                                  dtype=tf.float64)
        trainers = [ours, theirs]
        if control:
            tf.keras.utils.set_random_seed(seed)
            trainers.append(make_trainer(variant, dataclasses.replace(
                settings, towers=1 if towers > 1 else 2), examples))
        start = _weights(ours)[0]
        done, diverged = 0, [None, None]
        lengths = span_lengths(iterations)
        for count in lengths:
            for trainer in trainers:
                trainer.run(done, count)
            done += count
            g_theirs, d_theirs = theirs.original.get_weights()
            relative = _relative_differences(_weights(ours), g_theirs + d_theirs)
            compared = [relative]
            if control:
                compared.append(_relative_differences(_weights(trainers[2]), _weights(ours)))
            for i, differences in enumerate(compared):
                if diverged[i] is None and max(differences) > tolerance:
                    diverged[i] = done
    worst = int(np.argmax(relative))
    moved = float(np.max(np.abs(g_theirs[0] - start)) / np.max(np.abs(start)))
    return EndToEndResult(name, iterations, len(lengths), towers, relative[worst],
                          _variables(ours)[worst].path,
                          diverged[0], tolerance, moved, diverged[1] if control else None,
                          max(compared[1]) if control else None)
