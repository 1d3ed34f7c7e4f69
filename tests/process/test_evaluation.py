"""The judge of samples means what it says: accurate on real digits, best
scores for real digits, worst for noise, cached under what it learned from;
and the evaluate command and --eval_every deliver its numbers."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from tf2gan.data import input_pipeline
from tf2gan.judge import classifier, evaluate
from tf2gan.studies.compare import read_scalars


@pytest.fixture(scope="session")
def sample_digits():
    return input_pipeline.load_labelled("mnist_sample", None)


@pytest.fixture(scope="session")
def judge(judge_cache, sample_digits):
    return classifier.load_or_train(sample_digits, judge_cache)


@pytest.mark.slow
def test_offline_digits_split_into_4000_to_learn_from_and_100_of_each_class_held_out(
        sample_digits):
    assert len(sample_digits.train_images) == 4000
    assert np.bincount(sample_digits.test_labels).tolist() == [100] * 10


def test_classifier_is_at_least_98_percent_accurate_on_held_out_digits(judge, sample_digits):
    assert judge.accuracy(sample_digits.test_images, sample_digits.test_labels) >= 0.98


def test_real_held_out_digits_score_near_the_best(judge, sample_digits):
    real = judge.score(sample_digits.test_images)
    assert real["classifier_score"] > 9.5  # 10 is the best possible
    assert real["classes_present"] == 10
    assert max(real["class_shares"]) < 0.12  # 0.1 each is exact


def test_uniform_noise_scores_near_the_worst(judge, sample_digits):
    noise = np.random.default_rng(0).integers(0, 256, (1000, 28, 28), dtype=np.uint8)
    scores = judge.score(noise)
    real = judge.score(sample_digits.test_images)
    assert scores["classifier_score"] < 1.5  # 1 is the worst possible
    assert scores["classes_present"] <= 3
    assert scores["frechet_distance"] > 50 * real["frechet_distance"]


def test_cached_classifier_is_named_for_its_data_and_not_trained_again(judge_cache,
                                                                       sample_digits):
    name = classifier.cache_name(sample_digits)
    assert name == "cnn_v1-mnist_sample-4000"
    assert os.path.exists(os.path.join(judge_cache, name + ".keras"))
    said = []
    again = classifier.load_or_train(sample_digits, judge_cache, say=said.append)
    assert said == []  # loaded, not trained
    assert again.info["train_examples"] == 4000 and again.info["held_out_accuracy"] >= 0.98


def test_held_out_digits_against_the_other_held_out_digits_score_as_one_distribution(
        judge, sample_digits):
    features = evaluate.FeatureJudge(judge, sample_digits)
    real = features.real()
    assert real["precision"] > 0.8 and real["recall"] > 0.8
    noise = np.random.default_rng(0).integers(0, 256, (500, 28, 28), dtype=np.uint8)
    judged = features(judge.features_and_probabilities(noise)[0])
    assert judged["precision"] < 0.05
    assert judged["kernel_distance"] > 100 * abs(real["kernel_distance"])
    # Every class is in both halves: a split sorted by class would not be one distribution.
    classes = lambda half: set(sample_digits.test_labels[half::2])
    assert classes(0) == classes(1) == set(range(10))


@pytest.mark.slow
def test_evaluate_writes_metrics_and_eval_every_logs_them(run_cli, tmp_path, judge_cache):
    run_dir = tmp_path / "run"
    result = run_cli("tf2gan.main", f"--run_dir={run_dir}", "--variant=goodfellow",
                     "--dataset=mnist_sample", "--steps=60", "--eval_every=30", "--eval_num=500")
    assert result.returncode == 0, result.stderr
    assert "500 samples: frechet_distance" in result.stdout
    scalars = read_scalars(str(run_dir))
    assert scalars["eval/frechet_distance"][0] == [30, 60]
    assert scalars["eval/classifier_score"][0] == [30, 60]

    result = run_cli("tf2gan.evaluate", f"--run_dir={run_dir}", "--num=500")
    assert result.returncode == 0, result.stderr
    assert "judged by cnn_v1-mnist_sample-4000" in result.stdout
    assert "(how many) 500 1,000" in [" ".join(line.split()) for line in result.stdout.splitlines()]
    record = json.loads((run_dir / "metrics.json").read_text())
    assert record["step"] == 60 and record["num"] == 500
    ours, real = record["metrics"], record["held_out_real"]
    assert set(ours) == {
        "samples", "frechet_distance", "frechet_reference_images", "classifier_score",
        "classes_present", "class_shares", "kernel_distance", "kernel_distance_std",
        "kernel_distance_subsets", "kernel_distance_subset_size",
        "kernel_distance_reference_images", "precision", "recall", "precision_recall_k",
        "precision_recall_samples", "nearest_training_distance", "closer_than_training_share",
        "copying_samples", "copying_training_images"}
    # Each set measure with its counts: 500 samples, against the 500 held-out
    # digits that are every other one of the 1,000, and the 5,000 trained on.
    assert (ours["samples"], ours["frechet_reference_images"]) == (500, 4000)
    assert (ours["kernel_distance_reference_images"], ours["precision_recall_samples"]) == (
        500, 500)
    assert (ours["copying_samples"], ours["copying_training_images"]) == (500, 5000)
    assert 1.0 <= ours["classifier_score"] <= 10.0
    assert real["classifier_score"] > 9.5 and real["samples"] == 1000
    # 60 iterations draw nearly one blur: far from real digits, and covering
    # little of them (its precision may be high: one tight cluster can sit
    # inside a real digit's ball).
    assert ours["kernel_distance"] > 10 * abs(real["kernel_distance"])
    assert ours["recall"] < real["recall"] / 2
    # The offline digits' held-out ones are among those the GAN trained on.
    assert "copying_samples" not in real
    assert "no held-out real images apart from them to score" in result.stdout
    with Image.open(run_dir / "nearest_training.png") as picture:
        assert picture.width > 2 * picture.height


@pytest.mark.slow
def test_evaluate_judges_gaussian1d_against_its_target(run_cli, tmp_path):
    run_dir = tmp_path / "run"
    assert run_cli("tf2gan.main", f"--run_dir={run_dir}", "--variant=gaussian1d",
                   "--steps=5").returncode == 0
    result = run_cli("tf2gan.evaluate", f"--run_dir={run_dir}", "--num=200")
    assert result.returncode == 0, result.stderr
    record = json.loads((run_dir / "metrics.json").read_text())
    assert record["judged_by"] == {"target": "N(4, 1.25)"}
    assert set(record["metrics"]) == {"values", "mean", "std", "ks_distance"}
    assert record["metrics"]["values"] == record["true_normal"]["values"] == 200 * 100
    # Five steps from initialisation are far from N(4, 1.25); a true sample is not.
    assert record["metrics"]["ks_distance"] > 0.5
    assert record["true_normal"]["ks_distance"] < 0.01


@pytest.mark.slow
def test_evaluate_without_a_run_is_one_line(run_cli, tmp_path):
    result = run_cli("tf2gan.evaluate", f"--run_dir={tmp_path / 'none'}")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tf2gan: error: --run_dir {tmp_path / 'none'} is not a directory"]
