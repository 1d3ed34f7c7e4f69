"""Data: which source is used, the TF1 reader's order, and resuming mid-stream."""

import socket
import time

import numpy as np
import pytest
import tensorflow_datasets as tfds
from helpers import pixels_with_ids, recovered_ids, write_split

from tf2gan.base.errors import UsageError
from tf2gan.data import datasets, input_pipeline
from tf2gan.variants import VARIANTS


def _ids(n):
    """Images whose first pixel is their index, to follow them through the pipeline."""
    images = np.zeros((n, 28, 28), np.uint8)
    images[:, 0, 0] = np.arange(n)
    return images


def _batches(dataset, count):
    return [b for b in dataset.take(count).as_numpy_iterator()]


def test_tfds_mnist_under_mock_data(monkeypatch):
    monkeypatch.setattr(input_pipeline, "download_site_reachable", lambda url: True)
    with tfds.testing.mock_data(num_examples=12):
        examples = input_pipeline.load_examples("mnist", None)
    assert examples.name == "mnist"
    assert examples.images.shape == (12, 28, 28) and examples.images.dtype == np.uint8


@pytest.mark.slow
def test_offline_default_falls_back_to_sample_and_says_how_to_get_mnist(monkeypatch, tmp_path):
    monkeypatch.setattr(input_pipeline, "download_site_reachable", lambda url: False)
    examples = input_pipeline.load_examples("mnist", str(tmp_path))
    assert examples.name == "mnist_sample"
    assert examples.images.shape == (5000, 28, 28)
    assert "cannot be reached" in examples.description
    assert "--dataset=mnist_idx" in examples.description


def test_reachability_check_gives_up_on_a_hanging_connection(monkeypatch):
    def hang(*args, **kwargs):
        time.sleep(30)
        raise OSError("timed out")

    monkeypatch.setattr(socket, "create_connection", hang)
    began = time.monotonic()
    assert not input_pipeline.download_site_reachable("https://example.invalid/x", timeout=0.2)
    assert time.monotonic() - began < 10  # returned at its timeout, not the 30 s hang


def test_mnist_idx_reads_the_data_dir(tmp_path):
    write_split(tmp_path, _ids(9), np.zeros(9, np.uint8))
    examples = input_pipeline.load_examples("mnist_idx", str(tmp_path))
    np.testing.assert_array_equal(examples.images, _ids(9))


def test_fashion_mnist_prefers_idx_files_in_data_dir(tmp_path):
    write_split(tmp_path, _ids(9), np.zeros(9, np.uint8))
    assert input_pipeline.load_examples("fashion_mnist", str(tmp_path)).images.shape == (9, 28, 28)


@pytest.mark.parametrize("variant,dataset", [("gaussian1d", "mnist"), ("goodfellow", "gaussian")])
def test_dataset_must_fit_variant(variant, dataset):
    with pytest.raises(UsageError, match="does not fit variant"):
        datasets.check_fits(VARIANTS[variant], dataset)


def test_each_epoch_is_a_permutation_and_batches_straddle_epochs():
    # tf101's batch of 256 over 600 images: 2.34 batches an epoch, as next_batch did.
    ds, steps_per_epoch = input_pipeline.image_pipeline(VARIANTS["tf101"], pixels_with_ids(600), 0, 0)
    assert steps_per_epoch == 2
    stream = np.concatenate([recovered_ids(b) for b in _batches(ds, 7)])
    for epoch in range(2):
        assert sorted(stream[epoch * 600:(epoch + 1) * 600]) == list(range(600))
    assert not np.array_equal(stream[:600], stream[600:1200])  # reshuffled


def test_resumed_pipeline_continues_the_same_stream():
    variant = VARIANTS["tf101"]
    full, _ = input_pipeline.image_pipeline(variant, pixels_with_ids(600), 7, 0)
    resumed, _ = input_pipeline.image_pipeline(variant, pixels_with_ids(600), 7, 5)
    np.testing.assert_array_equal(_batches(full, 8)[5:], _batches(resumed, 3))


@pytest.mark.slow
def test_tf1_reader_variants_hold_out_the_first_5000_training_images():
    images = pixels_with_ids(60000)
    _, steps = input_pipeline.image_pipeline(VARIANTS["goodfellow"], images, 0, 0)
    assert steps == 550
    ds, steps = input_pipeline.image_pipeline(VARIANTS["dropout"], images, 0, 0)
    assert steps == 600  # 003 read torchvision's full 60,000


def test_goodfellow_holdout_keeps_the_last_55000():
    images = pixels_with_ids(60000)
    ds, _ = input_pipeline.image_pipeline(VARIANTS["goodfellow"], images, 0, 0)
    seen = np.concatenate([recovered_ids(b) for b in _batches(ds, 550)])
    assert seen.min() == 5000 and len(set(seen)) == 55000


@pytest.mark.parametrize("name,low,high", [("goodfellow", 0.0, 1.0), ("smoothing", -1.0, 1.0)])
def test_pixels_are_scaled_as_the_source_scaled_them(name, low, high):
    images = np.zeros((200, 28, 28), np.uint8)
    images[:, 0, 0] = 255
    ds, _ = input_pipeline.image_pipeline(VARIANTS[name], images, 0, 0)
    batch = _batches(ds, 1)[0]
    assert batch.dtype == np.float32 and batch.shape == (100, 784)
    assert batch.min() == low and batch.max() == high


def test_gaussian_pipeline_draws_n_4_1_25_and_resumes():
    variant = VARIANTS["gaussian1d"]
    full = _batches(input_pipeline.gaussian_pipeline(variant, 3, 0), 400)
    values = np.concatenate(full)
    assert values.mean() == pytest.approx(4.0, abs=0.02)
    assert values.std() == pytest.approx(1.25, abs=0.02)
    resumed = _batches(input_pipeline.gaussian_pipeline(variant, 3, 390), 10)
    np.testing.assert_array_equal(full[390:], resumed)
