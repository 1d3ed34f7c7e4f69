"""Shared test helpers: quiet TensorFlow, and the CLIs run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

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
