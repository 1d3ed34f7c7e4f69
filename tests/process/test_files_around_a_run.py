"""Fault injection around a run: the files tf2gan writes outside a run's
checkpoints (samples, exports, the judge's cache, a study's tables) and the
processes a study starts.

The rules are those of the run directory: a file is written whole or not at
all, and an earlier file of the same name survives a write that fails; a
damaged cache is rebuilt in one line; a damaged study file is refused in one
line that names it and says how to recover; a study's children die with it;
every size is checked against the machine before work starts. Every fault is
recorded for the suite's "faults injected" summary.
"""

import json
import os
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
from helpers import (error_lines, fill, make_read_only, run_module, small_disk,
                     start_module, wait_for)

TF101 = ("--variant=tf101", "--dataset=mnist_sample")


def _one_line(result, status=None):
    """The command failed in one line of tf2gan's and no traceback; that line."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0 if status is None else result.returncode == status, (
        result.returncode, result.stderr)
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("tf2gan: "), result.stderr
    return lines[0]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (dead, not yet reaped) counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


# ---------------------------------------------------------------------------
# The judge's cache


def _cache_copy(judge_cache, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(judge_cache, cache)
    return cache


def _cut(path, rng):
    data = path.read_bytes()
    path.write_bytes(data[:rng.randrange(0, len(data))])


@pytest.mark.parametrize("suffix", [".npz", ".keras"])
def test_a_cut_short_judge_cache_is_retrained_in_one_line(base_run, judge_cache, tmp_path, rng,
                                                          injected, suffix):
    cache = _cache_copy(judge_cache, tmp_path)
    (damaged,) = cache.glob(f"*{suffix}")
    _cut(damaged, rng)
    injected(f"judge cache {suffix} cut short")
    process = start_module("tf2gan.evaluate", f"--run_dir={base_run}", "--num=20",
                           f"--classifier_dir={cache}")
    try:
        # It says so and trains a new classifier: minutes, so the test stops it there.
        line = process.stdout.readline()
        assert line.startswith(f"tf2gan: the cached classifier {cache}/"), line
        assert "cannot be read" in line and line.rstrip().endswith("training a new one")
        assert process.stdout.readline().startswith("tf2gan: training the classifier ")
    finally:
        process.kill()
        _, stderr = process.communicate()
    assert "Traceback" not in stderr, stderr


def test_the_judge_cache_is_written_whole_or_not_at_all(judge_cache, tmp_path, injected):
    from tf2gan.base.errors import UsageError
    from tf2gan.judge import classifier

    with small_disk(tmp_path / "disk", "4m") as disk:
        cache = disk / "cache"
        shutil.copytree(judge_cache, cache)
        before = {p.name: p.read_bytes() for p in cache.iterdir()}
        (name,) = {p.name.rsplit(".", 1)[0] for p in cache.iterdir() if p.suffix == ".json"}
        judge = classifier.load_cached(str(cache), name)
        fill(disk)
        injected("full disk under the judge cache")
        with pytest.raises(UsageError, match="cannot write the classifier cache"):
            classifier.save_cached(judge, str(cache), name)
        assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


@pytest.mark.slow
def test_processes_judging_at_once_train_the_classifier_once(tmp_path, monkeypatch):
    import threading

    from tf2gan.data.input_pipeline import LabelledImages
    from tf2gan.judge import classifier

    images = np.random.default_rng(0).integers(0, 256, (40, 28, 28), dtype=np.uint8)
    data = LabelledImages("tiny", "40 random images", images, np.arange(40) % 10,
                          images[:10], np.arange(10))
    trained = []

    def train(data, say=print):
        trained.append(threading.get_ident())
        time.sleep(1.0)  # long enough for the other to arrive while this one trains
        return classifier.build_classifier()

    monkeypatch.setattr(classifier, "train_classifier", train)
    judges = []
    threads = [threading.Thread(target=lambda: judges.append(
        classifier.load_or_train(data, str(tmp_path), say=lambda line: None)))
        for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(trained) == 1 and len(judges) == 2


# ---------------------------------------------------------------------------
# Samples and exports on a full or read-only disk


@pytest.fixture(scope="module")
def export_dir(base_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "export"
    result = run_module("tf2gan.export", f"--run_dir={base_run}", f"--out={out}")
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_sample_into_a_full_or_read_only_disk_keeps_the_earlier_file(base_run, tmp_path, fault,
                                                                     injected):
    with small_disk(tmp_path / "disk", "1m") as disk:
        out = disk / "samples.npz"
        first = run_module("tf2gan.sample", f"--run_dir={base_run}", "--num=4", f"--out={out}")
        assert first.returncode == 0, first.stderr
        before = out.read_bytes()
        fill(disk) if fault == "full" else make_read_only(disk)
        injected(f"sample --out into a {fault} disk")
        result = run_module("tf2gan.sample", f"--run_dir={base_run}", "--num=2000",
                            f"--out={out}")
        line = _one_line(result)
        assert line.startswith(f"tf2gan: error: cannot write {out}: ")
        assert out.read_bytes() == before
        assert np.load(out)["images"].shape == (4, 28, 28)
        assert sorted(p.name for p in disk.iterdir()) == (
            ["filler", "samples.npz"] if fault == "full" else ["samples.npz"])


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_export_into_a_full_or_read_only_disk_is_one_line(base_run, tmp_path, fault, injected):
    with small_disk(tmp_path / "disk", "1m") as disk:
        (disk / "export").write_text("an earlier file of the same name\n")
        fill(disk) if fault == "full" else make_read_only(disk)
        injected(f"export into a {fault} disk")
        for out in (disk / "export", disk / "new"):
            result = run_module("tf2gan.export", f"--run_dir={base_run}", f"--out={out}")
            _one_line(result)
        assert (disk / "export").read_text() == "an earlier file of the same name\n"
        assert not [p for p in disk.iterdir() if p.name not in ("export", "filler")]


@pytest.mark.parametrize("what", ["--gif", "--interpolate=4"])
@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_pictures_into_a_full_or_read_only_disk_are_one_line(base_run, tmp_path, what, fault,
                                                             injected):
    with small_disk(tmp_path / "disk", "64m") as disk:
        run_dir = disk / "run"
        shutil.copytree(base_run, run_dir)
        shutil.copy(run_dir / "samples" / "step_000000.png", run_dir / "samples" / "step_000001.png")
        fill(disk) if fault == "full" else make_read_only(disk)
        injected(f"sample {what.split('=')[0]} into a {fault} disk")
        result = run_module("tf2gan.sample", f"--run_dir={run_dir}", what)
        line = _one_line(result)
        assert line.startswith(f"tf2gan: error: cannot write {run_dir}/samples/"), line


# ---------------------------------------------------------------------------
# Sizes: checked against the machine before work starts


@pytest.mark.parametrize("flags", [
    ("--num=4294967301",), ("--num=3000000000",), ("--num=10000000",),
    ("--interpolate=1000000000",)])
def test_sizes_beyond_the_machine_are_refused_before_work_starts(base_run, export_dir, tmp_path,
                                                                 flags, injected):
    injected("size beyond the machine")
    sources = [f"--run_dir={base_run}"]
    if flags[0].startswith("--num"):
        sources.append(f"--model={export_dir}")
    for source in sources:
        out = () if flags[0].startswith("--interpolate") else (f"--out={tmp_path / 's.npz'}",)
        result = run_module("tf2gan.sample", source, *flags, *out, timeout=60)
        line = _one_line(result, 2)
        assert flags[0].split("=")[0] in line, line
        assert not (tmp_path / "s.npz").exists()


@pytest.mark.parametrize("module, flags", [
    ("tf2gan.evaluate", ("--num=1000000000",)),
    ("tf2gan.main", (*TF101, "--steps=40", "--eval_every=10", "--eval_num=1000000000")),
    ("tf2gan.fidelity", ("--variant=tf101", "--dataset=mnist_sample", "--num=1000000000"))])
def test_judging_more_samples_than_the_machine_holds_is_refused_at_once(base_run, tmp_path,
                                                                        module, flags, injected):
    injected("size beyond the machine")
    where = {"tf2gan.evaluate": f"--run_dir={base_run}", "tf2gan.main": f"--run_dir={tmp_path}/r",
             "tf2gan.fidelity": f"--study_dir={tmp_path}/s"}[module]
    result = run_module(module, where, *flags, timeout=60)
    line = _one_line(result, 2)
    assert "num=1000000000" in line and "memory" in line, line
    assert not (tmp_path / "r").exists() and not (tmp_path / "s").exists()


# ---------------------------------------------------------------------------
# Damaged exports


DAMAGED_EXPORTS = {
    "no saved_model.pb": lambda out: os.remove(out / "saved_model.pb"),
    "garbage saved_model.pb": lambda out: (out / "saved_model.pb").write_bytes(b"\x00garbage" * 9),
    "no variables/": lambda out: shutil.rmtree(out / "variables"),
    "only the manifest": lambda out: [shutil.rmtree(p) if p.is_dir() else os.remove(p)
                                      for p in out.iterdir() if p.name != "tf2gan_export.json"],
    "manifest {}": lambda out: (out / "tf2gan_export.json").write_text("{}"),
    "manifest []": lambda out: (out / "tf2gan_export.json").write_text("[]"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED_EXPORTS))
def test_sampling_a_damaged_export_is_one_line(export_dir, tmp_path, damage, injected):
    out = tmp_path / "export"
    shutil.copytree(export_dir, out)
    DAMAGED_EXPORTS[damage](out)
    injected(f"export damaged: {damage}")
    result = run_module("tf2gan.sample", f"--model={out}", "--num=2",
                        f"--out={tmp_path / 's.npz'}")
    line = _one_line(result, 2)
    assert str(out) in line, line
    assert not (tmp_path / "s.npz").exists()


def test_an_export_killed_midway_is_cleared_by_the_next(base_run, tmp_path, injected):
    out = tmp_path / "export"
    process = start_module("tf2gan.export", f"--run_dir={base_run}", f"--out={out}")
    staging = f"{out}.tmp-{process.pid}"
    wait_for(lambda: os.path.isdir(staging), process)
    process.kill()
    process.communicate()
    injected("kill -9 during export")
    assert os.path.isdir(staging)
    result = run_module("tf2gan.export", f"--run_dir={base_run}", f"--out={out}")
    assert result.returncode == 0, result.stderr
    assert f"removed {staging}, left by an export that did not finish" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["export"]


# ---------------------------------------------------------------------------
# Where sample writes


def test_sample_names_the_file_it_writes_and_refuses_an_empty_out(base_run, tmp_path):
    result = run_module("tf2gan.sample", f"--run_dir={base_run}", "--num=2",
                        f"--out={tmp_path / 'gf1'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f" to {tmp_path / 'gf1.npz'}")
    assert os.listdir(tmp_path) == ["gf1.npz"]
    empty = run_module("tf2gan.sample", f"--run_dir={base_run}", "--num=2", "--out=")
    assert "--out" in _one_line(empty, 2)
    assert not os.path.exists(os.path.join(os.path.dirname(__file__), "..", "..", ".npz"))


# ---------------------------------------------------------------------------
# Resuming: what a refusal says, and what it leaves


def test_resuming_with_fewer_steps_than_run_is_refused_and_keeps_the_config(base_run, tmp_path,
                                                                            injected):
    run_dir = tmp_path / "run"
    shutil.copytree(base_run, run_dir)
    config = (run_dir / "config.json").read_bytes()
    injected("resume with fewer steps than run")
    result = run_module("tf2gan.main", f"--run_dir={run_dir}", *TF101, "--steps=20",
                        "--checkpoint_every=10", "--seed=4", "--resume")
    line = _one_line(result, 2)
    assert "--steps=20" in line and "30" in line, line
    assert (run_dir / "config.json").read_bytes() == config


def test_resuming_another_variant_is_refused_briefly(base_run, tmp_path, injected):
    run_dir = tmp_path / "run"
    shutil.copytree(base_run, run_dir)
    injected("resume with another variant")
    result = run_module("tf2gan.main", f"--run_dir={run_dir}", "--variant=goodfellow",
                        "--dataset=mnist_sample", "--steps=40", "--resume")
    line = _one_line(result, 2)
    assert line == (f"tf2gan: error: --resume refused: {run_dir} holds a run of tf101, not "
                    "goodfellow; choose another --run_dir")


def test_a_config_edited_to_another_variant_is_named(base_run, tmp_path, injected):
    run_dir = tmp_path / "run"
    shutil.copytree(base_run, run_dir)
    config = json.loads((run_dir / "config.json").read_text())
    config["variant"]["name"] = "goodfellow"
    (run_dir / "config.json").write_text(json.dumps(config))
    injected("config.json edited to another variant")
    result = run_module("tf2gan.sample", f"--run_dir={run_dir}", "--num=2",
                        f"--out={tmp_path / 's.npz'}")
    line = _one_line(result)
    assert f"{run_dir}/config.json" in line and "goodfellow" in line, line


# ---------------------------------------------------------------------------
# Studies


def _study(study_dir, *extra, steps=20):
    """goodfellow for 20 iterations: its notebook printed its first losses after 550."""
    return ("tf2gan.fidelity", "--variant=goodfellow", "--dataset=mnist_sample",
            f"--steps={steps}", "--num=200", "--seeds=1", "--sides=tf2",
            f"--study_dir={study_dir}", *extra)


@pytest.fixture(scope="module")
def study(judge_cache, tmp_path_factory):
    """A finished study of one run: (its folder, what the command printed)."""
    study_dir = tmp_path_factory.mktemp("study") / "study"
    result = run_module(*_study(study_dir), timeout=600)
    assert result.returncode == 0, result.stderr
    return study_dir, result.stdout


def test_a_study_shorter_than_the_notebooks_first_point_finishes_without_it(study):
    study_dir, stdout = study
    assert ("the goodfellow notebook printed its first losses after iteration 550, after this "
            "study's 20: the table has no notebook comparison") in stdout
    results = json.loads((study_dir / "fidelity.json").read_text())
    assert [(r["side"], r["seed"], r["notebook"]) for r in results["runs"]] == [("tf2", 1, None)]
    assert (study_dir / "samples.png").exists()


def _copy_study(study, tmp_path):
    study_dir = tmp_path / "study"
    shutil.copytree(study[0], study_dir)
    return study_dir


STUDY_DAMAGE = {
    "fidelity.json garbled": ("fidelity.json", "{garbled"),
    "fidelity.json holding a row of nothing": ("fidelity.json", '{"runs": [{}]}'),
    "study.json garbled": ("study.json", "{garbled"),
    "study.json a list": ("study.json", "[]"),
}


@pytest.mark.parametrize("damage", sorted(STUDY_DAMAGE))
def test_a_damaged_study_file_is_refused_in_one_line_never_read_as_empty(study, tmp_path, damage,
                                                                          injected):
    study_dir = _copy_study(study, tmp_path)
    name, text = STUDY_DAMAGE[damage]
    (study_dir / name).write_text(text)
    injected(damage)
    result = run_module(*_study(study_dir, "--seeds=2"), timeout=120)
    line = _one_line(result, 2)
    assert f"{study_dir}/{name}" in line, line
    assert (study_dir / name).read_text() == text  # left for the user to look at
    assert not (study_dir / "tf2-seed2").exists()  # refused before any training


@pytest.mark.parametrize("text", ["[]", '{"step": 20, "num": 200}'])
def test_a_damaged_metrics_json_is_judged_again(study, tmp_path, text, injected):
    study_dir = _copy_study(study, tmp_path)
    (study_dir / "tf2-seed1" / "metrics.json").write_text(text)
    injected("a study run's metrics.json damaged")
    result = run_module(*_study(study_dir), timeout=300)
    assert result.returncode == 0, result.stderr
    assert "tf2 seed 1: metrics.json cannot be used" in result.stdout
    assert json.loads((study_dir / "tf2-seed1" / "metrics.json").read_text())["num"] == 200


def test_kill_9_of_a_study_takes_its_training_down_with_it(judge_cache, tmp_path, injected):
    study_dir = tmp_path / "study"
    process = start_module(*_study(study_dir, steps=1000000), stdout=subprocess.DEVNULL)
    lock = study_dir / "tf2-seed1" / ".lock"
    wait_for(lambda: lock.exists() and lock.read_text().strip(), process)
    child = int(lock.read_text())
    process.kill()
    process.communicate()
    injected("kill -9 of a study")
    began = time.monotonic()
    try:
        while _alive(child):
            assert time.monotonic() - began < 60, f"the training (PID {child}) outlived its study"
            time.sleep(0.1)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def test_a_study_never_deletes_the_folder_of_a_live_training(tmp_path, injected):
    study_dir = tmp_path / "study"
    run_dir = study_dir / "tf2-seed1"
    trainer = start_module("tf2gan.main", f"--run_dir={run_dir}", "--variant=goodfellow",
                           "--dataset=mnist_sample", "--steps=1000000",
                           "--checkpoint_every=1000000", "--seed=1", stdout=subprocess.DEVNULL)
    try:
        wait_for(lambda: (run_dir / "config.json").exists(), trainer)
        injected("study rerun beside a live training")
        result = run_module(*_study(study_dir), timeout=120)
        line = _one_line(result, 2)
        assert f"{run_dir} is in use" in line and str(trainer.pid) in line, line
        assert (run_dir / "config.json").exists() and trainer.poll() is None
    finally:
        trainer.send_signal(signal.SIGTERM)
        trainer.communicate(timeout=60)
