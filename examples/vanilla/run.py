"""Any tf2gan command, with the vanilla variant registered first.

python examples/vanilla/run.py COMMAND [flags], COMMAND one of train, sample,
evaluate, export, parity, bench, compare, fidelity: the command
`python -m tf2gan.<its module>` runs, its flags unchanged.

This file is intentionally kept short: the variant and its original are in
vanilla.py, the commands in tf2gan.
"""

import sys

from tf2gan import variants
from tf2gan.commands import launch

from vanilla import VANILLA  # this folder is sys.path[0]: the file run.py stands beside

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in launch.ENTRY_MODULES:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(launch.ENTRY_MODULES)}}} [--flag=value ...]")
    command = sys.argv.pop(1)
    variants.register(VANILLA)  # before the command defines --variant
    launch.run(command)
