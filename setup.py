"""tf2gan's build script: everything about the package is in pyproject.toml."""

from setuptools import setup

setup()
