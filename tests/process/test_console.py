"""The `tf2gan` console script: each command is the module `python -m` runs."""

import json
import os
import re
import runpy
import signal
import subprocess
import sys
import time

import pytest
from helpers import REPO

from tf2gan.commands import console, launch

# What pip writes for setup.py's console_scripts entry, under the same name.
SCRIPT = """\
import re
import sys
from tf2gan.commands.console import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
"""


@pytest.fixture
def script(tmp_path):
    """Run the `tf2gan` script as pip installs it, importing tf2gan from this checkout."""
    path = tmp_path / "tf2gan"
    path.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": REPO}

    def start(*args):
        return subprocess.Popen([sys.executable, str(path), *args], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    return start


def test_every_command_of_run_sh_runs_the_module_python_m_runs(monkeypatch):
    run_sh = open(os.path.join(REPO, "run.sh"), encoding="utf-8").read()
    listed = re.search(r"usage: \./run\.sh ([\w|]+)", run_sh).group(1).split("|")
    # What each command runs, from run.sh's list, not from the registry under test.
    expected = {command: "tf2gan.main" if command == "train" else f"tf2gan.{command}"
                for command in set(listed) - {"test"}}
    assert console.COMMANDS == expected
    begun = []
    monkeypatch.setattr(launch, "begin", lambda: begun.append(True))
    for command, module in expected.items():
        ran = []
        monkeypatch.setattr(sys, "argv", ["tf2gan", command, "--seed=3"])
        monkeypatch.setattr(runpy, "run_module",
                            lambda *args, **kwargs: ran.append((args, kwargs, sys.argv[:])))
        console.main()
        assert ran == [((module,), {"run_name": "__main__", "alter_sys": True},
                        ["tf2gan", "--seed=3"])]
        entry = open(os.path.join(REPO, *module.split(".")) + ".py", encoding="utf-8").read()
        assert f'if __name__ == "__main__":\n    launch.run("{command}")' in entry
    assert len(begun) == len(expected)  # the script began a command each time


def test_an_unknown_command_is_one_line_with_status_2(script):
    process = script("nosuch", "--steps=3")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2 and out == ""
    assert err.splitlines() == ["tf2gan: error: unknown command 'nosuch'; usage: tf2gan "
                                "train|sample|evaluate|compare|parity|bench|export|fidelity [flags]"]


def test_a_command_gets_its_own_flags(script):
    process = script("export", "--out=/nonexistent")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    [line] = err.splitlines()
    assert line.startswith("tf2gan: error: ") and "--run_dir" in line


@pytest.mark.slow
def test_a_stop_signal_while_the_script_imports_tensorflow_is_one_line(script):
    process = script("train", "--steps=3")
    # The command imports TensorFlow once its flags are read: wait until its
    # library is loaded, seconds before the import ends, then send SIGTERM.
    maps = f"/proc/{process.pid}/maps"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "libtensorflow_framework" not in open(maps).read():
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert err.splitlines() == ["tf2gan: stopped by SIGTERM; nothing was written"]


# Installed as sitecustomize, it reports on a process's way out whether
# TensorFlow and Keras' extras were imported, and which extras are still
# kept from importing (None in sys.modules: Python's "not importable").
_IMPORTS_PROBE = """\
import atexit, json, sys


def _report():
    from tf2gan.commands.quiet_import import KERAS_EXTRAS_NO_COMMAND_USES as extras
    report = {"tensorflow": "tensorflow" in sys.modules,
              "extras": [name for name in extras if sys.modules.get(name)],
              "kept_out": [name for name in extras if name in sys.modules
                           and sys.modules[name] is None]}
    print("imports:", json.dumps(report), flush=True)


atexit.register(_report)
"""


@pytest.fixture
def probed(tmp_path):
    """Run `python ARGS` with the imports probe; the result and its report."""
    (tmp_path / "sitecustomize.py").write_text(_IMPORTS_PROBE)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, text=True,
                                capture_output=True, timeout=120)
        *_, last = result.stdout.splitlines()
        assert last.startswith("imports: "), result.stdout + result.stderr
        return result, json.loads(last.removeprefix("imports: "))

    return run


# The commands whose modules hold only flags and the code that reads them;
# evaluate, parity and bench are libraries too and import TensorFlow with
# themselves.
@pytest.mark.parametrize("module", ["tf2gan.main", "tf2gan.sample", "tf2gan.export",
                                    "tf2gan.compare", "tf2gan.fidelity"])
def test_a_wrong_flag_is_refused_before_tensorflow_is_imported(probed, module):
    result, imported = probed("-m", module, "--no_such_flag")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "tf2gan: error: Unknown command line flag 'no_such_flag'"]
    assert imported == {"tensorflow": False, "extras": [], "kept_out": []}


def test_a_dataset_that_does_not_fit_the_variant_is_refused_before_tensorflow_is_imported(
        probed):
    result, imported = probed("-m", "tf2gan.main", "--variant=goodfellow", "--dataset=gaussian")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("tf2gan: error: ") and "does not fit variant 'goodfellow'" in line
    assert imported == {"tensorflow": False, "extras": [], "kept_out": []}


@pytest.mark.slow
def test_a_command_imports_tensorflow_without_keras_extras_and_a_program_keeps_them(
        probed, tmp_path):
    result, imported = probed("-m", "tf2gan.evaluate", "--no_such_flag")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "tf2gan: error: Unknown command line flag 'no_such_flag'"]
    assert imported == {"tensorflow": True, "extras": [], "kept_out": []}

    # A program of the user's, run with `python -m` too, keeps all of Keras,
    # even where its package imports tf2gan while argv[0] is still "-m".
    (tmp_path / "users_package").mkdir()
    (tmp_path / "users_package" / "__init__.py").write_text("import tf2gan\nimport tensorflow\n")
    (tmp_path / "users_package" / "program.py").write_text("")
    result, imported = probed("-m", "users_package.program")
    assert result.returncode == 0  # TensorFlow's own notices reach its stderr
    assert imported == {"tensorflow": True,
                        "extras": ["sklearn", "pandas", "matplotlib.pyplot"], "kept_out": []}


# A stand-in for TensorFlow that talks on stderr where the real one does.
_NOISY_TENSORFLOW = """\
import os

os.write(2, b"noise while importing\\n")


class config:
    @staticmethod
    def list_physical_devices():
        os.write(2, b"noise while probing the devices\\n")
        print("probed")
"""


@pytest.mark.parametrize("first_ask", [
    "import tensorflow",
    "import tensorflow.python",  # a submodule first
    # A question whether it is installed, before the import.
    "import importlib.util; assert importlib.util.find_spec('tensorflow'); import tensorflow",
])
def test_tensorflow_imports_quietly_however_it_is_first_asked_for(tmp_path, first_ask):
    (tmp_path / "tensorflow" / "python").mkdir(parents=True)
    (tmp_path / "tensorflow" / "__init__.py").write_text(_NOISY_TENSORFLOW)
    (tmp_path / "tensorflow" / "python" / "__init__.py").write_text("")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}

    def run(code):
        return subprocess.run([sys.executable, "-c", code], env=env, text=True,
                              capture_output=True, timeout=60)

    quiet = run(f"from tf2gan.commands import launch; launch.begin(); {first_ask}")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == "probed\n"
    # A program that imports tf2gan hears TensorFlow as it would without it.
    for program in (first_ask, f"import tf2gan, tf2gan.variants, tf2gan.commands; {first_ask}"):
        noisy = run(program)
        assert noisy.stderr == "noise while importing\n" and noisy.stdout == ""
