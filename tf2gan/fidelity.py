"""A variant against its original over seeds: python -m tf2gan.fidelity --variant=V.

The flags and the work are in tf2gan/commands/fidelity.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("fidelity")
