"""examples/vanilla: a variant of the user's, registered by its own script.

Importing the example registers nothing; `python examples/vanilla/run.py
COMMAND` registers it and runs tf2gan's command: it trains, its original
trains, and parity finds the two computing the same thing in float64.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from helpers import REPO

EXAMPLE = os.path.join(REPO, "examples", "vanilla")

# tests/test_parity.py's bound for every shipped variant: float64 rounding, not a difference.
PARITY_BOUND = 1e-10


def run_example(*args: str) -> subprocess.CompletedProcess:
    """python examples/vanilla/run.py args, from the repository's root, as the README runs it."""
    return subprocess.run([sys.executable, os.path.join(EXAMPLE, "run.py"), *args], cwd=REPO,
                          text=True, capture_output=True, timeout=300)


def test_importing_the_example_registers_nothing():
    # In a fresh interpreter: the suite's own process has TensorFlow already.
    probe = ("import importlib.util, json, sys\n"
             f"spec = importlib.util.spec_from_file_location('vanilla', "
             f"{os.path.join(EXAMPLE, 'vanilla.py')!r})\n"
             "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
             "from tf2gan import variants\n"
             "print(json.dumps({'registered': 'vanilla' in variants.names(),\n"
             "                  'tensorflow': 'tensorflow' in sys.modules}))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, text=True,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # Registered only by run.py; the original's graph, and TensorFlow, wait until asked for.
    assert json.loads(result.stdout.splitlines()[-1]) == {"registered": False,
                                                          "tensorflow": False}


def _trained(run_dir, impl: str, steps: int) -> None:
    with open(os.path.join(run_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    assert config["variant"]["name"] == "vanilla" and config["impl"] == impl
    assert os.path.isfile(os.path.join(run_dir, "checkpoints", f"ckpt-{steps}.index"))


@pytest.mark.slow
def test_run_py_trains_the_variant(tmp_path):
    result = run_example("train", "--variant=vanilla", "--dataset=mnist_sample", "--steps=30",
                         f"--run_dir={tmp_path}")
    assert result.returncode == 0, result.stderr
    _trained(tmp_path, "tf2", 30)


@pytest.mark.slow
def test_run_py_trains_the_original(tmp_path):
    result = run_example("train", "--variant=vanilla", "--dataset=mnist_sample", "--steps=10",
                         "--impl=original", f"--run_dir={tmp_path}")
    assert result.returncode == 0, result.stderr
    _trained(tmp_path, "original", 10)


@pytest.mark.slow
def test_parity_finds_the_variant_computing_what_its_original_computed():
    result = run_example("parity", "--variant=vanilla", "--iterations=5")
    assert result.returncode == 0, result.stderr
    found = re.search(r"^vanilla \(float64, 5 iterations\): largest difference (\S+) of its "
                      r"tensor's scale, in \S+; G's first kernel moved (\S+)$",
                      result.stdout, re.MULTILINE)
    assert found, result.stdout
    worst, moved = float(found.group(1)), float(found.group(2))
    assert worst < PARITY_BOUND, result.stdout
    assert moved > 1e-3, result.stdout  # training moved the weights: the agreement has teeth
