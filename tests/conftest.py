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


@pytest.fixture
def run_cli():
    return run_module
