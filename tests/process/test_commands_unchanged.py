"""Every command's flags, defaults and help texts are those it had before the
package moved into layers (fixtures/help/: the flags as the commit before the
move printed them; the opening usage text of evaluate, compare, parity, bench
and fidelity shortened since, to the lines a user runs; sample's --num bounded
and --out's .npz explained since, by the issue on the files around a run;
export's --tflite added, so a published export can leave it out; bench's
--contender given `keras fit`, to time tf2gan.GAN through Keras' fit; sample's
gaussian1d array named `values`, as its export names it; train's and bench's
--dataset given `images` and `npz`, a user's own images, and --data_dir's help
what to give for them)."""

import os

import pytest

from helpers import REPO, run_module

COMMANDS = ("main", "sample", "export", "evaluate", "compare", "parity", "bench", "fidelity")


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_commands_help_lists_the_flags_and_defaults_it_always_had(command):
    result = run_module(f"tf2gan.{command}", "--helpshort")
    assert result.returncode == 1, result.stderr  # absl's help ends so
    shown = result.stdout.replace(os.path.join(REPO, "tf2gan") + os.sep, "X/")
    with open(os.path.join(REPO, "tests", "fixtures", "help", f"{command}.txt"),
              encoding="utf-8") as f:
        assert shown == f.read()
