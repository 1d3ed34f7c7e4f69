"""What every layer may use: the errors that reach the user as one line, whole-file writes and locks, sizes checked against memory, children that end with their parent, random keys."""
