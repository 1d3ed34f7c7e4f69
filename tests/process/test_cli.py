"""The command lines end to end, as a user runs them, on the offline sample."""

import json
import os
import shutil

import numpy as np
import pytest
import tensorflow as tf
from helpers import run_module
from helpers import write_idx, write_split

from tf2gan.run import threads
from tf2gan.variants import VARIANTS


def _train(run_cli, run_dir, *flags):
    return run_cli("tf2gan.main", f"--run_dir={run_dir}", *flags)


def _assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tf2gan: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def _checkpoint_step(run_dir):
    reader = tf.train.load_checkpoint(os.path.join(run_dir, "checkpoints"))
    return int(reader.get_tensor("step/.ATTRIBUTES/VARIABLE_VALUE"))


@pytest.mark.slow
def test_train_then_sample_on_mnist_sample(run_cli, tmp_path):
    run_dir = tmp_path / "run"
    result = _train(run_cli, run_dir, "--variant=goodfellow", "--dataset=mnist_sample",
                    "--steps=60")
    assert result.returncode == 0, result.stderr
    assert "tf2gan: data: mnist_sample" in result.stdout
    assert "epoch 0 (50 iterations): D loss" in result.stdout  # 5,000 digits / 100
    config = json.loads((run_dir / "config.json").read_text())
    assert config["variant"]["name"] == "goodfellow" and config["total_steps"] == 60
    assert config["towers"] == threads.plan(VARIANTS["goodfellow"]).towers
    assert (run_dir / "samples" / "epoch_000.png").stat().st_size > 0
    assert any(name.startswith("events.out.tfevents") for name in os.listdir(run_dir))
    assert _checkpoint_step(run_dir) == 60

    out = tmp_path / "s.npz"
    result = run_cli("tf2gan.sample", f"--run_dir={run_dir}", "--num=30", f"--out={out}")
    assert result.returncode == 0, result.stderr
    images = np.load(out)["images"]
    assert images.dtype == np.uint8 and images.shape == (30, 28, 28)


@pytest.mark.slow
def test_sample_writes_float_vectors_for_gaussian1d(run_cli, tmp_path):
    run_dir = tmp_path / "run"
    assert _train(run_cli, run_dir, "--variant=gaussian1d", "--steps=5").returncode == 0
    out = tmp_path / "s.npz"
    assert run_cli("tf2gan.sample", f"--run_dir={run_dir}", "--num=7",
                   f"--out={out}").returncode == 0
    values = np.load(out)["values"]  # gaussian1d's samples, named as its export names them
    assert values.dtype == np.float32 and values.shape == (7, 100)


TF101_RUN = ("--variant=tf101", "--dataset=mnist_sample", "--checkpoint_every=10")


@pytest.fixture(scope="module")
def tf101_run(tmp_path_factory):
    """tf101 trained 20 iterations, checkpointed at 10 and 20: copied where a test changes it."""
    run_dir = tmp_path_factory.mktemp("tf101") / "run"
    result = _train(run_module, run_dir, *TF101_RUN, "--steps=20")
    assert result.returncode == 0, result.stderr
    return run_dir


@pytest.mark.slow
def test_resume_continues_the_step_counter(run_cli, tf101_run, tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(tf101_run, run_dir)
    assert _checkpoint_step(run_dir) == 20
    result = _train(run_cli, run_dir, *TF101_RUN, "--steps=35", "--resume")
    assert result.returncode == 0, result.stderr
    assert "resuming" in result.stdout and "at step 20" in result.stdout
    assert _checkpoint_step(run_dir) == 35


@pytest.mark.slow
def test_resume_refuses_a_changed_configuration(run_cli, tf101_run):
    result = _train(run_cli, tf101_run, *TF101_RUN, "--steps=40", "--seed=5", "--resume")
    _assert_one_line_error(result, "--resume refused", "seed was 0, now 5")
    assert _checkpoint_step(tf101_run) == 20


@pytest.mark.slow
def test_existing_run_is_not_overwritten_without_resume(run_cli, tf101_run):
    _assert_one_line_error(_train(run_cli, tf101_run, *TF101_RUN, "--steps=20"),
                           "already holds a run", "--resume")
    assert _checkpoint_step(tf101_run) == 20


def test_unknown_variant_lists_the_valid_ones(run_cli, tmp_path):
    _assert_one_line_error(_train(run_cli, tmp_path / "r", "--variant=wgan"),
                           "wgan", *VARIANTS)


@pytest.mark.parametrize("variant,dataset", [("gaussian1d", "mnist_sample"),
                                             ("goodfellow", "gaussian")])
def test_dataset_that_does_not_fit_the_variant(run_cli, tmp_path, variant, dataset):
    _assert_one_line_error(_train(run_cli, tmp_path / "r", f"--variant={variant}",
                                  f"--dataset={dataset}"), "does not fit variant")


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["tf2gan.main", "--impl=original", "--run_dir={tmp}/run"],
    ["tf2gan.fidelity", "--sides=tf2,tf1", "--study_dir={tmp}/study"],
    ["tf2gan.parity"], ["tf2gan.bench"]])
def test_a_variant_without_an_original_is_refused_where_one_would_run(run_cli, tmp_path,
                                                                     command):
    module, *flags = (part.format(tmp=tmp_path) for part in command)
    _assert_one_line_error(run_cli(module, "--variant=paper2014", *flags),
                           "paper2014 has no original to run here", "goodfellow")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("flag", ["--steps=0", "--steps=-3", "--epochs=0"])
def test_non_positive_schedule(run_cli, tmp_path, flag):
    _assert_one_line_error(_train(run_cli, tmp_path / "r", flag), flag.split("=")[0][2:])


@pytest.mark.slow
def test_towers_that_do_not_divide_the_batch(run_cli, tmp_path):
    _assert_one_line_error(_train(run_cli, tmp_path / "r", "--variant=goodfellow", "--towers=3"),
                           "--towers=3", "batch of 100")
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_unwritable_run_directory(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    _assert_one_line_error(_train(run_cli, blocker / "run", "--variant=gaussian1d"),
                           "cannot write to run directory")


@pytest.mark.slow
def test_missing_idx_file_is_named(run_cli, tmp_path):
    _assert_one_line_error(
        _train(run_cli, tmp_path / "r", "--dataset=mnist_idx", f"--data_dir={tmp_path}"),
        "train-images-idx3-ubyte.gz: not found")


@pytest.mark.slow
def test_truncated_idx_file_is_named(run_cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_split(data, np.zeros((5, 28, 28), np.uint8), np.zeros(5, np.uint8))
    write_idx(data / "train-images-idx3-ubyte.gz", np.zeros((5, 28, 28), np.uint8), cut=9)
    _assert_one_line_error(
        _train(run_cli, tmp_path / "r", "--dataset=mnist_idx", f"--data_dir={data}"),
        "train-images-idx3-ubyte.gz: truncated")


@pytest.mark.slow
def test_wrong_magic_idx_file_is_named(run_cli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write_split(data, np.zeros((5, 28, 28), np.uint8), np.zeros(5, np.uint8))
    write_idx(data / "train-images-idx3-ubyte.gz", np.zeros((5, 28, 28), np.uint8), magic=0x1234)
    _assert_one_line_error(
        _train(run_cli, tmp_path / "r", "--dataset=mnist_idx", f"--data_dir={data}"),
        "wrong magic number 0x00001234, expected 0x00000803")


@pytest.mark.slow
def test_sample_without_a_checkpoint(run_cli, tmp_path):
    _assert_one_line_error(run_cli("tf2gan.sample", f"--run_dir={tmp_path}",
                                   f"--out={tmp_path / 's.npz'}"), "holds no run")


def _generator_weights(run_dir):
    from tf2gan.run.checkpoints import restore_generator

    _, generator, _ = restore_generator(str(run_dir))
    return [w.numpy() for w in generator.trainable_variables]


@pytest.mark.slow
def test_seed_makes_a_run_repeatable_and_init_seed_changes_only_the_draw(run_cli, tmp_path):
    flags = ("--variant=dropout", "--dataset=mnist_sample", "--steps=3")
    runs = [tmp_path / "a", tmp_path / "b", tmp_path / "c", tmp_path / "d"]
    for run_dir, seeds in zip(runs, (["--seed=4"], ["--seed=4"], ["--seed=5"],
                                     ["--seed=5", "--init_seed=4"])):
        assert _train(run_cli, run_dir, *flags, *seeds).returncode == 0
    a, b, c, d = (_generator_weights(r) for r in runs)
    differ = lambda x, y: not any(np.array_equal(u, v) for u, v in zip(x, y))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert differ(a, c)
    assert differ(c, d)  # the same batches and noise from another draw
    assert differ(a, d)  # the same draw on other batches and noise
    assert json.loads((runs[3] / "config.json").read_text())["init_seed"] == 4


@pytest.mark.slow
def test_the_original_trains_and_its_run_samples(run_cli, tmp_path):
    # tf1 is the flag value's older name; the run records what it stands for.
    run_dir = tmp_path / "run"
    result = _train(run_cli, run_dir, "--variant=smoothing", "--impl=tf1",
                    "--dataset=mnist_sample", "--steps=12")
    assert result.returncode == 0, result.stderr
    assert json.loads((run_dir / "config.json").read_text())["impl"] == "original"
    assert (run_dir / "samples" / "final.png").exists()
    out = tmp_path / "s.npz"
    assert run_cli("tf2gan.sample", f"--run_dir={run_dir}", "--num=4",
                   f"--out={out}").returncode == 0
    assert np.load(out)["images"].shape == (4, 28, 28)


@pytest.mark.slow
def test_compare_writes_plot_table_and_verdict(run_cli, tmp_path):
    run_dir = tmp_path / "run"
    assert _train(run_cli, run_dir, "--variant=goodfellow", "--dataset=mnist_sample",
                  "--steps=1100").returncode == 0
    result = run_cli("tf2gan.compare", f"--run_dir={run_dir}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("goodfellow: ") and "regime over 2 printed points" in result.stdout
    table = (run_dir / "compare.md").read_text()
    assert "| 0 | 550 | -0.1141 |" in table and "| 1 | 1100 | -0.1452 |" in table
    assert (run_dir / "compare.png").stat().st_size > 0


@pytest.mark.slow
def test_the_original_can_start_from_tf2gans_draw_for_the_same_seed(run_cli, tmp_path):
    flags = ("--variant=tf101", "--dataset=mnist_sample", "--steps=2", "--seed=5")
    runs = {"tf2": (), "shared": ("--impl=original", "--initial_weights=tf2")}
    for name, extra in runs.items():
        result = _train(run_cli, tmp_path / name, *flags, *extra)
        assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "shared" / "config.json").read_text())["initial_weights"] == "tf2"
    ours, shared = (_generator_weights(tmp_path / name) for name in runs)
    # Two float32 steps of two implementations from one start: rounding apart
    # (the original's own draw would be 0.1 away: weights of stddev 0.1).
    for a, b in zip(ours, shared):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-5 * np.max(np.abs(a)))


def test_initial_weights_applies_to_the_original_only(run_cli, tmp_path):
    result = _train(run_cli, tmp_path / "run", "--variant=tf101", "--initial_weights=tf2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tf2gan: error: flag --initial_weights=tf2: --initial_weights=tf2 applies to "
        "--impl=original: tf2gan's variant always starts from its own draw"]
