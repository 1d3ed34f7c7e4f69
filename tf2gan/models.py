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


def _activation(name: str, slope: float, dtype: str | None) -> keras.layers.Layer:
    if name == "leaky_relu":
        # Keras' LeakyReLU defaults to 0.3; tf.nn.leaky_relu to 0.2.
        return keras.layers.LeakyReLU(negative_slope=slope, dtype=dtype)
    return keras.layers.Activation(name, dtype=dtype)


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


def _add_decoration(x: tf.Tensor) -> tf.Tensor:
    """004's add_decorate: [x, (x - mean(x))**2] along the feature axis."""
    mean = tf.reduce_mean(x, axis=1, keepdims=True)
    return tf.concat([x, tf.square(x - mean)], axis=-1)


def build_network(net: Network, input_dim: int, name: str,
                  dtype_policy: str | None = None) -> keras.Model:
    """A keras.Sequential that computes the network layer by layer.

    Under a mixed dtype policy the layers compute in bfloat16 or float16 with
    float32 variables, but the output layer's activation (a sigmoid, tanh, or
    the identity on logits) runs in float32, so that probabilities near 0 and
    1 and the losses taken of them keep their precision.
    """
    layers: list[keras.layers.Layer] = [keras.Input(shape=(input_dim,))]
    if net.structure == "decorated":
        layers.append(keras.layers.Lambda(_add_decoration, name="add_decorate",
                                          dtype=dtype_policy))
    if net.structure == "per_value":
        layers.append(keras.layers.Reshape((input_dim, 1), dtype=dtype_policy))
    last = len(net.layers) - 1
    for i, spec in enumerate(net.layers):
        kwargs = dict(
            kernel_initializer=_initializer(net.kernel_init),
            bias_initializer=_initializer(net.bias_init),
            name=f"{name}_{i + 1}",
            dtype=dtype_policy,
        )
        if net.structure == "per_value":
            layers.append(keras.layers.Conv1D(spec.units, 1, **kwargs))
        else:
            layers.append(Dense(spec.units, **kwargs))
        output_dtype = "float32" if (i == last and dtype_policy) else dtype_policy
        if spec.activation != "linear" or output_dtype != dtype_policy:
            layers.append(_activation(spec.activation, net.leaky_relu_slope, output_dtype))
        if net.dropout_rate and i < last:
            layers.append(AlwaysOnDropout(net.dropout_rate, dtype=dtype_policy))
    if net.structure == "per_value":
        layers.append(keras.layers.Flatten(dtype="float32" if dtype_policy else None))
    return keras.Sequential(layers, name=name)


# --mixed_precision values and the Keras dtype policies they stand for.
DTYPE_POLICIES = {"none": None, "bf16": "mixed_bfloat16", "fp16": "mixed_float16"}


def build_gan(variant: Variant, mixed_precision: str = "none") -> tuple[keras.Model, keras.Model]:
    """(generator, discriminator) for a variant, freshly initialised."""
    policy = DTYPE_POLICIES[mixed_precision]
    generator = build_network(variant.generator, variant.noise.dim, "generator", policy)
    discriminator = build_network(variant.discriminator, variant.example_dim, "discriminator",
                                  policy)
    return generator, discriminator
