"""A run's losses beside its notebook's: python -m tf2gan.compare --run_dir=DIR.

The flags and the work are in tf2gan/commands/compare.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("compare")
