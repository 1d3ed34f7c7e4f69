"""smoothing: 002: Korean translation of 'Generative Adversarial Networks using Tensorflow'."""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (TF1_MNIST_HOLDOUT, Adam, Init, Layer, Loss,
                                    Network, Noise, Schedule, Variant)

SMOOTHING = Variant(
    name="smoothing",
    original="tf1_smoothing:Smoothing",
    source="002: Korean translation of 'Generative Adversarial Networks using Tensorflow'",
    # 002: G 100-128-128-784, D 784-128-128-1
    parameters=(100 * 128 + 128 + 128 * 128 + 128 + 128 * 784 + 784,
                784 * 128 + 128 + 128 * 128 + 128 + 128 + 1),
    generator=Network(
        layers=(Layer(128, "leaky_relu"), Layer(128, "leaky_relu"), Layer(784, "tanh")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    discriminator=Network(
        layers=(Layer(128, "leaky_relu"), Layer(128, "leaky_relu"), Layer(1, "linear")),
        kernel_init=Init("glorot_uniform"),
        bias_init=Init("zeros"),
    ),
    noise=Noise("normal", dim=100),
    loss=Loss("logits", real_label=0.9),
    optimizer=Adam(d_learning_rate=1e-3, g_learning_rate=1e-3),
    data="images",
    example_dim=784,
    data_scale="symmetric",
    reader_holdout=TF1_MNIST_HOLDOUT,
    batch_size=100,
    schedule=Schedule(reuse_noise=True),  # G's step is fed the D step's batch_z
    epochs=50,  # `epochs=100` is overwritten by `epochs=50` before training
    steps=None,
    log_cadence=Cadence("epoch"),
    picture_cadence=Cadence("end"),
    picture="traversal",
)
