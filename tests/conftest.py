"""Shared test helpers: quiet TensorFlow, and the CLIs run as a user runs them."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from helpers import REPO, run_module, train_judge  # noqa: F401 (REPO: for tests that ask conftest)


# Fixtures that train a run or the judge before their tests start: a test
# that asks for one is slow whatever its own body does (the fast tier,
# ./run.sh test -m "not slow", leaves it out).
COSTLY_FIXTURES = {"judge_cache", "judge", "tf101_run", "board", "one_device", "base_run", "tf101",
                   "export_dir", "study"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if COSTLY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def run_cli():
    return run_module


@pytest.fixture(scope="session")
def judge_cache(tmp_path_factory):
    """A classifier of the offline digits, trained once per test run, and the cache
    holding it. The command-line tests find it through $TF2GAN_CACHE, as a
    user's runs find theirs.

    pytest-xdist's workers share the folder above their own; a lock lets one
    train while the others wait and then load it.
    """
    cache = train_judge(_shared_root(tmp_path_factory))
    saved = os.environ.get("TF2GAN_CACHE")
    os.environ["TF2GAN_CACHE"] = str(cache)
    yield str(cache)
    if saved is None:
        del os.environ["TF2GAN_CACHE"]
    else:
        os.environ["TF2GAN_CACHE"] = saved


@pytest.fixture(scope="module")
def base_run(tmp_path_factory):
    """tf101 on the offline digits for 30 iterations, checkpoints at 10, 20 and 30
    (seed 4): a run for tests to copy, damage and draw from."""
    run_dir = tmp_path_factory.mktemp("base") / "run"
    result = run_module("tf2gan.main", f"--run_dir={run_dir}", "--variant=tf101",
                        "--dataset=mnist_sample", "--steps=30", "--checkpoint_every=10",
                        "--seed=4")
    assert result.returncode == 0, result.stderr
    return run_dir


def _whole_suite(config) -> bool:
    """Whether this run is the whole suite, every tier of it."""
    tests = os.path.join(REPO, "tests")
    return (not config.option.markexpr and not config.option.keyword
            and all(os.path.abspath(arg) == tests for arg in config.args))


def pytest_sessionstart(session):
    """In the whole suite, the judge (minutes of training) starts training at
    once beside the tests, so that no worker sits waiting for it when its first
    test asks; judge_cache then finds it trained, or waits on its lock."""
    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not _whole_suite(config):
        return
    root = config._tmp_path_factory.getbasetemp()
    config._judge_training = subprocess.Popen(
        [sys.executable, "-c", "import sys, helpers; helpers.train_judge(sys.argv[1])", str(root)],
        cwd=os.path.join(REPO, "tests"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def pytest_sessionfinish(session):
    training = getattr(session.config, "_judge_training", None)
    if training is not None and training.poll() is None:
        training.kill()
    if training is not None:
        training.wait()


def _shared_root(tmp_path_factory):
    """A folder every pytest-xdist worker of this test run shares (and the controller)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


FAULT_LOG = "faults-injected.txt"
FAULT_SEED = int(os.environ.get("TF2GAN_FAULT_SEED", "20261126"))


@pytest.fixture
def rng(request):
    """Where a fault-injection test chooses at random (when to kill, where to cut):
    seeded by TF2GAN_FAULT_SEED and the test's name, so a failure replays."""
    return random.Random(f"{FAULT_SEED}-{request.node.name}")



@pytest.fixture
def injected(tmp_path_factory):
    """Record one fault injected into a run, by kind, for the run's summary."""
    path = _shared_root(tmp_path_factory) / FAULT_LOG

    def record(kind: str) -> None:
        with open(path, "a", encoding="utf-8") as f:
            f.write(kind + "\n")

    return record


def pytest_terminal_summary(terminalreporter, config):
    """How many faults of each kind the fault-injection tests injected."""
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    path = factory.getbasetemp() / FAULT_LOG
    if not path.exists():
        return
    counts = {}
    for kind in path.read_text(encoding="utf-8").splitlines():
        counts[kind] = counts.get(kind, 0) + 1
    terminalreporter.section("faults injected")
    for kind, count in sorted(counts.items()):
        terminalreporter.write_line(f"{count:3d}  {kind}")
    terminalreporter.write_line(f"{sum(counts.values()):3d}  in all")
