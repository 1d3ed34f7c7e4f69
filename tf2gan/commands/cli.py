"""Running an absl program so that bad input costs the user one line.

Flag errors and UsageError print `tf2gan: error: ...` on stderr and exit
with status 2, RunError the same with status 1; a run stopped by a signal
says where it saved and exits with 128 + the signal's number. Nothing else
about the program's output changes.
"""

from __future__ import annotations

import signal
import sys
import types
from typing import Callable, Sequence

from absl import app, flags, logging

from tf2gan.base.errors import Interrupted, RunError, UsageError


def usage_validator(flag_names: Sequence[str], check: Callable[[dict], object]) -> None:
    """Registers `check(values)`, which raises UsageError on bad values, as an
    absl validator of these flags: its message becomes the flag error, given
    before the program starts."""

    def checker(values: dict) -> bool:
        try:
            check(values)
        except UsageError as e:
            raise flags.ValidationError(str(e)) from None
        return True

    flags.register_multi_flags_validator(list(flag_names), checker)


def adopt_flags(command: types.ModuleType) -> None:
    """Make the flags `command` defined key flags of the program Python runs,
    which absl's --help lists (absl names that module by sys.argv[0])."""
    for flag in flags.FLAGS.get_key_flags_for_module(command):
        flags.FLAGS.register_key_flag_for_module(sys.argv[0], flag)


def fail(message: str, status: int = 2) -> None:
    print(f"tf2gan: error: {message}", file=sys.stderr, flush=True)
    sys.exit(status)


def _parse_flags(argv: Sequence[str]) -> list[str]:
    try:
        return flags.FLAGS(argv)
    except flags.Error as e:
        fail(str(e))


def run(main: Callable[[Sequence[str]], None]) -> None:
    """app.run(main), with flag errors, UsageError and RunError reported in one line."""

    def guarded(argv: Sequence[str]) -> None:
        if len(argv) > 1:
            fail(f"unexpected arguments {' '.join(argv[1:])!r}; flags take the form --name=value")
        if not flags.FLAGS["verbosity"].present:
            # TensorFlow and TFDS log routine notices through absl (checkpoint
            # sharding, empty TFDS folders): by default show only errors.
            logging.set_verbosity(logging.ERROR)
        try:
            main(argv)
        except UsageError as e:
            fail(str(e))
        except RunError as e:
            fail(str(e), status=1)
        except Interrupted as e:
            print(f"tf2gan: stopped by {signal.Signals(e.signum).name}: {e}", file=sys.stderr,
                  flush=True)
            sys.exit(128 + e.signum)
        except KeyboardInterrupt:
            print("tf2gan: interrupted; checkpoints already written are kept", file=sys.stderr,
                  flush=True)
            sys.exit(128 + signal.SIGINT)

    app.run(guarded, flags_parser=_parse_flags)
