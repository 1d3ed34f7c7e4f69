"""tf2gan from Python: the names in __all__, a GAN that Keras' fit trains
with Keras' own callbacks, and the run-directory workflow (train, load)."""

import inspect

import keras
import numpy as np
import pytest
import tensorflow as tf

import tf2gan
from tf2gan.base.errors import UsageError
from tf2gan.core import sampling
from tf2gan.data import input_pipeline, kinds
from tf2gan.run import checkpoints


def _digits(n, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, 28, 28), np.uint8)


def _weights(gan):
    return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights]


def test_every_public_name_resolves_and_says_its_args_and_returns():
    assert set(tf2gan.__all__) == {"__version__", "variants", "GAN", "train", "load"}
    documented = [tf2gan.variants.get, tf2gan.variants.register, tf2gan.train, tf2gan.load,
                  tf2gan.GAN.__init__, tf2gan.GAN.compile, tf2gan.GAN.train_step,
                  tf2gan.GAN.generate]
    for function in documented:
        doc = inspect.getdoc(function) or ""
        assert "Args:" in doc, function.__qualname__
        assert "Returns:" in doc or function.__name__ in ("__init__", "compile"), \
            function.__qualname__
    assert tf2gan.variants.names()[0] == "goodfellow"
    with pytest.raises(AttributeError):
        tf2gan.nothing_of_that_name


def test_a_gan_fits_a_dataset_with_keras_callbacks_and_generates_images(tmp_path):
    gan = tf2gan.GAN(tf2gan.variants.get("goodfellow"), seed=1)
    gan.compile()
    dataset = tf.data.Dataset.from_tensor_slices(_digits(20 * 100)).batch(100)
    batches = []
    history = gan.fit(dataset, epochs=1, verbose=0, callbacks=[
        keras.callbacks.LambdaCallback(on_batch_end=lambda batch, logs: batches.append(logs)),
        keras.callbacks.TensorBoard(str(tmp_path / "logs"))])
    assert len(batches) == 20 and int(gan.iteration.numpy()) == 20
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(0 < history.history[key][0] < 1 for key in ("d_real", "d_fake"))
    assert list((tmp_path / "logs" / "train").glob("events.out.tfevents.*"))
    samples = gan.generate(16)
    assert samples.shape == (16, 28, 28, 1) and samples.dtype == np.float32
    assert 0.0 <= samples.min() and samples.max() <= 1.0 and samples.std() > 0
    np.testing.assert_array_equal(gan.generate(16), samples)  # the seed keys the noise
    assert not np.array_equal(gan.generate(16, seed=1), samples)


def test_uint8_pixels_and_floats_in_0_1_are_the_same_examples():
    variant = tf2gan.variants.get("tf101")  # tanh: examples in [-1, 1]
    to_examples = kinds.of(variant).to_examples
    pixels = _digits(4)
    rows = to_examples(variant, pixels).numpy()
    assert rows.shape == (4, 784) and rows.min() >= -1 and rows.max() <= 1
    np.testing.assert_allclose(rows, to_examples(variant, pixels / 255).numpy(), atol=1e-6)
    # the command's pipeline makes the same rows of the same pixels
    np.testing.assert_array_equal(rows, input_pipeline.scale_pixels(
        pixels.reshape(4, 784), variant.data_scale).numpy())


def test_gaussian1d_generates_values_of_its_own_shape():
    gan = tf2gan.GAN(tf2gan.variants.get("gaussian1d"))
    gan.compile()
    # one example is a vector of example_dim values; its source's batch is one
    values = np.random.default_rng(0).normal(4, 0.5, (3, gan.variant.example_dim))
    gan.fit(tf.data.Dataset.from_tensor_slices(values).batch(1), verbose=0)
    assert gan.generate(5).shape == (5, gan.variant.example_dim)


def test_backup_and_restore_resumes_a_killed_fit_to_the_same_weights(tmp_path):
    variant = tf2gan.variants.get("goodfellow")
    dataset = tf.data.Dataset.from_tensor_slices(_digits(4 * 100)).batch(100)

    straight = tf2gan.GAN(variant, seed=2)
    straight.compile()
    straight.fit(dataset, epochs=3, verbose=0)

    class Killed(Exception):
        pass

    def kill(batch, logs):
        if int(resumed.iteration.numpy()) == 6:  # during the second epoch
            raise Killed

    backup = keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    resumed = tf2gan.GAN(variant, seed=2)
    resumed.compile()
    with pytest.raises(Killed):
        resumed.fit(dataset, epochs=3, verbose=0,
                    callbacks=[backup, keras.callbacks.LambdaCallback(on_batch_end=kill)])
    resumed = tf2gan.GAN(variant, seed=2)  # the seed keys the noise: the same one
    resumed.generator.set_weights([2 * w for w in resumed.generator.get_weights()])
    resumed.compile()  # from another start, which the backup must replace
    resumed.fit(dataset, epochs=3, verbose=0, callbacks=[backup])
    assert int(resumed.iteration.numpy()) == 12
    for ours, theirs in zip(_weights(resumed), _weights(straight)):
        np.testing.assert_array_equal(ours, theirs)


def test_only_both_optimizers_or_neither_may_be_given():
    gan = tf2gan.GAN(tf2gan.variants.get("goodfellow"))
    with pytest.raises(ValueError, match="both"):
        gan.compile(d_optimizer=keras.optimizers.Adam())
    d, g = keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4)
    gan.compile(d_optimizer=d, g_optimizer=g)
    gan.fit(tf.data.Dataset.from_tensor_slices(_digits(200)).batch(100), verbose=0)
    assert int(d.iterations.numpy()) == 2 and int(g.iterations.numpy()) == 2


@pytest.mark.slow
def test_train_writes_a_run_that_load_gives_back(tmp_path):
    run = str(tmp_path / "run")
    metrics = tf2gan.train("goodfellow", run, dataset="mnist_sample", steps=4, seed=3,
                           checkpoint_every=4)
    assert np.isfinite(metrics["d_loss"])
    gan = tf2gan.load(run)
    assert int(gan.iteration.numpy()) == 4 and gan.seed == 3
    _, generator, step = checkpoints.restore_generator(run, say=lambda line: None)
    assert step == 4
    from_run = sampling.generate(gan.variant, sampling.from_model(generator), 8, 0)
    np.testing.assert_array_equal(gan.generate(8), from_run.reshape(-1, 28, 28, 1))
    assert int(gan.d_optimizer.iterations.numpy()) > 0  # the optimisers' state came too


def test_train_and_load_refuse_bad_input_as_the_command_does(tmp_path):
    with pytest.raises(TypeError, match="stepz"):
        tf2gan.train("goodfellow", str(tmp_path / "a"), stepz=3)
    with pytest.raises(KeyError):
        tf2gan.train("nope", str(tmp_path / "b"))
    with pytest.raises(UsageError, match="holds no run"):
        tf2gan.load(str(tmp_path))
