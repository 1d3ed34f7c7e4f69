"""What every layer may use: the errors that reach the user as one line, whole-file writes, random keys."""
