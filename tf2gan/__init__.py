"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants."""

import sys

from tf2gan import _startup_signals

if _startup_signals.starting(sys.argv):
    # `python -m tf2gan.COMMAND` or the `tf2gan` script is starting: stop
    # signals end it in one line from here on.
    _startup_signals.install()

from tf2gan import _quiet_import  # noqa: E402,F401  (imports TensorFlow quietly)
