"""The datasets a run can train on, by name, and which of them fit a variant.

Apart from input_pipeline, which loads them, so that a command's flags can
name them (and refuse a wrong one) before TensorFlow is imported.
"""

from __future__ import annotations

from tf2gan.base.errors import UsageError
from tf2gan.data import kinds
from tf2gan.variants import Variant

IMAGE_DATASETS = kinds.KINDS["images"].datasets
# Every dataset of every kind of data.
DATASETS = tuple(name for kind in kinds.KINDS.values() for name in kind.datasets)
# A user's own images (a folder, an .npz file): no labels, so the judge, a
# digit classifier, has nothing of their kind to judge samples by.
UNLABELLED = ("images", "npz")


def default_dataset(variant: Variant) -> str:
    return kinds.of(variant).datasets[0]


def check_fits(variant: Variant, dataset: str) -> None:
    """UsageError unless `dataset` is one the variant can train on."""
    if dataset not in DATASETS:
        raise UsageError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    wanted = kinds.of(variant).datasets
    if dataset not in wanted:
        raise UsageError(f"dataset {dataset!r} does not fit variant {variant.name!r}, "
                         f"which trains on {' or '.join(wanted)}")


def check_judgeable(dataset: str) -> None:
    """UsageError if samples of a run on `dataset` cannot be judged."""
    if dataset in UNLABELLED:
        raise UsageError(f"--dataset={dataset} has no labels: the judge is a classifier of "
                         "MNIST or Fashion-MNIST digits and judges runs on those only")
