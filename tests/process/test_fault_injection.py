"""Fault injection: runs damaged or interrupted at random moments, then resumed.

Real processes and files. Every fault ends in one of two ways, and nothing
else (the invariants, `_assert_invariants`):

- exit 0, having reached the planned step count from a checkpoint no older
  than --checkpoint_every before the newest one on disk when the fault hit;
- or one line on stderr, a non-zero exit, and every checkpoint that was on
  disk before the fault (but the one damaged) still there, unchanged.

Random choices (when to kill, where to cut a file) come from one seeded
generator (conftest's `rng`): TF2GAN_FAULT_SEED replays a failure. The
summary at the end of the test run says how many faults of each kind were
injected. The files around a run (samples, exports, the judge's cache,
studies) have theirs in test_files_around_a_run.py.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time

import numpy as np
import pytest
from helpers import error_lines, fill, free_ports, run_module, small_disk, start_module

TF101 = ("--variant=tf101", "--dataset=mnist_sample")
EVERY = 10


def _checkpoints_on_disk(run_dir):
    folder = os.path.join(str(run_dir), "checkpoints")
    names = os.listdir(folder) if os.path.isdir(folder) else []
    return sorted(int(m.group(1)) for n in names if (m := re.fullmatch(r"ckpt-(\d+)\.index", n)))


def _checkpoint_bytes(run_dir):
    """The checkpoint files' bytes by name. A save killed midway may leave a
    ckpt-N_temp folder of its shards, which the next run clears: not a file."""
    folder = os.path.join(str(run_dir), "checkpoints")
    return {name: open(os.path.join(folder, name), "rb").read()
            for name in os.listdir(folder)
            if name.startswith("ckpt-") and os.path.isfile(os.path.join(folder, name))}


def _assert_invariants(result, run_dir, planned, newest_before, before, damaged=(), every=EVERY):
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == 0:
        assert _checkpoints_on_disk(run_dir)[-1] == planned
        resumed = re.search(r"resuming \S+ at step (\d+)", result.stdout)
        assert (int(resumed.group(1)) if resumed else 0) >= newest_before - every, result.stdout
        return "completed"
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("tf2gan: "), result.stderr
    now = _checkpoint_bytes(run_dir)
    for name, data in before.items():
        if not any(name.startswith(d) for d in damaged):
            assert now.get(name) == data, f"{name} changed or went missing"
    return "refused in one line"


def _copy(base_run, tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(base_run, run_dir)
    return run_dir


def _resume(run_dir, steps=40):
    return run_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, f"--steps={steps}",
                      f"--checkpoint_every={EVERY}", "--seed=4", "--resume")


def _cut(path, rng):
    data = open(path, "rb").read()
    keep = rng.randrange(0, len(data))
    with open(path, "wb") as f:
        f.write(data[:keep])
    return keep


# What can happen to the files of the newest checkpoint, ckpt-30, and to the
# index that names the checkpoints.
DAMAGE = {
    "data file cut short": lambda run, rng: _cut(
        run / "checkpoints" / "ckpt-30.data-00000-of-00001", rng),
    "index file of a checkpoint cut short": lambda run, rng: _cut(
        run / "checkpoints" / "ckpt-30.index", rng),
    "checkpoint index lost": lambda run, rng: os.remove(run / "checkpoints" / "checkpoint"),
    "checkpoint index garbled": lambda run, rng: (run / "checkpoints" / "checkpoint").write_bytes(
        bytes(rng.randrange(256) for _ in range(200))),
    "checkpoint index emptied": lambda run, rng: (run / "checkpoints" / "checkpoint").write_text(""),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_checkpoint_or_index_never_loses_the_run(base_run, tmp_path, rng, kind,
                                                           injected):
    run_dir = _copy(base_run, tmp_path)
    before = _checkpoint_bytes(run_dir)
    DAMAGE[kind](run_dir, rng)
    injected(kind)

    result = _resume(run_dir)
    assert _assert_invariants(result, run_dir, 40, 30, before, damaged=("ckpt-30",)) == "completed"
    newest_intact = kind.startswith("checkpoint index")
    assert f"resuming {run_dir} at step {30 if newest_intact else 20}" in result.stdout
    if not newest_intact:
        assert f"checkpoint {run_dir}/checkpoints/ckpt-30 cannot be read" in result.stdout
    sampled = run_module("tf2gan.sample", f"--run_dir={run_dir}", "--num=2",
                         f"--out={tmp_path / 's.npz'}")
    assert sampled.returncode == 0 and "from step 40" in sampled.stdout, sampled.stderr


def _poison_newest(run_dir):
    """Rewrite ckpt-30 with NaN in G's first kernel, as a bad write of numbers would."""
    import tensorflow as tf

    prefix = str(run_dir / "checkpoints" / "ckpt-30")
    reader = tf.train.load_checkpoint(prefix)
    # G's first kernel, saved under the first object that tracks it: G's optimiser.
    key = "g_optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE"
    values = {k: reader.get_tensor(k) for k in reader.get_variable_to_shape_map()}
    values[key] = np.full_like(values[key], np.nan)
    # A checkpoint with the same keys, written by tf.raw_ops.SaveV2.
    names = sorted(values)
    tf.raw_ops.SaveV2(prefix=prefix, tensor_names=names, shape_and_slices=[""] * len(names),
                      tensors=[tf.constant(values[n]) for n in names])


@pytest.mark.slow
def test_a_checkpoint_of_numbers_that_are_not_finite_is_passed_over(base_run, tmp_path, injected):
    run_dir = _copy(base_run, tmp_path)
    _poison_newest(run_dir)
    injected("checkpoint holding NaN weights")
    sampled = run_module("tf2gan.sample", f"--run_dir={run_dir}", "--num=2",
                         f"--out={tmp_path / 's.npz'}")
    assert sampled.returncode == 0, sampled.stderr
    assert "ckpt-30 holds numbers that are not finite; trying the one before" in sampled.stdout
    assert "from step 20" in sampled.stdout
    result = _resume(run_dir)
    assert f"resuming {run_dir} at step 20" in result.stdout
    assert _assert_invariants(result, run_dir, 40, 30, {}) == "completed"


@pytest.mark.slow
def test_when_no_checkpoint_can_be_used_resume_refuses_and_touches_nothing(base_run, tmp_path,
                                                                          rng, injected):
    run_dir = _copy(base_run, tmp_path)
    for step in (10, 20, 30):
        _cut(run_dir / "checkpoints" / f"ckpt-{step}.data-00000-of-00001", rng)
        injected("data file cut short")
    before = _checkpoint_bytes(run_dir)
    config = (run_dir / "config.json").read_bytes()
    result = _resume(run_dir)
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        f"tf2gan: error: none of the checkpoints in {run_dir}/checkpoints (ckpt-30, ckpt-20, "
        "ckpt-10) can be used; they are left as they are"]
    assert _checkpoint_bytes(run_dir) == before and (run_dir / "config.json").read_bytes() == config


@pytest.mark.slow
def test_a_run_never_starts_over_in_a_folder_that_holds_checkpoints(base_run, tmp_path, injected):
    run_dir = _copy(base_run, tmp_path)
    os.remove(run_dir / "config.json")
    injected("config.json lost")
    before = _checkpoint_bytes(run_dir)
    for resume in ((), ("--resume",)):
        result = run_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, "--steps=40", *resume)
        assert result.returncode == 2 and len(error_lines(result.stderr)) == 1, result.stderr
    assert _checkpoint_bytes(run_dir) == before


@pytest.mark.slow
def test_a_config_json_that_is_not_a_runs_is_one_line_for_every_reader(base_run, tmp_path,
                                                                       injected):
    run_dir = _copy(base_run, tmp_path)
    for text, module, flags in (
            ("[1, 2]", "tf2gan.main", (*TF101, "--steps=40", "--resume")),
            ('{"variant": 3}', "tf2gan.sample", ("--num=2", f"--out={tmp_path / 's.npz'}")),
            ("{not json", "tf2gan.evaluate", ("--num=10",))):
        (run_dir / "config.json").write_text(text)
        injected("config.json garbled")
        result = run_module(module, f"--run_dir={run_dir}", *flags)
        assert result.returncode == 2, (module, result.stderr)
        assert error_lines(result.stderr)[0].startswith(f"tf2gan: error: {run_dir}/config.json")


@pytest.mark.slow
def test_kill_9_at_random_moments_of_saving_then_resume(tmp_path, rng, injected):
    run_dir, planned = tmp_path / "run", 80
    # goodfellow's checkpoint is 11 MB and one is written every iteration: most
    # of the run's time is spent saving, so most kills land inside a save.
    flags = ("--variant=goodfellow", "--dataset=mnist_sample", f"--steps={planned}",
             "--checkpoint_every=1", "--seed=2")
    for attempt in range(3):
        resume = ("--resume",) if attempt else ()
        process = start_module("tf2gan.main", f"--run_dir={run_dir}", *flags, *resume,
                               stdout=subprocess.DEVNULL)
        began = time.monotonic()
        start = _checkpoints_on_disk(run_dir)[-1] if attempt else 0
        while len(_checkpoints_on_disk(run_dir)) < 1 or _checkpoints_on_disk(run_dir)[-1] <= start:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() - began < 120
            time.sleep(0.02)
        folder = run_dir / "checkpoints"
        saving = lambda: any(name.endswith("_temp") for name in os.listdir(folder))
        if rng.random() < 0.75:  # mostly inside a save: wait for one to begin
            while not saving():
                assert process.poll() is None, process.communicate()
                time.sleep(0.001)
            time.sleep(rng.uniform(0.0, 0.003))
        else:
            time.sleep(rng.uniform(0.0, 1.0))
        process.kill()
        process.wait()
        injected("kill -9 inside a checkpoint save" if saving() else
                 "kill -9 between checkpoint saves")
    newest = _checkpoints_on_disk(run_dir)[-1]
    before = _checkpoint_bytes(run_dir)
    result = run_module("tf2gan.main", f"--run_dir={run_dir}", *flags, "--resume")
    assert _assert_invariants(result, run_dir, planned, newest, before, every=1) == "completed"
    assert not [n for n in os.listdir(run_dir / "checkpoints") if n.endswith("_temp")]


@pytest.mark.slow
def test_a_second_writer_is_refused_and_readers_are_not(base_run, tmp_path, injected):
    run_dir = _copy(base_run, tmp_path)
    first = start_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, "--steps=1000000",
                         f"--checkpoint_every={EVERY}", "--seed=4", "--resume",
                         stdout=subprocess.DEVNULL)
    try:
        began = time.monotonic()
        while _checkpoints_on_disk(run_dir)[-1] <= 30:  # the first writer is training
            assert first.poll() is None, first.communicate()
            assert time.monotonic() - began < 120
            time.sleep(0.1)
        # Another variant: refused all the same, before anything is read or written.
        second = run_module("tf2gan.main", f"--run_dir={run_dir}", "--variant=goodfellow",
                            "--dataset=mnist_sample", "--steps=50", "--resume")
        injected("second writer on a run directory")
        assert second.returncode == 2
        assert error_lines(second.stderr) == [
            f"tf2gan: error: {run_dir} is in use: another tf2gan process (PID {first.pid}) "
            "is training in it; wait for it to end or choose another --run_dir"]
        sampled = run_module("tf2gan.sample", f"--run_dir={run_dir}", "--num=2",
                             f"--out={tmp_path / 's.npz'}")
        assert sampled.returncode == 0, sampled.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    assert first.returncode == 128 + signal.SIGTERM


@pytest.mark.slow
def test_a_full_disk_during_resume_is_one_line_and_keeps_everything(base_run, tmp_path, rng,
                                                                    injected):
    with small_disk(tmp_path / "disk", "24m") as disk:
        run_dir = disk / "run"
        shutil.copytree(base_run, run_dir)
        before = _checkpoint_bytes(run_dir)
        fill(disk, leave=rng.randrange(0, 4096))  # the disk fills up, to a random last few bytes
        injected("full disk during resume")
        result = _resume(run_dir)
        assert result.returncode == 1
        assert _assert_invariants(result, run_dir, 40, 30, before) == "refused in one line"
        json.loads((run_dir / "config.json").read_text())  # whole, old or new
        assert not [n for n in os.listdir(run_dir / "checkpoints")
                    if n.endswith("_temp") or ".tmp" in n]


@pytest.mark.slow
def test_a_full_disk_under_a_picture_is_one_line(run_cli, tmp_path, injected):
    run_dir = tmp_path / "run"
    with small_disk(run_dir / "samples", "4k"):  # no room for the first picture
        result = run_cli("tf2gan.main", f"--run_dir={run_dir}", "--variant=goodfellow",
                         "--dataset=mnist_sample", "--steps=60")
        injected("full disk under a picture")
        assert result.returncode == 1
        assert error_lines(result.stderr) == [
            f"tf2gan: error: cannot write {run_dir}/samples/epoch_000.png: "
            "No space left on device"]
        assert os.listdir(run_dir / "samples") == []  # no half-written picture, no temporary


@pytest.mark.slow
def test_stop_signals_in_the_first_seconds_are_one_line(tmp_path, rng, injected):
    for attempt, signum in enumerate((signal.SIGINT, signal.SIGTERM, signal.SIGINT)):
        run_dir = tmp_path / f"run{attempt}"
        process = start_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, "--steps=1000000")
        time.sleep(rng.uniform(0.3, 4.0))
        process.send_signal(signum)
        injected(f"{signal.Signals(signum).name} in the first seconds")
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 128 + signum, stderr
        assert "Traceback" not in stderr
        lines = error_lines(stderr)
        assert len(lines) == 1 and lines[0].startswith(
            f"tf2gan: stopped by {signal.Signals(signum).name}"), stderr


@pytest.fixture
def lonely_worker(tmp_path):
    """Start worker 0 of two, whose peer never comes; killed at the end whatever happens."""
    started = []

    def start(*flags):
        workers = [f"localhost:{port}" for port in free_ports(2)]
        tf_config = json.dumps({"cluster": {"worker": workers},
                                "task": {"type": "worker", "index": 0}})
        process = start_module("tf2gan.main", f"--run_dir={tmp_path / 'run'}", *TF101,
                               "--steps=10", "--strategy=multi_worker", *flags,
                               env={"TF_CONFIG": tf_config})
        started.append(process)
        return process, int(workers[0].split(":")[1])

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.slow
def test_a_worker_whose_peer_never_comes_gives_up_in_one_line(lonely_worker, injected):
    process, _ = lonely_worker("--worker_timeout=5")
    injected("multi-worker peer that never comes")
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert error_lines(stderr) == [
        "tf2gan: error: starting with the other workers in TF_CONFIG (are they all running?) "
        "did not finish within 5 s; stopping (nothing was saved)"]


@pytest.mark.slow
def test_a_worker_waiting_for_its_peer_stops_on_sigterm(lonely_worker, injected):
    process, port = lonely_worker()
    began = time.monotonic()
    while True:  # its server is up: it waits for the peer inside TensorFlow
        assert process.poll() is None and time.monotonic() - began < 120
        with socket.socket() as probe:
            if probe.connect_ex(("localhost", port)) == 0:
                break
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    injected("SIGTERM while waiting for a multi-worker peer")
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGTERM
    assert error_lines(stderr) == [
        "tf2gan: stopped while starting with the other workers in TF_CONFIG (are they all "
        "running?) was under way; nothing was saved"]
