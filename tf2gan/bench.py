"""How fast a variant trains: python -m tf2gan.bench --variant=V.

The flags and the work are in tf2gan/commands/bench.py.
"""

from tf2gan.commands import launch

if __name__ == "__main__":
    launch.run("bench")
