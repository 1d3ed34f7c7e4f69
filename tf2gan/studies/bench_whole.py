"""Whole runs, timed as a user lives them: python -m tf2gan.bench --whole --variant=V.

The loop bench (bench.py) times tf2gan's training loop alone. A user waits
for whole runs: the tutorial's logging, pictures and checkpoints, and the
process's own start (TensorFlow's import, the data, the tracing). This
alternates complete trainings of tf2gan (`tf2gan.main` with the variant's
default recipe, as `./run.sh train --variant=V` runs it here) and of the
original (`--impl=original`), each in a fresh process and run directory, round
after round, with a round of tf2gan's loop alone (bench.py's tf2gan
contender, in its own warm process) beside them, so that all three see the
same drift of a shared machine. Per contender it reports the median over
rounds of the rate the run printed for its training ("steps/s with logging
and pictures") and of the process's wall time; then tf2gan's whole-run rate
over its loop's, and over the original's.
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from tf2gan.base.errors import RunError
from tf2gan.base.processes import ends_with_this_process
from tf2gan.run import final_line


@dataclasses.dataclass(frozen=True)
class WholeRun:
    rate: float  # steps/s of the training, logging, pictures and checkpoints included
    seconds: float  # the whole process, start to exit
    steps: int


def whole_run(arguments: list[str]) -> WholeRun:
    """Train once with these tf2gan.main flags in a fresh run directory; its figures."""
    folder = tempfile.mkdtemp(prefix="tf2gan-bench-")
    try:
        began = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "tf2gan.main", f"--run_dir={folder}/run", *arguments],
            capture_output=True, text=True, preexec_fn=ends_with_this_process())
        seconds = time.monotonic() - began
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = final_line.read(result.stdout)
    if result.returncode or found is None:
        raise RunError(f"a whole run ({' '.join(arguments)}) failed: "
                       f"{result.stderr.strip()[-500:]}")
    return WholeRun(found.rate, seconds, found.total - found.start)


@dataclasses.dataclass(frozen=True)
class WholeResult:
    variant: str
    runs: dict[str, list[WholeRun]]  # per contender, every round
    loop_rates: list[float]  # tf2gan's loop alone, every round

    def rate(self, name: str) -> float:
        return statistics.median(r.rate for r in self.runs[name])

    def seconds(self, name: str) -> float:
        return statistics.median(r.seconds for r in self.runs[name])


def bench_whole(variant: str, arguments: list[str], tf2gan_arguments: list[str],
                loop_arguments: list[str], rounds: int) -> WholeResult:
    """`arguments` go to both trainings, `tf2gan_arguments` (its precision) to tf2gan's
    alone: the original runs as it ran."""
    from tf2gan.studies.bench import Contender

    flags = {"tf2gan": [*arguments, "--impl=tf2", *tf2gan_arguments],
             "original": [*arguments, "--impl=original"]}
    runs: dict[str, list[WholeRun]] = {name: [] for name in flags}
    loop_rates: list[float] = []
    loop = Contender("tf2gan", loop_arguments)
    try:
        for round_number in range(1, rounds + 1):
            for name in flags:
                runs[name].append(whole_run(flags[name]))
                print(f"  round {round_number}/{rounds}: {name} whole run "
                      f"{runs[name][-1].rate:.1f} steps/s, {runs[name][-1].seconds:.0f} s",
                      flush=True)
            loop_rates.append(loop.round())
    finally:
        loop.close()
    return WholeResult(variant, runs, loop_rates)


def report(result: WholeResult) -> str:
    def line(label: str, name: str) -> str:
        rates = [r.rate for r in result.runs[name]]
        return (f"  {label:24s}{result.rate(name):8.1f} steps/s (rounds {min(rates):.1f}-"
                f"{max(rates):.1f}), the process {result.seconds(name):.0f} s")

    loop = statistics.median(result.loop_rates)
    steps = result.runs["tf2gan"][0].steps
    return "\n".join([
        f"{result.variant}, whole runs of {steps:,} iterations, "
        f"{len(result.loop_rates)} rounds each:",
        line("tf2gan (whole run)", "tf2gan"),
        line("original (whole run)", "original"),
        f"  {'tf2gan (its loop alone)':24s}{loop:8.1f} steps/s (rounds "
        f"{min(result.loop_rates):.1f}-{max(result.loop_rates):.1f})",
        f"  tf2gan whole / its loop {result.rate('tf2gan') / loop:8.2f}",
        f"ratio {result.rate('tf2gan') / result.rate('original'):.2f}",
    ])
