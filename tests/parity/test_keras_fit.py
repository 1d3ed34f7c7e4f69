"""tf2gan.GAN through Keras' fit is the GAN the command trains: from one seed,
on the same batches, fit and the command's trainer reach the same weights."""

import dataclasses

import numpy as np
import pytest
import tensorflow as tf
from helpers import synthetic_examples

from tf2gan.base.streams import Stream, stream_seed
from tf2gan.core.gan import GAN
from tf2gan.data import input_pipeline
from tf2gan.run.settings import RunSettings
from tf2gan.run.train import make_trainer
from tf2gan.studies.parity import precision
from tf2gan.variants import VARIANTS, with_originals

ITERATIONS = 12
SEED = 3


def _command_batches(variant, examples):
    """The batches the command's trainer draws, as a user's dataset holds
    them: uint8 pixels (a smaller last batch where the tutorial had one),
    or gaussian1d's values."""
    if examples.images is None:
        return [input_pipeline.gaussian_real_sample(
            variant, variant.batch_size,
            stream_seed(SEED, Stream.DATA, step)).numpy()
            for step in range(ITERATIONS)]
    rows = input_pipeline.training_images(variant, examples.images)
    indices = input_pipeline.BatchIndices(len(rows), variant.batch_size, SEED,
                                          variant.last_batch == "smaller")
    return [rows[i[i != input_pipeline.NO_ROW]] for i in indices.take(0, ITERATIONS)]


def _weights(gan):
    return [v.numpy() for v in gan.generator.weights + gan.discriminator.weights]


# dcgan's float64 convolutions on its batch of 256 would take minutes: its
# step is the same code for any batch (as in studies/parity.py).
BATCH = {"dcgan": 16}


@pytest.mark.slow
@pytest.mark.parametrize("name", with_originals())
def test_fit_and_the_command_trainer_reach_the_same_weights(name):
    variant = VARIANTS[name]
    if name in BATCH:
        variant = dataclasses.replace(variant, batch_size=BATCH[name])
    examples = synthetic_examples(variant)
    with precision(tf.float64):
        tf.keras.utils.set_random_seed(SEED)  # as the command seeds the process
        command = make_trainer(variant, RunSettings(run_dir="", dataset="test", seed=SEED),
                               examples)
        done = 0
        for count in (1, 5, 6):  # spans of uneven length, as a run's are
            assert command.run(done, count).completed == count
            done += count
        gan = GAN(variant, seed=SEED)
        gan.compile(steps_per_execution=4)
        batches = _command_batches(variant, examples)
        dataset = tf.data.Dataset.from_generator(
            lambda: iter(batches),
            output_signature=tf.TensorSpec([None, *batches[0].shape[1:]], batches[0].dtype)
        ).apply(tf.data.experimental.assert_cardinality(len(batches)))
        gan.fit(dataset, epochs=1, verbose=0)
    assert int(gan.iteration.numpy()) == ITERATIONS
    ours, theirs = _weights(gan), _weights(command.gan)
    assert all(a.dtype == np.float64 for a in ours)
    for a, b in zip(ours, theirs):
        assert np.max(np.abs(a - b)) <= 1e-10 * np.max(np.abs(b))
    # and the weights moved: the comparison is of trained networks
    fresh = GAN(variant, seed=SEED)
    assert np.max(np.abs(_weights(fresh)[0] - ours[0])) > 1e-4 * np.max(np.abs(ours[0]))
