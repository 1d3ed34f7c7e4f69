"""Each variant's models are the tutorial's: sizes, initialisers, quirks."""

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.core import models
from tf2gan.data import input_pipeline
from tf2gan.variants import VARIANTS, Init, Layer, Network, with_originals


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_parameter_count_is_the_one_counted_from_the_source(name):
    generator, discriminator = models.build_gan(VARIANTS[name])
    assert (generator.count_params(), discriminator.count_params()) == VARIANTS[name].parameters


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_models_map_noise_to_examples_to_one_score(name):
    variant = VARIANTS[name]
    generator, discriminator = models.build_gan(variant)
    fake = generator(tf.zeros((3, variant.noise.dim)))
    assert fake.shape == (3, variant.example_dim)
    assert discriminator(fake).shape == (3, 1)


def test_xavier_init_quirk_uses_the_last_dimension():
    # 003's xavier_init([784, 1024]) draws from U(-1/sqrt(1024), 1/sqrt(1024)).
    kernel = models.UniformLastDim()((784, 1024)).numpy()
    assert np.abs(kernel).max() <= 1 / 32
    assert np.abs(kernel).max() > 0.9 / 32  # fills the range: not 1/sqrt(784)-bounded by chance
    bias = models.UniformLastDim()((256,)).numpy()
    assert np.abs(bias).max() <= 1 / 16


def test_tf101_weights_are_truncated_normal_and_biases_constant():
    generator, _ = models.build_gan(VARIANTS["tf101"])
    kernel, bias = generator.get_layer("dense_1").get_weights()
    assert np.abs(kernel).max() <= 0.2  # truncated at 2 stddev
    assert kernel.std() == pytest.approx(0.088, abs=0.005)  # 0.1 * 0.88 after truncation
    np.testing.assert_array_equal(bias, np.full_like(bias, 0.1))


def test_goodfellow_weights_are_normal_001_and_biases_zero():
    _, discriminator = models.build_gan(VARIANTS["goodfellow"])
    kernel, bias = discriminator.get_layer("dense_1").get_weights()
    assert kernel.std() == pytest.approx(0.01, rel=0.02)
    assert not bias.any()


def test_dropout_drops_seventy_percent_even_outside_training():
    # tf.nn.dropout(x, .3) in TF1 keeps 30%; 003 runs D with dropout always on.
    net = Network(layers=(Layer(4000, "linear"), Layer(1, "linear")),
                  kernel_init=Init("constant", value=1.0), bias_init=Init("zeros"),
                  dropout_rate=VARIANTS["dropout"].discriminator.dropout_rate)
    hidden = tf.keras.Sequential(models.build_network(net, 1, "d").layers[:-1])
    out = hidden(tf.ones((1, 1)), training=False).numpy()
    assert np.mean(out == 0) == pytest.approx(0.7, abs=0.03)


def test_leaky_relu_slope_is_tensorflows_not_keras_default():
    net = Network(layers=(Layer(1, "leaky_relu"),), kernel_init=Init("constant", value=1.0),
                  bias_init=Init("zeros"))
    model = models.build_network(net, 1, "m")
    assert float(model(tf.constant([[-1.0]]))[0, 0]) == pytest.approx(-0.2)


def test_gaussian1d_discriminator_sees_squared_deviations():
    x = tf.constant([[1.0, 3.0]])
    np.testing.assert_allclose(models._add_decoration(x).numpy(), [[1.0, 3.0, 1.0, 1.0]])


def _initial_weights(draw, seeds):
    """Each tensor's values over several independent draws, flattened and joined."""
    draws = [draw(seed) for seed in seeds]
    return [np.concatenate([d[i].ravel() for d in draws]) for i in range(len(draws[0]))]


@pytest.mark.slow
@pytest.mark.parametrize("name", with_originals())
def test_initial_weights_come_from_the_originals_distributions(name):
    # Two seeds of each side's own initialisers; every tensor's values tested by
    # a two-sample Kolmogorov-Smirnov test (D's 784x128 kernel alone gives 200,000
    # values a side: a truncation at 3 instead of 2 stddev would give p ~ 0).
    import scipy.stats

    from tf2gan.core.gan import make_gan
    from tf2gan.originals import make_original

    def ours(seed):
        tf.keras.utils.set_random_seed(seed)
        gan = make_gan(VARIANTS[name])
        # Every variable, in the order of the originals' get_weights():
        # BatchNormalization's moving statistics too (constants at the start).
        return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights]

    def theirs(seed):
        generator, discriminator = make_original(name, seed).get_weights()
        return list(generator) + list(discriminator)

    for a, b in zip(_initial_weights(ours, (11, 12)), _initial_weights(theirs, (21, 22))):
        if np.all(b == b[0]):  # a constant initialiser: the same constant
            np.testing.assert_array_equal(a, b)
        else:  # 42 drawn tensors in all: at 1e-4 each, a false alarm is under 1%
            assert scipy.stats.ks_2samp(a, b).pvalue > 1e-4


@pytest.mark.slow
def test_paper2014_draws_as_mnist_yaml_did():
    # No original runs here (pylearn2 and Theano): its draws are checked
    # against the yaml's distributions instead. irange r is U(-r, r), biases
    # 0, and G's output bias the logit of the training pixels' means.
    import scipy.stats

    from tf2gan.core.gan import make_gan

    variant = VARIANTS["paper2014"]
    examples = input_pipeline.load_examples("mnist_sample", None)
    mean = input_pipeline.mean_example(variant, examples)
    tf.keras.utils.set_random_seed(5)
    gan = make_gan(variant, mean_example=mean)
    g_kernels, g_biases = gan.generator.weights[0::2], gan.generator.weights[1::2]
    d_kernels, d_biases = gan.discriminator.weights[0::2], gan.discriminator.weights[1::2]
    for kernels, irange in ((g_kernels, 0.05), (d_kernels, 0.005)):
        for kernel in kernels:
            values = kernel.numpy().ravel()
            assert scipy.stats.kstest(values, "uniform", (-irange, 2 * irange)).pvalue > 1e-4
    for bias in g_biases[:-1] + d_biases:
        assert not bias.numpy().any()
    # sigmoid(bias) is each pixel's mean over the images, clipped as pylearn2 clipped it
    means = np.clip(examples.images.reshape(-1, 784).mean(axis=0) / 255, 1e-7, 1 - 1e-7)
    np.testing.assert_allclose(g_biases[-1].numpy(), np.log(means / (1 - means)), rtol=1e-5)
    assert np.isclose(g_biases[-1].numpy().min(), np.log(1e-7 / (1 - 1e-7)))  # corners: never ink


def test_paper2014_trains_on_the_first_50000_images_and_starts_from_their_means():
    # 60,000 images whose last 10,000 (the yaml's validation part) are all ink.
    images = np.zeros((60000, 28, 28), np.uint8)
    images[:50000, :14] = 255
    images[50000:] = 255
    examples = input_pipeline.Examples("synthetic", "synthetic", images)
    variant = VARIANTS["paper2014"]
    assert len(input_pipeline.training_images(variant, images)) == 50000
    mean = input_pipeline.mean_example(variant, examples)
    np.testing.assert_array_equal(mean.reshape(28, 28)[:14], 1.0)
    np.testing.assert_array_equal(mean.reshape(28, 28)[14:], 0.0)
    assert models.reads_data(variant) and not models.reads_data(VARIANTS["goodfellow"])


def test_maxout_takes_the_largest_of_each_units_consecutive_pieces():
    # pylearn2 pooled columns j * pieces .. j * pieces + pieces - 1 into unit j.
    x = tf.constant([[0., 9., 1., 2., 3., 4., 5., 6., 7., -1.]])
    np.testing.assert_array_equal(models.MaxOverPieces(5)(x).numpy(), [[9., 7.]])
