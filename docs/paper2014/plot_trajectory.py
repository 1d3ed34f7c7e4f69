"""Draw paper2014's long runs as they were judged: docs/paper2014/trajectory.png.

    .venv/bin/python docs/paper2014/plot_trajectory.py

Reads every docs/paper2014/seedS/metrics-epochE.json (what
train_until_plateau.sh keeps of each judging) and plots, against epochs,
the Parzen estimate beside the paper's 225 +- 2 and real digits' score,
the Fréchet distance, the classifier score, and, where the judging has
them, precision and recall and the share of samples closer to a training
image than that image's own nearest neighbour.
"""

import glob
import json
import os
import re

from matplotlib.figure import Figure

HERE = os.path.dirname(os.path.abspath(__file__))


def runs() -> dict[str, list[tuple[int, dict]]]:
    """seed folder -> [(epoch, record)] in epoch order."""
    found: dict[str, list[tuple[int, dict]]] = {}
    for path in glob.glob(os.path.join(HERE, "seed*", "metrics-epoch*.json")):
        epoch = int(re.search(r"epoch(\d+)\.json$", path).group(1))
        with open(path, encoding="utf-8") as f:
            found.setdefault(os.path.basename(os.path.dirname(path)), []).append(
                (epoch, json.load(f)))
    return {seed: sorted(points, key=lambda p: p[0]) for seed, points in sorted(found.items())}


def main() -> None:
    judged = runs()
    fig = Figure(figsize=(11, 7.5))
    axes = fig.subplots(2, 2).ravel()
    for seed, points in judged.items():
        epochs = [e for e, _ in points]
        m = [r["metrics"] for _, r in points]
        axes[0].errorbar(epochs, [x["parzen_log_likelihood"] for x in m],
                         yerr=[x["parzen_standard_error"] for x in m], marker="o", capsize=3,
                         label=f"tf2gan {seed}")
        axes[1].plot(epochs, [x["frechet_distance"] for x in m], marker="o", label=seed)
        axes[2].plot(epochs, [x["classifier_score"] for x in m], marker="o", label=seed)
        with_pr = [(e, x) for e, x in zip(epochs, m) if "precision" in x]
        if with_pr:
            e, x = zip(*with_pr)
            axes[3].plot(e, [v["precision"] for v in x], marker="o", label=f"precision, {seed}")
            axes[3].plot(e, [v["recall"] for v in x], marker="s", label=f"recall, {seed}")
            axes[3].plot(e, [v["closer_than_training_share"] for v in x], marker="^",
                         label=f"closer than the training set's own neighbours, {seed}")
    some = next(iter(judged.values()))[-1][1]
    real = some["held_out_real"]
    axes[0].axhspan(223, 227, color="tab:red", alpha=0.2, label="the paper: 225 ± 2")
    axes[0].axhline(real["parzen_log_likelihood"], color="grey", linestyle="--",
                    label=f"real training digits: {real['parzen_log_likelihood']:.1f}")
    axes[1].axhline(real["frechet_distance"], color="grey", linestyle="--",
                    label=f"held-out real digits: {real['frechet_distance']:.2f}")
    axes[2].axhline(real["classifier_score"], color="grey", linestyle="--",
                    label=f"held-out real digits: {real['classifier_score']:.2f}")
    for key, style in (("precision", "-"), ("recall", "--"), ("closer_than_training_share", ":")):
        if key in real:
            axes[3].axhline(real[key], color="grey", linestyle=style,
                            label=f"held-out real digits' {key.split('_')[0]}: {real[key]:.2f}")
    titles = ("Parzen log-likelihood of the MNIST test set (higher is better)",
              "Fréchet distance in the judge's features (lower is better)",
              "classifier score (10 at best)",
              "precision, recall and copying share")
    for ax, title in zip(axes, titles):
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("epoch (500 iterations of 100 digits)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("paper2014 on full MNIST, 10,000 samples judged every 100 epochs")
    fig.tight_layout()
    out = os.path.join(HERE, "trajectory.png")
    fig.savefig(out, dpi=90)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
