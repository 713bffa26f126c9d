"""Running a batch (backends/batch.py): each photo through `service.run_job`, a few at once
within the images in flight, its ledger written before each request and after each end, the
history's group kept current. The CLI runs it directly; the window on a QThread
(batch_worker.py). No Qt here.

What a re-run or a resume does with a photo the ledger knows:
- saved, its files still there: skipped;
- sent, and its answer is in the history but not saved: fetched again from the recorded links
  (refetch.fetch_job), never sent again;
- sent with no answer, or failed after it may have been billed: not sent again, listed as
  failed with a sentence, unless `resend_unanswered` (the CLI's --resend-unanswered);
- failed before anything was billed (refused, unreadable, a bad mask): tried again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ideogram_studio.backends.batch import (
    BatchControl,
    BatchProgress,
    BatchSpec,
    ImageSlots,
    photos_at_once,
    time_left,
)
from ideogram_studio.backends.batch_ledger import FAILED, SAVED, SENDING, Entry, Ledger
from ideogram_studio.backends.outcome import Cancelled, CancelToken, conclude
from ideogram_studio.backends.providers import Provider
from ideogram_studio.backends.region_upscale import edit_upscales
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.service import JobSpec, run_job
from ideogram_studio.backends.settings import ProviderSettings
from ideogram_studio.backends.storage import Job, ResultStore
from ideogram_studio.core.photo import read_photo
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate
from ideogram_studio.jobs.archive import JobArchive
from ideogram_studio.jobs.refetch import fetch_job

log = logging.getLogger(__name__)

# How a photo of the batch stands, as the summary lists it.
SKIPPED = "skipped"  # saved by an earlier run


@dataclass
class PhotoResult:
    photo: Path
    state: str  # "saved", "failed", "skipped"
    paths: list[str] = field(default_factory=list)
    error: str | None = None
    job: str | None = None
    fetched: bool = False  # its images came from the recorded links (no new request)


@dataclass
class BatchReport:
    results: list[PhotoResult]
    ledger: Path
    group_id: int | None
    cancelled: bool = False

    @property
    def failed(self) -> list[PhotoResult]:
        return [r for r in self.results if r.state == FAILED]

    @property
    def left(self) -> int:
        return sum(1 for r in self.results if r.state not in (SAVED, FAILED, SKIPPED))


def unanswered(photo: Path) -> str:
    return translate(
        "Batch",
        "{photo} was sent but its answer never came, so it may have been billed; it is not "
        "sent again (give --resend-unanswered to send it on purpose).",
    ).format(photo=photo.name)


class BatchRun:
    """One run of a batch: `run()` blocks until every photo is saved, failed or left (cancel)."""

    def __init__(
        self,
        spec: BatchSpec,
        *,
        provider: Provider,
        api_key: str | None,
        store: ResultStore,
        history: JobArchive | None,
        settings: ProviderSettings,
        control: BatchControl | None = None,
        slots: ImageSlots | None = None,
        resend_unanswered: bool = False,
        group_id: int | None = None,
        unanswered_sentence: Callable[[Path], str] = unanswered,
        on_progress: Callable[[BatchProgress], None] = lambda progress: None,
        on_photo: Callable[[PhotoResult], None] = lambda result: None,
    ) -> None:
        self.spec, self.provider, self.api_key = spec, provider, api_key
        self.store, self.history, self.settings = store, history, settings
        self.control = control or BatchControl()
        self.slots = slots or ImageSlots(settings.images_in_flight)
        self.resend_unanswered = resend_unanswered
        # The CLI names its flag; the window names its own button.
        self.unanswered_sentence = unanswered_sentence
        self.on_progress, self.on_photo = on_progress, on_photo
        self.ledger = Ledger.open(spec.out, spec.fingerprint(), spec.describe())
        # Resumed from History: that group, unless the ledger names one of its own.
        self._group_id = group_id
        self.results: dict[Path, PhotoResult] = {}
        self._lock = threading.Lock()
        self._running = 0
        self._started = time.monotonic()
        self._finished_here = 0  # photos ended by this run (the pace of time left)
        self._tokens: set[CancelToken] = set()
        self._at_server: set[Path] = set()  # sent, not answered yet: not counted as spent
        self._todo: list[Path] | None = None
        self._threads: list[threading.Thread] = []
        self.control.on_abandon.append(self._abandon_all)

    # ------------------------------------------------------------------ planning

    def plan(self) -> list[Path]:
        """The photos this run sends or fetches; those settled already are in `results`."""
        if self._todo is not None:
            return list(self._todo)
        todo = []
        for photo in self.spec.photos:
            entry = self.ledger.entry(photo)
            if entry is None:
                todo.append(photo)
            elif entry.state == SAVED and entry.files_there():
                self.results[photo] = PhotoResult(photo, SKIPPED, entry.paths, job=entry.job)
            elif entry.state == SENDING or (entry.state == FAILED and entry.billed):
                settled = self._after_sending(photo, entry)
                if settled is None:
                    todo.append(photo)
                else:
                    self.results[photo] = settled
            else:  # saved but its files are gone, or failed unbilled: tried again
                todo.append(photo)
        self._todo = todo
        return list(todo)

    def _after_sending(self, photo: Path, entry: Entry) -> PhotoResult | None:
        """A photo sent by an earlier run: saved meanwhile, to fetch, or not to send again
        (None: it will be sent, or fetched by `_fetch`)."""
        row = self.history.find(entry.job) if self.history and entry.job else None
        if row is not None:
            saved = [str(r.path) for r in row.results if r.path and Path(r.path).is_file()]
            if JobArchive.unsaved(row):
                return None  # fetched again when its turn comes
            if saved and row.state != "running":
                result = PhotoResult(photo, SAVED, saved, job=entry.job)
                self.ledger.record(photo, replace(entry, state=SAVED, paths=saved))
                return result
        if self.resend_unanswered:
            return None
        failed_before = entry.state == FAILED and entry.error
        error = entry.error if failed_before else self.unanswered_sentence(photo)
        return PhotoResult(photo, FAILED, error=error, job=entry.job)

    def settled_failures(self) -> list[PhotoResult]:
        """The photos `plan` settled as failed: sent before without an answer (they may have
        been billed), not sent again unless `resend_unanswered`."""
        self.plan()
        with self._lock:
            return [r for r in self.results.values() if r.state == FAILED]

    # ------------------------------------------------------------------ running

    def run(self) -> BatchReport:
        self.start()
        return self.wait()

    def start(self) -> None:
        """Start the photos' threads (`wait` for the report)."""
        todo = self.plan()
        self._start_group()
        self._tell()
        pending = list(todo)
        self._threads = [
            threading.Thread(target=self._work, args=(pending,), name=f"batch-{i}", daemon=True)
            for i in range(min(len(todo), photos_at_once(self.spec.options, self.slots.limit)))
        ]
        for thread in self._threads:
            thread.start()

    def wait(self) -> BatchReport:
        """Until every started photo ended (Ctrl+C can interrupt it and wait again)."""
        for thread in self._threads:
            while thread.is_alive():  # a join with a timeout lets Ctrl+C reach this thread
                thread.join(0.2)
        self._keep_group_state()
        ordered = [self.results.get(p) or PhotoResult(p, "left") for p in self.spec.photos]
        return BatchReport(ordered, self.ledger.file, self.ledger.group_id, self.control.cancelled)

    def _work(self, pending: list[Path]) -> None:
        while self.control.wait_while_paused():
            with self._lock:
                if not pending:
                    return
                photo = pending.pop(0)
                ticket = self.slots.ticket()  # sent in the batch's order
            try:
                result = self._one(photo, ticket)
            except Cancelled:  # abandoned (a quit, Ctrl+C): the ledger resumes it
                return
            finally:
                self.slots.drop(ticket)  # served already, unless it was never sent
            if result is None:  # cancelled before it was sent: it stays for the next run
                continue
            with self._lock:
                self.results[photo] = result
                self._finished_here += 1
            self._keep_group_state()
            try:
                self.on_photo(result)
            except Exception:  # a closed pipe must not stop this thread's photos
                log.warning("a batch photo's end could not be shown", exc_info=True)
            self._tell()

    def answer_to_fetch(self, photo: Path) -> tuple[Entry, object] | None:
        """The ledger's entry and the history's row of a photo whose answer came but was not
        saved: fetched again from its links, not sent (None otherwise)."""
        entry = self.ledger.entry(photo)
        if entry is not None and entry.state in (SENDING, FAILED) and entry.job:
            row = self.history.find(entry.job) if self.history else None
            if row is not None and JobArchive.unsaved(row):
                return entry, row
        return None

    def _one(self, photo: Path, ticket: int) -> PhotoResult | None:
        answered = self.answer_to_fetch(photo)
        if answered is not None:
            return self._fetch(photo, *answered)
        try:
            request, estimate = self._request(photo)
        except StudioError as error:
            self._record(photo, Entry(FAILED, error=error.message))
            return PhotoResult(photo, FAILED, error=error.message)
        except (OSError, MemoryError, ValueError) as error:  # nothing was sent: tried again
            log.warning("batch photo %s could not be prepared", photo, exc_info=True)
            message = translate("Batch", "{photo} could not be read ({reason}).").format(
                photo=photo.name, reason=getattr(error, "strerror", None) or type(error).__name__
            )
            self._record(photo, Entry(FAILED, error=message))
            return PhotoResult(photo, FAILED, error=message)
        images = max(1, request.options.num_images)
        token = CancelToken()
        # Its places are taken just before the request leaves (the crop, the upload and the
        # history's records are made meanwhile, while the photos before it are at the server)
        # and given back once the answer came (downloading and saving take none there).
        held = [0]

        def place() -> bool:
            if not self.slots.take(images, self.control, ticket):
                return False
            with self._lock:
                held[0] = images
                self._running += 1
                self._tokens.add(token)
                self._at_server.add(photo)
            self._tell()
            return True

        def give_back() -> None:
            with self._lock:
                count, held[0] = held[0], 0
                self._at_server.discard(photo)
            if count:
                self.slots.give(count)

        try:
            return self._send(photo, request, estimate, token, place, give_back)
        finally:
            with self._lock:
                if token in self._tokens:
                    self._running -= 1
                    self._tokens.discard(token)
            give_back()

    def _request(self, photo: Path) -> tuple[EditRequest, float | None]:
        read = read_photo(photo)
        mask = self.spec.mask.mask_for(photo, read.width, read.height)
        options = self.spec.options_for(read.width, read.height)
        request = EditRequest(read.pixels, mask, options, read.info, origin=photo)
        estimate = self.settings.estimate_edit(
            options, self.provider.kind, upscales=edit_upscales(request, self.provider)
        )
        return request, estimate.known

    def _send(
        self,
        photo: Path,
        request: EditRequest,
        estimate: float | None,
        token: CancelToken,
        place: Callable[[], bool],
        answered: Callable[[], None],
    ) -> PhotoResult | None:
        job_spec = JobSpec(
            request,
            self.provider,
            self.api_key,
            photo.name,
            estimate=estimate,
            group_id=self.ledger.group_id,
            group_place={"photo": str(photo)},
        )
        recorder = _LedgerRecorder(
            self.history, self.ledger, photo, estimate, token, place, answered
        )
        try:
            job, outcome = run_job(job_spec, self.store, cancel=token, recorder=recorder)
        except BaseException as error:
            if recorder.unplaced:  # cancelled before its turn: nothing left, nothing billed
                self._never_sent(photo, recorder.history_id)
                return None
            if recorder.problem:
                self._record(photo, Entry(FAILED, error=recorder.problem))
                return PhotoResult(photo, FAILED, error=recorder.problem)
            if isinstance(error, Cancelled) and self.control.abandoned:
                raise  # the app quits: the ledger's "sending" resumes it
            if not isinstance(error, StudioError | Cancelled):
                log.exception("batch photo %s failed", photo)
            verdict = conclude(error=error, api_key=self.api_key)
            billed = bool(recorder.job and recorder.job.billed)
            key = recorder.job.id if recorder.job else None
            message = verdict.message
            self._record(
                photo,
                Entry(
                    FAILED,
                    key,
                    recorder.history_id,
                    error=message,
                    billed=billed,
                    estimate=estimate,
                ),
            )
            return PhotoResult(photo, FAILED, error=f"{photo.name}: {message}", job=key)
        saved = [str(item.path) for item in outcome.saved if item.path]
        verdict = conclude(outcome)
        if saved:
            self._record(
                photo,
                Entry(SAVED, job.id, recorder.history_id, saved, estimate=estimate, billed=True),
            )
            return PhotoResult(photo, SAVED, saved, job=job.id)
        message = verdict.message
        self._record(
            photo,
            Entry(
                FAILED,
                job.id,
                recorder.history_id,
                error=message,
                billed=bool(job.billed),
                estimate=estimate,
            ),
        )
        return PhotoResult(photo, FAILED, error=f"{photo.name}: {message}", job=job.id)

    def _never_sent(self, photo: Path, history_id: int | None) -> None:
        """A photo stopped before its request left: as if it had not been started."""
        try:
            self.ledger.forget(photo)
        except OSError:  # its "sending" stays: a re-run does not send it without asking
            log.warning("the batch ledger could not be written", exc_info=True)
        if self.history is not None and history_id is not None:
            try:
                self.history.delete_job(history_id)
            except Exception:
                log.warning("a batch job never sent stays in the history", exc_info=True)

    def _fetch(self, photo: Path, entry: Entry, row: object) -> PhotoResult:
        """Download again the answer a killed run recorded: no request is sent."""
        try:
            fetched = fetch_job(row, self.history, out=self.store.folder)  # type: ignore[arg-type]
        except OSError as error:
            message = translate("Batch", "{photo}: its images could not be saved ({reason}).")
            message = message.format(photo=photo.name, reason=error.strerror or error)
            self._record(photo, replace(entry, state=FAILED, error=message, billed=True))
            return PhotoResult(photo, FAILED, error=message, job=entry.job)
        row = self.history.find(entry.job or "") if self.history else None
        saved = [str(r.path) for r in (row.results if row else []) if r.path]
        saved += [str(f.path) for f in fetched if f.path and str(f.path) not in saved]
        if saved:
            self._record(photo, replace(entry, state=SAVED, paths=saved, error=None, billed=True))
            return PhotoResult(photo, SAVED, saved, job=entry.job, fetched=True)
        reasons = "; ".join(f.error for f in fetched if f.error) or ""
        message = translate(
            "Batch", "{photo}: its answer could not be fetched again ({reasons})."
        ).format(photo=photo.name, reasons=reasons)
        self._record(photo, replace(entry, state=FAILED, error=message, billed=True))
        return PhotoResult(photo, FAILED, error=message, job=entry.job)

    def _record(self, photo: Path, entry: Entry) -> None:
        try:
            self.ledger.record(photo, entry)
        except OSError:  # the run goes on; a re-run knows less (the history still knows)
            log.warning("the batch ledger could not be written", exc_info=True)

    def _abandon_all(self) -> None:
        with self._lock:
            tokens = list(self._tokens)
        for token in tokens:
            token.abandon()

    # ------------------------------------------------------------------ reporting

    def progress(self) -> BatchProgress:
        with self._lock:
            results = list(self.results.values())
            running, finished = self._running, self._finished_here
        done = sum(1 for r in results if r.state in (SAVED, SKIPPED))
        failed = sum(1 for r in results if r.state == FAILED)
        total = len(self.spec.photos)
        with self._lock:
            away = set(self._at_server)
        spent, unknown, at_server = self.ledger.spent(apart=away)
        left = max(0, total - done - failed)
        return BatchProgress(
            total,
            done,
            failed,
            running,
            spent,
            unknown,
            time_left(self._started, time.monotonic(), finished, left),
            paused=self.control.paused,
            stopping=self.control.cancelled,
            at_server=at_server,
        )

    def _tell(self) -> None:
        try:
            self.on_progress(self.progress())
        except Exception:  # the caller's trouble (a closed pipe) must not stop the batch
            log.warning("the batch's progress could not be shown", exc_info=True)

    def _start_group(self) -> None:
        if self.history is None:
            return
        try:
            resumed = self._group_id
            if self.ledger.group_id is None and resumed and self.history.group(resumed):
                self.ledger.set_group(resumed)
            if self.ledger.group_id is None or self.history.group(self.ledger.group_id) is None:
                group = self.history.start_group("batch", self.spec.title(), self.spec.describe())
                self.ledger.set_group(group)
        except Exception:  # the batch runs without its history group
            log.warning("the batch's history group could not be started", exc_info=True)

    def _keep_group_state(self) -> None:
        if self.history is None or self.ledger.group_id is None:
            return
        progress = self.progress()
        state = {
            "done": progress.done,
            "failed": progress.failed,
            "left": progress.left,
            "finished": progress.left == 0,
            "cancelled": self.control.cancelled,
            "ledger": str(self.ledger.file),
        }
        try:
            self.history.set_group_state(self.ledger.group_id, state)
        except Exception:
            log.warning("the batch's history group could not be updated", exc_info=True)


class _LedgerRecorder:
    """The history's recorder, with the ledger written first at each job's start: its photo
    is "sending" with its job key before the request leaves. A ledger that cannot be written
    cancels the job before it is sent (`problem` says why)."""

    def __init__(
        self,
        history: JobArchive | None,
        ledger: Ledger,
        photo: Path,
        estimate: float | None,
        token: CancelToken,
        place: Callable[[], bool],
        answered: Callable[[], None],
    ) -> None:
        self.history, self.ledger, self.photo = history, ledger, photo
        self.estimate, self.token = estimate, token
        self.place, self.answered = place, answered
        self.unplaced = False  # cancelled while it waited for its places: never sent
        self.job: Job | None = None
        self.history_id: int | None = None
        self.problem: str | None = None

    def job_started(self, job: Job, **kwargs: object) -> None:
        self.job = job
        if self.history is not None:
            try:
                self.history.job_started(job, **kwargs)  # type: ignore[arg-type]
                row = self.history.find(job.id)
                self.history_id = row.id if row else None
            except Exception:  # the ledger still knows it: a re-run never sends it twice
                log.warning("the history could not record a batch photo", exc_info=True)
        if not self.place():  # waits for its turn among the images in flight
            self.unplaced = True
            self.token.cancel()  # run_edit checks it just before the request leaves
            return
        try:  # its turn came: "sending" now (a crash while it waited left nothing sent)
            entry = Entry(SENDING, job.id, self.history_id, estimate=self.estimate)
            self.ledger.record(self.photo, entry)
        except OSError as error:
            self.problem = translate(
                "Batch",
                "{photo} was not sent: the batch's ledger {ledger} cannot be written ({reason}).",
            ).format(photo=self.photo.name, ledger=self.ledger.file, reason=error.strerror)
            self.token.cancel()

    def answer_received(self, job: Job, items: object) -> None:
        try:
            if self.history is not None:
                self.history.answer_received(job, items)  # type: ignore[arg-type]
        finally:
            self.answered()

    def result_saved(self, job: Job, item: object) -> None:
        if self.history is not None:
            self.history.result_saved(job, item)  # type: ignore[arg-type]

    def job_ended(
        self, job: Job, state: str, error: str | None = None, others: object = ()
    ) -> None:
        if self.history is not None:
            self.history.job_ended(job, state, error, others)  # type: ignore[arg-type]
