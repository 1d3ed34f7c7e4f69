"""Step parity: each TF2 variant computes what its original computed.

Both start from the same weights and are fed the same batches and noise
for 20 iterations; then every parameter must agree.

They run in float64. In float32 the two agree to ~1e-6 for tf101, but where
a parameter's Adam momentum passes through zero (the biases of goodfellow
and smoothing), last-bit differences in summation order decide the sign of
an update of size lr, so float32 runs drift apart by up to a few percent of
such a tensor within 20 steps. That says nothing about whether the two
compute the same thing, so the check takes rounding out of it. In float64
one more thing must go: both TF1's AdamOptimizer and Keras 3's Adam round
beta_1 and beta_2 to float32 even for float64 variables (a 6.7e-6 relative
error in the first step); the check hands both the exact float64 betas.

003's dropout masks are random inside both graphs; here they are pinned:
both sides replace the mask draw by the same stateless draw, keyed by the
layer's width, and keep their own rate (the variant's dropout_rate 0.7,
the original's keep_prob .3), so the rate and the scaling are still checked.
"""

import numpy as np
import pytest
import tensorflow as tf

from tf2gan import gan as gan_lib
from tf2gan import models
from tf2gan.configs import VARIANTS
from tf2gan.reference import make_reference
from tf2gan.reference import tf1_dropout

ITERATIONS = 20
RTOL = 1e-5


def _pinned_mask(x: tf.Tensor, keep: float) -> tf.Tensor:
    u = tf.random.stateless_uniform(tf.shape(x), seed=[int(x.shape[-1]), 0], dtype=x.dtype)
    return tf.where(u >= 1.0 - keep, x / keep, tf.zeros_like(x))


def _f64(x):
    return tf.constant(x, tf.float64)


@pytest.fixture
def float64(monkeypatch):
    """Keras builds in float64; TF1's AdamOptimizer gets float64 hyperparameters."""
    adam_init = tf.compat.v1.train.AdamOptimizer.__init__

    def exact_adam(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, **kwargs):
        adam_init(self, _f64(learning_rate), _f64(beta1), _f64(beta2), _f64(epsilon), **kwargs)

    monkeypatch.setattr(tf.compat.v1.train.AdamOptimizer, "__init__", exact_adam)
    floatx, policy = tf.keras.config.floatx(), tf.keras.config.dtype_policy()
    tf.keras.config.set_floatx("float64")
    tf.keras.config.set_dtype_policy("float64")  # else a policy cached earlier stays float32
    yield tf.float64
    tf.keras.config.set_floatx(floatx)
    tf.keras.config.set_dtype_policy(policy)


def _exact_betas(gan):
    for optimizer in {id(o): o for o in (gan.d_optimizer, gan.g_optimizer)}.values():
        optimizer.beta_1 = _f64(optimizer.beta_1)
        optimizer.beta_2 = _f64(optimizer.beta_2)


@pytest.fixture
def pinned_dropout(monkeypatch):
    monkeypatch.setattr(models.AlwaysOnDropout, "call",
                        lambda self, x, training=None: _pinned_mask(x, 1.0 - self.rate))


def _original(name, dtype):
    if name == "dropout":
        return tf1_dropout.Dropout(seed=1, dtype=dtype, dropout=lambda x: _pinned_mask(x, .3))
    return make_reference(name, seed=1, dtype=dtype)


def _batches(variant, rng):
    """(real, D's noise, G's noises) for each iteration, drawn as the sources drew them."""
    def prior(*shape):
        if variant.noise.kind == "normal":
            return rng.normal(size=shape)
        return rng.uniform(variant.noise.low, variant.noise.high, shape)

    for _ in range(ITERATIONS):
        shape = (variant.batch_size, variant.example_dim)
        if variant.data == "gaussian":
            real = rng.normal(variant.gaussian_mean, variant.gaussian_stddev, shape)
        else:
            real = rng.uniform(-1.0 if variant.data_scale == "symmetric" else 0.0, 1.0, shape)
        d_noise = prior(variant.batch_size, variant.noise.dim)
        g_noises = (d_noise[np.newaxis] if variant.reuse_noise_for_g
                    else prior(variant.g_steps, variant.batch_size, variant.noise.dim))
        yield real, d_noise, g_noises


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_and_original_agree_after_20_iterations(name, float64, pinned_dropout):
    variant = VARIANTS[name]
    gan = gan_lib.make_gan(variant)
    assert gan.generator.trainable_variables[0].dtype == "float64"
    _exact_betas(gan)
    original = _original(name, float64)
    original.set_weights([v.numpy() for v in gan.generator.trainable_variables],
                         [v.numpy() for v in gan.discriminator.trainable_variables])
    step = tf.function(lambda *args: gan_lib.train_step(gan, *args))

    for real, d_noise, g_noises in _batches(variant, np.random.default_rng(0)):
        ours = step(real, d_noise, g_noises)
        theirs = original.train_discriminator(real, d_noise)
        for g_noise in g_noises:
            theirs["g_loss"] = original.train_generator(g_noise)
        for key, value in theirs.items():
            assert float(ours[key]) == pytest.approx(value, rel=RTOL), key

    g_theirs, d_theirs = original.get_weights()
    for ours_var, theirs in zip(gan.generator.trainable_variables
                                + gan.discriminator.trainable_variables, g_theirs + d_theirs):
        np.testing.assert_allclose(ours_var.numpy(), theirs, rtol=RTOL,
                                   atol=RTOL * np.abs(theirs).max(), err_msg=ours_var.path)
    # The check has teeth: the weights moved away from where both started.
    assert not np.allclose(g_theirs[0], gan_lib.make_gan(variant).generator.trainable_variables[0])
