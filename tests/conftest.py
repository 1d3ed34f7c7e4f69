"""Shared test helpers: quiet TensorFlow, and the CLIs run as a user runs them."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_module(module: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m module args` in a fresh interpreter, as the CLI is used."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, text=True,
                          capture_output=True, timeout=timeout)


def start_module(module: str, *args: str, env: dict[str, str] | None = None,
                 stdout=subprocess.PIPE) -> subprocess.Popen:
    """Start `python -m module args` and return at once, to signal it or run others beside it."""
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=REPO, text=True,
                            stdout=stdout, stderr=subprocess.PIPE,
                            env=None if env is None else {**os.environ, **env})


def checkpoint_values(run_dir) -> dict:
    """Every value in the latest checkpoint of a run: models, optimisers, step."""
    import tensorflow as tf

    reader = tf.train.load_checkpoint(os.path.join(str(run_dir), "checkpoints"))
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()
            if name != "_CHECKPOINTABLE_OBJECT_GRAPH"}


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
    from tf2gan import classifier, input_pipeline

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
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
