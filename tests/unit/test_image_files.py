"""A user's own images, from a folder or an .npz file: read whole, or refused
in one line that names what is wrong."""

import numpy as np
import pytest
import tensorflow as tf

from tf2gan.base.errors import UsageError
from tf2gan.data import image_files, input_pipeline


def _write_png(path, pixels):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tf.io.encode_png(pixels).numpy())


def _digits(n, shape=(28, 28, 1), seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, *shape), np.uint8)


def test_a_folder_is_read_recursively_in_order_and_exactly(tmp_path):
    digits = _digits(5)
    for i, pixels in enumerate(digits):
        _write_png(tmp_path / ("a" if i < 3 else "b") / f"{i:02d}.png", pixels)
    (tmp_path / "notes.txt").write_text("not an image")
    read = image_files.read_folder(str(tmp_path))
    assert read.dtype == np.uint8 and read.shape == (5, 28, 28, 1)
    np.testing.assert_array_equal(read, digits)  # PNG is lossless


def test_jpeg_and_an_alpha_channel_give_rgb(tmp_path):
    rgba = _digits(1, (32, 32, 4))[0]
    _write_png(tmp_path / "x.PNG", rgba)
    (tmp_path / "y.jpg").write_bytes(tf.io.encode_jpeg(rgba[..., :3]).numpy())
    read = image_files.read_folder(str(tmp_path))
    assert read.shape == (2, 32, 32, 3)
    np.testing.assert_array_equal(read[0], rgba[..., :3])


def test_an_empty_folder_or_none_at_all_is_one_line(tmp_path):
    with pytest.raises(UsageError, match="holds no PNG or JPEG files"):
        image_files.read_folder(str(tmp_path))
    with pytest.raises(UsageError, match="is not a folder of images"):
        image_files.read_folder(str(tmp_path / "missing"))


def test_unreadable_files_are_counted_and_named(tmp_path):
    for i, pixels in enumerate(_digits(3)):
        _write_png(tmp_path / f"{i}.png", pixels)
    for name in ("bad1.png", "bad2.jpg", "bad3.png", "bad4.png"):
        (tmp_path / name).write_bytes(b"not an image at all")
    with pytest.raises(UsageError) as refused:
        image_files.read_folder(str(tmp_path))
    line = str(refused.value)
    assert "4 of the 7 image files" in line
    assert "bad1.png, bad2.jpg, bad3.png and 1 more" in line and "\n" not in line


def test_images_of_several_sizes_are_refused_with_the_sizes_found(tmp_path):
    for i, pixels in enumerate(_digits(3)):
        _write_png(tmp_path / f"{i}.png", pixels)
    _write_png(tmp_path / "big.png", _digits(1, (32, 32, 3))[0])
    with pytest.raises(UsageError, match=r"several sizes: 28x28 greyscale \(3\), "
                                         r"32x32 RGB \(1\)"):
        image_files.read_folder(str(tmp_path))


def test_an_npz_array_of_pixels_or_unit_floats(tmp_path):
    digits = _digits(4, (28, 28))
    np.savez(tmp_path / "one.npz", digits)
    np.testing.assert_array_equal(image_files.read_npz(str(tmp_path / "one.npz"))[..., 0], digits)
    np.savez(tmp_path / "floats.npz", images=digits / 255.0, labels=np.arange(4))
    np.testing.assert_array_equal(image_files.read_npz(str(tmp_path / "floats.npz"))[..., 0],
                                  digits)


@pytest.mark.parametrize("arrays,complaint", [
    ({"a": np.zeros((2, 28, 28)), "b": np.zeros(2)}, "none called 'images'"),
    ({"images": np.zeros((2, 784))}, r"not images \[n, height, width\]"),
    ({"images": np.full((2, 28, 28), 2.0)}, r"values from 2 to 2; float images must lie"),
    ({"images": np.zeros((2, 28, 28), np.int32)}, "is int32"),
])
def test_an_npz_that_is_not_images_is_one_line(tmp_path, arrays, complaint):
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(UsageError, match=complaint):
        image_files.read_npz(str(tmp_path / "bad.npz"))
    (tmp_path / "garbage.npz").write_bytes(b"no zip here")
    with pytest.raises(UsageError, match="cannot be read as an .npz file"):
        image_files.read_npz(str(tmp_path / "garbage.npz"))


def test_the_variants_take_28x28_greyscale_and_refuse_other_sizes_in_one_line(tmp_path):
    for i, pixels in enumerate(_digits(3)):
        _write_png(tmp_path / "digits" / f"{i}.png", pixels)
    examples = input_pipeline.load_examples("images", str(tmp_path / "digits"))
    assert examples.images.shape == (3, 28, 28) and examples.name == "images"
    _write_png(tmp_path / "rgb" / "0.png", _digits(1, (32, 32, 3))[0])
    with pytest.raises(UsageError, match="holds 32x32 RGB images; tf2gan's variants take "
                                         "28x28 greyscale"):
        input_pipeline.load_examples("images", str(tmp_path / "rgb"))
    with pytest.raises(UsageError, match="needs --data_dir"):
        input_pipeline.load_examples("npz", None)
    with pytest.raises(UsageError, match="has no labels"):
        input_pipeline.load_labelled("images", str(tmp_path / "digits"))
