"""Pixels of [0, 1] to a variant's examples, and back.

`Variant.data_scale` names the range its sources fed their networks: the
TF1 reader's [0, 1] ("unit") or tanh's [-1, 1] ("symmetric"). The same
arithmetic serves TensorFlow tensors (training, an exported generator) and
NumPy arrays (the originals' feeds, the judge).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

Values = TypeVar("Values")  # a tf.Tensor or an np.ndarray


@dataclasses.dataclass(frozen=True)
class Scale:
    from_unit: Callable[[Any], Any]
    to_unit: Callable[[Any], Any]


# Variant.data_scale -> its two directions.
SCALES: dict[str, Scale] = {
    "unit": Scale(from_unit=lambda x: x, to_unit=lambda x: x),
    "symmetric": Scale(from_unit=lambda x: x * 2.0 - 1.0, to_unit=lambda x: (x + 1.0) / 2.0),
}


def from_unit(unit: Values, scale: str) -> Values:
    """Pixel intensities in [0, 1] as the variant's examples hold them."""
    return SCALES[scale].from_unit(unit)


def to_unit(values: Values, scale: str) -> Values:
    """The variant's examples (or G's outputs) as pixel intensities, unclipped."""
    return SCALES[scale].to_unit(values)
