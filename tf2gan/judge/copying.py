"""How close samples come to copying the images their GAN trained on.

A generator whose samples score like real data may simply be giving back
its training set. Goodfellow et al. (2014) answered this in their Figure 2
by showing each sample beside its nearest training example; this module
measures the same thing over every sample (metrics.copying) and finds the
pairs the figure shows.

"Closer than the training set's own neighbours" needs each training image's
distance to its nearest other training image: a search of the training set
against itself, minutes for 50,000 digits on two cores. It depends on the
data alone, so it is cached under a hash of the images, beside the judging
classifier, and computed once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from typing import Any, Callable

import numpy as np

from tf2gan.base import files
from tf2gan.base.errors import UsageError, first_line
from tf2gan.judge import metrics


@dataclasses.dataclass(frozen=True)
class Nearest:
    """Each sample's nearest training image: its index and the distance to it."""

    index: np.ndarray  # int [n] into the training images
    distance: np.ndarray  # float64 [n], pixels in [0, 1]


def cache_name(training: np.ndarray) -> str:
    """The cache entry for `training`'s own nearest-neighbour distances, named
    by its size and a hash of its pixels (the same name is the same images)."""
    digest = hashlib.sha256(np.ascontiguousarray(training).tobytes()).hexdigest()[:16]
    return f"nearest-other-{len(training)}-{digest}"


def _load(path: str, expected: int, say: Callable[[str], None]) -> np.ndarray | None:
    if not os.path.exists(path):
        return None
    try:
        distances = np.load(path, allow_pickle=False)
        if distances.shape != (expected,) or not np.all(np.isfinite(distances)):
            raise ValueError(f"it holds {distances.shape} values, not ({expected},)")
        return distances
    except Exception as e:  # noqa: BLE001 - a damaged .npy fails in many ways
        say(f"tf2gan: the cached distances {path} cannot be read ({first_line(e)}); "
            "computing them again")
        return None


def training_nearest_other(training: np.ndarray, cache_dir: str,
                           say: Callable[[str], None] = print) -> np.ndarray:
    """Each training image's distance to its nearest other training image.

    Args:
      training: uint8 [n, d] images.
      cache_dir: where the distances are cached (the judging classifier's cache).
      say: where the one-time computation and any damaged cache are reported.

    Returns:
      float64 [n], pixels in [0, 1]. Under a lock on the cache entry, so
      processes judging at once compute it once.
    """
    path = os.path.join(cache_dir, cache_name(training) + ".npy")
    distances = _load(path, len(training), say)
    if distances is not None:
        return distances
    try:
        os.makedirs(cache_dir, exist_ok=True)
        with files.locked(path + ".lock"):
            distances = _load(path, len(training), lambda line: None)
            if distances is None:
                say(f"tf2gan: finding each of the {len(training):,} training images' nearest "
                    f"other training image (once; cached in {cache_dir})")
                unit = np.asarray(training, np.float32) / 255.0
                distances = metrics.nearest_neighbours(unit, unit, exclude_self=True)[1][:, 0]

                def write(temporary: str) -> None:
                    with open(temporary, "wb") as f:
                        np.save(f, distances, allow_pickle=False)

                files.replace_with(path, write)
    except OSError as e:
        raise UsageError(f"cannot write the distance cache in {cache_dir}: "
                         f"{e.strerror or e}") from None
    return distances


class CopyingJudge:
    """Samples against the images the GAN trained on, in pixel space."""

    def __init__(self, training: np.ndarray, held_out: np.ndarray, cache_dir: str,
                 say: Callable[[str], None] = print) -> None:
        """
        Args:
          training: uint8 [n, d], the images the GAN trained on.
          held_out: uint8 [m, d] real images; those not among `training` show
            what data the GAN never saw scores (a generator that does not
            copy sits near them, not at zero).
          cache_dir: where the training set's own distances are cached.
          say: where progress is reported.
        """
        self.training = np.asarray(training, np.uint8).reshape(len(training), -1)
        seen = {row.tobytes() for row in self.training}
        held_out = np.asarray(held_out, np.uint8).reshape(len(held_out), -1)
        self.held_out = held_out[[row.tobytes() not in seen for row in held_out]]
        self._unit_training = self.training.astype(np.float32) / 255.0
        self.nearest_other = training_nearest_other(self.training, cache_dir, say)

    def nearest(self, unit_images: np.ndarray) -> Nearest:
        """Each image's nearest training image; pixels [n, d] in [0, 1]."""
        index, distance = metrics.nearest_neighbours(unit_images, self._unit_training)
        return Nearest(index[:, 0], distance[:, 0])

    def __call__(self, unit_images: np.ndarray) -> tuple[dict[str, Any], Nearest]:
        """metrics.copying's figures for images [n, d] in [0, 1], and the pairs."""
        nearest = self.nearest(unit_images)
        return self.summary(nearest), nearest

    def summary(self, nearest: Nearest) -> dict[str, Any]:
        """metrics.copying's figures for pairs found already."""
        return metrics.copying(nearest.index, nearest.distance, self.nearest_other)

    def real(self) -> dict[str, Any] | None:
        """The same figures for the held-out real images the GAN did not train
        on; None when every one of them is among its training images."""
        if not len(self.held_out):
            return None
        return self(self.held_out.astype(np.float32) / 255.0)[0]
