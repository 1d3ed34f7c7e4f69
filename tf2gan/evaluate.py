"""Judge a run's samples: python -m tf2gan.evaluate --run_dir=DIR.

The flags and the work are in tf2gan/commands/evaluate.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("evaluate")
