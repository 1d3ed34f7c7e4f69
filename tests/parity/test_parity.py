"""Parity: each TF2 variant computes what its original computed.

Step parity: same weights, same 20 batches and noise, then every parameter
compared in float64 (tf2gan/studies/parity.py says why float64 and how dropout
masks are pinned). End to end: the trainers tf2gan.main builds for
--impl=tf2 and --impl=original --initial_weights=tf2, on real digits, over
uneven spans.
"""

import dataclasses

import pytest

from tf2gan.data import datasets, input_pipeline
from tf2gan.studies.parity import run_end_to_end, run_parity
from tf2gan.variants import VARIANTS, with_originals

# dcgan's convolutions take seconds a step in float64 at its batch of 256:
# its check runs 5 iterations of 32 (the step is the same code for any batch).
STEP = {"dcgan": (5, 32)}


@pytest.mark.slow
@pytest.mark.parametrize("name", with_originals())
def test_variant_and_original_agree_after_20_iterations(name):
    iterations, batch = STEP.get(name, (20, None))
    result = run_parity(name, iterations=iterations, batch_size=batch)
    assert result.worst_relative < 1e-10, result  # float64 rounding, not a difference
    assert result.moved > 1e-3  # training moved the weights: the agreement is not trivial


# Iterations cross epochs of the 5,000 digits (50 or 19.5 batches each);
# dropout's and gaussian1d's are fewer because they are slow in float64.
ITERATIONS = {"dropout": 60, "gaussian1d": 80, "dcgan": 12}  # else 160
# dcgan trains on 150 of the digits in batches of 32, so that its 12
# iterations (3 spans) cross two epochs, each ending with a batch of 22.
SMALLER = {"dcgan": (150, 32)}


@pytest.mark.slow
@pytest.mark.parametrize("name", with_originals())
def test_a_users_run_and_the_originals_end_with_the_same_weights(name):
    variant = VARIANTS[name]
    examples = input_pipeline.load_examples(datasets.default_dataset(variant)
                                            .replace("mnist", "mnist_sample"), None)
    rows, batch = SMALLER.get(name, (None, None))
    if rows:
        examples = dataclasses.replace(examples, images=examples.images[:rows])
    result = run_end_to_end(name, examples, iterations=ITERATIONS.get(name, 160), seed=3,
                            batch_size=batch)
    # Two towers wherever a batch can be cut: not gaussian1d's batch of one, not
    # dcgan's BatchNormalization, which normalises over the whole batch.
    assert result.towers == {"gaussian1d": 1, "dcgan": 1}.get(name, 2)
    assert result.spans >= (3 if rows else 5)
    assert result.diverged_at is None, result
    assert result.worst_relative < 1e-10, result
    assert result.moved > 1e-2, result


@pytest.mark.slow
@pytest.mark.parametrize("flag", ["--control", "--towers=2"])
def test_another_tower_count_is_refused_in_one_line_where_batches_stay_whole(run_cli, flag):
    # dcgan's G normalises over the batch: the control's other tower count
    # would be refused deep inside make_gan, after the data had loaded.
    result = run_cli("tf2gan.parity", "--variant=dcgan", "--end_to_end", flag,
                     "--dataset=mnist_sample")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tf2gan: error: {flag.split('=')[0]}: dcgan normalises over whole batches "
        "(BatchNormalization), so tf2gan trains it in one tower only"]
