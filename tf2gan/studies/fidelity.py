"""A fidelity study: does a variant learn what its original learned, over seeds?

The command and its sides: tf2gan/commands/fidelity.py.

After every run it writes STUDY_DIR/fidelity.json and STUDY_DIR/fidelity.md,
and at the end STUDY_DIR/samples.png (every run's samples side by side):
per seed and side the Fréchet distance, classifier score, classes present,
Parzen log-likelihood and (where the notebook printed losses) the run's
median losses against the notebook's; per side the mean and range, the
collapse rate, and whether tf2gan's mean lies inside the original's range.

The study runs unattended and can be stopped at any time (SIGINT or
SIGTERM reach the run under way, which saves a checkpoint). The same
command picks it up: judged runs are reused, a tf2 run continues from its
checkpoint, and an unfinished tf1 run starts over (the original's TF1
optimiser state is not checkpointed).
"""

from __future__ import annotations

import dataclasses
import glob
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from typing import Any, Sequence

from tf2gan.base.errors import Interrupted, UsageError
from tf2gan.base.files import make_folder, write_atomically
from tf2gan.base.processes import ends_with_this_process
from tf2gan.data import kinds
from tf2gan.run.run_dir import DIVERGED, writer_of
from tf2gan.studies.compare import FIXED_BAND, Band

STUDY = "study.json"
RESULTS = "fidelity.json"
TABLE = "fidelity.md"
TRAIN_LOG = "train.log"
EVALUATE_LOG = "evaluate.log"
# The flags of each side ({redrawn}: the seed of the tf2-redrawn side's draw).
SIDES: dict[str, tuple[str, ...]] = {
    "tf2": ("--impl=tf2",),
    "tf1": ("--impl=original",),
    "tf1-shared": ("--impl=original", "--initial_weights=tf2"),
    "tf2-redrawn": ("--impl=tf2", "--init_seed={redrawn}"),
    "tf1-redrawn": ("--impl=original", "--init_seed={redrawn}"),
}
# The redrawn sides draw with seed + REDRAWN: not a seed the other sides draw with.
REDRAWN = 1000
ORIGINAL = "tf1"  # the side whose seeds span the original's range
HEARTBEAT_SECONDS = 60.0


@dataclasses.dataclass(frozen=True)
class Study:
    """What a study directory holds runs of; a rerun must ask for the same."""

    variant: str
    dataset: str
    data_dir: str | None
    steps: int | None
    epochs: int | None
    num: int

    def training_flags(self) -> list[str]:
        args = [f"--variant={self.variant}", f"--dataset={self.dataset}"]
        if self.data_dir:
            args.append(f"--data_dir={os.path.abspath(self.data_dir)}")
        if self.steps:
            args.append(f"--steps={self.steps}")
        if self.epochs:
            args.append(f"--epochs={self.epochs}")
        return args


def _check_study(directory: str, study: Study) -> None:
    """Record the study's settings, or refuse a directory that holds another study."""
    path = os.path.join(directory, STUDY)
    wanted = dataclasses.asdict(study)
    if os.path.exists(path):
        saved = _read_study_file(path, dict, "delete it to start the study afresh")
        changed = [f"{k} was {saved.get(k)!r}, now {v!r}" for k, v in wanted.items()
                   if saved.get(k) != v]
        if changed:
            raise UsageError(f"{directory} holds another study ({'; '.join(changed)}); "
                             "choose another --study_dir")
        return
    make_folder(directory, f"the study directory {directory}")
    write_atomically(path, json.dumps(wanted, indent=2) + "\n")


def _checkpointed_step(run_dir: str) -> int:
    """The step of the newest checkpoint on disk (0 if none)."""
    steps = [int(m.group(1)) for path in glob.glob(os.path.join(run_dir, "checkpoints",
                                                                 "ckpt-*.index"))
             if (m := re.search(r"ckpt-(\d+)\.index$", path))]
    return max(steps, default=0)


def _read_json(path: str) -> dict[str, Any] | None:
    """A run's JSON file, or None if it is missing or not a JSON object."""
    try:
        with open(path, encoding="utf-8") as f:
            found = json.load(f)
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _read_study_file(path: str, kind: type, recover: str) -> Any:
    """A file the study itself wrote, which it never reads as empty when damaged:
    UsageError naming it and how to `recover`."""
    try:
        with open(path, encoding="utf-8") as f:
            found = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError(f"{path} cannot be read ({e}); {recover}") from None
    if not isinstance(found, kind):
        raise UsageError(f"{path} holds a JSON {type(found).__name__}, not the study's "
                         f"{kind.__name__}; {recover}")
    return found


# How to get a study's table back when fidelity.json is damaged: its runs are on disk.
_REBUILD = ("move it away and run the study again with every seed and side it held: runs "
            "already trained and judged are reused, so the table is rebuilt from them")


def _previous_rows(path: str) -> dict[tuple[str, int], dict[str, Any]]:
    """The runs an earlier invocation put in fidelity.json, by (side, seed)."""
    if not os.path.exists(path):
        return {}
    runs = _read_study_file(path, dict, _REBUILD).get("runs")
    needed = ("side", "seed", "run_dir", "step", "metrics", "train_seconds", "evaluate_seconds")
    if not isinstance(runs, list) or not all(isinstance(r, dict) and all(k in r for k in needed)
                                             and r["side"] in SIDES for r in runs):
        raise UsageError(f"{path} does not hold the study's runs (each with "
                         f"{', '.join(needed)}); {_REBUILD}")
    return {(r["side"], r["seed"]): r for r in runs}


def _total_steps(run_dir: str) -> int | None:
    config = _read_json(os.path.join(run_dir, "config.json"))
    return config.get("total_steps") if config else None


class _Child:
    """The run under way: SIGINT / SIGTERM sent to the study are passed on to it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.signal: int | None = None
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._forward)

    def _forward(self, signum: int, frame: object) -> None:
        del frame
        self.signal = signum
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signum)

    def run(self, args: list[str], log_path: str, what: str) -> int:
        """Run `python -m args` with its output in log_path; show its progress."""
        if self.signal is not None:
            raise Interrupted(self.signal, "stopped before starting " + what)
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"\n$ {' '.join(args)}\n")
            log.flush()
            # Its own session: Ctrl-C reaches it once, through _forward. Ending
            # with the study: a study killed outright leaves no training behind.
            self.process = subprocess.Popen([sys.executable, "-m", *args], stdout=log,
                                            stderr=subprocess.STDOUT, text=True,
                                            start_new_session=True,
                                            preexec_fn=ends_with_this_process())
        began = time.monotonic()
        while True:
            try:
                status = self.process.wait(timeout=HEARTBEAT_SECONDS)
                break
            except subprocess.TimeoutExpired:
                print(f"    {what}: {_duration(time.monotonic() - began)} | "
                      f"{_last_progress(log_path)}", flush=True)
        self.process = None
        if self.signal is not None:
            raise Interrupted(self.signal, f"{what} was stopped; run the same command to "
                              "continue the study")
        return status


def _last_progress(log_path: str) -> str:
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            lines = [line.strip() for line in f.readlines()[-20:] if line.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


@dataclasses.dataclass
class Run:
    side: str
    seed: int
    run_dir: str

    @property
    def name(self) -> str:
        return f"{self.side} seed {self.seed}"


def _train(run: Run, study: Study, child: _Child) -> float:
    """Train `run` to the end of its schedule; the seconds it took (0 if reused)."""
    total = _total_steps(run.run_dir)
    done = _checkpointed_step(run.run_dir)
    if total is not None and done >= total:
        print(f"  {run.name}: trained already ({total:,} iterations)", flush=True)
        return 0.0
    side = [flag.format(redrawn=run.seed + REDRAWN) for flag in SIDES[run.side]]
    args = ["tf2gan.main", *study.training_flags(), *side, f"--seed={run.seed}",
            f"--run_dir={run.run_dir}"]
    if total is not None and "--impl=tf2" in side and done:
        args.append("--resume")
        print(f"  {run.name}: continuing from step {done}", flush=True)
    elif os.path.exists(run.run_dir):
        # Nothing to continue from (a tf1 run, or no checkpoint yet): start over,
        # unless a training still runs in it (an earlier study's, say).
        writer = writer_of(run.run_dir)
        if writer is not None:
            raise UsageError(f"{run.run_dir} is in use: a tf2gan process (PID {writer}) is "
                             "training in it; wait for it to end or stop it, then run the "
                             "study again")
        shutil.rmtree(run.run_dir)
    make_folder(run.run_dir)
    return _timed(child, args, run, "training", TRAIN_LOG)


def _timed(child: _Child, args: list[str], run: Run, doing: str, log: str) -> float:
    """Run one command of `run` to its end; the seconds it took. UsageError if it failed."""
    began = time.monotonic()
    status = child.run(args, os.path.join(run.run_dir, log), f"{run.name} {doing}")
    if status:
        raise UsageError(f"{doing} {run.name} failed (status {status}); its log is "
                         f"{os.path.join(run.run_dir, log)}")
    return time.monotonic() - began


def _judged(run: Run, study: Study, need_parzen: bool) -> dict[str, Any] | None:
    """The run's metrics.json if it judged the run's last step as the study asks."""
    path = os.path.join(run.run_dir, "metrics.json")
    if not os.path.exists(path):
        return None
    record = _read_json(path)
    if record is None or not isinstance(record.get("metrics"), dict):
        print(f"  {run.name}: metrics.json cannot be used (not a judgement's record); "
              "judging it again", flush=True)
        return None
    if record.get("step") != _total_steps(run.run_dir) or record.get("num") != study.num:
        return None
    if need_parzen and "parzen_log_likelihood" not in record["metrics"]:
        return None
    return record


def _evaluate(run: Run, study: Study, child: _Child, classifier_dir: str | None) -> float:
    args = ["tf2gan.evaluate", f"--run_dir={run.run_dir}", f"--num={study.num}"]
    if classifier_dir:
        args.append(f"--classifier_dir={classifier_dir}")
    return _timed(child, args, run, "judging", EVALUATE_LOG)


def _against_notebook(run: Run) -> tuple[dict[str, float] | None, str | None]:
    """The run's median D and G losses as ratios to the notebook's, if it printed
    any within the run's schedule; else None and, if it printed some later, why
    there is no comparison."""
    from tf2gan.originals.printed import printed_losses
    from tf2gan.studies import compare

    variant = _variant_of(run)
    printed = printed_losses(variant)
    if printed is None:
        return None, None
    first, total = int(printed.iterations[0]), _total_steps(run.run_dir)
    if total is not None and total < first:
        return None, (f"the {variant} notebook printed its first losses after iteration "
                      f"{first}, after this study's {total}: the table has no notebook "
                      "comparison")
    comparison = compare.compare(variant, compare.read_scalars(run.run_dir))
    return ({"d_ratio": comparison.d_ratio, "g_ratio": comparison.g_ratio,
             "printed_points": len(comparison.rows)}, None)


def _variant_of(run: Run) -> str:
    return _read_json(os.path.join(run.run_dir, "config.json"))["variant"]["name"]


# ---------------------------------------------------------------------------
# The table


COLUMNS = (("frechet_distance", "Fréchet distance", "{:.1f}"),
           ("classifier_score", "classifier score", "{:.2f}"),
           ("classes_present", "classes present", "{:d}"),
           ("parzen_log_likelihood", "Parzen LL", "{:.1f}"))
TITLES = {key: title for key, title, _ in COLUMNS}


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]]:
    the probability, with the margins fixed, of a table no likelier than this one."""
    row, column, n = a + b, a + c, a + b + c + d
    probability = lambda x: math.comb(column, x) * math.comb(n - column, row - x) / math.comb(n, row)
    observed = probability(a)
    low, high = max(0, row + column - n), min(row, column)
    return min(1.0, sum(p for x in range(low, high + 1)
                        if (p := probability(x)) <= observed * (1 + 1e-9)))


def rank_sum_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided exact p-value of the Wilcoxon-Mann-Whitney rank-sum test.

    Whether one side's values tend to lie above the other's, by ranks: a
    seed or two that collapse move a mean far but a rank sum little, which
    is what a comparison over a handful of seeds needs. Ties share ranks
    (their mean); the null distribution counts, by dynamic programming, the
    subsets of len(a) of all the ranks by their sum.
    """
    values = sorted(list(a) + list(b))
    rank = {v: (values.index(v) + len(values) - values[::-1].index(v) + 1) / 2 for v in values}
    doubled = [round(2 * rank[v]) for v in values]  # ties give half ranks: count in halves
    observed = round(2 * sum(rank[v] for v in a))
    m = len(a)
    # ways[k][t]: subsets of k ranks seen so far whose doubled ranks sum to t.
    ways = [[0] * (sum(doubled) + 1) for _ in range(m + 1)]
    ways[0][0] = 1
    for r in doubled:
        for k in range(m, 0, -1):
            for t in range(len(ways[k]) - 1, r - 1, -1):
                ways[k][t] += ways[k - 1][t - r]
    total = math.comb(len(values), m)
    below = sum(ways[m][:observed + 1]) / total
    above = sum(ways[m][observed:]) / total
    return min(1.0, 2 * min(below, above))


# The groups of sides the rank-sum tests compare: initialisation (tf2 against
# the original's own draws), execution (tf2 against the original from its
# draws), the draws alone (the original from either draw), the other draws of
# each against the first and against each other, and all of tf2gan's draws
# against all of the original's. A test runs when every side it names has runs.
RANKED_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("tf2",), (ORIGINAL,)), (("tf2",), ("tf1-shared",)), (("tf1-shared",), (ORIGINAL,)),
    (("tf2-redrawn",), (ORIGINAL,)), (("tf2-redrawn",), ("tf2",)),
    (("tf1-redrawn",), (ORIGINAL,)), (("tf2-redrawn",), ("tf1-redrawn",)),
    (("tf2", "tf2-redrawn"), (ORIGINAL,)), (("tf2", "tf2-redrawn"), (ORIGINAL, "tf1-redrawn")),
)


# A run that diverged ranks below every finished one: its original would have
# gone on with non-finite weights and drawn nothing.
WORST = {"frechet_distance": math.inf, "classifier_score": -math.inf,
         "parzen_log_likelihood": -math.inf}


def _rank_sums(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Wilcoxon-Mann-Whitney p per pair of side groups present and per figure
    every run of both groups has (a diverged run ranks worst on each):
    {"tf2 vs tf1": {"frechet_distance": p, ...}, "tf2+tf2-redrawn vs tf1": ...}."""
    values = lambda sides, key: [WORST[key] if "diverged" in r else r["metrics"].get(key)
                                 for r in rows if r["side"] in sides]
    present = {r["side"] for r in rows}
    tests: dict[str, dict[str, float]] = {}
    for a, b in RANKED_PAIRS:
        if not present.issuperset(a + b):
            continue
        figures = {key: rank_sum_p(values(a, key), values(b, key)) for key, _, _ in COLUMNS
                   if key != "classes_present" and None not in values(a, key) + values(b, key)}
        if figures:
            tests[f"{'+'.join(a)} vs {'+'.join(b)}"] = figures
    return tests


def summarise(rows: list[dict[str, Any]], collapse_below: int) -> dict[str, Any]:
    """Per side: mean and range of each metric, collapses; tf2 against the original."""
    sides: dict[str, Any] = {}
    for side in SIDES:
        mine = [r for r in rows if r["side"] == side]
        if not mine:
            continue
        summary: dict[str, Any] = {"runs": len(mine),
                                   "diverged": sum("diverged" in r for r in mine)}
        for key, _, _ in COLUMNS:
            values = [r["metrics"][key] for r in mine if key in r["metrics"]]
            if values:
                summary[key] = {"mean": sum(values) / len(values), "min": min(values),
                                "max": max(values)}
        # A diverged run counts as collapsed, with no class present.
        classes = [r["metrics"].get("classes_present", 0) for r in mine]
        summary["collapsed"] = sum(c < collapse_below for c in classes)
        summary["runs_by_classes_present"] = {c: classes.count(c) for c in sorted(set(classes))}
        sides[side] = summary
    verdicts: dict[str, Any] = {}
    if "tf2" in sides and ORIGINAL in sides:
        ours, theirs = sides["tf2"], sides[ORIGINAL]
        for key in ("frechet_distance", "classifier_score"):
            if key in ours and key in theirs:  # (not when every run of a side diverged)
                verdicts[f"{key}_mean_inside_original_range"] = (
                    theirs[key]["min"] <= ours[key]["mean"] <= theirs[key]["max"])
        verdicts["rank_sum_p"] = _rank_sums(rows)
        verdicts["collapse_fisher_p"] = fisher_exact(
            ours["collapsed"], ours["runs"] - ours["collapsed"],
            theirs["collapsed"], theirs["runs"] - theirs["collapsed"])
        notebook = lambda side: [(r["notebook"]["d_ratio"], r["notebook"]["g_ratio"])
                                 for r in rows if r["side"] == side and r.get("notebook")]
        if notebook(ORIGINAL) and notebook("tf2"):
            band = Band.of(notebook(ORIGINAL))
            verdicts["notebook_band"] = {"d": band.d, "g": band.g}
            verdicts["tf2_runs_in_band"] = sum(band.holds(*pair) for pair in notebook("tf2"))
            verdicts["original_runs_within_factor_2"] = sum(
                FIXED_BAND.holds(*pair) for pair in notebook(ORIGINAL))
    return {"sides": sides, "verdicts": verdicts}


def _cell(value: Any, fmt: str) -> str:
    return "" if value is None else fmt.format(value)


def markdown(study: Study, rows: list[dict[str, Any]], summary: dict[str, Any],
             collapse_below: int) -> str:
    schedule = (f"{study.steps:,} iterations" if study.steps else
                f"{study.epochs} epochs" if study.epochs else "the full recipe")
    lines = [f"# Fidelity study: {study.variant}, {schedule}, {study.dataset}",
             "",
             f"Each run judged on {study.num:,} samples; collapsed: fewer than "
             f"{collapse_below} classes present; a run that diverged (a non-finite loss or "
             "weights) counts as collapsed, with no class, and ranks worst. D and G ratio: "
             "the run's median loss over the notebook's printed points, over the notebook's.",
             "",
             "| seed | side | " + " | ".join(title for _, title, _ in COLUMNS)
             + " | D ratio | G ratio | train (min) |",
             "|---:|---|" + "---:|" * (len(COLUMNS) + 3)]
    for r in sorted(rows, key=lambda r: (r["seed"], list(SIDES).index(r["side"]))):
        m, notebook = r["metrics"], r.get("notebook") or {}
        cells = [_cell(m.get(key), fmt) for key, _, fmt in COLUMNS]
        side = (f"{r['side']}, diverged at step {r['step']:,}" if "diverged" in r
                else r["side"])
        lines.append(f"| {r['seed']} | {side} | " + " | ".join(cells)
                     + f" | {_cell(notebook.get('d_ratio'), '{:.2f}')}"
                     + f" | {_cell(notebook.get('g_ratio'), '{:.2f}')}"
                     + f" | {r['train_seconds'] / 60:.1f} |")
    lines += ["", "| side | runs | " + " | ".join(f"{title}: mean (range)"
                                                  for _, title, _ in COLUMNS)
              + " | collapsed | runs by classes present (classes: runs) |",
              "|---|---:|" + "---|" * len(COLUMNS) + "---:|---|"]
    for side, s in summary["sides"].items():
        cells = []
        for key, _, fmt in COLUMNS:
            if key not in s:
                cells.append("")
                continue
            mean_fmt = "{:.1f}" if fmt == "{:d}" else fmt
            low, high = s[key]["min"], s[key]["max"]
            # "-73.5--25.8" would misread: a negative bound takes "to".
            dash = " to " if low < 0 or high < 0 else "-"
            cells.append(f"{mean_fmt.format(s[key]['mean'])} ({fmt.format(low)}{dash}"
                         f"{fmt.format(high)})")
        spread = ", ".join(f"{classes}: {count}" for classes, count
                           in s["runs_by_classes_present"].items())
        diverged = f" ({s['diverged']} diverged)" if s["diverged"] else ""
        lines.append(f"| {side} | {s['runs']} | " + " | ".join(cells)
                     + f" | {s['collapsed']} of {s['runs']}{diverged} | {spread} |")
    verdicts = summary["verdicts"]
    if verdicts:
        inside = lambda key: {True: "inside", False: "OUTSIDE", None: "(no finished run) beside"}[
            verdicts.get(f"{key}_mean_inside_original_range")]
        lines += ["",
                  f"- tf2gan's mean Fréchet distance lies {inside('frechet_distance')} the "
                  "original's seed range; its mean classifier score lies "
                  f"{inside('classifier_score')} it.",
                  *(f"- {pair} by ranks (Wilcoxon-Mann-Whitney, two-sided): "
                    + ", ".join(f"{TITLES[key]} p = {p:.3g}" for key, p in tests.items()) + "."
                    for pair, tests in verdicts["rank_sum_p"].items()),
                  f"- Collapse rates, tf2 against tf1: Fisher's exact test p = "
                  f"{verdicts['collapse_fisher_p']:.3g} (two-sided)."]
        if "notebook_band" in verdicts:
            band, runs = verdicts["notebook_band"], summary["sides"]
            lines.append(
                f"- Against the notebook's printed losses: the original's {runs[ORIGINAL]['runs']} "
                f"seeds and the notebook span D x{band['d'][0]:.2f}-{band['d'][1]:.2f} and G "
                f"x{band['g'][0]:.2f}-{band['g'][1]:.2f} of the notebook's medians; "
                f"{verdicts['tf2_runs_in_band']} of {runs['tf2']['runs']} tf2gan runs lie in that "
                f"band ({verdicts['original_runs_within_factor_2']} of the original's runs lie "
                "within the fixed factor of 2).")
    hours = sum(r["train_seconds"] + r["evaluate_seconds"] for r in rows) / 3600
    lines += ["", f"{len(rows)} runs; {hours:.2f} hours of training and judging recorded "
                  "(runs reused from an earlier session count their first time)."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------


def run_study(study: Study, directory: str, seeds: Sequence[int], sides: Sequence[str],
              collapse_below: int = 8, classifier_dir: str | None = None) -> dict[str, Any]:
    _check_study(directory, study)
    need_parzen = study.dataset in ("mnist_idx", "mnist")
    previous = _previous_rows(os.path.join(directory, RESULTS))
    runs = [Run(side, seed, os.path.join(directory, f"{side}-seed{seed}"))
            for seed in seeds for side in sides]
    child = _Child()
    said: set[str] = set()  # what the study has said once and need not repeat
    # Runs judged by an earlier invocation (other seeds or sides) stay in the table.
    table: dict[tuple[str, int], dict[str, Any]] = dict(previous)
    began = time.monotonic()
    for number, run in enumerate(runs, 1):
        print(f"[{number}/{len(runs)}] {study.variant} {run.name} ({run.run_dir}), "
              f"{_duration(time.monotonic() - began)} into this session", flush=True)
        earlier = previous.get((run.side, run.seed), {})
        started = time.monotonic()
        try:
            trained = 0.0 if _diverged(run) else _train(run, study, child)
        except UsageError:
            if _diverged(run) is None:
                raise
            trained = time.monotonic() - started
        train_seconds = trained or earlier.get("train_seconds", 0.0)
        diverged = _diverged(run)
        if diverged is not None:
            print(f"  {run.name}: diverged at step {diverged['step']:,} ({diverged['what']})",
                  flush=True)
            table[(run.side, run.seed)] = {
                "side": run.side, "seed": run.seed, "run_dir": run.run_dir,
                "step": diverged["step"], "diverged": diverged["what"], "metrics": {},
                "class_shares": None, "notebook": None, "train_seconds": train_seconds,
                "evaluate_seconds": 0.0}
            _write_results(study, directory, list(table.values()), collapse_below)
            continue
        record = _judged(run, study, need_parzen)
        evaluate_seconds = earlier.get("evaluate_seconds", 0.0)
        if record is not None:
            print(f"  {run.name}: judged already", flush=True)
        else:
            evaluate_seconds = _evaluate(run, study, child, classifier_dir)
            record = _judged(run, study, need_parzen)
            if record is None:
                raise UsageError(f"judging {run.name} wrote no usable metrics.json")
        metrics = {k: v for k, v in record["metrics"].items() if k != "class_shares"}
        notebook, why_not = _against_notebook(run)
        if why_not and why_not not in said:
            print(f"  {why_not}", flush=True)
            said.add(why_not)
        row = {"side": run.side, "seed": run.seed, "run_dir": run.run_dir,
               "step": record["step"], "metrics": metrics,
               "class_shares": record["metrics"].get("class_shares"),
               "notebook": notebook,
               "train_seconds": train_seconds, "evaluate_seconds": evaluate_seconds}
        table[(run.side, run.seed)] = row
        _write_results(study, directory, list(table.values()), collapse_below)
        shown = ", ".join(f"{title} {_cell(metrics.get(key), fmt)}"
                          for key, title, fmt in COLUMNS if key in metrics)
        print(f"  {run.name}: {shown}", flush=True)
    rows = list(table.values())
    write_atomically(os.path.join(directory, PICTURE), sample_picture(study, rows))
    return summarise(rows, collapse_below)


def _diverged(run: Run) -> dict[str, Any] | None:
    """What train.py wrote when `run` stopped on a non-finite loss or weights."""
    return _read_json(os.path.join(run.run_dir, DIVERGED))


def _write_results(study: Study, directory: str, rows: list[dict[str, Any]],
                   collapse_below: int) -> None:
    summary = summarise(rows, collapse_below)
    write_atomically(os.path.join(directory, RESULTS), json.dumps(
        {"study": dataclasses.asdict(study), "collapse_below": collapse_below,
         "runs": rows, **summary}, indent=2) + "\n")
    write_atomically(os.path.join(directory, TABLE),
                     markdown(study, rows, summary, collapse_below))


PICTURE = "samples.png"
_TILE = 4  # each run shows a 4x4 grid of its samples


def sample_picture(study: Study, rows: list[dict[str, Any]]) -> bytes:
    """Every run's samples, one row per seed and one column per side, as PNG bytes:
    the same 16 noise vectors for every run, each tile titled with its scores."""
    import io

    import PIL.Image
    from matplotlib.figure import Figure

    from tf2gan.core import sampling
    from tf2gan.run import pictures
    from tf2gan.run.checkpoints import restore_generator

    seeds = sorted({r["seed"] for r in rows})
    sides = [side for side in SIDES if any(r["side"] == side for r in rows)]
    fig = Figure(figsize=(2.2 * len(sides), 2.45 * len(seeds) + 0.4), layout="constrained")
    axes = fig.subplots(len(seeds), len(sides), squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for r in rows:
        if "diverged" in r:
            ax = axes[seeds.index(r["seed"]), sides.index(r["side"])]
            ax.set_title(f"{r['side']} seed {r['seed']}\ndiverged at step {r['step']:,}",
                         fontsize=8)
            continue
        variant, generator, _ = restore_generator(r["run_dir"], say=lambda line: None)
        images = sampling.to_uint8(variant, sampling.generate(
            variant, sampling.from_model(generator), _TILE * _TILE, seed=0))
        tile = pictures.mosaic(images.reshape(_TILE, _TILE, *kinds.IMAGE_SHAPE), 0, 0)
        ax = axes[seeds.index(r["seed"]), sides.index(r["side"])]
        ax.imshow(tile, cmap="Greys_r", vmin=0, vmax=255)
        m = r["metrics"]
        ax.set_title(f"{r['side']} seed {r['seed']}\nFD {m['frechet_distance']:.0f}, "
                     f"{m['classes_present']} classes", fontsize=8)
    fig.suptitle(f"{study.variant}: tf2gan (tf2) and the original (tf1),\nthe same 16 noise "
                 "vectors for every run", fontsize=9)
    # Grey digits and black text: one grey channel keeps the file a third the size.
    grey = io.BytesIO()
    PIL.Image.open(io.BytesIO(pictures.png_bytes(fig, dpi=80))).convert("L").save(
        grey, format="PNG", optimize=True)
    return grey.getvalue()
