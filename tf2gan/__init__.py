"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants."""

import sys

from tf2gan import _quiet_import, _startup_signals

_COMMAND = _startup_signals.starting(sys.argv, sys.orig_argv)
if _COMMAND:
    # `python -m tf2gan.COMMAND` or the `tf2gan` script is starting: stop
    # signals end it in one line from here on.
    _startup_signals.install()

_quiet_import.install(command=_COMMAND)
