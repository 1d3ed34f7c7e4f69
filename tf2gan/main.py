"""Train a variant: python -m tf2gan.main --variant=goodfellow.

The flags and the work are in tf2gan/commands/train.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("train")
