"""Towers and thread pools: one tower per core where the batch allows it."""

import pytest

from tf2gan.base.errors import UsageError
from tf2gan.run import run_dir, threads
from tf2gan.variants import VARIANTS


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(threads, "cores", lambda: 2)


def test_a_cpu_alone_gets_one_tower_per_core_each_op_on_one_thread(two_cores):
    assert threads.plan(VARIANTS["goodfellow"]) == threads.Parallelism(
        towers=2, intra_op_threads=1, inter_op_threads=2)


def test_a_batch_of_one_keeps_tensorflows_default_threads(two_cores):
    assert threads.plan(VARIANTS["gaussian1d"]) == threads.Parallelism()


def test_a_strategy_cuts_the_batch_itself_so_gets_no_towers(two_cores):
    assert threads.plan(VARIANTS["goodfellow"], strategy="mirrored").towers == 1
    with pytest.raises(UsageError, match="--strategy=mirrored"):
        threads.plan(VARIANTS["goodfellow"], towers=2, strategy="mirrored")


def test_towers_asked_for_must_divide_the_batch(two_cores):
    assert threads.plan(VARIANTS["tf101"], towers=4).towers == 4
    with pytest.raises(UsageError, match="batch of 256"):
        threads.plan(VARIANTS["tf101"], towers=3)


def test_a_run_may_resume_with_other_towers(tmp_path):
    # Towers change how the work is cut, not the update (test_loops.py).
    config = run_dir.make_config(VARIANTS["goodfellow"], seed=0, towers=2)
    run_dir.write_config(str(tmp_path), config)
    run_dir.check_resumable(str(tmp_path), {**config, "towers": 1})
    with pytest.raises(UsageError, match="seed was 0, now 1"):
        run_dir.check_resumable(str(tmp_path), {**config, "seed": 1})


def test_a_run_recorded_before_variants_named_their_originals_may_resume(tmp_path):
    config = run_dir.make_config(VARIANTS["dcgan"], seed=0)
    older = {**config, "variant": {k: v for k, v in config["variant"].items() if k != "original"}}
    run_dir.write_config(str(tmp_path), older)
    run_dir.check_resumable(str(tmp_path), config)
    changed = {**config, "variant": {**config["variant"], "batch_size": 128}}
    with pytest.raises(UsageError, match="variant.batch_size was 256, now 128"):
        run_dir.check_resumable(str(tmp_path), changed)
