"""Step parity: each TF2 variant computes what its original computed.

Same weights, same 20 batches and noise, then every parameter compared in
float64 (tf2gan/parity.py says why float64 and how 003's dropout masks are
pinned).
"""

import pytest

from tf2gan.configs import VARIANTS
from tf2gan.parity import run_parity


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_and_original_agree_after_20_iterations(name):
    result = run_parity(name, iterations=20)
    assert result.worst_relative < 1e-5, result
    assert result.moved > 1e-3  # training moved the weights: the agreement is not trivial
