"""Training on a user's own images, as a user runs it: a folder of PNG files
trains; what the variants cannot take yet, or cannot judge, is one line and
nothing written."""

import os

import numpy as np
import pytest
import tensorflow as tf
from helpers import error_lines, full_mnist, run_module

from tf2gan.data import input_pipeline


def _png_folder(folder, images):
    folder.mkdir(parents=True, exist_ok=True)
    for i, pixels in enumerate(images):
        (folder / f"{i:05d}.png").write_bytes(tf.io.encode_png(pixels).numpy())
    return folder


def _refused(result, run_dir):
    assert result.returncode == 2, result.stderr
    [line] = error_lines(result.stderr)
    # nothing of a run written: no config.json, no checkpoint (the folder and its
    # lock are made first, before any time goes into data, as for every run)
    assert not os.path.exists(run_dir / "config.json")
    assert not os.path.exists(run_dir / "checkpoints")
    return line


@pytest.mark.slow
def test_goodfellow_trains_and_samples_on_a_folder_of_pngs(tmp_path):
    digits = input_pipeline.mnist_sample_images()[:300, :, :, np.newaxis]
    folder = _png_folder(tmp_path / "pngs", digits)
    run_dir = tmp_path / "run"
    result = run_module("tf2gan.main", "--variant=goodfellow", "--dataset=images",
                        f"--data_dir={folder}", "--steps=3", f"--run_dir={run_dir}")
    assert result.returncode == 0, result.stderr
    assert f"tf2gan: data: images (300 files in {folder})" in result.stdout
    out = tmp_path / "s.npz"
    result = run_module("tf2gan.sample", f"--run_dir={run_dir}", "--num=4", f"--out={out}")
    assert result.returncode == 0, result.stderr
    assert np.load(out)["images"].shape == (4, 28, 28)


@pytest.mark.slow
def test_rgb_images_and_judging_unlabelled_images_are_refused_in_one_line(tmp_path):
    rgb = _png_folder(tmp_path / "rgb", np.zeros((3, 32, 32, 3), np.uint8))
    run_dir = tmp_path / "run"
    line = _refused(run_module("tf2gan.main", "--variant=goodfellow", "--dataset=images",
                               f"--data_dir={rgb}", "--steps=3", f"--run_dir={run_dir}"),
                    run_dir)
    assert "holds 32x32 RGB images; tf2gan's variants take 28x28 greyscale" in line
    grey = _png_folder(tmp_path / "grey", np.zeros((200, 28, 28, 1), np.uint8))
    line = _refused(run_module("tf2gan.main", "--variant=goodfellow", "--dataset=images",
                               f"--data_dir={grey}", "--steps=3", "--eval_every=3",
                               f"--run_dir={run_dir}"), run_dir)
    assert "--dataset=images has no labels" in line


@pytest.mark.slow
def test_full_mnist_as_pngs_trains_to_the_weights_of_its_idx_files(tmp_path):
    mnist = full_mnist()
    idx = input_pipeline.load_examples("mnist_idx", mnist).images
    folder = _png_folder(tmp_path / "pngs", idx[..., np.newaxis])
    weights = {}
    for name, flags in {"idx": ("--dataset=mnist_idx", f"--data_dir={mnist}"),
                        "png": ("--dataset=images", f"--data_dir={folder}")}.items():
        run_dir = tmp_path / name
        result = run_module("tf2gan.main", "--variant=goodfellow", *flags, "--steps=5",
                            "--deterministic", f"--run_dir={run_dir}", timeout=900)
        assert result.returncode == 0, result.stderr
        reader = tf.train.load_checkpoint(str(run_dir / "checkpoints"))
        weights[name] = {key: reader.get_tensor(key) for key in reader.get_variable_to_shape_map()
                         if key != "_CHECKPOINTABLE_OBJECT_GRAPH"}
    assert weights["idx"].keys() == weights["png"].keys() and len(weights["idx"]) > 10
    for key, value in weights["idx"].items():
        np.testing.assert_array_equal(weights["png"][key], value, err_msg=key)
