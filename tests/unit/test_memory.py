"""Sizes are checked against the memory available, in one line that says what fits."""

import pytest

from tf2gan.base import memory
from tf2gan.base.errors import UsageError


def test_a_size_that_fits_passes_and_one_that_does_not_says_the_largest_that_fits(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 10 << 30)  # 10 GiB
    memory.check_fits("num", 1000, 1 << 20, "samples")  # 1,000 MiB
    with pytest.raises(UsageError) as refused:
        memory.check_fits("num", 20_000, 1 << 20, "samples")  # 19.5 GiB
    assert str(refused.value) == (
        "--num=20000 needs about 19.5 GiB of memory for its samples; this machine has "
        "10.0 GiB available, enough for --num=10,240 at most")


def test_the_memory_available_is_read_from_this_machine():
    assert 0 < memory.available_bytes() <= 1 << 50
