"""The errors that reach the user as a single line."""


class UsageError(Exception):
    """Bad input from the user: printed as one line on stderr, exit status 2."""


class RunError(Exception):
    """A run that cannot go on (a non-finite loss, a full disk): printed as one
    line on stderr, exit status 1, with what was saved left in place."""


class Interrupted(Exception):
    """A run stopped by SIGINT or SIGTERM after saving: the message goes to
    stderr and the exit status is 128 + the signal's number, as shells expect."""

    def __init__(self, signum: int, message: str) -> None:
        super().__init__(message)
        self.signum = signum


def first_line(error: BaseException) -> str:
    """An exception's message cut to its first line, for a one-line report:
    TensorFlow's and protobuf's messages run over many lines."""
    text = str(getattr(error, "message", error)).strip() or type(error).__name__
    return text.splitlines()[0]
