"""Generator and discriminator as tf.keras models built from a `Network`."""

from __future__ import annotations

import math

import tensorflow as tf

from tf2gan.configs import Init, Network, Variant

keras = tf.keras


class UniformLastDim(keras.initializers.Initializer):
    """U(-1/sqrt(n), 1/sqrt(n)) with n the last dimension of the shape.

    003's `xavier_init` reads `size[1]` for a 2-D kernel (its fan-out, not
    its fan-in) and `size[0]` for a bias; both are the last dimension.
    """

    def __call__(self, shape, dtype=None):
        limit = 1.0 / math.sqrt(float(shape[-1]))
        return tf.random.uniform(shape, -limit, limit, dtype=dtype or tf.float32)


def _initializer(init: Init) -> keras.initializers.Initializer:
    if init.kind == "normal":
        return keras.initializers.RandomNormal(stddev=init.stddev)
    if init.kind == "truncated_normal":
        # Both TF1's tf.truncated_normal and Keras re-draw beyond 2 stddev.
        return keras.initializers.TruncatedNormal(stddev=init.stddev)
    if init.kind == "constant":
        return keras.initializers.Constant(init.value)
    if init.kind == "zeros":
        return keras.initializers.Zeros()
    if init.kind == "glorot_uniform":
        return keras.initializers.GlorotUniform()
    if init.kind == "uniform_last_dim":
        return UniformLastDim()
    raise ValueError(f"unknown initialiser {init.kind!r}")


def _activation(name: str, slope: float) -> keras.layers.Layer:
    if name == "leaky_relu":
        # Keras' LeakyReLU defaults to 0.3; tf.nn.leaky_relu to 0.2.
        return keras.layers.LeakyReLU(negative_slope=slope)
    return keras.layers.Activation(name)


class AlwaysOnDropout(keras.layers.Dropout):
    """Dropout that is active on every call, as 003's tf.nn.dropout was."""

    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


def _add_decoration(x: tf.Tensor) -> tf.Tensor:
    """004's add_decorate: [x, (x - mean(x))**2] along the feature axis."""
    mean = tf.reduce_mean(x, axis=1, keepdims=True)
    return tf.concat([x, tf.square(x - mean)], axis=-1)


def build_network(net: Network, input_dim: int, name: str) -> keras.Model:
    """A keras.Sequential that computes the network layer by layer."""
    layers: list[keras.layers.Layer] = [keras.Input(shape=(input_dim,))]
    if net.structure == "decorated":
        layers.append(keras.layers.Lambda(_add_decoration, name="add_decorate"))
    if net.structure == "per_value":
        layers.append(keras.layers.Reshape((input_dim, 1)))
    last = len(net.layers) - 1
    for i, spec in enumerate(net.layers):
        kwargs = dict(
            kernel_initializer=_initializer(net.kernel_init),
            bias_initializer=_initializer(net.bias_init),
            name=f"{name}_{i + 1}",
        )
        if net.structure == "per_value":
            layers.append(keras.layers.Conv1D(spec.units, 1, **kwargs))
        else:
            layers.append(keras.layers.Dense(spec.units, **kwargs))
        if spec.activation != "linear":
            layers.append(_activation(spec.activation, net.leaky_relu_slope))
        if net.dropout_rate and i < last:
            layers.append(AlwaysOnDropout(net.dropout_rate))
    if net.structure == "per_value":
        layers.append(keras.layers.Flatten())
    return keras.Sequential(layers, name=name)


def build_gan(variant: Variant) -> tuple[keras.Model, keras.Model]:
    """(generator, discriminator) for a variant, freshly initialised."""
    generator = build_network(variant.generator, variant.noise.dim, "generator")
    discriminator = build_network(variant.discriminator, variant.example_dim, "discriminator")
    return generator, discriminator
