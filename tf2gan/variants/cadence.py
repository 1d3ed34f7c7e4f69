"""When something happens in a run (a log line, a picture, a checkpoint),
counted in training iterations, and the file names it gives what it drew."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Literal


@dataclasses.dataclass(frozen=True)
class Cadence:
    """When something happens, counted in training iterations.

    unit:
      step   at iterations (step % every == 0) when `first`, else at
             ((step + 1) % every == 0); `dense_every` adds every `dense_every`
             iterations up to `dense_until` (001 printed every 100 steps to
             1000, then every 1000).
      epoch  at the end of every `every`-th epoch, and of epoch 0 if `first`.
      batch  at batch index within the epoch % every == 0 (003's
             `n_batch % 100 == 0`).
      end    once, after the last iteration.
    """

    unit: Literal["step", "epoch", "batch", "end"]
    every: int = 1
    first: bool = False
    dense_every: int = 0
    dense_until: int = 0

    def due(self, step: int, steps_per_epoch: int, total_steps: int) -> bool:
        """Whether the iteration with 0-based index `step` just completed is one."""
        if self.unit == "end":
            return step == total_steps - 1
        if self.unit == "step":
            if self.dense_every and step <= self.dense_until and step % self.dense_every == 0:
                return True
            return (step if self.first else step + 1) % self.every == 0
        if self.unit == "batch":
            return (step % steps_per_epoch) % self.every == 0
        # epoch
        if (step + 1) % steps_per_epoch:
            return False
        epoch = (step + 1) // steps_per_epoch - 1
        return (epoch + 1) % self.every == 0 or (self.first and epoch == 0)

    def describe(self, step: int, steps_per_epoch: int) -> str:
        """Where `step` is, in the units the tutorial printed ("epoch 3", "step 2000")."""
        epoch, batch = divmod(step, steps_per_epoch)
        if self.unit == "epoch":
            return f"epoch {epoch}"
        if self.unit == "batch":
            return f"epoch {epoch} batch {batch}"
        return f"step {step}"

    def label(self, step: int, steps_per_epoch: int) -> str:
        """A file name for what happens at `step`, in the cadence's own units."""
        epoch, batch = divmod(step, steps_per_epoch)
        if self.unit == "epoch":
            return f"epoch_{epoch:03d}"
        if self.unit == "batch":
            return f"epoch_{epoch:03d}_batch_{batch:04d}"
        if self.unit == "end":
            return "final"
        return f"step_{step:06d}"

    @staticmethod
    def label_order(label: str) -> tuple[float, ...] | None:
        """Where a name made by `label` falls in training order; None for other names.

        The numbers are compared, not the text: a schedule longer than the
        padding ("epoch_1000" after "epoch_999") still sorts in order.
        """
        found = _LABEL.fullmatch(label)
        if not found:
            return None
        if label == "final":
            return (math.inf,)
        return tuple(int(number) for number in found.groups() if number is not None)


_LABEL = re.compile(r"epoch_(\d+)(?:_batch_(\d+))?|step_(\d+)|final")
