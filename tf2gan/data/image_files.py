"""A user's own images: a folder of PNG or JPEG files, or an array in a .npz file.

Both become uint8 pixels [n, height, width, channels], one or three
channels (an alpha channel is dropped). Whatever is wrong with the data is
one line that names it: a folder with no images, files that cannot be read
(counted, the first few named), images of several sizes or channel counts
(the sizes found, with how many of each), an array of the wrong shape or
range. Nothing is trained on data that is partly wrong.
"""

from __future__ import annotations

import collections
import os

import numpy as np

from tf2gan.base.errors import UsageError

# What a folder's images may be: the extensions read, case aside.
EXTENSIONS = (".png", ".jpg", ".jpeg")
# How many unreadable files a refusal names before it says "and N more".
NAMED = 3
# The array an .npz file of several holds the images in: what `tf2gan sample` writes.
NPZ_KEY = "images"


def _without_alpha(pixels: np.ndarray) -> np.ndarray:
    """Grey or RGB pixels [height, width, 1 or 3] of a decoded image."""
    return pixels[..., :1] if pixels.shape[-1] == 2 else pixels[..., :3]


def describe(shape: tuple[int, ...]) -> str:
    """An image shape (height, width, channels) as a user reads it: 32x32 RGB."""
    height, width, channels = shape
    return f"{height}x{width} {'greyscale' if channels == 1 else 'RGB'}"


def _named(paths: list[str], folder: str) -> str:
    names = ", ".join(os.path.relpath(p, folder) for p in paths[:NAMED])
    return names + (f" and {len(paths) - NAMED} more" if len(paths) > NAMED else "")


def image_paths(folder: str) -> list[str]:
    """The PNG and JPEG files under `folder`, recursively, in a fixed order."""
    if not os.path.isdir(folder):
        raise UsageError(f"--data_dir {folder} is not a folder of images")
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        found += [os.path.join(root, name) for name in sorted(names)
                  if name.lower().endswith(EXTENSIONS)]
    if not found:
        raise UsageError(f"--data_dir {folder} holds no PNG or JPEG files "
                         f"({', '.join(EXTENSIONS)}, in it or its subfolders)")
    return found


def read_folder(folder: str) -> np.ndarray:
    """Every image under `folder` as uint8 [n, height, width, channels].

    Args:
      folder: a folder of PNG or JPEG files, read recursively in sorted order.

    Returns:
      The pixels, all of one size and one channel count (1 or 3).

    Raises:
      UsageError: no images, unreadable files, or several sizes.
    """
    import tensorflow as tf

    paths = image_paths(folder)
    images, unreadable = [], []
    for path in paths:
        try:
            with open(path, "rb") as f:
                pixels = tf.io.decode_image(f.read(), expand_animations=False).numpy()
        except (OSError, tf.errors.OpError):
            unreadable.append(path)
            continue
        images.append(_without_alpha(pixels))
    if unreadable:
        raise UsageError(f"{len(unreadable)} of the {len(paths)} image files in {folder} cannot "
                         f"be read: {_named(unreadable, folder)}")
    shapes = collections.Counter(image.shape for image in images)
    if len(shapes) > 1:
        found = ", ".join(f"{describe(shape)} ({count})" for shape, count in shapes.most_common())
        raise UsageError(f"the images in {folder} are of several sizes: {found}; tf2gan trains "
                         "on images of one size")
    return np.stack(images).astype(np.uint8)


def read_npz(path: str) -> np.ndarray:
    """The images of an .npz file as uint8 [n, height, width, channels].

    Args:
      path: an .npz file holding one array, or several of which one is
        called `images` (what `tf2gan sample` writes). The array is
        [n, height, width] or [n, height, width, 1 or 3], uint8 pixels or
        floats in [0, 1].

    Returns:
      The pixels; floats are rounded to the nearest of 0-255.

    Raises:
      UsageError: the file cannot be read, or its array is not images.
    """
    try:
        with np.load(path, allow_pickle=False) as arrays:
            names = list(arrays.keys())
            name = names[0] if len(names) == 1 else NPZ_KEY
            if name not in names:
                raise UsageError(f"--data_dir {path} holds several arrays ({', '.join(names)}) "
                                 f"and none called {NPZ_KEY!r}")
            array = arrays[name]
    except UsageError:
        raise
    except (OSError, ValueError) as e:
        raise UsageError(f"--data_dir {path} cannot be read as an .npz file: {e}") from None
    if array.ndim == 3:
        array = array[..., np.newaxis]
    if array.ndim != 4 or array.shape[-1] not in (1, 3) or len(array) == 0:
        raise UsageError(f"the array {name!r} in {path} is {array.dtype} {list(array.shape)}, "
                         "not images [n, height, width] or [n, height, width, 1 or 3]")
    if array.dtype == np.uint8:
        return array
    if not np.issubdtype(array.dtype, np.floating):
        raise UsageError(f"the array {name!r} in {path} is {array.dtype}: images are uint8 "
                         "pixels or floats in [0, 1]")
    low, high = float(np.min(array)), float(np.max(array))
    if not (np.isfinite(low) and np.isfinite(high) and low >= 0.0 and high <= 1.0):
        raise UsageError(f"the array {name!r} in {path} holds values from {low:g} to {high:g}; "
                         "float images must lie in [0, 1]")
    return np.rint(array * 255.0).astype(np.uint8)
