"""Generator and discriminator as tf.keras models built from a `Network`.

Layers, initialisers, activations and network structures are looked up by
name in the registries below; a spec names its entry by its `kind`. Keras
draws each layer's initial weights when the Sequential model builds it, in
the order of the specs, so the same spec list and seed give the same weights.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

import numpy as np
import tensorflow as tf

from tf2gan import variants
from tf2gan.variants import Init, Network, Variant

keras = tf.keras


class UniformLastDim(keras.initializers.Initializer):
    """U(-1/sqrt(n), 1/sqrt(n)) with n the last dimension of the shape.

    003's `xavier_init` reads `size[1]` for a 2-D kernel (its fan-out, not
    its fan-in) and `size[0]` for a bias; both are the last dimension.
    """

    def __call__(self, shape, dtype=None):
        limit = 1.0 / math.sqrt(float(shape[-1]))
        return tf.random.uniform(shape, -limit, limit, dtype=dtype or tf.float32)


def _data_logits(mean_example: np.ndarray | None) -> keras.initializers.Initializer:
    """logit(mean), the mean clipped to [1e-7, 1 - 1e-7] as pylearn2 clipped it.

    Without the data, zeros: only networks built to be restored from a
    checkpoint or to be timed are built so; training always passes the data
    (train.make_trainer).
    """
    if mean_example is None:
        return keras.initializers.Zeros()
    if np.min(mean_example) < 0:
        raise ValueError("data_logits needs examples in [0, 1] (data_scale 'unit'): a sigmoid "
                         "cannot reach a negative mean")
    mean = np.clip(np.asarray(mean_example, np.float64), 1e-7, 1 - 1e-7)
    return keras.initializers.Constant(np.log(mean / (1 - mean)).astype(np.float32))


# Init.kind -> (init, the training examples' mean or None) -> the Keras
# initialiser it stands for.
INITIALISERS: dict[str, Callable[[Init, np.ndarray | None], keras.initializers.Initializer]] = {
    "normal": lambda init, mean: keras.initializers.RandomNormal(stddev=init.stddev),
    # Both TF1's tf.truncated_normal and Keras re-draw beyond 2 stddev.
    "truncated_normal": lambda init, mean: keras.initializers.TruncatedNormal(
        stddev=init.stddev),
    "constant": lambda init, mean: keras.initializers.Constant(init.value),
    "zeros": lambda init, mean: keras.initializers.Zeros(),
    "glorot_uniform": lambda init, mean: keras.initializers.GlorotUniform(),
    "uniform_last_dim": lambda init, mean: UniformLastDim(),
    "uniform": lambda init, mean: keras.initializers.RandomUniform(-init.limit, init.limit),
    "data_logits": lambda init, mean: _data_logits(mean),
}


def reads_data(variant: Variant) -> bool:
    """Whether an initialiser of the variant's networks reads the training data."""
    inits = [init for net in (variant.generator, variant.discriminator)
             for init in (net.kernel_init, net.bias_init,
                          *(getattr(spec, name, None) for spec in net.layers
                            for name in ("kernel_init", "bias_init")))]
    return any(init is not None and init.kind == "data_logits" for init in inits)


def initializer(init: Init, mean_example: np.ndarray | None = None
                ) -> keras.initializers.Initializer:
    return INITIALISERS[init.kind](init, mean_example)


# Activation names that are not Keras' own: name -> (slope, dtype) -> layer.
_ACTIVATIONS: dict[str, Callable[[float, str | None], keras.layers.Layer]] = {
    # Keras' LeakyReLU defaults to 0.3; tf.nn.leaky_relu to 0.2.
    "leaky_relu": lambda slope, dtype: keras.layers.LeakyReLU(negative_slope=slope, dtype=dtype),
}


def _activation(name: str, slope: float, dtype: str | None) -> keras.layers.Layer:
    make = _ACTIVATIONS.get(name)
    return make(slope, dtype) if make else keras.layers.Activation(name, dtype=dtype)


@tf.custom_gradient
def _matmul(x: tf.Tensor, kernel: tf.Tensor):
    """x @ kernel, whose input gradient avoids a transposed operand.

    TensorFlow differentiates MatMul into dy @ kernel^T with transpose_b,
    which this CPU's oneDNN kernels run well below the speed of the same
    product untransposed (100x512 by 784x512^T: 765 us against 455 us);
    the einsum of that product takes 501 us. Same products, same values.
    """

    def gradient(dy: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        return tf.einsum("bo,io->bi", dy, kernel), tf.matmul(x, dy, transpose_a=True)

    return tf.matmul(x, kernel), gradient


class Dense(keras.layers.Dense):
    """keras.layers.Dense, differentiated by _matmul (same weights, same values)."""

    def call(self, inputs: tf.Tensor, training: bool | None = None) -> tf.Tensor:
        # The kernel is read here, outside _matmul, so that its gradient reaches
        # the variable through the read (mirrored variables included); the read
        # is cast to the compute dtype under a mixed policy.
        x = _matmul(inputs, tf.convert_to_tensor(self.kernel.value))
        if self.use_bias:
            x = tf.nn.bias_add(x, self.bias.value)
        return self.activation(x) if self.activation is not None else x


class AlwaysOnDropout(keras.layers.Dropout):
    """Dropout that is active on every call, as 003's tf.nn.dropout was."""

    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


class MaxOverPieces(keras.layers.Layer):
    """Maxout's pooling: [batch, units * pieces] -> [batch, units], each unit
    the largest of its `pieces` consecutive inputs (pylearn2 pooled columns
    j * pieces .. j * pieces + pieces - 1 into unit j)."""

    def __init__(self, pieces: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pieces = pieces

    def call(self, inputs: tf.Tensor) -> tf.Tensor:
        units = inputs.shape[-1] // self.pieces
        return tf.reduce_max(tf.reshape(inputs, [-1, units, self.pieces]), axis=-1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1] // self.pieces)


def _add_decoration(x: tf.Tensor) -> tf.Tensor:
    """004's add_decorate: [x, (x - mean(x))**2] along the feature axis."""
    mean = tf.reduce_mean(x, axis=1, keepdims=True)
    return tf.concat([x, tf.square(x - mean)], axis=-1)


@dataclasses.dataclass(frozen=True)
class Structure:
    """How a network's input and output are arranged around its layers."""

    # input_dim, dtype -> layers before the specs
    before: Callable[[int, str | None], list[keras.layers.Layer]]
    # the Keras layer a fully connected `Layer` spec becomes
    dense: Callable[..., keras.layers.Layer]
    # dtype -> layers after the specs
    after: Callable[[str | None], list[keras.layers.Layer]]


STRUCTURES: dict[str, Structure] = {
    "mlp": Structure(lambda dim, dtype: [], Dense, lambda dtype: []),
    "per_value": Structure(
        lambda dim, dtype: [keras.layers.Reshape((dim, 1), dtype=dtype)],
        lambda units, **kwargs: keras.layers.Conv1D(units, 1, **kwargs),
        lambda dtype: [keras.layers.Flatten(dtype=dtype)]),
    "decorated": Structure(
        lambda dim, dtype: [keras.layers.Lambda(_add_decoration, name="add_decorate",
                                                dtype=dtype)],
        Dense, lambda dtype: []),
}


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a spec is built: what its builder needs besides the spec."""

    net: Network
    structure: Structure
    name: str  # the spec's layer name
    dtype: str | None  # the layers' dtype policy
    # The dtype of the spec's activation: float32 under a mixed policy for
    # the network's last activation, else `dtype`.
    activation_dtype: str | None
    # The training examples' mean, for an initialiser that reads the data.
    mean_example: np.ndarray | None = None

    def weights(self, spec) -> dict[str, object]:
        """Keras keyword arguments for a spec's kernel and bias."""
        return dict(kernel_initializer=initializer(spec.kernel_init or self.net.kernel_init,
                                                   self.mean_example),
                    bias_initializer=initializer(spec.bias_init or self.net.bias_init,
                                                 self.mean_example),
                    use_bias=getattr(spec, "use_bias", True), name=self.name, dtype=self.dtype)

    def activation(self, name: str) -> list[keras.layers.Layer]:
        """The activation as a layer of its own; none for "linear", unless it
        must turn the output to float32."""
        if name == "linear" and self.activation_dtype == self.dtype:
            return []
        return [_activation(name, self.net.leaky_relu_slope, self.activation_dtype)]


def _dense(spec: variants.Layer, place: Place) -> list[keras.layers.Layer]:
    return [place.structure.dense(spec.units, **place.weights(spec)),
            *place.activation(spec.activation)]


def _conv(layer: type) -> Callable[..., list[keras.layers.Layer]]:
    def build(spec: variants.Conv2D | variants.Conv2DTranspose,
              place: Place) -> list[keras.layers.Layer]:
        return [layer(spec.filters, spec.kernel_size, strides=spec.strides,
                      padding=spec.padding, **place.weights(spec)),
                *place.activation(spec.activation)]
    return build


def _maxout(spec: variants.Maxout, place: Place) -> list[keras.layers.Layer]:
    return [Dense(spec.units * spec.pieces, **place.weights(spec)),
            MaxOverPieces(spec.pieces, dtype=place.dtype)]


# Spec kind -> (spec, place) -> the Keras layers it becomes, in order.
LAYERS: dict[str, Callable[..., list[keras.layers.Layer]]] = {
    "dense": _dense,
    "conv2d": _conv(keras.layers.Conv2D),
    "conv2d_transpose": _conv(keras.layers.Conv2DTranspose),
    "batch_normalization": lambda spec, place: [keras.layers.BatchNormalization(
        momentum=spec.momentum, epsilon=spec.epsilon, name=place.name, dtype=place.dtype)],
    "dropout": lambda spec, place: [keras.layers.Dropout(spec.rate, dtype=place.dtype)],
    "leaky_relu": lambda spec, place: [keras.layers.LeakyReLU(
        negative_slope=spec.negative_slope, dtype=place.dtype)],
    "reshape": lambda spec, place: [keras.layers.Reshape(spec.shape, dtype=place.dtype)],
    "flatten": lambda spec, place: [keras.layers.Flatten(dtype=place.dtype)],
    "maxout": _maxout,
}


def build_network(net: Network, input_dim: int, name: str,
                  dtype_policy: str | None = None,
                  mean_example: np.ndarray | None = None) -> keras.Model:
    """A keras.Sequential that computes the network layer by layer.

    Under a mixed dtype policy the layers compute in bfloat16 or float16 with
    float32 variables, but the last activation (a sigmoid, tanh, or the
    identity on logits) and whatever reshapes its output run in float32, so
    that probabilities near 0 and 1 and the losses taken of them keep their
    precision.
    """
    structure = STRUCTURES[net.structure]
    layers: list[keras.layers.Layer] = [keras.Input(shape=(input_dim,))]
    layers += structure.before(input_dim, dtype_policy)
    activated = [i for i, spec in enumerate(net.layers) if hasattr(spec, "activation")]
    last_activation = activated[-1] if activated else len(net.layers) - 1
    output_dtype = "float32" if dtype_policy else None
    last = len(net.layers) - 1
    # Each spec's layer is named by its kind and its count among the
    # network's layers of that kind (dense_1, dense_2, conv2d_1): what
    # TensorBoard's histograms show under the network's name.
    counts: dict[str, int] = {}
    for i, spec in enumerate(net.layers):
        counts[spec.kind] = counts.get(spec.kind, 0) + 1
        place = Place(net, structure, f"{spec.kind}_{counts[spec.kind]}",
                      output_dtype if i > last_activation else dtype_policy,
                      output_dtype if i == last_activation else dtype_policy, mean_example)
        layers += LAYERS[spec.kind](spec, place)
        if net.dropout_rate and i < last:
            layers.append(AlwaysOnDropout(net.dropout_rate, dtype=dtype_policy))
    layers += structure.after(output_dtype)
    return keras.Sequential(layers, name=name)


# --mixed_precision values and the Keras dtype policies they stand for.
DTYPE_POLICIES = {"none": None, "bf16": "mixed_bfloat16", "fp16": "mixed_float16"}


def build_gan(variant: Variant, mixed_precision: str = "none",
              mean_example: np.ndarray | None = None) -> tuple[keras.Model, keras.Model]:
    """(generator, discriminator) for a variant, freshly initialised.

    mean_example: the training examples' mean as the networks see them, for
    a variant whose initialiser reads the data (Init "data_logits")."""
    policy = DTYPE_POLICIES[mixed_precision]
    generator = build_network(variant.generator, variant.noise.dim, "generator", policy,
                              mean_example)
    discriminator = build_network(variant.discriminator, variant.example_dim, "discriminator",
                                  policy, mean_example)
    return generator, discriminator
