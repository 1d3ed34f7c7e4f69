"""Studies of the variants against their originals: parity, speed, notebook losses, fidelity over seeds."""
