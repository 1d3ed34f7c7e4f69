"""Parity: each TF2 variant computes what its original computed.

Step parity: same weights, same 20 batches and noise, then every parameter
compared in float64 (tf2gan/parity.py says why float64 and how 003's
dropout masks are pinned). End to end: the trainers tf2gan.main builds for
--impl=tf2 and --impl=original --initial_weights=tf2, on real digits, over
uneven spans.
"""

import pytest

from tf2gan import input_pipeline
from tf2gan.configs import VARIANTS
from tf2gan.parity import run_end_to_end, run_parity


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_and_original_agree_after_20_iterations(name):
    result = run_parity(name, iterations=20)
    assert result.worst_relative < 1e-10, result  # float64 rounding, not a difference
    assert result.moved > 1e-3  # training moved the weights: the agreement is not trivial


# Iterations cross epochs of the 5,000 digits (50 or 19.5 batches each);
# dropout's and gaussian1d's are fewer because they are slow in float64.
ITERATIONS = {"goodfellow": 160, "tf101": 160, "smoothing": 160, "dropout": 60,
              "gaussian1d": 80}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_users_run_and_the_originals_end_with_the_same_weights(name):
    variant = VARIANTS[name]
    examples = input_pipeline.load_examples(input_pipeline.default_dataset(variant)
                                            .replace("mnist", "mnist_sample"), None)
    result = run_end_to_end(name, examples, iterations=ITERATIONS[name], seed=3)
    assert result.spans >= 5 and result.towers == (1 if variant.batch_size == 1 else 2)
    assert result.diverged_at is None, result
    assert result.worst_relative < 1e-10, result
    assert result.moved > 1e-2, result
