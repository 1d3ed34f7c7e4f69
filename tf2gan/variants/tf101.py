"""tf101: 001: Tensorflow Day28 / Tensorflow-101 notebook 13 (Chinese)."""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (TF1_MNIST_HOLDOUT, Adam, Init, Layer, Loss,
                                    Network, Noise, Schedule, Variant)

TF101 = Variant(
    name="tf101",
    original="tf1_tf101:Tf101",
    source="001: Tensorflow Day28 / Tensorflow-101 notebook 13 (Chinese)",
    # 001: G 128-256-784, D 784-128-1
    parameters=(128 * 256 + 256 + 256 * 784 + 784, 784 * 128 + 128 + 128 * 1 + 1),
    generator=Network(
        layers=(Layer(256, "relu"), Layer(784, "sigmoid")),
        kernel_init=Init("truncated_normal", stddev=0.1),
        bias_init=Init("constant", value=0.1),
    ),
    discriminator=Network(
        layers=(Layer(128, "relu"), Layer(1, "sigmoid")),
        kernel_init=Init("truncated_normal", stddev=0.1),
        bias_init=Init("constant", value=0.1),
    ),
    noise=Noise("uniform", dim=128, low=-1.0, high=1.0),
    loss=Loss("log_loss"),
    optimizer=Adam(d_learning_rate=5e-4, g_learning_rate=1e-4),
    data="images",
    example_dim=784,
    data_scale="unit",
    reader_holdout=TF1_MNIST_HOLDOUT,
    batch_size=256,
    schedule=Schedule(),  # G's step samples its own noise
    epochs=None,
    steps=20001,  # for step in range(20001)
    log_cadence=Cadence("step", every=1000, first=True, dense_every=100, dense_until=1000),
    picture_cadence=Cadence("step", every=2000, first=True),
    picture="grid16",
)
