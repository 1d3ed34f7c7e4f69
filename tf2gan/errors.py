"""The one error type that reaches the user as a single line."""


class UsageError(Exception):
    """Bad input from the user: printed as one line on stderr, exit status 2."""
