"""The kinds of data a variant trains on, by `Variant.data`: what one example
is, which datasets hold it, and what a sample of it is called.

Everything that differs between digits and 004's vectors of values is looked
up here, never decided by an `if` on the kind elsewhere; the registry test
(tests/unit/test_configs.py) holds every variant's `data` to a key of KINDS.
A new kind of data is one more DataKind here and a loader for each of its
datasets in input_pipeline.LOADERS.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import numpy as np

from tf2gan.data import scaling
from tf2gan.variants import Variant

# An MNIST or Fashion-MNIST image: 28 x 28 grey pixels, 784 values in a row.
IMAGE_SHAPE = (28, 28)


@dataclasses.dataclass(frozen=True)
class DataKind:
    """One kind of data, and what each layer needs to know of it."""

    # The datasets of this kind, by name; the first is a variant's default.
    datasets: tuple[str, ...]
    # Whether an example is an image of IMAGE_SHAPE, sampled as uint8 pixels
    # (judged by the classifier, drawn as digits), or a vector of values.
    images: bool
    # What a batch of samples is called: the array in a samples .npz file
    # (the sample command) and the output of an exported generator.
    sample_name: str
    # A batch of stand-in real examples of `shape`, drawn from NumPy in the
    # variant's own units: what parity feeds both sides.
    stand_in: Callable[[Variant, np.random.Generator, tuple[int, ...]], np.ndarray]
    # A batch as a user's dataset holds it -> the rows [batch, example_dim]
    # the networks take (tf2gan.GAN's train_step), as TensorFlow tensors.
    to_examples: Callable[[Variant, Any], Any]
    # The generator's outputs -> samples in the data's own units and shape
    # (tf2gan.GAN's generate).
    from_outputs: Callable[[Variant, np.ndarray], np.ndarray]


def _image_rows(variant: Variant, images: Any) -> Any:
    """uint8 pixels, or floats in [0, 1], as the variant's rows of examples.

    uint8 pixels take the arithmetic the command's pipeline gives them
    (input_pipeline.scale_pixels), so the same digits are the same rows.
    TensorFlow is imported here, not above: the commands read this module
    while checking their flags, before TensorFlow loads.
    """
    import tensorflow as tf

    images = tf.convert_to_tensor(images)
    unit = (tf.cast(images, tf.float32) * (1.0 / 255.0) if images.dtype == tf.uint8
            else tf.cast(images, tf.float32))
    return tf.reshape(scaling.from_unit(unit, variant.data_scale), [-1, variant.example_dim])


def _value_rows(variant: Variant, values: Any) -> Any:
    import tensorflow as tf

    return tf.reshape(tf.cast(values, tf.float32), [-1, variant.example_dim])


def _image_samples(variant: Variant, outputs: np.ndarray) -> np.ndarray:
    unit = np.clip(scaling.to_unit(np.asarray(outputs, np.float32), variant.data_scale), 0, 1)
    return unit.reshape(-1, *IMAGE_SHAPE, 1)


KINDS: dict[str, DataKind] = {
    "images": DataKind(
        datasets=("mnist", "mnist_idx", "mnist_sample", "fashion_mnist", "images", "npz"),
        images=True, sample_name="images",
        stand_in=lambda variant, rng, shape: scaling.from_unit(rng.uniform(0.0, 1.0, shape),
                                                               variant.data_scale),
        to_examples=_image_rows, from_outputs=_image_samples),
    "gaussian": DataKind(
        datasets=("gaussian",),
        images=False, sample_name="values",
        stand_in=lambda variant, rng, shape: rng.normal(variant.gaussian_mean,
                                                        variant.gaussian_stddev, shape),
        to_examples=_value_rows,
        from_outputs=lambda variant, outputs: np.asarray(outputs).reshape(
            -1, variant.example_dim)),
}


def of(variant: Variant) -> DataKind:
    """The kind of data `variant` trains on."""
    return KINDS[variant.data]


def sample_shape(variant: Variant) -> tuple[int, ...]:
    """One sample's shape as a user receives it: an image, or a vector."""
    return IMAGE_SHAPE if of(variant).images else (variant.example_dim,)
