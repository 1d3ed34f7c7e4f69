"""The losses compute what the sources wrote, in float32."""

import math

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core import losses
from tf2gan.variants import Loss


def test_minimax_discriminator_loss_is_negated_value_function():
    d_real, d_fake = tf.constant([0.9, 0.6]), tf.constant([0.2, 0.5])
    expected = -np.mean([math.log(0.9) + math.log(0.8), math.log(0.6) + math.log(0.5)])
    assert float(losses.minimax_discriminator_loss(d_real, d_fake)) == pytest.approx(expected)


def test_non_saturating_generator_loss():
    assert float(losses.non_saturating_generator_loss(tf.constant([0.25, 0.5]))) == \
        pytest.approx(-(math.log(0.25) + math.log(0.5)) / 2)


def test_raw_log_loss_is_not_clipped():
    # The originals took tf.log of a probability: a saturated D gives inf.
    assert math.isinf(float(losses.non_saturating_generator_loss(tf.constant([0.0]))))


def test_one_sided_label_smoothing_targets_real_only():
    real, fake = tf.constant([2.0]), tf.constant([-1.0])
    sce = lambda z, y: -(y * math.log(1 / (1 + math.exp(-z)))
                         + (1 - y) * math.log(1 - 1 / (1 + math.exp(-z))))
    got = float(losses.logits_discriminator_loss(real, fake, real_label=0.9))
    assert got == pytest.approx(sce(2.0, 0.9) + sce(-1.0, 0.0), rel=1e-6)
    assert float(losses.logits_generator_loss(fake)) == pytest.approx(sce(-1.0, 1.0), rel=1e-6)


def test_keras2_binary_crossentropy_clips_at_1e7():
    # A certain wrong answer costs -log(1 - clip(1, 1e-7, 1 - 1e-7)), in float32.
    clipped = np.float32(1.0) - np.float32(1e-7)
    assert float(losses.keras2_binary_crossentropy(tf.constant([1.0]), 0.0)) == \
        pytest.approx(-math.log(1.0 - float(clipped)), rel=1e-4)


def test_keras2_discriminator_loss_is_mean_over_concatenated_batch():
    d_real, d_fake = tf.constant([[0.8]]), tf.constant([[0.3], [0.1]])
    expected = -(math.log(0.8) + math.log(0.7) + math.log(0.9)) / 3
    assert float(losses.keras2_discriminator_loss(d_real, d_fake)) == pytest.approx(expected, rel=1e-5)


def test_losses_are_float32_for_bfloat16_inputs():
    loss = losses.non_saturating_generator_loss(tf.constant([1e-30], tf.bfloat16))
    assert loss.dtype == tf.float32
    assert float(loss) == pytest.approx(-math.log(1e-30), rel=1e-2)
    half = losses.logits_generator_loss(tf.constant([-3.0], tf.bfloat16))
    assert half.dtype == tf.float32


def test_logits_family_reads_probability_through_sigmoid():
    pair = losses.gan_loss(Loss("logits", real_label=0.9))
    assert float(pair.probability(tf.constant(0.0))) == pytest.approx(0.5)
    zero = tf.constant([0.0])
    inputs = losses.LossInputs(None, None, zero, zero, zero, zero, tf.zeros([2], tf.int64))
    assert float(pair.discriminator(inputs)) == \
        pytest.approx(float(losses.logits_discriminator_loss(zero, zero, 0.9)))


def test_the_papers_d_cost_is_the_mean_of_its_two_halves_and_g_cost_is_unscaled():
    # AdversaryCost2: d_obj = .5 * (cost(1, D(x)) + cost(0, D(G(z)))), g_obj = cost(1, D(G(z))).
    real, fake = tf.constant([[1.5], [-0.5]]), tf.constant([[0.3], [-2.0]])
    inputs = losses.LossInputs(None, None, real, fake, real, fake, tf.zeros([2], tf.int64))
    paper = losses.gan_loss(Loss("logits", discriminator_scale=0.5))
    bce = lambda logits, label: np.mean(np.logaddexp(0, -logits) if label else
                                        np.logaddexp(0, logits))
    assert float(paper.discriminator(inputs)) == pytest.approx(
        0.5 * (bce(real.numpy(), 1) + bce(fake.numpy(), 0)), rel=1e-6)
    assert float(paper.generator(inputs)) == pytest.approx(bce(fake.numpy(), 1), rel=1e-6)
