"""One training process: its settings, loop, reporter, checkpoints, run directory, pictures and signals."""
