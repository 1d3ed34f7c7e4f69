"""Put a run's losses beside what the original notebook printed.

The command: tf2gan/commands/compare.py.

The notebook printed one run of the original, one seed. How far another
seed of the same original strays from it is what --band measures: runs of
the original (`--impl=original`) with other seeds, each compared with the
notebook like the run. The run is in the original's regime when its median
D and G ratios to the notebook lie inside the band those runs and the
notebook itself (ratio 1) span. Without --band the band is a fixed factor
of 2 either way.
"""

from __future__ import annotations

import dataclasses

from tf2gan.base.errors import UsageError

# A run is in the original's regime when its median D and G losses over the
# printed points are each within this factor of the original's.
REGIME_FACTOR = 2.0
# The run's losses, as TensorBoard holds them (summaries.TRAINING).
D_LOSS, G_LOSS = "loss/d_loss", "loss/g_loss"


@dataclasses.dataclass(frozen=True)
class Band:
    """The D and G ratios to the notebook that count as the original's regime."""

    d: tuple[float, float]
    g: tuple[float, float]
    runs: int  # runs of the original it was taken from; 0: the fixed factor

    @staticmethod
    def of(ratios: list[tuple[float, float]]) -> "Band":
        """What the original's own runs' (D, G) ratios and the notebook (1, 1) span."""
        d = [1.0] + [d for d, _ in ratios]
        g = [1.0] + [g for _, g in ratios]
        return Band((min(d), max(d)), (min(g), max(g)), len(ratios))


    def holds(self, d_ratio: float, g_ratio: float) -> bool:
        return self.d[0] <= d_ratio <= self.d[1] and self.g[0] <= g_ratio <= self.g[1]


FIXED_BAND = Band((1 / REGIME_FACTOR, REGIME_FACTOR), (1 / REGIME_FACTOR, REGIME_FACTOR), 0)


@dataclasses.dataclass(frozen=True)
class Comparison:
    variant: str
    rows: list[dict[str, float]]  # per printed point: original and run values
    d_ratio: float  # median |run D| / median |original D|
    g_ratio: float

    def within(self, band: Band) -> bool:
        return band.holds(self.d_ratio, self.g_ratio)

    @property
    def in_regime(self) -> bool:
        return self.within(FIXED_BAND)


def read_scalars(run_dir: str) -> dict[str, tuple[list[int], list[float]]]:
    """Every scalar tf.summary wrote in run_dir: tag -> (steps, values).

    Runs written before the tags were grouped (`d_loss`, not `loss/d_loss`)
    are read under the grouped tags.
    """
    import tensorflow as tf
    from tensorboard.backend.event_processing import event_accumulator

    from tf2gan.run.summaries import LEGACY_TAGS

    accumulator = event_accumulator.EventAccumulator(
        run_dir, size_guidance={event_accumulator.TENSORS: 0})
    accumulator.Reload()
    scalars = {}
    for name in accumulator.Tags()["tensors"]:
        if accumulator.SummaryMetadata(name).plugin_data.plugin_name != "scalars":
            continue  # the config's text, hyperparameters, images, histograms
        events = accumulator.Tensors(name)
        if events:
            scalars[LEGACY_TAGS.get(name, name)] = (
                [e.step for e in events], [float(tf.make_ndarray(e.tensor_proto)) for e in events])
    return scalars


def compare(variant: str, scalars: dict[str, tuple[list[int], list[float]]]) -> Comparison:
    """Pair each printed point with the run's logged value nearest in iterations."""
    import numpy as np

    from tf2gan.originals.printed import printed_losses

    printed = printed_losses(variant)
    if printed is None:
        raise UsageError(f"the {variant} notebook printed no losses; compare its pictures "
                         "instead (see legacy_notes/)")
    if D_LOSS not in scalars or G_LOSS not in scalars:
        raise UsageError(f"the run has no {D_LOSS} and {G_LOSS} scalars yet")
    steps = np.array(scalars[D_LOSS][0])
    d_run = printed.sign * np.array(scalars[D_LOSS][1])
    g_run = printed.sign * np.array(scalars[G_LOSS][1])  # logged together with D's
    rows = []
    spacing = np.median(np.diff(steps)) if len(steps) > 1 else 1
    for point, iteration, d, g in zip(printed.points, printed.iterations,
                                      printed.d_loss, printed.g_loss):
        nearest = int(np.argmin(np.abs(steps - iteration)))
        if abs(steps[nearest] - iteration) > spacing / 2:
            continue  # the run did not get this far
        rows.append({"point": int(point), "iteration": int(iteration), "original_d": d,
                     "original_g": g, "run_iteration": int(steps[nearest]),
                     "run_d": float(d_run[nearest]), "run_g": float(g_run[nearest])})
    if not rows:
        raise UsageError(f"the run logged up to iteration {int(steps.max())}, before the "
                         f"original's first printed point ({int(printed.iterations[0])})")
    ratio = lambda run, orig: (float(np.median(np.abs([r[run] for r in rows])))
                               / float(np.median(np.abs([r[orig] for r in rows]))))
    return Comparison(variant, rows, ratio("run_d", "original_d"), ratio("run_g", "original_g"))


def markdown(comparison: Comparison, label: str) -> str:
    lines = [f"| {label} | iteration | original D | run D | original G | run G |",
             "|---:|---:|---:|---:|---:|---:|"]
    for r in comparison.rows:
        at = "" if r["run_iteration"] == r["iteration"] else f" (at {r['run_iteration']})"
        lines.append(f"| {r['point']} | {r['iteration']}{at} | {r['original_d']:.4g} | "
                     f"{r['run_d']:.4g} | {r['original_g']:.4g} | {r['run_g']:.4g} |")
    return "\n".join(lines) + "\n"


def verdict(comparison: Comparison, band: Band = FIXED_BAND) -> str:
    state = "in" if comparison.within(band) else "NOT in"
    counts = (f"within x{REGIME_FACTOR:g} counts" if band.runs == 0 else
              f"the band of the notebook and {band.runs} run(s) of the original: D "
              f"x{band.d[0]:.2f}-{band.d[1]:.2f}, G x{band.g[0]:.2f}-{band.g[1]:.2f}")
    return (f"{comparison.variant}: {state} the original's regime over {len(comparison.rows)} "
            f"printed points: median D loss x{comparison.d_ratio:.2f}, G loss "
            f"x{comparison.g_ratio:.2f} of the notebook's ({counts})")


def plot(comparison: Comparison, scalars, sign: float, originals=()) -> bytes:
    """The run's losses beside the notebook's printed ones, as PNG bytes; the
    scalars of other runs of the original (`originals`) drawn thin and grey."""
    import numpy as np
    from matplotlib.figure import Figure

    from tf2gan.run import pictures

    fig = Figure(figsize=(10, 4))
    axes = fig.subplots(1, 2)
    last = max(r["iteration"] for r in comparison.rows)
    for ax, key, tag, title in ((axes[0], "d", D_LOSS, "D loss"), (axes[1], "g", G_LOSS, "G loss")):
        for i, theirs in enumerate(originals):
            steps, values = (np.array(a) for a in theirs[tag])
            keep = steps <= last * 1.05
            ax.plot(steps[keep], sign * values[keep], lw=0.6, color="0.7",
                    label=(f"the original (--impl=original), {len(originals)} seeds"
                           if i == 0 else None))
        steps, values = scalars[tag]
        keep = np.array(steps) <= last * 1.05
        ax.plot(np.array(steps)[keep], sign * np.array(values)[keep], lw=1,
                label="this run (every logged point)")
        ax.plot([r["iteration"] for r in comparison.rows],
                [r[f"original_{key}"] for r in comparison.rows], "o-", ms=4,
                label="original notebook (printed)")
        ax.set_xlabel("iterations (optimiser steps of D and G)")
        ax.set_title(f"{comparison.variant}: {title} as the original printed it")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return pictures.png_bytes(fig, dpi=100)
