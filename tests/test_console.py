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

from conftest import REPO
from tf2gan import console

# What pip writes for setup.py's console_scripts entry, under the same name.
SCRIPT = """\
import re
import sys
from tf2gan.console import main
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
    assert set(console.COMMANDS) == set(listed) - {"test"}
    assert console.COMMANDS["train"] == "tf2gan.main"
    for command, module in console.COMMANDS.items():
        ran = []
        monkeypatch.setattr(sys, "argv", ["tf2gan", command, "--seed=3"])
        monkeypatch.setattr(runpy, "run_module",
                            lambda *args, **kwargs: ran.append((args, kwargs, sys.argv[:])))
        console.main()
        assert ran == [((module,), {"run_name": "__main__", "alter_sys": True},
                        ["tf2gan", "--seed=3"])]
        assert 'if __name__ == "__main__":' in open(
            os.path.join(REPO, *module.split(".")) + ".py", encoding="utf-8").read()


def test_an_unknown_command_is_one_line_with_status_2(script):
    process = script("nosuch", "--steps=3")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 2 and out == ""
    assert err.splitlines() == [f"tf2gan: error: unknown command 'nosuch'; {console.USAGE}"]


def test_a_command_gets_its_own_flags(script):
    process = script("export", "--out=/nonexistent")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    [line] = err.splitlines()
    assert line.startswith("tf2gan: error: ") and "--run_dir" in line


def test_a_stop_signal_while_the_script_imports_tensorflow_is_one_line(script):
    process = script("train", "--steps=3")
    # The package's __init__ catches SIGTERM before it imports TensorFlow:
    # wait until the kernel says it is caught, then send it.
    status = f"/proc/{process.pid}/status"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        caught = re.search(r"^SigCgt:\s*([0-9a-f]+)", open(status).read(), re.M).group(1)
        if int(caught, 16) & (1 << (signal.SIGTERM - 1)):
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert err.splitlines() == ["tf2gan: stopped by SIGTERM; nothing was written"]


# Which of Keras' optional extras a fresh process holds after importing
# tf2gan and then TensorFlow, with sys.argv as `python -m tf2gan.COMMAND`
# presents it to the package (argv[0] is "-m" while runpy imports it) or as
# a program's.
_EXTRAS_PROBE = """\
import importlib, json, sys
sys.argv = {argv!r}
import tf2gan
import tensorflow
from tf2gan._quiet_import import KERAS_EXTRAS_NO_COMMAND_USES as extras
loaded = [name for name in extras if name in sys.modules]
for name in extras:
    importlib.import_module(name)  # each still imports when asked for
print(json.dumps(loaded))
"""


def _extras_loaded_with_tf2gan(argv):
    result = subprocess.run([sys.executable, "-c", _EXTRAS_PROBE.format(argv=argv)], cwd=REPO,
                            text=True, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_command_starts_without_keras_extras_it_never_uses_and_a_program_keeps_them():
    assert _extras_loaded_with_tf2gan(["-m"]) == []
    assert _extras_loaded_with_tf2gan(["my_program.py"]) == ["sklearn", "pandas",
                                                             "matplotlib.pyplot"]


# A command as `python -m` runs it, saying on the way out whether TensorFlow
# was imported.
_TENSORFLOW_PROBE = """\
import atexit, runpy, sys
atexit.register(lambda: print("tensorflow imported:", "tensorflow" in sys.modules))
sys.argv = ["-m", *{args!r}]
runpy.run_module({module!r}, run_name="__main__", alter_sys=True)
"""


# The commands whose modules hold only flags and the code that reads them;
# evaluate, parity and bench are libraries too and import TensorFlow with
# themselves.
@pytest.mark.parametrize("module", ["tf2gan.main", "tf2gan.sample", "tf2gan.export",
                                    "tf2gan.compare", "tf2gan.fidelity"])
def test_a_wrong_flag_is_refused_before_tensorflow_is_imported(module):
    refused = _run_probe(module, "--no_such_flag")
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "tf2gan: error: Unknown command line flag 'no_such_flag'"]
    assert refused.stdout.splitlines() == ["tensorflow imported: False"]


def test_the_probe_sees_tensorflow_imported_with_a_command():
    refused = _run_probe("tf2gan.evaluate", "--no_such_flag")
    assert refused.returncode == 2
    assert refused.stdout.splitlines() == ["tensorflow imported: True"]


def _run_probe(module, *args):
    probe = _TENSORFLOW_PROBE.format(module=module, args=args)
    return subprocess.run([sys.executable, "-c", probe], cwd=REPO, text=True,
                          capture_output=True, timeout=120)
