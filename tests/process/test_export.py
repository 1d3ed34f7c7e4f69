"""The exported generator: loaded without tf2gan in a fresh process, it draws what the run draws."""

import json
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf
from helpers import run_module

from tf2gan.artifacts import exported
from tf2gan.core import sampling
from tf2gan.run.checkpoints import restore_generator
from tf2gan.variants import VARIANTS

# Runs in a fresh interpreter that never imports tf2gan: what a user of the
# export has. Reads noise from argv[2], writes the signature's outputs and
# the prior recorded in the export to argv[3].
_LOAD_AND_SERVE = """
import sys
import numpy as np
import tensorflow as tf
model = tf.saved_model.load(sys.argv[1])
outputs = model.signatures["serving_default"](noise=tf.constant(np.load(sys.argv[2])))
prior = {name: getattr(model, name).numpy() for name in
         ("variant_name", "prior_kind", "noise_dim", "prior_low", "prior_high")
         if hasattr(model, name)}
np.savez(sys.argv[3], **{k: v.numpy() for k, v in outputs.items()}, **prior)
print("tf2gan imported:", "tf2gan" in sys.modules)
"""


def _serve_in_fresh_process(export, noise, tmp_path):
    np.save(tmp_path / "noise.npy", noise)
    out = tmp_path / "served.npz"
    result = subprocess.run([sys.executable, "-c", _LOAD_AND_SERVE, str(export),
                             str(tmp_path / "noise.npy"), str(out)],
                            cwd=tmp_path, text=True, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "tf2gan imported: False" in result.stdout
    return dict(np.load(out))


def _train_and_export(tmp_path, *flags):
    run, export = tmp_path / "run", tmp_path / "export"
    result = run_module("tf2gan.main", f"--run_dir={run}", *flags)
    assert result.returncode == 0, result.stderr
    result = run_module("tf2gan.export", f"--run_dir={run}", f"--out={export}")
    assert result.returncode == 0, result.stderr
    return run, export, result


@pytest.fixture(scope="module")
def tf101(tmp_path_factory):
    return _train_and_export(tmp_path_factory.mktemp("tf101"), "--variant=tf101",
                             "--dataset=mnist_sample", "--steps=30")


@pytest.mark.slow
def test_export_writes_a_saved_model_a_manifest_and_a_tflite_file(tf101):
    run, export, result = tf101
    assert f"tf101 at step 30 (noise -> images) and generator.tflite to {export}" in result.stdout
    assert (export / "saved_model.pb").exists() and (export / "generator.tflite").exists()
    manifest = json.loads((export / "tf2gan_export.json").read_text())
    assert manifest["variant"] == "tf101" and manifest["step"] == 30
    assert manifest["prior"] == {"kind": "uniform", "dim": 128, "low": -1.0, "high": 1.0}
    assert manifest["signatures"]["serving_default"] == (
        "noise float32 [None, 128] -> images uint8 [None, 28, 28]")


@pytest.mark.slow
def test_export_with_notflite_writes_the_saved_model_alone(tf101, tmp_path):
    run, _, _ = tf101
    result = run_module("tf2gan.export", f"--run_dir={run}", f"--out={tmp_path / 'e'}",
                        "--notflite")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"(noise -> images) to {tmp_path / 'e'}")
    assert not (tmp_path / "e" / "generator.tflite").exists()
    assert json.loads((tmp_path / "e" / "tf2gan_export.json").read_text())["tflite"] is None
    assert tf.saved_model.load(str(tmp_path / "e")).signatures["serving_default"] is not None


@pytest.mark.slow
def test_fresh_process_serves_what_the_run_samples(tf101, tmp_path):
    run, export, _ = tf101
    noise = np.random.default_rng(0).uniform(-1, 1, (300, 128)).astype(np.float32)
    served = _serve_in_fresh_process(export, noise, tmp_path)
    variant, generator, _ = restore_generator(str(run), say=lambda line: None)
    expected = sampling.to_uint8(variant, sampling.from_model(generator)(noise))
    assert served["images"].dtype == np.uint8 and served["images"].shape == (300, 28, 28)
    np.testing.assert_array_equal(served["images"], expected)
    assert served["variant_name"] == b"tf101" and served["prior_kind"] == b"uniform"
    assert (served["noise_dim"], served["prior_low"], served["prior_high"]) == (128, -1.0, 1.0)


@pytest.mark.slow
def test_sample_from_the_export_equals_sample_from_the_run(tf101, tmp_path):
    run, export, _ = tf101
    arrays = {}
    for source in (f"--run_dir={run}", f"--model={export}"):
        out = tmp_path / f"{source[2:5]}.npz"
        # 1,100 samples: two chunks of noise, the second a short one.
        result = run_module("tf2gan.sample", source, "--num=1100", "--seed=5", f"--out={out}")
        assert result.returncode == 0, result.stderr
        arrays[source] = np.load(out)["images"]
    from_run, from_export = arrays.values()
    assert from_run.shape == (1100, 28, 28)
    np.testing.assert_array_equal(from_export, from_run)


def test_the_tflite_file_runs_in_litert_at_any_batch_within_one_level(tf101):
    from ai_edge_litert.interpreter import Interpreter

    _, export, _ = tf101
    serve = tf.saved_model.load(str(export)).signatures["serving_default"]
    runner = Interpreter(model_path=str(export / "generator.tflite")).get_signature_runner(
        "serving_default")
    for batch in (20, 1, 7):  # the runner resizes its input to each batch
        noise = np.random.default_rng(batch).uniform(-1, 1, (batch, 128)).astype(np.float32)
        expected = serve(noise=tf.constant(noise))["images"].numpy()
        images = runner(noise=noise)["images"]
        assert images.dtype == np.uint8 and images.shape == (batch, 28, 28)
        assert np.abs(images.astype(int) - expected).max() <= 1


@pytest.mark.slow
def test_gaussian1d_export_gives_values(tmp_path):
    run, export, result = _train_and_export(tmp_path, "--variant=gaussian1d", "--steps=5")
    assert "(noise -> values)" in result.stdout
    noise = np.random.default_rng(2).uniform(0, 1, (7, 100)).astype(np.float32)
    served = _serve_in_fresh_process(export, noise, tmp_path)
    variant, generator, _ = restore_generator(str(run), say=lambda line: None)
    assert served["values"].dtype == np.float32 and served["values"].shape == (7, 100)
    np.testing.assert_array_equal(served["values"], sampling.from_model(generator)(noise))
    assert served["prior_kind"] == b"uniform" and served["noise_dim"] == 100
    np.testing.assert_array_equal(
        exported.sample(str(export), 1001, 3),
        sampling.generate(variant, sampling.from_model(generator), 1001, 3))


@pytest.mark.slow
def test_export_refuses_a_folder_that_holds_something(tf101, tmp_path):
    run, _, _ = tf101
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("")
    result = run_module("tf2gan.export", f"--run_dir={run}", f"--out={tmp_path / 'taken'}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tf2gan: error: --out {tmp_path / 'taken'} already exists; choose a new folder"]


@pytest.mark.parametrize("sources", [(), ("--run_dir=a", "--model=b")])
def test_sample_needs_either_a_run_or_an_export(tmp_path, sources):
    result = run_module("tf2gan.sample", *sources, f"--out={tmp_path / 's.npz'}")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tf2gan: error: ")
    assert "Exactly one of (run_dir, model)" in lines[0]


def test_pixels_round_as_numpy_does():
    """sampling.pixels (TensorFlow, also in the export) against NumPy's rint, halves included."""
    halves = (np.arange(256, dtype=np.float32) + 0.5) / 255
    values = np.concatenate([halves, np.linspace(-0.3, 1.3, 512, dtype=np.float32)])
    values = np.resize(values, (2, 784))
    for variant in (VARIANTS["goodfellow"], VARIANTS["smoothing"]):
        images = values * 2 - 1 if variant.data_scale == "symmetric" else values
        unit = (images + 1.0) / 2.0 if variant.data_scale == "symmetric" else images
        expected = np.clip(np.rint(unit * 255.0), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
        np.testing.assert_array_equal(sampling.to_uint8(variant, images), expected)
