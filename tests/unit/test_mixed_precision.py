"""Mixed precision: products in bfloat16 or float16, everything that keeps
the run's state or decides its losses in float32."""

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core import gan as gan_lib
from tf2gan.variants import VARIANTS


def _real(variant):
    rng = np.random.default_rng(0)
    low = -1.0 if variant.data_scale == "symmetric" else 0.0
    return tf.constant(rng.uniform(low, 1.0, (variant.batch_size, variant.example_dim)),
                       tf.float32)


@pytest.mark.slow
@pytest.mark.parametrize("precision,compute", [("bf16", "bfloat16"), ("fp16", "float16")])
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variables_stay_float32_and_losses_are_float32(name, precision, compute):
    variant = VARIANTS[name]
    gan = gan_lib.make_gan(variant, precision)
    models = (gan.generator, gan.discriminator)
    assert all(v.dtype == tf.float32 for m in models for v in m.trainable_variables)
    assert any(layer.compute_dtype == compute for layer in gan.discriminator.layers)
    iteration = gan_lib.make_train_iteration(gan, seed=0)
    metrics = iteration(_real(variant), tf.constant(0, tf.int64))
    assert all(v.dtype == tf.float32 for v in metrics.values())
    assert all(np.isfinite(float(v)) for v in metrics.values())
    # The outputs losses are taken of (probabilities, logits) come out in float32.
    noise = gan_lib.iteration_noise(variant, 0, tf.constant(0, tf.int64)).d[0]
    assert gan.discriminator(gan.generator(noise)).dtype == tf.float32


def test_fp16_scales_the_loss_and_bf16_does_not():
    fp16 = gan_lib.make_gan(VARIANTS["goodfellow"], "fp16")
    assert isinstance(fp16.d_optimizer, tf.keras.optimizers.LossScaleOptimizer)
    assert float(fp16.d_optimizer.scale_loss(tf.constant(1.0))) > 1.0
    bf16 = gan_lib.make_gan(VARIANTS["goodfellow"], "bf16")
    assert float(bf16.d_optimizer.scale_loss(tf.constant(1.0))) == 1.0


@pytest.mark.slow
@pytest.mark.parametrize("name", ["tf101", "smoothing"])
def test_bf16_follows_the_float32_losses_closely(name):
    # Same initial weights, batch and noise for 30 iterations: bfloat16's
    # 8-bit mantissa moves the losses by a small part of what training does.
    variant = VARIANTS[name]
    tf.keras.utils.set_random_seed(5)
    full = gan_lib.make_gan(variant)
    tf.keras.utils.set_random_seed(5)
    half = gan_lib.make_gan(variant, "bf16")
    for a, b in zip(full.generator.weights + full.discriminator.weights,
                    half.generator.weights + half.discriminator.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    losses = []
    for gan in (full, half):
        iteration = gan_lib.make_train_iteration(gan, seed=0)
        history = [iteration(_real(variant), tf.constant(s, tf.int64)) for s in range(30)]
        losses.append(np.array([[float(m["d_loss"]), float(m["g_loss"])] for m in history]))
    drift = np.abs(losses[1] - losses[0]).max(axis=0)
    movement = np.abs(losses[0] - losses[0][0]).max(axis=0)
    assert np.all(drift < 0.05 * movement), (drift, movement)
