"""A few iterations on tiny data: finite losses, and each half-step moves
only its own network."""

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core import gan as gan_lib
from tf2gan.variants import VARIANTS


def _snapshot(model):
    return [v.numpy().copy() for v in model.trainable_variables]


def _changed(before, model):
    return [not np.array_equal(b, v.numpy()) for b, v in zip(before, model.trainable_variables)]


def _real(variant, seed=0):
    rng = np.random.default_rng(seed)
    low = -1.0 if variant.data_scale == "symmetric" else 0.0
    return tf.constant(rng.uniform(low, 1.0, (variant.batch_size, variant.example_dim)), tf.float32)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_discriminator_update_changes_every_d_variable_and_no_g_variable(name):
    variant = VARIANTS[name]
    gan = gan_lib.make_gan(variant)
    d0, g0 = _snapshot(gan.discriminator), _snapshot(gan.generator)
    draws = gan_lib.iteration_noise(variant, 0, tf.constant(0, tf.int64))
    metrics = gan_lib.discriminator_update(gan, _real(variant), gan.g(draws.d[0]), draws.keys[0])
    assert all(_changed(d0, gan.discriminator))
    assert not any(_changed(g0, gan.generator))
    assert np.isfinite(float(metrics["d_loss"]))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_generator_update_changes_every_g_variable_and_no_d_variable(name):
    variant = VARIANTS[name]
    gan = gan_lib.make_gan(variant)
    d0, g0 = _snapshot(gan.discriminator), _snapshot(gan.generator)
    draws = gan_lib.iteration_noise(variant, 0, tf.constant(0, tf.int64))
    g_loss, _ = gan_lib.generator_update(gan, _real(variant), draws.g[0], draws.keys[-1])
    assert all(_changed(g0, gan.generator))
    assert not any(_changed(d0, gan.discriminator))
    assert np.isfinite(float(g_loss))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_compiled_iterations_give_finite_losses(name):
    variant = VARIANTS[name]
    gan = gan_lib.make_gan(variant)
    iteration = gan_lib.make_train_iteration(gan, seed=0)
    for step in range(3):
        metrics = iteration(_real(variant, step), tf.constant(step, tf.int64))
    assert all(np.isfinite(float(v)) for v in metrics.values())
    assert 0.0 <= float(metrics["d_real"]) <= 1.0


@pytest.mark.slow
def test_gaussian1d_shares_one_adam_step_counter_across_d_and_g():
    # 004 compiled D and GD with the same Keras 2 `adam`: 1 D + 5 G updates
    # advance the bias-correction counter by 6 per iteration.
    gan = gan_lib.make_gan(VARIANTS["gaussian1d"])
    assert gan.d_optimizer is gan.g_optimizer
    iteration = gan_lib.make_train_iteration(gan, seed=0)
    for step in range(2):
        iteration(_real(VARIANTS["gaussian1d"]), tf.constant(step, tf.int64))
    assert int(gan.d_optimizer.iterations.numpy()) == 12


def test_separate_optimisers_count_their_own_updates():
    gan = gan_lib.make_gan(VARIANTS["tf101"])
    iteration = gan_lib.make_train_iteration(gan, seed=0)
    iteration(_real(VARIANTS["tf101"]), tf.constant(0, tf.int64))
    assert int(gan.d_optimizer.iterations.numpy()) == 1
    assert int(gan.g_optimizer.iterations.numpy()) == 1
    assert gan.d_optimizer.learning_rate.numpy() == pytest.approx(5e-4)
    assert gan.g_optimizer.learning_rate.numpy() == pytest.approx(1e-4)


@pytest.mark.parametrize("name,reused", [("goodfellow", True), ("smoothing", True),
                                         ("tf101", False), ("dropout", False)])
def test_g_step_reuses_d_noise_only_where_the_source_did(name, reused):
    draws = gan_lib.iteration_noise(VARIANTS[name], 0, tf.constant(5, tf.int64))
    assert np.array_equal(draws.d[-1].numpy(), draws.g[0].numpy()) == reused


def test_noise_priors_match_sources():
    step = tf.constant(0, tf.int64)
    uniform = gan_lib.iteration_noise(VARIANTS["tf101"], 0, step).d
    assert -1.0 <= uniform.numpy().min() and uniform.numpy().max() < 1.0
    assert uniform.numpy().min() < -0.99
    draws = gan_lib.iteration_noise(VARIANTS["gaussian1d"], 0, step)
    assert 0.0 <= draws.d.numpy().min() and draws.g.shape == (5, 1, 100)
    normal = gan_lib.iteration_noise(VARIANTS["goodfellow"], 0, step).d
    assert normal.shape == (1, 100, 256) and normal.numpy().std() == pytest.approx(1.0, abs=0.02)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["goodfellow", "tf101"])
def test_towers_cut_every_product_of_an_iteration(name):
    # Without the cut there is nothing to run side by side: each product
    # of the step must appear once per tower in the traced graph.
    variant = VARIANTS[name]

    def products(towers):
        iteration = gan_lib.make_train_iteration(gan_lib.make_gan(variant, towers=towers), 0)
        graph = iteration.get_concrete_function(
            tf.TensorSpec((variant.batch_size, variant.example_dim)),
            tf.TensorSpec((), tf.int64)).graph
        return sum(op.type in ("MatMul", "Einsum") for op in graph.get_operations())

    assert products(2) == 2 * products(1) > 0


def test_a_batch_that_does_not_divide_into_the_towers_is_refused():
    with pytest.raises(ValueError, match="cannot be cut into 3 equal towers"):
        gan_lib.make_gan(VARIANTS["goodfellow"], towers=3)
