"""Put a run's losses beside what the original notebook printed.

python -m tf2gan.compare --run_dir=DIR [--band=RUN,RUN,...] writes
DIR/compare.png and DIR/compare.md and says in one line whether the run is
in the original's regime. Both are placed on one axis, optimiser
iterations, and shown with the original's sign convention (000 printed its
losses before negating them).

How it works, and why: tf2gan/studies/compare.py.
"""

from __future__ import annotations

import os
from typing import Sequence

from absl import flags

from tf2gan.base.errors import UsageError
from tf2gan.base.files import write_atomically
from tf2gan.studies.compare import (FIXED_BAND, Band, compare, markdown, plot,
                                    read_scalars, verdict)


def main(argv: Sequence[str]) -> None:
    del argv
    from tf2gan.originals.printed import printed_losses
    from tf2gan.run import run_dir

    args = flags.FLAGS
    variant = run_dir.read_config(args.run_dir)["variant"]["name"]
    scalars = read_scalars(args.run_dir)
    comparison = compare(variant, scalars)
    band, originals = FIXED_BAND, []
    if args.band:
        for other in args.band:
            config = run_dir.read_config(other)
            # Runs before --impl=original was the flag's name recorded "tf1".
            if config["variant"]["name"] != variant or config.get("impl") not in ("original",
                                                                                  "tf1"):
                raise UsageError(f"--band: {other} is not a run of {variant}'s original "
                                 "(--impl=original)")
            originals.append(read_scalars(other))
        band = Band.of([(c.d_ratio, c.g_ratio) for c in
                        (compare(variant, theirs) for theirs in originals)])
    out_dir = args.out_dir or args.run_dir
    try:
        os.makedirs(out_dir, exist_ok=True)
        write_atomically(os.path.join(out_dir, "compare.png"),
                         plot(comparison, scalars, printed_losses(variant).sign, originals))
        write_atomically(os.path.join(out_dir, "compare.md"),
                         markdown(comparison, printed_losses(variant).label)
                         + "\n" + verdict(comparison, band) + "\n")
    except OSError as e:
        raise UsageError(f"cannot write to {out_dir}: {e.strerror or e}") from None
    print(verdict(comparison, band))


def define_flags() -> None:
    flags.DEFINE_string("run_dir", None, "The run to compare with its original.", required=True)
    flags.DEFINE_list("band", [], "Runs of the original (--impl=original) with other seeds: the "
                      "regime is the band they and the notebook span.")
    flags.DEFINE_string("out_dir", None,
                        "Where compare.png and compare.md go (default: --run_dir).")

