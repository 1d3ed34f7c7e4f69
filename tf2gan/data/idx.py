"""Reader for the IDX files MNIST and Fashion-MNIST are published in.

The TF1 tutorials' `input_data.read_data_sets` downloaded these four files
into `MNIST_data/` and parsed them; this reads the same files, gzipped or
not, and says exactly what is wrong with a file that is missing, truncated
or not an IDX file of the expected kind.
"""

from __future__ import annotations

import gzip
import os
import zlib

import numpy as np

IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension

TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"


class IdxError(ValueError):
    """An IDX file that cannot be read; the message names the file."""


def find(data_dir: str, stem: str) -> str:
    """Path of `stem.gz` or `stem` in data_dir; IdxError names both if neither exists."""
    for name in (stem + ".gz", stem):
        path = os.path.join(data_dir, name)
        if os.path.isfile(path):
            return path
    raise IdxError(f"{os.path.join(data_dir, stem + '.gz')}: not found "
                   f"(expected the IDX file {stem}.gz or {stem} in {data_dir})")


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise IdxError(f"{path}: cannot be read ({e.strerror})") from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as e:
        raise IdxError(f"{path}: the gzip stream is truncated or corrupt ({e})") from None


def read(path: str, magic: int) -> np.ndarray:
    """The uint8 array an IDX file holds, checked against the expected magic."""
    data = _read_bytes(path)
    kind = "image" if magic == IMAGES_MAGIC else "label"
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) >= 4:
        found = int.from_bytes(data[:4], "big")
        if found != magic:
            raise IdxError(f"{path}: wrong magic number 0x{found:08x}, expected "
                           f"0x{magic:08x} for an IDX {kind} file")
    if len(data) < header:
        raise IdxError(f"{path}: truncated: {len(data)} bytes, shorter than the "
                       f"{header}-byte header of an IDX {kind} file")
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape))
    if len(data) < expected:
        raise IdxError(f"{path}: truncated: the header promises shape {shape} "
                       f"({expected} bytes), the file holds {len(data)}")
    return np.frombuffer(data, np.uint8, count=expected - header, offset=header).reshape(shape)


def load(data_dir: str, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 [n, 28, 28], labels uint8 [n]) of one split in data_dir."""
    images_stem, labels_stem = ((TRAIN_IMAGES, TRAIN_LABELS) if split == "train"
                                else (TEST_IMAGES, TEST_LABELS))
    images = read(find(data_dir, images_stem), IMAGES_MAGIC)
    labels = read(find(data_dir, labels_stem), LABELS_MAGIC)
    if len(images) != len(labels):
        raise IdxError(f"{data_dir}: {len(images)} images but {len(labels)} labels "
                       f"in the {split} split")
    return images, labels
