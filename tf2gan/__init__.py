"""tf2gan: the classic TF1 GAN tutorials as TensorFlow 2 variants."""

import sys

if sys.argv[:1] == ["-m"]:
    # `python -m tf2gan.COMMAND` is starting (runpy imports the package while
    # argv[0] is still "-m"): stop signals end it in one line from here on.
    from tf2gan import _startup_signals

    _startup_signals.install()

from tf2gan import _quiet_import  # noqa: E402,F401  (imports TensorFlow quietly)
