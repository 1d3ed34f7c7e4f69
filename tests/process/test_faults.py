"""A run survives what happens to long runs: kills, signals, bad numbers,
damaged checkpoints and full disks, with real processes and files."""

import json
import os
import signal
import subprocess
import time

import numpy as np
import pytest
import tensorflow as tf
from helpers import checkpoint_values, start_module, wait_for

from tf2gan.base.errors import RunError
from tf2gan.core import loops
from tf2gan.run.settings import RunSettings
from tf2gan.run.train import train
from tf2gan.variants import VARIANTS

TF101 = ("--variant=tf101", "--dataset=mnist_sample")


def _checkpoints(run_dir):
    state = tf.train.get_checkpoint_state(os.path.join(str(run_dir), "checkpoints"))
    return [os.path.basename(p) for p in state.all_model_checkpoint_paths] if state else []


@pytest.mark.slow
def test_sigkill_then_resume_reaches_the_weights_of_an_uninterrupted_run(run_cli, tmp_path):
    flags = (*TF101, "--steps=400", "--checkpoint_every=100", "--seed=7", "--deterministic")
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert run_cli("tf2gan.main", f"--run_dir={whole}", *flags).returncode == 0

    process = start_module("tf2gan.main", f"--run_dir={killed}", *flags,
                           stdout=subprocess.DEVNULL)
    wait_for(lambda: "ckpt-200" in _checkpoints(killed), process)
    process.kill()
    assert process.wait() == -signal.SIGKILL
    lost_at = int(_checkpoints(killed)[-1].split("-")[1])
    assert 200 <= lost_at < 400  # killed mid-run

    result = run_cli("tf2gan.main", f"--run_dir={killed}", *flags, "--resume")
    assert result.returncode == 0, result.stderr
    assert f"resuming {killed} at step {lost_at}" in result.stdout
    ours, theirs = checkpoint_values(killed), checkpoint_values(whole)
    assert ours.keys() == theirs.keys()
    assert int(ours["step/.ATTRIBUTES/VARIABLE_VALUE"]) == 400
    for name in theirs:
        np.testing.assert_array_equal(ours[name], theirs[name], err_msg=name)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_sigint_and_sigterm_save_a_checkpoint_and_exit_cleanly(tmp_path, signum):
    run_dir = tmp_path / "run"
    process = start_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, "--steps=1000000")
    wait_for(lambda: (run_dir / "samples" / "step_000000.png").exists(), process)
    time.sleep(1.0)  # well inside the loop
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    name = signal.Signals(signum).name
    assert last.startswith(f"tf2gan: stopped by {name}: saved a checkpoint at step ")
    step = int(last.split("at step ")[1].split()[0])
    assert _checkpoints(run_dir)[-1] == f"ckpt-{step}"
    assert int(checkpoint_values(run_dir)["step/.ATTRIBUTES/VARIABLE_VALUE"]) == step


def _noise_gone_bad_at_step_25(monkeypatch):
    drawn = loops.iteration_noise

    def poisoned(variant, seed, step):
        draws = drawn(variant, seed, step)
        poison = tf.where(step >= 25, np.float32(np.nan), np.float32(0.0))
        return draws._replace(d=draws.d + poison, g=draws.g + poison)

    monkeypatch.setattr(loops, "iteration_noise", poisoned)


def _weights_gone_bad_in_the_span_of_step_25(monkeypatch):
    # A NaN can reach the weights while the losses stay finite (a fused
    # matmul-and-ReLU maps NaN inputs to 0 but not their gradients, where
    # oneDNN fuses them): the span's losses are taken, then G's weights go bad.
    run = loops.FusedLoop.run

    def poisoned(self, start, count):
        span = run(self, start, count)
        if start <= 25 < start + span.completed:
            kernel = self.gan.generator.trainable_variables[0]
            kernel.assign(tf.fill(kernel.shape, np.nan))
        return span

    monkeypatch.setattr(loops.FusedLoop, "run", poisoned)


@pytest.mark.slow
@pytest.mark.parametrize("variant,poison,message", [
    ("smoothing", _noise_gone_bad_at_step_25,
     r"^d_loss is nan at epoch 0 \(26 iterations\); stopped without saving\. "
     r"The last good checkpoint is kept: .*ckpt-20$"),
    ("tf101", _weights_gone_bad_in_the_span_of_step_25,
     r"^the weights are not finite after iterations 21-30, though the losses are; "
     r"stopped without saving\. The last good checkpoint is kept: .*ckpt-20$"),
])
def test_non_finite_numbers_stop_the_run_and_keep_the_last_good_checkpoint(
        monkeypatch, tmp_path, variant, poison, message):
    poison(monkeypatch)
    run_dir = tmp_path / "run"
    settings = RunSettings(run_dir=str(run_dir), dataset="mnist_sample", steps=60,
                           checkpoint_every=10, steps_per_call=10)
    with pytest.raises(RunError, match=message) as stopped:
        train(VARIANTS[variant], settings)
    assert _checkpoints(run_dir) == ["ckpt-10", "ckpt-20"]
    # What a fidelity study reads to count the run as diverged, not as failed.
    diverged = json.loads((run_dir / "diverged.json").read_text())
    assert str(stopped.value).startswith(diverged["what"] + "; stopped without saving")
    assert diverged["step"] in range(25, 30)


def _assert_one_line(result, status, text):
    assert result.returncode == status, result.stderr
    assert result.stderr.strip().splitlines() == [text]


@pytest.mark.slow
def test_a_full_disk_under_the_checkpoints_is_one_line(run_cli, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    # 4 MB: room for the run's first files, not for goodfellow's 11 MB checkpoint.
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(small)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        result = run_cli("tf2gan.main", f"--run_dir={small / 'run'}", "--variant=goodfellow",
                         "--dataset=mnist_sample", "--steps=60", "--checkpoint_every=10")
    finally:
        subprocess.run(["umount", str(small)], check=True)
    _assert_one_line(result, 1, f"tf2gan: error: cannot write a checkpoint in "
                                f"{small / 'run'}/checkpoints: No space left on device")


@pytest.mark.slow
def test_a_second_signal_stops_at_once_inside_a_span(tmp_path):
    # The first signal waits for the span under way (about a second); the
    # second, sent right after it, does not.
    run_dir = tmp_path / "run"
    process = start_module("tf2gan.main", f"--run_dir={run_dir}", "--variant=dropout",
                           "--dataset=mnist_sample", "--steps=1000000")
    wait_for(lambda: (run_dir / "samples" / "epoch_000_batch_0000.png").exists(), process)
    time.sleep(2.0)  # inside the loop, spans grown to about a second
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    second = signal.Signals(process.returncode - 128)  # whichever the kernel delivered last
    assert second in (signal.SIGINT, signal.SIGTERM)
    assert stderr.strip().splitlines()[-1] == (
        f"tf2gan: a second stop signal ({second.name}): stopping now, without saving; "
        "checkpoints already written are kept")
    assert not (run_dir / "checkpoints").exists()  # nothing saved on the way out
