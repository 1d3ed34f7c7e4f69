"""tf.distribute: several devices and several worker processes compute what
one device computes for the tutorial's global batch."""

import json

import numpy as np
import pytest
from helpers import checkpoint_values, free_ports, start_module

FLAGS = ("--variant=tf101", "--dataset=mnist_sample", "--steps=10", "--seed=3")


def _assert_close(ours, theirs, relative):
    assert ours.keys() == theirs.keys()
    for name, value in theirs.items():
        if value.dtype.kind == "f":
            scale = max(float(np.max(np.abs(value))), 1e-30)
            assert np.max(np.abs(ours[name] - value)) <= relative * scale, name
        else:
            np.testing.assert_array_equal(ours[name], value, err_msg=name)


@pytest.fixture(scope="module")
def one_device(tmp_path_factory):
    """The reference: tf101 for 10 iterations on one device."""
    from helpers import run_module

    run_dir = tmp_path_factory.mktemp("one") / "run"
    result = run_module("tf2gan.main", f"--run_dir={run_dir}", *FLAGS)
    assert result.returncode == 0, result.stderr
    return checkpoint_values(run_dir)


@pytest.mark.slow
def test_mirrored_over_two_cpu_devices_matches_one_device(run_cli, tmp_path, one_device):
    run_dir = tmp_path / "run"
    result = run_cli("tf2gan.main", f"--run_dir={run_dir}", *FLAGS, "--strategy=mirrored",
                     "--cpu_devices=2")
    assert result.returncode == 0, result.stderr
    assert json.loads((run_dir / "config.json").read_text())["strategy"] == "mirrored"
    # Same batches and noise; only the order of sums differs (two halves, then all-reduce).
    _assert_close(checkpoint_values(run_dir), one_device, relative=1e-5)


@pytest.mark.slow
def test_two_worker_processes_train_together_and_end_with_equal_weights(tmp_path, one_device):
    run_dir = tmp_path / "run"
    workers = [f"localhost:{port}" for port in free_ports(2)]
    processes = [
        start_module("tf2gan.main", f"--run_dir={run_dir}", *FLAGS, "--strategy=multi_worker",
                     env={"TF_CONFIG": json.dumps({"cluster": {"worker": workers},
                                                   "task": {"type": "worker", "index": i}})})
        for i in range(2)]
    try:
        for process in processes:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
    finally:
        for process in processes:
            process.kill()
    chief, other = checkpoint_values(run_dir), checkpoint_values(run_dir / "worker-1")
    _assert_close(other, chief, relative=0.0)  # one all-reduced update, applied by both
    _assert_close(chief, one_device, relative=1e-5)  # and the update one device makes


@pytest.mark.slow
def test_multi_worker_without_tf_config_is_one_line(run_cli, tmp_path):
    result = run_cli("tf2gan.main", f"--run_dir={tmp_path / 'run'}", *FLAGS,
                     "--strategy=multi_worker")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tf2gan: error: --strategy=multi_worker "
                                                   "needs TF_CONFIG")


@pytest.mark.slow
def test_a_batch_that_does_not_split_over_the_replicas_is_one_line(run_cli, tmp_path):
    result = run_cli("tf2gan.main", f"--run_dir={tmp_path / 'run'}", "--variant=gaussian1d",
                     "--steps=2", "--strategy=mirrored", "--cpu_devices=2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tf2gan: error: gaussian1d's batch of 1 cannot be shared equally by 2 replicas"]
