"""goodfellow: 000: Goodfellow et al. 2014 read line by line (Korean notebook)."""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (TF1_MNIST_HOLDOUT, Adam, Init, Layer, Loss,
                                    Network, Noise, Schedule, Variant)

GOODFELLOW = Variant(
    name="goodfellow",
    original="tf1_goodfellow:Goodfellow",
    source="000: Goodfellow et al. 2014 read line by line (Korean notebook)",
    # 000: G 256-512-784, D 784-512-1
    parameters=(256 * 512 + 512 + 512 * 784 + 784, 784 * 512 + 512 + 512 * 1 + 1),
    generator=Network(
        layers=(Layer(512, "relu"), Layer(784, "sigmoid")),
        kernel_init=Init("normal", stddev=0.01),
        bias_init=Init("zeros"),
    ),
    discriminator=Network(
        layers=(Layer(512, "relu"), Layer(1, "sigmoid")),
        kernel_init=Init("normal", stddev=0.01),
        bias_init=Init("zeros"),
    ),
    noise=Noise("normal", dim=256),
    loss=Loss("log_loss"),
    optimizer=Adam(d_learning_rate=2e-4, g_learning_rate=2e-4),
    data="images",
    example_dim=784,
    data_scale="unit",
    reader_holdout=TF1_MNIST_HOLDOUT,
    batch_size=100,
    schedule=Schedule(reuse_noise=True),  # both half-steps are fed the same Z
    epochs=100,
    steps=None,
    log_cadence=Cadence("epoch"),
    picture_cadence=Cadence("epoch", every=10, first=True),
    picture="row10",
)
