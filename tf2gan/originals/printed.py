"""What the original notebooks printed, as package data.

Only 000 and 001 printed losses; 002 printed only "on epochN", 003 drew
grids and D outputs, 004 stopped on a NameError before printing anything.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.resources

import numpy as np


@dataclasses.dataclass(frozen=True)
class PrintedLosses:
    """One notebook's printed D and G losses, placed on the iteration axis."""

    variant: str
    iterations: np.ndarray  # iterations completed when each line was printed
    d_loss: np.ndarray  # as printed
    g_loss: np.ndarray
    # printed = sign * (the loss tf2gan minimises and logs)
    sign: float
    label: str  # what the notebook called each point ("epoch", "step")
    points: np.ndarray  # the notebook's own counter for each point


def _rows(name: str) -> list[dict[str, str]]:
    text = importlib.resources.files("tf2gan.originals").joinpath(f"{name}.csv").read_text()
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def _goodfellow() -> PrintedLosses:
    rows = _rows("goodfellow")
    epochs = np.array([int(r["epoch"]) for r in rows])
    return PrintedLosses(
        variant="goodfellow",
        iterations=(epochs + 1) * 550,  # printed after the epoch's last batch
        d_loss=np.array([float(r["d_loss"]) for r in rows]),
        g_loss=np.array([float(r["g_loss"]) for r in rows]),
        sign=-1.0,  # it printed loss_D and loss_G, the optimisers minimise -loss_D, -loss_G
        label="epoch",
        points=epochs,
    )


def _tf101() -> PrintedLosses:
    rows = _rows("tf101")
    steps = np.array([int(r["step"]) for r in rows])
    return PrintedLosses(
        variant="tf101",
        iterations=steps + 1,
        d_loss=np.array([float(r["d_loss"]) for r in rows]),
        g_loss=np.array([float(r["g_loss"]) for r in rows]),
        sign=1.0,
        label="step",
        points=steps,
    )


PRINTED = {"goodfellow": _goodfellow, "tf101": _tf101}


def printed_losses(variant: str) -> PrintedLosses | None:
    """The losses the variant's notebook printed, or None if it printed none."""
    loader = PRINTED.get(variant)
    return loader() if loader else None
