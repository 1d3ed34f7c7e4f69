"""A training run's last line, and reading it back: one format, written and
parsed here (the whole-run benchmark reads the rate from it)."""

from __future__ import annotations

import dataclasses
import re

_LINE = re.compile(r"^tf2gan: steps (\d+)-(\d+) in ([\d.]+) s \(([\d.]+) steps/s with logging "
                   r"and pictures\); run in (.*)$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Finished:
    """What a run did, as its last line says it."""

    start: int  # the first iteration this process ran
    total: int  # the run's last iteration + 1
    seconds: float  # training, logging, pictures and checkpoints
    directory: str

    @property
    def rate(self) -> float:
        """Iterations per second, with everything the run did."""
        return (self.total - self.start) / self.seconds

    def line(self) -> str:
        """The line, as a run prints it last."""
        return (f"tf2gan: steps {self.start}-{self.total} in {self.seconds:.1f} s "
                f"({self.rate:.1f} steps/s with logging and pictures); run in {self.directory}")


def read(output: str) -> Finished | None:
    """The run's last line found in a process's output, as printed (seconds to
    a tenth); None if the output holds none."""
    found = _LINE.search(output)
    if found is None:
        return None
    start, total, seconds, _, directory = found.groups()
    return Finished(int(start), int(total), float(seconds), directory)
