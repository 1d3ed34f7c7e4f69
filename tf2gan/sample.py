"""Draw from a trained generator: python -m tf2gan.sample --run_dir=DIR --out=FILE.npz.

The flags and the work are in tf2gan/commands/sample.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("sample")
