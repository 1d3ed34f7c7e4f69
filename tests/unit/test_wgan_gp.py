"""A gradient-penalty GAN is configuration plus one loss function.

WGAN-GP (Gulrajani et al. 2017, Algorithm 1) needs what no tutorial
variant does: a critic loss that calls D on points between the real and the
generated batch, and five critic updates per G update. Written here, outside
the package, it trains through the package's own loop.
"""

import dataclasses

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core import gan, losses
from tf2gan.core.losses import GanLoss, LossInputs
from tf2gan.run import checkpoints, train
from tf2gan.variants import TF101, Adam, Layer, Loss, Schedule

PENALTY_WEIGHT = 10.0  # lambda of Algorithm 1
CRITIC_STEPS = 5  # n_critic of Algorithm 1


def gradient_penalty(inputs: LossInputs) -> tf.Tensor:
    """E[(||grad D(x_hat)|| - 1)^2] at x_hat uniformly between x and G(z)."""
    real = tf.cast(inputs.real, inputs.fake.dtype)
    shares = tf.random.stateless_uniform((tf.shape(real)[0], 1), inputs.key, dtype=real.dtype)
    between = shares * real + (1.0 - shares) * inputs.fake
    with tf.GradientTape() as tape:
        tape.watch(between)
        critic = inputs.discriminator(between)
    slopes = tf.norm(tape.gradient(critic, between), axis=1)
    return tf.reduce_mean((slopes - 1.0) ** 2)


def wasserstein_gp(loss: Loss, weight: float = PENALTY_WEIGHT) -> GanLoss:
    """The critic's E[D(G(z))] - E[D(x)] + lambda * penalty; G's -E[D(G(z))]."""
    return GanLoss(
        discriminator=lambda inputs: (tf.reduce_mean(inputs.d_fake) - tf.reduce_mean(inputs.d_real)
                                      + weight * gradient_penalty(inputs)),
        generator=lambda inputs: -tf.reduce_mean(inputs.d_fake),
        probability=tf.sigmoid)  # a critic has no probability; its sigmoid is only logged


WGAN_GP = dataclasses.replace(
    TF101, name="wgan_gp", source="Gulrajani et al. 2017, Algorithm 1, on tf101's MLPs",
    discriminator=dataclasses.replace(TF101.discriminator,
                                      layers=(Layer(128, "relu"), Layer(1, "linear"))),
    loss=Loss("wasserstein_gp"),
    optimizer=Adam(d_learning_rate=1e-4, g_learning_rate=1e-4, beta_1=0.0, beta_2=0.9),
    schedule=Schedule(d_steps=CRITIC_STEPS),
    batch_size=64, steps=None, epochs=1)


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(losses.LOSSES, "wasserstein_gp", wasserstein_gp)


def test_the_critic_loss_is_handed_the_critic_and_both_batches(registered):
    # A linear critic's gradient is its kernel everywhere, so the penalty is
    # (|w| - 1)^2 whatever the batches: the loss can be checked by hand.
    linear = dataclasses.replace(WGAN_GP, discriminator=dataclasses.replace(
        WGAN_GP.discriminator, layers=(Layer(1, "linear"),)))
    model = gan.make_gan(linear)
    real = tf.random.stateless_uniform((64, 784), (1, 2))
    fake = model.generator(tf.random.stateless_uniform((64, 128), (3, 4), -1.0, 1.0))
    kernel, bias = (w.numpy() for w in model.discriminator.weights)
    expected = (np.mean(fake.numpy() @ kernel) - np.mean(real.numpy() @ kernel)
                + PENALTY_WEIGHT * (np.linalg.norm(kernel) - 1.0) ** 2)
    metrics = gan.discriminator_update(model, real, fake, tf.constant([5, 6], tf.int64))
    assert float(metrics["d_loss"]) == pytest.approx(expected, rel=1e-5)
    # The penalty's gradient reaches D: without it, the same update moves D elsewhere.
    unpenalised = gan.make_gan(linear)
    unpenalised.discriminator.set_weights([kernel, bias])
    unpenalised.gan_loss = wasserstein_gp(linear.loss, weight=0.0)
    gan.discriminator_update(unpenalised, real, fake, tf.constant([5, 6], tf.int64))
    moved = [w.numpy() - kernel for w in (model.discriminator.weights[0],
                                          unpenalised.discriminator.weights[0])]
    assert np.abs(moved[0]).max() > 0 and np.abs(moved[1]).max() > 0
    assert not np.allclose(moved[0], moved[1], rtol=1e-3, atol=0)


@pytest.mark.slow
def test_a_wgan_gp_variant_trains_through_the_package_loop(registered, tmp_path):
    steps = 12
    settings = train.RunSettings(run_dir=str(tmp_path), dataset="mnist_sample", steps=steps,
                                 checkpoint_every=steps, steps_per_call=4)
    metrics = train.train(WGAN_GP, settings)
    assert np.isfinite([metrics["d_loss"], metrics["g_loss"]]).all()
    trained = gan.make_gan(WGAN_GP)
    assert checkpoints.Saver(trained, str(tmp_path)).restore(say=lambda _: None) == steps
    # n_critic: five critic updates for every G update
    assert int(trained.d_optimizer.iterations) == CRITIC_STEPS * steps
    assert int(trained.g_optimizer.iterations) == steps
