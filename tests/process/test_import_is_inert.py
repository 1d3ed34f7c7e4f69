"""Importing tf2gan changes nothing in the process: no environment variable,
no signal handler, no open file, no import hook. Only a command sets up its
process (commands/launch.py)."""

import json
import os
import subprocess
import sys

from helpers import REPO

_PROBE = """
import json, os, signal, sys

def state():
    return {"environ": dict(os.environ), "fds": sorted(os.listdir("/proc/self/fd")),
            "signals": {s.name: repr(signal.getsignal(s)) for s in signal.valid_signals()
                        if signal.getsignal(s) is not None and hasattr(s, "name")},
            # Import hooks of tf2gan's own (absl, which commands import, adds one of its own).
            "meta_path": [type(f).__module__ for f in sys.meta_path
                          if type(f).__module__.startswith("tf2gan")]}

before = state()
import tf2gan
import tf2gan.variants, tf2gan.base, tf2gan.data, tf2gan.core, tf2gan.judge, tf2gan.run
import tf2gan.artifacts, tf2gan.studies, tf2gan.originals, tf2gan.commands
import tf2gan.commands.launch, tf2gan.commands.train, tf2gan.run.settings
after = state()
print(json.dumps({"before": before, "after": after,
                  "tensorflow": "tensorflow" in sys.modules}))
"""


def _probe(*args):
    # As a user's shell starts it: the suite's own quieting of TensorFlow left out.
    env = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run([sys.executable, *args], cwd=REPO, env=env, text=True,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_importing_tf2gan_leaves_the_environment_signals_files_and_imports_alone():
    seen = _probe("-c", _PROBE)
    for aspect in ("environ", "fds", "signals", "meta_path"):
        assert seen["after"][aspect] == seen["before"][aspect], aspect
    assert not seen["tensorflow"]  # and TensorFlow is not imported by it either


def test_a_program_that_imports_tf2gan_then_tensorflow_keeps_its_environment():
    # TensorFlow sets variables of its own when imported (TF2_BEHAVIOR,
    # KMP_INIT_AT_FORK, ...): the program ends with what TensorFlow alone gives it.
    with_tf2gan = _probe("-c", _PROBE.replace("after = state()",
                                              "import tensorflow\nafter = state()"))
    alone = _probe("-c", _PROBE.replace("import tf2gan", "pass  # import tf2gan").replace(
        "after = state()", "import tensorflow\nafter = state()"))
    assert with_tf2gan["after"]["environ"] == alone["after"]["environ"]
    assert with_tf2gan["after"]["meta_path"] == []


def test_a_command_does_set_up_its_process():
    # The probe's counterpart: launch.begin is what changes a command's process.
    seen = _probe("-c", _PROBE.replace(
        "after = state()", "tf2gan.commands.launch.begin()\nafter = state()"))
    assert seen["after"]["environ"].get("TF_CPP_MIN_LOG_LEVEL") == "3"
    assert seen["after"]["signals"]["SIGTERM"] != seen["before"]["signals"]["SIGTERM"]
    assert seen["after"]["meta_path"] == ["tf2gan.commands.quiet_import"]
