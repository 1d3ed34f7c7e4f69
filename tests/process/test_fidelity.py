"""The fidelity study: its statistics, its table, and the command end to end
(interrupted, resumed, reused), on a tiny schedule of the offline digits."""

import json
import math
import os
import signal
import time

import pytest
import scipy.stats
from helpers import run_module, start_module

from tf2gan.studies import fidelity


@pytest.mark.parametrize("table", [(0, 10, 5, 5), (3, 7, 3, 7), (1, 9, 6, 4), (10, 0, 0, 10),
                                   (2, 1, 4, 8)])
def test_fisher_exact_matches_scipy(table):
    a, b, c, d = table
    expected = scipy.stats.fisher_exact([[a, b], [c, d]]).pvalue
    assert fidelity.fisher_exact(a, b, c, d) == pytest.approx(expected, rel=1e-9)


def _row(side, seed, fid, score, classes):
    return {"side": side, "seed": seed, "metrics": {"frechet_distance": fid,
                                                    "classifier_score": score,
                                                    "classes_present": classes},
            "notebook": None, "train_seconds": 60.0, "evaluate_seconds": 6.0}


def test_summary_gives_means_ranges_collapses_and_whether_tf2gan_lies_in_the_originals_range():
    rows = [_row("tf2", 1, 100.0, 7.0, 10), _row("tf2", 2, 400.0, 1.5, 2),
            _row("tf1", 1, 90.0, 7.5, 10), _row("tf1", 2, 120.0, 6.5, 9)]
    summary = fidelity.summarise(rows, collapse_below=8)
    tf2, tf1 = summary["sides"]["tf2"], summary["sides"]["tf1"]
    assert tf2["frechet_distance"] == {"mean": 250.0, "min": 100.0, "max": 400.0}
    assert (tf2["collapsed"], tf1["collapsed"]) == (1, 0)
    assert not summary["verdicts"]["frechet_distance_mean_inside_original_range"]  # 250 > 120
    assert not summary["verdicts"]["classifier_score_mean_inside_original_range"]  # 4.25 < 6.5
    assert summary["verdicts"]["collapse_fisher_p"] == pytest.approx(1.0)
    table = fidelity.markdown(fidelity.Study("tf101", "mnist_idx", None, None, None, 10000),
                              rows, summary, 8)
    assert "| tf2 | 2 | 250.0 (100.0-400.0) |" in table
    assert "| 1 of 2 | 2: 1, 10: 1 |" in table and "lies OUTSIDE the original's seed range" in table


def _study(study_dir, *extra):
    return ("tf2gan.fidelity", "--variant=tf101", "--dataset=mnist_sample", "--steps=2000",
            "--num=200", "--seeds=1", "--sides=tf2", f"--study_dir={study_dir}",
            *extra)


@pytest.mark.slow
def test_the_study_survives_a_stop_resumes_its_run_and_reuses_finished_ones(tmp_path, judge_cache):
    study_dir = tmp_path / "study"
    process = start_module(*_study(study_dir))
    checkpoints = study_dir / "tf2-seed1" / "checkpoints"
    began = time.monotonic()
    while not any(checkpoints.glob("ckpt-*.index")):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() - began < 120
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert stderr.strip().splitlines()[-1] == (
        "tf2gan: stopped by SIGTERM: tf2 seed 1 training was stopped; run the same command "
        "to continue the study")

    again = run_module(*_study(study_dir), timeout=600)
    assert again.returncode == 0, again.stderr
    assert "tf2 seed 1: continuing from step " in again.stdout
    results = json.loads((study_dir / "fidelity.json").read_text())
    assert [(r["side"], r["seed"], r["step"]) for r in results["runs"]] == [("tf2", 1, 2000)]
    assert results["runs"][0]["notebook"]["printed_points"] == 11  # the notebook's steps 0-1000
    assert "| 1 | tf2 |" in (study_dir / "fidelity.md").read_text()
    assert (study_dir / "samples.png").read_bytes()[:4] == b"\x89PNG"

    reused = run_module(*_study(study_dir), timeout=120)
    assert reused.returncode == 0, reused.stderr
    assert "tf2 seed 1: trained already (2,000 iterations)" in reused.stdout
    assert "tf2 seed 1: judged already" in reused.stdout
    assert json.loads((study_dir / "fidelity.json").read_text())["runs"] == results["runs"]


def test_a_study_directory_holds_one_study(run_cli, tmp_path):
    (tmp_path / "study").mkdir()
    (tmp_path / "study" / "study.json").write_text(json.dumps(
        {"variant": "tf101", "dataset": "mnist_sample", "data_dir": None, "steps": 2000,
         "epochs": None, "num": 500}))
    result = run_cli(*_study(tmp_path / "study"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tf2gan: error: {tmp_path / 'study'} holds another study (num was 500, now 200); "
        "choose another --study_dir"]


@pytest.mark.parametrize("a,b", [([1.0, 2.5, 3.0], [4.0, 5.0, 6.5, 7.0]),
                                 ([265.5, 677.7, 291.1, 462.9], [271.4, 357.6, 290.6, 300.5]),
                                 ([3.0, 1.0, 2.0, 2.0], [2.0, 4.0, 5.0]),  # ties
                                 ([0.1 * i for i in range(9)], [0.1 * i + 0.05 for i in range(9)])])
def test_rank_sum_is_the_exact_permutation_test(a, b):
    # Every way of drawing len(a) of the pooled values, by brute force.
    import itertools

    ranks = scipy.stats.rankdata(a + b)
    observed = sum(ranks[:len(a)])
    sums = [sum(c) for c in itertools.combinations(ranks, len(a))]
    below = sum(s <= observed + 1e-9 for s in sums) / len(sums)
    above = sum(s >= observed - 1e-9 for s in sums) / len(sums)
    assert fidelity.rank_sum_p(a, b) == pytest.approx(min(1.0, 2 * min(below, above)), rel=1e-9)
    if len(set(a + b)) == len(a + b):  # without ties, scipy's exact test says the same
        assert fidelity.rank_sum_p(a, b) == pytest.approx(
            scipy.stats.mannwhitneyu(a, b, method="exact").pvalue, rel=1e-9)


def test_rank_sums_compare_each_pair_of_sides_present_on_every_figure_all_their_runs_have():
    rows = [_row("tf2", 1, 100.0, 7.0, 10), _row("tf2", 2, 400.0, 1.5, 2),
            _row("tf1", 1, 90.0, 7.5, 10), _row("tf1", 2, 120.0, 6.5, 9),
            _row("tf1-shared", 1, 110.0, 6.0, 9), _row("tf1-shared", 2, 390.0, 2.0, 3)]
    for row, parzen in zip(rows, (-30.0, -80.0, 5.0, 2.0, -20.0, -90.0)):
        row["metrics"]["parzen_log_likelihood"] = parzen
    rows[2]["metrics"].pop("parzen_log_likelihood")  # one run of tf1 judged without it
    tests = fidelity.summarise(rows, collapse_below=8)["verdicts"]["rank_sum_p"]
    assert list(tests) == ["tf2 vs tf1", "tf2 vs tf1-shared", "tf1-shared vs tf1"]
    assert set(tests["tf2 vs tf1"]) == {"frechet_distance", "classifier_score"}
    assert tests["tf2 vs tf1-shared"]["parzen_log_likelihood"] == pytest.approx(
        fidelity.rank_sum_p([-30.0, -80.0], [-20.0, -90.0]))
    table = fidelity.markdown(fidelity.Study("tf101", "mnist_idx", None, None, None, 10000),
                              rows, fidelity.summarise(rows, 8), 8)
    assert "| -55.0 (-80.0 to -30.0) |" in table  # tf2's Parzen LL: a negative range reads "to"
    assert "- tf2 vs tf1-shared by ranks (Wilcoxon-Mann-Whitney, two-sided): Fréchet " \
           "distance p = 1, classifier score p = 1, Parzen LL p = 1." in table


class _RecordingChild:
    """A fidelity._Child that records the command line instead of running it."""

    def __init__(self) -> None:
        self.args: list[str] = []

    def run(self, args, log_path, what):
        self.args = args
        return 0


def test_the_redrawn_side_trains_tf2gan_from_another_draw_on_the_same_seeds_batches(tmp_path):
    study = fidelity.Study("tf101", "mnist_sample", None, 2000, None, 200)
    run = fidelity.Run("tf2-redrawn", 7, str(tmp_path / "tf2-redrawn-seed7"))
    child = _RecordingChild()
    fidelity._train(run, study, child)
    assert {"--impl=tf2", "--seed=7", "--init_seed=1007"} <= set(child.args)
    assert "--resume" not in child.args
    # Stopped midway, it continues from its checkpoint as the tf2 side does.
    (tmp_path / "tf2-redrawn-seed7" / "config.json").write_text('{"total_steps": 2000}')
    (tmp_path / "tf2-redrawn-seed7" / "checkpoints").mkdir()
    (tmp_path / "tf2-redrawn-seed7" / "checkpoints" / "ckpt-500.index").write_text("")
    fidelity._train(run, study, child)
    assert "--resume" in child.args and "--init_seed=1007" in child.args
    # The original's other draw: its graph seeded with the same offset.
    fidelity._train(fidelity.Run("tf1-redrawn", 7, str(tmp_path / "tf1-redrawn-seed7")),
                    study, child)
    assert {"--impl=original", "--seed=7", "--init_seed=1007"} <= set(child.args)


def test_a_run_that_diverges_is_counted_and_ranks_worst_and_the_study_goes_on(tmp_path,
                                                                                monkeypatch):
    class DivergingChild:
        """Each training stops as train.py stops a run whose loss is not finite."""

        def run(self, args, log_path, what):
            run_dir = next(a.split("=", 1)[1] for a in args if a.startswith("--run_dir="))
            with open(os.path.join(run_dir, "diverged.json"), "w") as f:
                json.dump({"step": 18091, "what": "d_loss is inf at step 18091"}, f)
            return 1

    monkeypatch.setattr(fidelity, "_Child", DivergingChild)
    study = fidelity.Study("tf101", "mnist_sample", None, 2000, None, 200)
    fidelity.run_study(study, str(tmp_path), seeds=[1, 2], sides=["tf2"])
    results = json.loads((tmp_path / "fidelity.json").read_text())
    assert [(r["seed"], r["step"], r["diverged"]) for r in results["runs"]] == [
        (1, 18091, "d_loss is inf at step 18091"), (2, 18091, "d_loss is inf at step 18091")]
    assert results["sides"]["tf2"]["diverged"] == results["sides"]["tf2"]["collapsed"] == 2
    assert "| 1 | tf2, diverged at step 18,091 |" in (tmp_path / "fidelity.md").read_text()

    rows = [_row("tf1", 1, 300.0, 3.0, 6), _row("tf1", 2, 900.0, 1.0, 1),
            {"side": "tf2", "seed": 1, "step": 18091, "diverged": "d_loss is inf",
             "metrics": {}, "notebook": None, "train_seconds": 60.0},
            _row("tf2", 2, 280.0, 3.5, 7)]
    tests = fidelity.summarise(rows, collapse_below=8)["verdicts"]["rank_sum_p"]["tf2 vs tf1"]
    # The diverged run ranks below the collapsed one: 4,1 against 2,3 on Fréchet distance.
    assert tests["frechet_distance"] == pytest.approx(fidelity.rank_sum_p([math.inf, 280.0],
                                                                          [300.0, 900.0]))


def test_all_of_tf2gans_draws_are_ranked_together_against_the_originals():
    rows = [_row("tf2", 1, 400.0, 2.0, 4), _row("tf2-redrawn", 1, 300.0, 3.0, 6),
            _row("tf1", 1, 280.0, 3.2, 6), _row("tf1", 2, 290.0, 3.1, 6)]
    tests = fidelity.summarise(rows, collapse_below=8)["verdicts"]["rank_sum_p"]
    assert tests["tf2+tf2-redrawn vs tf1"]["frechet_distance"] == pytest.approx(
        fidelity.rank_sum_p([400.0, 300.0], [280.0, 290.0]))
    assert "tf2+tf2-redrawn vs tf1+tf1-redrawn" not in tests  # no tf1-redrawn runs yet
