"""What a run writes that the next iteration does not need, written on a thread of its own.

matplotlib takes about a quarter of a second to draw a picture and encode
it as a PNG; the file and TensorBoard's copy of it take more. Done on the
training thread, that time is taken from training every time a tutorial
draws. So the training thread computes only what depends on the weights of
the moment (G's outputs for a picture, a copy of the weights for a
histogram), which the next span changes, and hands the numbers to this
worker as a job: drawing, encoding, writing the PNG and the summaries. Jobs
run one at a time, in the order they were handed over.

Nothing is dropped: at most PENDING jobs wait, and a training thread that
hands over one more waits for room. A job that fails (a full disk, a
matplotlib error) is not retried, and the jobs after it are skipped: its
error is raised on the training thread at the next hand-over or check, or
when the run waits at its end, and tf2gan.cli makes it one line. However a
run ends, it first waits for the jobs it has handed over.

tf.summary's file writers may be written from several threads, but the
default writer is per thread: a job opens `writer.as_default()` itself.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable

# Jobs that may wait for the worker before the training thread waits too:
# two pictures' worth of G's outputs is little memory.
PENDING = 2

Job = Callable[[], None]


class Background:
    """One worker thread running jobs in order; see the module docstring."""

    def __init__(self, pending: int = PENDING) -> None:
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=pending)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="tf2gan-background",
                                        daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Hand `job` over, waiting while PENDING jobs wait; first raise an
        earlier job's failure."""
        self.check()
        self._jobs.put(job)

    def check(self) -> None:
        """Raise the failure of a job handed over earlier, if one failed."""
        if self._failure is not None:
            raise self._failure

    def wait(self) -> None:
        """Return when every job handed over has run; raise a failure among them."""
        self._jobs.join()
        self.check()

    def close(self) -> None:
        """Wait for the jobs handed over, without raising, and end the worker.

        For a run that is ending anyway: an error already on its way out is
        the one the user sees.
        """
        self._jobs.put(None)
        self._thread.join()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._failure is None:
                    job()
            except BaseException as e:  # noqa: BLE001 - raised again on the training thread
                self._failure = e
            finally:
                self._jobs.task_done()
