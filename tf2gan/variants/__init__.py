"""The variants: each source tutorial or experiment as one frozen configuration.

One file per variant holds its `Variant`, every number cited from its source;
schema.py says what a variant is made of, cadence.py when things happen in a
run. This module is the registry the commands choose from by name. A variant
of the user's is registered with `register` before a command reads its flags
(docs/variants.md, examples/vanilla/).
"""

from __future__ import annotations

from tf2gan.variants.cadence import Cadence
from tf2gan.variants.dcgan import DCGAN
from tf2gan.variants.dropout import DROPOUT
from tf2gan.variants.gaussian1d import GAUSSIAN1D
from tf2gan.variants.goodfellow import GOODFELLOW
from tf2gan.variants.paper2014 import PAPER2014
from tf2gan.variants.schema import (NO_HOLDOUT, TF1_MNIST_HOLDOUT, Activation,
                                    Adam, BatchNormalization, Conv2D,
                                    Conv2DTranspose, Dropout, Flatten, Init,
                                    Layer, LayerSpec, LeakyReLU, Loss, Maxout,
                                    MomentumSGD, Network, Noise, Reshape,
                                    Schedule, Variant)
from tf2gan.variants.smoothing import SMOOTHING
from tf2gan.variants.tf101 import TF101

__all__ = [
    "VARIANTS", "get", "names", "register", "with_originals",
    "Variant", "Network", "Noise", "Loss", "Adam", "MomentumSGD", "Schedule", "Cadence", "Init",
    "Layer", "Conv2D", "Conv2DTranspose", "BatchNormalization", "Dropout", "LeakyReLU",
    "Reshape", "Flatten", "Maxout", "LayerSpec", "Activation", "TF1_MNIST_HOLDOUT", "NO_HOLDOUT",
]

# Name -> variant: the five tutorials, then TensorFlow's DCGAN tutorial and
# the 2014 paper's own experiment.
VARIANTS: dict[str, Variant] = {
    v.name: v for v in (GOODFELLOW, TF101, SMOOTHING, DROPOUT, GAUSSIAN1D, DCGAN, PAPER2014)
}


def get(name: str) -> Variant:
    """The registered variant called `name`.

    Args:
      name: a variant's name, as `--variant` takes it.

    Returns:
      The frozen Variant.

    Raises:
      KeyError: no variant of that name is registered.
    """
    return VARIANTS[name]


def names() -> list[str]:
    """The registered variants' names, in the order the commands list them."""
    return list(VARIANTS)


def register(variant: Variant) -> Variant:
    """Adds a variant of the user's to the registry, so that commands started in
    this process (and their `--variant` flag) know it.

    Args:
      variant: a Variant whose name no registered variant has.

    Returns:
      The variant, so that a module may write `VANILLA = register(Variant(...))`.

    Raises:
      ValueError: another variant already has that name.
    """
    known = VARIANTS.get(variant.name)
    if known is not None and known != variant:
        raise ValueError(f"a variant named {variant.name!r} is already registered")
    VARIANTS[variant.name] = variant
    return variant


def with_originals() -> list[str]:
    """The registered variants whose source runs beside them (--impl=original)."""
    return [name for name, variant in VARIANTS.items() if variant.original]
