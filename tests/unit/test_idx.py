"""The IDX reader on files the tests write, good and broken."""


import numpy as np
import pytest

from helpers import write_idx, write_split
from tf2gan.data import idx


@pytest.fixture
def digits():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (7, 28, 28), dtype=np.uint8), np.arange(7, dtype=np.uint8)


@pytest.mark.parametrize("gz", [True, False])
def test_reads_back_what_was_written(tmp_path, digits, gz):
    write_split(tmp_path, *digits, gz=gz)
    images, labels = idx.load(str(tmp_path))
    np.testing.assert_array_equal(images, digits[0])
    np.testing.assert_array_equal(labels, digits[1])


def test_missing_file_is_named(tmp_path):
    with pytest.raises(idx.IdxError, match="train-images-idx3-ubyte.gz: not found"):
        idx.load(str(tmp_path))


def test_truncated_data_says_how_much_was_promised(tmp_path, digits):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    write_idx(path, digits[0], cut=100)
    with pytest.raises(idx.IdxError, match=r"train-images-idx3-ubyte.gz: truncated: the header "
                                           r"promises shape \(7, 28, 28\)"):
        idx.read(str(path), idx.IMAGES_MAGIC)


def test_truncated_header(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte"
    path.write_bytes(b"\x00\x00\x08")
    with pytest.raises(idx.IdxError, match="shorter than the 16-byte header"):
        idx.read(str(path), idx.IMAGES_MAGIC)


def test_truncated_gzip_stream(tmp_path, digits):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    write_idx(path, digits[0])
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(idx.IdxError, match="gzip stream is truncated or corrupt"):
        idx.read(str(path), idx.IMAGES_MAGIC)


def test_wrong_magic_says_what_was_expected(tmp_path, digits):
    # A label file where the image file should be.
    path = tmp_path / "train-images-idx3-ubyte.gz"
    write_idx(path, digits[1])
    with pytest.raises(idx.IdxError, match="wrong magic number 0x00000801, expected 0x00000803 "
                                           "for an IDX image file"):
        idx.read(str(path), idx.IMAGES_MAGIC)


def test_image_and_label_counts_must_agree(tmp_path, digits):
    write_split(tmp_path, digits[0], digits[1][:5])
    with pytest.raises(idx.IdxError, match="7 images but 5 labels"):
        idx.load(str(tmp_path))
