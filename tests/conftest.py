"""Shared test helpers: quiet TensorFlow, and the CLIs run as a user runs them."""

from __future__ import annotations

import fcntl
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from helpers import REPO, run_module  # noqa: F401 (REPO: for tests that ask conftest)


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
    from tf2gan.data import input_pipeline
    from tf2gan.judge import classifier

    root = _shared_root(tmp_path_factory)
    cache = root / "classifier-cache"
    cache.mkdir(exist_ok=True)
    with open(root / "classifier-cache.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        classifier.load_or_train(input_pipeline.load_labelled("mnist_sample", None), str(cache),
                                 say=lambda line: None)
    saved = os.environ.get("TF2GAN_CACHE")
    os.environ["TF2GAN_CACHE"] = str(cache)
    yield str(cache)
    if saved is None:
        del os.environ["TF2GAN_CACHE"]
    else:
        os.environ["TF2GAN_CACHE"] = saved


def _shared_root(tmp_path_factory):
    """A folder every pytest-xdist worker of this test run shares (and the controller)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


FAULT_LOG = "faults-injected.txt"


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
