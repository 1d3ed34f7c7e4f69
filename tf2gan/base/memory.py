"""Sizes a user asks for, checked against this machine's memory before work starts.

A flag such as `sample --num` or `evaluate --num` sets how many arrays a
command holds at once. Asked for more than the machine has, NumPy or
TensorFlow would fail minutes in with a MemoryError traceback, or the kernel
would kill the process; checked first, it is one line that says what fits.
The estimates are of the peak a command reaches, counted generously: a
refusal should never come for a size that would have worked by a wide margin,
nor a crash for one that was let through.
"""

from __future__ import annotations

import os

from tf2gan.base.errors import UsageError

_GIB = 1 << 30


def available_bytes() -> int:
    """Memory this process can take now: MemAvailable of /proc/meminfo, else
    the machine's physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def check_fits(flag: str, value: int, bytes_each: int, what: str) -> None:
    """Refuse `--flag=value` in one line unless `value` items of `bytes_each`
    bytes fit in the memory available.

    Args:
      flag: the flag's name, without dashes.
      value: the size asked for.
      bytes_each: the memory one item takes at the command's peak.
      what: what the items are, for the message ("samples").

    Raises:
      UsageError: saying how much memory it would take, how much there is,
        and the largest size that fits.
    """
    needed, available = value * bytes_each, available_bytes()
    if needed > available:
        raise UsageError(
            f"--{flag}={value} needs about {needed / _GIB:,.1f} GiB of memory for its {what}; "
            f"this machine has {available / _GIB:,.1f} GiB available, enough for "
            f"--{flag}={max(0, available // bytes_each):,} at most")
