"""A variant step by step beside its original: python -m tf2gan.parity --variant=V.

The flags and the work are in tf2gan/commands/parity.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("parity")
