"""A run directory written before the package moved into layers still
resumes, samples and exports to the same numbers (fixtures/README.md)."""

import os
import shutil

import numpy as np
import pytest
from helpers import REPO, run_module

FIXTURE = os.path.join(REPO, "tests", "fixtures", "gaussian1d_before_layers")


def _expected(name):
    return np.load(os.path.join(FIXTURE, f"expected_{name}.npz"))["samples"]


def _old_run(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(os.path.join(FIXTURE, "run"), run_dir)
    return run_dir


def _sample(*source, out):
    result = run_module("tf2gan.sample", *source, "--num=16", "--seed=5", f"--out={out}")
    assert result.returncode == 0, result.stderr
    return np.load(out)["values"]  # the fixtures' files, written before, call them "samples"


@pytest.mark.slow
def test_an_old_run_samples_what_it_sampled(tmp_path):
    run_dir = _old_run(tmp_path)
    samples = _sample(f"--run_dir={run_dir}", out=tmp_path / "s.npz")
    np.testing.assert_array_equal(samples, _expected("samples"))


@pytest.mark.slow
def test_an_old_run_resumes_where_it_stopped(tmp_path):
    run_dir = _old_run(tmp_path)
    result = run_module("tf2gan.main", "--variant=gaussian1d", "--steps=25", "--seed=3",
                        f"--run_dir={run_dir}", "--resume")
    assert result.returncode == 0, result.stderr
    assert "steps 20-25" in result.stdout
    samples = _sample(f"--run_dir={run_dir}", out=tmp_path / "s.npz")
    np.testing.assert_array_equal(samples, _expected("resumed"))


@pytest.mark.slow
def test_an_old_run_exports_the_generator_it_trained(tmp_path):
    run_dir = _old_run(tmp_path)
    export = tmp_path / "export"
    result = run_module("tf2gan.export", f"--run_dir={run_dir}", f"--out={export}")
    assert result.returncode == 0, result.stderr
    samples = _sample(f"--model={export}", out=tmp_path / "s.npz")
    np.testing.assert_array_equal(samples, _expected("export"))
