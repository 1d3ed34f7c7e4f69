"""Export a run's generator: python -m tf2gan.export --run_dir=DIR --out=EXPORT.

The flags and the work are in tf2gan/commands/export.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("export")
