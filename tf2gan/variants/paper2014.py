"""paper2014:
Goodfellow et al. 2014, the authors' MNIST experiment (goodfeli/adversarial mnist.yaml, AdversaryCost2).
"""

from __future__ import annotations

import math

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.schema import (NO_HOLDOUT, Dropout, Init, Layer, Loss,
                                    Maxout, MomentumSGD, Network, Noise,
                                    Schedule, Variant)

# pylearn2's Maxout and Sigmoid layers drew weights U(-irange, irange), biases 0.
_D_IRANGE = Init("uniform", limit=0.005)

PAPER2014 = Variant(
    name="paper2014",
    original=None,  # pylearn2 on Theano does not run here
    source="Goodfellow et al. 2014, the authors' MNIST experiment (goodfeli/adversarial "
           "mnist.yaml, AdversaryCost2)",
    # G 100-1200-1200-784; D maxout 784-(240 x 5)-(240 x 5), sigmoid 240-1
    parameters=(100 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 784 + 784,
                784 * 1200 + 1200 + 240 * 1200 + 1200 + 240 * 1 + 1),
    generator=Network(
        layers=(Layer(1200, "relu"), Layer(1200, "relu"),  # RectifiedLinear h0, h1
                # Sigmoid y: its bias starts where sigmoid(bias) is each pixel's mean.
                Layer(784, "sigmoid", bias_init=Init("data_logits"))),
        kernel_init=Init("uniform", limit=0.05),  # irange: .05
        bias_init=Init("zeros"),
    ),
    # Dropout as AdversaryCost2 applied it on every D pass, in D's update and
    # G's alike: inputs of h0 kept with probability .8 and scaled by 1.25, of
    # h1 and y with .5 and 2 (Keras' Dropout keeps 1 - rate, scales 1/(1 - rate)).
    discriminator=Network(
        layers=(Dropout(0.2), Maxout(240, 5),  # h0: num_units 240, num_pieces 5
                Dropout(0.5), Maxout(240, 5),  # h1
                # y: a Sigmoid whose cost pylearn2 took from its input, the logit.
                Dropout(0.5), Layer(1)),
        kernel_init=_D_IRANGE,
        bias_init=Init("zeros"),
    ),
    noise=Noise("uniform", dim=100, low=-math.sqrt(3), high=math.sqrt(3)),  # noise: 'uniform'
    # d_obj = .5 (cost(1, D(x)) + cost(0, D(G(z)))), g_obj = cost(1, D(G(z))).
    loss=Loss("logits", discriminator_scale=0.5),
    optimizer=MomentumSGD(learning_rate=0.1, decay_factor=1.000004, min_learning_rate=1e-6,
                          momentum=0.5, final_momentum=0.7, momentum_start=1,
                          momentum_saturate=250, steps_per_epoch=500),  # 50,000 / 100
    data="images",
    example_dim=784,
    data_scale="unit",  # pylearn2's MNIST: pixels / 255
    reader_holdout=NO_HOLDOUT,
    training_limit=50000,  # MNIST train, start: 0, stop: 50000
    batch_size=100,
    # get_gradients: D's and G's gradients of one graph, applied together.
    schedule=Schedule(reuse_noise=True, update="simultaneous"),
    # The yaml trains until stopped; 300 epochs (tf2gan's choice) pass the
    # momentum's saturation at epoch 250.
    epochs=300,
    steps=None,
    log_cadence=Cadence("epoch"),  # pylearn2's monitor reports every epoch
    picture_cadence=Cadence("epoch", every=10, first=True),  # tf2gan's choice
    picture="grid16",
    checkpoint_cadence=Cadence("epoch"),  # save_freq: 1
)
