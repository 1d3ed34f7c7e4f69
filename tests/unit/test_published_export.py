"""The paper2014 generator published in docs/paper2014/export/ loads with plain
TensorFlow, draws digits from its signature, and is a judged checkpoint
whose estimate the write-up quotes."""

import glob
import json
import os

import numpy as np
import pytest
import tensorflow as tf

from helpers import REPO

PUBLISHED = os.path.join(REPO, "docs", "paper2014", "export")


@pytest.fixture(scope="module")
def loaded():
    return tf.saved_model.load(PUBLISHED)


def test_serving_default_turns_noise_into_uint8_digits_of_28_by_28(loaded):
    serve = loaded.signatures["serving_default"]
    (noise,) = serve.structured_input_signature[1].values()
    assert (noise.dtype, noise.shape.as_list()) == (tf.float32, [None, 100])
    width = np.sqrt(3.0)  # the yaml's uniform prior of unit variance
    images = serve(noise=tf.random.stateless_uniform([64, 100], [1, 2], -width, width))["images"]
    assert images.dtype == tf.uint8 and images.shape == (64, 28, 28)
    pixels = images.numpy()
    # Digits: mostly black background, bright strokes, not a blank or a blur.
    assert pixels.min() == 0 and pixels.max() == 255
    assert 0.05 < np.mean(pixels > 127) < 0.3


def test_the_export_is_a_judged_checkpoint_whose_estimate_the_write_up_quotes():
    # Published once more, by the best checkpoint, when the run ends: each
    # export adds its size to the repository's history.
    with open(os.path.join(PUBLISHED, "tf2gan_export.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    judged = {}
    for path in glob.glob(os.path.join(REPO, "docs", "paper2014", "seed*", "metrics-epoch*.json")):
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
        judged[record["step"]] = record["metrics"]["parzen_log_likelihood"]
    assert manifest["variant"] == "paper2014" and manifest["step"] in judged
    with open(os.path.join(REPO, "docs", "paper2014", "README.md"), encoding="utf-8") as f:
        write_up = f.read()
    published = write_up[write_up.index("## The published generator"):]
    assert f"Parzen {judged[manifest['step']]:.1f} ± " in " ".join(published.split())
    size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(PUBLISHED, "**"),
                                                     recursive=True) if os.path.isfile(p))
    assert size < 20e6
