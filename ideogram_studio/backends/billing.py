"""Whether a job may have been billed: the rule the spend totals (jobs/spend.py) count by.

Ideogram bills every image of an edit it ran, withheld ones included. An edit it did not run
costs nothing: one the server refused with a 4xx answer (invalid, no credit, the safety check,
too much in flight) or a 503 (not run: try again), one whose request never left (no
connection, a certificate refused, a request that was refused before sending), and one stopped
before it was handed to the backend. Everything else may have been billed and is counted: an
answer came back, or the request may have left without an answer that says it was refused (a
timeout, a connection broken on the way, a 500, a cancel while the server was working, a job
interrupted by a crash). Counting a doubtful job keeps the daily limit on the safe side.
"""

from __future__ import annotations

from ideogram_studio.backends.outcome import Cancelled, EditError
from ideogram_studio.errors import StudioError

NOT_RUN_STATUSES = (503,)  # besides every 4xx: the server said it did not run the work


def refused_unrun(status: int | None) -> bool:
    """True for an answer whose status says the edit did not run (a 4xx, a 503)."""
    return status is not None and (400 <= status < 500 or status in NOT_RUN_STATUSES)


def may_be_billed(error: BaseException | None, *, sent: bool) -> bool:
    """Whether a job that ended with `error` (None: an answer came back) may have been billed.
    `sent`: the request was handed to a backend that bills (the cancel token's `billable`)."""
    if not sent:
        return False
    if error is None:
        return True
    if isinstance(error, EditError):
        return not (error.not_run or refused_unrun(error.status))
    if isinstance(error, Cancelled | KeyboardInterrupt):
        return True  # stopped while the request may have been out
    # Any other StudioError refused it before sending (a reference image gone, a bad path);
    # a bug or a failure nobody foresaw may have come after the request left.
    return not isinstance(error, StudioError)
