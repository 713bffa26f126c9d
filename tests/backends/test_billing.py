"""Which jobs may have been billed (what the spend totals count): an edit that did not run
costs nothing; one that may have run is counted, withheld images included."""

from __future__ import annotations

import requests

from ideogram_studio.backends.billing import may_be_billed
from ideogram_studio.backends.outcome import Cancelled, EditError, ErrorKind
from ideogram_studio.backends.request import RequestError


def test_jobs_that_did_not_run_are_not_billed_and_the_others_may_be() -> None:
    def refused(status: int) -> EditError:
        return EditError("refused", ErrorKind.REFUSED, status=status)

    for status in (400, 401, 402, 403, 404, 422, 429, 503):
        assert not may_be_billed(refused(status), sent=True), status
    assert not may_be_billed(EditError("no connection", not_run=True), sent=True)
    assert not may_be_billed(RequestError("a reference image is gone"), sent=True)
    assert not may_be_billed(None, sent=False)  # the local backend, or never handed over
    assert not may_be_billed(Cancelled(), sent=False)  # cancelled before it was sent

    assert may_be_billed(None, sent=True)  # an answer came back, withheld images included
    assert may_be_billed(EditError("HTTP 500", status=500), sent=True)
    assert may_be_billed(EditError("no answer within 120 s"), sent=True)  # a timeout
    assert may_be_billed(EditError("not JSON", status=200), sent=True)
    assert may_be_billed(Cancelled(), sent=True)  # discarded while the server worked
    assert may_be_billed(KeyboardInterrupt(), sent=True)
    assert may_be_billed(requests.ConnectionError("reset"), sent=True)
