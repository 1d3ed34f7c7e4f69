"""Fused and step-at-a-time loops: same batches, same noise, same weights."""

import dataclasses

import numpy as np
import pytest
import tensorflow as tf
from helpers import pixels_with_ids, recovered_ids, synthetic_examples

from tf2gan.core import loops
from tf2gan.core.gan import make_gan
from tf2gan.data import input_pipeline
from tf2gan.studies.parity import precision
from tf2gan.variants import VARIANTS


def _weights(trainer):
    return [v.numpy() for v in trainer.gan.generator.trainable_variables
            + trainer.gan.discriminator.trainable_variables]


def _assert_same(ours, theirs):
    """Equal to within 1e-9 of each tensor's largest value, in float64.

    The two loops are different graphs and may sum in different orders; in
    float32 Adam turns that into visible drift within a few steps (see
    tf2gan/studies/parity.py), in float64 it stays at rounding level.
    """
    for a, b in zip(ours, theirs):
        assert a.dtype == np.float64
        assert np.max(np.abs(a - b)) <= 1e-9 * np.max(np.abs(b))


@pytest.fixture(autouse=True)
def float64():
    with precision(tf.float64):
        yield


def _train(trainer, spans):
    step = 0
    for count in spans:
        metrics = trainer.run(step, count)
        step += count
    return metrics


@pytest.mark.slow
@pytest.mark.parametrize("name", ["goodfellow", "tf101", "dropout", "gaussian1d"])
def test_fused_and_step_loops_reach_the_same_weights(name):
    variant = VARIANTS[name]
    examples = synthetic_examples(variant)
    tf.keras.utils.set_random_seed(1)
    step_loop = loops.StepLoop(make_gan(variant), 3, examples)
    tf.keras.utils.set_random_seed(1)
    fused = loops.FusedLoop(make_gan(variant), 3, examples)
    assert all(np.array_equal(a, b) for a, b in zip(_weights(step_loop), _weights(fused)))
    ours = _train(step_loop, [4, 3])  # a span that straddles tf101's 2.7-batch epoch
    theirs = _train(fused, [1, 6])
    _assert_same(_weights(step_loop), _weights(fused))
    assert ours.metrics["d_loss"] == pytest.approx(theirs.metrics["d_loss"], rel=1e-5)


@pytest.mark.slow
def test_data_too_large_for_the_device_streams_through_tf_data(monkeypatch):
    variant = VARIANTS["tf101"]
    examples = synthetic_examples(variant)
    tf.keras.utils.set_random_seed(1)
    on_device = loops.FusedLoop(make_gan(variant), 3, examples)
    monkeypatch.setattr(loops, "DEVICE_DATA_LIMIT", 0)
    tf.keras.utils.set_random_seed(1)
    streamed = loops.FusedLoop(make_gan(variant), 3, examples)
    assert streamed._stream is not None and on_device._images is not None
    _train(on_device, [2, 3])
    _train(streamed, [2, 3])
    _assert_same(_weights(on_device), _weights(streamed))


def test_host_indices_follow_the_pipelines_order():
    variant = VARIANTS["tf101"]
    images = pixels_with_ids(600)
    ds, _ = input_pipeline.image_pipeline(variant, images, 5, 3)
    from_pipeline = [b for b in ds.take(4).as_numpy_iterator()]
    rows = input_pipeline.BatchIndices(600, variant.batch_size, 5).take(3, 4)
    assert rows.shape == (4, variant.batch_size) and len(from_pipeline) == 4
    for batch, index in zip(from_pipeline, rows):
        np.testing.assert_array_equal(recovered_ids(batch), index)


@pytest.mark.slow
@pytest.mark.parametrize("loop", [loops.FusedLoop, loops.StepLoop])
def test_a_span_stops_at_the_first_iteration_with_a_non_finite_loss(loop):
    variant = VARIANTS["goodfellow"]
    trainer = loop(make_gan(variant), 3, synthetic_examples(variant))
    healthy = trainer.run(0, 3)
    assert healthy.completed == 3 and healthy.nonfinite_loss() is None
    trainer.gan.discriminator.trainable_variables[-1].assign([np.nan])  # D's output bias
    poisoned = trainer.run(3, 5)
    assert poisoned.completed == 1  # iteration 3, not the four after it
    assert poisoned.nonfinite_loss() == "d_loss"


def _without_dropout(variant):
    # Each tower draws its own dropout masks, so only a variant without
    # dropout can be compared row for row.
    net = dataclasses.replace(variant.discriminator, dropout_rate=0.0)
    return dataclasses.replace(variant, discriminator=net,
                               generator=dataclasses.replace(variant.generator, dropout_rate=0.0))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["goodfellow", "tf101", "smoothing", "dropout"])
def test_towers_reach_the_weights_of_the_whole_batch(name):
    # goodfellow and smoothing share G(z) between D's and G's updates,
    # tf101 and dropout draw fresh noise for G: both paths are cut.
    variant = _without_dropout(VARIANTS[name])
    examples = synthetic_examples(variant)
    trained = []
    for towers in (1, 2, 4):
        tf.keras.utils.set_random_seed(1)
        trainer = loops.FusedLoop(make_gan(variant, towers=towers), 3, examples)
        metrics = _train(trainer, [2, 3])
        trained.append((_weights(trainer), metrics.metrics))
    (whole, whole_metrics), *cut = trained
    for weights, metrics in cut:
        _assert_same(weights, whole)
        for key in whole_metrics:
            assert metrics[key] == pytest.approx(whole_metrics[key], rel=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("streamed", [False, True])
def test_spans_of_any_length_share_one_trace(monkeypatch, streamed):
    # Each trace of the loop costs seconds of compiling, and spans end
    # wherever the tutorial logs or draws.
    if streamed:
        monkeypatch.setattr(loops, "DEVICE_DATA_LIMIT", 0)
    variant = VARIANTS["tf101"]
    fused = loops.FusedLoop(make_gan(variant), 3, synthetic_examples(variant))
    _train(fused, [1, 4, 2])
    assert fused._span.experimental_get_tracing_count() == 1


@pytest.mark.slow
def test_the_original_draws_with_init_seed_and_trains_on_the_seeds_batches():
    from tf2gan.originals import make_original
    from tf2gan.originals.trainer import OriginalTrainer

    examples = input_pipeline.load_examples("mnist_sample", None)
    redrawn = OriginalTrainer(VARIANTS["tf101"], 3, examples, init_seed=4)
    for ours, theirs in zip(redrawn.original.get_weights(),
                            make_original("tf101", 4).get_weights()):
        for a, b in zip(ours, theirs):
            np.testing.assert_array_equal(a, b)
    # Batches follow the run's own seed (3), not the weights' (4).
    first = lambda seed: next(input_pipeline.BatchStream(
        VARIANTS["tf101"], examples, seed).take(0, 1)).numpy()
    np.testing.assert_array_equal(next(redrawn._stream.take(0, 1)).numpy(), first(3))
    assert not np.array_equal(first(3), first(4))
