"""A one-line progress display: step, losses, steps/s and time left.

On a terminal the line is rewritten in place a few times a second; in a log
file a line is printed every half minute, so logs stay readable.
"""

from __future__ import annotations

import sys
import time
from typing import Mapping, TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, start: int, total: int, stream: TextIO = sys.stderr) -> None:
        self._start, self._total, self._stream = start, total, stream
        self._tty = hasattr(stream, "isatty") and stream.isatty()
        self._interval = 0.25 if self._tty else 30.0
        self._began = self._last = time.monotonic()
        self._width = 0

    def due(self) -> bool:
        """Whether enough time has passed to show the line again (cheap to ask)."""
        return time.monotonic() - self._last >= self._interval

    def show(self, done: int, metrics: Mapping[str, float]) -> None:
        """Show that `done` of `total` iterations are complete, with these values."""
        now = time.monotonic()
        self._last = now
        rate = (done - self._start) / max(now - self._began, 1e-9)
        left = (self._total - done) / rate if rate > 0 else 0.0
        values = " ".join(f"{k} {v:.4g}" for k, v in metrics.items())
        line = (f"step {done}/{self._total} {100.0 * done / self._total:3.0f}% | {values} | "
                f"{rate:.1f} steps/s | {_duration(now - self._began)} elapsed, "
                f"{_duration(left)} left")
        if self._tty:
            self._stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def clear(self) -> None:
        """Take the progress line off a terminal, so that other output starts clean."""
        if self._tty and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0

    def message(self, text: str, stream: TextIO = sys.stdout) -> None:
        """Print a line of its own without tearing the progress line."""
        self.clear()
        print(text, file=stream, flush=True)

    def close(self, done: int, metrics: Mapping[str, float]) -> float:
        """Show the final line; returns the seconds since the display began."""
        self.show(done, metrics)
        if self._tty:
            self._stream.write("\n")
            self._stream.flush()
        return time.monotonic() - self._began
